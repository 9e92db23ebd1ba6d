"""The wallet card to fill in: labelled write-on lines with room for handwriting, every locale."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.build import Builder, Piece
from cardgen.drawing import FillRect, ShapedLine
from cardgen.products.fill_in import FILL_IN, LABELS, LINE_WEIGHT
from cardgen.sizes import MM, SIZES

BUILDER = Builder()
LOCALES = BUILDER.content.locale_codes()


def _write_on_lines(side) -> list[FillRect]:
    return [op for op in side.ops if isinstance(op, FillRect) and op.color == "ink" and op.height < 1]


def _check_back(back) -> None:
    lines = _write_on_lines(back)
    assert len(lines) == 5  # two rows of name and phone, and the A-number
    assert all(line.height >= 0.25 and line.width >= 25 * MM for line in lines)
    rows = sorted({round(line.y, 2) for line in lines}, reverse=True)
    assert len(rows) == 3
    assert all(upper - lower >= 7 * MM - 1e-6 for upper, lower in zip(rows, rows[1:]))
    texts = [op.text for op in back.ops if isinstance(op, ShapedLine)]
    for label in set(LABELS.values()):
        assert label in texts
    # each label sits above its own line, with room to write between them
    label_bottoms = [min(run.y for run in op.runs) for op in back.ops if isinstance(op, ShapedLine) and op.text in LABELS.values()]
    for row in rows:
        above = [y - row for y in label_bottoms if y > row]
        assert min(above) >= 5 * MM


def test_locales_are_all_there():
    assert len(LOCALES) == 32


@pytest.mark.parametrize("code", LOCALES)
def test_blank_card_has_labelled_lines(code):
    front, back = BUILDER.sides(Piece(FILL_IN, code, "us-business"))
    wallet_front = BUILDER.sides(Piece("wallet-card", code, "us-business"))[0]
    assert front == wallet_front  # the rights in the holder's language, unchanged
    _check_back(back)


@pytest.mark.parametrize("size", [s.name for s in SIZES if s.takes("card")])
def test_every_card_size(size):
    _check_back(BUILDER.sides(Piece(FILL_IN, "es", size))[1])


def test_printed_labels_and_weight():
    pdf = BUILDER.pdf(Piece(FILL_IN, "es", "us-business"))
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 2
    text = document[1].get_textpage().get_text_range()
    for label in LABELS.values():
        assert label in text
    assert "DRAFT, not reviewed" in text  # the front is an unreviewed translation
    assert LINE_WEIGHT >= 0.25


def test_in_the_catalogue():
    assert any(piece.product == FILL_IN for piece in BUILDER.catalogue())

"""The wallet card to fill in: labelled write-on lines with room for handwriting, every locale."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.build import Builder, Piece
from cardgen.drawing import FillRect, ShapedLine
from cardgen.products.fill_in import FILL_IN, LABELS, LINE_WEIGHT, SEPARATOR
from cardgen.sizes import MM, SIZES

BUILDER = Builder()
LOCALES = BUILDER.content.locale_codes()


def _write_on_lines(side) -> list[FillRect]:
    return [op for op in side.ops if isinstance(op, FillRect) and op.color == "ink" and op.height < 1]


def _labels(code: str) -> dict[str, str]:
    """column -> the label's words in the holder's language, as content gives them."""
    text = BUILDER.content.family(code, "wallet-card")
    return {column: text[key] for column, key in LABELS.items()}


def _plain(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\u200f", "").replace("\u202a", "").replace("\u202c", "")


def _check_back(back, code: str = "es") -> None:
    lines = _write_on_lines(back)
    assert len(lines) == 5  # two rows of name and phone, and the A-number
    assert all(line.height >= 0.25 and line.width >= 25 * MM for line in lines)
    rows = sorted({round(line.y, 2) for line in lines}, reverse=True)
    assert len(rows) == 3
    assert all(upper - lower >= 7 * MM - 1e-6 for upper, lower in zip(rows, rows[1:]))
    texts = [_plain(op.text) for op in back.ops if isinstance(op, ShapedLine)]
    labels = _labels(code)
    # every label in the holder's language, each on one line of its own
    label_lines = [t for t in texts if any(t == own or t.startswith(own + SEPARATOR) for own in labels.values())]
    assert len(label_lines) == 5, texts
    title = BUILDER.content.family(code, "wallet-card")["fill_in.title"]
    assert title in texts
    # each label sits above its own line, with room to write between them
    label_bottoms = [min(run.y for run in op.runs) for op in back.ops if isinstance(op, ShapedLine) and _plain(op.text) in label_lines]
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
    _check_back(back, code)


@pytest.mark.parametrize("size", [s.name for s in SIZES if s.takes("card")])
def test_every_card_size(size):
    _check_back(BUILDER.sides(Piece(FILL_IN, "es", size))[1])


def test_printed_labels_and_weight():
    pdf = BUILDER.pdf(Piece(FILL_IN, "es", "us-business"))
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 2
    text = document[1].get_textpage().get_text_range()
    assert "Números importantes" in text
    for own, english in [("Contacto de emergencia", "Emergency contact"), ("Abogado o ayuda legal", "Lawyer or legal aid"), ("Número A", "A-number"), ("Teléfono", "Phone")]:
        assert f"{own} · {english}" in text  # the holder's words, and the English beside them
    assert "DRAFT, not reviewed" in text  # the front is an unreviewed translation
    assert LINE_WEIGHT >= 0.25


def test_english_card_has_one_label_each():
    back = BUILDER.sides(Piece(FILL_IN, "en", "us-business"))[1]
    texts = [op.text for op in back.ops if isinstance(op, ShapedLine)]
    assert "Important numbers" in texts and "Emergency contact" in texts and "A-number" in texts
    labels = set(_labels("en").values())
    assert sorted(t for t in texts if any(t.startswith(label) for label in labels)) == sorted(_labels("en").values())


def _label_line(back, own: str) -> ShapedLine:
    return next(op for op in back.ops if isinstance(op, ShapedLine) and _plain(op.text).startswith(own))


@pytest.mark.parametrize("code", ["ar", "fa", "ur"])
def test_right_to_left_rows_start_at_the_right(code):
    """On a right-to-left card the row reads from the right: the contact's line there, its
    phone at the left, and each label at its line's right end."""
    back = BUILDER.sides(Piece(FILL_IN, code, "us-business"))[1]
    labels = _labels(code)
    contact, phone = _label_line(back, labels["emergency_contact"]), _label_line(back, labels["emergency_phone"])
    assert min(r.x for r in contact.runs) > max(r.x for r in phone.runs)
    lines = sorted(_write_on_lines(back), key=lambda line: (-line.y, line.x))
    top_row = [line for line in lines if abs(line.y - lines[0].y) < 0.01]
    wide, narrow = max(top_row, key=lambda line: line.width), min(top_row, key=lambda line: line.width)
    assert wide.x > narrow.x
    assert abs(wide.x + wide.width - max(r.x + r.width for r in contact.runs)) < 2


def test_label_without_its_english_where_the_line_is_short():
    """A label whose English would not fit on its line prints in the holder's language alone."""
    back = BUILDER.sides(Piece(FILL_IN, "hmn", "us-business"))[1]
    texts = [_plain(op.text) for op in back.ops if isinstance(op, ShapedLine)]
    lawyer = _labels("hmn")["lawyer"]
    assert lawyer in texts  # alone: "Kws lij choj ... · Lawyer or legal aid" is wider than its line


def test_in_the_catalogue():
    assert any(piece.product == FILL_IN for piece in BUILDER.catalogue())

"""Door and workplace signs: legible from a distance, scannable, printable at home, every locale."""

from __future__ import annotations

import pytest

from cardgen.build import Builder, Piece
from cardgen.drawing import FillRect, QrSymbol, ShapedLine
from cardgen.qr import QUIET_ZONE
from cardgen.sizes import MM, SIZES
from conftest import decode_qr, read_pdf, render

SIGNS = ("door-sign", "workplace-sign")
PAGE_SIZES = [s.name for s in SIZES if s.kind == "page"]
LOCALES = Builder().content.locale_codes()


def _cap_height_ratio(face) -> float:
    from fontTools.ttLib import TTFont

    from cardgen.resources import fonts_dir

    font = TTFont(fonts_dir() / face.file, lazy=True)
    return font["OS/2"].sCapHeight / font["head"].unitsPerEm


@pytest.mark.parametrize("locale", LOCALES)
def test_door_notice_cap_height_is_at_least_10_mm_on_letter(builder, locale):
    (side,) = builder.sides(Piece("door-sign", locale, "letter"))
    consent = builder.content.family("en", "signs")["door.consent"]
    lines = [op for op in side.ops if isinstance(op, ShapedLine) and op.text and op.text in consent]
    assert lines, "the English notice is missing"
    for line in lines:
        for run in line.runs:
            assert run.size * _cap_height_ratio(run.face) >= 10 * MM, f"{run.size:.1f} pt"


@pytest.mark.parametrize("size", PAGE_SIZES)
@pytest.mark.parametrize("product", SIGNS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_fits_every_page_and_keeps_off_the_edge(builder, product, locale, size):
    (side,) = builder.sides(Piece(product, locale, size))
    edge = 6 * MM
    for op in side.ops:
        if isinstance(op, ShapedLine):
            for run in op.runs:
                assert edge < run.x and run.x + run.width < side.width - edge
                assert edge < run.y < side.height - edge
        elif isinstance(op, (FillRect, QrSymbol)):
            width = op.width if isinstance(op, FillRect) else op.size
            height = op.height if isinstance(op, FillRect) else op.size
            assert op.x >= edge and op.y >= edge
            assert op.x + width <= side.width - edge and op.y + height <= side.height - edge
    # no large areas of ink: every filled rectangle is a thin rule
    for op in side.ops:
        if isinstance(op, FillRect):
            assert min(op.width, op.height) <= 3


@pytest.mark.parametrize("size", PAGE_SIZES)
@pytest.mark.parametrize("product", SIGNS)
def test_qr_is_at_least_30_mm_and_decodes_from_the_page(builder, product, size):
    piece = Piece(product, "es", size)
    (side,) = builder.sides(piece)
    (qr,) = [op for op in side.ops if isinstance(op, QrSymbol)]
    dark = qr.size - 2 * QUIET_ZONE * qr.module
    assert dark >= 30 * MM
    url = builder.content.family("es", "signs").meta.qr_url
    assert decode_qr(render(builder.pdf(piece), 0, dpi=72)) == [url]


def test_sign_pdfs_are_one_page_at_their_size(builder):
    for size in PAGE_SIZES:
        reader = read_pdf(builder.pdf(Piece("door-sign", "fa", size)))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx((SIZES.get(size).width, SIZES.get(size).height), abs=0.01)


def test_english_sign_has_no_translation_and_others_have_both(builder):
    def texts(locale):
        (side,) = builder.sides(Piece("door-sign", locale, "letter"))
        return " ".join(op.text for op in side.ops if isinstance(op, ShapedLine))

    english = builder.content.family("en", "signs")
    spanish = builder.content.family("es", "signs")
    assert english["door.heading"] in texts("en") and spanish["door.heading"] not in texts("en")
    both = texts("es")
    assert english["door.heading"] in both and spanish["door.heading"] in both


def test_right_to_left_signs_put_the_qr_code_on_the_left(builder):
    for locale, left in (("ar", True), ("es", False)):
        (side,) = builder.sides(Piece("workplace-sign", locale, "letter"))
        (qr,) = [op for op in side.ops if isinstance(op, QrSymbol)]
        assert (qr.x + qr.size / 2 < side.width / 2) == left


def test_workplace_sign_leaves_a_line_to_write_the_contact_on(builder):
    (side,) = builder.sides(Piece("workplace-sign", "en", "letter"))
    rules = [op for op in side.ops if isinstance(op, FillRect) and op.color == "ink"]
    assert len(rules) == 1 and rules[0].width > 200


def test_signs_refuse_card_sizes(runner, tmp_path):
    from cardgen.cli import main

    result = runner.invoke(main, ["build", "-p", "door-sign", "-l", "es", "-s", "cr80", "-o", str(tmp_path)])
    assert result.exit_code == 2  # a size that is not for the product: a bad name, exit 2
    assert "size 'cr80' is not for a door-sign. Choose one of: letter, a4, half-letter." in result.output

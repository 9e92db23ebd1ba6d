"""The folding card: every locale's rights beside their pictograms inside at 7 pt or more, the
same size on both panels; the cover's pictograms; nothing on or near the fold; the back cover's
statement in English with a readable QR code; mirrored for right-to-left languages; fold marks
where it is cut and folded."""

from __future__ import annotations

import pytest

from cardgen.build import Builder
from cardgen.drawing import FillRect, QrSymbol, Shape, ShapedLine, Side
from cardgen.pictograms import for_right
from cardgen.products.wallet_card import BODY_MIN, RIGHTS
from cardgen.sheets.impose import MARK_WIDTH
from cardgen.sizes import MM, SIZES as TRIM_SIZES
from conftest import decode_qr, page_text, read_pdf, render
from test_large_print import _identify

PRODUCT = "fold-card"
SIZES = ("us-business-fold", "eu-business-fold")
PICTOGRAMS = [for_right(key).name for key in RIGHTS if for_right(key)]
_BUILDER = Builder()
LOCALES = _BUILDER.content.locale_codes()
_LAID_OUT: dict = {}


def _sides(builder: Builder, locale: str, size: str = SIZES[0]) -> list[Side]:
    if (locale, size) not in _LAID_OUT:
        _LAID_OUT[(locale, size)] = builder.sides(builder.piece(PRODUCT, locale, size))
    return _LAID_OUT[(locale, size)]


def _extent(op) -> tuple[float, float]:
    """The left and right of what ``op`` draws (a line's glyphs: from each run's pen to its advance)."""
    if isinstance(op, ShapedLine):
        return min(run.x for run in op.runs), max(run.x + run.width for run in op.runs)
    if isinstance(op, Shape):
        xs = op.numbers()[0::2]
        return min(xs), max(xs)
    if isinstance(op, QrSymbol):
        return op.x, op.x + op.size
    return op.x, op.x + op.width


def _panel(op, fold: float) -> int:
    left, right = _extent(op)
    return 0 if right <= fold else 1


def _bullets(side: Side) -> list[FillRect]:
    return [op for op in side.ops if isinstance(op, FillRect) and op.color == "red" and op.width < 10]


def test_all_32_locales_are_in_the_catalogue_and_listed(runner):
    from cardgen.cli import main

    assert len(LOCALES) == 32
    assert {p.locale for p in _BUILDER.catalogue() if p.product == PRODUCT} == set(LOCALES)
    listed = runner.invoke(main, ["list"])
    assert listed.exit_code == 0 and PRODUCT in listed.output and "letter-4up-fold" in listed.output
    assert all(size in listed.output for size in SIZES)


@pytest.mark.parametrize("size", SIZES)
def test_every_locale_has_every_right_beside_its_pictogram_at_7_pt_or_more(builder, size):
    trim = TRIM_SIZES.get(size)
    (fold,) = trim.folds
    smallest = {}
    for locale in LOCALES:
        outside, inside = _sides(builder, locale, size)
        assert (outside.name, inside.name) == ("outside", "inside")
        assert (inside.width, inside.height) == (trim.width, trim.height)
        rtl = builder.content.locale(locale).direction == "rtl"
        bullets = _bullets(inside)
        assert len(bullets) == len(RIGHTS), locale
        lines = [op for op in inside.ops if isinstance(op, ShapedLine)]
        # both panels hold rights, set at one and the same size (Latin inside Nastaliq is
        # scaled to match the Urdu's look, so the size is the largest run's)
        sizes = [max(run.size for op in lines if _panel(op, fold) == panel for run in op.runs) for panel in (0, 1)]
        assert sizes[0] == sizes[1], (locale, sizes)
        smallest[locale] = sizes[0]
        # every pictogram once inside, in the rights' order, read from the first panel on
        shapes = [op for op in inside.ops if isinstance(op, Shape)]
        first_panel = 1 if rtl else 0
        ordered = sorted(shapes, key=lambda s: (_panel(s, fold) != first_panel, -max(s.numbers()[1::2])))
        assert [_identify(s)[0] for s in ordered] == PICTOGRAMS, locale
        # the first right (stay silent) opens the first panel
        lead = builder.content.family(locale, "wallet-card")["front.rights.silent"].split("**")[1]
        top_line = max((op for op in lines if _panel(op, fold) == first_panel), key=lambda op: max(r.y for r in op.runs))
        assert lead.split()[0][:4] in top_line.text, (locale, top_line.text)
        # the cover's row of the six pictograms, in the text's direction
        cover = [op for op in outside.ops if isinstance(op, Shape)]
        assert all(_panel(s, fold) == (0 if rtl else 1) for s in cover), locale
        across = [_identify(s)[0] for s in sorted(cover, key=lambda s: min(s.numbers()[0::2]), reverse=rtl)]
        assert across == PICTOGRAMS, locale
        assert min(_drawn_height(s) for s in cover + shapes) >= 6 * MM - 0.01, locale
    assert min(smallest.values()) >= BODY_MIN, {k: v for k, v in smallest.items() if v < BODY_MIN}
    # the inside gives the rights more room than the wallet card's front: most are above its floor
    assert sum(v > BODY_MIN for v in smallest.values()) > len(LOCALES) / 2


def _drawn_height(shape: Shape) -> float:
    ys = shape.numbers()[1::2]
    return max(ys) - min(ys)


@pytest.mark.parametrize("locale", ["en", "es", "ar", "ur", "my", "km", "zh-Hans", "ja", "hi", "ru"])
@pytest.mark.parametrize("size", SIZES)
def test_nothing_is_drawn_near_the_fold_or_the_trim(builder, locale, size):
    """Each panel keeps the safe margin from the fold as from the trim; only the red bands run
    across it (and, meeting at the same height, leave no edge when the fold is a little off)."""
    trim = TRIM_SIZES.get(size)
    (fold,) = trim.folds
    margin = 3 * MM if trim.metric else 9.0
    for side in _sides(builder, locale, size):
        bands = [op for op in side.ops if isinstance(op, FillRect) and op.color == "red" and op.width > 100]
        for op in side.ops:
            if op in bands:
                continue
            left, right = _extent(op)
            slack = 0.5 if isinstance(op, ShapedLine) else 0.01  # a line's pen may start a side bearing early
            if isinstance(op, QrSymbol):  # its white quiet zone may reach into the margin, not its modules
                quiet = op.module * 4
                left, right = left + quiet, right - quiet
            assert left >= margin - slack and right <= trim.width - margin + slack, (locale, side.name, op)
            assert right <= fold - margin + slack or left >= fold + margin - slack, (locale, side.name, type(op).__name__)
        if side.name == "outside":
            assert len(bands) == 2, locale
            (a, b) = sorted(bands, key=lambda r: r.x)
            assert (a.y, a.height) == (b.y, b.height) and abs(a.x + a.width - b.x) < 1e-6 and a.x == 0
            assert abs(b.x + b.width - trim.width) < 1e-6


@pytest.mark.parametrize("locale, rtl", [("es", False), ("ar", True), ("fa", True)])
def test_the_back_cover_is_the_statement_in_english_with_a_readable_qr_code(builder, locale, rtl):
    piece = builder.piece(PRODUCT, locale)
    pdf = builder.pdf(piece)
    outside = builder.sides(piece)[0]
    (fold,) = TRIM_SIZES.get(piece.size).folds
    (symbol,) = [op for op in outside.ops if isinstance(op, QrSymbol)]
    # the back cover is the left half of the outside, or the right half on a right-to-left card
    assert _panel(symbol, fold) == (1 if rtl else 0)
    assert symbol.module >= 0.4 * MM - 1e-9
    url = builder.content.family(locale, "wallet-card").meta.qr_url
    assert decode_qr(render(pdf, 0, dpi=150)) == [url]
    outside_text = " ".join(page_text(pdf, 0).split())
    assert "I choose to remain silent under the Fifth Amendment" in outside_text
    text = builder.content.family(locale, "wallet-card")
    if not rtl:
        assert text["front.title"] in outside_text
        inside_text = " ".join(page_text(pdf, 1).split())
        for key in RIGHTS:
            assert text[f"front.rights.{key}"].split("**")[1] in inside_text, key


def test_pictograms_stand_beside_their_rights_on_the_side_the_text_starts(builder):
    for locale in ("es", "ar", "my", "ur"):
        inside = _sides(builder, locale)[1]
        (fold,) = TRIM_SIZES.get(SIZES[0]).folds
        rtl = builder.content.locale(locale).direction == "rtl"
        bullets = _bullets(inside)
        for shape in (op for op in inside.ops if isinstance(op, Shape)):
            panel = _panel(shape, fold)
            mine = [b for b in bullets if _panel(b, fold) == panel]
            xs, ys = shape.numbers()[0::2], shape.numbers()[1::2]
            assert any(min(ys) - 0.5 <= b.y <= max(ys) + 0.5 for b in mine), locale
            if rtl:
                assert min(xs) >= max(b.x + b.width for b in mine) - 0.01, locale
            else:
                assert max(xs) <= min(b.x for b in mine) + 0.01, locale


def test_fold_marks_with_bleed_and_on_the_sheet_line_up_front_and_back(builder):
    from cardgen.sheets.impose import PrintOptions, impose
    from cardgen.sheets.templates import SHEETS

    piece = builder.piece(PRODUCT, "es")
    (fold,) = TRIM_SIZES.get(piece.size).folds

    def dashes(page) -> list[float]:
        return sorted({round(m.x + m.width / 2, 3) for m in page.marks if abs(m.width - MARK_WIDTH) < 1e-9 and m.height < 3})

    single = impose(builder.sides(piece), PrintOptions(SHEETS.get("single"), bleed=9.0), TRIM_SIZES.get(piece.size))[0][1]
    for page in single:
        (x,) = dashes(page)
        assert abs(x - (page.trim[0] + fold)) < 1e-3
    sheet = SHEETS.get("letter-4up-fold")
    ((_, (front, back)),) = impose(builder.sides(piece), PrintOptions(sheet), TRIM_SIZES.get(piece.size))
    assert len(front.placed) == len(back.placed) == 4
    assert dashes(front) == dashes(back) == [round(sheet.left + fold, 3)]
    # each inside lands behind its outside (one column: at the same place once turned side to side)
    assert sorted((p.x, p.y) for p in front.placed) == sorted((sheet.page_width - p.x - TRIM_SIZES.get(piece.size).width, p.y) for p in back.placed)


def test_sheets_and_sizes_refuse_what_does_not_fold(runner, tmp_path):
    from cardgen.cli import main

    wrong = runner.invoke(main, ["build", "-p", PRODUCT, "-l", "es", "--sheet", "avery-5371", "-o", str(tmp_path)])
    assert wrong.exit_code != 0 and "letter-4up-fold, a4-4up-fold or single" in wrong.output and "Traceback" not in wrong.output
    card = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet", "letter-4up-fold", "-o", str(tmp_path)])
    assert card.exit_code != 0 and "avery-5371" in card.output and "Traceback" not in card.output
    size = runner.invoke(main, ["build", "-p", PRODUCT, "-l", "es", "-s", "us-business", "-o", str(tmp_path)])
    assert size.exit_code != 0 and "Choose one of: us-business-fold, eu-business-fold" in size.output
    assert not list(tmp_path.iterdir())
    # the sheet's card size is the piece's: a fold card on an A4 sheet comes out at 170 x 55 mm
    ok = runner.invoke(main, ["build", "-p", PRODUCT, "-l", "fr", "--sheet", "a4-4up-fold", "-o", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    (made,) = tmp_path.glob("*.pdf")
    assert "eu-business-fold" in made.name
    pages = read_pdf(made.read_bytes()).pages
    assert len(pages) == 2 and abs(float(pages[0].mediabox.width) - 210 * MM) < 0.01


def test_builds_are_reproducible(builder):
    piece = builder.piece(PRODUCT, "ar", "eu-business-fold")
    assert builder.pdf(piece) == Builder().pdf(piece)

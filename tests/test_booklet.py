"""The printable guide (product ``guide``) and saddle-stitch imposition (``--sheet booklet``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cardgen.build import Builder, Piece
from cardgen.cli import main
from cardgen.content.loader import SOURCE_LOCALE
from cardgen.drawing import FillRect, GlyphRun, QrSymbol, ShapedLine, Side
from cardgen.errors import CardgenError, ContentError
from cardgen.links import guide_link
from cardgen.pdf import write_pages
from cardgen.products import PRODUCTS
from cardgen.products.guide_booklet import MARGIN
from cardgen.resources import default_content_dir
from cardgen.sheets.booklet import PAPER, padded, signature_order
from cardgen.sheets.impose import PrintOptions, impose
from cardgen.sheets.templates import SHEETS
from cardgen.sizes import MM, SIZES
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import Box, Paragraph, fit, flow
from conftest import decode_qr, render

BOOKLET = SHEETS.get("booklet")
LOCALES = Builder().content.locale_codes()


def _sides_or_skip(builder: Builder, piece: Piece) -> list[Side]:
    """The guide's pages: every shipped translation must build."""
    return builder.sides(piece)


def _text_runs(side: Side):
    for op in side.ops:
        if isinstance(op, ShapedLine):
            yield from op.runs


def _pdf_text(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


# -- the product -------------------------------------------------------------------------------


def test_guide_is_a_paged_product_in_the_catalogue(builder):
    product = PRODUCTS.get("guide")
    assert product.paged and product.default_size == "half-letter"
    assert product.side_names(3) == ("page-01", "page-02", "page-03")
    assert PRODUCTS.get("wallet-card").side_names(2) == ("front", "back")
    guides = [p for p in builder.catalogue() if p.product == "guide"]
    assert {p.locale for p in guides} == {c for c in LOCALES if builder.content.has_family(c, "guide")}
    assert {p.size for p in guides} == {"half-letter"}


@pytest.mark.parametrize("locale", LOCALES)
def test_guide_builds_at_half_letter_in_every_locale(builder, locale):
    size = SIZES.get("half-letter")
    sides = _sides_or_skip(builder, Piece("guide", locale, "half-letter", "il"))
    assert len(sides) >= 3  # a cover and the guide flowing over pages
    for side in sides:
        assert (side.width, side.height) == (size.width, size.height)
        # body, not the page number; Latin inside Nastaliq is drawn smaller to match it optically:
        # its nominal size is the line's
        assert all(run.size / run.face.scale >= 9 - 1e-6 for run in _text_runs(side) if side is not sides[0] and run.y > MARGIN + 20)
    assert [s.name for s in sides[1:]] == [f"page-{n:02d}" for n in range(2, len(sides) + 1)]


@pytest.mark.parametrize("locale", ["en", "ar", "ur", "zh-Hans", "my"])
def test_guide_builds_at_a5(builder, locale):
    sides = _sides_or_skip(builder, Piece("guide", locale, "a5"))
    assert (sides[0].width, sides[0].height) == pytest.approx((148 * MM, 210 * MM))


def test_guide_takes_only_booklet_sizes(builder):
    with pytest.raises(CardgenError, match="size 'letter' is not for a guide. Choose one of: half-letter, a5"):
        builder.piece("guide", "en", "letter")
    # the signs keep their sizes
    with pytest.raises(CardgenError, match="Choose one of: letter, a4, half-letter\\."):
        builder.piece("door-sign", "en", "a5")


@pytest.mark.parametrize("size", ["half-letter", "a5"])
def test_no_text_or_qr_outside_the_safe_margin(builder, size):
    trim = SIZES.get(size)
    safe = 3 * MM if trim.metric else 9.0
    for side in builder.sides(Piece("guide", "en", size, "il")):
        for op in side.ops:
            if isinstance(op, ShapedLine):
                for run in op.runs:
                    assert safe <= run.x and run.x + run.width <= trim.width - safe, (side.name, op.text)
                    assert safe <= run.y - 0.3 * run.size and run.y + run.size <= trim.height - safe, (side.name, op.text)
            elif isinstance(op, QrSymbol):
                quiet = 4 * op.module
                assert safe <= op.x + quiet and op.x + op.size - quiet <= trim.width - safe
                assert safe <= op.y + quiet and op.y + op.size - quiet <= trim.height - safe
            elif isinstance(op, FillRect):
                assert safe <= op.x and op.x + op.width <= trim.width - safe


def test_every_guide_string_appears_in_order(builder):
    pdf = builder.pdf(Piece("guide", "en", "half-letter", "il"))
    text = " ".join(" ".join(_pdf_text(pdf)).split())
    guide = builder.content.family("en", "guide")
    regions = builder.content.family("en", "regions")
    position = 0
    for key in guide.family.keys():
        if key in ("title", "intro"):
            continue
        start = " ".join(guide[key].split()[:5])
        found = text.find(start, position)
        assert found >= 0, f"{key}: {start!r} missing or out of order"
        position = found
    cover = " ".join(_pdf_text(pdf)[0].split())
    for words in (guide["title"], guide["intro"], regions["name.il"], "855-435-7693"):
        assert " ".join(words.split()[:4]) in cover
    assert "Version 1.2" in cover and "2026-12-01" in cover and "IL" in cover
    for key in ("police.il", "identify.il"):
        assert " ".join(regions[key].split()[:5]) in text
    assert all(str(n) in page for n, page in enumerate(_pdf_text(pdf)[1:], start=2))  # page numbers


def test_draft_translations_carry_the_mark(builder):
    drafts = [c for c in LOCALES if c != SOURCE_LOCALE and builder.content.has_family(c, "guide")]
    for code in drafts:
        pdf = builder.pdf(Piece("guide", code, "half-letter"))
        if builder.content.family(code, "guide").meta.translation.status == "draft":
            pages = _pdf_text(pdf)
            assert all("DRAFT, not reviewed" in page for page in pages), code
            return
    raise AssertionError("no draft guide translation to check")


def test_cover_qr_decodes_to_the_pieces_link(builder):
    piece = Piece("guide", "en", "half-letter", "il")
    pdf = builder.pdf(piece)
    assert decode_qr(render(pdf, 0, dpi=150)) == [builder.content.region("il").qr_url or builder.content.family("en", "guide").meta.qr_url]
    (qr,) = [op for op in builder.sides(piece)[0].ops if isinstance(op, QrSymbol)]
    assert qr.size - 8 * qr.module >= 25 * MM  # dark area


def test_cover_qr_leads_to_the_guide_site_with_its_caption(builder):
    site = "https://rights.example.org"
    piece = Piece("guide", "en", "half-letter", "il", site_url=site)
    pdf = builder.pdf(piece)
    version = builder.content.family("en", "guide").meta.version
    assert decode_qr(render(pdf, 0, dpi=150)) == [guide_link(site, "en", "il", version, "guide")]
    caption = builder.content.family("en", "site")["qr_caption"]
    assert caption in " ".join(_pdf_text(pdf)[0].split())
    neutral = builder.content.family("en", "wallet-card")["front.qr_caption"]
    assert neutral in " ".join(_pdf_text(builder.pdf(Piece("guide", "en", "half-letter", "il")))[0].split())


def test_builds_are_byte_identical(builder):
    again = Builder()
    for piece in (Piece("guide", "en", "half-letter", "il"), Piece("guide", "es", "a5")):
        try:
            first = builder.pdf(piece)
        except ContentError:
            continue
        assert again.pdf(piece) == first
    options = PrintOptions(BOOKLET, duplex="short-edge")
    assert builder.sheet_pdfs(Piece("guide", "en", "half-letter"), options) == again.sheet_pdfs(Piece("guide", "en", "half-letter"), options)


def _rtl_builder(tmp_path: Path) -> tuple[Builder, str]:
    """Arabic's guide (the fallback below builds a right-to-left test locale from the English)."""
    builder = Builder()
    if builder.content.has_family("ar", "guide"):
        return builder, "ar"
    import yaml

    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    fake = root / "xx"
    fake.mkdir()
    for family in ("guide", "regions", "wallet-card"):
        data = yaml.safe_load((root / "en" / f"{family}.yaml").read_text(encoding="utf-8"))
        data["translation"] = {"status": "draft", "reviewer": None}
        for section in ("sources", "references", "spoken"):
            data.pop(section, None)
        (fake / f"{family}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    locale = yaml.safe_load((root / "ar" / "locale.yaml").read_text(encoding="utf-8"))
    locale["code"] = "xx"
    (fake / "locale.yaml").write_text(yaml.safe_dump(locale, allow_unicode=True), encoding="utf-8")
    return Builder(root), "xx"


def test_right_to_left_guide_is_right_aligned(tmp_path):
    builder, code = _rtl_builder(tmp_path)
    sides = builder.sides(Piece("guide", code, "half-letter"))
    right = sides[0].width - MARGIN
    for side in sides[1:]:
        lines = [op for op in side.ops if isinstance(op, ShapedLine) and op.runs[0].y > MARGIN + 20]
        assert lines
        for line in lines:
            end = max(run.x + run.width for run in line.runs)
            assert end >= right - line.runs[0].size - 0.5, line.text  # flush right (checklist items: by their indent)
        assert any(min(r.x for r in line.runs) > MARGIN + 50 for line in lines)  # short lines are not flush left
    # bound on the right: sheet 1 front carries page 1 on the left half
    pages = impose(sides, PrintOptions(BOOKLET, duplex="short-edge"), SIZES.get("half-letter"), right_bound=True)[0][1]
    assert pages[0].placed[0].side is sides[0] and pages[0].placed[0].x < sides[0].width / 2


# -- pagination ----------------------------------------------------------------------------------


def test_flow_keeps_headings_with_their_text_and_loses_nothing():
    writing = Writing("en", "Latn", False)
    body = "Agents need a warrant signed by a judge to come into your home without your consent. " * 3
    paragraphs = []
    for k in range(14):
        paragraphs.append(Paragraph(f"Heading {k}", bold=True, scale=1.3, space_before=1.0, keep_with_next=True))
        paragraphs += [Paragraph(f"P{k}a " + body, space_before=0.5), Paragraph(f"P{k}b " + body[: 40 + 13 * k], space_before=0.5)]
    pages = flow(paragraphs, writing, lambda _: Box(36, 60, 324, 400), 10.0, leading=1.3)
    assert len(pages) > 3
    seen = []
    for ops in pages:
        lines = [op.text for op in ops if isinstance(op, ShapedLine)]
        assert not lines[-1].startswith("Heading"), lines[-1]  # a heading never ends a page
        seen += lines
    assert [t for t in seen if t.startswith("Heading")] == [f"Heading {k}" for k in range(14)]
    assert sum(t.startswith("P") for t in seen) == 28  # every paragraph, once, in order
    # the text is the same as one tall block would have
    tall = fit(paragraphs, writing, Box(36, 60, 324, 40000), 10.0, 10.0, leading=1.3)
    assert len(seen) == tall.line_count


def test_flow_leaves_no_single_line_of_a_paragraph_at_a_page_top_or_foot():
    writing = Writing("en", "Latn", False)
    text = "You may say no to a search. Say clearly that you do not consent to a search of your home. " * 4
    paragraphs = [Paragraph(f"{k} " + text, space_before=0.5) for k in range(12)]
    pages = flow(paragraphs, writing, lambda _: Box(36, 60, 324, 300), 10.0, leading=1.3)
    starts = [i for i, op in enumerate(op for ops in pages for op in ops if isinstance(op, ShapedLine))]
    assert starts
    for ops in pages[1:]:
        lines = [op.text for op in ops if isinstance(op, ShapedLine)]
        # a page starts with a paragraph's first line, or with at least two of its lines
        first_is_start = lines[0].split()[0].isdigit()
        second_is_start = len(lines) > 1 and lines[1].split()[0].isdigit() and len(lines[1].split()[0]) <= 2
        assert first_is_start or not second_is_start


# -- imposition ----------------------------------------------------------------------------------


def test_signature_order():
    assert signature_order(4) == [((4, 1), (2, 3))]
    assert signature_order(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]
    assert signature_order(12) == [((12, 1), (2, 11)), ((10, 3), (4, 9)), ((8, 5), (6, 7))]
    assert signature_order(8, right_bound=True) == [((1, 8), (7, 2)), ((3, 6), (5, 4))]
    assert [padded(n) for n in (1, 4, 5, 7, 8, 9)] == [4, 4, 8, 8, 8, 12]
    with pytest.raises(ValueError):
        signature_order(6)


def _numbered_pages(count: int) -> list[Side]:
    size = SIZES.get("half-letter")
    writing = Writing("en", "Latn", False)
    sides = []
    for n in range(1, count + 1):
        block = fit([Paragraph(f"page{n}", align="center")], writing, Box(36, 300, size.width - 72, 40), 24, 24)
        sides.append(Side(f"page-{n:02d}", size.width, size.height, block.ops))
    return sides


@pytest.mark.parametrize("count,expected", [
    (4, [("4", "1"), ("2", "3")]),
    (7, [("", "1"), ("2", "7"), ("6", "3"), ("4", "5")]),  # page 8 is blank
    (8, [("8", "1"), ("2", "7"), ("6", "3"), ("4", "5")]),
    (12, [("12", "1"), ("2", "11"), ("10", "3"), ("4", "9"), ("8", "5"), ("6", "7")]),
])
def test_imposed_pages_land_in_signature_order(count, expected):
    """Page numbers drawn on each page, read back from each half of each sheet side."""
    import pypdfium2 as pdfium

    ((suffix, pages),) = impose(_numbered_pages(count), PrintOptions(BOOKLET, duplex="short-edge"), SIZES.get("half-letter"))
    assert suffix == "" and len(pages) == 2 * padded(count) // 4
    pdf = write_pages(pages, "test", duplex="DuplexFlipShortEdge")
    document = pdfium.PdfDocument(pdf)
    try:
        found = []
        for i in range(len(document)):
            page = document[i]
            width, height = page.get_size()
            assert (width, height) == (PAPER["half-letter"].width, PAPER["half-letter"].height)
            text = page.get_textpage()
            halves = [text.get_text_bounded(0, 0, width / 2, height), text.get_text_bounded(width / 2, 0, width, height)]
            found.append(tuple(h.strip().removeprefix("page") for h in halves))
    finally:
        document.close()
    assert found == expected
    assert b"/Duplex /DuplexFlipShortEdge" in pdf


def test_booklet_pdf_from_the_builder(builder):
    piece = Piece("guide", "en", "half-letter")
    sides = builder.sides(piece)
    ((suffix, pdf),) = builder.sheet_pdfs(piece, PrintOptions(BOOKLET, duplex="short-edge"))
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        assert len(document) * 2 == padded(len(sides)) and (len(document) * 2) % 4 == 0
    finally:
        document.close()
    assert b"flip on short edge" in pdf and b"/DuplexFlipShortEdge" in pdf
    fronts_backs = builder.sheet_pdfs(Piece("guide", "en", "a5"), PrintOptions(BOOKLET, duplex="none"))
    assert [s for s, _ in fronts_backs] == ["-fronts", "-backs"]


def test_booklet_refuses_what_it_cannot_do(builder):
    with pytest.raises(CardgenError, match="not a booklet"):
        builder.sheet_pdfs(Piece("wallet-card", "en", "us-business"), PrintOptions(BOOKLET, duplex="short-edge"))
    with pytest.raises(CardgenError, match="holds cards.*--sheet booklet"):
        builder.sheet_pdfs(Piece("guide", "en", "half-letter"), PrintOptions(SHEETS.get("avery-5371")))
    with pytest.raises(CardgenError, match="short edge"):
        builder.sheet_pdfs(Piece("guide", "en", "half-letter"), PrintOptions(BOOKLET, duplex="long-edge"))
    with pytest.raises(CardgenError, match="no room for bleed"):
        builder.sheet_pdfs(Piece("guide", "en", "half-letter"), PrintOptions(BOOKLET, duplex="short-edge", bleed=9))


# -- command line and batch ------------------------------------------------------------------------


def test_cli_build_and_preview(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "guide", "-l", "en", "--region", "il", "--sheet", "booklet", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "guide-en-half-letter-il-booklet.pdf").is_file()
    result = runner.invoke(main, ["preview", "-p", "guide", "-l", "en", "--dpi", "50", "--out", str(tmp_path / "png")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "png").iterdir())
    assert names[0] == "guide-en-half-letter-page-01.png" and len(names) >= 3
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "en", "--sheet", "booklet", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "not a booklet" in result.output
    result = runner.invoke(main, ["build", "-p", "guide", "-l", "en", "--sheet", "avery-5371", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "--sheet booklet" in result.output


def test_batch_order_for_booklets(runner, tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text(
        "items:\n  - product: guide\n    locales: [en]\n    region: il\n    sheet: booklet\n    quantity: 30\n"
        "  - product: guide\n    locales: [en]\n    size: a5\n    sheet: booklet\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    manifest = {e["file"]: e for e in json.loads((out / "manifest.json").read_text())["files"]}
    letter = manifest["guide-en-half-letter-il-booklet.pdf"]
    per_booklet = letter["pages"] // 2
    assert letter["sheets"] == per_booklet * 30
    summary = (out / "summary.txt").read_text()
    assert f"{per_booklet * 30}  US Letter paper, printed duplex (flip on short edge)" in summary
    assert "A4 paper, printed duplex (flip on short edge)" in summary
    assert f"{per_booklet} sheets per booklet x 30" in summary

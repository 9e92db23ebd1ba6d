"""Print production: sheets, duplex that lines up, bleed, crop marks, boxes, CMYK."""

from __future__ import annotations

import pytest

from cardgen.build import Piece
from cardgen.cli import main
from cardgen.errors import CardgenError, ContentError
from cardgen.sheets.impose import PrintOptions, back_slots, default_bleed, impose
from cardgen.sheets.templates import SHEETS, load_sheet_file
from cardgen.sizes import INCH, MM, SIZES
from conftest import decode_qr, page_text, read_pdf, render

# The published geometry, written out independently of the code (PRINT-FACTS, gLabels).
PUBLISHED = {
    "avery-5371": dict(page=(8.5 * INCH, 11 * INCH), card=(3.5 * INCH, 2 * INCH), origin=(0.75 * INCH, 0.5 * INCH), gaps=(0, 0)),
    "avery-c32011": dict(page=(210 * MM, 297 * MM), card=(85 * MM, 54 * MM), origin=(15 * MM, 13.5 * MM), gaps=(10 * MM, 0)),
}


def _sides(builder, sheet_name, locale="es"):
    return builder.sides(Piece("wallet-card", locale, SHEETS.get(sheet_name).card_size))


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_every_card_sits_where_the_template_says(builder, name):
    spec = PUBLISHED[name]
    (_, pages), = impose(_sides(builder, name), PrintOptions(SHEETS.get(name)))
    front = pages[0]
    assert (front.width, front.height) == pytest.approx(spec["page"], abs=0.01)
    w, h = spec["card"]
    expected = [
        (spec["origin"][0] + c * (w + spec["gaps"][0]), spec["page"][1] - spec["origin"][1] - (r + 1) * h - r * spec["gaps"][1])
        for r in range(5) for c in range(2)
    ]
    assert len(front.placed) == 10
    for placed, (x, y) in zip(front.placed, expected):
        assert placed.x == pytest.approx(x, abs=0.1) and placed.y == pytest.approx(y, abs=0.1)
        assert (placed.side.width, placed.side.height) == pytest.approx((w, h), abs=0.1)


@pytest.mark.parametrize("name", ["avery-5371", "avery-c32011", "letter-10up", "a4-10up"])
def test_backs_are_mirrored_for_each_flip(name):
    sheet = SHEETS.get(name)
    size = SIZES.get(sheet.card_size)
    for front, back in back_slots(sheet, PrintOptions(sheet, duplex="long-edge")):
        assert back.x == pytest.approx(sheet.page_width - front.x - size.width, abs=0.1)
        assert back.y == pytest.approx(front.y, abs=0.1)
    for front, back in back_slots(sheet, PrintOptions(sheet, duplex="short-edge")):
        assert back.x == pytest.approx(front.x, abs=0.1)
        assert back.y == pytest.approx(sheet.page_height - front.y - size.height, abs=0.1)
    # long edge: the card in column 1 of a row has its back in the last column
    pairs = back_slots(sheet, PrintOptions(sheet))
    assert pairs[0][1].x == pytest.approx(pairs[sheet.columns - 1][0].x, abs=0.1)


def test_back_offset_moves_only_the_backs(builder):
    sheet = SHEETS.get("avery-5371")
    plain = impose(_sides(builder, "avery-5371"), PrintOptions(sheet))[0][1]
    shifted = impose(_sides(builder, "avery-5371"), PrintOptions(sheet, back_offset=(1.5 * MM, -0.5 * MM)))[0][1]
    for a, b in zip(plain[0].placed, shifted[0].placed):
        assert (a.x, a.y) == (b.x, b.y)
    for a, b in zip(plain[1].placed, shifted[1].placed):
        assert b.x - a.x == pytest.approx(1.5 * MM) and b.y - a.y == pytest.approx(-0.5 * MM)


def test_copies_fill_sheets_and_empty_cells_get_no_marks(builder):
    sheet = SHEETS.get("letter-10up")
    (_, pages), = impose(_sides(builder, "letter-10up"), PrintOptions(sheet, copies=13, bleed=9))
    assert len(pages) == 4  # front, back, front, back
    assert [len(p.placed) for p in pages] == [10, 10, 3, 3]
    full_marks, last_marks = pages[0].marks, pages[2].marks
    assert len(last_marks) < len(full_marks)
    rows_used = {p.y for p in pages[2].placed}
    size = SIZES.get("us-business")
    cut_ys = {v for y in rows_used for v in (y, y + size.height)}
    horizontal = [m for m in last_marks if m.width > m.height]
    assert {round(m.y + m.height / 2, 3) for m in horizontal} == {round(v, 3) for v in cut_ys}


def test_crop_marks_stay_outside_the_bleed(builder):
    sheet = SHEETS.get("letter-10up")
    bleed = default_bleed(SIZES.get("us-business"))
    (_, pages), = impose(_sides(builder, "letter-10up"), PrintOptions(sheet, bleed=bleed))
    for page in pages[:2]:
        for mark in page.marks:
            for placed in page.placed:
                x0, y0 = placed.x - bleed, placed.y - bleed
                x1, y1 = placed.x + placed.side.width + bleed, placed.y + placed.side.height + bleed
                overlaps = mark.x < x1 and mark.x + mark.width > x0 and mark.y < y1 and mark.y + mark.height > y0
                assert not overlaps


def test_qr_codes_read_one_per_cell_on_a_rendered_back_sheet(builder):
    import zxingcpp

    sheet = SHEETS.get("avery-5371")
    (_, data), = builder.sheet_pdfs(Piece("wallet-card", "es", "us-business"), PrintOptions(sheet))
    dpi = 150
    image = render(data, 1, dpi=dpi)  # the backs carry the codes
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    url = builder.content.family("es", "wallet-card").meta.qr_url
    assert len(codes) == 10 and {c.text for c in codes} == {url}
    size = SIZES.get("us-business")
    cells = set()
    for code in codes:
        cx = sum(p.x for p in (code.position.top_left, code.position.bottom_right)) / 2 * 72 / dpi
        cy = sheet.page_height - sum(p.y for p in (code.position.top_left, code.position.bottom_right)) / 2 * 72 / dpi
        for k in range(10):
            x, y = sheet.cell_origin(k % 2, k // 2)
            if x < cx < x + size.width and y < cy < y + size.height:
                cells.add(k)
    assert cells == set(range(10))
    assert decode_qr(render(data, 0, dpi=dpi)) == []  # the fronts carry none


def test_boxes_without_and_with_bleed(builder):
    piece = Piece("wallet-card", "en", "us-business")
    (_, plain), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single")))
    for page in read_pdf(plain).pages:
        assert [float(v) for v in page.trimbox] == [0, 0, 252, 144]
        assert [float(v) for v in page.bleedbox] == [0, 0, 252, 144]
        assert [float(v) for v in page.mediabox] == [0, 0, 252, 144]
    (_, bled), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single"), bleed=9))
    for page in read_pdf(bled).pages:
        x0, y0, x1, y1 = (float(v) for v in page.trimbox)
        assert (x1 - x0, y1 - y0) == pytest.approx((252, 144))
        b = [float(v) for v in page.bleedbox]
        assert b == pytest.approx([x0 - 9, y0 - 9, x1 + 9, y1 + 9])
        m = [float(v) for v in page.mediabox]
        assert m[0] <= b[0] - 12 and m[1] <= b[1] - 12 and m[2] >= b[2] + 12 and m[3] >= b[3] + 12  # room for marks


def test_bands_run_into_the_bleed_and_text_stays_inside(builder):
    piece = Piece("wallet-card", "en", "us-business")
    (_, bled), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single"), bleed=9))
    page = read_pdf(bled).pages[0]
    x0, y0, x1, y1 = (float(v) for v in page.trimbox)
    image = render(bled, 0, dpi=144).convert("RGB")
    scale = 2.0
    height = image.height
    # 4 pt outside the trim, in the top band's bleed: red
    r, g, b = image.getpixel((int((x0 - 4) * scale), int(height - (y1 + 4) * scale)))
    assert r > 150 and g < 80
    # 4 pt outside the trim at the bottom: white paper (no band there)
    assert image.getpixel((int((x0 + 60) * scale), int(height - (y0 - 4) * scale))) == (255, 255, 255)


def test_cmyk_colours_and_pure_black(builder):
    piece = Piece("wallet-card", "es", "us-business")
    (_, data), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single"), cmyk=True))
    streams = b"".join(page.get_contents().get_data() for page in read_pdf(data).pages)
    assert b" rg" not in streams and b" k" in streams
    assert b"0 0 0 1 k" in streams  # black text and QR modules: K only


def test_no_transparency_and_fonts_embedded(builder):
    piece = Piece("wallet-card", "ar", "us-business")
    (_, data), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("letter-10up"), bleed=9, cmyk=True))
    assert b"/SMask" not in data and b"/CA " not in data and b"/ca " not in data
    assert b"/FontFile2" in data and b"Helvetica" not in data


def test_duplex_none_writes_fronts_and_backs_apart(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet", "avery-5371", "--duplex", "none", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["wallet-card-es-us-business-avery-5371-backs.pdf", "wallet-card-es-us-business-avery-5371-fronts.pdf"]
    assert len(read_pdf((tmp_path / names[0]).read_bytes()).pages) == 1


def test_sheet_from_a_toml_file(runner, tmp_path):
    path = tmp_path / "my-sheet.toml"
    path.write_text('name = "office-8up"\ncard_size = "us-business"\ncolumns = 2\nrows = 4\n'
                    'page_width = "8.5in"\npage_height = "11in"\nleft = "0.75in"\ntop = "1.5in"\n', encoding="utf-8")
    sheet = load_sheet_file(path)
    assert (sheet.columns, sheet.rows, sheet.left) == (2, 4, pytest.approx(54))
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "en", "--sheet-file", str(path), "--copies", "8", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "out" / "wallet-card-en-us-business-office-8up.pdf").read_bytes()
    assert len(read_pdf(pdf).pages) == 2


def test_bad_sheet_file_names_every_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ncard_size: poster\ncolumns: 0\npage_width: wide\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sheet_file(path)
    keys = {p.key for p in caught.value.problems}
    assert {"card_size", "columns", "page_width", "colour", "rows", "page_height", "left", "top"} <= keys


def test_mismatches_are_clear_errors(runner, tmp_path):
    cases = [
        (["--sheet", "avery-5371", "--bleed"], "die-cut card stock"),
        (["--sheet", "avery-5371", "--size", "cr80"], "holds US business card cards"),
        (["--sheet", "letter-10up", "--bleed", "20mm"], "wider than the"),
        (["--sheet", "nope"], "unknown sheet 'nope'"),
        (["--back-offset", "left"], "is not X,Y in millimetres"),
    ]
    for extra, message in cases:
        result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "-o", str(tmp_path / "x"), *extra])
        assert result.exit_code != 0 and message in result.output, (extra, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_calibration_sheet(runner, tmp_path):
    result = runner.invoke(main, ["calibrate", "--sheet", "avery-5371", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "calibration-avery-5371.pdf").read_bytes()
    assert len(read_pdf(data).pages) == 2
    assert "--back-offset" in " ".join(page_text(data, 1).split())
    single = runner.invoke(main, ["calibrate", "--sheet", "single", "-o", str(tmp_path)])
    assert single.exit_code == 2 and "calibration is for sheets" in single.output  # a bad option: exit 2


def test_signs_print_one_per_page_only(builder):
    with pytest.raises(CardgenError):
        builder.sheet_pdfs(Piece("door-sign", "es", "letter"), PrintOptions(SHEETS.get("avery-5371")))


def test_calibration_for_a_sheet_file_with_no_margin_for_instructions(runner, tmp_path):
    path = tmp_path / "tight.toml"
    path.write_text('name = "tight"\ncard_size = "us-business"\ncolumns = 2\nrows = 5\npage_width = "8.5in"\n'
                    'page_height = "10in"\nleft = "0.75in"\ntop = "0pt"\n', encoding="utf-8")
    result = runner.invoke(main, ["calibrate", "--sheet-file", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(read_pdf((tmp_path / "calibration-tight.pdf").read_bytes()).pages) == 2

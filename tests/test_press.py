"""Print production, second pass: gutters that keep each card's bleed to itself, crop marks a
press and an office printer can both print, short-edge backs that make the same card as long-edge
ones, back offsets that move the boxes with the art, partly used sheets and press sheets."""

from __future__ import annotations

import io

import pikepdf
import pytest

from cardgen.build import Piece
from cardgen.cli import main
from cardgen.drawing import FillRect, Side
from cardgen.pdf import write_pages
from cardgen.sheets.impose import MARK_EDGE, PrintOptions, default_bleed, impose
from cardgen.sheets.templates import SHEETS
from cardgen.sizes import INCH, MM, SIZES
from PIL import Image, ImageChops, ImageFilter, ImageStat

from conftest import render

PLAIN = ["letter-10up", "a4-10up", "press-12x18", "press-13x19", "press-sra3"]


def _edge_side(size) -> Side:
    """A white card with a red band along its top edge only: the band bleeds upwards, nowhere else."""
    return Side("front", size.width, size.height, (FillRect(0, size.height - 10, size.width, 10, "red"),))


def _pixel(image, x: float, y: float, page_height: float, dpi: int):
    return image.getpixel((int(x * dpi / 72), int((page_height - y) * dpi / 72)))


def _is_red(rgb) -> bool:
    return rgb[0] > 150 and rgb[1] < 80 and rgb[2] < 100


def _is_white(rgb) -> bool:
    return min(rgb[:3]) > 235


def test_no_bleed_reaches_the_next_row_in_a_narrow_gutter():
    """letter-10up's rows are 1/8 in apart, as wide as one bleed: the bleed of a row's top edge
    stops at the middle of the gutter, and the 1.6 mm next to the row above stay white."""
    sheet = SHEETS.get("letter-10up")
    size = SIZES.get(sheet.card_size)
    bleed = default_bleed(size)
    (_, pages), = impose([_edge_side(size)], PrintOptions(sheet, bleed=bleed))
    dpi = 300
    image = render(write_pages(pages, "gutters"), 0, dpi=dpi)
    checked = 0
    for row in range(1, sheet.rows):
        for column in range(sheet.columns):
            x, y = sheet.cell_origin(column, row)
            above_bottom = y + size.height + sheet.row_gap  # the trim of the card above
            cx = x + size.width / 2
            assert _is_white(_pixel(image, cx, above_bottom - sheet.row_gap / 4, sheet.page_height, dpi))  # near the card above
            assert _is_red(_pixel(image, cx, y + size.height + sheet.row_gap / 4, sheet.page_height, dpi))  # this card's own bleed
            checked += 1
    assert checked == (sheet.rows - 1) * sheet.columns
    # the top row's bleed into the sheet margin is whole
    x, y = sheet.cell_origin(0, 0)
    assert _is_red(_pixel(image, x + size.width / 2, y + size.height + bleed - 1.5, sheet.page_height, dpi))


@pytest.mark.parametrize("name", PLAIN)
def test_each_bleed_stops_short_of_every_other_trim(name):
    sheet = SHEETS.get(name)
    size = SIZES.get(sheet.card_size)
    bleed = min(default_bleed(size), sheet.column_gap if sheet.columns > 1 else 99, sheet.row_gap if sheet.rows > 1 else 99)
    for duplex in ("long-edge", "short-edge"):
        (_, pages), = impose([_edge_side(size), _edge_side(size)], PrintOptions(sheet, duplex=duplex, bleed=bleed))
        for page in pages[:2]:
            for item in page.placed:
                x0, y0, x1, y1 = item.clip or (item.x - bleed, item.y - bleed, item.x + size.width + bleed, item.y + size.height + bleed)
                for other in page.placed:
                    if other is item:
                        continue
                    ox0, oy0, ox1, oy1 = other.x, other.y, other.x + size.width, other.y + size.height
                    overlap = min(x1, ox1) - max(x0, ox0), min(y1, oy1) - max(y0, oy0)
                    assert overlap[0] <= 1e-6 or overlap[1] <= 1e-6, (name, duplex)


@pytest.mark.parametrize("name", [*PLAIN, "single"])
def test_crop_marks_keep_5mm_from_the_paper_edge_in_registration_colour(builder, name):
    sheet = SHEETS.get(name)
    size = SIZES.get(sheet.card_size)
    bleed = min(default_bleed(size), sheet.column_gap or 99, sheet.row_gap or 99) if not sheet.single else default_bleed(size)
    sides = builder.sides(Piece("wallet-card", "es", sheet.card_size))
    (_, pages), = impose(sides, PrintOptions(sheet, bleed=bleed, cmyk=True))
    assert all(page.marks for page in pages)
    for page in pages:
        for mark in page.marks:
            assert mark.color == "registration"
            assert mark.x >= MARK_EDGE - 1e-6 and mark.y >= MARK_EDGE - 1e-6
            assert mark.x + mark.width <= page.width - MARK_EDGE + 1e-6
            assert mark.y + mark.height <= page.height - MARK_EDGE + 1e-6
    data = write_pages(pages, "marks", cmyk=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pdf.pages[0].Contents.read_bytes() if not isinstance(pdf.pages[0].Contents, pikepdf.Array) else b"".join(s.read_bytes() for s in pdf.pages[0].Contents)
    assert b"1 1 1 1 k" in stream  # every separation


@pytest.mark.parametrize("name", ["press-12x18", "press-13x19", "press-sra3"])
def test_press_sheets_fit_with_whole_bleeds_gutters_and_marks(builder, name):
    sheet = SHEETS.get(name)
    size = SIZES.get(sheet.card_size)
    bleed = default_bleed(size)
    assert sheet.column_gap >= 2 * bleed - 1e-6 and sheet.row_gap >= 2 * bleed - 1e-6
    (_, pages), = impose(builder.sides(Piece("wallet-card", "en", sheet.card_size)), PrintOptions(sheet, bleed=bleed))
    front = pages[0]
    assert len(front.placed) == sheet.cells
    assert all(item.clip is None for item in front.placed)  # nothing to cut back: each bleed is whole
    for item in front.placed:
        assert item.x - bleed >= MARK_EDGE and item.x + size.width + bleed <= sheet.page_width - MARK_EDGE
        assert item.y - bleed >= MARK_EDGE and item.y + size.height + bleed <= sheet.page_height - MARK_EDGE
    vertical = [m for m in front.marks if m.height > m.width]
    horizontal = [m for m in front.marks if m.width > m.height]
    assert len(vertical) == 2 * 2 * sheet.columns  # both ends of both cuts of every column
    assert len(horizontal) == 2 * 2 * sheet.rows


def test_press_sheets_hold_as_many_as_fit():
    assert (SHEETS.get("press-12x18").columns, SHEETS.get("press-12x18").rows) == (4, 4)  # landscape
    assert (SHEETS.get("press-13x19").columns, SHEETS.get("press-13x19").rows) == (3, 8)
    assert (SHEETS.get("press-sra3").columns, SHEETS.get("press-sra3").rows) == (3, 7)
    s = SHEETS.get("press-12x18")
    assert (s.page_width, s.page_height) == (18 * INCH, 12 * INCH)


def _crop(image, x: float, y: float, size, page_height: float, dpi: int):
    left, top = round(x * dpi / 72), round((page_height - y - size.height) * dpi / 72)
    return image.crop((left, top, left + round(size.width * dpi / 72), top + round(size.height * dpi / 72))).convert("L")


def _difference(a, b) -> float:
    """Mean absolute difference of two grey images, 0 to 255, after a slight blur: text turned a
    half turn is anti-aliased a little differently (about 5 unblurred, 1 blurred; a back the
    wrong way up differs by about 80)."""
    soften = ImageFilter.GaussianBlur(1.5)
    return ImageStat.Stat(ImageChops.difference(a.filter(soften), b.filter(soften))).mean[0]


def _turned(image):
    return image.transpose(Image.Transpose.ROTATE_180)


def test_short_edge_and_long_edge_give_the_same_finished_card(builder):
    """From rendered pages: the back behind each front cell, seen after turning the card over its
    vertical edge, is the same image whichever way the printer turns the sheet."""
    sheet = SHEETS.get("avery-5371")
    size = SIZES.get(sheet.card_size)
    piece = Piece("wallet-card", "es", "us-business")
    dpi = 144  # every cell edge on a whole pixel
    images = {}
    for duplex in ("long-edge", "short-edge"):
        (_, data), = builder.sheet_pdfs(piece, PrintOptions(sheet, duplex=duplex))
        images[duplex] = render(data, 1, dpi=dpi)
    for k in range(sheet.cells):
        column, row = k % sheet.columns, k // sheet.columns
        x, y = sheet.cell_origin(sheet.columns - 1 - column, row)  # long edge: columns mirrored
        long_back = _crop(images["long-edge"], x, y, size, sheet.page_height, dpi)
        x, y = sheet.cell_origin(column, sheet.rows - 1 - row)  # short edge: rows mirrored
        # turned over the short edge the card shows its back upright; over the long edge, a half turn of that
        short_back = _turned(_crop(images["short-edge"], x, y, size, sheet.page_height, dpi))
        assert ImageStat.Stat(long_back).stddev[0] > 10  # a real back, not a blank
        assert _difference(long_back, short_back) < 2.0, k


def test_single_short_edge_back_is_turned(builder):
    piece = Piece("wallet-card", "es", "us-business")
    backs = {}
    for duplex in ("long-edge", "short-edge"):
        (_, data), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single"), duplex=duplex))
        backs[duplex] = render(data, 1, dpi=144).convert("L")
    assert _difference(backs["long-edge"], _turned(backs["short-edge"])) < 2.0
    assert _difference(backs["long-edge"], backs["short-edge"]) > 20.0


def test_back_offset_on_single_pages_moves_the_boxes_with_the_art(builder):
    piece = Piece("wallet-card", "en", "us-business")
    offset = (1.5 * MM, -0.5 * MM)
    (_, data), = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get("single"), bleed=9, back_offset=offset))
    (_, pages), = impose(builder.sides(piece), PrintOptions(SHEETS.get("single"), bleed=9, back_offset=offset))
    front, back = pages
    assert (back.trim[0] - front.trim[0], back.trim[1] - front.trim[1]) == pytest.approx(offset)
    assert (back.bleed[0] - front.bleed[0], back.bleed[1] - front.bleed[1]) == pytest.approx(offset)
    assert (back.placed[0].x, back.placed[0].y) == pytest.approx(back.trim[:2])  # the art on its TrimBox
    for a, b in zip(front.marks, back.marks):
        assert (b.x - a.x, b.y - a.y) == pytest.approx(offset)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            media, bleed_box = [float(v) for v in page.MediaBox], [float(v) for v in page.BleedBox]
            assert media[0] <= bleed_box[0] and media[1] <= bleed_box[1] and bleed_box[2] <= media[2] and bleed_box[3] <= media[3]


def test_start_cell_fills_a_partly_used_sheet():
    sheet = SHEETS.get("avery-5371")
    size = SIZES.get(sheet.card_size)
    side = _edge_side(size)
    (_, pages), = impose([side, side], PrintOptions(sheet, copies=10, start_cell=4))
    assert [len(p.placed) for p in pages] == [7, 7, 3, 3]
    assert (pages[0].placed[0].x, pages[0].placed[0].y) == sheet.cell_origin(1, 1)  # cell 4: second row, second column
    assert (pages[2].placed[0].x, pages[2].placed[0].y) == sheet.cell_origin(0, 0)
    # the backs of the first sheet sit behind cells 4 to 10
    x, y = sheet.cell_origin(0, 1)  # long edge: cell 4's back is in the first column
    assert (pages[1].placed[0].x, pages[1].placed[0].y) == pytest.approx((x, y))
    (_, rest), = impose([side], PrintOptions(sheet, start_cell=9))
    assert len(rest) == 1 and len(rest[0].placed) == 2  # a sheet's worth: what is left of it


def test_start_cell_on_the_command_line(runner, tmp_path):
    ok = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet", "avery-5371", "--start-cell", "4", "-o", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert any("from-cell4" in p.name for p in tmp_path.iterdir())
    for args in (["--sheet", "avery-5371", "--start-cell", "11"], ["--start-cell", "2"]):
        result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", *args, "-o", str(tmp_path / "x")])
        assert result.exit_code == 2, result.output
        assert "--start-cell" in result.output and "Traceback" not in result.output
    booklet = runner.invoke(main, ["build", "-p", "guide", "-l", "es", "--sheet", "booklet", "--start-cell", "2", "-o", str(tmp_path / "y")])
    assert booklet.exit_code == 2 and "--start-cell" in booklet.output


def test_die_line_is_a_spot_colour_round_cornered_outline_on_the_fronts(builder):
    from cardgen.pdf import DIE_LINE_NAME, DIE_LINE_RADIUS

    sheet = SHEETS.get("avery-c32011")
    (_, data), = builder.sheet_pdfs(Piece("wallet-card", "en", sheet.card_size), PrintOptions(sheet, die_line=True, cmyk=True))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        front, back = pdf.pages[0], pdf.pages[1]
        space = front.Resources.ColorSpace[f"/{DIE_LINE_NAME}"]
        assert space[0] == "/Separation" and space[1] == f"/{DIE_LINE_NAME}" and space[2] == "/DeviceCMYK"
        assert "/ColorSpace" not in back.Resources or f"/{DIE_LINE_NAME}" not in back.Resources.ColorSpace  # one cut, from the front
        ops = pikepdf.parse_content_stream(front)
        die = [i for i, (operands, op) in enumerate(ops) if str(op) == "CS" and operands and str(operands[0]) == f"/{DIE_LINE_NAME}"]
        assert len(die) == 1
        strokes = [op for _, op in ops[die[0]:] if str(op) == "S"]
        assert len(strokes) == sheet.cells
        gstates = [front.Resources.ExtGState[str(operands[0])] for operands, op in ops[die[0]:] if str(op) == "gs"]
        assert any(g.get("/OP") for g in gstates)  # overprints: knocks nothing out of the art
    assert DIE_LINE_RADIUS == pytest.approx(3.18 * MM)
    # from the rendered page: the corner of each card's outline is cut by the radius
    dpi = 200
    image = render(data, 0, dpi=dpi)
    x, y = sheet.cell_origin(0, 0)
    size = SIZES.get(sheet.card_size)
    top = y + size.height
    on_edge = _pixel(image, x + DIE_LINE_RADIUS + 3 * MM, top, sheet.page_height, dpi)
    at_corner = _pixel(image, x, top, sheet.page_height, dpi)
    assert on_edge[1] < 120 and on_edge[0] > 150  # magenta alternate on the straight edge
    assert not (at_corner[1] < 120 and at_corner[0] > 150 and at_corner[2] > 100)  # not on the rounded-off corner
    # without the option, none of it
    (_, plain), = builder.sheet_pdfs(Piece("wallet-card", "en", sheet.card_size), PrintOptions(sheet, cmyk=True))
    assert DIE_LINE_NAME.encode() not in plain


def test_outline_test_print_outlines_every_cell(runner, tmp_path):
    sheet = SHEETS.get("avery-5371")
    size = SIZES.get(sheet.card_size)
    result = runner.invoke(main, ["calibrate", "--outline", "--sheet", "avery-5371", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "outline-avery-5371.pdf").read_bytes()
    dpi = 100
    image = render(data, 0, dpi=dpi)
    for cell in range(sheet.cells):
        x, y = sheet.cell_origin(cell % sheet.columns, cell // sheet.columns)
        assert max(_pixel(image, x + size.width / 3, y + 0.1, sheet.page_height, dpi)[:3]) < 160  # the bottom edge
        assert max(_pixel(image, x + 0.1, y + size.height / 3, sheet.page_height, dpi)[:3]) < 160  # the left edge
        assert _is_white(_pixel(image, x + size.width / 4, y + size.height / 4, sheet.page_height, dpi))
    partial = runner.invoke(main, ["calibrate", "--outline", "--start-cell", "5", "-o", str(tmp_path)])
    assert partial.exit_code == 0, partial.output
    image = render((tmp_path / "outline-avery-5371-from-cell5.pdf").read_bytes(), 0, dpi=dpi)
    x, y = sheet.cell_origin(0, 0)
    assert _is_white(_pixel(image, x + size.width / 3, y + 0.1, sheet.page_height, dpi))  # cell 1 used already: no box
    refused = runner.invoke(main, ["calibrate", "--outline", "--sheet", "single", "-o", str(tmp_path)])
    assert refused.exit_code == 2 and "Traceback" not in refused.output


def test_slug_line_sits_outside_the_trims_and_numbers_the_sheets(builder, runner, tmp_path):
    from conftest import page_text

    sheet = SHEETS.get("press-13x19")
    piece = Piece("wallet-card", "es", sheet.card_size)
    options = PrintOptions(sheet, copies=30, bleed=default_bleed(SIZES.get(sheet.card_size)), slug=True)
    (_, data), = builder.sheet_pdfs(piece, options)
    texts = [" ".join(page_text(data, n).split()) for n in range(4)]
    version = builder.content.family("es", "wallet-card").meta.version
    for n, side in ((0, "front"), (1, "back"), (2, "front"), (3, "back")):
        assert f"wallet-card · es · us-business · content {version} of" in texts[n]
        assert f"sheet {n // 2 + 1} of 2 · {side}" in texts[n]
    (_, pages), = impose(builder.sides(piece), options, job="job")
    size = SIZES.get(sheet.card_size)
    for page in pages:
        slug = [op for op in page.marks if not isinstance(op, FillRect)]
        assert slug
        for line in slug:
            for run in line.runs:
                assert run.y >= MARK_EDGE  # clear of the unprintable edge
                for item in page.placed:  # below every card's bleed
                    assert run.y + run.size < item.y - options.bleed
    # reproducible: the date is the content's, not today's
    assert builder.sheet_pdfs(piece, options)[0][1] == data
    # a sheet with no margin for it: refused with a reason, exit 2
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet", "letter-10up", "--slug", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "slug" in result.output and "Traceback" not in result.output

"""The duplex calibration sheet: a cross on the front, scales on the back at each card's place.

Printed two-sided and held to the light (looking at the back), each front cross's lines cross
the back's two scales at the readings to pass as ``--back-offset X,Y`` (millimetres): the X
scale read on the vertical line, the Y scale on the horizontal one.
"""

from __future__ import annotations

from cardgen.drawing import FillRect
from cardgen.errors import OptionError
from cardgen.pdf import Page
from cardgen.sheets.impose import PrintOptions, back_slots
from cardgen.sheets.templates import SheetTemplate
from cardgen.sizes import MM, SIZES
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import Box, NoFit, Paragraph, fit

LATIN = Writing("en", "Latn", False)
LINE = 0.3
SPAN = 5  # mm either side of zero


def _text(text: str, box: Box, size: float, align: str = "center", bold: bool = False) -> list:
    """Small print on the calibration sheet; left out where a custom sheet leaves no room."""
    if box.height <= 0 or box.width <= 0:
        return []
    try:
        return list(fit([Paragraph(text, bold=bold, align=align)], LATIN, box, size, min(size, 3.5)).ops)
    except NoFit:
        return []


# Each scale stands apart from the other, so no tick or label of one can be read on the other:
# the X scale lies below the card's centre, read where the cross's vertical line crosses it; the
# Y scale lies left of the centre, read where the cross's horizontal line crosses it. The arms
# reach both scales over the whole span, whatever the printer's offset and flip.
X_SCALE_BELOW = 10  # mm from the centre down to the X scale's line
Y_SCALE_LEFT = 16  # mm from the centre left to the Y scale's line
ARM_ACROSS = (Y_SCALE_LEFT + SPAN + 3)  # mm, the horizontal arm's reach either side
ARM_DOWN = (X_SCALE_BELOW + SPAN + 3)  # mm, the vertical arm's reach either side


def _cross(cx: float, cy: float) -> list:
    across, down = ARM_ACROSS * MM, ARM_DOWN * MM
    return [FillRect(cx - across, cy - LINE / 2, 2 * across, LINE, "ink"), FillRect(cx - LINE / 2, cy - down, LINE, 2 * down, "ink")]


def _scales(cx: float, cy: float) -> list:
    """The X scale (horizontal, below the centre) and the Y scale (vertical, left of it), each
    with ticks every 0.5 mm, numbers every 2 mm and its name with the sign of --back-offset
    (cardgen.sheets.impose: +X moves the backs right, +Y moves them up)."""
    ops: list = []
    x_line, y_line = cy - X_SCALE_BELOW * MM, cx - Y_SCALE_LEFT * MM
    for k in range(-2 * SPAN, 2 * SPAN + 1):
        mm = k / 2
        long = k % 2 == 0
        tick = (2.5 if long else 1.3) * MM
        x = cx + mm * MM
        ops.append(FillRect(x - LINE / 2, x_line, LINE, tick, "red"))  # up from the X scale's line
        y = cy + mm * MM
        ops.append(FillRect(y_line, y - LINE / 2, tick, LINE, "red"))  # right of the Y scale's line
        if k % 4 == 0:
            label = f"{mm:+g}" if k else "0"
            ops += _text(label, Box(x - 2 * MM, x_line - 2.9 * MM, 4 * MM, 2.4 * MM), 4.5)
            ops += _text(label, Box(y_line - 5.2 * MM, y - 1.2 * MM, 4.6 * MM, 2.4 * MM), 4.5, align="end")
    ops.append(FillRect(cx - SPAN * MM, x_line - LINE / 2, 2 * SPAN * MM, LINE, "red"))
    ops.append(FillRect(y_line - LINE / 2, cy - SPAN * MM, LINE, 2 * SPAN * MM, "red"))
    # Each scale's name beside its end, out of the way of the cross's lines whatever the offset
    ops += _text("X mm: + moves backs right", Box(cx + (SPAN + 1.5) * MM, x_line - 0.6 * MM, 26 * MM, 2.8 * MM), 5, align="start", bold=True)
    ops += _text("Y mm: + moves backs up", Box(y_line - 24 * MM, cy + (SPAN + 0.8) * MM, 26.5 * MM, 2.8 * MM), 5, align="end", bold=True)
    return ops


def calibration_pages(sheet: SheetTemplate, options: PrintOptions) -> list[Page]:
    if sheet.single:
        raise OptionError("calibration is for sheets that hold several cards; 'single' pages are registered by the print shop.")
    size = SIZES.get(sheet.card_size)
    width, height = sheet.page_width, sheet.page_height
    front_ops: list = []
    back_ops: list = []
    for front, back in back_slots(sheet, options):
        front_ops += _cross(front.x + size.width / 2, front.y + size.height / 2)
        back_ops += _scales(back.x + size.width / 2, back.y + size.height / 2)
    flip = "short edge" if options.duplex == "short-edge" else "long edge"
    note = (
        f"Calibration for {sheet.name}: print both pages two-sided ({flip}) on the printer you will use. "
        "Hold the sheet to the light and look at this side: read X where the cross's vertical line "
        "crosses the X scale, and Y where its horizontal line crosses the Y scale (mm). Pass them as --back-offset X,Y."
    )
    top = height - min(sheet.top, 0.5 * 72) + 2
    back_ops += _text(note, Box(0.08 * width, top - 2, 0.84 * width, min(sheet.top, 36) - 4), 6.5, bold=True)
    front_ops += _text(f"Front of the {sheet.name} calibration sheet; the scales are on the back.", Box(0.08 * width, top - 2, 0.84 * width, min(sheet.top, 36) - 4), 6.5, bold=True)
    return [Page(width, height, (), tuple(front_ops)), Page(width, height, (), tuple(back_ops))]


def outline_page(sheet: SheetTemplate, start_cell: int = 1) -> Page:
    """A test print of the stock's cells: each cell's trim outlined and numbered (counted along
    the rows from the top left, as --start-cell counts), to print on plain paper and hold
    against a sheet of the stock before feeding the real thing. Cells before ``start_cell`` are
    left out, so a partly used sheet can be checked too."""
    if sheet.single or sheet.booklet:
        raise OptionError(f"an outline test print is for card sheets; '{sheet.name}' has no cells to outline. Choose a sheet such as avery-5371 (see 'cardgen list').")
    if not 1 <= start_cell <= sheet.cells:
        raise OptionError(f"--start-cell {start_cell} is not a cell of sheet '{sheet.name}': give a number from 1 to {sheet.cells}.")
    size = SIZES.get(sheet.card_size)
    ops: list = []
    for cell in range(start_cell - 1, sheet.cells):
        x, y = sheet.cell_origin(cell % sheet.columns, cell // sheet.columns)
        w, h = size.width, size.height
        ops += [FillRect(x, y, w, LINE, "ink"), FillRect(x, y + h - LINE, w, LINE, "ink"),
                FillRect(x, y, LINE, h, "ink"), FillRect(x + w - LINE, y, LINE, h, "ink")]
        ops += _text(str(cell + 1), Box(x + w / 2 - 10 * MM, y + h / 2 - 4 * MM, 20 * MM, 8 * MM), 18, bold=True)
    note = f"Outline of {sheet.name}: print at actual size on plain paper and hold it against the stock; each box should sit on a card."
    top = sheet.page_height - min(sheet.top, 0.5 * 72) + 2
    ops += _text(note, Box(0.08 * sheet.page_width, top - 2, 0.84 * sheet.page_width, min(sheet.top, 36) - 4), 6.5, bold=True)
    return Page(sheet.page_width, sheet.page_height, (), tuple(ops))

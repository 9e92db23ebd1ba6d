"""The duplex calibration sheet: a cross on the front, scales on the back at each card's place.

Printed two-sided and held to the light (looking at the back), each front cross falls on the
back's scales at the reading to pass as ``--back-offset X,Y`` (millimetres).
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


def _cross(cx: float, cy: float) -> list:
    arm = 8 * MM
    return [FillRect(cx - arm, cy - LINE / 2, 2 * arm, LINE, "ink"), FillRect(cx - LINE / 2, cy - arm, LINE, 2 * arm, "ink")]


def _scales(cx: float, cy: float) -> list:
    """A horizontal and a vertical millimetre scale crossing at (cx, cy), labelled every 1 mm."""
    ops: list = []
    for k in range(-2 * SPAN, 2 * SPAN + 1):
        mm = k / 2
        long = k % 2 == 0
        tick = (3.0 if long else 1.6) * MM
        x = cx + mm * MM
        ops.append(FillRect(x - LINE / 2, cy - tick, LINE, tick, "red"))  # under the horizontal scale
        y = cy + mm * MM
        ops.append(FillRect(cx, y - LINE / 2, tick, LINE, "red"))  # right of the vertical scale
        if long and k % 4 == 0 and k:
            label = f"{mm:+g}"
            ops += _text(label, Box(x - 3 * MM, cy - 6.2 * MM, 6 * MM, 2.6 * MM), 5)
            ops += _text(label, Box(cx + 3.4 * MM, y - 1.3 * MM, 6 * MM, 2.6 * MM), 5, align="start")
    ops.append(FillRect(cx - SPAN * MM, cy - LINE / 2, 2 * SPAN * MM, LINE, "red"))
    ops.append(FillRect(cx - LINE / 2, cy - SPAN * MM, LINE, 2 * SPAN * MM, "red"))
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
        "Hold the sheet to the light and look at this side: read where each black cross of the front "
        "falls on the red scales (mm). Pass the readings as --back-offset X,Y."
    )
    top = height - min(sheet.top, 0.5 * 72) + 2
    back_ops += _text(note, Box(0.08 * width, top - 2, 0.84 * width, min(sheet.top, 36) - 4), 6.5, bold=True)
    front_ops += _text(f"Front of the {sheet.name} calibration sheet; the scales are on the back.", Box(0.08 * width, top - 2, 0.84 * width, min(sheet.top, 36) - 4), 6.5, bold=True)
    return [Page(width, height, (), tuple(front_ops)), Page(width, height, (), tuple(back_ops))]

"""Imposition: cards onto sheets, backs behind their fronts, bleed, crop marks.

A sheet PDF alternates front page, back page. Each back is placed where the paper puts it
behind its front once flipped: long-edge flips mirror left and right, short-edge flips mirror
top and bottom. A printer that shifts its backs is corrected with ``back_offset``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

from cardgen.drawing import FillRect, Side
from cardgen import limits
from cardgen.errors import OptionError
from cardgen.pdf import Page, Placed
from cardgen.sheets.templates import SheetTemplate
from cardgen.sizes import MM, SIZES, TrimSize

Duplex = Literal["long-edge", "short-edge", "none"]
MARK_GAP = 2.0  # pt between the bleed and a crop mark
MARK_LENGTH = 12.0  # pt
MARK_WIDTH = 0.3  # pt


def default_bleed(size: TrimSize) -> float:
    """1/8 in for inch sizes, 3 mm for metric ones."""
    return 3 * MM if size.metric else 9.0


@dataclass(frozen=True)
class PrintOptions:
    sheet: SheetTemplate
    copies: int | None = None  # cards; default one full sheet
    duplex: Duplex = "long-edge"
    back_offset: tuple[float, float] = (0.0, 0.0)  # pt, applied to back pages
    bleed: float = 0.0  # pt
    cmyk: bool = False


@dataclass(frozen=True)
class Slot:
    """Where one card's side lands on a page: its trim's bottom-left corner."""

    copy: int
    x: float
    y: float


def viewer_duplex(options: PrintOptions, pages: int) -> str:
    """The PDF /Duplex viewer preference for a file of ``pages`` pages printed with ``options``:
    turned as --duplex says (card sheets over the long edge, booklets over the short one, a
    single card's front and back as --duplex says); a one-page file, and the fronts or backs
    written apart (duplex 'none'), one-sided. The same as the print hints say (cardgen.ticket)."""
    if pages < 2 or options.duplex == "none":
        return "Simplex"
    return "DuplexFlipShortEdge" if options.duplex == "short-edge" else "DuplexFlipLongEdge"


def check_options(options: PrintOptions, size: TrimSize) -> None:
    """Refuse options that would print a wrong sheet; NaN and infinity nowhere, so that no
    number that is not finite can reach the PDF."""
    _check_numbers(options)
    sheet = options.sheet
    if sheet.booklet:
        from cardgen.sheets.booklet import check_booklet

        check_booklet(options, size)
        return
    if not sheet.single and size.name != sheet.card_size:
        raise OptionError(f"sheet '{sheet.name}' holds {SIZES.get(sheet.card_size).label} cards ({sheet.card_size}), not {size.name}. Leave out --size or choose another --sheet.")
    if options.bleed and not sheet.bleed:
        raise OptionError(f"sheet '{sheet.name}' is die-cut card stock: bleed would print onto the neighbouring card. Leave out --bleed, or use a plain-paper sheet (letter-10up, a4-10up) or single.")
    if not sheet.single and options.bleed:
        room = min(sheet.column_gap if sheet.columns > 1 else math.inf, sheet.row_gap if sheet.rows > 1 else math.inf)
        if options.bleed > room + 0.01:
            raise OptionError(f"a bleed of {options.bleed / MM:.1f} mm is wider than the {room / MM:.1f} mm gutter of sheet '{sheet.name}'. Give a smaller --bleed.")


def _check_numbers(options: PrintOptions) -> None:
    """Duplex a known value; sheet geometry finite; copies, bleed and back offset within their documented limits (cardgen.limits)."""
    sheet = options.sheet
    if options.duplex not in ("long-edge", "short-edge", "none"):
        raise OptionError(f"duplex '{options.duplex}' is not one of long-edge, short-edge, none.")
    geometry = (sheet.page_width, sheet.page_height, sheet.left, sheet.top, sheet.column_gap, sheet.row_gap)
    if not all(math.isfinite(v) for v in geometry) or not 1 <= sheet.cells <= limits.MAX_CELLS:
        raise OptionError(f"sheet '{sheet.name}' has a length that is not a finite number, or more than {limits.MAX_CELLS} cells. Fix the sheet file.")
    if options.copies is not None and (isinstance(options.copies, bool) or not isinstance(options.copies, int) or not 1 <= options.copies <= limits.MAX_COPIES):
        raise OptionError(f"--copies must be a whole number from 1 to {limits.MAX_COPIES:,}, not {options.copies!r}.")
    if not (math.isfinite(options.bleed) and 0 <= options.bleed <= limits.MAX_BLEED_MM * MM + 1e-9):
        raise OptionError(f"a bleed of {options.bleed / MM:g} mm is out of range: give --bleed from 0 to {limits.MAX_BLEED_MM} mm, such as 3mm.")
    if len(options.back_offset) != 2 or not all(math.isfinite(v) and abs(v) <= limits.MAX_BACK_OFFSET_MM * MM + 1e-9 for v in options.back_offset):
        shown = ",".join(f"{v / MM:g}" for v in options.back_offset)
        raise OptionError(f"--back-offset {shown} is out of range: each part must be a number of millimetres from -{limits.MAX_BACK_OFFSET_MM} to {limits.MAX_BACK_OFFSET_MM} (see 'cardgen calibrate').")


def impose(sides: Sequence[Side], options: PrintOptions, size: TrimSize | None = None, right_bound: bool = False) -> list[tuple[str, list[Page]]]:
    """The files to write, as (name suffix, pages): one file, or fronts and backs apart.

    ``size`` is the pieces' trim size (a booklet's paper follows from it); a right-to-left
    booklet is ``right_bound``.
    """
    sheet = options.sheet
    if sheet.booklet:
        from cardgen.sheets.booklet import impose_booklet

        return impose_booklet(sides, options, size or SIZES.get(sheet.card_size), right_bound)
    if sheet.single:
        return [("", [_single_page(side, options, back=i > 0) for i, side in enumerate(sides)])]
    size = SIZES.get(sheet.card_size)
    copies = options.copies or sheet.cells
    fronts, backs = [], []
    for start in range(0, copies, sheet.cells):
        count = min(sheet.cells, copies - start)
        slots = [Slot(start + k, *sheet.cell_origin(k % sheet.columns, k // sheet.columns)) for k in range(count)]
        fronts.append(_sheet_page(sheet, size, sides[0], slots, options))
        if len(sides) > 1:
            back_slots = [_behind(slot, sheet, size, options) for slot in slots]
            backs.append(_sheet_page(sheet, size, sides[1], back_slots, options))
    if not backs:
        return [("", fronts)]
    if options.duplex == "none":
        return [("-fronts", fronts), ("-backs", backs)]
    return [("", [page for pair in zip(fronts, backs) for page in pair])]


def back_slots(sheet: SheetTemplate, options: PrintOptions) -> list[tuple[Slot, Slot]]:
    """Every cell of a full sheet: (front slot, back slot); for tests and calibration."""
    size = SIZES.get(sheet.card_size)
    pairs = []
    for k in range(sheet.cells):
        front = Slot(k, *sheet.cell_origin(k % sheet.columns, k // sheet.columns))
        pairs.append((front, _behind(front, sheet, size, options)))
    return pairs


def _behind(slot: Slot, sheet: SheetTemplate, size: TrimSize, options: PrintOptions) -> Slot:
    x, y = slot.x, slot.y
    if options.duplex == "short-edge":
        y = sheet.page_height - y - size.height
    else:  # long-edge; "none" too: backs printed separately are fed back with a long-edge turn
        x = sheet.page_width - x - size.width
    dx, dy = options.back_offset
    return Slot(slot.copy, x + dx, y + dy)


def _sheet_page(sheet: SheetTemplate, size: TrimSize, side: Side, slots: Sequence[Slot], options: PrintOptions) -> Page:
    placed = tuple(Placed(side, s.x, s.y, options.bleed) for s in slots)
    marks = _guillotine_marks(sheet, size, slots, options.bleed) if sheet.crop_marks else ()
    return Page(sheet.page_width, sheet.page_height, placed, marks)


def _single_page(side: Side, options: PrintOptions, back: bool) -> Page:
    bleed = options.bleed
    if not bleed:
        return Page(side.width, side.height, (Placed(side, 0, 0),))
    zone = bleed + MARK_GAP + MARK_LENGTH + MARK_GAP
    x = y = zone
    if back:
        x, y = x + options.back_offset[0], y + options.back_offset[1]
    width, height = side.width + 2 * zone, side.height + 2 * zone
    trim = (zone, zone, zone + side.width, zone + side.height)
    bleed_box = (zone - bleed, zone - bleed, zone + side.width + bleed, zone + side.height + bleed)
    marks = _corner_marks(zone, zone, side.width, side.height, bleed)
    return Page(width, height, (Placed(side, x, y, bleed),), marks, trim, bleed_box)


def _corner_marks(x: float, y: float, w: float, h: float, bleed: float) -> tuple[FillRect, ...]:
    """Two marks at each corner of the trim, on its edges' lines, outside the bleed."""
    start, half = bleed + MARK_GAP, MARK_WIDTH / 2
    marks = []
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            # horizontal mark along the line y = cy, outside on the x side
            x0 = cx + sx * start
            marks.append(FillRect(min(x0, x0 + sx * MARK_LENGTH), cy - half, MARK_LENGTH, MARK_WIDTH, "ink"))
            y0 = cy + sy * start
            marks.append(FillRect(cx - half, min(y0, y0 + sy * MARK_LENGTH), MARK_WIDTH, MARK_LENGTH, "ink"))
    return tuple(marks)


def _guillotine_marks(sheet: SheetTemplate, size: TrimSize, slots: Sequence[Slot], bleed: float) -> tuple[FillRect, ...]:
    """Marks in the sheet's margins on every cut line of the cards present (none for empty cells)."""
    if not slots:
        return ()
    half = MARK_WIDTH / 2
    left = min(s.x for s in slots) - bleed - MARK_GAP
    right = max(s.x for s in slots) + size.width + bleed + MARK_GAP
    bottom = min(s.y for s in slots) - bleed - MARK_GAP
    top = max(s.y for s in slots) + size.height + bleed + MARK_GAP
    marks: list[FillRect] = []
    for cut in sorted({v for s in slots for v in (s.x, s.x + size.width)}):
        if top < sheet.page_height:
            marks.append(FillRect(cut - half, top, MARK_WIDTH, min(MARK_LENGTH, sheet.page_height - top), "ink"))
        if bottom > 0:
            length = min(MARK_LENGTH, bottom)
            marks.append(FillRect(cut - half, bottom - length, MARK_WIDTH, length, "ink"))
    for cut in sorted({v for s in slots for v in (s.y, s.y + size.height)}):
        if left > 0:
            length = min(MARK_LENGTH, left)
            marks.append(FillRect(left - length, cut - half, length, MARK_WIDTH, "ink"))
        if right < sheet.page_width:
            marks.append(FillRect(right, cut - half, min(MARK_LENGTH, sheet.page_width - right), MARK_WIDTH, "ink"))
    return tuple(marks)

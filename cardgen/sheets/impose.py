"""Imposition: cards onto sheets, backs behind their fronts, bleed, crop marks.

A sheet PDF alternates front page, back page. Each back is placed where the paper puts it
behind its front once flipped: long-edge flips mirror left and right, short-edge flips mirror
top and bottom. A short-edge flip also turns the back head to foot, so short-edge backs are
drawn turned a half turn: both modes give the same finished card (its back upright when the
card is turned over its vertical edge). A printer that shifts its backs is corrected with
``back_offset``.

Where a gutter is narrower than two bleeds, each card's bleed is clipped at the gutter's middle,
so that no card's bleed reaches its neighbour's trim. Crop marks are in registration colour
(every separation) and keep at least ``MARK_EDGE`` from the paper's edge, where office printers
cannot print; a mark with no room for that is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Sequence

from cardgen.drawing import FillRect, Side
from cardgen import limits
from cardgen.errors import OptionError
from cardgen.pdf import Page, Placed
from cardgen.sheets.templates import SheetTemplate
from cardgen.sizes import MM, SIZES, TrimSize

if TYPE_CHECKING:
    from cardgen.color import OutputCondition

Duplex = Literal["long-edge", "short-edge", "none"]
Order = Literal["rows", "cut-stack"]
ORDERS = ("rows", "cut-stack")
MARK_GAP = 2.0  # pt between the bleed and a crop mark
MARK_LENGTH = 12.0  # pt
MARK_WIDTH = 0.3  # pt
MARK_EDGE = 5 * MM  # the least distance from a mark to the paper's edge (office printers' unprintable margin)
MARK_SHORTEST = 4.0  # pt; a mark that would be shorter is left out
MARK_COLOR = "registration"  # all separations: a mark cut on any plate lines up with the others


def default_bleed(size: TrimSize) -> float:
    """1/8 in for inch sizes, 3 mm for metric ones."""
    return 3 * MM if size.metric else 9.0


@dataclass(frozen=True)
class PrintOptions:
    """How a piece is printed: the sheet, copies, duplex, bleed, colour and marks."""

    sheet: SheetTemplate
    copies: int | None = None  # cards; default one full sheet
    duplex: Duplex = "long-edge"
    back_offset: tuple[float, float] = (0.0, 0.0)  # pt, applied to back pages
    bleed: float = 0.0  # pt
    cmyk: bool = False
    start_cell: int = 1  # the first free cell of a partly used sheet, counted from 1 along the rows
    slug: bool = False  # a slug line outside the trims: the job (given to impose), sheet n of m, front or back
    die_line: bool = False  # each front's trim outlined with round corners in a spot colour for a die-cutter (cardgen.pdf.DIE_LINE_NAME)
    pdfx: bool = False  # PDF/X-1a:2001 for a print shop (cardgen.pdf): CMYK through ICC, OutputIntent
    condition: "OutputCondition | None" = None  # the printing condition for pdfx (cardgen.color); None: SWOP
    order: Order = "rows"  # which copy goes in which cell: see sheet_cells


@dataclass(frozen=True)
class Slot:
    """Where one card's side lands on a page: its trim's bottom-left corner, its cell (column,
    row; row 0 at the top) and whether it is drawn turned a half turn."""

    copy: int
    x: float
    y: float
    column: int = 0
    row: int = 0
    turned: bool = False


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
    if options.order not in ORDERS:
        raise OptionError(f"order '{options.order}' is not one of {', '.join(ORDERS)}.")
    if options.order == "cut-stack" and (sheet.single or sheet.booklet or options.start_cell != 1):
        raise OptionError("--order cut-stack stacks full sheets of cards: use it with a sheet of cards (--sheet press-12x18, ...) and without --start-cell.")
    if options.start_cell != 1 and (sheet.single or sheet.booklet or not 1 <= options.start_cell <= sheet.cells):
        where = "a sheet of cards (--sheet avery-5371, ...)" if sheet.single or sheet.booklet else f"from 1 to {sheet.cells} on sheet '{sheet.name}'"
        raise OptionError(f"--start-cell {options.start_cell} is not a cell of this sheet: give a cell number {where} (cells are counted along the rows from the top left).")
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


def impose(sides: Sequence[Side], options: PrintOptions, size: TrimSize | None = None, right_bound: bool = False, job: str = "") -> list[tuple[str, list[Page]]]:
    """The files to write, as (name suffix, pages): one file, or fronts and backs apart.

    ``size`` is the pieces' trim size (a booklet's paper follows from it); a right-to-left
    booklet is ``right_bound``. ``job`` begins the slug line (``options.slug``): what is
    printed, its locale, content version and date.
    """
    sheet = options.sheet
    if sheet.booklet:
        from cardgen.sheets.booklet import impose_booklet

        return impose_booklet(sides, options, size or SIZES.get(sheet.card_size), right_bound)
    if sheet.single:
        folds = size.folds if size else ()
        pages = [_single_page(side, options, back=i > 0, folds=folds) for i, side in enumerate(sides)]
        if options.slug:
            pages = [_with_slug(page, job, 1, 1, side.name, None) for page, side in zip(pages, sides)]
        return [("", pages)]
    from dataclasses import replace

    copies = options.copies or sheet.cells - (options.start_cell - 1)
    # every copy alike: cut-and-stack would move only the empty cells of the last sheets, so the
    # sheets are filled along the rows whatever the order, and the file stays the same
    return impose_copies([sides] * copies, replace(options, order="rows"), job)


def impose_copies(copies: Sequence[Sequence[Side]], options: PrintOptions, job: str = "") -> list[tuple[str, list[Page]]]:
    """Cards that may differ onto a sheet of cards: ``copies[n]`` is copy n's sides (its front,
    and its back if it has one; every copy has a back or none does), placed in the cells
    ``options.order`` gives it. Sides equal in value are drawn once (cardgen.pdf)."""
    sheet = options.sheet
    size = SIZES.get(sheet.card_size)
    two_sided = len(copies[0]) > 1
    if any((len(sides) > 1) != two_sided for sides in copies):
        raise OptionError("every card on a sheet needs a back, or none does: these cards are mixed.")
    fronts, backs = [], []
    for cells in sheet_cells(len(copies), sheet.cells, options.order, options.start_cell):
        slots = [_front_slot(sheet, copy, cell) for cell, copy in cells]
        fronts.append(_sheet_page(sheet, size, [copies[s.copy][0] for s in slots], slots, options, front=True))
        if two_sided:
            behind = [_behind(slot, sheet, size, options) for slot in slots]
            backs.append(_sheet_page(sheet, size, [copies[s.copy][1] for s in slots], behind, options))
    if options.slug:
        fronts = [_with_slug(page, job, n, len(fronts), "front", size) for n, page in enumerate(fronts, start=1)]
        backs = [_with_slug(page, job, n, len(backs), "back", size) for n, page in enumerate(backs, start=1)]
    if not backs:
        return [("", fronts)]
    if options.duplex == "none":
        return [("-fronts", fronts), ("-backs", backs)]
    return [("", [page for pair in zip(fronts, backs) for page in pair])]


def sheet_cells(copies: int, cells: int, order: Order = "rows", start_cell: int = 1) -> list[list[tuple[int, int]]]:
    """For each sheet, its (cell, copy) pairs, cells counted from 0 along the rows.

    "rows": copy after copy along the rows, sheet after sheet, the first sheet from
    ``start_cell``. "cut-stack", for runs cut as one stack: with N sheets, cell c of sheet s
    holds copy c * N + s, so once the stack is cut each cell's pile holds consecutive copies
    (N of them; the last piles one short where the copies do not fill every sheet), and the
    piles laid one on another are in order. The same number of sheets either way; with every
    copy alike the order changes only which cells of the last sheets stay empty.
    """
    if order == "cut-stack":
        count = -(-copies // cells)
        return [[(c, c * count + s) for c in range(cells) if c * count + s < copies] for s in range(count)]
    sheets, done, skip = [], 0, start_cell - 1
    while done < copies:
        count = min(cells - skip, copies - done)
        sheets.append([(skip + n, done + n) for n in range(count)])
        done, skip = done + count, 0
    return sheets


def back_slots(sheet: SheetTemplate, options: PrintOptions) -> list[tuple[Slot, Slot]]:
    """Every cell of a full sheet: (front slot, back slot); for tests and calibration."""
    size = SIZES.get(sheet.card_size)
    pairs = []
    for k in range(sheet.cells):
        front = _front_slot(sheet, k, k)
        pairs.append((front, _behind(front, sheet, size, options)))
    return pairs


def _front_slot(sheet: SheetTemplate, copy: int, cell: int) -> Slot:
    column, row = cell % sheet.columns, cell // sheet.columns
    return Slot(copy, *sheet.cell_origin(column, row), column, row)


def _behind(slot: Slot, sheet: SheetTemplate, size: TrimSize, options: PrintOptions) -> Slot:
    x, y, column, row, turned = slot.x, slot.y, slot.column, slot.row, False
    if options.duplex == "short-edge":
        y = sheet.page_height - y - size.height
        row, turned = sheet.rows - 1 - row, True
    else:  # long-edge; "none" too: backs printed separately are fed back with a long-edge turn
        x = sheet.page_width - x - size.width
        column = sheet.columns - 1 - column
    dx, dy = options.back_offset
    return Slot(slot.copy, x + dx, y + dy, column, row, turned)


def _sheet_page(sheet: SheetTemplate, size: TrimSize, sides: Sequence[Side], slots: Sequence[Slot], options: PrintOptions, front: bool = False) -> Page:
    placed = tuple(Placed(side, s.x, s.y, options.bleed, _bleed_clip(sheet, size, s, options.bleed), s.turned) for side, s in zip(sides, slots))
    # a back's folds are mirrored: the sheet turns over (either edge mirrors left and right)
    folds = size.folds if front else tuple(size.width - fold for fold in size.folds)
    marks = _guillotine_marks(sheet, size, slots, options.bleed, folds) if sheet.crop_marks else ()
    # the die cuts the whole stack from one side: its line goes on the fronts only
    die_lines = tuple((s.x, s.y, s.x + size.width, s.y + size.height) for s in slots) if options.die_line and front else ()
    return Page(sheet.page_width, sheet.page_height, placed, marks, die_lines=die_lines)


def _bleed_clip(sheet: SheetTemplate, size: TrimSize, slot: Slot, bleed: float) -> tuple[float, float, float, float] | None:
    """The card's bleed box cut back to the middle of each gutter narrower than two bleeds, so
    that no bleed reaches a neighbour's trim; None where the whole bleed fits (the usual clip)."""
    if not bleed:
        return None
    half_column, half_row = min(bleed, sheet.column_gap / 2), min(bleed, sheet.row_gap / 2)
    left = half_column if slot.column > 0 else bleed
    right = half_column if slot.column < sheet.columns - 1 else bleed
    top = half_row if slot.row > 0 else bleed
    bottom = half_row if slot.row < sheet.rows - 1 else bleed
    if left == right == top == bottom == bleed:
        return None
    return (slot.x - left, slot.y - bottom, slot.x + size.width + right, slot.y + size.height + top)


def _single_page(side: Side, options: PrintOptions, back: bool, folds: tuple[float, ...] = ()) -> Page:
    """One side on its own page; with bleed, crop marks and boxes around it (and fold marks
    where a folding piece folds). A back offset moves the back's art together with its TrimBox,
    BleedBox and marks (a print shop places the page by its boxes), on a page grown by the
    offset so that nothing leaves it."""
    bleed = options.bleed
    turned = back and options.duplex == "short-edge"
    if not bleed:
        die_lines = ((0.0, 0.0, side.width, side.height),) if options.die_line and not back else ()
        return Page(side.width, side.height, (Placed(side, 0, 0, turned=turned),), die_lines=die_lines)
    shift = max(abs(v) for v in options.back_offset)
    zone = bleed + MARK_GAP + MARK_LENGTH + MARK_EDGE + shift
    dx, dy = options.back_offset if back else (0.0, 0.0)
    x, y = zone + dx, zone + dy
    width, height = side.width + 2 * zone, side.height + 2 * zone
    trim = (x, y, x + side.width, y + side.height)
    bleed_box = (x - bleed, y - bleed, x + side.width + bleed, y + side.height + bleed)
    marks = _corner_marks(x, y, side.width, side.height, bleed)
    if folds:
        xs = [x + (side.width - fold if back else fold) for fold in folds]
        marks += _fold_marks(xs, y + side.height + bleed + MARK_GAP, MARK_LENGTH, y - bleed - MARK_GAP, MARK_LENGTH)
    die_lines = (trim,) if options.die_line and not back else ()
    return Page(width, height, (Placed(side, x, y, bleed, turned=turned),), marks, trim, bleed_box, die_lines)


SLUG_SIZE = 5.0  # pt


def slug_room(page: Page, size: TrimSize | None) -> tuple[float, float, float, float] | None:
    """Where a slug line goes: below the lowest card, beside the first card's cut marks (inside
    its trim's width), above the unprintable edge; None if the margin has no room for it."""
    if page.trim is not None and page.bleed is not None and page.placed:  # a single card with bleed
        (x0, _, x1, _), bottom = page.trim, page.bleed[1] - MARK_GAP
    elif page.placed and size is not None:
        first = min(page.placed, key=lambda p: (p.x, p.y))
        x0, x1 = first.x, first.x + size.width
        bottom = min(p.y for p in page.placed) - first.bleed - MARK_GAP
    else:
        return None
    box = (x0 + MARK_GAP + 1, MARK_EDGE, x1 - MARK_GAP - 1, bottom)
    return box if box[3] - box[1] >= SLUG_SIZE * 1.4 and box[2] > box[0] else None


def _with_slug(page: Page, job: str, number: int, count: int, side: str, size: TrimSize | None) -> Page:
    from dataclasses import replace

    from cardgen.typeset.fonts import Writing
    from cardgen.typeset.layout import Box, NoFit, Paragraph, fit

    room = slug_room(page, size)
    if room is None:
        raise OptionError("this sheet has no margin for a slug line 5 mm clear of the paper's edge. Leave out --slug, add --bleed (single cards), or use a sheet with wider margins, such as press-13x19.")
    text = f"{job} · sheet {number} of {count} · {side}"
    x0, y0, x1, y1 = room
    try:
        laid = fit([Paragraph(text, align="start")], Writing("en", "Latn", False), Box(x0, y0, x1 - x0, min(y1 - y0, SLUG_SIZE * 1.6)), SLUG_SIZE, 3.5)
    except NoFit:
        raise OptionError(f"the slug line '{text}' does not fit in the sheet's margin. Leave out --slug or use a sheet with wider margins.") from None
    return replace(page, marks=page.marks + tuple(op for op in laid.ops))


def _corner_marks(x: float, y: float, w: float, h: float, bleed: float) -> tuple[FillRect, ...]:
    """Two marks at each corner of the trim, on its edges' lines, outside the bleed."""
    start, half = bleed + MARK_GAP, MARK_WIDTH / 2
    marks = []
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            # horizontal mark along the line y = cy, outside on the x side
            x0 = cx + sx * start
            marks.append(FillRect(min(x0, x0 + sx * MARK_LENGTH), cy - half, MARK_LENGTH, MARK_WIDTH, MARK_COLOR))
            y0 = cy + sy * start
            marks.append(FillRect(cx - half, min(y0, y0 + sy * MARK_LENGTH), MARK_WIDTH, MARK_LENGTH, MARK_COLOR))
    return tuple(marks)


FOLD_DASH, FOLD_SPACE = 2.5, 1.5  # pt: a fold mark is dashed, a cut mark solid


def _fold_marks(xs: Sequence[float], top: float, room_up: float, bottom: float, room_down: float) -> tuple[FillRect, ...]:
    """Dashed marks on each fold line ``xs``, above the art from ``top`` and below it down from
    ``bottom``, as long as the room there allows (none where it is under the shortest mark)."""
    half = MARK_WIDTH / 2
    marks: list[FillRect] = []
    for x in xs:
        for start, room, way in ((top, room_up, 1), (bottom, room_down, -1)):
            if room < MARK_SHORTEST:
                continue
            offset = 0.0
            while offset < room - 0.01:
                length = min(FOLD_DASH, room - offset)
                y0 = start + way * offset
                marks.append(FillRect(x - half, y0 if way > 0 else y0 - length, MARK_WIDTH, length, MARK_COLOR))
                offset += FOLD_DASH + FOLD_SPACE
    return tuple(marks)


def _guillotine_marks(sheet: SheetTemplate, size: TrimSize, slots: Sequence[Slot], bleed: float, folds: tuple[float, ...] = ()) -> tuple[FillRect, ...]:
    """Marks in the sheet's margins on every cut line of the cards present (none for empty
    cells), and dashed ones above and below on every fold line (``folds``: from a card's left edge)."""
    if not slots:
        return ()
    half = MARK_WIDTH / 2
    left = min(s.x for s in slots) - bleed - MARK_GAP
    right = max(s.x for s in slots) + size.width + bleed + MARK_GAP
    bottom = min(s.y for s in slots) - bleed - MARK_GAP
    top = max(s.y for s in slots) + size.height + bleed + MARK_GAP
    marks: list[FillRect] = []
    room_up = min(MARK_LENGTH, sheet.page_height - MARK_EDGE - top)
    room_down = min(MARK_LENGTH, bottom - MARK_EDGE)
    room_left = min(MARK_LENGTH, left - MARK_EDGE)
    room_right = min(MARK_LENGTH, sheet.page_width - MARK_EDGE - right)
    for cut in sorted({v for s in slots for v in (s.x, s.x + size.width)}):
        if room_up >= MARK_SHORTEST:
            marks.append(FillRect(cut - half, top, MARK_WIDTH, room_up, MARK_COLOR))
        if room_down >= MARK_SHORTEST:
            marks.append(FillRect(cut - half, bottom - room_down, MARK_WIDTH, room_down, MARK_COLOR))
    for cut in sorted({v for s in slots for v in (s.y, s.y + size.height)}):
        if room_left >= MARK_SHORTEST:
            marks.append(FillRect(left - room_left, cut - half, room_left, MARK_WIDTH, MARK_COLOR))
        if room_right >= MARK_SHORTEST:
            marks.append(FillRect(right, cut - half, room_right, MARK_WIDTH, MARK_COLOR))
    fold_lines = sorted({s.x + fold for s in slots for fold in folds})
    return tuple(marks) + _fold_marks(fold_lines, top, room_up, bottom, room_down)

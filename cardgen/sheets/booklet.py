"""Saddle-stitch imposition: a booklet's pages two to a side of landscape sheets, in the order
that folding the printed stack in half and stapling it at the fold gives back the reading order.

For N pages, padded with blank pages to a multiple of 4, sheet k (counting from 1, i = k - 1)
carries, left to right::

    front = [N - 2i, 1 + 2i]        back = [2 + 2i, N - 1 - 2i]

so sheet 1 is the outside of the booklet (cover and last page) and the last sheet its centre
spread. A right-to-left booklet (Arabic, Persian, Urdu, ...) is bound on the right: each side's
two halves change places (front = [1 + 2i, N - 2i]); the pages keep their reading order.

Printing: the sheets are landscape and are printed on both sides, flipping on the SHORT edge
(the setting print dialogs call "flip on short edge" or "tumble"); the PDF says so in its
viewer preferences and subject, and asks for printing at actual size.

No fold mark: two pages fill the sheet edge to edge (5.5 x 8.5 in twice on Letter, A5 twice on
A4 with 0.5 mm to spare), so there is no room outside the trim for one; fold the stack at the
middle of the sheet. Creep: the inner sheets' pages stick out at the fore-edge by about one
paper thickness per sheet outside them (about 0.1 mm per sheet of 80 g/m2 paper, well under
1 mm for the guide's few sheets). The pages' outer margins (over 12 mm) absorb that, so no
creep compensation is applied; trim the fore-edge if you want it flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cardgen.drawing import Side
from cardgen.errors import OptionError
from cardgen.pdf import Page, Placed
from cardgen.sizes import INCH, MM, TrimSize


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # pt, landscape
    height: float


# The sheet each booklet page size is printed on: two pages side by side.
PAPER = {
    "half-letter": Paper("US Letter", 11 * INCH, 8.5 * INCH),
    "a5": Paper("A4", 297 * MM, 210 * MM),
}
PRINTING = "booklet: print both sides, flip on short edge, at actual size; fold the stack in half, staple twice at the fold"


def padded(pages: int) -> int:
    """Pages of the printed booklet: ``pages`` rounded up to a multiple of 4 (at least 4)."""
    return max(4, -(-pages // 4) * 4)


def sheets_needed(pages: int) -> int:
    """Sheets of paper for one booklet of ``pages`` pages."""
    return padded(pages) // 4


def signature_order(pages: int, right_bound: bool = False) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each sheet, ((front left, front right), (back left, back right)) as 1-based page
    numbers of a booklet of ``pages`` pages (a multiple of 4)."""
    if pages % 4 or pages < 4:
        raise ValueError(f"a saddle-stitched booklet has a multiple of 4 pages, not {pages}")
    order = []
    for i in range(pages // 4):
        front = (pages - 2 * i, 1 + 2 * i)
        back = (2 + 2 * i, pages - 1 - 2 * i)
        if right_bound:
            front, back = front[::-1], back[::-1]
        order.append((front, back))
    return order


def check_booklet(options, size: TrimSize) -> None:
    """Refuse options a home-printed booklet cannot honour, saying what to do instead."""
    if size.name not in PAPER:
        sizes = ", ".join(f"{name} pages on {paper.name}" for name, paper in PAPER.items())
        raise OptionError(f"--sheet booklet folds {sizes}; a {size.name} booklet would need larger paper. Use --size half-letter or --size a5.")
    if options.bleed:
        raise OptionError("--sheet booklet fills the sheet edge to edge: there is no room for bleed. For a print shop, give it the pages with --sheet single --bleed.")
    if options.duplex == "long-edge":
        raise OptionError("booklet sheets are landscape and turn over their short edge: use --duplex short-edge (the default for --sheet booklet) or --duplex none.")
    if options.copies is not None:
        raise OptionError("--copies does not apply to --sheet booklet: the file holds one booklet; print as many copies as you need (collated).")


def impose_booklet(sides: Sequence[Side], options, size: TrimSize, right_bound: bool = False) -> list[tuple[str, list[Page]]]:
    """The booklet's sheets: front, back, front, back, ... (or fronts and backs apart with
    duplex 'none'). Blank pages pad the booklet at its end, before the back cover's position."""
    paper = PAPER[size.name]
    count = padded(len(sides))
    x0 = (paper.width - 2 * size.width) / 2
    y0 = (paper.height - size.height) / 2

    def sheet_side(numbers: tuple[int, int], offset: tuple[float, float]) -> Page:
        dx, dy = offset
        placed = tuple(
            Placed(sides[n - 1], x0 + k * size.width + dx, y0 + dy)
            for k, n in enumerate(numbers)
            if n <= len(sides)  # pages past the last are blank
        )
        return Page(paper.width, paper.height, placed)

    fronts, backs = [], []
    for front, back in signature_order(count, right_bound):
        fronts.append(sheet_side(front, (0.0, 0.0)))
        backs.append(sheet_side(back, options.back_offset))
    if options.duplex == "none":
        return [("-fronts", fronts), ("-backs", backs)]
    return [("", [page for pair in zip(fronts, backs) for page in pair])]

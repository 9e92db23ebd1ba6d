"""Gang runs: several cards (locales) on one press sheet, in proportion to their quantities.

Every sheet of a gang run is the same sheet: each cell holds the same card on every sheet, so
the file holds that one sheet (front, and back behind it) and the press prints it ``sheets``
times. After cutting, each cell's pile is one card. A card that needs q copies gets
``ceil(q / sheets)`` cells, where ``sheets`` is the fewest for which every card's cells fit
on the sheet; cells left over go, one at a time, to the card whose copies exceed its quantity
by the smallest share (the largest quantity on a tie, then the first given), so spare cells
print extra copies rather than blank card. Cells are handed out along the rows, card after
card in the order given, so each card's cells are together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cardgen.drawing import Side
from cardgen.errors import OptionError
from cardgen.pdf import Page


@dataclass(frozen=True)
class GangShare:
    """One card's part of a gang run."""

    name: str  # what the card is, e.g. its locale
    quantity: int  # copies asked for
    cells: tuple[int, ...]  # its cells on the sheet, counted from 1 along the rows from the top left
    printed: int  # copies printed: cells x sheets, at least the quantity


@dataclass(frozen=True)
class GangPlan:
    sheet: str
    cells_per_sheet: int
    sheets: int  # impressions of the one sheet
    shares: tuple[GangShare, ...]

    @property
    def empty_cells(self) -> int:
        return self.cells_per_sheet - sum(len(share.cells) for share in self.shares)


def plan_gang(quantities: Sequence[tuple[str, int]], sheet_name: str, cells: int) -> GangPlan:
    """Cells for each (name, quantity) on a sheet of ``cells`` cells, and the fewest sheets."""
    if not quantities:
        raise OptionError(f"a gang run on '{sheet_name}' needs at least one card.")
    names = [name for name, _ in quantities]
    if len(set(names)) != len(names):
        raise OptionError(f"a gang run on '{sheet_name}' names a card twice: {', '.join(sorted({n for n in names if names.count(n) > 1}))}. Give each once, with its quantity.")
    if any(isinstance(q, bool) or not isinstance(q, int) or q < 1 for _, q in quantities):
        raise OptionError(f"a gang run on '{sheet_name}' needs a quantity of at least 1 for every card.")
    if len(quantities) > cells:
        raise OptionError(f"{len(quantities)} cards do not fit on sheet '{sheet_name}', which has {cells} cells: split them over several gang runs.")
    total = sum(q for _, q in quantities)
    sheets = max(1, -(-total // cells))
    while sum(-(-q // sheets) for _, q in quantities) > cells:
        sheets += 1  # ends by sheets = the largest quantity, where each card needs one cell
    counts = [-(-q // sheets) for _, q in quantities]
    for _ in range(cells - sum(counts)):
        spare = min(range(len(counts)), key=lambda i: ((counts[i] * sheets - quantities[i][1]) / quantities[i][1], -quantities[i][1], i))
        counts[spare] += 1
    shares, start = [], 1
    for (name, quantity), count in zip(quantities, counts):
        shares.append(GangShare(name, quantity, tuple(range(start, start + count)), count * sheets))
        start += count
    return GangPlan(sheet_name, cells, sheets, tuple(shares))


def gang_pages(cards: Sequence[tuple[str, int, Sequence[Side]]], options, job: str = "") -> tuple[GangPlan, list[tuple[str, list[Page]]]]:
    """The gang run of ``cards`` (name, quantity, sides) on ``options.sheet``: its plan and the
    one sheet's pages, as :func:`cardgen.sheets.impose.impose` gives them. Each card's back is
    behind its own front; backs equal in value are drawn once."""
    from dataclasses import replace

    from cardgen.sheets.impose import impose_copies

    sheet = options.sheet
    if sheet.single or sheet.booklet:
        raise OptionError(f"a gang run needs a sheet of cards (press-12x18, press-13x19, press-sra3, ...), not '{sheet.name}'.")
    if options.start_cell != 1:
        raise OptionError("a gang run fills whole sheets: leave out the start cell.")
    plan = plan_gang([(name, quantity) for name, quantity, _ in cards], sheet.name, sheet.cells)
    copies = [sides for (_, _, sides), share in zip(cards, plan.shares) for _ in share.cells]
    one_sheet = replace(options, copies=len(copies), order="rows")
    return plan, impose_copies(copies, one_sheet, job)


def describe_gang(plan: GangPlan) -> list[str]:
    """The plan in words, for a summary."""
    from cardgen.ticket import plural

    lines = [f"gang run on {plan.sheet}: print the sheet {plural(plan.sheets, 'time')} ({plan.cells_per_sheet} cells a sheet"
             + (f", {plural(plan.empty_cells, 'cell')} left empty" if plan.empty_cells else "") + ")"]
    for share in plan.shares:
        first, last = share.cells[0], share.cells[-1]
        where = f"cell {first}" if first == last else f"cells {first}-{last}"
        lines.append(f"  {share.name}: {where} ({plural(len(share.cells), 'cell')}), {share.printed:,} printed for {share.quantity:,} asked")
    return lines

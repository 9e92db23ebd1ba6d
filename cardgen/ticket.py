"""Job tickets: how to print each file, for the person at the copy shop and for their software.

One :class:`Ticket` per file says what the file makes (copies), how many times to print it,
how many sheets of which stock that takes, and the print settings: always at actual size
(scale 100 %), one-sided or two-sided and which edge to flip. ``summary.txt``, ``job-ticket.csv``
and ``job-ticket.json`` of a batch, and the hint ``cardgen build`` prints, all come from here.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, dataclass
from typing import Any, Iterable

SCALE = "actual size (scale 100 %, no 'fit to page')"
COLUMNS = (
    "file", "product", "locale", "region", "organisation", "size", "copies", "prints", "sheets", "stock",
    "sides", "flip", "scale", "translation_status", "note",
)


@dataclass(frozen=True)
class Ticket:
    """How to print one file: copies, sheets, stock, sides and a note for the shop."""

    file: str
    product: str
    locale: str
    region: str
    organisation: str | None
    size: str
    copies: int  # pieces this file gives as ordered
    prints: int  # times to print the file
    sheets: int  # sheets of stock, in all (0 for the backs of a fronts file: the same sheets, fed again)
    stock: str
    sides: str  # "two-sided" or "one-sided"
    flip: str | None  # "long edge", "short edge", or None (one-sided)
    translation_status: str
    note: str = ""
    scale: str = "100%"

    @property
    def draft(self) -> bool:
        return self.translation_status == "draft"


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 sheet', '2 sheets', '1,000 copies'."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def stock_of(sheet, size: str, duplex: str = "short-edge") -> str:
    """What the file is printed on, as a copy shop buys it."""
    if sheet.booklet:
        from cardgen.sheets.booklet import PAPER

        paper = f"{PAPER[size].name} paper" if size in PAPER else "paper"
        return f"{paper}, printed duplex (flip on short edge), for booklets" if duplex == "short-edge" else f"{paper}, for booklets"
    if sheet.single:
        from cardgen.sizes import SIZES

        trim = SIZES.get(size)
        if trim.kind == "card":
            return f"{trim.dimensions} card stock ({trim.label})"
        return f"{trim.label.split(' (')[0]} paper"
    if sheet.label.startswith("sheet from "):  # a sheet file without a label of its own
        return f"the stock of {sheet.label.removeprefix('sheet from ')}"
    return sheet.label.split(":")[0]


def ticket(
    file: str, *, product: str, locale: str, region: str, organisation: str | None, size: str, sheet, duplex: str,
    pages: int, quantity: int | None, translation_status: str,
) -> Ticket:
    """How to print one file of a piece made with ``sheet`` and ``duplex``, ``pages`` long.

    ``quantity`` is the copies ordered for this file: on a card sheet they are laid out in the
    file (print it once); a single piece or a booklet is one copy of the file (print it
    ``quantity`` times).
    """
    fronts, backs = file.endswith("-fronts.pdf"), file.endswith("-backs.pdf")
    stock = stock_of(sheet, size, duplex)
    note = ""
    if not sheet.single and not sheet.booklet:  # cards n-up: the file holds every copy
        copies = quantity or sheet.cells
        prints = 1
        per_print = pages if (fronts or backs or pages == 1) else pages // 2
    else:
        copies = prints = quantity or 1
        if fronts or backs:
            per_print = pages
        elif sheet.booklet:
            per_print = pages // 2  # front and back of each sheet
        else:
            per_print = math.ceil(pages / 2) if pages > 1 else 1
    sides, flip = sides_of(file, pages, duplex)
    sheets = per_print * prints
    turn = "short" if sheet.booklet else "long"  # how fronts printed alone are fed back (sheets/impose.py, booklet.py)
    if backs:
        sheets = 0
        note = f"print on the backs of the sheets of {file.removesuffix('-backs.pdf')}-fronts.pdf, turned over the {turn} edge"
    elif fronts:
        note = f"then turn the printed sheets over the {turn} edge and print {file.removesuffix('-fronts.pdf')}-backs.pdf on their backs"
    elif sheet.booklet:
        note = (f"{plural(per_print, 'sheet')} per booklet x {prints:,} = {plural(sheets, 'sheet')}; "
                "fold each booklet's sheets in half together and staple twice at the fold")
    elif sheet.single and pages > 1 and product != "guide":
        note = "front and back at trim size, one piece a page"
    from cardgen.sizes import SIZES

    if size in SIZES.names() and SIZES.get(size).folds and not backs:
        note = (f"{note}; " if note else "") + "fold each piece in half at the fold line, the cover outside"
    return Ticket(
        file, product, locale, region, organisation, size, copies, prints, sheets, stock,
        sides, flip, translation_status, note,
    )


def page_count(pdf: bytes) -> int:
    """How many pages a PDF that cardgen wrote has."""
    import re

    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def sides_of(file: str, pages: int, duplex: str) -> tuple[str, str | None]:
    """('two-sided', 'long edge' or 'short edge') for a file whose pages alternate fronts and
    backs, ('one-sided', None) for one-page pieces and the fronts or backs files of duplex none."""
    if pages < 2 or file.endswith(("-fronts.pdf", "-backs.pdf")):
        return "one-sided", None
    return "two-sided", "short edge" if duplex == "short-edge" else "long edge"


def hint(files: list[tuple[str, str, str | None]]) -> list[str]:
    """How to print what a command wrote, in a few lines: (file name, sides, flip) of each file,
    grouped by their settings."""
    groups: dict[str, list[str]] = {}
    for name, sides, flip in files:
        groups.setdefault(f"two-sided, flip on {flip}" if flip else sides, []).append(name)
    if len(files) == 1:
        name, sides, flip = files[0]
        return [f"to print {name}: {SCALE}, {next(iter(groups))}."]
    lines = [f"to print: every file at {SCALE};"]
    for setting, names in sorted(groups.items()):
        more = f" and {plural(len(names) - 1, 'other file')}" if len(names) > 1 else ""
        lines.append(f"  {setting}: {names[0]}{more}")
    return lines


def ticket_of_entry(entry: dict, sheet) -> Ticket:
    """The ticket of a manifest entry (sheet: its SheetTemplate)."""
    return ticket(
        entry["file"], product=entry["product"], locale=entry["locale"], region=entry["region"],
        organisation=entry.get("organisation"), size=entry["size"], sheet=sheet, duplex=entry["duplex"],
        pages=entry["pages"], quantity=entry.get("quantity"), translation_status=entry.get("translation_status", ""),
    )


def ticket_from_manifest(entry: dict) -> Ticket | None:
    """The ticket a manifest entry records (None for an entry of an older cardgen without one)."""
    try:
        return Ticket(
            entry["file"], entry["product"], entry["locale"], entry["region"], entry.get("organisation"), entry["size"],
            entry["copies"], entry["prints"], entry["sheets"], entry["stock"], entry["sides"], entry["flip"],
            entry.get("translation_status", ""), entry.get("note", ""),
        )
    except KeyError:
        return None


def settings(t: Ticket) -> str:
    """The print settings of a file, in words: 'actual size, two-sided, flip on long edge'."""
    sides = f"two-sided, flip on {t.flip}" if t.flip else "one-sided"
    return f"actual size (100 %), {sides}"


def describe(t: Ticket) -> list[str]:
    """A file's lines in summary.txt."""
    if t.prints == 1 and t.copies > 1:
        what = f"{plural(t.copies, 'copy', 'copies')} laid out in the file: print it once"
    else:
        what = f"{plural(t.copies, 'copy', 'copies')}: print the file {'once' if t.prints == 1 else f'{t.prints:,} times'}"
    paper = f"{plural(t.sheets, 'sheet')} of {t.stock}" if t.sheets else f"the same sheets ({t.stock})"
    lines = [f"  {t.file}", f"      {what}, on {paper}; {settings(t)}"]
    if t.note:
        lines.append(f"      {t.note}")
    return lines


def totals(tickets: Iterable[Ticket]) -> dict[str, int]:
    stock: dict[str, int] = {}
    for t in tickets:
        if t.sheets:
            stock[t.stock] = stock.get(t.stock, 0) + t.sheets
    return dict(sorted(stock.items()))


def as_csv(tickets: list[Ticket]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for t in tickets:
        row: dict[str, Any] = {key: value for key, value in asdict(t).items() if key in COLUMNS}
        row["flip"] = row["flip"] or ""
        row["organisation"] = row["organisation"] or ""
        writer.writerow(row)
    return out.getvalue()


def as_json(tickets: list[Ticket], version: str) -> str:
    data = {
        "cardgen": version,
        "scale": "100%",
        "files": [{key: asdict(t)[key] for key in COLUMNS} for t in tickets],
        "stock": [{"stock": name, "sheets": count} for name, count in totals(tickets).items()],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

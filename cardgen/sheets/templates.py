"""Sheet templates as data: where the cards sit on a printed sheet.

Users add their own with a small TOML or YAML file (``--sheet-file``), validated like content.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from cardgen import limits
from cardgen.content.yamltree import REJECTED, read_data_file, shown
from cardgen.errors import ContentError, Problem
from cardgen.registry import Registry
from cardgen.sizes import INCH, MM, SIZES


@dataclass(frozen=True)
class SheetTemplate:
    """Where the cards sit on a printed sheet, and how it is cut."""

    name: str
    label: str
    card_size: str  # the trim size the cells are cut to (a name in the size registry)
    columns: int
    rows: int
    page_width: float = 0.0  # pt; 0 for "single": the page is the card (plus bleed and marks)
    page_height: float = 0.0
    left: float = 0.0  # pt from the page's left edge to the first column's trim
    top: float = 0.0  # pt from the page's top edge to the first row's trim
    column_gap: float = 0.0
    row_gap: float = 0.0
    crop_marks: bool = False  # for cutting on a guillotine
    bleed: bool = False  # whether cards may bleed (plain paper with gutters, or single cards)
    booklet: bool = False  # pages of a booklet, two to a side, folded (sheets/booklet.py); the paper follows the page size

    @property
    def single(self) -> bool:
        return self.page_width == 0

    @property
    def cells(self) -> int:
        return self.columns * self.rows

    def cell_origin(self, column: int, row: int) -> tuple[float, float]:
        """Bottom-left corner of the trim of cell (column, row); row 0 is the top row."""
        size = SIZES.get(self.card_size)
        x = self.left + column * (size.width + self.column_gap)
        y = self.page_height - self.top - (row + 1) * size.height - row * self.row_gap
        return x, y


SHEETS: Registry[SheetTemplate] = Registry("sheet")
for _sheet in (
    SheetTemplate(
        "single", "One card per page at trim size; with --bleed, bleed and crop marks for print shops",
        "us-business", 1, 1, bleed=True, crop_marks=True,
    ),
    SheetTemplate(
        "booklet", "Saddle-stitched booklet of the guide: 2 pages a side, duplex (flip on short edge), fold and staple; "
        "half-letter pages on US Letter, a5 on A4",
        "half-letter", 2, 1, 11 * INCH, 8.5 * INCH, booklet=True,
    ),
    SheetTemplate(
        "avery-5371", "Avery 5371 (also 5376, 5377, 5911, 8371): US Letter, 2 x 5 cards of 3.5 x 2 in",
        "us-business", 2, 5, 8.5 * INCH, 11 * INCH, left=0.75 * INCH, top=0.5 * INCH,
    ),
    SheetTemplate(
        "avery-c32011", "Avery C32011-10: A4, 2 x 5 cards of 85 x 54 mm, 10 mm between columns",
        "eu-85x54", 2, 5, 210 * MM, 297 * MM, left=15 * MM, top=13.5 * MM, column_gap=10 * MM,
    ),
    SheetTemplate(
        "letter-10up", "Plain US Letter, 2 x 5 cards of 3.5 x 2 in with gutters and crop marks for a guillotine",
        "us-business", 2, 5, 8.5 * INCH, 11 * INCH, left=45, top=18, column_gap=0.25 * INCH, row_gap=0.125 * INCH,
        crop_marks=True, bleed=True,
    ),
    SheetTemplate(
        "a4-10up", "Plain A4, 2 x 5 cards of 85 x 54 mm with gutters and crop marks for a guillotine",
        "eu-85x54", 2, 5, 210 * MM, 297 * MM, left=17 * MM, top=7.5 * MM, column_gap=6 * MM, row_gap=3 * MM,
        crop_marks=True, bleed=True,
    ),
    SheetTemplate(
        "letter-4up-fold", "Plain US Letter, 4 folding cards of 7 x 2 in (3.5 x 2 in folded) with gutters, crop marks and fold marks",
        "us-business-fold", 1, 4, 8.5 * INCH, 11 * INCH, left=0.75 * INCH, top=1.125 * INCH, row_gap=0.25 * INCH,
        crop_marks=True, bleed=True,
    ),
    SheetTemplate(
        "a4-4up-fold", "Plain A4, 4 folding cards of 170 x 55 mm (85 x 55 mm folded) with gutters, crop marks and fold marks",
        "eu-business-fold", 1, 4, 210 * MM, 297 * MM, left=20 * MM, top=29.5 * MM, row_gap=6 * MM,
        crop_marks=True, bleed=True,
    ),
):
    SHEETS.add(_sheet.name, _sheet)


# Press sheets: the gutters are two bleeds wide (each card keeps its whole bleed), and the margins
# hold the bleed, a crop mark and 5 mm the press cannot print: these lengths repeat the ones in
# sheets/impose.py, which its tests check against these sheets.
PRESS_MARGIN = 2.0 + 12.0 + 5 * MM  # pt outside the bleed: mark gap, mark, unprintable edge


def press_sheet(name: str, label: str, card_size: str, page_width: float, page_height: float, bleed: float) -> SheetTemplate:
    """As many cards up as fit on the paper with ``bleed`` round each, gutters of two bleeds
    and room for crop marks, the paper upright or on its side (whichever holds more, upright
    on a tie); the block of cards centred on the paper."""
    upright = _press_layout(name, label, card_size, page_width, page_height, bleed)
    turned = _press_layout(name, label, card_size, page_height, page_width, bleed)
    return turned if turned.cells > upright.cells else upright


def _press_layout(name: str, label: str, card_size: str, page_width: float, page_height: float, bleed: float) -> SheetTemplate:
    size = SIZES.get(card_size)
    margin = bleed + PRESS_MARGIN
    gap = 2 * bleed
    columns = int((page_width - 2 * margin + gap) // (size.width + gap))
    rows = int((page_height - 2 * margin + gap) // (size.height + gap))
    left = (page_width - columns * size.width - (columns - 1) * gap) / 2
    top = (page_height - rows * size.height - (rows - 1) * gap) / 2
    return SheetTemplate(name, label, card_size, columns, rows, page_width, page_height, left, top, gap, gap, crop_marks=True, bleed=True)


for _name, _paper, _card, _width, _height, _bleed in (
    ("press-12x18", "12 x 18 in press sheet", "us-business", 12 * INCH, 18 * INCH, 0.125 * INCH),
    ("press-13x19", "13 x 19 in press sheet", "us-business", 13 * INCH, 19 * INCH, 0.125 * INCH),
    ("press-sra3", "SRA3 press sheet (320 x 450 mm)", "eu-85x54", 320 * MM, 450 * MM, 3 * MM),
):
    _sheet = press_sheet(_name, "", _card, _width, _height, _bleed)
    _card_label = SIZES.get(_card).label
    _paper += " (landscape)" if _sheet.page_width > _sheet.page_height else ""
    _sheet = SheetTemplate(**{**_sheet.__dict__, "label": f"{_paper}, {_sheet.columns} x {_sheet.rows} cards of {_card_label} "
                              f"with gutters for a bleed of up to {_bleed / MM:g} mm, and crop marks, for a gang run"})
    SHEETS.add(_sheet.name, _sheet)


_UNITS = {"mm": MM, "in": INCH, "pt": 1.0}
_FIELDS = {
    "name": str, "label": str, "card_size": str, "columns": int, "rows": int,
    "page_width": "length", "page_height": "length", "left": "length", "top": "length",
    "column_gap": "length", "row_gap": "length", "crop_marks": bool, "bleed": bool,
}
_REQUIRED = ("name", "card_size", "columns", "rows", "page_width", "page_height", "left", "top")
# The name becomes part of file names: letters, digits, '-' and '_' only, starting with a letter
# or digit, so no name can hold a path separator, '..', a NUL or a leading dot.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off"}


def parse_length(value: object) -> float | None:
    """'12.5mm', '0.75in' or '36pt' -> points; None if unreadable, not finite (NaN and infinity
    are never lengths) or a bare number other than 0 (3 what? see ``unit_missing``). Never raises."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            points = 0.0 if value == 0 else None
        elif isinstance(value, str):
            points = _parse_length_text(value.strip().lower())
        else:
            return None
    except (ValueError, OverflowError):  # "wide", an integer too large for a float
        return None
    return points if points is not None and math.isfinite(points) else None


def _parse_length_text(text: str) -> float | None:
    for unit, factor in _UNITS.items():
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return 0.0 if float(text) == 0 else None  # a bare number: only 0 means the same in every unit


def unit_missing(value: object) -> str | None:
    """The message for a length written as a bare number (``--bleed 3``, ``left = 12``,
    ``bleed: 3``), which could be millimetres, inches or points; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(number) or number == 0:
        return None
    shown = value.strip() if isinstance(value, str) else f"{value:g}"
    return f"{shown} what? Write {shown}mm or 0.125in: a length needs its unit (mm, in or pt)."


def check_sheet_name(name: object) -> str | None:
    """Why ``name`` cannot name a sheet (it becomes part of file names), or None."""
    if not isinstance(name, str):
        return "must be text."
    if not name:
        return "must not be empty."
    if len(name) > limits.MAX_SHEET_NAME:
        return f"is {len(name)} characters long; a sheet name may have at most {limits.MAX_SHEET_NAME}."
    if not _SAFE_NAME.fullmatch(name):
        return (f"{name!r} is not a safe name: it becomes part of file names, so use only letters, digits, "
                "'-' and '_', starting with a letter or digit (for example 'office-8up').")
    return None


def load_sheet_file(path: Path) -> SheetTemplate:
    """A sheet template from a TOML or YAML file; every problem is reported at once."""
    shown = str(path)
    problems: list[Problem] = []
    tree = read_data_file(path, shown, problems)
    if tree is None:
        raise ContentError(problems)
    if not isinstance(tree.value, dict):
        raise ContentError([*problems, Problem(shown, tree.line, "", "must be a table of keys (name, card_size, columns, rows, page_width, ...).")])
    values: dict[str, object] = {"label": f"sheet from {path.name}"}
    for key, node in tree.value.items():
        problem = _read_field(key, node.value, values)
        if problem:
            problems.append(Problem(shown, node.line, key, problem))
    for key in _REQUIRED:
        if key not in tree.value:
            problems.append(Problem(shown, 0, key, "missing."))
    if "columns" in values and "rows" in values and values["columns"] * values["rows"] > limits.MAX_CELLS:  # type: ignore[operator]
        problems.append(Problem(shown, tree.value["rows"].line, "rows", f"{values['columns']} columns x {values['rows']} rows is {values['columns'] * values['rows']:,} cards; a sheet may hold at most {limits.MAX_CELLS}."))  # type: ignore[operator]
    if problems:
        raise ContentError(problems)
    sheet = SheetTemplate(**values)  # type: ignore[arg-type]
    _check_fits(sheet, shown)
    return sheet


def _read_field(key: str, value: object, values: dict[str, object]) -> str | None:
    """Check one key of a sheet file; store its value in ``values`` or say what is wrong."""
    kind = _FIELDS.get(key)
    if kind is None:
        from cardgen.errors import did_you_mean

        return f"unknown key.{did_you_mean(key, _FIELDS)} Use: {', '.join(_FIELDS)}."
    if value is REJECTED:  # already reported by the reader
        return None
    if kind == "length":
        return _read_length(value, key, values)
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limits.MAX_CELLS:
            return f"{shown(value)} is not a whole number from 1 to {limits.MAX_CELLS}."
    elif kind is bool:
        if not isinstance(value, bool):
            hint = f" Write {value.strip().lower()} without quotes." if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS else ""
            return f"{shown(value)} must be true or false.{hint}"
    elif key == "name":
        if reason := check_sheet_name(value):
            return reason
    elif not isinstance(value, str) or not value.strip():
        return "must be text."
    elif key == "card_size" and (value not in SIZES or SIZES.get(value).kind != "card"):
        return f"'{value}' is not a card size. Use one of: {', '.join(s.name for s in SIZES if s.kind == 'card')}."
    values[key] = value
    return None


def _read_length(value: object, key: str, values: dict[str, object]) -> str | None:
    length = parse_length(value)
    if length is None and (reason := unit_missing(value)):
        return reason
    if length is None:
        return f"{shown(value)} is not a length such as '12.5mm', '0.75in' or '36pt' (a finite number; NaN and infinity are not lengths)."
    if not 0 <= length <= limits.MAX_SHEET_MM * MM:
        return f"{shown(value)} is out of range: lengths in a sheet file go from 0 to {limits.MAX_SHEET_MM:,} mm."
    values[key] = length
    return None


def _check_fits(sheet: SheetTemplate, shown: str) -> None:
    size = SIZES.get(sheet.card_size)
    right = sheet.left + sheet.columns * size.width + (sheet.columns - 1) * sheet.column_gap
    bottom = sheet.top + sheet.rows * size.height + (sheet.rows - 1) * sheet.row_gap
    if not (right <= sheet.page_width + 0.01 and bottom <= sheet.page_height + 0.01):  # written so NaN fails too
        raise ContentError([Problem(shown, 0, "", f"the cards run off the page ({right / MM:.1f} x {bottom / MM:.1f} mm of {sheet.page_width / MM:.1f} x {sheet.page_height / MM:.1f} mm). Check the sizes, gaps and counts.")])

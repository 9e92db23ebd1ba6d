"""Sheet templates as data: where the cards sit on a printed sheet.

Users add their own with a small TOML or YAML file (``--sheet-file``), validated like content.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from cardgen.errors import ContentError, Problem
from cardgen.registry import Registry
from cardgen.sizes import INCH, MM, SIZES


@dataclass(frozen=True)
class SheetTemplate:
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
):
    SHEETS.add(_sheet.name, _sheet)


_UNITS = {"mm": MM, "in": INCH, "pt": 1.0}
_FIELDS = {
    "name": str, "label": str, "card_size": str, "columns": int, "rows": int,
    "page_width": "length", "page_height": "length", "left": "length", "top": "length",
    "column_gap": "length", "row_gap": "length", "crop_marks": bool, "bleed": bool,
}
_REQUIRED = ("name", "card_size", "columns", "rows", "page_width", "page_height", "left", "top")


def parse_length(value: object) -> float | None:
    """'12.5mm', '0.75in', '36pt' or a number of millimetres -> points; None if unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) * MM
    if isinstance(value, str):
        text = value.strip().lower()
        for unit, factor in _UNITS.items():
            if text.endswith(unit):
                try:
                    return float(text[: -len(unit)]) * factor
                except ValueError:
                    return None
        try:
            return float(text) * MM
        except ValueError:
            return None
    return None


def load_sheet_file(path: Path) -> SheetTemplate:
    """A sheet template from a TOML or YAML file; every problem is reported at once."""
    shown = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError([Problem(shown, 0, "", f"cannot be read ({exc.strerror}).")]) from None
    try:
        data = tomllib.loads(raw) if path.suffix.lower() == ".toml" else _yaml(raw)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise ContentError([Problem(shown, 0, "", f"is not valid {'TOML' if path.suffix == '.toml' else 'YAML'} ({exc}).")]) from None
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ContentError([Problem(shown, 0, "", "must be a table of keys (name, card_size, columns, rows, page_width, ...).")])
    values: dict[str, object] = {"label": f"sheet from {path.name}"}
    for key, value in data.items():
        kind = _FIELDS.get(key)
        if kind is None:
            problems.append(Problem(shown, 0, key, f"unknown key. Use: {', '.join(_FIELDS)}."))
        elif kind == "length":
            length = parse_length(value)
            if length is None or length < 0:
                problems.append(Problem(shown, 0, key, f"{value!r} is not a length such as '12.5mm', '0.75in' or '36pt'."))
            else:
                values[key] = length
        elif kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            problems.append(Problem(shown, 0, key, "must be a whole number of at least 1."))
        elif kind is not int and not isinstance(value, kind):
            problems.append(Problem(shown, 0, key, f"must be {'true or false' if kind is bool else 'text'}."))
        else:
            values[key] = value
    for key in _REQUIRED:
        if key not in data:
            problems.append(Problem(shown, 0, key, "missing."))
    if "card_size" in values and values["card_size"] not in SIZES:
        problems.append(Problem(shown, 0, "card_size", f"'{values['card_size']}' is not a card size. Use one of: {', '.join(s.name for s in SIZES if s.kind == 'card')}."))
    if problems:
        raise ContentError(problems)
    sheet = SheetTemplate(**values)  # type: ignore[arg-type]
    _check_fits(sheet, shown)
    return sheet


def _check_fits(sheet: SheetTemplate, shown: str) -> None:
    size = SIZES.get(sheet.card_size)
    right = sheet.left + sheet.columns * size.width + (sheet.columns - 1) * sheet.column_gap
    bottom = sheet.top + sheet.rows * size.height + (sheet.rows - 1) * sheet.row_gap
    if right > sheet.page_width + 0.01 or bottom > sheet.page_height + 0.01:
        raise ContentError([Problem(shown, 0, "", f"the cards run off the page ({right / MM:.1f} x {bottom / MM:.1f} mm of {sheet.page_width / MM:.1f} x {sheet.page_height / MM:.1f} mm). Check the sizes, gaps and counts.")])


def _yaml(raw: str) -> object:
    import yaml

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None

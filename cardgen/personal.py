"""Personal data for filled-in cards: reading and validating the file, and building the cards.

A personal-data file lists, one row per holder, what to print on the lines of the card to fill
in (cardgen.products.fill_in): a CSV file with a header row, or a YAML list of mappings. Every
problem of every row is reported at once, located by row and line and column, and never quotes
a value: error messages end up in terminals, logs and tickets.

The values are only ever drawn on the cards: they are kept out of file names, messages, PDF
metadata and the text shaping caches (cleared after each card).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from cardgen.build import Builder
from cardgen.drawing import Side
from cardgen.errors import CardgenError, FitError
from cardgen.products import LayoutInput, Product
from cardgen.products.fill_in import FILL_IN, layout_filled

COLUMNS = ("emergency_contact", "emergency_phone", "lawyer", "lawyer_phone", "a_number", "locale")
VALUE_COLUMNS = COLUMNS[:-1]
MAX_LENGTH = {"emergency_contact": 40, "emergency_phone": 25, "lawyer": 40, "lawyer_phone": 25, "a_number": 13, "locale": 20}
PHONE_COLUMNS = ("emergency_phone", "lawyer_phone")
NAME_COLUMNS = ("emergency_contact", "lawyer")
MAX_ROWS = 1000
MAX_BYTES = 1_000_000

_PHONE = re.compile(r"[0-9 +().\-/]+")
_A_NUMBER = re.compile(r"A[0-9]{8,9}")


class PersonalDataError(CardgenError):
    """A personal-data file that cannot be used: every problem, by row, line and column, no value."""

    exit_code = 2

    def __init__(self, file: str, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{file}: {count} problem{'s' if count != 1 else ''} (values are not shown, to keep them private):"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class PersonalRow:
    """One holder's card: its number in the file (1 for the first row under the header), the
    locale to print it in (None: the build's) and the values, column -> text."""

    number: int
    locale: str | None
    values: dict[str, str]

    def __repr__(self) -> str:  # never the values, should a row end up in a message or a log
        return f"PersonalRow(number={self.number}, locale={self.locale!r}, columns={sorted(self.values)})"


# -- reading ---------------------------------------------------------------------------------


def read_personal(path: Path, locales: Iterable[str]) -> list[PersonalRow]:
    """The rows of ``path`` (.csv, or .yaml/.yml), validated against the content's ``locales``;
    raises PersonalDataError listing every problem."""
    shown = "the personal-data file"  # not its name, which may be a person's
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PersonalDataError(shown, [f"cannot be read: {exc.strerror or exc}."]) from None
    if len(data) > MAX_BYTES:
        raise PersonalDataError(shown, [f"is larger than {MAX_BYTES // 1000} kB; split it into smaller files."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PersonalDataError(shown, [f"line {line}: is not UTF-8 text. Save the file as UTF-8 (CSV UTF-8 in a spreadsheet)."]) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw, problems = _read_csv(text)
    elif suffix in (".yaml", ".yml"):
        raw, problems = _read_yaml(text)
    else:
        raise PersonalDataError(shown, ["is not a .csv, .yaml or .yml file."])
    if not problems and not raw:
        problems.append("has no rows: give one row per card under the header.")
    if len(raw) > MAX_ROWS:
        problems.append(f"has {len(raw)} rows; at most {MAX_ROWS} in one file.")
    rows = []
    known = {code.lower(): code for code in locales}
    for number, line, cells in raw:
        row, row_problems = _validate(number, line, cells, known)
        problems += row_problems
        if row is not None:
            rows.append(row)
    if problems:
        raise PersonalDataError(shown, problems)
    return rows


def _where(number: int, line: int) -> str:
    return f"row {number} (line {line})"


def _read_csv(text: str) -> tuple[list[tuple[int, int, dict[str, str]]], list[str]]:
    import csv
    import io

    problems: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return [], ["is empty: give a header row (e.g. emergency_contact,emergency_phone,a_number) and one row per card."]
        header = [name.strip() for name in header]
        problems += _header_problems(header, "line 1")
        rows = []
        number = 0
        start = reader.line_num + 1
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue  # a blank line
            number += 1
            if len(cells) > len(header):
                problems.append(f"{_where(number, start)}: has {len(cells)} cells but the header names {len(header)} columns.")
            rows.append((number, start, {name: cell for name, cell in zip(header, cells) if name in COLUMNS}))
            start = reader.line_num + 1
    except csv.Error as exc:
        return [], [f"line {reader.line_num}: is not valid CSV ({exc})."]
    return rows, problems


def _header_problems(names: list[str], where: str) -> list[str]:
    from cardgen.errors import did_you_mean

    problems = []
    for name in dict.fromkeys(names):
        if name not in COLUMNS:
            problems.append(f"{where}, column '{name}': unknown column.{did_you_mean(name, COLUMNS)} Columns: {', '.join(COLUMNS)}.")
        elif names.count(name) > 1:
            problems.append(f"{where}, column '{name}': given {names.count(name)} times; give it once.")
    return problems


def _read_yaml(text: str) -> tuple[list[tuple[int, int, dict[str, str]]], list[str]]:
    import yaml

    try:
        # compose, not load: every scalar stays the text as written (a phone number is not
        # read as an integer, nor a leading zero lost)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "the file"
        return [], [f"{where}: is not valid YAML ({getattr(exc, 'problem', None) or 'syntax error'})."]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [f"line {root.start_mark.line + 1}: must be a list of mappings, one per card (- a_number: A123456789)."]
    rows, problems = [], []
    for number, item in enumerate(root.value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(f"{_where(number, line)}: must be a mapping of column: value.")
            continue
        keys = [key.value if isinstance(key, yaml.ScalarNode) else "?" for key, _ in item.value]
        problems += _header_problems(keys, _where(number, line))
        cells = {}
        for key, value in item.value:
            if not isinstance(key, yaml.ScalarNode) or key.value not in COLUMNS:
                continue
            if not isinstance(value, yaml.ScalarNode):
                problems.append(f"{_where(number, value.start_mark.line + 1)}, column {key.value}: must be text, not a list or mapping.")
                continue
            cells[key.value] = "" if value.tag.endswith(":null") and not value.style else value.value
        rows.append((number, line, cells))
    return rows, problems


# -- validating ------------------------------------------------------------------------------


def _validate(number: int, line: int, cells: dict[str, str], locales: dict[str, str]) -> tuple[PersonalRow | None, list[str]]:
    problems = []
    values: dict[str, str] = {}
    locale = None
    for column in COLUMNS:
        value = unicodedata.normalize("NFC", " ".join(cells.get(column, "").split()))
        if not value:
            continue
        where = f"{_where(number, line)}, column {column}"
        if reason := _problem(column, value):
            problems.append(f"{where}: {reason}")
            continue
        if column == "locale":
            locale = locales.get(value.lower())
            if locale is None:
                problems.append(f"{where}: not a locale of this content. Give a code that 'cardgen list' shows, such as es or zh-Hans.")
            continue
        values[column] = value.upper() if column == "a_number" else value
    if not values and not problems:
        problems.append(f"{_where(number, line)}: has no values; remove it (a blank card is 'cardgen build -p {FILL_IN}').")
    return (PersonalRow(number, locale, values) if not problems else None), problems


def _problem(column: str, value: str) -> str | None:
    """Why ``value`` cannot go in ``column`` (a sentence that does not quote it), or None."""
    if len(value) > MAX_LENGTH[column]:
        return f"too long ({len(value)} characters; at most {MAX_LENGTH[column]} fit on the card)."
    if any(unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn") for char in value):
        return "has a control or unassigned character; retype it."
    if column == "a_number":
        if not _A_NUMBER.fullmatch(re.sub(r"[\s-]", "", value.upper())):
            return "not an A-number (expected A and 8-9 digits, dashes allowed)."
    elif column in PHONE_COLUMNS:
        if not _PHONE.fullmatch(value):
            return "not a phone number (use only digits, spaces and + ( ) - . /)."
        if sum(char.isdigit() for char in value) < 3:
            return "not a phone number (it has fewer than 3 digits)."
    elif column in NAME_COLUMNS:
        if "**" in value:
            return "may not contain '**'."
        from cardgen.products.base import writing_for_text
        from cardgen.typeset.fonts import Writing, uncovered

        stack = writing_for_text(value, Writing("en", "Latn", False)).stack
        if uncovered(stack, False, value):
            return "has a character no bundled font can draw; retype it or leave it out."
    return None


# -- building --------------------------------------------------------------------------------


def personal_pdfs(builder: Builder, rows: list[PersonalRow], piece_for: Callable, options_for: Callable) -> list[tuple[int, str, bytes]]:
    """(row number, file name suffix, PDF bytes) for every row's card: ``piece_for(locale)``
    gives the piece to print for a row's locale (None: the build's), ``options_for(piece)`` its
    print options. Nothing is written here."""
    out = []
    problems = []
    for row in rows:
        piece = piece_for(row.locale)
        filled = _FilledBuilder(builder, row)
        try:
            for suffix, data in filled.sheet_pdfs(piece, options_for(piece)):
                out.append((row.number, suffix, data))
        except FitError as exc:
            mine = [field.removeprefix("personal:") for field in exc.fields if field.startswith("personal:")]
            if not mine:
                raise
            problems += [f"row {row.number}, column {column}: too long to fit its line on a {piece.size} card; shorten it." for column in mine]
        finally:
            forget_shaped_text()
    if problems:
        raise PersonalDataError("personal data", problems)
    return out


def forget_shaped_text() -> None:
    """Empty the in-memory caches of shaped and line-broken text, which a holder's values went through."""
    from cardgen.typeset.breaking import segments
    from cardgen.typeset.shaping import shape

    shape.cache_clear()
    segments.cache_clear()


class _FilledBuilder(Builder):
    """The builder's content and QR codes, with the card to fill in laid out with one row's values."""

    def __init__(self, builder: Builder, row: PersonalRow) -> None:  # shares what it loaded, reloads nothing
        self.content, self.qr, self._values = builder.content, builder.qr, row.values

    def product(self, name: str) -> Product:
        product = super().product(name)
        if product.name == FILL_IN:
            return replace(product, layout=partial(_layout_with, self._values))
        return product


def _layout_with(values: dict[str, str], piece: LayoutInput) -> list[Side]:
    return layout_filled(piece, values)

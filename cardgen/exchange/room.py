"""How much room each printed string has: measured with the real layout, at each field's floor.

Every piece of a locale is built once at the smallest trim size of its product, recording each
fit the layout makes (:class:`~cardgen.products.base.Measured`). For each field the block is set
again at its smallest size: the lines it uses, the lines still free in its box, and about how
many characters a line holds. A string's room is its own lines plus the block's free lines.
Text that flows over pages (the guide's body) has no fixed limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cardgen.build import Builder, Piece
from cardgen.errors import FitError
from cardgen.products import PRODUCTS
from cardgen.products.base import Measured
from cardgen.sizes import SIZES
from cardgen.typeset.layout import LATIN_LEADING, Box, _place, _prepare  # the same measures fit() uses
from cardgen.typeset.markup import SPOKEN_END, SPOKEN_START

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Room:
    """One string's room in one printed field."""

    product: str
    size: str
    field: str
    floor: float  # pt: the smallest size the field may shrink to
    lines: int  # lines the string takes at the floor
    free_lines: int  # lines still free in the field's box at the floor (shared with its block)
    chars_per_line: int  # about how many characters of this text a line holds
    margin: float  # share of the box's height left free at the floor (negative: too long)

    @property
    def max_chars(self) -> int:
        return (self.lines + self.free_lines) * self.chars_per_line

    def describe(self) -> str:
        if self.margin < 0:
            return f"{self.product} {self.size}, {self.field}: does not fit at the {self.floor:.1f} pt floor"
        return (
            f"{self.product} {self.size}, {self.field}: {self.lines} line{'s' if self.lines != 1 else ''} at the {self.floor:.1f} pt floor, "
            f"{self.free_lines} more fit (about {self.chars_per_line} characters a line, {self.max_chars} in all)"
        )


@dataclass(frozen=True)
class FieldFit:
    """One field of a built piece at its floor."""

    product: str
    size: str
    field: str
    floor: float
    margin: float
    lines_by_text: tuple[tuple[str, int], ...]  # each paragraph's text and its lines
    free_lines: int
    chars_per_line: int


def smallest_size(product_name: str) -> str:
    product = PRODUCTS.get(product_name)
    sizes = [s for s in SIZES if s.takes(product.size_kind)]
    return min(sizes, key=lambda s: s.width * s.height).name


def measure_piece(builder: Builder, piece: Piece) -> list[FieldFit]:
    """Every field of ``piece`` in the reader's language, set at its floor: its fit margin."""
    measured: list[Measured] = []
    try:
        builder.sides(piece, measured=measured)
    except FitError:
        pass  # what was measured still says how far each field is from fitting
    last: dict[str, Measured] = {}
    for record in measured:  # the last arrangement tried is the one printed
        if record.writing.language == piece.locale:
            last[record.field] = record
    return [_field_fit(piece, record) for record in last.values()]


def _field_fit(piece: Piece, record: Measured) -> FieldFit:
    floor = record.sizes[0]
    writing, box = record.writing, record.box
    stack = writing.stack
    spacing = record.leading + max(0.0, stack.leading - LATIN_LEADING) if record.leading else stack.leading
    prepared = [_prepare(p, writing) for p in record.paragraphs]
    tall = Box(box.x, box.y - 100 * box.height, box.width, 101 * box.height)  # room to measure the whole block
    placed = _place(prepared, tall, floor, stack, spacing)
    lines, height = (placed if placed else ([], float("inf")))
    per_text: dict[int, int] = {}
    for line in lines:
        per_text[id(line.item)] = per_text.get(id(line.item), 0) + 1
    step = spacing * floor
    free = max(0, int((box.height - height) // step)) if step > 0 and height <= box.height else 0
    chars = sum(len(p.text) for p in prepared)
    ems = sum(s.width for p in prepared for s in p.segments)
    chars_per_line = int(box.width / floor / (ems / chars)) if chars and ems else 0
    margin = 1 - height / box.height if box.height > 0 else -1.0
    return FieldFit(
        piece.product, piece.size, record.field, floor, margin,
        tuple((_plain(p.paragraph.text), per_text.get(id(p), 0)) for p in prepared), free, chars_per_line,
    )


def _plain(printed: str) -> str:
    """A printed paragraph without the marks around its English words (cardgen.typeset.markup)."""
    return printed.replace(SPOKEN_START, "").replace(SPOKEN_END, "")


def prints_string(printed: str, string: str) -> bool:
    """Does the printed paragraph ``printed`` show the content string ``string``? (Placeholders
    are filled and marks added when printing, so the longest literal part of the string is
    looked for.)"""
    parts = sorted((p.strip(" .,;:“”\"«»*") for p in _PLACEHOLDER.split(string.replace("**", ""))), key=len, reverse=True)
    literal = parts[0] if parts else ""
    flat = _plain(printed).replace("**", "").replace("\u202a", "").replace("\u202c", "").replace("\u00a0", " ")
    return bool(literal) and literal in flat


def rooms(builder: Builder, code: str, strings: dict[tuple[str, str], str]) -> dict[tuple[str, str], list[Room]]:
    """(family, key) -> its room in each piece of locale ``code`` that prints it, at the
    smallest size of each product. ``strings`` maps (family, key) to the translated text."""
    found: dict[tuple[str, str], list[Room]] = {}
    for product in PRODUCTS:
        if not builder.content.has_family(code, product.family):
            continue
        for region in builder.content.regions():  # each region's notes print on its own pieces
            _piece_rooms(builder, Piece(product.name, code, smallest_size(product.name), region), strings, found)
    return found


def _piece_rooms(builder: Builder, piece: Piece, strings: dict[tuple[str, str], str], found: dict[tuple[str, str], list[Room]]) -> None:
    printed = set(builder.printed(piece))
    best: dict[tuple[str, str], tuple[float, Room]] = {}
    for fitted in measure_piece(builder, piece):
        for paragraph, lines in fitted.lines_by_text:
            room = Room(fitted.product, fitted.size, fitted.field, fitted.floor, lines, fitted.free_lines, fitted.chars_per_line, fitted.margin)
            for ident in printed:
                if ident in strings and prints_string(paragraph, strings[ident]):
                    # A short string may also occur inside a longer one: the paragraph it fills most is its own.
                    share = len(strings[ident]) / max(1, len(paragraph))
                    if ident not in best or share > best[ident][0]:
                        best[ident] = (share, room)
    for ident, (_, room) in best.items():
        kept = found.setdefault(ident, [])
        same = [r for r in kept if (r.product, r.size, r.field) == (room.product, room.size, room.field)]
        if not same:
            kept.append(room)
        elif room.max_chars < same[0].max_chars:  # the tightest region decides
            kept[kept.index(same[0])] = room

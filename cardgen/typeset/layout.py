"""Line breaking and fitting paragraphs into a box at the largest size that fits.

Words are measured once at unit size (widths scale linearly with size), so trying many sizes
while fitting is cheap. Each word is split into pieces by the first face of the stack that can
draw each character, which gives per-character font fallback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal, Sequence

from cardgen.drawing import FillRect, Operation, TextRun
from cardgen.errors import CardgenError
from cardgen.typeset import markup
from cardgen.typeset.fonts import Face, FontStack, face_for_char, load

Align = Literal["left", "center", "right"]

# Vertical metrics as fractions of the font size. Ascent covers accented capitals (Á, Ê).
ASCENT = 0.95
DESCENT = 0.27
SIZE_STEP = 0.1  # pt: the granularity of fitted sizes
# The square bullet of a marked paragraph, in units of its font size.
MARKER_SIZE = 0.42
MARKER_RAISE = 0.13  # above the baseline
MARKER_INDENT = 0.85  # text indent of a marked paragraph


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at its bottom-left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to set: markup text and how it looks relative to the block's base size."""

    text: str
    bold: bool = False
    scale: float = 1.0  # font size relative to the block's base size
    space_before: float = 0.0  # in units of the base size
    marker: bool = False  # a square bullet hanging in the indent of the first line
    color: str = "ink"
    marker_color: str = "ink"
    align: Align = "left"


@dataclass(frozen=True)
class FittedBlock:
    size: float  # the base size chosen
    ops: tuple[Operation, ...]
    height: float
    line_count: int


class NoFit(Exception):
    """Raised by :func:`fit` with a sentence saying why the text does not fit."""


@dataclass(frozen=True)
class _Piece:
    face: Face
    text: str
    width: float  # at size 1


@dataclass(frozen=True)
class _Word:
    pieces: tuple[_Piece, ...]
    width: float
    space: float  # unit width of a space after this word


def _measure(face: Face, text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    load(face)
    return stringWidth(text, face.name, 1.0)


def _pieces(text: str, stack: FontStack, bold: bool) -> list[_Piece]:
    pieces: list[_Piece] = []
    current: Face | None = None
    chars: list[str] = []
    for char in text:
        face = face_for_char(stack, bold, char)
        if face is None:  # content is checked for coverage first; this guards everything else
            raise CardgenError(f"no bundled font can draw {char!r} (U+{ord(char):04X}) in {text!r}.")
        if face != current and chars:
            pieces.append(_Piece(current, "".join(chars), _measure(current, "".join(chars))))  # type: ignore[arg-type]
            chars = []
        current = face
        chars.append(char)
    if chars and current is not None:
        pieces.append(_Piece(current, "".join(chars), _measure(current, "".join(chars))))
    return pieces


def _words(paragraph: Paragraph, stack: FontStack) -> list[_Word]:
    """Break a paragraph into words (at spaces), keeping bold spans."""
    words: list[list[_Piece]] = [[]]
    spaces: list[float] = []
    for span in markup.parse(paragraph.text, paragraph.bold):
        for i, chunk in enumerate(span.text.split(" ")):
            if i > 0:
                space_face = stack.faces(span.bold)[0]
                spaces.append(_measure(space_face, " "))
                words.append([])
            if chunk:
                words[-1].extend(_pieces(chunk, stack, span.bold))
    spaces.append(0.0)
    result = []
    for pieces, space in zip(words, spaces):
        if pieces:
            result.append(_Word(tuple(pieces), sum(p.width for p in pieces), space))
    return result


def _break_lines(words: Sequence[_Word], width: float) -> list[list[_Word]] | None:
    """Greedy line breaking at unit size for a line ``width`` (in units); None if a word is wider."""
    lines: list[list[_Word]] = []
    line: list[_Word] = []
    used = 0.0
    for word in words:
        if word.width > width + 1e-9:
            return None
        if line and used + line[-1].space + word.width > width + 1e-9:
            lines.append(line)
            line, used = [], 0.0
        if line:
            used += line[-1].space
        line.append(word)
        used += word.width
    if line:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Prepared:
    paragraph: Paragraph
    words: tuple[_Word, ...]


def _prepare(paragraphs: Sequence[Paragraph], stack: FontStack) -> list[_Prepared]:
    prepared = []
    for p in paragraphs:
        prepared.append(_Prepared(p, tuple(_words(p, stack))))
    return prepared


def _layout(prepared: Sequence[_Prepared], box: Box, size: float, leading: float) -> tuple[list[Operation], float, int] | None:
    """Set every paragraph at base ``size``; None if a word does not fit a line or the box."""
    runs: list[Operation] = []
    baseline: float | None = None  # of the previous line
    last_size = size
    lines_total = 0
    for item in prepared:
        p = item.paragraph
        psize = size * p.scale
        indent = MARKER_INDENT * psize if p.marker else 0.0
        lines = _break_lines(item.words, (box.width - indent) / psize)
        if lines is None:
            return None
        for n, line in enumerate(lines):
            if baseline is None:
                baseline = box.top - ASCENT * psize
            else:
                baseline -= leading * psize + (p.space_before * size if n == 0 else 0.0)
            line_width = sum(w.width for w in line) + sum(w.space for w in line[:-1])
            x = box.x + indent
            free = box.width - indent - line_width * psize
            if p.align == "center":
                x += free / 2
            elif p.align == "right":
                x += free
            if n == 0 and p.marker:
                side = MARKER_SIZE * psize
                runs.append(FillRect(box.x, baseline + MARKER_RAISE * psize, side, side, p.marker_color))
            for w_index, word in enumerate(line):
                for piece in word.pieces:
                    runs.append(TextRun(x, baseline, piece.face, psize, piece.text, p.color))
                    x += piece.width * psize
                if w_index < len(line) - 1:
                    x += word.space * psize
            lines_total += 1
            last_size = psize
    if baseline is None:
        return runs, 0.0, 0
    bottom = baseline - DESCENT * last_size
    if bottom < box.y - 1e-6:
        return None
    return runs, box.top - bottom, lines_total


def fit(
    paragraphs: Sequence[Paragraph],
    stack: FontStack,
    box: Box,
    max_size: float,
    min_size: float,
    leading: float = 1.2,
    valign: Literal["top", "middle", "bottom"] = "top",
) -> FittedBlock:
    """Set ``paragraphs`` in ``box`` at the largest base size in [min_size, max_size] that fits.

    Raises :class:`NoFit` saying how far it is from fitting at ``min_size``.
    """
    prepared = _prepare(paragraphs, stack)
    first = _layout(prepared, box, min_size, leading)
    if first is None:
        raise NoFit(_why(prepared, box, min_size, leading))
    best = (min_size, first)
    # Binary search over sizes min_size + i * SIZE_STEP; only sizes that were laid out and fit win.
    low, high = 1, int(round((max_size - min_size) / SIZE_STEP))
    while low <= high:
        mid = (low + high) // 2
        size = round(min_size + mid * SIZE_STEP, 3)
        result = _layout(prepared, box, size, leading)
        if result is None:
            high = mid - 1
        else:
            best = (size, result)
            low = mid + 1
    size, (ops, height, count) = best
    shift = {"top": 0.0, "middle": (box.height - height) / 2, "bottom": box.height - height}[valign]
    if shift:
        ops = [replace(op, y=op.y - shift) for op in ops]
    return FittedBlock(size, tuple(ops), height, count)


def _why(prepared: Sequence[_Prepared], box: Box, size: float, leading: float) -> str:
    for item in prepared:
        psize = size * item.paragraph.scale
        for word in item.words:
            if word.width * psize > box.width:
                text = "".join(p.text for p in word.pieces)
                return f"The word '{text}' is wider than the box even at {psize:.1f} pt."
    tall = _layout(prepared, Box(box.x, box.y - 10 * box.height, box.width, 11 * box.height), size, leading)
    needed = tall[1] if tall else math.inf
    over = (needed / box.height - 1) * 100
    return f"At the smallest size ({size:g} pt) it needs {needed:.0f} pt of height but the box has {box.height:.0f} pt ({over:.0f}% too long)."

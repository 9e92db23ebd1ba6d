"""Paragraph layout for every script: itemise, measure, break lines, reorder, fit to a box.

A paragraph is prepared once (size independent, in em): its characters get a bidi level, a
script and a face from the font stack; it is cut at line-break opportunities (ICU) into
segments, each shaped with HarfBuzz and measured, ink extents included. Fitting then tries sizes
with arithmetic only; the chosen size's lines are reordered (UAX #9) and shaped into glyph runs.
"""

from __future__ import annotations

import math

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Callable, Hashable, Literal, Sequence

from cardgen.drawing import FillRect, GlyphRun, Operation, ShapedLine
from cardgen.errors import SettingError
from cardgen.typeset import markup
from cardgen.typeset.markup import SPOKEN_END, SPOKEN_START
from cardgen.typeset.bidi import BIDI_CONTROLS, embedding_levels, visual_order
from cardgen.typeset.breaking import INSIDE_SYLLABLE, PHRASE, breaks
from cardgen.typeset.fonts import Face, FontStack, Writing, cmap
from cardgen.typeset.scripts import NEUTRAL, char_script, resolve_scripts
from cardgen.typeset.shaping import shape

Align = Literal["start", "center", "end"]

SIZE_STEP = 0.1  # pt: the granularity of fitted sizes
LATIN_LEADING = 1.2  # the stack leading that a layout's own leading is given relative to
LINE_GAP = 0.0  # em: white kept between the lowest ink of a line and the highest of the next
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
    align: Align = "start"  # start is left in left-to-right text, right in right-to-left
    keep_with_next: bool = False  # when text flows over pages: never the last thing on a page (headings)
    keep: tuple[str, ...] = ()  # names within which lines break only when nothing else fits


@dataclass(frozen=True)
class FittedBlock:
    """Paragraphs set in a box: the size chosen, what to draw and how much room it took."""

    size: float  # the base size chosen
    ops: tuple[Operation, ...]
    height: float
    line_count: int


class NoFit(Exception):
    """Raised by :func:`fit` with a sentence saying why the text does not fit."""


# -- preparation: everything that does not depend on the size -------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    """Characters [start, end) of a paragraph set alike: one face, bidi level and script."""

    start: int
    end: int
    face: Face
    level: int
    script: str


@dataclass(frozen=True, slots=True)
class _Segment:
    """The text between two line-break opportunities, measured in em."""

    start: int
    end: int
    width: float  # with its trailing spaces
    trimmed: float  # without them, as at the end of a line
    top: float
    bottom: float
    grade: int = PHRASE  # how bad a line break after it is (cardgen.typeset.breaking)
    letters: int = 1  # its characters other than spaces and punctuation


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A paragraph shaped once, ready to be broken into lines at any width."""

    paragraph: Paragraph
    text: str
    runs: tuple[_Run, ...]
    segments: tuple[_Segment, ...]
    english: tuple[tuple[int, int], ...] = ()  # ranges of ``text`` marked as English words to say


def _faces(text: str, bold: Sequence[bool], stack: FontStack) -> list[Face]:
    """A face for every character: the first of the stack that has it; neutral characters
    (spaces, punctuation, digits, marks) stay in the face before them when it has them."""
    regular = [(face, cmap(face)) for face in stack.regular]
    bolder = [(face, cmap(face)) for face in stack.bold]
    # whether each face of the stack is among the regular and among the bold candidates (by
    # equality, as the faces compare), and its code points, found by the face object itself
    among = {id(face): (face in stack.regular, face in stack.bold) for face, _ in regular + bolder}
    points = {id(face): covered for face, covered in regular + bolder}
    faces: list[Face] = []
    previous: Face | None = None
    for i, char in enumerate(text):
        is_bold = bold[i]
        point = ord(char)
        if previous is not None and among[id(previous)][is_bold] and point in points[id(previous)] and char_script(char) in NEUTRAL:
            faces.append(previous)
            continue
        face = next((f for f, covered in (bolder if is_bold else regular) if point in covered), None)
        if face is None:  # content is checked for coverage before layout; this guards the rest
            raise SettingError(f"no bundled font can draw {char!r} (U+{point:04X}) in {text!r}.")
        faces.append(face)
        previous = face
    return faces


def _runs(text: str, faces: Sequence[Face], levels: Sequence[int], scripts: Sequence[str]) -> tuple[_Run, ...]:
    runs: list[_Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (faces[i], levels[i], scripts[i]) != (faces[start], levels[start], scripts[start]):
            runs.append(_Run(start, i, faces[start], levels[start], scripts[start]))
            start = i
    return tuple(runs)


def _pieces(runs: Sequence[_Run], start: int, end: int) -> list[_Run]:
    """The runs cut to [start, end)."""
    return [
        r if r.start >= start and r.end <= end else _Run(max(r.start, start), min(r.end, end), r.face, r.level, r.script)
        for r in runs if r.start < end and r.end > start
    ]


def _measure(text: str, runs: Sequence[_Run], start: int, end: int, language: str) -> tuple[float, float, float]:
    width, top, bottom = 0.0, 0.0, 0.0
    for run in runs:
        if run.start >= end or run.end <= start:
            continue
        shaped = shape(run.face, text[max(run.start, start) : min(run.end, end)], run.level % 2 == 1, run.script, language)
        scale = run.face.scale  # a face drawn smaller or larger than the text around it
        width += shaped.advance * scale
        if shaped.top * scale > top:
            top = shaped.top * scale
        if shaped.bottom * scale < bottom:
            bottom = shaped.bottom * scale
    return width, top, bottom


class _Memo:
    """A bounded cache of results by key, least recently used first out.

    Layouts are pure functions of their inputs (the text, the writing, the box and the sizes;
    fonts and shaping are fixed for the process), so a block fitted once is reused wherever
    the same text is fitted to the same box again: the same card drawn twice, the English
    statement on every locale's back, a card on a sheet. Bounded, so a long batch keeps its
    memory flat.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: "OrderedDict[Hashable, object]" = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        items = self.items
        try:
            items.move_to_end(key)
            return items[key]
        except KeyError:
            pass
        value = make()
        items[key] = value
        if len(items) > self.size:
            items.popitem(last=False)
        return value


    def clear(self) -> None:
        self.items.clear()


_PREPARED = _Memo(8192)
_FITTED = _Memo(4096)


def clear_caches() -> None:
    """Forget every prepared paragraph and fitted block (for tests that swap the line breaker)."""
    _PREPARED.clear()
    _FITTED.clear()


def _prepare(paragraph: Paragraph, writing: Writing) -> _Prepared:
    """A paragraph measured for every size (cached: see :class:`_Memo`)."""
    return _PREPARED.get((paragraph, writing), lambda: _prepared(paragraph, writing))  # type: ignore[return-value]


def _prepared(paragraph: Paragraph, writing: Writing) -> _Prepared:
    spans = markup.parse(paragraph.text, paragraph.bold)
    text = "".join(s.text for s in spans)
    bold = [s.bold for s in spans for _ in s.text]
    english: list[tuple[int, int]] = []
    if SPOKEN_START in text:
        # the English words to say, marked by FamilyText.with_spoken: kept as ranges, not drawn
        keep, start = [], 0
        for i, c in enumerate(text):
            if c == SPOKEN_START:
                start = len(keep)
            elif c == SPOKEN_END:
                english.append((start, len(keep)))
            else:
                keep.append(i)
        text = "".join(text[i] for i in keep)
        bold = [bold[i] for i in keep]
    levels = embedding_levels(text, writing.rtl)
    if any(c in BIDI_CONTROLS for c in text):
        # Directional marks and embeddings steer the bidi levels above; they are not drawn.
        keep = [i for i, c in enumerate(text) if c not in BIDI_CONTROLS]
        if english:  # each index moves to the count of kept characters before it
            moved = [0] * (len(text) + 1)
            for i, c in enumerate(text):
                moved[i + 1] = moved[i] + (c not in BIDI_CONTROLS)
            english = [(moved[a], moved[b]) for a, b in english]
        text = "".join(text[i] for i in keep)
        bold = [bold[i] for i in keep]
        levels = [levels[i] for i in keep]
    scripts = resolve_scripts(text, writing.script)
    runs = _runs(text, _faces(text, bold, writing.stack), levels, scripts)
    segments = []
    graded = breaks(text, writing.language, paragraph.keep) if text else ()
    ends = [*graded, (len(text), PHRASE)]
    start = 0
    for end, grade in ends:
        if end <= start:
            continue
        piece = text[start:end]
        content_end = start + len(piece.rstrip())
        width, top, bottom = _measure(text, runs, start, end, writing.language)
        trimmed = _measure(text, runs, start, content_end, writing.language)[0] if content_end < end else width
        letters = sum(1 for c in piece if c.isalnum())
        segments.append(_Segment(start, content_end, width, trimmed, top, bottom, grade, letters))
        start = end
    return _Prepared(paragraph, text, runs, tuple(segments), tuple(english))


# -- line breaking and vertical placement at one size -----------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a prepared paragraph: the text it holds and its extent."""

    start: int
    end: int  # trailing spaces excluded
    width: float  # em
    top: float
    bottom: float


def _break(segments: Sequence[_Segment], width: float, balance: bool = False) -> list[_Line] | None:
    """Lines for a line ``width`` in em; None if one segment alone is wider.

    Lines break at the best grade of opportunity that lets every unit fit (between words, not
    inside them; inside only a word wider than the line). Greedy filling gives the fewest lines;
    with ``balance``, the same number of lines is chosen to be least ragged, and never to leave
    one word (or one or two CJK characters) alone on the last line when another break exists.
    """
    known = _phrase_units(segments)
    if known[4] <= width + 1e-9:  # every unit between phrase breaks fits: _units would give these
        units, trimmed, widths = known[1], known[2], known[3]
    else:
        found = _units(segments, width)
        if found is None:
            return None
        units = found
        trimmed = [_trimmed(unit) for unit in units]
        widths = [sum(s.width for s in unit) for unit in units]
    lines = _greedy(units, width, trimmed, widths)
    if balance and len(lines) > 1:
        lines = _balanced(units, width, len(lines), trimmed, widths) or lines
    return [_line([s for unit in line for s in unit]) for line in lines]


_PHRASES: "dict[int, tuple]" = {}


def _phrase_units(segments: Sequence[_Segment]) -> tuple:
    """(segments, their units between phrase breaks, each unit's trimmed and full width, the
    widest trimmed unit): what :func:`_units` and the breakers compute at every trial size
    whenever no unit is wider than the line, kept per segment sequence (held, so its identity
    is not reused while the entry lives)."""
    entry = _PHRASES.get(id(segments))
    if entry is not None and entry[0] is segments:
        return entry
    units = (_units(segments, math.inf) or []) if segments else []  # on an endless line every group fits
    trimmed = [_trimmed(unit) for unit in units]
    widths = [sum(s.width for s in unit) for unit in units]
    entry = (segments, units, trimmed, widths, max(trimmed, default=0.0))
    if len(_PHRASES) > 16384:  # a long batch: keep memory flat
        _PHRASES.clear()
    _PHRASES[id(segments)] = entry
    return entry


_Unit = tuple[_Segment, ...]  # segments that stay on one line


def _units(segments: Sequence[_Segment], width: float, grade: int = PHRASE) -> list[_Unit] | None:
    """``segments`` grouped between breaks of ``grade`` or better; a group wider than the line is
    split again at the next grade, down to single segments."""
    units: list[_Unit] = []
    group: list[_Segment] = []
    worst = max(s.grade for s in segments)
    for n, segment in enumerate(segments):
        group.append(segment)
        if segment.grade <= grade or n == len(segments) - 1:
            if _trimmed(group) <= width + 1e-9:
                units.append(tuple(group))
            elif len(group) == 1 or grade >= worst:
                if len(group) == 1:
                    return None
                units.extend((s,) for s in group)
                if any(s.trimmed > width + 1e-9 for s in group):
                    return None
            else:
                finer = _units(group, width, min(s.grade for s in group[:-1] if s.grade > grade))
                if finer is None:
                    return None
                units.extend(finer)
            group = []
    return units


def _trimmed(segments: Sequence[_Segment]) -> float:
    return sum(s.width for s in segments[:-1]) + segments[-1].trimmed


def _greedy(units: Sequence[_Unit], width: float, trimmed: Sequence[float], widths: Sequence[float]) -> list[list[_Unit]]:
    """The fewest lines: each unit on the current line while it fits (``trimmed`` and ``widths``:
    each unit's width without and with its trailing space)."""
    lines: list[list[_Unit]] = []
    current: list[_Unit] = []
    used = 0.0
    for unit, narrow, wide in zip(units, trimmed, widths):
        if current and used + narrow > width + 1e-9:
            lines.append(current)
            current, used = [], 0.0
        current.append(unit)
        used += wide
    if current:
        lines.append(current)
    return lines


WIDOW_PENALTY = 100.0  # in squared line widths: a lone word on the last line is worse than any raggedness
INSIDE_PENALTY = 1.0  # per break inside a word (where one is needed, the breaker may move it)


def _balanced(units: Sequence[_Unit], width: float, count: int, trimmed: Sequence[float], widths: Sequence[float]) -> list[list[_Unit]] | None:
    """The ``count`` lines over ``units`` with the least raggedness (the squared white at the end
    of every line but the last, a short last line counted lightly), a lone last word penalised;
    None if no such lines exist."""
    n = len(units)
    starts = [0.0]
    for wide in widths:
        starts.append(starts[-1] + wide)
    trail = [wide - narrow for wide, narrow in zip(widths, trimmed)]
    inf = float("inf")
    # cost[k][j]: the best k lines over units[:j]; back[k][j]: where the last of them starts
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for j in range(1, n + 1):
        last = j == n
        i = j - 1
        while i >= 0:
            used = starts[j] - starts[i] - trail[j - 1]
            if used > width + 1e-9 and i < j - 1:
                break
            slack = (width - used) / width
            if last:
                line = 0.25 * max(0.0, 0.5 - (1 - slack)) ** 2
                if _widow(units[i:j], i):
                    line += WIDOW_PENALTY
            else:
                line = slack * slack + (INSIDE_PENALTY if units[j - 1][-1].grade > PHRASE else 0.0)
            for k in range(1, count + 1):
                if cost[k - 1][i] + line < cost[k][j]:
                    cost[k][j] = cost[k - 1][i] + line
                    back[k][j] = i
            i -= 1
    if cost[count][n] == inf:
        return None
    lines: list[list[_Unit]] = []
    j = n
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.append(list(units[i:j]))
        j = i
    return lines[::-1]


def _widow(line: Sequence[_Unit], start: int) -> bool:
    """Whether a last line is one word alone (or one or two characters) after other lines."""
    if start == 0:
        return False
    return len(line) == 1 or sum(s.letters for unit in line for s in unit) <= 2


def _line(segments: Sequence[_Segment]) -> _Line:
    width = sum(s.width for s in segments[:-1]) + segments[-1].trimmed
    return _Line(
        segments[0].start,
        segments[-1].end,
        width,
        max(s.top for s in segments),
        min(s.bottom for s in segments),
    )


@dataclass(frozen=True, slots=True)
class _Placed:
    """A line with its baseline and size, ready to draw."""

    item: _Prepared
    line: _Line
    baseline: float
    size: float
    indent: float
    first: bool


def _place(prepared: Sequence[_Prepared], box: Box, size: float, stack: FontStack, leading: float, ink: bool = False, balance: bool = False) -> tuple[list[_Placed], float] | None:
    """Lines with their baselines at base ``size``; None if they do not fit the box.

    With ``ink``, the block is as tall as its ink (the first line's highest mark to the last
    line's lowest), not as the stack's ascent and descent say: for titles in a band.
    """
    ascent = 0.0 if ink else stack.ascent
    descent = 0.0 if ink else stack.descent
    placed: list[_Placed] = []
    baseline: float | None = None
    ink_below = 0.0  # how far the previous line's ink reaches under its baseline, in points
    for item in prepared:
        p = item.paragraph
        psize = size * p.scale
        indent = MARKER_INDENT * psize if p.marker else 0.0
        lines = _break(item.segments, (box.width - indent) / psize, balance)
        if lines is None:
            return None
        for n, line in enumerate(lines):
            if baseline is None:
                baseline = box.top - max(ascent, line.top) * psize
            else:
                # the usual leading, or more where tall marks or stacked letters would touch
                step = max(leading * psize, ink_below + (line.top + LINE_GAP) * psize)
                baseline -= step + (p.space_before * size if n == 0 else 0.0)
            ink_below = -line.bottom * psize
            placed.append(_Placed(item, line, baseline, psize, indent, n == 0))
    if baseline is None:
        return placed, 0.0
    bottom = baseline - max(descent * placed[-1].size, ink_below)
    if bottom < box.y - 1e-6:
        return None
    return placed, box.top - bottom


# -- drawing the chosen lines ------------------------------------------------------------------


def _glyph_runs(placed: _Placed, box: Box, writing: Writing) -> list[Operation]:
    item, line, p = placed.item, placed.line, placed.item.paragraph
    text = item.text
    start, end = line.start, line.end
    while start < end and text[start].isspace():
        start += 1
    pieces = _pieces(item.runs, start, end)
    # Rule L2 on whole runs: each run has one level, and HarfBuzz already gives the glyphs of a
    # right-to-left run in visual order.
    order = visual_order([r.level for r in pieces])
    shaped = [
        (run, shape(run.face, text[run.start : run.end], run.level % 2 == 1, run.script, writing.language))
        for run in (pieces[i] for i in order)
    ]
    width = sum(s.advance * run.face.scale for run, s in shaped) * placed.size
    inner_left, inner_right = box.x, box.right
    if writing.rtl:
        inner_right -= placed.indent
    else:
        inner_left += placed.indent
    align = p.align
    if align == "center":
        x = (inner_left + inner_right - width) / 2
    elif (align == "start") != writing.rtl:
        x = inner_left
    else:
        x = inner_right - width
    ops: list[Operation] = []
    if placed.first and p.marker:
        side = MARKER_SIZE * placed.size
        mx = box.right - side if writing.rtl else box.x
        ops.append(FillRect(mx, placed.baseline + MARKER_RAISE * placed.size, side, side, p.marker_color))
    runs = []
    for run, result in shaped:
        size = placed.size * run.face.scale
        runs.append(GlyphRun(x, placed.baseline, run.face, size, text[run.start : run.end], run.level % 2 == 1, result.glyphs, p.color, run.start - start))
        x += result.advance * size
    other = tuple((max(a, start) - start, min(b, end) - start, "en") for a, b in item.english if a < end and b > start)
    ops.append(ShapedLine(text[start:end], tuple(runs), writing.language, other if writing.language != "en" else ()))
    return ops


def fit(
    paragraphs: Sequence[Paragraph],
    writing: Writing,
    box: Box,
    max_size: float,
    min_size: float,
    leading: float | None = None,
    valign: Literal["top", "middle", "bottom"] = "top",
    ink: bool = False,
    loose: bool = False,
) -> FittedBlock:
    """Set ``paragraphs`` in ``box`` at the largest base size in [min_size, max_size] that fits.

    ``leading`` (baseline to baseline, in em) is given for Latin text and grows by as much as
    the script's stack needs more than Latin; it defaults to the stack's own. Lines also grow
    wherever their ink would touch. With ``ink``, the block is measured by its ink rather than
    the stack's ascent and descent (a title sized to fill a band in every script). With
    ``loose``, text that does not fit with lines ending between words only may also end between
    a word and its particle or inside a compound (a last resort, see Builder.sides). Raises
    :class:`NoFit` saying how far the text is from fitting.

    Fitted blocks are cached by all of these (:class:`_Memo`); a text that does not fit raises
    the same :class:`NoFit` again.
    """
    key = (tuple(paragraphs), writing, box, max_size, min_size, leading, valign, ink, loose)
    result = _FITTED.get(key, lambda: _fit_or_why(paragraphs, writing, box, max_size, min_size, leading, valign, ink, loose))
    if isinstance(result, str):
        raise NoFit(result)
    return result  # type: ignore[return-value]


def _fit_or_why(paragraphs, writing, box, max_size, min_size, leading, valign, ink, loose) -> "FittedBlock | str":  # type: ignore[no-untyped-def]
    """:func:`fit`'s block, or the sentence of its :class:`NoFit`."""
    try:
        return _fit(paragraphs, writing, box, max_size, min_size, leading, valign, ink, loose)
    except NoFit as exc:
        return str(exc)


def _fit(
    paragraphs: Sequence[Paragraph],
    writing: Writing,
    box: Box,
    max_size: float,
    min_size: float,
    leading: float | None,
    valign: Literal["top", "middle", "bottom"],
    ink: bool,
    loose: bool,
) -> FittedBlock:
    stack = writing.stack
    spacing = leading + max(0.0, stack.leading - LATIN_LEADING) if leading else stack.leading
    prepared = [_prepare(p, writing) for p in paragraphs]
    best = _place(prepared, box, min_size, stack, spacing, ink)
    if best is None and loose:
        # Last resort before giving up: lines may also end between a word and its particle or
        # inside a compound (never inside a syllable, a name or a number).
        loosened = _loosened(prepared)
        best = _place(loosened, box, min_size, stack, spacing, ink)
        if best is None:
            raise NoFit(_why(prepared, box, min_size, stack, spacing, ink))
        prepared = loosened
    elif best is None:
        raise NoFit(_why(prepared, box, min_size, stack, spacing, ink))
    size = min_size
    # Binary search over sizes min_size + i * SIZE_STEP; only sizes that were laid out and fit win.
    low, high = 1, int(round((max_size - min_size) / SIZE_STEP))
    while low <= high:
        mid = (low + high) // 2
        trial = round(min_size + mid * SIZE_STEP, 3)
        result = _place(prepared, box, trial, stack, spacing, ink)
        if result is None:
            high = mid - 1
        else:
            best, size = result, trial
            low = mid + 1
    # The size is found with greedy lines (the fewest); the same count of lines is then
    # balanced, kept only where it still fits (taller marks may move between lines).
    placed, height = _place(prepared, box, size, stack, spacing, ink, balance=True) or best
    shift = {"top": 0.0, "middle": (box.height - height) / 2, "bottom": box.height - height}[valign]
    ops: list[Operation] = []
    for line in placed:
        ops.extend(_glyph_runs(replace(line, baseline=line.baseline - shift), box, writing))
    return FittedBlock(size, tuple(ops), height, len(placed))


def _loosened(prepared: Sequence[_Prepared]) -> list[_Prepared]:
    """``prepared`` with every break between or inside words as good as a phrase break."""
    return [
        replace(item, segments=tuple(replace(s, grade=PHRASE) if s.grade < INSIDE_SYLLABLE else s for s in item.segments))
        for item in prepared
    ]


def _why(prepared: Sequence[_Prepared], box: Box, size: float, stack: FontStack, spacing: float, ink: bool = False) -> str:
    for item in prepared:
        psize = size * item.paragraph.scale
        for segment in item.segments:
            if segment.trimmed * psize > box.width:
                words = item.text[segment.start : segment.end]
                return f"The word '{words}' is wider than the box even at {psize:.1f} pt."
    tall = _place(prepared, Box(box.x, box.y - 100 * box.height, box.width, 101 * box.height), size, stack, spacing, ink)
    needed = tall[1] if tall else float("inf")
    over = (needed / box.height - 1) * 100
    return f"At the smallest size ({size:g} pt) it needs {needed:.0f} pt of height but the box has {box.height:.0f} pt ({over:.0f}% too long)."


# -- flowing text over pages at one size -----------------------------------------------------


@dataclass(frozen=True)
class _FlowLine:
    """A line of a paragraph flowing over pages, with its place in the paragraph."""

    item: int  # index of its paragraph
    n: int  # its index in the paragraph
    count: int  # lines in the paragraph
    line: _Line
    size: float
    indent: float
    space_before: float  # points, before the paragraph's first line (dropped at a page top)


def flow(
    paragraphs: Sequence[Paragraph],
    writing: Writing,
    frame: Callable[[int], Box],
    size: float,
    leading: float | None = None,
    orphans: int = 2,
    widows: int = 2,
) -> list[tuple[Operation, ...]]:
    """Set ``paragraphs`` at base ``size`` and flow their lines over as many pages as they need.

    ``frame(i)`` is the text area of the i-th page (all frames have one width). A page breaks
    between lines, never leaving fewer than ``orphans`` lines of a paragraph at its foot nor
    carrying fewer than ``widows`` to the next page (when the paragraph is long enough), and a
    paragraph marked ``keep_with_next`` (a heading) goes to the next page together with the
    first lines of the paragraph after it. Space before a paragraph is dropped at the top of a
    page. Returns each page's operations; raises :class:`NoFit` when a word is wider than the
    frame or a line taller than it.
    """
    stack = writing.stack
    spacing = leading + max(0.0, stack.leading - LATIN_LEADING) if leading else stack.leading
    prepared = [_prepare(p, writing) for p in paragraphs]
    width = frame(0).width
    lines: list[_FlowLine] = []
    for k, item in enumerate(prepared):
        psize = size * item.paragraph.scale
        indent = MARKER_INDENT * psize if item.paragraph.marker else 0.0
        broken = _break(item.segments, (width - indent) / psize, balance=True)
        if broken is None:
            raise NoFit(_why([item], frame(0), size, stack, spacing))
        space = item.paragraph.space_before * size
        lines.extend(_FlowLine(k, n, len(broken), line, psize, indent, space if n == 0 else 0.0) for n, line in enumerate(broken))
    pages: list[tuple[Operation, ...]] = []
    start = 0
    while start < len(lines):
        box = frame(len(pages))
        fitting = len(_baselines(lines, start, box, stack, spacing, size))
        if fitting == 0:
            raise NoFit(f"a line at {lines[start].size:.1f} pt is taller than the page's text area ({box.height:.0f} pt).")
        end = start + fitting
        if end < len(lines):
            end = _page_break(lines, prepared, start, end, orphans, widows)
        baselines = _baselines(lines, start, box, stack, spacing, size)[: end - start]
        ops: list[Operation] = []
        for fl, baseline in zip(lines[start:end], baselines):
            placed = _Placed(prepared[fl.item], fl.line, baseline, fl.size, fl.indent, fl.n == 0)
            ops.extend(_glyph_runs(placed, box, writing))
        pages.append(tuple(ops))
        start = end
    return pages


def _baselines(lines: Sequence[_FlowLine], start: int, box: Box, stack: FontStack, spacing: float, size: float) -> list[float]:
    """Baselines of lines[start:] in ``box``, as many as fit (the same spacing as :func:`fit`)."""
    out: list[float] = []
    baseline = 0.0
    ink_below = 0.0
    for fl in lines[start:]:
        line, psize = fl.line, fl.size
        if not out:
            baseline = box.top - max(stack.ascent, line.top) * psize
        else:
            step = max(spacing * psize, ink_below + (line.top + LINE_GAP) * psize)
            baseline -= step + fl.space_before
        ink_below = -line.bottom * psize
        if baseline - max(stack.descent * psize, ink_below) < box.y - 1e-6:
            break
        out.append(baseline)
    return out


def _page_break(lines: Sequence[_FlowLine], prepared: Sequence[_Prepared], start: int, end: int, orphans: int, widows: int) -> int:
    """Where the page that could hold lines[start:end] should end, by the widow, orphan and
    keep-with-next rules; the greedy ``end`` when the rules would leave the page empty."""
    b = end
    first = lines[b]
    if first.n > 0:  # the break falls inside a paragraph
        after = first.count - first.n
        if after < widows:
            b = max(start, b - (widows - after))
        if lines[b].n < orphans or prepared[lines[b].item].paragraph.keep_with_next:
            b -= lines[b].n  # the whole paragraph to the next page
    while b > start and lines[b].n == 0 and prepared[lines[b - 1].item].paragraph.keep_with_next:
        b -= 1 + lines[b - 1].n  # a heading goes with what follows it
    return b if b > start else end

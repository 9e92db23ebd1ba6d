"""What a page is made of, as data, and the one function that paints it on a canvas.

Products lay a side out once into a :class:`Side` (a list of operations); painting it is then
cheap and can be repeated at any offset (several cards on a sheet, say).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.color import IccConverter
    from cardgen.typeset.fonts import Face
    from cardgen.typeset.shaping import Glyph


@dataclass(frozen=True)
class Color:
    """A colour for the screen (RGB) and for print (CMYK)."""

    rgb: tuple[float, float, float]
    cmyk: tuple[float, float, float, float]  # for print shops; black is pure K


PALETTE: dict[str, Color] = {
    # A deep signal red: white text on it has a contrast ratio of 6:1.
    "red": Color((0.776, 0.063, 0.157), (0.0, 0.92, 0.80, 0.22)),
    "ink": Color((0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0)),
    "paper": Color((1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0)),
    # Crop marks: on every separation, so they line up on every plate (in RGB, plain black).
    "registration": Color((0.0, 0.0, 0.0), (1.0, 1.0, 1.0, 1.0)),
}


@dataclass(frozen=True)
class GlyphRun:
    """Shaped glyphs of one face in visual order, the pen starting at (x, y) on the baseline."""

    x: float
    y: float
    face: "Face"
    size: float
    text: str  # the run's characters in logical order; glyph clusters index into it
    rtl: bool
    glyphs: tuple["Glyph", ...]
    color: str
    start: int = 0  # where its text starts in its line's text

    @property
    def width(self) -> float:
        return sum(g.advance for g in self.glyphs) * self.size


@dataclass(frozen=True)
class ShapedLine:
    """One line of text: its runs left to right, and its characters in reading order."""

    text: str
    runs: tuple[GlyphRun, ...]
    lang: str = ""  # its language (BCP 47), for a tagged PDF's /Lang; "": the document's
    # (start, end, language) of the parts of its text in another language (the English words
    # to say on a card's front), for a tagged PDF's /Span elements with /Lang
    other: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class FillRect:
    """A rectangle filled in one colour (bands, rules, bullets, marks)."""

    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class QrSymbol:
    """A QR code with its quiet zone, drawn as vector squares in a ``size`` x ``size`` square."""

    x: float
    y: float
    size: float
    modules: tuple[str, ...]  # rows of '1' (dark) and '0', quiet zone included

    @property
    def module(self) -> float:
        return self.size / len(self.modules)


@dataclass(frozen=True)
class Picture:
    """A raster image (an organisation's logo), PNG bytes with no transparency."""

    x: float
    y: float
    width: float
    height: float
    png: bytes


@dataclass(frozen=True)
class Shape:
    """A vector path filled in one colour (a pictogram): subpaths of commands in points,
    ("M", x, y) to start one, ("L", x, y) a line, ("C", x1, y1, x2, y2, x, y) a cubic Bezier
    curve and ("Z",) to close it. Nonzero winding by default: parts drawn the same way round
    add up, a part drawn the other way round is a hole; ``even_odd`` alternates instead."""

    commands: tuple[tuple, ...]
    color: str
    even_odd: bool = False

    def numbers(self) -> list[float]:
        return [value for command in self.commands for value in command[1:]]


Operation = Union[FillRect, ShapedLine, QrSymbol, Picture, Shape]


@dataclass(frozen=True)
class Side:
    """One printed side: its name ('front', 'back'), trim size in points and what is on it."""

    name: str
    width: float
    height: float
    ops: tuple[Operation, ...]
    accent: tuple[float, float, float] | None = None  # an organisation's colour in place of the red


def moved(op: Operation, dx: float) -> Operation:
    """``op`` drawn ``dx`` pt further right (a panel of a folding piece placed on its sheet)."""
    if isinstance(op, ShapedLine):
        return replace(op, runs=tuple(replace(run, x=run.x + dx) for run in op.runs))
    if isinstance(op, Shape):
        return replace(op, commands=tuple(
            (command[0], *(value + dx if i % 2 == 0 else value for i, value in enumerate(command[1:]))) for command in op.commands
        ))
    return replace(op, x=op.x + dx)


def rgb_to_cmyk(rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
    k = 1 - max(rgb)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return tuple(round((1 - c - k) / (1 - k), 4) for c in rgb) + (round(k, 4),)  # type: ignore[return-value]


def _color(name: str, accent: tuple[float, float, float] | None, cmyk: "bool | IccConverter" = False) -> Color:
    if name == "red" and accent is not None:
        # an ICC converter (PDF/X) turns the accent into the press's CMYK; plain --cmyk, naively
        return Color(accent, cmyk.rgb_to_cmyk(accent) if hasattr(cmyk, "rgb_to_cmyk") else rgb_to_cmyk(accent))
    return PALETTE[name]


def _set_fill(canvas: "Canvas", color: str, cmyk: "bool | IccConverter", accent: tuple[float, float, float] | None = None) -> None:
    """What ReportLab's setFillColorRGB / setFillColorCMYK do with a tuple (the canvas's fill
    and the ``rg`` or ``k`` operator), with the operator's text made once per colour: a line
    sets its colour before each word, a few hundred times on a right-to-left card."""
    resolved = _color(color, accent, cmyk)
    values = resolved.cmyk if cmyk else resolved.rgb
    if canvas._enforceColorSpace is not None:  # not set by cardgen; ReportLab's own path then
        canvas.setFillColor(values)
        return
    operator = _FILLS.get(values)
    if operator is None:
        from reportlab.lib.rl_accel import fp_str

        operator = _FILLS[values] = f"{fp_str(values)} {'k' if len(values) == 4 else 'rg'}"
    canvas._fillColorObj = values
    canvas._code.append(operator)


_FILLS: "dict[tuple[float, ...], str]" = {}


def paint(canvas: "Canvas", side: Side, dx: float = 0.0, dy: float = 0.0, bleed: float = 0.0, cmyk: "bool | IccConverter" = False, tagged: "Tagged | None" = None) -> None:
    """Paint ``side`` with its bottom-left corner at (dx, dy).

    ``cmyk``: colours in CMYK; given an ICC converter (cardgen.color, for PDF/X), the accent and
    pictures are converted through it, so nothing on the page is RGB.

    With ``bleed``, filled areas that touch an edge of the side are extended beyond it by that
    much, so that a trimmed card has no white sliver; the caller clips to the bleed box.

    Every line is one marked-content sequence carrying its text (see :func:`_line_opening`).
    ``tagged``: the page's list of tagged lines, for a structure tree; each line painted gets
    the next MCID, and everything else (bands, frames, markers, the QR code, pictures) is marked
    as an /Artifact, which screen readers skip.
    """
    code = canvas._code
    for op in side.ops:
        if isinstance(op, ShapedLine):
            spelled = _spelled_by_glyphs(op)
            coded: dict[int, tuple] = {}  # a run's glyph codes, made once for all its words
            if tagged is not None and op.other:
                _paint_parts(canvas, op, dx, dy, cmyk, side.accent, tagged, spelled, coded)
                continue
            code.append(_line_opening(op, tagged, spelled))
            for run, part, inked in _reading_order(op) if spelled else ((run, None, False) for run in op.runs):
                _set_fill(canvas, run.color, cmyk, side.accent)
                code.append(_text_object(canvas, run, dx, dy, spelled, part, coded))
                if inked:
                    code.extend(_mark_ink(run, part, dx, dy))
            code.append("EMC")
            continue
        if tagged is not None:
            code.append("/Artifact BMC")
        if isinstance(op, FillRect):
            x, y, w, h = _bled(op, side, bleed)
            _set_fill(canvas, op.color, cmyk, side.accent)
            canvas.rect(dx + x, dy + y, w, h, stroke=0, fill=1)
        elif isinstance(op, QrSymbol):
            _paint_qr(canvas, op, dx, dy, cmyk)
        elif isinstance(op, Shape):
            _paint_shape(canvas, op, dx, dy, cmyk, side.accent)
        elif isinstance(op, Picture):
            import io

            from reportlab.lib.utils import ImageReader

            image = cmyk.image_to_cmyk(op.png) if hasattr(cmyk, "image_to_cmyk") else io.BytesIO(op.png)
            canvas.drawImage(ImageReader(image), dx + op.x, dy + op.y, op.width, op.height)
        else:  # pragma: no cover - a new operation type without a painter is a bug
            raise TypeError(f"cannot paint {op!r}")
        if tagged is not None:
            code.append("EMC")


def _spelled_by_glyphs(line: ShapedLine) -> bool:
    """Whether a line's text is carried by its glyphs' ToUnicode rather than one ActualText.

    Right-to-left lines: PDFium and poppler take a line's ActualText for text in visual order
    and reorder it with their own bidi pass, each differently, so no one string comes out right
    in both; glyphs that stand for their own characters, in visual order, read back in logical
    order (:func:`cardgen.typeset.fonts.spelled_char`, :func:`_spellings`, :func:`_written`).
    PDFium turns strong right-to-left stretches around, mirroring brackets, and copies weak
    ones (marks, full stops, digits) as it finds them; the spellings are made for that.
    """
    return any(run.rtl for run in line.runs)


Tagged = list[tuple[ShapedLine, str]]  # a page's marked content: (its line, its own language or "")


def _line_opening(line: ShapedLine, tagged: "Tagged | None", spelled: bool = False, text: "str | None" = None, lang: str = "") -> str:
    """The marked-content operator that opens a line: its whole text as ActualText, so that
    extractors (PDFium, poppler) and screen readers get the characters in logical order rather
    than the glyphs' cmap spellings in visual order (unless the glyphs are ``spelled`` as their
    text, see :func:`_spelled_by_glyphs`); with ``tagged``, also the line's MCID (its index in
    the list, which the line is appended to) for the page's structure tree. ``text`` and
    ``lang``: a part of the line only, and the part's language (see :func:`_paint_parts`)."""
    actual = "" if spelled else f" /ActualText {_text_string(line.text if text is None else text)}"
    if tagged is None:
        return f"/Span <<{actual.lstrip()}>> BDC"
    tagged.append((line, lang))
    # tagged /Span, whatever the structure element's type: poppler reads ActualText only there
    return f"/Span <</MCID {len(tagged) - 1}{actual}>> BDC"


def _paint_parts(canvas: "Canvas", line: ShapedLine, dx: float, dy: float, cmyk: "bool | IccConverter", accent: "tuple[float, float, float] | None", tagged: "Tagged", spelled: bool, coded: "dict[int, tuple]") -> None:
    """A tagged line with words in another language (``line.other``), painted as consecutive
    marked-content sequences, one per part, each with an MCID of its own: the structure tree
    gives the other language's parts a /Span element with their /Lang (cardgen.pdf._tag).

    A left-to-right line's parts are its text cut at the spaces around the other language's
    words (:func:`_ltr_parts`), each with its text as ActualText and the glyphs of its
    characters; a right-to-left line's words are painted in reading order as before
    (:func:`_reading_order`), a new part starting wherever a word's language changes."""
    code = canvas._code
    if spelled:
        parts: list[tuple[str, list[tuple[GlyphRun, range, bool]]]] = []
        for word in _reading_order(line):
            run, part, _ = word
            first = run.start + min(run.glyphs[i].cluster for i in part)
            lang = _language_at(line, first)
            if parts and parts[-1][0] == lang:
                parts[-1][1].append(word)
            else:
                parts.append((lang, [word]))
        for lang, words in parts:
            code.append(_line_opening(line, tagged, True, lang=lang))
            for run, part, inked in words:
                _set_fill(canvas, run.color, cmyk, accent)
                code.append(_text_object(canvas, run, dx, dy, True, part, coded))
                if inked:
                    code.extend(_mark_ink(run, part, dx, dy))
            code.append("EMC")
        return
    for text, lang, pieces in _ltr_parts(line):
        code.append(_line_opening(line, tagged, False, text, lang))
        for run, part in pieces:
            _set_fill(canvas, run.color, cmyk, accent)
            code.append(_text_object(canvas, run, dx, dy, False, part, coded))
        code.append("EMC")


def _ltr_parts(line: ShapedLine) -> "list[tuple[str, str, list[tuple[GlyphRun, range]]]]":
    """A left-to-right line's parts for :func:`_paint_parts`: (its text, its language or "",
    the glyphs of each run that draw it)."""
    # parts end at spaces: a part's first glyph after another part's last is where PDFium adds
    # a space of its own unless one of the two is a space (the words' punctuation goes with them)
    text = line.text
    edges = set()
    ranges = []
    for start, end, lang in line.other:
        first, last = _word_edge(text, start, -1), _word_edge(text, end, 1)
        if first is not None and last is not None:
            edges.update((first, last))
            ranges.append((first, last, lang))
    cuts = sorted({0, len(text), *edges})
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        pieces = []
        for run in line.runs:
            glyphs = [i for i, glyph in enumerate(run.glyphs) if start <= run.start + glyph.cluster < end]
            if glyphs:
                pieces.append((run, range(glyphs[0], glyphs[-1] + 1)))
        if pieces:
            parts.append((text[start:end], next((lang for a, b, lang in ranges if a < end and b > start), ""), pieces))
    return parts


def _word_edge(text: str, index: int, step: int) -> "int | None":
    """Where a part around the other language's words at ``index`` ends (``step`` 1) or
    starts (-1): past the punctuation next to them, at a space or the line's end; None where
    a letter comes first (a script written without spaces: the words stay in the line's part,
    as PDFium would put a space of its own between the two parts)."""
    import unicodedata

    at = index
    while 0 <= (at if step > 0 else at - 1) < len(text):
        char = text[at if step > 0 else at - 1]
        if char == " ":
            return at
        if not unicodedata.category(char).startswith("P"):
            return None
        at += step
    return at


def _language_at(line: ShapedLine, index: int) -> str:
    """The language of the character at ``index`` of a line's text: "" for the line's own."""
    return next((lang for start, end, lang in line.other if start <= index < end), "")


_ORDERS: "dict[int, tuple[ShapedLine, list[tuple[GlyphRun, range, bool]]]]" = {}


def _reading_order(line: ShapedLine) -> "list[tuple[GlyphRun, range, bool]]":
    """A right-to-left line's words, as (run as written, its glyphs, whether it has marks to
    draw as outlines: see :func:`_written`), in reading order.

    poppler's raw text keeps the painting order of words (it only turns each word's letters
    around; PDFium's text does not depend on it), so the words are painted in reading order:
    right to left, but a stretch of left-to-right runs (a Latin phrase) from its left end.
    Kept per line (laid-out lines are cached and drawn again from card to card; the line is
    held, so its identity is not reused while the entry lives).
    """
    entry = _ORDERS.get(id(line))
    if entry is not None and entry[0] is line:
        return entry[1]
    order = _words_in_reading_order(line)
    if len(_ORDERS) > 16384:  # a long batch: keep memory flat
        _ORDERS.clear()
    _ORDERS[id(line)] = (line, order)
    return order


def _words_in_reading_order(line: ShapedLine) -> "list[tuple[GlyphRun, range, bool]]":
    words: list[tuple[GlyphRun, range, bool]] = []
    for run in line.runs:
        if not run.rtl:
            words.append((run, range(len(run.glyphs)), False))
            continue
        run = _written(run)[0]  # some marks as inkless glyphs, their ink drawn apart
        start = 0
        for index, glyph in enumerate(run.glyphs):
            if run.text[glyph.cluster:glyph.cluster + 1] == " ":
                # a space ends a word and is not written: it has no ink, PDFium drops a text
                # object without ink, and both extractors find the space in the gap
                if start < index:
                    words.append((run, range(start, index), True))
                start = index + 1
        if start < len(run.glyphs):
            words.append((run, range(start, len(run.glyphs)), True))
    stretches: list[list[tuple[GlyphRun, range, bool]]] = []
    for run, part, rtl in words:
        marks = _MARKS.get(id(run))
        inked = marks is not None and marks[0] is run and any(index in marks[1] for index in part)
        if not rtl and stretches and not stretches[-1][-1][0].rtl:
            stretches[-1].append((run, part, inked))
        else:
            stretches.append([(run, part, inked)])
    return [word for stretch in reversed(stretches) for word in stretch]


def _spelled_chars(run: GlyphRun, doc: object) -> "tuple[list[str], dict[int, tuple[int, str]]]":
    """The characters to write a run's glyphs as, each standing for its cluster's text in
    ``doc``'s ToUnicode, and the clusters glyphs cannot spell, as {index of the first glyph:
    (index of the last, cluster text)}, to carry as ActualText.

    Clusters are contiguous in the glyph order (HarfBuzz's monotone cluster level). A glyph that
    stands for several characters (lam-alef) lists them in visual order: extractors reverse
    them with the rest of the right-to-left text. A cluster of several glyphs (a letter drawn
    in pieces) cannot be split between them.
    """
    from cardgen.typeset.fonts import spellings_in, spelled_char

    own, singles, spans = _spellings(run)
    chars = list(own)
    taken = spellings_in(doc, run.face).setdefault
    for index, gid, text in singles:
        char = own[index]
        # a glyph's own character, where it spells this text in the document (or is the first)
        if taken(ord(char), text) != text:
            chars[index] = spelled_char(doc, run.face, gid, text, char)
    return chars, spans


_SPELLS: "dict[int, tuple]" = {}


def _spellings(run: GlyphRun) -> "tuple[tuple[str, ...], tuple[tuple[int, int, str], ...], dict[int, tuple[int, str]]]":
    """What :func:`_spelled_chars` needs of a run whatever the document, kept per shaped glyph
    sequence as :func:`_cached_plan` keeps its plan: the glyphs' own characters, the glyphs that
    stand alone for their cluster (index, glyph, the text they stand for) and the clusters of
    several glyphs."""
    import unicodedata

    from cardgen.typeset.fonts import char_for_glyph

    entry = _SPELLS.get(id(run.glyphs))
    if entry is not None and entry[0] is run.glyphs and entry[1] == run.face and entry[2] == run.text and entry[3] == run.rtl:
        return entry[4]
    texts = _cluster_texts(run)
    own = tuple(char_for_glyph(run.face, g.gid) for g in run.glyphs)
    singles: list[tuple[int, int, str]] = []
    spans: dict[int, tuple[int, str]] = {}
    first = 0
    while first < len(run.glyphs):
        cluster = run.glyphs[first].cluster
        last = first
        while last + 1 < len(run.glyphs) and run.glyphs[last + 1].cluster == cluster:
            last += 1
        text = texts[first]
        if last > first:
            spans[first] = (last, text)
        elif run.rtl and len(text) == 1 == len(own[first]) and unicodedata.mirrored(text) and unicodedata.mirrored(own[first]):
            # a bracket or quotation mark drawn mirrored («, shown as »): spelled as the glyph
            # it shows, as producers write it; PDFium mirrors it back in right-to-left text
            singles.append((first, run.glyphs[first].gid, own[first]))
        else:
            singles.append((first, run.glyphs[first].gid, _visual_spelling(text) if run.rtl else text))
        first = last + 1
    result = (own, tuple(singles), spans)
    if len(_SPELLS) > 16384:  # a long batch: keep memory flat
        _SPELLS.clear()
    _SPELLS[id(run.glyphs)] = (run.glyphs, run.face, run.text, run.rtl, result)
    return result


# Bidi classes PDFium takes for weak left-to-right text and copies in the order it finds them,
# even inside right-to-left text: marks, separators and terminators such as . , : %
_WEAK = frozenset(("NSM", "CS", "ES", "ET", "BN", "EN", "AN"))


def _visual_spelling(text: str) -> str:
    """How a right-to-left glyph standing for ``text`` spells it, in visual order: the text
    turned around, except that a stretch of weak characters keeps its order (PDFium, reading
    visual order back, turns strong right-to-left stretches around and copies weak ones as it
    finds them: a shadda and fatha drawn as one glyph stay in that order)."""
    import unicodedata

    stretches: list[list[str]] = []
    for char in text:
        weak = unicodedata.bidirectional(char) in _WEAK
        if stretches and (unicodedata.bidirectional(stretches[-1][0]) in _WEAK) == weak:
            stretches[-1].append(char)
        else:
            stretches.append([char])
    return "".join("".join(s) if unicodedata.bidirectional(s[0]) in _WEAK else "".join(reversed(s)) for s in reversed(stretches))


_WRITTEN: "dict[int, tuple[GlyphRun, GlyphRun, dict[int, tuple[Glyph, float]]]]" = {}


def _written(run: GlyphRun) -> "tuple[GlyphRun, dict[int, tuple[Glyph, float]]]":
    """A right-to-left run as its text is written, and the marks drawn as outlines instead, by
    their index in it.

    A mark drawn off the baseline (a kasra under its letter) would need a text rise, and PDFium
    takes a raised glyph for a line of its own, copying the line in pieces; a mark moved along
    the line onto its letter reads to it as a gap between words. Such a mark, and a mark in a
    stretch of weak characters (a tanween and the full stop after its letter), is written as an
    inkless glyph of no advance that spells it, on the baseline at the pen, and its ink drawn as
    its outline (cardgen.typeset.outlines). In a stretch of weak characters the marks are
    written first: PDFium copies such a stretch in the order it finds it, and in visual order
    the full stop comes first. The visible glyphs keep their places and codes. Kept per run.
    """
    entry = _WRITTEN.get(id(run))
    if entry is not None and entry[0] is run:
        return entry[1], entry[2]
    written, marks = _write_marks(run)
    if len(_WRITTEN) > 16384:  # a long batch: keep memory flat
        forget_written()
    _WRITTEN[id(run)] = (run, written, marks)
    if marks:
        _MARKS[id(written)] = (written, marks, sorted(marks), {})
    return written, marks


# A written run's marks to draw as outlines (see _written): (the run, its marks, their indices
# in order, their painting operators by the side's offset), by the run's id
_MARKS: "dict[int, tuple[GlyphRun, dict[int, tuple[Glyph, float]], list[int], dict[tuple[float, float], dict[int, str]]]]" = {}


def forget_written() -> None:
    """Forget the runs as written and the lines' reading orders, which hold them: the next
    painting makes them afresh."""
    _WRITTEN.clear()
    _MARKS.clear()
    _ORDERS.clear()


def _mark_ink(run: GlyphRun, part: range, dx: float, dy: float) -> "list[str]":
    """The ink of a written run's marks in ``part``, each its outline filled at its shaped place
    in the current colour; kept per run and offset."""
    from bisect import bisect_left

    entry = _MARKS.get(id(run))
    if entry is None or entry[0] is not run:
        return []
    _, marks, indices, by_offset = entry
    ops = by_offset.get((dx, dy))
    if ops is None:
        ops = by_offset[(dx, dy)] = _mark_outlines(run, marks, dx, dy)
    first = bisect_left(indices, part.start)
    return [ops[i] for i in indices[first:bisect_left(indices, part.stop, first)] if i in ops]


def _write_marks(run: GlyphRun) -> "tuple[GlyphRun, dict[int, tuple[Glyph, float]]]":
    import unicodedata
    from collections import Counter

    from cardgen.typeset.fonts import inkless_glyph
    from cardgen.typeset.shaping import Glyph

    texts = _cluster_texts(run)
    per_cluster = Counter(g.cluster for g in run.glyphs)
    single = [per_cluster[g.cluster] == 1 for g in run.glyphs]
    weak = [one and bool(t) and all(unicodedata.bidirectional(c) in _WEAK for c in t) for one, t in zip(single, texts)]
    mark = [
        one and not g.advance and bool(t) and all(unicodedata.category(c) == "Mn" for c in t)
        for one, g, t in zip(single, run.glyphs, texts)
    ]
    in_stretch = [w and ((i > 0 and weak[i - 1]) or (i + 1 < len(weak) and weak[i + 1])) for i, w in enumerate(weak)]
    chosen = [m and (bool(g.dy) or stretch) for m, g, stretch in zip(mark, run.glyphs, in_stretch)]
    if not any(chosen):
        return run, {}
    blank = inkless_glyph(run.face)
    if blank is None:  # pragma: no cover - every bundled right-to-left face has one
        return run, {}
    glyphs = list(run.glyphs)
    marks: dict[int, tuple[Glyph, float]] = {}  # by index: the mark and its pen, in em
    pen = 0.0
    for i, g in enumerate(run.glyphs):
        if chosen[i]:
            glyphs[i] = Glyph(blank, g.cluster, 0.0, 0.0, 0.0)
            marks[i] = (g, pen)
        pen += g.advance
    # in each stretch of weak glyphs, the marks' inkless glyphs first, in reading order
    i = 0
    while i < len(glyphs):
        if not weak[i]:
            i += 1
            continue
        j = i
        while j < len(glyphs) and weak[j]:
            j += 1
        stretch = list(range(i, j))
        order = [k for k in reversed(stretch) if k in marks] + [k for k in stretch if k not in marks]
        if order != stretch:
            moved = [glyphs[k] for k in order]
            moved_marks = {i + n: marks[k] for n, k in enumerate(order) if k in marks}
            for k in stretch:
                marks.pop(k, None)
            glyphs[i:j] = moved
            marks.update(moved_marks)
        i = j
    return replace(run, glyphs=tuple(glyphs)), marks


def _mark_outlines(run: GlyphRun, marks: "dict[int, tuple[Glyph, float]]", dx: float, dy: float) -> "dict[int, str]":
    """Each mark's painting operators: its outline filled at its shaped place."""
    from cardgen.typeset.outlines import outline, units_per_em

    fp_str = _fp_str()
    scale = fp_str(run.size / units_per_em(run.face))
    ops = {}
    for index, (mark, pen) in marks.items():
        path = outline(run.face, mark.gid)
        if path:
            x = dx + run.x + (pen + mark.dx) * run.size
            y = dy + run.y + mark.dy * run.size
            ops[index] = f"q {scale} 0 0 {scale} {fp_str(x)} {fp_str(y)} cm {path} f Q"
    return ops


def _cluster_texts(run: GlyphRun) -> "list[str]":
    """The text of each glyph's cluster (a cluster runs to the next cluster's start)."""
    starts = sorted({g.cluster for g in run.glyphs})
    ends = dict(zip(starts, starts[1:] + [len(run.text)]))
    return [run.text[g.cluster:ends[g.cluster]] for g in run.glyphs]


def _text_string(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte order mark, as a hex string."""
    return f"<FEFF{text.encode('utf-16-be').hex().upper()}>"


def _bled(rect: FillRect, side: Side, bleed: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = rect.x, rect.y, rect.x + rect.width, rect.y + rect.height
    if bleed:
        eps = 0.01
        x0 = x0 - bleed if x0 <= eps else x0
        y0 = y0 - bleed if y0 <= eps else y0
        x1 = x1 + bleed if x1 >= side.width - eps else x1
        y1 = y1 + bleed if y1 >= side.height - eps else y1
    return x0, y0, x1 - x0, y1 - y0


def _text_object(canvas: "Canvas", run: GlyphRun, dx: float, dy: float, spelled: bool = False, part: "range | None" = None, coded: "dict[int, tuple] | None" = None) -> str:
    """PDF operators that draw a run's glyphs (those of ``part``, a word, or all), each at its
    shaped position.

    The glyphs' cmap spellings are not the text (ligatures, conjuncts, contextual forms, visual
    order): the caller wraps the whole line in one ActualText (:func:`_line_opening`), or, when
    the line is ``spelled``, each glyph is written as a code standing for its cluster's text,
    and a cluster of several glyphs carries its own ActualText. ``coded`` keeps a run's codes
    between the calls for its words.

    Glyphs of one subset and rise go into one TJ array: a string of codes, with a number
    between two glyphs only where HarfBuzz's placement differs from the font's own advance
    (see :func:`_plan`).
    """
    coded = {} if coded is None else coded
    entry = coded.get(id(run))
    if entry is None:
        entry = coded[id(run)] = _coded(canvas, run, spelled)
    (_, before, joined, after, rises), spans, subsets, escaped, names, font, uniform = entry
    fp_str = _fp_str()
    part = range(len(run.glyphs)) if part is None else part
    size = run.size
    if uniform and part:
        # one subset, no rise, no cluster of its own: one TJ, as the general loop below writes it
        name = _font_operator(names, font, subsets[part.start], canvas, size)
        pieces: list[str] = []  # the TJ array's strings and numbers
        pending: list[str] = []  # codes of the string being made
        for index in part:
            number = joined[index] if pending or pieces else before[index]
            if number:
                if pending:
                    pieces.append(f"({''.join(pending)})")
                    pending = []
                pieces.append(number)
            pending.append(escaped[index])
        pieces.append(f"({''.join(pending)})")
        if after[part[-1]]:
            pieces.append(after[part[-1]])
        return f"BT\n{_placement(run, part.start, dx, dy)}\n{name}\n[{' '.join(pieces)}] TJ\nET"
    out = ["BT", _placement(run, part.start, dx, dy)]
    items: list[str] = []
    codes_now: list[str] = []
    last = -1  # the last glyph in the TJ being made, -1 for none yet

    def flush() -> None:
        nonlocal last
        if last < 0:
            return
        items.append(f"({''.join(codes_now)})")
        codes_now.clear()
        if after[last]:
            items.append(after[last])
        out.append(f"[{' '.join(items)}] TJ")
        items.clear()
        last = -1

    subset_now, closing = None, -1
    rise = 0.0
    for index in part:
        subset = subsets[index]
        if index in spans:
            flush()
            closing, text = spans[index]
            out.append(f"/Span <</ActualText {_text_string(text)}>> BDC")
        if subset != subset_now:
            flush()
            out.append(_font_operator(names, font, subset, canvas, size))
            subset_now = subset
        if rises[index] != rise:
            flush()
            rise = rises[index]
            out.append(f"{fp_str(rise)} Ts")
        number = before[index] if last < 0 else joined[index]
        if number:
            if codes_now:
                items.append(f"({''.join(codes_now)})")
                codes_now.clear()
            items.append(number)
        codes_now.append(escaped[index])
        last = index
        if index == closing:
            flush()
            out.append("EMC")
    flush()
    if rise:
        out.append("0 Ts")
    out.append("ET")
    return "\n".join(out)


def _font_operator(names: "dict[int, str]", font: object, subset: int, canvas: "Canvas", size: float) -> str:
    """The Tf selecting ``subset`` of ``font`` at ``size``, kept in ``names`` (a run's) once
    made: the first request also registers the font with the document."""
    name = names.get(subset)
    if name is None:
        name = names[subset] = f"{font.getSubsetInternalName(subset, canvas._doc)} {_fp_str()(size)} Tf"  # type: ignore[attr-defined]
    return name


def _coded(canvas: "Canvas", run: GlyphRun, spelled: bool) -> tuple:
    """What :func:`_text_object` needs of a run in ``canvas``'s document, made once for all
    its words: the plan, the clusters that carry their own ActualText, each glyph's subset
    and escaped code, room for the subsets' Tf, the font, and whether the run is uniform (one
    subset, no rise, no cluster with an ActualText of its own: the common case, written by a
    shorter path)."""
    from cardgen.typeset.fonts import load

    font, doc = load(run.face), canvas._doc
    if spelled:
        # the plan's numbers are the same whichever character spells a glyph (a glyph's
        # every code has its advance): only the characters are the document's
        chars, spans = _spelled_chars(run, doc)
        plan = (chars, *_cached_plan(run, font.face.charWidths)[1:])
    else:
        plan, spans = _cached_plan(run, font.face.charWidths), {}
        chars = plan[0]
    escaped = _escapes(canvas)
    numbers = _assigned(font, doc, chars)
    if numbers is None:
        # one call assigns every glyph its subset and code, in the order a glyph at a time would
        numbers = [subset << 8 | code for subset, chunk in font.splitString("".join(chars), doc) for code in chunk]
    subsets = [n >> 8 for n in numbers]
    uniform = not spans and len(set(subsets)) <= 1 and not any(plan[4])
    return plan, spans, subsets, [escaped[n & 0xFF] for n in numbers], {}, font, uniform


_PLACEMENTS: "dict[int, tuple[GlyphRun, dict[tuple[int, float, float], str]]]" = {}


def _placement(run: GlyphRun, first: int, dx: float, dy: float) -> str:
    """The Tm that puts the pen at glyph ``first`` of ``run`` drawn at (dx, dy), kept per run
    as the plans are (the same card drawn again writes the same operators)."""
    entry = _PLACEMENTS.get(id(run))
    if entry is None or entry[0] is not run:
        if len(_PLACEMENTS) > 16384:  # a long batch: keep memory flat
            _PLACEMENTS.clear()
        entry = _PLACEMENTS[id(run)] = (run, {})
    placed = entry[1]
    key = (first, dx, dy)
    if key not in placed:
        fp_str = _fp_str()
        pen = 0.0  # the pen before glyph ``first``, in em, added up as the glyphs run
        for glyph in run.glyphs[:first]:
            pen += glyph.advance
        placed[key] = f"1 0 0 1 {fp_str(dx + run.x + pen * run.size)} {fp_str(dy + run.y)} Tm"
    return placed[key]


def _assigned(font: object, doc: object, chars: "list[str]") -> "list[int] | None":
    """Each character's number in ``doc`` (subset * 256 + code), when every one has been given
    one already, as ReportLab's splitString would return them (a no-break space is written
    as a space); None if some character is new to the document (splitString assigns it)."""
    state = font.state.get(doc)  # type: ignore[attr-defined]
    if state is None:
        return None
    assignments = state.assignments
    try:
        return [assignments[32 if char == "\xa0" else ord(char)] for char in chars]
    except KeyError:
        return None


@lru_cache(maxsize=None)
def _fp_str():  # type: ignore[no-untyped-def]
    """ReportLab's number formatting (its C version), imported once."""
    from reportlab.lib.rl_accel import fp_str

    return fp_str


_Plan = tuple  # (chars, before, joined, after, rises): see _plan


def _plan(run: GlyphRun, chars: "list[str]", widths: "dict[int, float]") -> _Plan:
    """How a run's glyphs go into TJ arrays, whatever the document: the character each is
    written as; the number to put before it when it opens a TJ (its own offset) or when it
    follows another glyph in one (the previous glyph's correction and its offset), and after
    it when it closes a TJ, each as written ("" for none); and its rise.

    TJ numbers are thousandths of the size, subtracted from the pen: each glyph is placed at
    its offset, and the pen left where HarfBuzz's advance puts it.
    """
    from reportlab.lib.rl_accel import fp_str

    size = run.size
    before: list[str] = []
    joined: list[str] = []
    after: list[str] = []
    rises: list[float] = []
    previous = 0.0
    for glyph, char in zip(run.glyphs, chars):
        offset = -glyph.dx * 1000
        number = fp_str(offset)
        before.append("" if number == "0" else number)
        number = fp_str(previous - glyph.dx * 1000)
        joined.append("" if number == "0" else number)
        previous = widths.get(ord(char), 0) - (glyph.advance - glyph.dx) * 1000
        after.append(fp_str(previous) if previous else "")
        rises.append(glyph.dy * size)
    return chars, before, joined, after, rises


_PLANS: "dict[int, tuple[object, object, float, _Plan]]" = {}


def _cached_plan(run: GlyphRun, widths: "dict[int, float]") -> _Plan:
    """:func:`_plan` of a run written in its glyphs' own characters, kept per shaped glyph
    sequence (laid-out lines are cached and share their glyph tuples from card to card; the
    tuple is held, so its identity is not reused while the entry lives)."""
    from cardgen.typeset.fonts import char_for_glyph

    entry = _PLANS.get(id(run.glyphs))
    if entry is not None and entry[0] is run.glyphs and entry[1] == run.face and entry[2] == run.size:
        return entry[3]
    plan = _plan(run, [char_for_glyph(run.face, g.gid) for g in run.glyphs], widths)
    if len(_PLANS) > 16384:  # a long batch: keep memory flat
        _PLANS.clear()
    _PLANS[id(run.glyphs)] = (run.glyphs, run.face, run.size, plan)
    return plan


_ESCAPES: "list[str]" = []


def _escapes(canvas: "Canvas") -> "list[str]":
    """Each one-byte code as the canvas escapes it in a string, made once."""
    if not _ESCAPES:
        _ESCAPES.extend(canvas._escape(bytes((code,))) for code in range(256))
    return _ESCAPES


def _paint_shape(canvas: "Canvas", shape: Shape, dx: float, dy: float, cmyk: "bool | IccConverter", accent: tuple[float, float, float] | None) -> None:
    path = canvas.beginPath()
    for command in shape.commands:
        kind, values = command[0], command[1:]
        shifted = [v + (dx if i % 2 == 0 else dy) for i, v in enumerate(values)]
        if kind == "M":
            path.moveTo(*shifted)
        elif kind == "L":
            path.lineTo(*shifted)
        elif kind == "C":
            path.curveTo(*shifted)
        elif kind == "Z":
            path.close()
        else:  # pragma: no cover - a pictogram's geometry is the project's own data
            raise ValueError(f"unknown path command {kind!r}")
    _set_fill(canvas, shape.color, cmyk, accent)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=0 if shape.even_odd else 1)


def _paint_qr(canvas: "Canvas", qr: QrSymbol, dx: float, dy: float, cmyk: bool) -> None:
    _set_fill(canvas, "paper", cmyk)
    canvas.rect(dx + qr.x, dy + qr.y, qr.size, qr.size, stroke=0, fill=1)
    _set_fill(canvas, "ink", cmyk)
    canvas._code.append(_qr_path(canvas, qr, dx, dy))
    canvas._strokeAndFill(0, 1)


_QR_PATHS: "dict[tuple, str]" = {}


def _qr_path(canvas: "Canvas", qr: QrSymbol, dx: float, dy: float) -> str:
    """The path of a symbol's dark modules: one rectangle per horizontal run of dark modules
    keeps the PDF small. The same symbol at the same place (a card drawn again, a sheet's
    copies) is written once per process."""
    key = (qr, dx, dy)
    if key in _QR_PATHS:
        return _QR_PATHS[key]
    m = qr.module
    path = canvas.beginPath()
    top = dy + qr.y + qr.size
    for row, bits in enumerate(qr.modules):
        col = 0
        while col < len(bits):
            if bits[col] == "1":
                end = col
                while end < len(bits) and bits[end] == "1":
                    end += 1
                path.rect(dx + qr.x + col * m, top - (row + 1) * m, (end - col) * m, m)
                col = end
            else:
                col += 1
    if len(_QR_PATHS) > 1024:  # a long batch: keep memory flat
        _QR_PATHS.clear()
    _QR_PATHS[key] = code = str(path.getCode())
    return code

"""What a page is made of, as data, and the one function that paints it on a canvas.

Products lay a side out once into a :class:`Side` (a list of operations); painting it is then
cheap and can be repeated at any offset (several cards on a sheet, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.color import IccConverter
    from cardgen.typeset.fonts import Face
    from cardgen.typeset.shaping import Glyph


@dataclass(frozen=True)
class Color:
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

    @property
    def width(self) -> float:
        return sum(g.advance for g in self.glyphs) * self.size


@dataclass(frozen=True)
class ShapedLine:
    """One line of text: its runs left to right, and its characters in reading order."""

    text: str
    runs: tuple[GlyphRun, ...]


@dataclass(frozen=True)
class FillRect:
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


Operation = Union[FillRect, ShapedLine, QrSymbol, Picture]


@dataclass(frozen=True)
class Side:
    """One printed side: its name ('front', 'back'), trim size in points and what is on it."""

    name: str
    width: float
    height: float
    ops: tuple[Operation, ...]
    accent: tuple[float, float, float] | None = None  # an organisation's colour in place of the red


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
    resolved = _color(color, accent, cmyk)
    if cmyk:
        canvas.setFillColorCMYK(*resolved.cmyk)
    else:
        canvas.setFillColorRGB(*resolved.rgb)


def paint(canvas: "Canvas", side: Side, dx: float = 0.0, dy: float = 0.0, bleed: float = 0.0, cmyk: "bool | IccConverter" = False) -> None:
    """Paint ``side`` with its bottom-left corner at (dx, dy).

    ``cmyk``: colours in CMYK; given an ICC converter (cardgen.color, for PDF/X), the accent and
    pictures are converted through it, so nothing on the page is RGB.

    With ``bleed``, filled areas that touch an edge of the side are extended beyond it by that
    much, so that a trimmed card has no white sliver; the caller clips to the bleed box.
    """
    for op in side.ops:
        if isinstance(op, ShapedLine):
            for run in op.runs:
                _set_fill(canvas, run.color, cmyk, side.accent)
                canvas._code.append(_text_object(canvas, run, dx, dy))
        elif isinstance(op, FillRect):
            x, y, w, h = _bled(op, side, bleed)
            _set_fill(canvas, op.color, cmyk, side.accent)
            canvas.rect(dx + x, dy + y, w, h, stroke=0, fill=1)
        elif isinstance(op, QrSymbol):
            _paint_qr(canvas, op, dx, dy, cmyk)
        elif isinstance(op, Picture):
            import io

            from reportlab.lib.utils import ImageReader

            image = cmyk.image_to_cmyk(op.png) if hasattr(cmyk, "image_to_cmyk") else io.BytesIO(op.png)
            canvas.drawImage(ImageReader(image), dx + op.x, dy + op.y, op.width, op.height)
        else:  # pragma: no cover - a new operation type without a painter is a bug
            raise TypeError(f"cannot paint {op!r}")


def _bled(rect: FillRect, side: Side, bleed: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = rect.x, rect.y, rect.x + rect.width, rect.y + rect.height
    if bleed:
        eps = 0.01
        x0 = x0 - bleed if x0 <= eps else x0
        y0 = y0 - bleed if y0 <= eps else y0
        x1 = x1 + bleed if x1 >= side.width - eps else x1
        y1 = y1 + bleed if y1 >= side.height - eps else y1
    return x0, y0, x1 - x0, y1 - y0


def _text_object(canvas: "Canvas", run: GlyphRun, dx: float, dy: float) -> str:
    """PDF operators that draw a run's glyphs, each at its shaped position.

    Clusters whose glyphs do not spell their characters through the font's cmap (ligatures,
    conjuncts, contextual forms) are wrapped in ActualText, so copying gives the real text.
    """
    from reportlab.lib.rl_accel import fp_str

    from cardgen.typeset.fonts import char_for_glyph, load

    font, doc, size = load(run.face), canvas._doc, run.size
    widths = font.face.charWidths
    chars = [char_for_glyph(run.face, g.gid) for g in run.glyphs]
    # one call assigns every glyph its subset and code, in the order a glyph at a time would
    codes = [(subset, code) for subset, chunk in font.splitString("".join(chars), doc) for code in chunk]
    out = ["BT", f"1 0 0 1 {fp_str(dx + run.x)} {fp_str(dy + run.y)} Tm"]
    subset_now = None
    rise = 0.0
    index = 0
    for glyphs, text in _clusters(run):
        mine = chars[index : index + len(glyphs)]
        spelled = "".join(reversed(mine) if run.rtl else mine)
        if spelled != text:
            out.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        for glyph, char in zip(glyphs, mine):
            subset, code = codes[index]
            index += 1
            if subset != subset_now:
                out.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
                subset_now = subset
            if glyph.dy * size != rise:
                rise = glyph.dy * size
                out.append(f"{fp_str(rise)} Ts")
            # TJ numbers are thousandths of the size, subtracted from the pen: place the glyph at
            # its offset, then leave the pen where HarfBuzz's advance puts it.
            before = -glyph.dx * 1000
            after = widths.get(ord(char), 0) - (glyph.advance - glyph.dx) * 1000
            out.append(f"[{fp_str(before)} ({_escaped(canvas, code)}) {fp_str(after)}] TJ")
        if spelled != text:
            out.append("EMC")
    if rise:
        out.append("0 Ts")
    out.append("ET")
    return "\n".join(out)


_ESCAPED: dict[int, str] = {}


def _escaped(canvas: "Canvas", code: int) -> str:
    if code not in _ESCAPED:
        _ESCAPED[code] = canvas._escape(bytes((code,)))
    return _ESCAPED[code]


def _clusters(run: GlyphRun) -> list[tuple[list["Glyph"], str]]:
    """The run's glyphs grouped by cluster, in visual order, each with its characters."""
    starts = sorted({g.cluster for g in run.glyphs})
    ends = {c: (starts[i + 1] if i + 1 < len(starts) else len(run.text)) for i, c in enumerate(starts)}
    groups: list[tuple[list["Glyph"], str]] = []
    for glyph in run.glyphs:
        if groups and groups[-1][0][-1].cluster == glyph.cluster:
            groups[-1][0].append(glyph)
        else:
            groups.append(([glyph], run.text[glyph.cluster : ends[glyph.cluster]]))
    return groups


def _paint_qr(canvas: "Canvas", qr: QrSymbol, dx: float, dy: float, cmyk: bool) -> None:
    m = qr.module
    _set_fill(canvas, "paper", cmyk)
    canvas.rect(dx + qr.x, dy + qr.y, qr.size, qr.size, stroke=0, fill=1)
    path = canvas.beginPath()
    top = dy + qr.y + qr.size
    for row, bits in enumerate(qr.modules):
        col = 0
        while col < len(bits):
            if bits[col] == "1":
                end = col
                while end < len(bits) and bits[end] == "1":
                    end += 1
                # one rectangle per horizontal run of dark modules keeps the PDF small
                path.rect(dx + qr.x + col * m, top - (row + 1) * m, (end - col) * m, m)
                col = end
            else:
                col += 1
    _set_fill(canvas, "ink", cmyk)
    canvas.drawPath(path, stroke=0, fill=1)

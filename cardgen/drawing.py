"""What a page is made of, as data, and the one function that paints it on a canvas.

Products lay a side out once into a :class:`Side` (a list of operations); painting it is then
cheap and can be repeated at any offset (several cards on a sheet, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.typeset.fonts import Face


@dataclass(frozen=True)
class Color:
    rgb: tuple[float, float, float]


PALETTE: dict[str, Color] = {
    # A deep signal red: white text on it has a contrast ratio of 6:1.
    "red": Color((0.776, 0.063, 0.157)),
    "ink": Color((0.0, 0.0, 0.0)),
    "paper": Color((1.0, 1.0, 1.0)),
}


@dataclass(frozen=True)
class TextRun:
    """Text in one face, its baseline starting at (x, y)."""

    x: float
    y: float
    face: "Face"
    size: float
    text: str
    color: str


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


Operation = Union[FillRect, TextRun, QrSymbol]


@dataclass(frozen=True)
class Side:
    """One printed side: its name ('front', 'back'), trim size in points and what is on it."""

    name: str
    width: float
    height: float
    ops: tuple[Operation, ...]


def _set_fill(canvas: "Canvas", color: str) -> None:
    canvas.setFillColorRGB(*PALETTE[color].rgb)


def paint(canvas: "Canvas", side: Side, dx: float = 0.0, dy: float = 0.0) -> None:
    """Paint ``side`` with its bottom-left corner at (dx, dy)."""
    for op in side.ops:
        if isinstance(op, TextRun):
            _set_fill(canvas, op.color)
            canvas.setFont(op.face.name, op.size)
            canvas.drawString(dx + op.x, dy + op.y, op.text)
        elif isinstance(op, FillRect):
            _set_fill(canvas, op.color)
            canvas.rect(dx + op.x, dy + op.y, op.width, op.height, stroke=0, fill=1)
        elif isinstance(op, QrSymbol):
            _paint_qr(canvas, op, dx, dy)
        else:  # pragma: no cover - a new operation type without a painter is a bug
            raise TypeError(f"cannot paint {op!r}")


def _paint_qr(canvas: "Canvas", qr: QrSymbol, dx: float, dy: float) -> None:
    m = qr.module
    _set_fill(canvas, "paper")
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
    _set_fill(canvas, "ink")
    canvas.drawPath(path, stroke=0, fill=1)

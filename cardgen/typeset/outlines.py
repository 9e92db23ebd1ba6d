"""Glyph outlines as PDF path operators, drawn by HarfBuzz from the font file.

For glyphs painted as shapes rather than as text: a mark in a right-to-left line that its font
places off the baseline is written as an inkless glyph that spells it, and its ink drawn as
this outline, in font units (see cardgen.drawing._written).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cardgen.typeset.fonts import Face

_OUTLINES: "dict[tuple[Face, int], str]" = {}


class _PathPen:
    """The pen protocol HarfBuzz draws with, writing PDF path operators in font units.

    PDF has no quadratic curves: each is written as the cubic that traces it exactly (its
    control points two thirds of the way from the ends to the quadratic's one).
    """

    def __init__(self) -> None:
        self.ops: list[str] = []
        self._at = (0.0, 0.0)

    @staticmethod
    def _n(value: float) -> str:
        # font units: a unit is a thousandth of an em or finer, far under what prints
        return str(round(value))

    def moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 - the pen protocol's names
        self.ops.append(f"{self._n(point[0])} {self._n(point[1])} m")
        self._at = point

    def lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
        self.ops.append(f"{self._n(point[0])} {self._n(point[1])} l")
        self._at = point

    def curveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        (x1, y1), (x2, y2), (x, y) = points
        self.ops.append(" ".join(self._n(v) for v in (x1, y1, x2, y2, x, y)) + " c")
        self._at = (x, y)

    def qCurveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        # HarfBuzz gives one control point per quadratic segment
        (qx, qy), (x, y) = points
        x0, y0 = self._at
        self.curveTo((x0 + 2 * (qx - x0) / 3, y0 + 2 * (qy - y0) / 3), (x + 2 * (qx - x) / 3, y + 2 * (qy - y) / 3), (x, y))

    def closePath(self) -> None:  # noqa: N802
        self.ops.append("h")


def outline(face: "Face", gid: int) -> str:
    """The glyph's outline as PDF path construction operators in font units ("" for a glyph
    with no ink), made once per glyph."""
    key = (face, gid)
    path = _OUTLINES.get(key)
    if path is None:
        from cardgen.typeset.shaping import _hb_font

        font, _ = _hb_font(face)
        pen = _PathPen()
        font.draw_glyph_with_pen(gid, pen)
        path = _OUTLINES[key] = " ".join(pen.ops)
    return path


def units_per_em(face: "Face") -> int:
    from cardgen.typeset.shaping import _hb_font

    return _hb_font(face)[1]


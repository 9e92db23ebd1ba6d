"""Pictograms beside the rights: simple shapes, one colour, no text, clear at 6 mm.

Drawn for this project. Each pictogram is geometry in a unit square (y up) built from a few
primitives (bars, rings, discs, outlined rectangles, polygons); every primitive records its
narrowest part, so the thinnest stroke at a printed size can be read from the geometry. Parts
are wound counter-clockwise and holes clockwise: filled with the nonzero rule, overlapping parts
merge and holes stay open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from cardgen.drawing import Shape
from cardgen.registry import Registry
from cardgen.sizes import MM

Point = tuple[float, float]
Command = tuple  # ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",)

KAPPA = 0.5522847498  # control-point distance of a quarter circle drawn as one cubic Bezier
DESIGN_SIZE = 6 * MM  # the size each pictogram must read at
MIN_STROKE = 0.35 * MM  # the thinnest part at the design size


@dataclass(frozen=True)
class Part:
    """One primitive: its subpaths in unit coordinates and the width of its narrowest part."""

    commands: tuple[Command, ...]
    stroke: float  # in units of the pictogram's size


@dataclass(frozen=True)
class Pictogram:
    """A pictogram drawn for this project: its parts in unit coordinates."""

    name: str
    right: str  # the wallet card's right (front.rights.<right>) it stands beside
    meaning: str  # what it shows, in English, for reviewers (never printed)
    parts: tuple[Part, ...]

    @property
    def thinnest(self) -> float:
        """The narrowest stroke, in units of the pictogram's size."""
        return min(part.stroke for part in self.parts)

    def shape(self, x: float, y: float, size: float, color: str = "ink", mirrored: bool = False) -> Shape:
        """The pictogram as one filled path in a ``size`` square with its bottom-left at (x, y);
        ``mirrored`` left to right (for a cue that points the way right-to-left text runs).
        Mirroring turns every part the other way round, so parts and holes stay as they were."""

        def placed(command: Command) -> Command:
            values = command[1:]
            if mirrored:
                values = tuple(1 - v if i % 2 == 0 else v for i, v in enumerate(values))
            return (command[0], *(round((x if i % 2 == 0 else y) + v * size, 3) for i, v in enumerate(values)))

        return Shape(tuple(placed(c) for part in self.parts for c in part.commands), color)


# -- primitives ------------------------------------------------------------------------------


def _area(points: Iterable[Point]) -> float:
    pts = list(points)
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1])) / 2


def _polygon(points: list[Point], hole: bool = False) -> tuple[Command, ...]:
    """A closed polygon wound counter-clockwise (clockwise for a hole)."""
    if (_area(points) > 0) == hole:
        points = points[::-1]
    return (("M", *points[0]), *(("L", *p) for p in points[1:]), ("Z",))


def _circle(cx: float, cy: float, r: float, hole: bool = False) -> tuple[Command, ...]:
    k = KAPPA * r
    if not hole:  # counter-clockwise from the right
        return (
            ("M", cx + r, cy),
            ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
            ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy),
            ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
            ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy),
            ("Z",),
        )
    return (
        ("M", cx + r, cy),
        ("C", cx + r, cy - k, cx + k, cy - r, cx, cy - r),
        ("C", cx - k, cy - r, cx - r, cy - k, cx - r, cy),
        ("C", cx - r, cy + k, cx - k, cy + r, cx, cy + r),
        ("C", cx + k, cy + r, cx + r, cy + k, cx + r, cy),
        ("Z",),
    )


def disc(cx: float, cy: float, r: float) -> Part:
    return Part(_circle(cx, cy, r), 2 * r)


def ring(cx: float, cy: float, r: float, width: float) -> Part:
    """A circle's outline, ``width`` thick, ``r`` its outer radius."""
    return Part(_circle(cx, cy, r) + _circle(cx, cy, r - width, hole=True), width)


def rect(x0: float, y0: float, x1: float, y1: float) -> Part:
    return Part(_polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]), min(x1 - x0, y1 - y0))


def frame(x0: float, y0: float, x1: float, y1: float, width: float, holes: tuple[tuple[float, float, float, float], ...] = ()) -> Part:
    """A rectangle's outline, ``width`` thick; ``holes`` are also cut out of the inside."""
    commands = _polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    commands += _polygon([(x0 + width, y0 + width), (x1 - width, y0 + width), (x1 - width, y1 - width), (x0 + width, y1 - width)], hole=True)
    for hx0, hy0, hx1, hy1 in holes:
        commands += _polygon([(hx0, hy0), (hx1, hy0), (hx1, hy1), (hx0, hy1)], hole=True)
    return Part(commands, width)


def panel(x0: float, y0: float, x1: float, y1: float, holes: tuple[tuple[float, float, float, float], ...], stroke: float) -> Part:
    """A filled rectangle with rectangular holes (lines of text on a paper); ``stroke`` is the
    narrowest ink left between holes and edges."""
    commands = _polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    for hx0, hy0, hx1, hy1 in holes:
        commands += _polygon([(hx0, hy0), (hx1, hy0), (hx1, hy1), (hx0, hy1)], hole=True)
    return Part(commands, stroke)


def bar(a: Point, b: Point, width: float, round_ends: bool = False) -> Part:
    """A straight stroke from ``a`` to ``b``, ``width`` thick; with round ends, a capsule."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    nx, ny = -(by - ay) / length * width / 2, (bx - ax) / length * width / 2
    commands = _polygon([(ax + nx, ay + ny), (ax - nx, ay - ny), (bx - nx, by - ny), (bx + nx, by + ny)])
    if round_ends:
        commands += _circle(ax, ay, width / 2) + _circle(bx, by, width / 2)
    return Part(commands, width)


def polygon(points: list[Point], stroke: float) -> Part:
    return Part(_polygon(points), stroke)


# -- the pictograms --------------------------------------------------------------------------

W = 0.1  # the usual stroke: 0.6 mm at 6 mm

PICTOGRAMS: Registry[Pictogram] = Registry("pictogram")


def _add(name: str, right: str, meaning: str, *parts: Part) -> None:
    PICTOGRAMS.add(name, Pictogram(name, right, meaning, parts))


_add(
    "silent", "silent", "A face with a finger on its closed lips: stay silent.",
    ring(0.5, 0.58, 0.41, W),
    disc(0.35, 0.68, 0.065),
    disc(0.65, 0.68, 0.065),
    bar((0.3, 0.4), (0.7, 0.4), 0.08, round_ends=True),  # the closed lips
    bar((0.5, 0.12), (0.5, 0.52), 0.13, round_ends=True),  # the finger on them
    bar((0.4, 0.08), (0.6, 0.08), 0.16, round_ends=True),  # the fist under the chin
)

_add(
    "door", "door", "A closed door in its frame: keep the door closed.",
    frame(0.14, 0.02, 0.86, 0.98, W),
    panel(0.3, 0.02, 0.7, 0.82, ((0.54, 0.42, 0.62, 0.5),), W),  # the door, its knob a gap
    rect(0.0, 0.0, 1.0, 0.02 + W * 0.8),  # the floor
)

_add(
    "sign", "sign", "A pen over a paper, and a cross: do not sign.",
    frame(0.02, 0.22, 0.58, 0.98, 0.09),
    rect(0.14, 0.74, 0.46, 0.74 + 0.08),  # lines of text
    rect(0.14, 0.56, 0.36, 0.56 + 0.08),
    bar((0.46, 0.5), (0.9, 0.94), 0.14),  # the pen's body
    polygon([(0.34, 0.38), (0.411, 0.549), (0.509, 0.451)], 0.14),  # its point, on the paper
    bar((0.62, 0.06), (0.94, 0.38), 0.11, round_ends=True),  # the cross
    bar((0.62, 0.38), (0.94, 0.06), 0.11, round_ends=True),
)

_add(
    "lawyer", "leave", "The scales of justice: ask for a lawyer.",
    bar((0.5, 0.1), (0.5, 0.86), W),  # the post
    rect(0.28, 0.02, 0.72, 0.12),  # the foot
    bar((0.1, 0.8), (0.9, 0.8), W, round_ends=True),  # the beam
    disc(0.5, 0.89, 0.075),
    bar((0.17, 0.8), (0.06, 0.42), 0.065),  # the pans' cords
    bar((0.17, 0.8), (0.28, 0.42), 0.065),
    bar((0.83, 0.8), (0.72, 0.42), 0.065),
    bar((0.83, 0.8), (0.94, 0.42), 0.065),
    polygon([(0.0, 0.42), (0.34, 0.42), (0.29, 0.33), (0.05, 0.33)], W),  # the pans
    polygon([(0.66, 0.42), (1.0, 0.42), (0.95, 0.33), (0.71, 0.33)], W),
)

_add(
    "card", "card", "A hand holding up a card with a band across its top: show this card.",
    frame(0.04, 0.3, 0.96, 0.96, 0.09),
    rect(0.04, 0.72, 0.96, 0.96),  # the band
    rect(0.18, 0.5, 0.82, 0.5 + 0.08),  # a line of text
    bar((0.3, 0.12), (0.7, 0.12), 0.22, round_ends=True),  # the hand under it
    bar((0.22, 0.14), (0.16, 0.4), 0.12, round_ends=True),  # the thumb over its edge
)

_add(
    "warrant", "search", "A paper slid under a closed door: ask for the warrant under the door.",
    frame(0.16, 0.4, 0.84, 0.98, W),
    panel(0.3, 0.4, 0.7, 0.86, ((0.54, 0.6, 0.62, 0.68),), W),  # the door, its knob a gap
    rect(0.0, 0.4, 1.0, 0.4 + 0.08),  # the floor line at its foot
    # the paper coming out under it, lying on the floor, with two lines of writing
    Part(
        _polygon([(0.3, 0.4), (0.7, 0.4), (0.92, 0.02), (0.08, 0.02)])
        + _polygon([(0.34, 0.24), (0.66, 0.24), (0.66, 0.3), (0.34, 0.3)], hole=True)
        + _polygon([(0.26, 0.1), (0.74, 0.1), (0.74, 0.16), (0.26, 0.16)], hole=True),
        0.08,
    ),
)


def for_right(right: str) -> Pictogram | None:
    """The pictogram beside ``right`` (a key of front.rights), if it has one."""
    return next((p for p in PICTOGRAMS if p.right == right), None)


# -- the cues for a card whose rights go on over the page ------------------------------------

CUES: Registry[Pictogram] = Registry("cue")


def _turn_arrow() -> tuple[Part, Part]:
    """An arrow arching over a card, clockwise from its left to its right: turn it over."""
    cx, cy, outer, inner = 0.5, 0.52, 0.44, 0.34
    steps = [152 - 124 * i / 16 for i in range(17)]  # degrees, from the left over the top, clear of the card
    arc = [(cx + outer * math.cos(math.radians(a)), cy + outer * math.sin(math.radians(a))) for a in steps]
    arc += [(cx + inner * math.cos(math.radians(a)), cy + inner * math.sin(math.radians(a))) for a in reversed(steps)]
    end = math.radians(steps[-1])
    middle = (outer + inner) / 2
    across = [(cx + r * math.cos(end), cy + r * math.sin(end)) for r in (middle - 0.13, middle + 0.13)]
    tangent = (math.sin(end), -math.cos(end))  # the way a clockwise arc runs at its end
    base = (cx + middle * math.cos(end), cy + middle * math.sin(end))
    tip = (base[0] + 0.2 * tangent[0], base[1] + 0.2 * tangent[1])
    return polygon(arc, outer - inner), polygon([across[0], across[1], tip], 0.12)


def _add_cue(name: str, meaning: str, *parts: Part) -> None:
    CUES.add(name, Pictogram(name, "", meaning, parts))


_add_cue(
    "turn-over", "A card with its coloured band, and an arrow arching over it: turn the card over.",
    *_turn_arrow(),
    frame(0.24, 0.04, 0.76, 0.6, 0.09),
    rect(0.24, 0.44, 0.76, 0.6),  # the band across the card's top, as on its front
)

_add_cue(
    "continued", "The same arrow over the card's other side, its lines of writing: the rights go on here.",
    *_turn_arrow(),
    frame(0.24, 0.04, 0.76, 0.6, 0.09),
    rect(0.36, 0.4, 0.64, 0.4 + 0.08),  # lines of writing, no band: the back
    rect(0.36, 0.22, 0.64, 0.22 + 0.08),
)

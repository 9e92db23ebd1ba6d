"""The folding card (product ``fold-card``): a wallet card folded from a strip twice its width,
which makes room inside for the rights beside their pictograms.

Flat it is 7 x 2 in (170 x 55 mm for A4 regions), folded in half to 3.5 x 2 in (85 x 55 mm),
four panels:

- the cover, in the holder's language: the title on the red band, under it the six pictograms
  in a row (what the card holds, for a reader who reads little), the help line, the version;
- inside, across both panels: the rights in the holder's language, each one a pictogram
  illustrates with the pictogram beside it, at 7 pt or more (the wallet card's floor) and as
  large as they fit, the same size on both panels, the first rights on the first panel;
- the back cover: the wallet card's back, the statement to the officer in English with the QR
  code to fuller guidance, the help line, the organisation and the version.

For left-to-right languages the cover is the right half of the outside and the first rights the
left half of the inside: turned over side to side, the inside's left half is behind the cover. A
right-to-left card opens the other way, so both are mirrored. Each panel keeps the safe margin
from the fold as from the trim (a fold is never exact), and the cover's band is the back cover's
band's height, so the two meet at the fold and a fold a little off the line shows no edge.

Why a folding card and not pictograms on the wallet card's front: see pictogram_rights (six
6 mm pictograms, each level with its right, need more height than the front has).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cardgen.drawing import Side, moved
from cardgen.pictograms import for_right
from cardgen.products.base import LayoutInput
from cardgen.products.pictogram_rights import PictogramRights, set_rights
from cardgen.products.wallet_card import BODY_MIN, RIGHTS, VERSION_SIZE, SMALLEST_PRINT, _red_band, version_line, wallet_back
from cardgen.sizes import MM, SIZES
from cardgen.typeset.layout import Box, Paragraph

BAND = 0.17  # share of the height: the wallet card's back's band, so that cover and back cover meet
TITLE_SIZES = (7.5, 14.0)
RIGHTS_MAX = 12.0
COVER_PICTOGRAM_MAX = 10 * MM
COVER_GAP = 0.3  # between the cover's pictograms, as a share of one
HOTLINE_SIZES = (BODY_MIN, 9.0)


@dataclass(frozen=True)
class Inside:
    """How the inside panels are set: the pictograms' size and the spacing."""

    pictogram: float  # pt, the pictograms' side
    right_gap: float  # em before each right
    leading: float


INSIDES = (
    Inside(8 * MM, 0.35, 1.15),
    Inside(7 * MM, 0.25, 1.1),
    Inside(6 * MM, 0.12, 1.05),
    Inside(6 * MM, 0.0, 1.0),
)


def layout_fold_card(piece: LayoutInput) -> list[Side]:
    w, h = piece.size.width, piece.size.height
    panel = replace(piece, size=SIZES.get(piece.size.panel))  # every size of kind "fold" names its panel
    width = panel.size.width
    rtl = piece.text.locale.direction == "rtl"
    cover, back = _cover(panel), wallet_back(panel)
    first, second = _inside(panel)
    outside = (cover, back) if rtl else (back, cover)
    inside = (second, first) if rtl else (first, second)

    def spread(name: str, left: Side, right: Side) -> Side:
        return Side(name, w, h, left.ops + tuple(moved(op, width) for op in right.ops))

    return [spread("outside", *outside), spread("inside", *inside)]


def _cover(piece: LayoutInput) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    text = piece.text
    band, ops = _red_band(piece, text, "front.title", BAND, TITLE_SIZES)

    # At the foot, from the bottom up: the version (with the draft mark), the help line.
    stack = piece.writing(text).stack
    small_line = VERSION_SIZE * (stack.ascent + stack.descent) + 0.5
    ops.extend(piece.fit("front.version_line", [Paragraph(version_line(piece), align="center")], Box(m, m, w - 2 * m, small_line), (SMALLEST_PRINT, VERSION_SIZE), text).ops)
    cursor = m + small_line + 0.02 * h
    if piece.region:
        line = HOTLINE_SIZES[1] * max(2.4, 2.2 * (stack.ascent + stack.descent))  # two lines
        hotline = Paragraph(piece.hotline(english=False), bold=True, color="red", align="center")
        block = piece.fit("cover help line", [hotline], Box(m, cursor, w - 2 * m, line), HOTLINE_SIZES, text, valign="bottom")
        ops.extend(block.ops)
        cursor += block.height if block.height else line

    # The pictograms of the rights inside, in their order, in a row between the band and the foot.
    marks = [mark for mark in (for_right(key) for key in RIGHTS) if mark]
    across = (w - 2 * m) / (len(marks) + (len(marks) - 1) * COVER_GAP)
    room = h - band - 0.08 * h - cursor
    size = min(COVER_PICTOGRAM_MAX, across, room)
    if size < 6 * MM - 0.01:
        piece.overflows.append(("cover pictograms", f"The cover's pictograms have {size / MM:.1f} mm of room; they need 6 mm."))
    row = len(marks) * size + (len(marks) - 1) * COVER_GAP * size
    x = (w - row) / 2
    y = cursor + (room - size) / 2
    order = reversed(marks) if text.locale.direction == "rtl" else marks  # read in the text's direction
    for n, mark in enumerate(order):
        ops.append(mark.shape(x + n * size * (1 + COVER_GAP), y, size, "ink"))
    return Side("cover", w, h, tuple(ops))


def _inside(piece: LayoutInput) -> tuple[Side, Side]:
    """The two inside panels: the rights split between them where the smaller of the two
    sizes is largest, in the roomiest arrangement where some split fits, then both set again
    at that size. The search starts from the even split and moves one right at a time away
    from the more crowded panel while that helps (the even split is the best for nearly every
    locale; it is not tried five ways)."""
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    box = Box(m, m, w - 2 * m, h - 2 * m)

    def panel(inside: Inside, keys: tuple[str, ...], sizes: tuple[float, float], draw: bool = False) -> PictogramRights:
        return set_rights(piece, piece.text, box, sizes, inside.pictogram, 6 * MM, inside.right_gap, inside.leading, keys=keys, valign="middle", draw=draw)

    tried: dict[tuple[Inside, tuple[str, ...]], float | None] = {}

    def size_of(inside: Inside, keys: tuple[str, ...]) -> float | None:
        """The size a panel's rights fit at, None where they do not fit."""
        if (inside, keys) not in tried:
            before = len(piece.overflows)
            rights = panel(inside, keys, (BODY_MIN, RIGHTS_MAX))
            tried[(inside, keys)] = rights.block.size if len(piece.overflows) == before else None
            del piece.overflows[before:]
        return tried[(inside, keys)]

    def sizes_at(inside: Inside, split: int) -> tuple[float | None, float | None]:
        return size_of(inside, RIGHTS[:split]), size_of(inside, RIGHTS[split:])

    def score(sizes: tuple[float | None, float | None]) -> float:
        return -1.0 if None in sizes else min(sizes)  # type: ignore[type-var]

    best: tuple[float, Inside, int] | None = None
    for inside in INSIDES:
        split = len(RIGHTS) // 2
        sizes = sizes_at(inside, split)
        while True:
            first, second = sizes
            if first == second:
                break
            crowded_first = first is None or (second is not None and first < second)
            step = split - 1 if crowded_first else split + 1
            if not 1 <= step < len(RIGHTS):
                break
            moved = sizes_at(inside, step)
            if score(moved) <= score(sizes) + 1e-6:
                break
            split, sizes = step, moved
        if score(sizes) > 0:
            best = (score(sizes), inside, split)
            break
    size, inside, split = best or (BODY_MIN, INSIDES[-1], len(RIGHTS) // 2)
    # records the overflow where nothing fits
    panels = [panel(inside, keys, (BODY_MIN, size), draw=True) for keys in (RIGHTS[:split], RIGHTS[split:])]
    return tuple(  # type: ignore[return-value]
        Side("inside", w, h, tuple(rights.block.ops) + rights.pictograms) for rights in panels
    )

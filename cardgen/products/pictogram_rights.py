"""The rights set beside their pictograms, for any product that shows them (the large-print card).

A column on the side where the text starts holds the pictograms, each level with the first line
of the right it illustrates (rights without one keep only their bullet).

Why there is no wallet-size pictogram card: a column of pictograms of 4.5 mm beside the rights on
a 3.5 x 2 in front leaves 24 of the 32 locales' rights unable to fit at the card's 7 pt floor
(Burmese needs 28 % more height, Khmer and Russian 18 %); at the 6 mm the pictograms are drawn to
read at, none of the 32 fits: six pictograms, each level with its right and clear of the next,
need about 112 pt of height, and the front's rights box has 103 to 113 pt (by density). Putting them in
place of the bullets with the text wrapping beside them does not help, since they still stand one
above another. So such a product could not be built for every locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Operation
from cardgen.pictograms import Pictogram, for_right
from cardgen.products.base import LayoutInput
from cardgen.products.wallet_card import RIGHTS
from cardgen.sizes import MM
from cardgen.typeset.layout import MARKER_RAISE, Box, FittedBlock, Paragraph

CAP_HEIGHT = 0.72  # em: where a first line's capitals reach, the top a pictogram is level with
PICTOGRAM_GAP = 0.3  # space between the pictogram column and the text, as a share of a pictogram
STACK_GAP = 0.12  # least space between two pictograms one above the other, likewise
SPACING_ROUNDS = 4  # times the rights are set again with more space before a crowded pictogram


@dataclass(frozen=True)
class PictogramRights:
    """The rights set beside their pictograms."""

    block: FittedBlock  # the text
    pictograms: tuple[Operation, ...]
    pictogram_size: float  # pt, each pictogram's side
    tops: tuple[tuple[str, float, float], ...]  # (right, its first line's top, its pictogram's top)
    bottom: float  # the lowest point of the text or a pictogram


def set_rights(
    piece: LayoutInput, text: FamilyText, box: Box, sizes: tuple[float, float], pictogram: float,
    least: float, right_gap: float, leading: float, field: str = "front.rights", keys: tuple[str, ...] = RIGHTS,
    valign: str = "top", lead: Pictogram | None = None, draw: bool = True,
) -> PictogramRights:
    """Fit the rights ``keys`` in ``box`` with a column of pictograms ``pictogram`` pt wide at its start.

    Each pictogram sits level with the top of its right's first line; where two would touch (a
    right of one line), the next right gets more space before it and the rights are set again.
    Where that still leaves no room, the pictograms shrink, never under ``least`` pt (then the
    shortfall is recorded as an overflow, so a caller's first_fitting tries a roomier arrangement).
    ``lead`` (a cue) stands in the column beside the first right when that right has no pictogram
    of its own, mirrored where the text runs right to left. ``draw=False`` (a trial that only
    needs the sizes and overflows) leaves the pictograms' paths out.
    """
    marks = {key: for_right(key) for key in keys}
    if lead and keys and marks[keys[0]] is None:
        marks[keys[0]] = lead
    rtl = text.locale.direction == "rtl"
    column = pictogram * (1 + PICTOGRAM_GAP)
    text_box = _mirror_in(box, rtl)(Box(box.x + column, box.y, box.width - column, box.height))
    spoken = piece.source.spoken
    # The English words to say are kept unbroken in one embedding where the text runs right to
    # left (their order depends on it); in left-to-right text they may break at their spaces,
    # which a narrow column beside the pictograms needs for the longer ones at large sizes.
    isolate = rtl
    extra = {key: 0.0 for key in keys}  # em of space added before each right
    for _round in range(SPACING_ROUNDS + 1):
        paragraphs = [
            Paragraph(text.with_spoken(f"front.rights.{key}", spoken, isolate=isolate), marker=True, marker_color="red", space_before=right_gap + extra[key])
            for key in keys
        ]
        before = len(piece.overflows)
        block = piece.fit(field, paragraphs, text_box, sizes, text, leading=leading, valign=valign)
        if len(piece.overflows) > before:
            return PictogramRights(block, (), 0.0, (), box.y)
        markers = [op for op in block.ops if isinstance(op, FillRect)]  # one bullet per right, in order
        tops = [m.y - MARKER_RAISE * block.size + CAP_HEIGHT * block.size for m in markers]
        wanted = [(key, top) for key, top in zip(keys, tops) if marks[key]]
        crowded = False
        for (_, upper), (key, lower) in zip(wanted, wanted[1:]):
            short = pictogram * (1 + STACK_GAP) - (upper - lower)
            if short > 0.01:
                extra[key] += short / block.size
                crowded = True
        if not crowded or _round == SPACING_ROUNDS:
            break
    text_bottom = {"top": text_box.top - block.height, "middle": text_box.y + (text_box.height - block.height) / 2, "bottom": text_box.y}[valign]
    if not wanted:
        return PictogramRights(block, (), 0.0, (), text_bottom)
    size = pictogram
    for (_, upper), (_, lower) in zip(wanted, wanted[1:]):
        size = min(size, (upper - lower) / (1 + STACK_GAP))
    # the last pictogram may rise above its line's top to stay inside the box, as long as it
    # keeps clear of the one above
    last_top = max(wanted[-1][1], box.y + size)
    if len(wanted) > 1 and wanted[-2][1] - last_top < size * (1 + STACK_GAP):
        size = (wanted[-2][1] - box.y) / (2 + STACK_GAP)
        last_top = max(wanted[-1][1], box.y + size)
    if size < least - 0.01:
        piece.overflows.append((f"{field} pictograms", f"The pictograms have {size / MM:.1f} mm of room; they need {least / MM:.1f} mm."))
    x = box.right - pictogram if rtl else box.x
    placed = []
    ops: list[Operation] = []
    for n, (key, top) in enumerate(wanted):
        top = last_top if n == len(wanted) - 1 else min(top, box.top)
        pictogram_x = x + (pictogram - size) if not rtl else x
        mark = marks[key]
        if draw:
            ops.append(mark.shape(pictogram_x, top - size, size, "ink", mirrored=rtl and mark is lead))
        placed.append((key, dict(wanted)[key], top))
    lowest = min([text_bottom] + [top - size for _, _, top in placed])
    return PictogramRights(block, tuple(ops), size, tuple(placed), lowest)


def _mirror_in(box: Box, rtl: bool):
    """Mirrors a box inside ``box`` about its vertical centre line on right-to-left pieces."""
    return lambda inner: Box(box.x + box.right - inner.right, inner.y, inner.width, inner.height) if rtl else inner

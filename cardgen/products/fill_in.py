"""The wallet card to fill in: the wallet card's front, and a back with labelled lines.

The front is the wallet card's own (the rights in the holder's language). The back gives
written-on lines for an emergency contact and their phone, a lawyer or legal-aid service and
their phone, and the holder's A-number, each line at least 7 mm below the one above (room for
handwriting), with the region's help line and the version line at the foot. A card printed from
a personal-data file (cardgen.personal) has the holder's values set above the lines.

The title and labels are in the holder's language (the wallet-card family's ``fill_in``
strings), each label with its English after it where the line has room, so that whoever helps
the holder (a lawyer, a clinic, a relative) reads it too; where it has not, the holder's
language alone.
"""

from __future__ import annotations

from typing import Mapping

from cardgen.drawing import FillRect, Side
from cardgen.products.base import LayoutInput, writing_for_text
from cardgen.products.wallet_card import BODY_MIN, SMALLEST_PRINT, VERSION_SIZE, layout_wallet_card, version_line
from cardgen.sizes import MM
from cardgen.typeset.layout import Box, NoFit, Paragraph, fit

FILL_IN = "wallet-card-fill-in"
TITLE = "fill_in.title"
# column of the personal-data file -> the string (wallet-card family) of the label above its line
LABELS = {
    "emergency_contact": "fill_in.emergency_contact",
    "emergency_phone": "fill_in.phone",
    "lawyer": "fill_in.lawyer",
    "lawyer_phone": "fill_in.phone",
    "a_number": "fill_in.a_number",
}
SEPARATOR = " · "  # between a label in the holder's language and its English
# The lines, row by row: each a column and its share of the width.
ROWS = (
    (("emergency_contact", 0.58), ("emergency_phone", 0.42)),
    (("lawyer", 0.58), ("lawyer_phone", 0.42)),
    (("a_number", 0.58),),
)
LINE_PITCH_MIN = 7 * MM  # from one write-on line to the next: room for handwriting
LINE_WEIGHT = 0.6  # pt, the write-on lines (never under 0.25 pt, which can vanish in print)
LABEL_SIZE = 5.5  # pt
VALUE_SIZES = (6.0, 9.0)  # pt, smallest and largest size of a value set above its line
COLUMN_GAP = 0.05  # of the width, between two lines of a row


def layout_fill_in(piece: LayoutInput) -> list[Side]:
    """The blank card: the wallet card's front and the back with empty lines."""
    return layout_filled(piece, {})


def layout_filled(piece: LayoutInput, values: Mapping[str, str]) -> list[Side]:
    """The card with ``values`` (column -> text, already validated) set above their lines."""
    front = layout_wallet_card(piece)[0]
    return [front, _lines_side(piece, values)]


def _lines_side(piece: LayoutInput, values: Mapping[str, str]) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    source = piece.source
    band = round(0.17 * h, 2)
    ops: list = [FillRect(0, h - band, w, band, "red")]
    ops.extend(piece.fit(
        TITLE, [Paragraph(piece.text[TITLE], bold=True, color="paper")],
        Box(m, h - 0.92 * band, w - 2 * m, 0.92 * band - 0.8 * m), (7.0, 12.0), piece.text, valign="middle", ink=True,
    ).ops)

    # The foot: the content version (in the holder's language, as on the wallet card's back),
    # with the draft mark, and above it the region's help line.
    version = version_line(piece)
    stack = piece.writing(piece.text).stack
    small_line = VERSION_SIZE * (stack.ascent + stack.descent) + 0.5
    ops.extend(piece.fit("front.version_line", [Paragraph(version)], Box(m, m, w - 2 * m, small_line), (SMALLEST_PRINT, VERSION_SIZE), piece.text).ops)
    cursor = m + small_line + 0.01 * h
    if piece.region and piece.region.hotline:
        line = BODY_MIN * 1.3
        ops.extend(piece.fit("back foot", [Paragraph(piece.hotline(english=True), bold=True, color="red")], Box(m, cursor, w - 2 * m, line), (BODY_MIN, BODY_MIN), source).ops)
        cursor += line

    top = h - band - 0.03 * h
    pitch = (top - cursor) / len(ROWS)
    if pitch < LINE_PITCH_MIN - 1e-6:
        piece.overflows.append(("fill-in lines", f"the lines would be {pitch / MM:.1f} mm apart; handwriting needs {LINE_PITCH_MIN / MM:.0f} mm."))
    holder = piece.writing(piece.text)
    label_height = LABEL_SIZE * max(1.35, 1.05 * holder.stack.leading)  # one line of the label's script
    english = piece.writing(source)
    rtl = piece.text.locale.direction == "rtl"
    for index, row in enumerate(ROWS):
        row_top = top - index * pitch
        line_y = row_top - pitch + 0.08 * pitch
        start = m
        for column, share in row:
            width = (w - 2 * m) * share - COLUMN_GAP * w / 2
            x = w - start - width if rtl else start  # a row reads from the side where the text starts
            ops.extend(_label(piece, LABELS[column], Box(x, row_top - label_height, width, label_height)))
            ops.append(FillRect(x, line_y, width, LINE_WEIGHT, "ink"))
            if values.get(column):
                ops.extend(_value(piece, column, values[column], Box(x + 1, line_y + LINE_WEIGHT + 1, width - 2, row_top - label_height - line_y - LINE_WEIGHT - 1.5), english))
            start += width + COLUMN_GAP * w
    return Side("back", w, h, tuple(ops))


def label_texts(piece: LayoutInput, key: str) -> list[str]:
    """The ways to print the label ``key``, preferred first: in the holder's language with its
    English after it (in its own left-to-right embedding inside right-to-left text), then the
    holder's language alone. A label has one line: one that would need two does not fit. An English card has its one label."""
    own, english = piece.text[key], piece.source[key]
    if piece.text.locale.code == piece.source.locale.code or own == english:
        return [f"**{own}**"]
    if piece.text.locale.direction == "rtl":
        # a right-to-left mark ends the label's own words, so that the separator stays on their
        # side when the label ends in a Latin letter (the A of an A-number)
        both = f"**{own}**\u200f{SEPARATOR}\u202a{english}\u202c"
    else:
        both = f"**{own}**{SEPARATOR}{english}"
    return [both, f"**{own}**"]


def _label(piece: LayoutInput, key: str, box: Box) -> tuple:
    """A label on one line at LABEL_SIZE: with its English where that fits, else without."""
    texts = label_texts(piece, key)
    return piece.first_fitting(texts, lambda text: piece.fit(key, [Paragraph(text, color="red")], box, (LABEL_SIZE, LABEL_SIZE), piece.text).ops)


def _value(piece: LayoutInput, column: str, value: str, box: Box, around) -> tuple:
    """A holder's value above its line, in the scripts it is written in. It goes around
    LayoutInput.fit, which records what it sets and quotes a word that does not fit: a
    personal value is never recorded nor quoted."""
    writing = writing_for_text(value, around)
    try:
        return fit([Paragraph(value)], writing, box, VALUE_SIZES[1], VALUE_SIZES[0], valign="bottom").ops
    except NoFit:
        piece.overflows.append((f"personal:{column}", "The value is too long for its line; shorten it."))
        return ()

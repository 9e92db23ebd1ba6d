"""The large-print card: a 4 x 6 in (or A6) postcard for people with poor sight or little reading.

Front, the holder's side, in the holder's language: the wallet card's title and rights, every
line at 14 pt or more, each right it illustrates with its pictogram beside it. Everything must
fit on that one side where it can: where the text is long, the band, the spacing and the
pictograms give way first (pictograms down to 6 mm, the size they are drawn to read at), never
the 14 pt floor. Where even then it cannot, the last rights go on at the top of the back, in the
same column of pictograms, and two cues without words say so: a card being turned over at the
foot of the front, the same card showing its other side where they go on. A rule parts them from
the statement. Back, in English for the officer: the statement as large as it fits and never
under 9 pt (the QR code, then the continued rights' pictograms, give up room for it first), the QR
code to fuller guidance with its caption in the holder's language, the help line and the version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cardgen.drawing import FillRect, Side
from cardgen.pictograms import CUES, DESIGN_SIZE, for_right
from cardgen.products.base import LayoutInput
from cardgen.products.pictogram_rights import set_rights
from cardgen.products.wallet_card import RIGHTS, STATEMENT, _red_band, version_line
from cardgen.qr import QUIET_ZONE
from cardgen.sizes import MM
from cardgen.typeset.layout import Box, Paragraph

HOLDER_MIN = 14.0  # pt: the least size of anything on the holder's side
RIGHTS_MAX = 20.0
TITLE_MAX = 26.0
STATEMENT_MIN, STATEMENT_MAX = 9.0, 20.0
CAPTION_MIN, CAPTION_MAX = 9.0, 14.0
HOTLINE_SIZE = 10.0
ORG_SIZE = 8.0
VERSION_SIZE = 7.0


@dataclass(frozen=True)
class Arrangement:
    """How the large-print card's front is set: band, pictograms and spacing."""

    band: float  # share of the height taken by the title band
    pictogram: float  # pt, the pictograms' side
    least: float  # pt, what they may shrink to
    right_gap: float  # em before each right
    leading: float


ARRANGEMENTS = tuple(
    Arrangement(band, pictogram * MM, least * MM, gap, leading)
    for pictogram, least in ((14, 12), (12, 10), (10, 8.5), (8, 7), (7, 6))
    for band, gap, leading in ((0.12, 0.3, 1.15), (0.1, 0.12, 1.08))
) + (Arrangement(0.08, 6 * MM, 6 * MM, 0.0, 1.0),)
QR_DARKS = (30 * MM, 24 * MM, 20 * MM, 17 * MM)  # the QR code's dark area on the back, largest first
QR_LEAST_MODULE = 0.4 * MM  # what a phone's camera still reads; a QR code is never made smaller
CUE_MAX = 9 * MM  # the turn-over cue at the front's foot: as large as the pictograms, up to this
CUE_GAP = 0.2  # space between a cue and the text, as a share of the cue
RULE = 0.75  # pt, the rule between the continued rights and the statement


def layout_large_print_card(piece: LayoutInput) -> list[Side]:
    # All the rights on the front when they fit there at 14 pt in some arrangement. Else as many
    # as fit, in their order (the most urgent come first), with the turn-over cue at the foot, and
    # the rest at the top of the back, in the holder's language and as large, above the statement
    # to the officer: 14 pt is never given up.
    for count in range(len(RIGHTS), 0, -1):
        before = len(piece.overflows)
        front, arrangement, size = piece.first_fitting(ARRANGEMENTS, lambda a: _front(piece, a, RIGHTS[:count]))
        if len(piece.overflows) == before:
            break
        if count > 1:
            del piece.overflows[before:]
    rest = RIGHTS[count:]
    # The statement keeps 9 pt: the QR code gives up room first (never under its least module),
    # then the continued rights' pictograms, down to 6 mm.
    pictograms = (arrangement.pictogram,) + ((arrangement.least, DESIGN_SIZE) if rest else ())
    backs = [(dark, pictogram) for pictogram in dict.fromkeys(pictograms) for dark in QR_DARKS]

    def back_with(choice: tuple[float, float]) -> Side:
        dark, pictogram = choice
        return _back(piece, dark, rest, replace(arrangement, pictogram=pictogram, least=min(arrangement.least, pictogram)), size)

    back = piece.first_fitting(backs, back_with)
    return [front, back]


def cue_size(arrangement: Arrangement) -> float:
    """The side of the cues on a card set in ``arrangement``: the rights' pictograms' size, never under 6 mm."""
    return max(DESIGN_SIZE, min(arrangement.pictogram, CUE_MAX))


def _margin(piece: LayoutInput) -> float:
    return piece.safe_margin


def _front(piece: LayoutInput, arrangement: Arrangement, keys: tuple[str, ...]) -> tuple[Side, Arrangement, float]:
    w, h, m = piece.size.width, piece.size.height, _margin(piece)
    text = piece.text
    band, ops = _red_band(piece, text, "front.title", arrangement.band, (HOLDER_MIN, TITLE_MAX))
    top = h - band - 0.02 * h
    bottom = m
    if len(keys) < len(RIGHTS):
        # the turn-over cue at the foot, in the corner where the text ends and a hand turns the card
        cue = cue_size(arrangement)
        rtl = text.locale.direction == "rtl"
        ops.append(CUES.get("turn-over").shape(m if rtl else w - m - cue, m, cue, "ink", mirrored=rtl))
        bottom = m + cue * (1 + CUE_GAP)
    box = Box(m, bottom, w - 2 * m, top - bottom)
    rights = set_rights(
        piece, text, box, (HOLDER_MIN, RIGHTS_MAX), arrangement.pictogram, arrangement.least,
        arrangement.right_gap, arrangement.leading, keys=keys,
    )
    ops.extend(rights.block.ops)
    ops.extend(rights.pictograms)
    return Side("front", w, h, tuple(ops)), arrangement, rights.block.size


def _back(piece: LayoutInput, qr_dark: float, rest: tuple[str, ...], arrangement: Arrangement, size: float) -> Side:
    w, h, m = piece.size.width, piece.size.height, _margin(piece)
    source = piece.source
    ops: list = []
    top = h
    if rest:  # the rights that did not fit on the front, as on the front, with the continued cue
        rights_top = h - m
        continued = CUES.get("continued")
        if for_right(rest[0]):  # the first has a pictogram of its own: the cue stands in the column above it
            rtl = piece.text.locale.direction == "rtl"
            cue = cue_size(arrangement)  # no wider than the column: its pictograms are 6 mm or more
            column_x = w - m - arrangement.pictogram if rtl else m + arrangement.pictogram - cue  # where they stand
            ops.append(continued.shape(column_x, h - m - cue, cue, "ink", mirrored=rtl))
            rights_top -= cue * (1 + CUE_GAP)
        box = Box(m, 0.35 * h, w - 2 * m, rights_top - 0.35 * h)
        rights = set_rights(
            piece, piece.text, box, (HOLDER_MIN, max(HOLDER_MIN, size)), arrangement.pictogram, arrangement.least,
            arrangement.right_gap, arrangement.leading, field="front.rights (continued on the back)", keys=rest,
            lead=continued,
        )
        ops.extend(rights.block.ops)
        ops.extend(rights.pictograms)
        rule_y = rights.bottom - 0.02 * h
        ops.append(FillRect(m, rule_y - RULE, w - 2 * m, RULE, "ink"))  # the holder's part ends here
        top = rule_y - RULE - 0.02 * h
    band = round(0.1 * h if not rest else 0.075 * h, 2)
    ops.append(FillRect(0, top - band, w, band, "red"))
    heading = Paragraph(source["statement.heading"], bold=True, color="paper")
    ops.extend(piece.fit("statement.heading", [heading], Box(m, top - 0.92 * band, w - 2 * m, 0.92 * band - (0.8 * m if not rest else 0.1 * band)), (10.0, TITLE_MAX), source, valign="middle").ops)
    top -= band

    # The foot, from the bottom up: the version line (in the holder's language, to check against
    # the guide), the organisation, the help line; the QR code at the right, its caption beside it.
    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    dark = max(min(qr_dark, 0.4 * w), QR_LEAST_MODULE * (count - 2 * QUIET_ZONE))
    qr_size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = qr_size - dark
    dark_left = w - m - dark
    ops.append(piece.qr.symbol(url, dark_left - quiet / 2, m - quiet / 2, qr_size))
    left_width = dark_left - 0.05 * w - m

    version = version_line(piece)
    stack = piece.writing(piece.text).stack
    line = VERSION_SIZE * (stack.ascent + stack.descent) + 1
    cursor = m
    ops.extend(piece.fit("front.version_line", [Paragraph(version)], Box(m, cursor, left_width, 2 * line), (5.0, VERSION_SIZE), piece.text, valign="bottom").ops)
    cursor += 2 * line
    if piece.org:
        org_line = ORG_SIZE * 1.4
        ops.extend(piece.fit_org("organisation", Paragraph(piece.org.printed_contact), Box(m, cursor, left_width, org_line), (6.0, ORG_SIZE), source).ops)
        cursor += org_line
    if piece.region:
        hotline = Paragraph(piece.hotline(english=True), bold=True, color="red")
        block = piece.fit("back foot", [hotline], Box(m, cursor, left_width, HOTLINE_SIZE * 2.6), (7.0, HOTLINE_SIZE), source, valign="bottom")
        ops.extend(block.ops)
        cursor += HOTLINE_SIZE * 2.6
    caption_bottom = cursor + 0.01 * h
    # beside the QR code when the foot leaves room for two lines of it there, else above the foot
    caption_top = max(m + dark, caption_bottom + 2.6 * CAPTION_MIN)
    caption_box = Box(m, caption_bottom, left_width, caption_top - caption_bottom)
    caption = Paragraph(piece.qr_caption("front.qr_caption"), bold=True, color="red")
    ops.extend(piece.fit("front.qr_caption", [caption], caption_box, (CAPTION_MIN, CAPTION_MAX), piece.text, valign="bottom").ops)
    foot_top = caption_top + 0.04 * h

    paragraphs = [Paragraph(source[f"statement.{key}"], bold=(key == "choice"), space_before=0.4) for key in STATEMENT]
    box = Box(m, foot_top, w - 2 * m, top - 0.02 * h - foot_top)
    if box.height <= 0:
        piece.overflows.append(("statement", "The rights continued on the back leave the statement no room."))
        return Side("back", w, h, tuple(ops))
    ops.extend(piece.fit("statement", paragraphs, box, (STATEMENT_MIN, STATEMENT_MAX), source, leading=1.15, valign="middle").ops)
    return Side("back", w, h, tuple(ops))

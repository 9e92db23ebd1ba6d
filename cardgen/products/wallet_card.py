"""The two-sided wallet card.

Front, in the holder's language: a red band with the title, the rights as a bulleted list over
the full width (with the English words to say beside their translation), and the version line.
Back, in English: the statement to the officer, the region's help line, and the QR code to
fuller guidance with its caption in the holder's language. The QR code lives on the back so
that the front's list of rights keeps its size in every language. All measures derive from the
trim size, so every card size gets the same design.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Picture, Side
from cardgen.products.base import LayoutInput, writing_for_text
from cardgen.qr import QUIET_ZONE, QrError
from cardgen.typeset.layout import Box, Paragraph

BODY_MIN = 7.0  # pt: the floor for anything a holder must read
BODY_MAX = 11.0
HEADING_MIN, HEADING_MAX = 9.0, 14.0
CAPTION_MIN, CAPTION_MAX = 5.5, 7.5
VERSION_SIZE = 5.0  # pt, the small print
SMALLEST_PRINT = 4.5  # pt, where a long version line may shrink to: above the 4 pt legibility limit
ORG_SIZE = 6.0  # pt, the organisation's name and phone on the back

DRAFT_MARK = "DRAFT, not reviewed"

RIGHTS = ("silent", "calm", "leave", "door", "search", "sign", "papers", "card")
STATEMENT = ("silence", "entry", "choice")


@dataclass(frozen=True)
class Density:
    """How the front shares its space; a denser one leaves more room for long translations."""

    band: float  # share of the height taken by the title band
    title: tuple[float, float]  # smallest and largest title size, pt
    right_gap: float  # space before each right, in em
    body_gap: float  # space between the band and the text, as a share of the height
    leading: float  # line height, in em


DENSITIES = (
    Density(band=0.19, title=(9.0, 15.0), right_gap=0.12, body_gap=0.035, leading=1.15),
    Density(band=0.165, title=(7.5, 11.0), right_gap=0.03, body_gap=0.005, leading=1.08),
    Density(band=0.15, title=(7.0, 10.0), right_gap=0.03, body_gap=0.0, leading=1.04),
)
# Last, for scripts whose lines stand tall (Nastaliq): no space between the rights and the least
# leading, the lines kept apart by their ink alone.
TALL_DENSITY = Density(band=0.165, title=(7.5, 11.0), right_gap=0.0, body_gap=0.005, leading=0.9)
TITLE_FOOT = 0.1  # white kept between a title's ink and the foot of its band, as a share of the band
TITLE_SIDE = 0.15  # extra side margin for a title's ink, as a share of the safe margin
INK_INSET = 0.5  # pt inside the side margins: a line's first letter may overhang its pen position
# The back's arrangements, roomiest first: the side of the QR code's dark area as a share of the
# height, and the space before each paragraph of the statement (em).
BACK_ARRANGEMENTS = ((0.32, 0.3), (0.27, 0.3), (0.27, 0.12))


def layout_wallet_card(piece: LayoutInput) -> list[Side]:
    # The front at the first density whose text fits; the back with the largest QR code that
    # leaves the statement room (never under the 0.4 mm modules phones need): a smaller one when
    # the foot holds a help line and an organisation.
    front = piece.first_fitting((*DENSITIES, TALL_DENSITY), lambda density: _front(piece, density))
    return [front, wallet_back(piece)]


def wallet_back(piece: LayoutInput) -> Side:
    """The back: the statement to the officer in English, the QR code with its caption in the
    holder's language, the help line, the organisation (with its logo where it fits) and the
    version (also the back cover of the folding card)."""
    back, statement_size, share = piece.first_fitting(BACK_ARRANGEMENTS, lambda arrangement: _back(piece, arrangement))
    if piece.org and piece.org.logo and piece.measured is None:
        # The organisation's logo beside the foot, only where everything still fits and the
        # statement keeps its size; else the card goes without it (the name still prints).
        before = len(piece.overflows)
        try:
            with_logo, size_with_logo, _ = _back(piece, share, logo=True)
        except QrError:  # the foot would leave the QR code too little room
            pass
        else:
            if len(piece.overflows) == before and size_with_logo >= statement_size - 1e-6:
                back = with_logo
        del piece.overflows[before:]
    return back


def _red_band(piece: LayoutInput, text: FamilyText, field: str, share: float, sizes: tuple[float, float]) -> tuple[float, list]:
    """A full-width red band across the top, ``share`` of the height, with ``field`` in white bold."""
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    band = round(h * share, 2)
    # The title sized by its ink, not by its script's ascent and descent (a Burmese or Khmer
    # title fills the band as a Latin one does): from the safe margin at the top to a margin
    # above the band's foot, and inside the side margins with room for ink that overhangs the
    # pen's extent (swashes, side bearings).
    foot = TITLE_FOOT * band
    heading = piece.fit(
        field, [Paragraph(text[field], bold=True, color="paper")],
        Box(m + TITLE_SIDE * m, h - band + foot, w - 2 * (1 + TITLE_SIDE) * m, band - foot - m), sizes, text, valign="middle", ink=True,
    )
    return band, [FillRect(0, h - band, w, band, "red"), *heading.ops]


def _mirror(piece: LayoutInput, rtl: bool):
    """Places a box, mirrored about the vertical axis on right-to-left cards."""
    w = piece.size.width
    return lambda box: Box(w - box.right, box.y, box.width, box.height) if rtl else box


def _front(piece: LayoutInput, density: Density) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    text = piece.text
    band, ops = _red_band(piece, text, "front.title", density.band, density.title)
    place = _mirror(piece, text.locale.direction == "rtl")

    spoken = piece.source.spoken
    rights = [
        Paragraph(text.with_spoken(f"front.rights.{key}", spoken), marker=True, marker_color="red", space_before=density.right_gap)
        for key in RIGHTS
    ]
    body_top = h - band - density.body_gap * h
    body_box = place(Box(m, m, w - 2 * m, body_top - m))
    body = piece.fit("front.rights", rights, body_box, (BODY_MIN, BODY_MAX), text, leading=density.leading)
    ops.extend(body.ops)
    return Side("front", w, h, tuple(ops))


def version_line(piece: LayoutInput) -> str:
    """The card's small print: the content version and date in the holder's language, the
    region, and (in English, for the organisation that prints it) the draft mark while the text
    is not reviewed."""
    version = piece.text["front.version_line"].format(version=piece.text.meta.version, date=piece.text.meta.effective_date.isoformat())
    version += f" · {piece.region_tag()}"
    if piece.marked_draft:
        version += f" · **{DRAFT_MARK}**"
    return version


LOGO_MIN_HEIGHT = 12.0  # pt, the logo's least height beside the foot (about 4 mm)


def _logo_picture(png: bytes, x: float, y: float, height: float, max_width: float) -> Picture:
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        ratio = image.width / image.height
    width = min(height * ratio, max_width)
    return Picture(x, y, width, width / ratio, png)


def _back(piece: LayoutInput, arrangement: tuple[float, float], logo: bool = False) -> tuple[Side, float, tuple[float, float]]:
    """The back, the statement's size and ``arrangement`` (the QR code's share of the height and
    the space before each paragraph of the statement); with ``logo``, the organisation's logo
    at the left of the foot, the foot's lines beside it."""
    qr_share, statement_gap = arrangement
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    source = piece.source
    band, ops = _red_band(piece, source, "statement.heading", 0.17, (HEADING_MIN, HEADING_MAX))

    # At the foot: the region's help line (as large as the body's floor: the holder may need it)
    # and, in small print, the organisation handing the card out.
    # Last, the content version (in the holder's language, where they can check it against the
    # guide's "what changed") and the draft mark.
    foot: list[tuple[Paragraph, float]] = []
    if piece.region:
        foot.append((Paragraph(piece.hotline(english=True), bold=True, color="red"), BODY_MIN))
    if piece.org:
        foot.append((Paragraph(piece.org.printed_contact), ORG_SIZE))
    version = version_line(piece)
    cursor = m
    stack = piece.writing(piece.text).stack
    small_line = VERSION_SIZE * (stack.ascent + stack.descent) + 0.5  # one line of small print
    ops.extend(piece.fit("front.version_line", [Paragraph(version)], _mirror(piece, piece.text.locale.direction == "rtl")(Box(m + INK_INSET, cursor, w - 2 * (m + INK_INSET), small_line)), (SMALLEST_PRINT, VERSION_SIZE), piece.text).ops)
    cursor += small_line + 0.01 * h
    foot_bottom, text_left = cursor, m
    if logo and piece.org and piece.org.logo:
        height = max(sum(size * 1.3 for _, size in foot), LOGO_MIN_HEIGHT)
        picture = _logo_picture(piece.org.logo, m, foot_bottom, height, 0.22 * w)
        ops.append(picture)
        text_left = m + picture.width + 0.025 * w
    for paragraph, size in reversed(foot):
        if paragraph.text == (piece.org.printed_contact if piece.org else None):
            # the organisation's own words, in their own script: a line as tall as that script needs
            tall = writing_for_text(paragraph.text, piece.writing(source)).stack
            line = size * max(1.3, 1.15 * (tall.ascent + tall.descent))
            ops.extend(piece.fit_org("organisation", paragraph, Box(text_left, cursor, w - m - text_left, line), (size, size), source).ops)
        else:
            line = size * 1.3
            ops.extend(piece.fit("back foot", [paragraph], Box(text_left, cursor, w - m - text_left, line), (size, size), source).ops)
        cursor += line
    if text_left > m:
        cursor = max(cursor, foot_bottom + picture.height)
    foot_top = cursor + 0.02 * h

    # The QR column on the right: code on top, caption under it, in the holder's language (the
    # code is for them). The white quiet zone may reach into the side's safe margin, never into
    # the band: the code's top comes down by as much as half its quiet zone needs (a short link
    # makes a code of few modules, whose quiet zone is a large share of it).
    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    quiet_share = QUIET_ZONE / (count - 2 * QUIET_ZONE)  # one side's quiet zone per unit of dark area
    top = h - band - 0.04 * h  # of the statement
    dark = min(qr_share * h, 0.2 * w)
    qr_top = h - band - max(0.04 * h, dark * quiet_share)
    dark = int(min(dark, qr_top - foot_top - 0.12 * h) * 100) / 100  # the dark area, quiet zone excluded; rounded down, to stay clear of the band
    qr_size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = qr_size - dark
    dark_left, dark_bottom = w - m - dark, qr_top - dark
    ops.append(piece.qr.symbol(url, dark_left - quiet / 2, dark_bottom - quiet / 2, qr_size))
    caption_box = Box(dark_left - 0.12 * dark, foot_top, 1.12 * dark, dark_bottom - 0.03 * h - foot_top)
    caption = piece.fit(
        "front.qr_caption", [Paragraph(piece.qr_caption("front.qr_caption"), bold=True, align="center", color="red")],
        caption_box, (CAPTION_MIN, CAPTION_MAX), piece.text, leading=1.1,
    )
    ops.extend(caption.ops)

    paragraphs = [
        Paragraph(source[f"statement.{key}"], bold=(key == "choice"), space_before=statement_gap)
        for key in STATEMENT
    ]
    gap = 0.04 * w
    box = Box(m, foot_top, dark_left - 0.12 * dark - gap - m, top - foot_top)
    body = piece.fit("statement", paragraphs, box, (BODY_MIN, BODY_MAX), source, leading=1.12, valign="middle")
    ops.extend(body.ops)
    return Side("back", w, h, tuple(ops)), body.size, arrangement

"""The two-sided wallet card.

Front, in the holder's language: a red band with the title, the rights as a bulleted list, a QR
code to fuller guidance with its caption, and the version line. Back, in English: the statement
to the officer. All measures derive from the trim size, so every card size gets the same design.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Side
from cardgen.products.base import LayoutInput
from cardgen.qr import QUIET_ZONE
from cardgen.typeset.layout import Box, Paragraph

BODY_MIN = 7.0  # pt: the floor for anything a holder must read
BODY_MAX = 11.0
HEADING_MIN, HEADING_MAX = 9.0, 14.0
CAPTION_MIN, CAPTION_MAX = 5.5, 7.5
VERSION_SIZE = 5.0  # pt, the small print
SMALLEST_PRINT = 4.5  # pt, where a long version line may shrink to: above the 4 pt legibility limit
ORG_SIZE = 6.0  # pt, the organisation's name and phone on the back

DRAFT_MARK = "DRAFT, not reviewed"

RIGHTS = ("silent", "door", "sign", "truth", "leave", "card")
STATEMENT = ("silence", "entry", "choice")


@dataclass(frozen=True)
class Density:
    """How the front shares its space; a denser one leaves more room for long translations."""

    band: float  # share of the height taken by the title band
    title: tuple[float, float]  # smallest and largest title size, pt
    qr: float  # side of the QR code's dark area, as a share of the height
    right_gap: float  # space before each right, in em
    body_gap: float  # space between the band and the text, as a share of the height


DENSITIES = (
    Density(band=0.22, title=(10.0, 18.0), qr=0.34, right_gap=0.16, body_gap=0.045),
    Density(band=0.18, title=(8.5, 14.0), qr=0.30, right_gap=0.06, body_gap=0.03),
)


def layout_wallet_card(piece: LayoutInput) -> list[Side]:
    return [_roomiest_front(piece), _back(piece)]


def _roomiest_front(piece: LayoutInput) -> Side:
    """The front at the first density whose text fits (the overflows of the last one tried stay)."""
    before = len(piece.overflows)
    for density in DENSITIES:
        del piece.overflows[before:]
        front = _front(piece, density)
        if len(piece.overflows) == before:
            break
    return front


def _red_band(piece: LayoutInput, text: FamilyText, field: str, share: float, sizes: tuple[float, float]) -> tuple[float, list]:
    """A full-width red band across the top, ``share`` of the height, with ``field`` in white bold."""
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    band = round(h * share, 2)
    heading = piece.fit(
        field, [Paragraph(text[field], bold=True, color="paper")],
        Box(m, h - 0.8 * band, w - 2 * m, 0.8 * band - 0.8 * m), sizes, text, valign="middle",
    )
    return band, [FillRect(0, h - band, w, band, "red"), *heading.ops]


def _front(piece: LayoutInput, density: Density) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    text = piece.text
    band, ops = _red_band(piece, text, "front.title", density.band, density.title)

    # The QR column on the right: code on top, caption under it. The white quiet zone may reach
    # into the safe margin; the dark modules stay inside it.
    gap = 0.04 * w
    body_top = h - band - density.body_gap * h
    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    dark = round(min(density.qr * h, 0.2 * w), 2)  # side of the dark area, quiet zone excluded
    qr_size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = qr_size - dark
    dark_left, dark_bottom = w - m - dark, body_top - dark
    # Right-to-left cards mirror the columns: the text starts at the right, the QR code is left.
    rtl = text.locale.direction == "rtl"

    def place(box: Box) -> Box:
        return Box(w - box.right, box.y, box.width, box.height) if rtl else box

    qr_box = place(Box(dark_left - quiet / 2, dark_bottom - quiet / 2, qr_size, qr_size))
    ops.append(piece.qr.symbol(url, qr_box.x, qr_box.y, qr_size))
    caption = piece.fit(
        "front.qr_caption", [Paragraph(text["front.qr_caption"], bold=True, align="center", color="red")],
        place(Box(dark_left - 0.1 * dark, m, 1.1 * dark, dark_bottom - 0.03 * h - m)), (CAPTION_MIN, CAPTION_MAX), text, leading=1.1,
    )
    ops.extend(caption.ops)

    stack = piece.writing(text).stack
    small_line = VERSION_SIZE * (stack.ascent + stack.descent) + 0.5  # one line of small print
    version = text["front.version_line"].format(version=text.meta.version, date=text.meta.effective_date.isoformat())
    version += f" · {piece.region_tag()}"
    if text.meta.translation.status == "draft":
        # In English, for the organisation that prints it: this text has not been reviewed yet.
        version += f" · **{DRAFT_MARK}**"
    version_block = piece.fit(
        "front.version_line", [Paragraph(version)],
        place(Box(m, m, dark_left - gap - m, small_line)), (SMALLEST_PRINT, VERSION_SIZE), text,
    )
    ops.extend(version_block.ops)

    rights = [
        Paragraph(text[f"front.rights.{key}"], marker=True, marker_color="red", space_before=density.right_gap)
        for key in RIGHTS
    ]
    body_bottom = m + small_line + 0.03 * h
    body_box = place(Box(m, body_bottom, dark_left - gap - m, body_top - body_bottom))
    body = piece.fit("front.rights", rights, body_box, (BODY_MIN, BODY_MAX), text, leading=1.17)
    ops.extend(body.ops)
    return Side("front", w, h, tuple(ops))


def _back(piece: LayoutInput) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    source = piece.source
    band, ops = _red_band(piece, source, "statement.heading", 0.17, (HEADING_MIN, HEADING_MAX))

    paragraphs = [
        Paragraph(source[f"statement.{key}"], bold=(key == "choice"), space_before=0.45)
        for key in STATEMENT
    ]
    # At the foot: the region's help line (as large as the body's floor: the holder may need it)
    # and, in small print, the organisation handing the card out.
    foot: list[tuple[Paragraph, float]] = []
    if piece.region:
        foot.append((Paragraph(piece.hotline(english=True), bold=True, color="red"), BODY_MIN))
    if piece.org:
        foot.append((Paragraph(piece.org.contact), ORG_SIZE))
    cursor = m
    for paragraph, size in reversed(foot):
        line = size * 1.3
        ops.extend(piece.fit("back foot", [paragraph], Box(m, cursor, w - 2 * m, line), (size, size), source).ops)
        cursor += line
    foot_height = cursor - m
    box = Box(m, m + foot_height + (0.02 * h if foot else 0), w - 2 * m, h - band - 0.04 * h - m - foot_height - (0.02 * h if foot else 0))
    body = piece.fit("statement", paragraphs, box, (BODY_MIN, BODY_MAX), source, leading=1.18, valign="middle")
    ops.extend(body.ops)
    return Side("back", w, h, tuple(ops))

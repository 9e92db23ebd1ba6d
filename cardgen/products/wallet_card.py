"""The two-sided wallet card.

Front, in the holder's language: a red band with the title, the rights as a bulleted list, a QR
code to fuller guidance with its caption, and the version line. Back, in English: the statement
to the officer. All measures derive from the trim size, so every card size gets the same design.
"""

from __future__ import annotations

from typing import Sequence

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Side
from cardgen.errors import FitError
from cardgen.products.base import LayoutInput, writing_of
from cardgen.qr import QUIET_ZONE
from cardgen.typeset.layout import Box, FittedBlock, NoFit, Paragraph, fit

BODY_MIN = 7.0  # pt: the floor for anything a holder must read
BODY_MAX = 11.0
TITLE_MIN, TITLE_MAX = 10.0, 18.0
HEADING_MIN, HEADING_MAX = 9.0, 14.0
CAPTION_MIN, CAPTION_MAX = 5.5, 7.5
VERSION_SIZE = 5.0  # pt, the small print: above the 4 pt legibility limit

RIGHTS = ("silent", "door", "sign", "truth", "leave", "card")
STATEMENT = ("silence", "entry", "choice")


def layout_wallet_card(piece: LayoutInput) -> list[Side]:
    return [_front(piece), _back(piece)]


def _fit(piece: LayoutInput, field: str, paragraphs: Sequence[Paragraph], box: Box, lo: float, hi: float, text: FamilyText, **kw) -> FittedBlock:
    try:
        return fit(paragraphs, writing_of(text.locale), box, hi, lo, **kw)
    except NoFit as exc:
        raise FitError(piece.product, text.locale.code, piece.size.name, field, str(exc)) from None


def _red_band(piece: LayoutInput, text: FamilyText, field: str, share: float, sizes: tuple[float, float]) -> tuple[float, list]:
    """A full-width red band across the top, ``share`` of the height, with ``field`` in white bold."""
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    band = round(h * share, 2)
    heading = _fit(
        piece, field,
        [Paragraph(text[field], bold=True, color="paper")],
        Box(m, h - 0.8 * band, w - 2 * m, 0.8 * band - 0.8 * m),
        *sizes, text, valign="middle",
    )
    return band, [FillRect(0, h - band, w, band, "red"), *heading.ops]


def _front(piece: LayoutInput) -> Side:
    w, h, m = piece.size.width, piece.size.height, piece.safe_margin
    text = piece.text
    band, ops = _red_band(piece, text, "front.title", 0.22, (TITLE_MIN, TITLE_MAX))

    # The QR column on the right: code on top, caption under it. The white quiet zone may reach
    # into the safe margin; the dark modules stay inside it.
    gap = 0.04 * w
    body_top = h - band - 0.045 * h
    url = text.meta.qr_url
    count = len(piece.qr.modules(url))
    dark = round(min(0.34 * h, 0.2 * w), 2)  # side of the dark area, quiet zone excluded
    qr_size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = qr_size - dark
    dark_left, dark_bottom = w - m - dark, body_top - dark
    ops.append(piece.qr.symbol(url, dark_left - quiet / 2, dark_bottom - quiet / 2, qr_size))
    caption = _fit(
        piece, "front.qr_caption",
        [Paragraph(text["front.qr_caption"], bold=True, align="center", color="red")],
        Box(dark_left - 0.05 * dark, m, 1.1 * dark, dark_bottom - 0.03 * h - m),
        CAPTION_MIN, CAPTION_MAX, text, leading=1.1,
    )
    ops.extend(caption.ops)

    version = text["front.version_line"].format(version=text.meta.version, date=text.meta.effective_date.isoformat())
    version_block = _fit(
        piece, "front.version_line",
        [Paragraph(version)],
        Box(m, m, dark_left - gap - m, VERSION_SIZE * 1.3),
        VERSION_SIZE, VERSION_SIZE, text,
    )
    ops.extend(version_block.ops)

    rights = [
        Paragraph(text[f"front.rights.{key}"], marker=True, marker_color="red", space_before=0.22)
        for key in RIGHTS
    ]
    body_bottom = m + VERSION_SIZE * 1.3 + 0.035 * h
    body_box = Box(m, body_bottom, dark_left - gap - m, body_top - body_bottom)
    body = _fit(piece, "front.rights", rights, body_box, BODY_MIN, BODY_MAX, text, leading=1.17)
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
    box = Box(m, m, w - 2 * m, h - band - 0.05 * h - m)
    body = _fit(piece, "statement", paragraphs, box, BODY_MIN, BODY_MAX, source, leading=1.18, valign="middle")
    ops.extend(body.ops)
    return Side("back", w, h, tuple(ops))

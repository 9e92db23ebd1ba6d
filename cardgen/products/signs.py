"""The door sign and the workplace sign.

Both are pages read from a distance: the English notice to officers in very large type, then
the same message in the reader's language, a QR code at least 30 mm wide with its caption, and
the version line. A red frame and red headings are the accent; no large areas of ink. All
measures are fractions of the page, so Letter, A4 and Half Letter share one design, and nothing
comes closer than the frame's margin to the edge that home printers cannot print.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Picture, Side
from cardgen.products.base import LayoutInput
from cardgen.qr import QUIET_ZONE
from cardgen.sizes import INCH, MM
from cardgen.typeset.layout import Box, Paragraph

FRAME_INSET = 9 * MM  # the red frame: home printers leave about 6 mm at the edge unprinted
FRAME_WIDTH = 2.5
QR_DARK = 34 * MM  # dark area of the QR code on Letter: scannable from arm's length
VERSION_SIZE = 7.0


@dataclass(frozen=True)
class Block:
    """A band of the page: which strings, in which text, how big, and its share of the height."""

    field: str  # named in overflow errors
    keys: tuple[str, ...]
    english: bool  # from the English source, or the reader's text
    share: float  # of the content height
    sizes: tuple[float, float]  # smallest and largest font size on Letter, pt
    bold: bool = False
    color: str = "ink"
    first_bold: bool = False  # the first paragraph bold, the rest regular


def _scale(piece: LayoutInput) -> float:
    """Sizes are given for Letter; other pages scale with it (by the tighter of width and height)."""
    return min(piece.size.width / (8.5 * INCH), piece.size.height / (11 * INCH))


def _frame(w: float, h: float) -> list:
    i, t = FRAME_INSET, FRAME_WIDTH
    return [
        FillRect(i, i, w - 2 * i, t, "red"),
        FillRect(i, h - i - t, w - 2 * i, t, "red"),
        FillRect(i, i, t, h - 2 * i, "red"),
        FillRect(w - i - t, i, t, h - 2 * i, "red"),
    ]


def _blocks(piece: LayoutInput, blocks: list[Block], top: float, bottom: float, left: float, right: float) -> list:
    """Set the blocks one under another between ``top`` and ``bottom``."""
    scale = _scale(piece)
    ops: list = []
    total = sum(b.share for b in blocks)
    height = top - bottom
    cursor = top
    for block in blocks:
        text = piece.source if block.english else piece.text
        box_height = height * block.share / total
        box = Box(left, cursor - box_height, right - left, box_height)
        paragraphs = [
            Paragraph(text[key], bold=block.bold or (block.first_bold and i == 0), color=block.color, space_before=0.35)
            for i, key in enumerate(block.keys)
        ]
        lo, hi = block.sizes
        fitted = piece.fit(block.field, paragraphs, box, (lo * scale, hi * scale), text, valign="middle")
        ops.extend(fitted.ops)
        cursor -= box_height
    return ops


def _qr_column(piece: LayoutInput, text: FamilyText, field: str, x_right: float, y_bottom: float, height: float) -> tuple[list, float]:
    """The QR code (dark area QR_DARK on Letter) with its caption under it, right-aligned at x_right."""
    scale = _scale(piece)
    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    dark = QR_DARK * max(scale, 0.9)
    size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = size - dark
    caption_h = height - dark - 0.04 * height
    dark_left = x_right - dark
    qr_box = _mirrored(piece, Box(dark_left - quiet / 2, y_bottom + caption_h + 0.04 * height - quiet / 2, size, size))
    ops: list = [piece.qr.symbol(url, qr_box.x, qr_box.y, size)]
    # The door sign promises guidance in the reader's language only when its link leads there.
    words = piece.qr_caption(field) if field == "door.qr_caption" and text is piece.text else text[field]
    caption = piece.fit(
        field, [Paragraph(words, bold=True, color="red", align="center")],
        _mirrored(piece, Box(dark_left - 0.15 * dark, y_bottom, 1.15 * dark, caption_h)), (9 * scale, 14 * scale), text, valign="top",
    )
    ops.extend(caption.ops)
    return ops, dark_left - 0.15 * dark


def _version(piece: LayoutInput, text: FamilyText, left: float, right: float, y: float) -> list:
    line = text["version_line"].format(version=text.meta.version, date=text.meta.effective_date.isoformat())
    line += f" · {piece.region_tag()}"
    if piece.marked_draft:
        line += " · **DRAFT translation, not reviewed**"
    stack = piece.writing(text).stack
    height = VERSION_SIZE * (stack.ascent + stack.descent) + 1
    return list(piece.fit("version_line", [Paragraph(line)], Box(left, y, right - left, height), (VERSION_SIZE, VERSION_SIZE), text).ops)


def _page(piece: LayoutInput, english: list[Block], translated: list[Block], bottom_row: callable) -> Side:
    w, h = piece.size.width, piece.size.height
    margin = FRAME_INSET + FRAME_WIDTH + 0.045 * w
    left, right = margin, w - margin
    top, bottom = h - margin, margin
    ops = _frame(w, h)
    ops += _version(piece, piece.text, left, right, bottom)
    bottom += 0.025 * h
    if piece.org:
        ops += _org_line(piece, left, right, bottom)
        bottom += 0.06 * h
    row_height = 0.24 * (top - bottom)
    ops += bottom_row(left, right, bottom, row_height)
    body_bottom = bottom + row_height + 0.02 * h
    if piece.text.locale.code == piece.source.locale.code:
        ops += _blocks(piece, english, top, body_bottom, left, right)
    else:
        # the English notice, a red rule in a gap, then the same in the reader's language
        gap = 0.03 * h
        share = sum(b.share for b in english) / sum(b.share for b in english + translated)
        split = top - share * (top - body_bottom - gap)
        ops += _blocks(piece, english, top, split, left, right)
        ops.append(FillRect(left, split - gap / 2 - 0.6, right - left, 1.2, "red"))
        ops += _blocks(piece, translated, split - gap, body_bottom, left, right)
    return Side("front", w, h, tuple(ops))


def _org_line(piece: LayoutInput, left: float, right: float, bottom: float) -> list:
    """The organisation's logo and contact, in the space above the version line."""
    org = piece.org
    height = 0.045 * piece.size.height
    ops: list = []
    text_left = left
    if org.logo:
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(org.logo)) as image:
            ratio = image.width / image.height
        logo_w = min(height * ratio, 0.3 * (right - left))
        ops.append(Picture(left, bottom, logo_w, logo_w / ratio, org.logo))
        text_left = left + logo_w + 0.02 * piece.size.width
    ops.extend(piece.fit_org("organisation", Paragraph(org.printed_contact, bold=True), Box(text_left, bottom, right - text_left, height), (8 * _scale(piece), 14 * _scale(piece)), piece.text, valign="middle").ops)
    return ops


def _mirrored(piece: LayoutInput, box: Box) -> Box:
    """Right-to-left signs put the QR code on the left and the text on the right."""
    if piece.text.locale.direction != "rtl":
        return box
    return Box(piece.size.width - box.right, box.y, box.width, box.height)


def layout_door_sign(piece: LayoutInput) -> list[Side]:
    english = [
        Block("door.heading", ("door.heading",), True, 0.10, (20, 40), bold=True, color="red"),
        Block("door.consent", ("door.consent",), True, 0.29, (34, 64), bold=True),
        Block("door.warrant", ("door.warrant", "door.silence"), True, 0.22, (20, 32)),
    ]
    translated = [
        Block("door.notice (translation)", ("door.heading", "door.consent", "door.warrant", "door.silence"), False, 0.28, (12, 24), first_bold=True),
    ]

    def bottom_row(left: float, right: float, bottom: float, height: float) -> list:
        qr_ops, qr_left = _qr_column(piece, piece.text, "door.qr_caption", right, bottom, height)
        inside_box = _mirrored(piece, Box(left, bottom, qr_left - left - 0.03 * piece.size.width, height))
        # The reminder, the help line and the region's note share the box; long ones get a
        # denser arrangement (less space between them, a smaller note) before they overflow.
        def reminder(arrangement: tuple[float, float]):
            gap, note_scale = arrangement
            return piece.fit(
                "door.inside",
                [
                    Paragraph(piece.text["door.inside_heading"], bold=True, color="red"),
                    Paragraph(piece.text.with_spoken("door.inside", piece.source.spoken), space_before=gap),
                    Paragraph(piece.hotline(english=False), bold=True, space_before=gap),
                    *([Paragraph(piece.police_note(), scale=note_scale, space_before=gap)] if piece.region_text else []),
                ],
                inside_box, (8.5 * _scale(piece), 22 * _scale(piece)), piece.text, valign="middle",
            )

        inside = piece.first_fitting(((0.3, 0.8), (0.12, 0.72)), reminder)
        return qr_ops + list(inside.ops)

    return [_page(piece, english, translated, bottom_row)]


def layout_workplace_sign(piece: LayoutInput) -> list[Side]:
    english = [
        Block("workplace.heading", ("workplace.heading",), True, 0.13, (28, 60), bold=True, color="red"),
        Block("workplace.entry", ("workplace.entry",), True, 0.14, (22, 44), bold=True),
        Block("workplace.administrative", ("workplace.administrative", "workplace.manager"), True, 0.22, (14, 24)),
    ]
    translated = [
        Block(
            "workplace (translation)",
            ("workplace.heading", "workplace.entry", "workplace.administrative", "workplace.manager"),
            False, 0.28, (11, 20), first_bold=True,
        ),
    ]

    def bottom_row(left: float, right: float, bottom: float, height: float) -> list:
        qr_ops, qr_left = _qr_column(piece, piece.text, "workplace.qr_caption", right, bottom, height)
        ops = list(qr_ops)
        # the space for the business to write its manager's or contact's name
        width = qr_left - left - 0.03 * piece.size.width
        label_box = _mirrored(piece, Box(left, bottom + 0.55 * height, width, 0.35 * height))
        labels = [Paragraph(piece.source["workplace.contact_label"], bold=True)]
        if piece.text.locale.code != piece.source.locale.code:
            labels.append(Paragraph(piece.text["workplace.contact_label"], bold=True))
        ops.extend(piece.fit("workplace.contact_label", labels[:1], label_box, (14 * _scale(piece), 24 * _scale(piece)), piece.source, valign="bottom").ops)
        if len(labels) > 1:
            ops.extend(piece.fit(
                "workplace.contact_label (translation)", labels[1:],
                _mirrored(piece, Box(left, bottom + 0.35 * height, width, 0.18 * height)), (10 * _scale(piece), 18 * _scale(piece)), piece.text, valign="top",
            ).ops)
        line = _mirrored(piece, Box(left, bottom + 0.12 * height, width, 1.0))
        ops.append(FillRect(line.x, line.y, line.width, line.height, "ink"))  # write the name here
        return ops

    return [_page(piece, english, translated, bottom_row)]

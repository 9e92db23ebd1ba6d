"""The door sign and the workplace sign.

Both are pages read from a distance: the English notice to officers in very large type, then
the same message in the reader's language, a QR code at least 30 mm wide with its caption, and
the version line. A red frame and red headings are the accent; no large areas of ink. All
measures are fractions of the page, so Letter, A4 and Half Letter share one design, and nothing
comes closer than the frame's margin to the edge that home printers cannot print.

Two floors hold on every page: no text under MIN_SIZE (the size ranges scale with the page but
never below it), and on pages read from across a room (Letter, A4) the workplace sign's English
heading has capitals at least HEADING_CAP tall. Where a page's text does not fit, the bottom row
(QR code, reminder, contact) takes a larger share of the height, and last the blocks are given
heights by what their text needs at its smallest size (a translation in Nastaliq, whose floor is
higher and whose lines are taller, takes height from the English blocks' spare room).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from cardgen.content.loader import FamilyText
from cardgen.drawing import FillRect, Picture, Side
from cardgen.products.base import LayoutInput
from cardgen.qr import QUIET_ZONE
from cardgen.sizes import INCH, MM
from cardgen.typeset.fonts import Face, face_for_char
from cardgen.typeset.layout import Box, Paragraph

FRAME_INSET = 9 * MM  # the red frame: home printers leave about 6 mm at the edge unprinted
FRAME_WIDTH = 2.5
QR_DARK = 34 * MM  # dark area of the QR code on Letter: scannable from arm's length
VERSION_SIZE = 7.0
MIN_SIZE = 7.0  # pt: no text on a sign is smaller, on any page (PRINT-FACTS: 7 pt is a floor)
# Capital height of the workplace sign's English heading on pages read from two metres.
HEADING_CAP = 10 * MM
ORG_SHARE = 0.045  # of the page's height: the organisation's line
ORG_SHARE_COMPACT = 0.025  # ... where nothing else lets the page fit (one line at about 8 pt on Half Letter)
ORG_GAP = 0.015  # between the organisation's line and what is above it
DISTANCE_SCALE = 0.95  # pages at least this large (of Letter: Letter, A4) are read from across a room
# Shares of the content height given to the bottom row, tried in turn until the page fits:
# narrow pages (Half Letter) need a taller row for the reminder and the QR caption.
ROW_SHARES = (0.24, 0.28, 0.32, 0.36)
HEADING_GROWTHS = (1.0, 1.25, 1.5)  # of a heading's share, tried after every row share
# Sized by need (the last arrangements), the bottom row's shares go in finer steps and the gap
# around the red rule between the English and the translation narrows.
ROW_SHARES_BY_NEED = (0.24, 0.26, 0.28, 0.30, 0.32, 0.34, 0.36)
RULE_GAP, RULE_GAP_BY_NEED = 0.03, 0.02  # of the page's height
# Of an English block's smallest size, by need: tried in turn, the English yields room to a tall translation.
ENGLISH_FLOORS_BY_NEED = (1.0, 0.9)
# The door sign's stacked bottom row (tried after every other arrangement): the reminder beside
# the QR code and the region's police note at full width under both, in taller rows.
STACKED_ROW_SHARES = (0.30, 0.34, 0.38, 0.42, 0.46, 0.50)
QR_DARK_SMALLEST = 25 * MM  # the stacked row's smaller QR code, never under this (and modules >= 0.4 mm)
QR_MODULE_SMALLEST = 0.4 * MM
STACKED_QR_HEIGHTS = (0.7, 0.6, 0.5, 0.45, 0.4, 0.35)  # of the stacked row: the part beside the QR code


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
    line_per_sentence: bool = False  # each sentence starts a line (a two-sentence heading breaks between them)
    cap_height: float = 0.0  # on pages read from a distance, the smallest capital height, points
    cap_height_by_need: float = 0.0  # the same, where blocks are sized by need (_heights)


def _scale(piece: LayoutInput) -> float:
    """Sizes are given for Letter; other pages scale with it (by the tighter of width and height)."""
    return min(piece.size.width / (8.5 * INCH), piece.size.height / (11 * INCH))


def _floor(piece: LayoutInput, text: FamilyText) -> float:
    """The smallest base size for ``text``: MIN_SIZE for every face it may be drawn in, also
    those its stack draws smaller than the text around them (Latin inside Nastaliq)."""
    stack = piece.writing(text).stack
    return MIN_SIZE / min(getattr(face, "scale", 1.0) for face in stack.regular + stack.bold)


def _sizes(piece: LayoutInput, text: FamilyText, smallest: float, largest: float, scale: float = 1.0) -> tuple[float, float]:
    """A size range given for Letter, scaled to the page, its floor never under the smallest
    legible size for a paragraph of ``text`` drawn at ``scale`` times the base size."""
    page = _scale(piece)
    floor = max(smallest * page, _floor(piece, text) / scale)
    return floor, max(largest * page, floor)


@lru_cache(maxsize=None)
def _cap_em(face: Face) -> float:
    """The height of the face's capital H, in em (its ink, as HarfBuzz measures it)."""
    from cardgen.typeset.shaping import shape

    return shape(face, "H", False, "Latn", "en").top


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _frame(w: float, h: float) -> list:
    i, t = FRAME_INSET, FRAME_WIDTH
    return [
        FillRect(i, i, w - 2 * i, t, "red"),
        FillRect(i, h - i - t, w - 2 * i, t, "red"),
        FillRect(i, i, t, h - 2 * i, "red"),
        FillRect(w - i - t, i, t, h - 2 * i, "red"),
    ]


def _block_setting(piece: LayoutInput, block: Block, by_need: float | None = None) -> tuple[FamilyText, list[Paragraph], tuple[float, float]]:
    """The text, paragraphs and size range a block is set with; ``by_need``, where the blocks
    are sized by need, is the share of their smallest size English blocks keep."""
    text = piece.source if block.english else piece.text
    paragraphs = [
        Paragraph(text[key], bold=block.bold or (block.first_bold and i == 0), color=block.color, space_before=0.35)
        for i, key in enumerate(block.keys)
    ]
    if block.line_per_sentence:
        paragraphs = [replace(p, text=sentence, space_before=0.0) for p in paragraphs for sentence in _sentences(p.text)]
    smallest, largest = block.sizes
    if by_need is not None and block.english:
        smallest *= by_need
    sizes = _sizes(piece, text, smallest, largest)
    cap_height = max(block.cap_height, block.cap_height_by_need if by_need is not None else 0.0)
    if cap_height and _scale(piece) >= DISTANCE_SCALE:
        face = face_for_char(piece.writing(text).stack, block.bold, "H")
        floor = cap_height / _cap_em(face)
        sizes = (max(sizes[0], floor), max(sizes[1], floor))
    return text, paragraphs, sizes


def _need(piece: LayoutInput, block: Block, width: float, by_need: float) -> float:
    """The height the block takes at its smallest size in a column ``width`` wide (infinite
    where a word is wider than the column)."""
    from cardgen.typeset.layout import NoFit, fit

    text, paragraphs, sizes = _block_setting(piece, block, by_need)
    keep = piece.unbreakable
    paragraphs = [replace(p, keep=p.keep + keep) for p in paragraphs] if keep else paragraphs
    try:
        return fit(paragraphs, piece.writing(text), Box(0.0, 0.0, width, 100 * piece.size.height), sizes[0], sizes[0], loose=piece.loose).height
    except NoFit:
        return float("inf")


def _heights(piece: LayoutInput, blocks: list[Block], height: float, width: float, by_need: float | None) -> list[float]:
    """The blocks' heights: their shares of ``height``; by need, each first gets the height its
    text takes at its smallest size and the rest is shared out (tall scripts, whose translation
    needs more of the page than its share)."""
    total = sum(b.share for b in blocks)
    if by_need is None:
        return [height * b.share / total for b in blocks]
    needs = [_need(piece, b, width, by_need) for b in blocks]
    spare = height - sum(needs)
    if spare < 0:  # does not fit either way: the shares, whose overflows name the fields
        return [height * b.share / total for b in blocks]
    return [need + spare * b.share / total for need, b in zip(needs, blocks)]


def _blocks(piece: LayoutInput, blocks: list[Block], top: float, left: float, right: float, heights: list[float], by_need: float | None = None) -> list:
    """Set the blocks one under another from ``top``, each as tall as ``heights`` says."""
    ops: list = []
    cursor = top
    for block, box_height in zip(blocks, heights):
        text, paragraphs, sizes = _block_setting(piece, block, by_need)
        box = Box(left, cursor - box_height, right - left, box_height)
        fitted = piece.fit(block.field, paragraphs, box, sizes, text, valign="middle")
        ops.extend(fitted.ops)
        cursor -= box_height
    return ops


def _qr_column(piece: LayoutInput, text: FamilyText, field: str, x_right: float, y_bottom: float, height: float, dark: float | None = None) -> tuple[list, float]:
    """The QR code (dark area QR_DARK on Letter, or ``dark``) with its caption under it, right-aligned at x_right."""
    scale = _scale(piece)
    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    dark = dark or QR_DARK * max(scale, 0.9)
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
        _mirrored(piece, Box(dark_left - 0.15 * dark, y_bottom, 1.15 * dark, caption_h)), _sizes(piece, text, 9, 14), text, valign="top",
    )
    ops.extend(caption.ops)
    return ops, dark_left - 0.15 * dark


def _version(piece: LayoutInput, text: FamilyText, left: float, right: float, y: float) -> list:
    line = text["version_line"].format(version=text.meta.version, date=text.meta.effective_date.isoformat())
    line += f" · {piece.region_tag()}"
    if piece.marked_draft:
        line += " · **DRAFT translation, not reviewed**"
    size = max(VERSION_SIZE, _floor(piece, text))
    height = _version_height(piece, text)
    return list(piece.fit("version_line", [Paragraph(line)], Box(left, y, right - left, height), (size, size), text).ops)


def _version_height(piece: LayoutInput, text: FamilyText) -> float:
    stack = piece.writing(text).stack
    return max(VERSION_SIZE, _floor(piece, text)) * (stack.ascent + stack.descent) + 1


def _page(piece: LayoutInput, english: list[Block], translated: list[Block], bottom_row: callable, stacked_row: callable | None = None) -> Side:
    """The page with the first arrangement that lets every field fit: the bottom row's share of
    the height, and how much more than its share a block with a capital height takes (an
    organisation's line leaves less height for the blocks, but not less for a heading's floor).
    Last, the blocks' heights by need: each block first gets what its text takes at its smallest
    size (a translation in a tall script, Nastaliq, takes more than its share of the page).
    Very last, ``stacked_row`` (where given) sets the bottom row in place of ``bottom_row``:
    a denser row for long regional notes on narrow pages, tried by need with taller shares."""
    growths = HEADING_GROWTHS if any(b.cap_height for b in english) else (1.0,)
    arrangements = [(share, growth, None, bottom_row) for growth in growths for share in ROW_SHARES]
    arrangements += [(share, 1.0, floor, bottom_row) for floor in ENGLISH_FLOORS_BY_NEED for share in ROW_SHARES_BY_NEED]
    if stacked_row is not None:
        arrangements += [(share, 1.0, floor, stacked_row) for floor in ENGLISH_FLOORS_BY_NEED for share in STACKED_ROW_SHARES]
    arrangements = [(*arrangement, ORG_SHARE) for arrangement in arrangements]
    if piece.org:
        # very last, the organisation's line as tall as one line of it at its smallest size,
        # for the rest of the page: the most text on the smallest page (Burmese on Half Letter)
        arrangements += [(*arrangement[:4], ORG_SHARE_COMPACT) for arrangement in arrangements if arrangement[2] is not None]

    def page_at(arrangement: tuple[float, float, float | None, callable, float]) -> Side:
        share, growth, by_need, row, org_share = arrangement
        grown = [replace(b, share=b.share * growth) if b.cap_height else b for b in english]
        return _page_at(piece, grown, translated, row, share, by_need, org_share)

    return piece.first_fitting(arrangements, page_at)


def _page_at(piece: LayoutInput, english: list[Block], translated: list[Block], bottom_row: callable, row_share: float, by_need: float | None = None, org_share: float = ORG_SHARE) -> Side:
    w, h = piece.size.width, piece.size.height
    margin = FRAME_INSET + FRAME_WIDTH + 0.045 * w
    left, right = margin, w - margin
    top, bottom = h - margin, margin
    ops = _frame(w, h)
    ops += _version(piece, piece.text, left, right, bottom)
    bottom += max(0.025 * h, _version_height(piece, piece.text) + 0.008 * h)
    if piece.org:
        ops += _org_line(piece, left, right, bottom, org_share * h)
        bottom += (org_share + ORG_GAP) * h
    row_height = row_share * (top - bottom)
    ops += bottom_row(left, right, bottom, row_height)
    body_bottom = bottom + row_height + 0.02 * h
    if piece.text.locale.code == piece.source.locale.code:
        ops += _blocks(piece, english, top, left, right, _heights(piece, english, top - body_bottom, right - left, by_need), by_need)
    else:
        # the English notice, a red rule in a gap, then the same in the reader's language
        gap = (RULE_GAP if by_need is None else RULE_GAP_BY_NEED) * h
        if by_need is not None:
            heights = _heights(piece, english + translated, top - body_bottom - gap, right - left, by_need)
            english_heights, translated_heights = heights[: len(english)], heights[len(english) :]
            split = top - sum(english_heights)
        else:
            share = sum(b.share for b in english) / sum(b.share for b in english + translated)
            split = top - share * (top - body_bottom - gap)
            english_heights = _heights(piece, english, top - split, right - left, None)
            translated_heights = _heights(piece, translated, split - gap - body_bottom, right - left, None)
        ops += _blocks(piece, english, top, left, right, english_heights, by_need)
        ops.append(FillRect(left, split - gap / 2 - 0.6, right - left, 1.2, "red"))
        ops += _blocks(piece, translated, split - gap, left, right, translated_heights, by_need)
    return Side("front", w, h, tuple(ops))


def _org_line(piece: LayoutInput, left: float, right: float, bottom: float, height: float) -> list:
    """The organisation's logo and contact, ``height`` tall, in the space above the version line."""
    org = piece.org
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
    ops.extend(piece.fit_org("organisation", Paragraph(org.printed_contact, bold=True), Box(text_left, bottom, right - text_left, height), _sizes(piece, piece.text, 8, 14), piece.text, valign="middle").ops)
    return ops


def _mirrored(piece: LayoutInput, box: Box) -> Box:
    """Right-to-left signs put the QR code on the left and the text on the right."""
    if piece.text.locale.direction != "rtl":
        return box
    return Box(piece.size.width - box.right, box.y, box.width, box.height)


def layout_door_sign(piece: LayoutInput) -> list[Side]:
    english = [
        Block("door.heading", ("door.heading",), True, 0.10, (20, 40), bold=True, color="red"),
        # its share keeps its capitals HEADING_CAP tall on Letter and A4; by need, its floor does
        Block("door.consent", ("door.consent",), True, 0.29, (34, 64), bold=True, cap_height_by_need=HEADING_CAP),
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
                inside_box, _sizes(piece, piece.text, 8.5, 22, note_scale if piece.region_text else 1.0), piece.text, valign="middle",
            )

        # The note stays at least MIN_SIZE (a smaller note raises the reminder's floor with it),
        # so the densest arrangement sets it as large as the reminder, at the floor.
        inside = piece.first_fitting(((0.3, 0.8), (0.12, 0.8), (0.12, 1.0)), reminder)
        return qr_ops + list(inside.ops)

    def stacked_row(left: float, right: float, bottom: float, height: float) -> list:
        """The reminder and the help line beside the QR code, the region's note at full width
        under them (or the help line with it), all at one size: long notes on Half Letter."""
        url = piece.qr_url()
        modules = len(piece.qr.modules(url)) - 2 * QUIET_ZONE
        normal = QR_DARK * max(_scale(piece), 0.9)
        smaller = max(QR_DARK_SMALLEST, QR_MODULE_SMALLEST * modules)
        darks = (normal, smaller) if smaller < normal else (normal,)
        gap = 0.12
        paragraphs = [
            Paragraph(piece.text["door.inside_heading"], bold=True, color="red"),
            Paragraph(piece.text.with_spoken("door.inside", piece.source.spoken), space_before=gap),
            Paragraph(piece.hotline(english=False), bold=True, space_before=gap),
            *([Paragraph(piece.police_note(), space_before=0.0)] if piece.region_text else []),
        ]
        sizes = _sizes(piece, piece.text, 8.5, 22)
        below_gap = 0.015 * piece.size.height

        def arranged(arrangement: tuple[float, float, int]) -> list:
            dark, top_share, split = arrangement
            top_height = top_share * height
            qr_ops, qr_left = _qr_column(piece, piece.text, "door.qr_caption", right, bottom + height - top_height, top_height, dark)
            beside = _mirrored(piece, Box(left, bottom + height - top_height, qr_left - left - 0.03 * piece.size.width, top_height))
            under = Box(left, bottom, right - left, height - top_height - below_gap)
            parts = [(beside, paragraphs[:split], "top"), (under, [replace(paragraphs[split], space_before=0.0), *paragraphs[split + 1 :]], "top")]
            fitted = [piece.fit("door.inside", p, box, sizes, piece.text, valign=valign) for box, p, valign in parts]
            # one size for the whole reminder: the larger part is set again at the smaller's size
            size = min(f.size for f in fitted)
            fitted = [f if f.size == size else piece.fit("door.inside", p, box, (sizes[0], size), piece.text, valign=valign) for f, (box, p, valign) in zip(fitted, parts)]
            return qr_ops + [op for f in fitted for op in f.ops]

        splits = (3, 2) if len(paragraphs) > 3 else (2,)
        return piece.first_fitting([(dark, share, split) for dark in darks for split in splits for share in STACKED_QR_HEIGHTS], arranged)

    return [_page(piece, english, translated, bottom_row, stacked_row)]


def layout_workplace_sign(piece: LayoutInput) -> list[Side]:
    english = [
        # Two lines of capitals HEADING_CAP tall: the heading gets the room, the entry yields some.
        Block("workplace.heading", ("workplace.heading",), True, 0.165, (28, 60), bold=True, color="red", line_per_sentence=True, cap_height=HEADING_CAP),
        Block("workplace.entry", ("workplace.entry",), True, 0.125, (22, 44), bold=True),
        Block("workplace.administrative", ("workplace.administrative", "workplace.manager"), True, 0.20, (14, 24)),
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
        # The English label and its translation are one unit over the write-on line: both follow
        # the page's direction, on the edge of the column away from the QR code (left on
        # left-to-right signs, right on right-to-left ones, where the translated text above ends).
        english_align = "end" if piece.text.locale.direction == "rtl" else "start"
        labels = [Paragraph(piece.source["workplace.contact_label"], bold=True, align=english_align)]
        if piece.text.locale.code != piece.source.locale.code:
            labels.append(Paragraph(piece.text["workplace.contact_label"], bold=True))
        ops.extend(piece.fit("workplace.contact_label", labels[:1], label_box, _sizes(piece, piece.source, 14, 24), piece.source, valign="bottom").ops)
        if len(labels) > 1:
            ops.extend(piece.fit(
                "workplace.contact_label (translation)", labels[1:],
                _mirrored(piece, Box(left, bottom + 0.35 * height, width, 0.18 * height)), _sizes(piece, piece.text, 10, 18), piece.text, valign="top",
            ).ops)
        line = _mirrored(piece, Box(left, bottom + 0.12 * height, width, 1.0))
        ops.append(FillRect(line.x, line.y, line.width, line.height, "ink"))  # write the name here
        return ops

    return [_page(piece, english, translated, bottom_row)]

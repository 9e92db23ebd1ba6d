"""The printable guide (product ``guide``): the whole fuller guide as a small booklet.

Page 1 is the cover: the title in red, the introduction, the region's name and help line, the QR
code to the guide with its caption, the content version and date (and the draft mark while the
translation is unreviewed). Then every section of the guide in the order of its family (see
``cardgen/content/families.py``), headings in bold red, the steps as a checklist, and last the
region's own part: its note on local police and its rule on giving your name. The text flows
over as many pages as it needs (``typeset.layout.flow``): a heading never ends a page, and a
paragraph leaves at least two lines at a page's foot and carries at least two to the next.

Measures are set for Half Letter (5.5 x 8.5 in) and grow a little on larger pages; margins stay
12.7 mm from every edge, more than home printers leave unprinted, so the pages can be imposed
edge to edge on Letter or A4 (``--sheet booklet``).
"""

from __future__ import annotations

from cardgen.drawing import FillRect, Side
from cardgen.products.base import LayoutInput
from cardgen.products.wallet_card import DRAFT_MARK
from cardgen.qr import QUIET_ZONE
from cardgen.sizes import INCH, MM
from cardgen.typeset.layout import Box, NoFit, Paragraph, flow

MARGIN = 0.5 * INCH  # from every edge of the page
FOOTER_SIZE = 8.0  # pt: the page number
VERSION_SIZE = 7.0  # pt: the cover's small print
BODY = 10.0  # pt on Half Letter: a handout read at arm's length
HEADING_SCALE = 1.3
LEADING = 1.3  # in em, for Latin text; scripts that need more get more
QR_DARK = 36 * MM  # the cover's QR code, dark area (at least 25 mm)

# Borrowed from the wallet card's text (in the reader's language): the neutral QR caption and the
# version line; with a site URL, the site's caption promises the guide in the reader's language.
CARD = "wallet-card"


def _scale(piece: LayoutInput) -> float:
    """1 on Half Letter (and just over on A5); up to 1.25 on larger pages."""
    return max(1.0, min(1.25, piece.size.width / (5.5 * INCH)))


# The cover's largest title, introduction and region sizes (pt on Half Letter), roomiest first:
# long translations and tall scripts take a smaller one, so the QR code keeps its size.
COVER_SIZES = ((24.0, 12.5, 12.0), (20.0, 11.0, 11.0), (17.0, BODY, BODY))


def layout_guide(piece: LayoutInput) -> list[Side]:
    scale = _scale(piece)
    pages = [piece.first_fitting(COVER_SIZES, lambda sizes: _cover(piece, scale, sizes))]
    w, h = piece.size.width, piece.size.height
    footer_room = _footer_height(piece) + 0.8 * FOOTER_SIZE
    frame = Box(MARGIN, MARGIN + footer_room, w - 2 * MARGIN, h - 2 * MARGIN - footer_room)
    try:
        bodies = flow(_body(piece), piece.writing(piece.text), lambda _: frame, BODY * scale, leading=LEADING)
    except NoFit as exc:
        piece.overflows.append(("guide text", str(exc)))
        bodies = []
    for number, ops in enumerate(bodies, start=2):
        pages.append(Side(f"page-{number:02d}", w, h, (*ops, *_footer(piece, number))))
    return pages


def _body(piece: LayoutInput) -> list[Paragraph]:
    """Every section heading and statement of the guide, in the family's order, then the region's part."""
    text = piece.text
    paragraphs: list[Paragraph] = []
    for key in text.family.keys():
        if key in ("title", "intro"):
            continue
        section, _, name = key.partition(".")
        if name == "heading":
            paragraphs.append(_heading(text[key]))
        else:
            paragraphs.append(Paragraph(text[key], space_before=0.5, marker=section == "steps", marker_color="red"))
    if piece.region_text is not None and piece.region is not None:
        code = piece.region.code
        paragraphs.append(_heading(piece.region_text[f"name.{code}"]))
        paragraphs.append(Paragraph(piece.police_note(), space_before=0.5))
        paragraphs.append(Paragraph(piece.region_text[f"identify.{code}"], space_before=0.5))
        paragraphs.append(Paragraph(piece.hotline(english=False), bold=True, space_before=0.5))
    return paragraphs


def _heading(words: str) -> Paragraph:
    return Paragraph(words, bold=True, color="red", scale=HEADING_SCALE, space_before=1.1, keep_with_next=True)


def _footer(piece: LayoutInput, number: int) -> list:
    """The page number at the foot, with the draft mark on every page of an unreviewed translation."""
    w = piece.size.width
    line = str(number)
    if piece.marked_draft:
        line += f" · {DRAFT_MARK}"
    box = Box(MARGIN, MARGIN, w - 2 * MARGIN, _footer_height(piece))
    return list(piece.fit("page number", [Paragraph(line, align="center")], box, (FOOTER_SIZE, FOOTER_SIZE), piece.text).ops)


def _footer_height(piece: LayoutInput) -> float:
    stack = piece.writing(piece.text).stack
    return FOOTER_SIZE * max(stack.leading, stack.ascent + stack.descent) + 1


def _card_text(piece: LayoutInput, key: str) -> str:
    return piece.borrowed[CARD][key]


def _cover(piece: LayoutInput, scale: float, sizes: tuple[float, float, float]) -> Side:
    w, h = piece.size.width, piece.size.height
    text = piece.text
    width = w - 2 * MARGIN
    ops: list = []

    # From the top: title, a red rule, the introduction, the region and its help line.
    cursor = h - MARGIN
    title = piece.fit(
        "title", [Paragraph(text["title"], bold=True, color="red")],
        Box(MARGIN, cursor - 0.2 * h, width, 0.2 * h), (15 * scale, sizes[0] * scale), text, leading=1.15,
    )
    ops.extend(title.ops)
    cursor -= title.height + 0.3 * BODY * scale
    ops.append(FillRect(MARGIN, cursor - 1.5, width, 1.5, "red"))
    cursor -= 1.5 + 0.9 * BODY * scale
    intro = piece.fit("intro", [Paragraph(text["intro"])], Box(MARGIN, cursor - 0.32 * h, width, 0.32 * h), (BODY * scale, sizes[1] * scale), text, leading=LEADING)
    ops.extend(intro.ops)
    cursor -= intro.height + 1.2 * BODY * scale
    if piece.region is not None and piece.region_text is not None:
        region = piece.fit(
            "region",
            [
                Paragraph(piece.region_text[f"name.{piece.region.code}"], bold=True, scale=1.15),
                Paragraph(piece.hotline(english=False), bold=True, color="red", space_before=0.3),
            ],
            Box(MARGIN, cursor - 0.3 * h, width, 0.3 * h), (BODY * scale, sizes[2] * scale), text, leading=LEADING,
        )
        ops.extend(region.ops)
        cursor -= region.height + 1.0 * BODY * scale

    # From the foot: the version line, the organisation, the QR caption and the code above it.
    bottom = MARGIN
    version = _card_text(piece, "front.version_line").format(version=text.meta.version, date=text.meta.effective_date.isoformat())
    version += f" · {piece.region_tag()}"
    if piece.marked_draft:
        version += f" · **{DRAFT_MARK}**"
    stack = piece.writing(text).stack
    small = VERSION_SIZE * (stack.ascent + stack.descent) * 2.3 + 1
    fitted = piece.fit("version line", [Paragraph(version, align="center")], Box(MARGIN, bottom, width, small), (VERSION_SIZE * 0.9, VERSION_SIZE), text, valign="bottom")
    ops.extend(fitted.ops)
    bottom += fitted.height + 0.6 * BODY
    if piece.org:
        org = piece.fit_org("organisation", Paragraph(piece.org.printed_contact, bold=True, align="center"), Box(MARGIN, bottom, width, 0.05 * h), (8 * scale, 11 * scale), text, valign="bottom")
        ops.extend(org.ops)
        bottom += org.height + 0.6 * BODY
    caption_words = piece.site_text["qr_caption"] if piece.site_url and piece.site_text is not None else _card_text(piece, "front.qr_caption")
    caption = piece.fit(
        "QR caption", [Paragraph(caption_words, bold=True, color="red", align="center")],
        Box(MARGIN + 0.15 * width, bottom, 0.7 * width, 0.09 * h), (BODY * scale, 12 * scale), text, valign="bottom", leading=1.15,
    )
    ops.extend(caption.ops)
    bottom += caption.height + 0.5 * BODY

    url = piece.qr_url()
    count = len(piece.qr.modules(url))
    room = cursor - bottom  # the dark area may use all of it: the quiet zone is white
    dark = min(QR_DARK * scale, room)
    if dark < 25 * MM - 1e-6:
        piece.overflows.append(("cover", f"the cover's text leaves {room / MM:.0f} mm for the QR code; it needs 25 mm."))
        dark = 25 * MM
    size = dark * count / (count - 2 * QUIET_ZONE)
    quiet = size - dark
    dark_bottom = bottom + (room - dark) / 2
    ops.append(piece.qr.symbol(url, (w - dark) / 2 - quiet / 2, dark_bottom - quiet / 2, size))
    return Side("cover", w, h, tuple(ops))

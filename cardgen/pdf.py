"""Pages to PDF bytes: reproducible, fonts embedded as subsets, no unembedded base font.

A page holds placed sides (a card at a position, clipped to its bleed) and page-level marks,
and declares its TrimBox and BleedBox for print shops.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

from cardgen import __version__
from cardgen.drawing import Operation, Side, paint
from cardgen.typeset.fonts import NOTO_SANS, load

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


@dataclass(frozen=True)
class Placed:
    """A side drawn with its trim's bottom-left corner at (x, y), clipped to its bleed."""

    side: Side
    x: float
    y: float
    bleed: float = 0.0


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    placed: tuple[Placed, ...]
    marks: tuple[Operation, ...] = ()  # crop marks, calibration scales: drawn on the page itself
    trim: Rect | None = None  # TrimBox; None: the whole page
    bleed: Rect | None = None  # BleedBox; None: the TrimBox


def write_pdf(sides: Sequence[Side], title: str, subject: str = "") -> bytes:
    """One page per side, each at its own trim size. Same input, same bytes."""
    return write_pages([Page(s.width, s.height, (Placed(s, 0, 0),)) for s in sides], title, subject)


def write_pages(pages: Sequence[Page], title: str, subject: str = "", cmyk: bool = False, duplex: str | None = None) -> bytes:
    """``duplex`` ('DuplexFlipShortEdge', ...) tells print dialogs how to turn the sheets, and
    asks them to print at actual size."""
    from reportlab.pdfgen.canvas import Canvas

    load(NOTO_SANS)  # the canvas's initial font must be an embedded one, not Helvetica
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(pages[0].width, pages[0].height),
        invariant=1,
        pageCompression=1,
        initialFontName=NOTO_SANS.name,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator(f"cardgen {__version__}")
    canvas.setAuthor("cardgen")
    if duplex:
        canvas.setViewerPreference("Duplex", duplex)
        canvas.setViewerPreference("PrintScaling", "None")
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        trim = page.trim or (0.0, 0.0, page.width, page.height)
        canvas.setTrimBox(trim)
        canvas.setBleedBox(page.bleed or trim)
        for item in page.placed:
            canvas.saveState()
            clip = canvas.beginPath()
            b = item.bleed
            clip.rect(item.x - b, item.y - b, item.side.width + 2 * b, item.side.height + 2 * b)
            canvas.clipPath(clip, stroke=0, fill=0)
            paint(canvas, item.side, item.x, item.y, bleed=b, cmyk=cmyk)
            canvas.restoreState()
        if page.marks:
            paint(canvas, Side("marks", page.width, page.height, page.marks), cmyk=cmyk)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""Pages to PDF bytes: reproducible, fonts embedded as subsets, no unembedded base font.

A page holds placed sides (a card at a position, clipped to its bleed) and page-level marks,
and declares its TrimBox and BleedBox for print shops.
"""

from __future__ import annotations

import io
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from cardgen import __version__
from cardgen.drawing import FillRect, Operation, Picture, QrSymbol, ShapedLine, Side, paint
from cardgen.errors import SettingError
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


# The /Duplex names of a PDF's viewer preferences: how a print dialog turns the paper.
DUPLEX_NAMES = ("Simplex", "DuplexFlipLongEdge", "DuplexFlipShortEdge")


def write_pdf(sides: Sequence[Side], title: str, subject: str = "") -> bytes:
    """One page per side, each at its own trim size. Same input, same bytes: the same file as
    a build on the single sheet with its default --duplex long-edge (a card's back behind its
    front; one-sided for a one-page piece)."""
    duplex = "DuplexFlipLongEdge" if len(sides) > 1 else "Simplex"
    return write_pages([Page(s.width, s.height, (Placed(s, 0, 0),)) for s in sides], title, subject, duplex=duplex)


def write_pages(pages: Sequence[Page], title: str, subject: str = "", cmyk: bool = False, duplex: str = "Simplex") -> bytes:
    """Every file asks print dialogs to print at actual size (/PrintScaling /None: a card shrunk
    to "fit" no longer fits its die-cut stock) and says how to turn the sheets: ``duplex`` is one
    of DUPLEX_NAMES (see cardgen.sheets.impose.viewer_duplex)."""
    from reportlab.pdfgen.canvas import Canvas

    if duplex not in DUPLEX_NAMES:
        raise ValueError(f"duplex {duplex!r} is not one of {', '.join(DUPLEX_NAMES)}")

    for number, page in enumerate(pages, start=1):
        _check_finite(page, number, title)
    load(NOTO_SANS)  # the canvas's initial font must be an embedded one, not Helvetica
    buffer = io.BytesIO()
    with _without_source_date_epoch():
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
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", duplex)
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


@contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH from ReportLab while it makes the document's timestamp.

    cardgen's PDFs are reproducible on their own (``invariant=1``: a fixed date), so the
    variable is ignored, consistently: ReportLab would otherwise put its date in the file (two
    builds of the same input differing by the variable) and fail with a traceback on a value
    that is not a whole number. ReportLab reads it only when a canvas is made, and cardgen makes
    canvases in one thread per process, so hiding it for that moment is enough.
    """
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _check_finite(page: Page, number: int, title: str) -> None:
    """Refuse a page with a number that is not finite: ReportLab would write 'nan' or 'inf'
    into the PDF, which viewers and printers read as garbage or reject."""
    numbers = [page.width, page.height, *(page.trim or ()), *(page.bleed or ())]
    for item in page.placed:
        numbers += [item.x, item.y, item.bleed, item.side.width, item.side.height]
        numbers += _op_numbers(item.side.ops)
    numbers += _op_numbers(page.marks)
    if not all(math.isfinite(n) for n in numbers):
        raise SettingError(f"{title}: page {number} has a position or size that is not a finite number; nothing was written. Check the lengths and offsets given.")


def _op_numbers(ops: Sequence[Operation]) -> list[float]:
    numbers: list[float] = []
    for op in ops:
        if isinstance(op, ShapedLine):
            numbers += [value for run in op.runs for value in (run.x, run.y, run.size)]
        elif isinstance(op, (FillRect, Picture)):
            numbers += [op.x, op.y, op.width, op.height]
        elif isinstance(op, QrSymbol):
            numbers += [op.x, op.y, op.size]
    return numbers

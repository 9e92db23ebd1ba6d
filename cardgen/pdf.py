"""Sides to PDF bytes: reproducible, fonts embedded as subsets, no unembedded base font."""

from __future__ import annotations

import io
from typing import Sequence

from cardgen import __version__
from cardgen.drawing import Side, paint
from cardgen.typeset.fonts import NOTO_SANS, load


def write_pdf(sides: Sequence[Side], title: str, subject: str = "") -> bytes:
    """One page per side, each at its own trim size. Same input, same bytes."""
    from reportlab.pdfgen.canvas import Canvas

    load(NOTO_SANS)  # the canvas's initial font must be an embedded one, not Helvetica
    buffer = io.BytesIO()
    first = sides[0]
    canvas = Canvas(
        buffer,
        pagesize=(first.width, first.height),
        invariant=1,
        pageCompression=1,
        initialFontName=NOTO_SANS.name,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator(f"cardgen {__version__}")
    canvas.setAuthor("cardgen")
    for side in sides:
        canvas.setPageSize((side.width, side.height))
        paint(canvas, side)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()

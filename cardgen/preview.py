"""PNG previews rendered from the real PDF, one image per page (side)."""

from __future__ import annotations

import io
from typing import Sequence

DEFAULT_DPI = 300


def render_pngs(pdf: bytes, dpi: int = DEFAULT_DPI) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", optimize=False)
            images.append(buffer.getvalue())
            page.close()
        return images
    finally:
        document.close()


def preview_names(stem: str, sides: Sequence[str]) -> list[str]:
    return [f"{stem}-{side}.png" for side in sides]

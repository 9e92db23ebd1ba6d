"""Form XObject sheets against sheets painted cell by cell: Ghostscript renders them pixel for pixel the same."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from cardgen import pdf
from cardgen.sheets.impose import PrintOptions
from cardgen.sheets.templates import SHEETS

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")


def _sheet(sheet: str, **options) -> bytes:
    from cardgen.build import Builder

    builder = Builder()
    [(_, data)] = builder.sheet_pdfs(builder.piece("wallet-card", "es"), PrintOptions(SHEETS.get(sheet), **options))
    return data


def _ghostscript(data: bytes, page: int, dpi: int = 300) -> Image.Image:
    result = subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", f"-r{dpi}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
         f"-dFirstPage={page + 1}", f"-dLastPage={page + 1}", "-sOutputFile=-", "-"],
        input=data, capture_output=True, check=True, timeout=60,
    )
    return Image.open(io.BytesIO(result.stdout)).convert("L")


@pytest.mark.parametrize("sheet, options", [("avery-5371", {}), ("press-12x18", {"bleed": 9.0})])
def test_form_sheets_render_pixel_identical_in_ghostscript(monkeypatch: pytest.MonkeyPatch, sheet: str, options: dict) -> None:
    with_forms = _sheet(sheet, **options)
    original = pdf._SideForms.__init__

    def no_reuse(self, *args, **kwargs):  # every placement painted on its page, as before forms
        original(self, *args, **kwargs)
        self._reused = set()

    monkeypatch.setattr(pdf._SideForms, "__init__", no_reuse)
    # painted on the page, a sheet would be tagged, and a line with English words painted in
    # parts (each part placed by its own text matrix, within 0.005 pt): compare the same drawing
    write = pdf.write_pages
    monkeypatch.setattr(pdf, "write_pages", lambda *args, **kwargs: write(*args, **{**kwargs, "lang": ""}))
    painted = _sheet(sheet, **options)
    assert b"/Subtype /Form" in with_forms and b"/Subtype /Form" not in painted
    for page in (0, 1):
        a, b = _ghostscript(with_forms, page), _ghostscript(painted, page)
        assert a.size == b.size and a.getextrema()[0] < 100  # a real page, with dark ink on it
        assert ImageChops.difference(a, b).getbbox() is None, f"page {page + 1} differs"

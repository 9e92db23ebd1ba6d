"""Shared helpers: build pieces, render pages, decode QR codes, read PDF structure."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cardgen.build import Builder
from cardgen.resources import default_content_dir


@pytest.fixture(scope="session")
def builder() -> Builder:
    return Builder()


@pytest.fixture(scope="session")
def es_pdf(builder: Builder) -> bytes:
    return builder.pdf(builder.piece("wallet-card", "es"))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content tree, to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def render(pdf: bytes, page: int = 0, dpi: int = 200):
    """A page of ``pdf`` as a PIL image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def page_text(pdf: bytes, page: int) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].get_textpage().get_text_range()
    finally:
        document.close()


def decode_qr(image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def read_pdf(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_line(path: Path, prefix: str, new: str) -> None:
    """Replace the first line of ``path`` that starts with ``prefix`` (indentation included) by ``new``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
    assert index is not None, f"no line starting with {prefix!r} in {path}"
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")

"""The wallet card PDF: pages, sizes, fonts, text, reproducibility."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cardgen.sizes import MM, SIZES
from conftest import page_text, read_pdf, render

CARD_SIZES = [s.name for s in SIZES if s.kind == "card"]


@pytest.mark.parametrize("size", CARD_SIZES)
@pytest.mark.parametrize("locale", ["en", "es"])
def test_two_pages_at_trim_size(builder, size, locale):
    pdf = builder.pdf(builder.piece("wallet-card", locale, size))
    reader = read_pdf(pdf)
    assert len(reader.pages) == 2
    trim = SIZES.get(size)
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(trim.width, abs=0.01)
        assert float(box.height) == pytest.approx(trim.height, abs=0.01)


def test_us_business_card_is_3_5_by_2_inches(builder):
    reader = read_pdf(builder.pdf(builder.piece("wallet-card", "en", "us-business")))
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 252, 144]


def test_cr80_is_85_60_by_53_98_mm(builder):
    reader = read_pdf(builder.pdf(builder.piece("wallet-card", "en", "cr80")))
    box = reader.pages[0].mediabox
    assert float(box.width) / MM == pytest.approx(85.60, abs=0.01)
    assert float(box.height) / MM == pytest.approx(53.98, abs=0.01)


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_an_embedded_subset(es_pdf):
    fonts = _fonts(read_pdf(es_pdf))
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert "Helvetica" not in name and "Times" not in name
        assert font["/Subtype"] == "/TrueType", name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert "+" in name, f"{name} is not a subset"


def test_no_unembedded_font_anywhere_in_the_file(es_pdf):
    # ReportLab lists Helvetica on every page unless told otherwise; it must not appear at all.
    assert b"Helvetica" not in es_pdf
    assert b"/Type1" not in es_pdf


def test_front_is_in_spanish_and_back_in_english(es_pdf):
    front, back = page_text(es_pdf, 0), page_text(es_pdf, 1)
    flat_front = " ".join(front.split())
    assert "Conozca sus derechos" in flat_front
    assert "I choose to remain silent" in flat_front  # the English words, beside the Spanish
    flat_back = " ".join(back.split())
    assert "Versión 1.2" in flat_back
    assert "To the officer" in flat_back
    assert "Fifth Amendment" in flat_back and "Fourth Amendment" in flat_back
    assert "signed by a judge" in flat_back
    assert "Quinta" not in flat_back


def test_same_inputs_give_byte_identical_pdfs(builder, es_pdf):
    from cardgen.build import Builder

    assert Builder().pdf(builder.piece("wallet-card", "es")) == es_pdf


def test_reproducible_across_processes(tmp_path, es_pdf):
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "cardgen", "build", "-p", "wallet-card", "-l", "es", "--out", str(out)],
        check=True, capture_output=True,
    )
    assert (out / "wallet-card-es-us-business.pdf").read_bytes() == es_pdf


def test_the_card_is_red_white_and_black(es_pdf):
    image = render(es_pdf, 0, dpi=100).convert("RGB")
    width, height = image.size
    r, g, b = image.getpixel((width // 2, 3))  # in the title band
    assert r > 150 and g < 60 and b < 80, (r, g, b)
    assert image.getpixel((width // 2, height - 2)) == (255, 255, 255)


def test_pdf_has_no_raster_images(es_pdf):
    for page in read_pdf(es_pdf).pages:
        assert "/XObject" not in page["/Resources"]
    assert b"/Subtype /Image" not in es_pdf

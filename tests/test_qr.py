"""QR codes: decoded back from rendered pages, vector, sized for phones, https only."""

from __future__ import annotations

import pytest

from cardgen.build import Builder
from cardgen.drawing import QrSymbol
from cardgen.errors import ContentError
from cardgen.qr import MM, QUIET_ZONE, QrEncoder
from cardgen.sizes import SIZES
from conftest import decode_qr, render, replace_in_file

CARD_SIZES = [s.name for s in SIZES if s.kind == "card"]


@pytest.mark.parametrize("size", CARD_SIZES)
@pytest.mark.parametrize("locale", ["en", "es"])
def test_qr_decodes_to_the_content_url(builder, locale, size):
    piece = builder.piece("wallet-card", locale, size)
    pdf = builder.pdf(piece)
    url = builder.content.family(locale, "wallet-card").meta.qr_url
    assert decode_qr(render(pdf, 1, dpi=150)) == [url]  # on the back, beside the statement
    assert decode_qr(render(pdf, 0, dpi=150)) == []  # the front keeps its width for the rights


def test_qr_reads_at_low_resolution(es_pdf):
    # 100 dpi is a poor phone photo of a card; the code must still read.
    assert len(decode_qr(render(es_pdf, 1, dpi=100))) == 1


def _symbols(builder, locale, size):
    back = builder.sides(builder.piece("wallet-card", locale, size))[1]
    return [op for op in back.ops if isinstance(op, QrSymbol)]


@pytest.mark.parametrize("size", CARD_SIZES)
def test_modules_are_at_least_0_4_mm_with_a_4_module_quiet_zone(builder, size):
    (symbol,) = _symbols(builder, "en", size)
    assert symbol.module >= 0.4 * MM
    rows = symbol.modules
    assert len(rows) == len(rows[0])
    for i in range(QUIET_ZONE):
        assert set(rows[i]) == {"0"} and set(rows[-1 - i]) == {"0"}
        assert {row[i] for row in rows} == {"0"} and {row[-1 - i] for row in rows} == {"0"}


def test_qr_stays_inside_the_card(builder):
    (symbol,) = _symbols(builder, "es", "us-business")
    dark_left = symbol.x + QUIET_ZONE * symbol.module
    dark_right = symbol.x + symbol.size - QUIET_ZONE * symbol.module
    assert dark_left >= 9 and dark_right <= 252 - 9  # dark modules keep the 1/8 in safe margin


def test_error_correction_is_m():
    # Format information bits of a level-M symbol, read from the matrix: EC bits '00' = M.
    modules = QrEncoder().modules("https://example.org/rights")
    q = QUIET_ZONE
    format_bits = [modules[q + 8][q + i] for i in (0, 1)]
    mask = "10"  # the format string is XORed with 101010000010010
    ec = "".join("1" if bit != m else "0" for bit, m in zip(format_bits, mask))
    assert ec == "00"


def test_each_distinct_url_is_encoded_once():
    builder = Builder()
    for size in CARD_SIZES:
        for locale in ("en", "es"):
            builder.pdf(builder.piece("wallet-card", locale, size))
    assert builder.qr.encoded == 2  # en and es have different URLs; 6 cards, 2 encodings


def test_http_url_is_refused(content_copy):
    path = content_copy / "es" / "wallet-card.yaml"
    replace_in_file(path, "qr_url: https://", "qr_url: http://")
    builder = Builder(content_copy)
    with pytest.raises(ContentError) as caught:
        builder.pdf(builder.piece("wallet-card", "es"))
    message = str(caught.value)
    assert "content/es/wallet-card.yaml:9: qr_url:" in message
    assert "must be an https:// link" in message


def test_too_long_a_link_for_the_card_is_an_error():
    encoder = QrEncoder()
    with pytest.raises(Exception) as caught:
        encoder.symbol("https://example.org/" + "x" * 400, 0, 0, 50)
    assert "0.4 mm" in str(caught.value) and "shorter link" in str(caught.value)


def test_encoding_loads_no_pillow_and_pillow_still_loads_after():
    """qrcode is imported with Pillow hidden (cardgen.qr._import_qrcode): a cold build of a card
    without a logo does not load Pillow, and a logo drawn afterwards still can."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from cardgen.qr import QrEncoder\n"
        "rows = QrEncoder().modules('https://example.org/a')\n"
        "assert 'PIL' not in sys.modules and 'PIL.Image' not in sys.modules, 'Pillow loaded'\n"
        "from PIL import Image\n"
        "assert Image.new('RGB', (2, 2)).size == (2, 2)\n"
        "print(len(rows))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 25 + 8  # version 2 (21 bytes at level M) and the quiet zone

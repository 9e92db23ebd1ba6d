"""The link scheme between printed pieces and the guide site: --site-url, site_url in
organisation profiles and batch orders, captions, and the note on links that lead outside."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cardgen.build import Builder, Piece
from cardgen.cli import main
from cardgen.errors import CardgenError, ContentError
from cardgen.links import check_site_url, guide_link, normalise_site_url, page_file
from cardgen.org import load_org
from conftest import decode_qr, page_text, render

SITE = "https://rights.example.org"


def test_links_are_short_and_name_locale_region_version_and_section():
    assert guide_link(SITE + "/", "es", "il", "1.2") == "https://rights.example.org/es/il/?v=1.2"
    assert guide_link(SITE, "ar", "us", "1.2", "workplace-sign") == "https://rights.example.org/ar/us/?v=1.2#work"
    assert page_file("es", "il") == "es/il/index.html"
    assert len(guide_link(SITE, "zh-Hant", "tx", "1.2")) - len(SITE) <= 20


@pytest.mark.parametrize("url, words", [
    ("http://rights.example.org", "https://"),
    ("https://rights.example.org/?lang=es", "query"),
    ("https://rights.example.org/#top", "fragment"),
    ("https://" + "a" * 130 + ".org", "characters long"),
])
def test_unusable_site_urls_are_refused_with_the_reason(url, words):
    assert words in check_site_url(url)
    with pytest.raises(CardgenError) as caught:
        normalise_site_url(url)
    assert url in str(caught.value)


def test_with_a_site_url_the_code_leads_to_the_pieces_page_and_the_caption_promises_the_language(tmp_path):
    builder = Builder()
    piece = Piece("door-sign", "es", "letter", "il", site_url=SITE)
    pdf = builder.pdf(piece)
    assert decode_qr(render(pdf, 0, dpi=100)) == [guide_link(SITE, "es", "il", "1.2", "door-sign")]
    promise = builder.content.family("es", "site")["qr_caption"]
    neutral = builder.content.family("es", "signs")["door.qr_caption"]
    text = " ".join(page_text(pdf, 0).split())
    assert promise.split()[0] in text
    plain = " ".join(page_text(builder.pdf(Piece("door-sign", "es", "letter", "il")), 0).split())
    assert " ".join(neutral.split()[:2]) in plain and promise not in plain


def test_build_says_once_which_links_lead_outside(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "en", "-l", "es", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert result.output.count("note: without --site-url") == 1
    assert "https://www.ilrc.org/red-cards-tarjetas-rojas  (es)" in result.output
    linked = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--region", "il", "--site-url", SITE, "-o", str(tmp_path / "b")])
    assert linked.exit_code == 0, linked.output
    assert "note:" not in linked.output
    pdf = (tmp_path / "b" / "wallet-card-es-us-business-il.pdf").read_bytes()
    assert decode_qr(render(pdf, 1, dpi=200)) == [f"{SITE}/es/il/?v=1.2"]
    bad = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--site-url", "http://x.org", "-o", str(tmp_path / "c")])
    assert bad.exit_code != 0 and "--site-url 'http://x.org' must be an https:// link" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "c").exists()


def test_org_profile_site_url(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(f"name: Casa Legal\nsite_url: {SITE}/\n", encoding="utf-8")
    org = load_org(path)
    assert org.site_url == SITE
    builder = Builder()
    pdf = builder.pdf(Piece("wallet-card", "vi", "us-business", "ca", org=org))
    assert decode_qr(render(pdf, 1, dpi=200)) == [f"{SITE}/vi/ca/?v=1.2"]
    path.write_text(f"name: Casa Legal\nsite_url: {SITE}\nqr_url: https://example.org/{{locale}}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_org(path)
    assert "site_url" in str(caught.value) and "Keep one" in str(caught.value)


def test_batch_order_site_url_reaches_every_piece_and_the_manifest(tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text(
        f"site_url: {SITE}\nitems:\n  - product: wallet-card\n    locales: [es, km]\n    region: tx\n"
        "  - product: workplace-sign\n    locales: [so]\n    site_url: https://other.example.org\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    links = {entry["file"]: entry["qr_link"] for entry in manifest["files"]}
    assert links == {
        "wallet-card-es-us-business-tx.pdf": f"{SITE}/es/tx/?v=1.2",
        "wallet-card-km-us-business-tx.pdf": f"{SITE}/km/tx/?v=1.2",
        "workplace-sign-so-letter.pdf": "https://other.example.org/so/us/?v=1.2#work",
    }
    assert decode_qr(render((out / "wallet-card-km-us-business-tx.pdf").read_bytes(), 1, dpi=200)) == [f"{SITE}/km/tx/?v=1.2"]
    order.write_text("site_url: ftp://x\nitems:\n  - product: wallet-card\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["batch", str(order), "-o", str(tmp_path / "bad")])
    assert bad.exit_code != 0 and "site_url" in bad.output and "https://" in bad.output

"""Every QR code of the default catalogue leads to an existing page of the site in its language,
for its region (and, on the workplace sign, to the part about work)."""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

import pytest

from cardgen.build import Builder
from cardgen.drawing import QrSymbol
from cardgen.site import SiteOptions, build_site
from conftest import decode_qr, render
from test_site import SITE_URL, content_dir  # noqa: F401  (the session fixture of the shipped content)

REGIONS = ("us", "il")


@pytest.fixture(scope="module")
def builder(content_dir) -> Builder:  # noqa: F811
    return Builder(content_dir)


@pytest.fixture(scope="module")
def site(builder):
    return build_site(builder.content, SiteOptions(regions=REGIONS, site_url=SITE_URL, jobs=2))


def _site_path(url: str) -> tuple[str, str, str]:
    """A decoded link -> (file in the site, version, fragment)."""
    assert url.startswith(SITE_URL + "/"), url
    parts = urlsplit(url)
    path = parts.path.removeprefix(urlsplit(SITE_URL).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    version = dict(q.split("=", 1) for q in parts.query.split("&") if q).get("v", "")
    return path, version, parts.fragment


def _check_page(builder, site, piece, url: str) -> None:
    path, version, fragment = _site_path(url)
    assert path in site, (piece.stem, url)
    assert path == f"{piece.locale}/{piece.region}/index.html"
    assert site.pages[path] == (piece.locale, piece.region)
    page = site[path].decode("utf-8")
    assert re.search(rf'<html lang="{re.escape(piece.locale)}" dir="(ltr|rtl)">', page), (piece.stem, path)
    region_name = builder.content.family(piece.locale, "regions")[f"name.{piece.region}"]
    assert region_name.replace("&", "&amp;") in page
    assert version == builder.content.family(piece.locale, builder.product(piece.product).family).meta.version
    if piece.product == "workplace-sign":
        assert fragment == "work" and 'id="work"' in page
    else:
        assert fragment == ""


@pytest.mark.parametrize("region", REGIONS)
def test_every_qr_code_of_the_catalogue_leads_to_its_page(builder, site, region):
    from dataclasses import replace

    from cardgen.build import qr_link

    # Language cards carry no QR code and have no page on the site (tests/test_language_card.py).
    pieces = [replace(p, region=region, site_url=SITE_URL) for p in builder.catalogue() if p.language is None]
    assert {"wallet-card", "door-sign", "workplace-sign"} <= {p.product for p in pieces}
    assert len({p.locale for p in pieces}) >= 32
    for piece in pieces:
        link = qr_link(builder, piece)
        _check_page(builder, site, piece, link)
        sides = builder.sides(piece)
        pdf = builder.pdf(piece)
        pages = [i for i, side in enumerate(sides) if any(isinstance(op, QrSymbol) for op in side.ops)]
        if not builder.product(piece.product).qr:
            assert not pages, f"{piece.stem} should carry no QR code"
            continue
        assert pages, f"{piece.stem} has no QR code"
        for index in pages:  # render only the page that carries the code, at a modest resolution
            # just over two pixels a module: what a QR decoder needs, and no more to render
            module = min(op.module for op in sides[index].ops if isinstance(op, QrSymbol))
            dpi = max(60, min(200, math.ceil(2.2 * 72 / module)))
            decoded = decode_qr(render(pdf, index, dpi=dpi))
            assert decoded == [link], (piece.stem, index, decoded)
            _check_page(builder, site, piece, decoded[0])

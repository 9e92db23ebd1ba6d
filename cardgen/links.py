"""The link scheme that ties printed pieces to the guide site.

Every page of the site is ``<locale>/<region>/index.html``; a printed piece's QR code leads to
``<site-url>/<locale>/<region>/?v=<version>`` (the workplace sign adds ``#work``, the part of
the guide about work). The version lets the page tell a holder of an older card what changed;
static hosts ignore it. Links stay a few characters longer than the site URL, so QR codes stay
small-versioned with large modules.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cardgen.content.schema import check_https_url, shown_text
from cardgen.errors import OptionError

# Products whose link leads to one part of the page (a fragment id the site gives that part).
SECTION_OF_PRODUCT = {"workplace-sign": "work"}
MAX_SITE_URL = 120  # characters: longer site URLs make QR codes too dense for a card


def check_site_url(url: str) -> str | None:
    """Why ``url`` cannot be a site URL, or None."""
    if reason := check_https_url(url):
        return reason
    parts = urlsplit(url)  # cannot raise: check_https_url has parsed it
    if parts.query or parts.fragment:
        return "must not carry a query (?...) or fragment (#...): cardgen adds the page, version and section."
    if len(url) > MAX_SITE_URL:
        return f"is {len(url)} characters long; a site URL of at most {MAX_SITE_URL} keeps QR codes readable on a card."
    return None


def normalise_site_url(url: str) -> str:
    """The site URL without its trailing slash; raises OptionError (exit 2) when it is not usable."""
    if reason := check_site_url(url):
        raise OptionError(f"--site-url '{shown_text(url)}' {reason}")  # an invisible character shows as <U+...>
    return url.rstrip("/")


def page_dir(locale: str, region: str) -> str:
    """The folder of a locale's page for a region, relative to the site root, e.g. ``es/il``."""
    return f"{locale}/{region}"


def page_file(locale: str, region: str) -> str:
    """The file of that page, relative to the site root, e.g. ``es/il/index.html``."""
    return f"{page_dir(locale, region)}/index.html"


def guide_link(site_url: str, locale: str, region: str, version: str, product: str | None = None) -> str:
    """The QR link of a piece: its locale's page for its region, with the content version."""
    link = f"{site_url.rstrip('/')}/{page_dir(locale, region)}/?v={version}"
    if section := SECTION_OF_PRODUCT.get(product or ""):
        link += f"#{section}"
    return link

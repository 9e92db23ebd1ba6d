"""The guide site in a real browser: Chromium (Debian's headless shell) through Playwright, and
axe-core for WCAG 2.2 AA. For every locale, at 360 px and 1280 px: no sideways scrolling, no
axe violation, every in-site link leads to a file, the web fonts load. Screenshots are written
to output/site-screenshots/ for people to look at.

Without Chromium these tests skip, saying why; with CI set they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cardgen.content.loader import ContentTree
from cardgen.links import page_file
from cardgen.output import write_files
from cardgen.site import SiteOptions, build_site
from test_site import content_dir  # noqa: F401  (the session fixture of the shipped content)

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "output" / "site-screenshots"
WIDTHS = (360, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/headless_shell", "/usr/bin/chromium", "/usr/lib/chromium/chromium")


def _chromium() -> str | None:
    if os.environ.get("CARDGEN_CHROMIUM"):
        return os.environ["CARDGEN_CHROMIUM"]
    for name in ("chromium-headless-shell", "headless_shell"):
        if found := shutil.which(name):
            return found
    return next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), None)


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run there; .ci/run installs chromium-headless-shell)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site_dir(content_dir, tmp_path_factory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("site")
    files = build_site(ContentTree(content_dir), SiteOptions(regions=("us", "il"), jobs=2))
    write_files({out / path: data for path, data in files.items()})
    return out


@pytest.fixture(scope="module")
def server(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if not executable:
        _unavailable("no Chromium here: install Debian's chromium-headless-shell (apt-get install chromium-headless-shell)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--font-render-hinting=none"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _pages(content: ContentTree) -> list[str]:
    return ["index.html"] + [page_file(code, "us") for code in content.locale_codes()] + [page_file("ar", "il"), page_file("en", "il")]


def _family(page) -> str:
    """The CSS family of the page's own script font (the first of its html element's stack)."""
    return page.evaluate("getComputedStyle(document.documentElement).fontFamily.split(',')[0].trim().replace(/[\"']/g, '')")


def test_every_page_in_a_real_browser(browser, axe, server, site_dir, content_dir):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    paths = _pages(ContentTree(content_dir))
    checked = 0
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith((server, "data:")) else None)
        for path in paths:
            page.goto(f"{server}/{path}?v=1.2", wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            where = f"{path} at {width}px"
            scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                problems.append(f"{where}: scrolls sideways ({scroll[0]} > {scroll[1]})")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
            for violation in results.response["violations"]:
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
            family = _family(page)
            loaded = page.evaluate("f => [...document.fonts].filter(x => x.family.replace(/[\"']/g, '') === f).map(x => x.status)", family)
            if "loaded" not in loaded:
                problems.append(f"{where}: font {family} did not load ({loaded})")
            sample = page.evaluate("document.querySelector('h1').textContent")
            if not page.evaluate("([f, t]) => document.fonts.check('16px \"' + f + '\"', t)", [family, sample]):
                problems.append(f"{where}: document.fonts.check fails for {family}")
            failed = page.evaluate("[...document.fonts].filter(x => x.status === 'error').map(x => x.family)")
            if failed:
                problems.append(f"{where}: fonts failed to load: {failed}")
            for href in page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)"):
                parts = urlsplit(href)
                if not href.startswith(server):
                    continue
                target = site_dir / unquote(parts.path).lstrip("/")
                if parts.path.endswith("/"):
                    target = target / "index.html"
                if not target.is_file():
                    problems.append(f"{where}: link {href} leads to no file")
            name = path.replace("/index.html", "").replace("/", "-").replace(".html", "")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
            if width == 360 and path != "index.html":
                page.locator("#door").screenshot(path=str(SCREENSHOTS / f"{name}-{width}-door.png"))
            checked += 1
        if outside:
            problems.append(f"requests outside the site at {width}px: {sorted(set(outside))[:5]}")
        context.close()
    print(f"\nsite screenshots ({checked} pages x widths checked): {SCREENSHOTS}")
    assert not problems, "\n".join(problems)


def test_print_stylesheet_hides_navigation(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/{page_file('es', 'us')}")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.languages')).display") == "none"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
    page.close()


def test_pages_open_from_disk(browser, site_dir):
    page = browser.new_page()
    page.goto((site_dir / "index.html").as_uri())
    page.click(f'a[href="{page_file("es", "il")}"]')
    assert page.url.endswith("/es/il/index.html")
    assert page.evaluate("document.documentElement.lang") == "es"
    page.close()

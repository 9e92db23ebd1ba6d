"""The guide site: every page, its words, links, fonts, weight, direction and reproducibility."""

from __future__ import annotations

import html as htmllib
import io
import re
from pathlib import Path

import pytest

from cardgen.cli import main
from cardgen.content.families import GUIDE
from cardgen.content.loader import SOURCE_LOCALE, ContentTree
from cardgen.errors import CardgenError, UnknownNameError
from cardgen.links import page_file
from cardgen.site import SiteOptions, build_site
from cardgen.site.build import MAX_FONT_BYTES, MAX_PAGE_BYTES
from cardgen.site.pages import guide_sections, load_locale
from cardgen.site.text import to_html

from cardgen.resources import default_content_dir

SITE_URL = "https://example.org/guide"
RTL_LOCALES = ("ar", "fa", "prs", "ps", "ur")


@pytest.fixture(scope="session")
def content_dir() -> Path:
    """The shipped content: every locale's pages must build from it."""
    return default_content_dir()


@pytest.fixture(scope="session")
def content(content_dir) -> ContentTree:
    return ContentTree(content_dir)


@pytest.fixture(scope="session")
def site(content):
    return build_site(content, SiteOptions(site_url=SITE_URL, jobs=2))


def text_of(site, path: str) -> str:
    return site[path].decode("utf-8")


def test_one_page_per_locale_and_region_and_a_start_page(site, content):
    locales = content.locale_codes()
    regions = list(content.regions())
    assert len(locales) >= 32 and regions == ["us", "il", "ca", "ny", "tx"]
    expected = {page_file(code, region) for code in locales for region in regions} | {"index.html"}
    assert {p for p in site if p.endswith(".html")} == expected
    assert not site.skipped


@pytest.mark.parametrize("code", ["en", "es", "ar", "ur", "zh-Hans", "my"])
def test_html_has_lang_and_dir(site, content, code):
    page = text_of(site, page_file(code, "il"))
    direction = content.locale(code).direction
    assert f'<html lang="{code}" dir="{direction}">' in page
    assert (direction == "rtl") == (code in RTL_LOCALES)


def test_the_whole_guide_in_order_with_section_ids(site, content):
    for code in content.locale_codes():
        text = load_locale(content, code)
        page = text_of(site, page_file(code, "us"))
        at = page.index("<h1>")
        for section, keys in guide_sections():
            found = page.index(f'<section id="{section}"', at)
            heading = htmllib.escape(text.guide[f"{section}.heading"], quote=False)
            assert heading in page[found : found + 400], (code, section)
            at = found
            for key in keys:
                statement = to_html(text.guide[key], text.rtl, code != SOURCE_LOCALE)
                position = page.find(statement, at)
                assert position > 0, (code, key)
                at = position
    assert [s for s, _ in guide_sections()] == ["public", "home", "detained", "plan", "work", "police", "crime", "steps", "help"]
    assert {k.split(".")[0] for k in GUIDE.keys() if "." in k} == {s for s, _ in guide_sections()}


def test_region_part_has_help_line_name_police_and_name_rule(site, content):
    regions = content.regions()
    for code in ("en", "es", "ar"):
        text = load_locale(content, code)
        for region, facts in regions.items():
            page = text_of(site, page_file(code, region))
            digits = re.sub(r"\D", "", facts.hotline.number)
            assert f'href="tel:+{digits if len(digits) == 11 else "1" + digits}"' in page
            assert facts.hotline.number in page
            assert htmllib.escape(text.regions["hotline_label"], quote=False) in page
            assert htmllib.escape(text.regions[f"name.{region}"], quote=False) in page
            assert to_html(text.regions[f"police.{region}"], text.rtl, code != "en") in page
            assert to_html(text.regions[f"identify.{region}"], text.rtl, code != "en") in page
            if facts.hotline.hours:
                assert htmllib.escape(facts.hotline.hours, quote=False) in page


def test_card_door_and_workplace_sign_texts(site, content):
    spoken = content.family("en", "signs").spoken
    for code in ("en", "es", "ar", "ja"):
        text = load_locale(content, code)
        page = text_of(site, page_file(code, "us"))
        for key in ("statement.heading", "statement.silence", "statement.entry", "statement.choice"):
            assert to_html(text.card[key], text.rtl, code != "en") in page or htmllib.escape(text.card[key], quote=False) in page
        for key in ("door.heading", "door.consent", "door.warrant", "door.silence", "workplace.heading", "workplace.entry", "workplace.administrative", "workplace.manager"):
            assert to_html(text.signs[key], text.rtl, code != "en") in page or htmllib.escape(text.signs[key], quote=False) in page
        for words in spoken.values():  # the English words to say, filled in
            assert htmllib.escape(words, quote=False) in page
        assert "{say_" not in page
        assert 'id="work"' in page and 'id="door"' in page and 'id="card"' in page


def test_statements_cite_numbered_sources_and_citation_urls_are_links(site, content):
    english = content.family("en", "guide")
    page = text_of(site, page_file("es", "us"))
    targets = set(re.findall(r'href="#(r\d+)"', page))
    ids = set(re.findall(r'<li id="(r\d+)"', page))
    assert targets and targets <= ids
    assert len(ids) == len(english.references)
    for citation in english.references.values():
        for url in re.findall(r"https://[^\s\"]*[^\s\".,;:)]", citation):
            assert f'<a href="{url}">' in page


def test_version_changes_and_draft_notice(site, content):
    for code in ("en", "es"):
        text = load_locale(content, code)
        page = text_of(site, page_file(code, "tx"))
        meta = text.guide.meta
        assert htmllib.escape(text.site["version_line"].format(version=meta.version, date=meta.effective_date.isoformat()), quote=False) in page
        assert '<section id="changes"' in page
        assert htmllib.escape(text.site["changes_heading"].format(version=meta.version), quote=False) in page
        notice = htmllib.escape(text.site["draft_notice"], quote=False)
        assert (notice in page) == (meta.translation.status == "draft")
    assert 'class="draft"' not in text_of(site, page_file("en", "us"))


def test_hreflang_alternates_both_ways_with_x_default(site, content):
    codes = content.locale_codes()
    for code in ("en", "ar", "zh-Hant"):
        page = text_of(site, page_file(code, "ny"))
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
        assert set(alternates) == set(codes) | {"x-default"}
        assert alternates["x-default"] == f"{SITE_URL}/en/ny/"
        assert alternates["es"] == f"{SITE_URL}/es/ny/"
        assert f'<link rel="canonical" href="{SITE_URL}/{code}/ny/">' in page
        nav = page[page.index('id="languages"') :]
        assert 'href="../../index.html"' in nav  # the start page names every language in its own script
    start = text_of(site, "index.html")
    for other in codes:
        assert f'hreflang="{other}"' in start


def test_without_site_url_every_link_is_relative(content):
    site = build_site(content, SiteOptions(locales=("en", "ar"), regions=("us",)))
    page = text_of(site, page_file("ar", "us"))
    assert 'rel="canonical"' not in page
    assert '<link rel="alternate" hreflang="en" href="../../en/us/index.html">' in page
    assert '<link rel="alternate" hreflang="x-default" href="../../en/us/index.html">' in page


def test_start_page_lists_every_language_by_its_own_name_and_every_region(site, content):
    page = text_of(site, "index.html")
    assert '<html lang="en" dir="ltr">' in page
    for code in content.locale_codes():
        info = content.locale(code)
        assert f'<li lang="{code}"' in page
        assert f'href="{page_file(code, "us")}" hreflang="{code}">{htmllib.escape(info.native_name, quote=False)}</a>' in page
        for region in content.regions():
            assert f'href="{page_file(code, region)}"' in page


def _links(page: str) -> list[str]:
    return re.findall(r'<(?:a|link)\b[^>]*\bhref="([^"]+)"', page) + re.findall(r'url\("([^"]+)"\)', page)


def test_in_site_links_are_relative_name_index_html_and_exist(site):
    for path in (p for p in site if p.endswith(".html")):
        page = text_of(site, path)
        base = path.rsplit("/", 1)[0] if "/" in path else ""
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        for href in _links(page):
            if href.startswith(("https://", "tel:")):
                continue
            if href.startswith("#"):
                assert href[1:] in ids, (path, href)
                continue
            assert href.endswith((".html", ".woff2")), (path, href)
            parts = (base + "/" + href if base else href).split("/")
            resolved: list[str] = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in ("", "."):
                    resolved.append(part)
            assert "/".join(resolved) in site, (path, href)


def test_no_scripts_no_cookies_no_outside_requests(site):
    for path in (p for p in site if p.endswith(".html")):
        page = text_of(site, path)
        assert "<script" not in page.lower() and "cookie" not in page.lower()
        assert not re.search(r"\ssrc=", page)
        for href in re.findall(r'<link\b[^>]*\bhref="(https?://[^"]+)"', page):
            assert href.startswith(SITE_URL)  # canonical and alternates: this site only
        for url in re.findall(r'url\("([^"]+)"\)', page):
            assert not url.startswith(("http:", "https:", "//"))


def test_css_uses_logical_properties_and_has_a_print_stylesheet(site):
    page = text_of(site, page_file("ar", "us"))
    css = page[page.index("<style>") : page.index("</style>")]
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)", css)
    assert not physical
    assert "@media print" in css and "attr(href)" in css
    assert "overflow-wrap:anywhere" in css
    assert "font-display:swap" in css and "unicode-range:" in css and 'format("woff2")' in css


def test_bold_comes_only_from_headings_and_strong(site):
    # The bold subsets hold the characters of h1-h3 and <strong> only.
    page = text_of(site, page_file("hi", "us"))
    css = page[page.index("<style>") + 7 : page.index("</style>")]
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if not selectors.startswith("@font-face") and re.search(r"font-weight:\s*(bold|[6-9]00)", body):
            assert set(selectors.split(",")) <= {"h1", "h2", "h3", "strong"}, selectors


def test_embedded_left_to_right_runs_are_isolated_in_rtl_pages(site, content):
    page = text_of(site, page_file("ar", "us"))
    number = content.regions()["us"].hotline.number
    assert f'<bdi dir="ltr">{number}</bdi>' in page
    for form in ("I-200", "I-205"):
        assert re.search(rf'<bdi dir="ltr">[^<]*{form}[^<]*</bdi>', page), form
    assert '<bdi dir="ltr" lang="en">I do not consent to entry</bdi>' in page
    assert '<ol class="sources" lang="en" dir="ltr">' in page


def test_pages_and_fonts_stay_light(site):
    for path, (code, region) in site.pages.items():
        assert site.page_bytes(path) <= MAX_PAGE_BYTES, (path, site.page_bytes(path))
        assert site.font_bytes(path) <= MAX_FONT_BYTES, (path, site.font_bytes(path))


def test_fonts_are_shared_woff2_subsets_that_cover_every_character(site):
    from fontTools.ttLib import TTFont

    assert b"SIL OPEN FONT LICENSE" in site["fonts/OFL.txt"].upper()
    fonts = {p: site[p] for p in site if p.endswith(".woff2")}
    assert fonts and all(re.fullmatch(r"fonts/Noto[A-Za-z]+-(Regular|Bold)-[0-9a-f]{8}\.woff2", p) for p in fonts)
    cmaps = {}
    for path, data in fonts.items():
        assert data[:4] == b"wOF2"
        font = TTFont(io.BytesIO(data))
        cmaps[path] = set(font.getBestCmap())
        assert len(font.getGlyphOrder()) < 3000  # a subset, not the whole font
    # Every page of a language references the same files.
    assert site.fonts_of_page[page_file("my", "us")] == site.fonts_of_page[page_file("my", "tx")]
    for path in (page_file(c, "us") for c in ("my", "km", "am", "ur", "zh-Hans", "hi", "en")):
        page = text_of(site, path)
        body = re.sub(r"<head>.*?</head>", "", page, flags=re.S)
        chars = {ord(c) for c in htmllib.unescape(re.sub(r"<[^>]+>", "", body)) if not c.isspace()}
        covered = set().union(*(cmaps[f] for f in site.fonts_of_page[path]))
        assert chars <= covered, (path, sorted(chr(c) for c in chars - covered)[:20])


def _shaped(font_bytes: bytes, word: str, features: dict | None = None):
    """HarfBuzz's shaping of ``word``: per glyph its cluster, advance, offsets and ink box."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob(font_bytes)))
    buffer = hb.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, features or {})
    out = []
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions):
        box = font.get_glyph_extents(info.codepoint)
        ink = (box.x_bearing, box.y_bearing, box.width, box.height) if box else None
        out.append((info.cluster, pos.x_advance, pos.x_offset, pos.y_offset, ink))
    return out


@pytest.mark.parametrize("code", ["my", "km", "ur", "ar", "hi", "bn", "pa", "gu", "am", "ko", "zh-Hant"])
def test_font_subsets_shape_every_word_of_a_page_as_the_whole_font_does(site, code):
    """The subsets keep every glyph and rule that shaping the page's words needs: each word
    shapes into the same glyph positions and ink as with the bundled font (a missing ligature,
    conjunct or contextual form would change them)."""
    from fontTools.ttLib import TTFont

    from cardgen.resources import fonts_dir

    path = page_file(code, "us")
    page = text_of(site, path)
    body = re.sub(r"<head>.*?</head>", "", page, flags=re.S)
    body = re.sub(r'<(nav|footer)\b.*?</\1>|<[^>]+ lang="en"[^>]*>[^<]*<', "<", body, flags=re.S)
    words = set(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    checked = 0
    for font_path in site.fonts_of_page[path]:
        stem = re.sub(r"-[0-9a-f]{8}\.woff2$", "", font_path.removeprefix("fonts/"))
        if stem.startswith("NotoSans-"):
            continue
        subset = TTFont(io.BytesIO(site[font_path]))
        cmap = set(subset.getBestCmap())
        if len(cmap) < 40:  # the small subset of other languages' names
            continue
        subset.flavor = None
        plain = io.BytesIO()
        subset.save(plain)
        whole = (fonts_dir() / f"{stem}.ttf").read_bytes()
        for word in sorted(w for w in words if all(ord(c) in cmap for c in w)):
            assert _shaped(plain.getvalue(), word) == _shaped(whole, word), (code, stem, word)
            checked += 1
    assert checked >= 100, (code, checked)


def test_same_inputs_give_byte_identical_files(content, tmp_path):
    options = SiteOptions(locales=("en", "ar", "my"), regions=("us", "il"), site_url=SITE_URL)
    first, second = build_site(content, options), build_site(content, options)
    assert list(first) == list(second)
    assert all(first[p] == second[p] for p in first)
    # The subset cache gives the very same bytes, cold and warm.
    from dataclasses import replace

    cached = replace(options, cache_dir=tmp_path / "cache")
    cold, warm = build_site(content, cached), build_site(content, cached)
    assert list((tmp_path / "cache").glob("*.woff2"))
    assert dict(cold) == dict(first) == dict(warm)


def test_bad_names_and_urls_are_precise_errors(content):
    with pytest.raises(UnknownNameError, match="unknown locale 'xx'"):
        build_site(content, SiteOptions(locales=("xx",)))
    with pytest.raises(UnknownNameError, match="unknown region 'zz'"):
        build_site(content, SiteOptions(regions=("zz",)))
    with pytest.raises(CardgenError, match="https"):
        build_site(content, SiteOptions(site_url="http://example.org"))


def test_a_locale_with_problems_is_left_out_or_fails_strict(content_dir, tmp_path):
    import shutil

    from cardgen.errors import ContentError

    broken = tmp_path / "content"
    shutil.copytree(content_dir, broken)
    (broken / "es" / "site.yaml").unlink()
    tree = ContentTree(broken)
    site = build_site(tree, SiteOptions(regions=("us",)))
    assert "es" in site.skipped and page_file("es", "us") not in site
    with pytest.raises(ContentError, match="es/site.yaml"):
        build_site(ContentTree(broken), SiteOptions(regions=("us",), strict=True))
    with pytest.raises(ContentError):
        build_site(ContentTree(broken), SiteOptions(locales=("es",), regions=("us",)))


def test_cli_writes_the_site_and_reports_errors_in_one_line(runner, content_dir, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text("name: Casa Legal\nphone: 312-555-0100\nwebsite: https://casa.example.org\n", encoding="utf-8")
    out = tmp_path / "site"
    args = ["site", "--out", str(out), "--content", str(content_dir), "--locale", "en", "--locale", "es", "--region", "il", "--org", str(org)]
    env = {"CARDGEN_CACHE_DIR": str(tmp_path / "cache")}
    result = runner.invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "cache").glob("*.woff2"))  # subsets kept for the next build
    page = (out / "es" / "il" / "index.html").read_text(encoding="utf-8")
    assert "Casa Legal" in page and 'href="tel:+13125550100"' in page and "casa.example.org" in page
    assert (out / "index.html").is_file() and list((out / "fonts").glob("*.woff2"))
    assert not list(out.rglob("*.part"))
    for bad, code, words in (
        (["--locale", "xx"], 2, "unknown locale 'xx'"),
        (["--region", "zz"], 2, "unknown region 'zz'"),
        (["--site-url", "ftp://example.org"], 2, "--site-url 'ftp://example.org' must be an https:// link"),
    ):
        result = runner.invoke(main, ["site", "--out", str(tmp_path / "bad"), "--content", str(content_dir), *bad], env=env)
        assert result.exit_code == code, result.output
        assert words in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "bad").exists()


def test_help_stays_fast_without_jinja_or_fonttools():
    import subprocess
    import sys

    code = "import sys, cardgen.cli; cardgen.cli.main(['--help'], standalone_mode=False); print(sorted(m for m in ('jinja2', 'fontTools.subset') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")


def test_wheel_carries_the_templates(tmp_path):
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(root)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("cardgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("base.html", "page.html", "index.html", "site.css", "fonts.css"):
        assert f"cardgen/site/templates/{name}" in names


def test_without_a_cache_folder_nothing_is_written_outside_out(runner, content_dir, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "site"
    env = {"HOME": str(home), "XDG_CACHE_HOME": None, "CARDGEN_CACHE_DIR": None}
    result = runner.invoke(main, ["site", "--out", str(out), "--content", str(content_dir), "--locale", "en", "--region", "us"], env=env)
    assert result.exit_code == 0, result.output
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "site"]

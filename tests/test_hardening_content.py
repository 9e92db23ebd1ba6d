"""Hardening of content files (issue 12): text values, templates, versions and dates, links,
QR capacity, the isolate controls and `cardgen stamp` on an installed copy.

Each test breaks a copy of the shipped content in one way, runs the real CLI and checks the exit
code, that the message names the file, line and key with the fix, and that nothing was written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen import resources
from cardgen.cli import main
from cardgen.content.schema import check_https_url, check_template, is_blank, template_fields
from cardgen.links import check_site_url
from cardgen.qr import MAX_LINK_BYTES
from conftest import page_text

CARD = "es/wallet-card.yaml"


def inject(content: Path, file: str, prefix: str, new: str) -> int:
    """Replace the first line of ``content/file`` starting with ``prefix`` by ``new``; its line number."""
    path = content / file
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
    assert index is not None, f"no line starting with {prefix!r} in {path}"
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def build(runner, content: Path, out: Path, *extra: str, product: str = "wallet-card", locale: str = "es"):
    return runner.invoke(main, ["build", "--content", str(content), "-p", product, "-l", locale, "-o", str(out), *extra])


def assert_refused(result, out: Path, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output
    assert not out.exists() or not any(out.rglob("*")), "a refused build wrote files"


def where(file: str, line: int, key: str) -> str:
    return f"content/{file}:{line}: {key}:"


# -- 1. text values ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    (r'"Conozca \u202e sus derechos"', ("U+202E", "isolates")),
    ('"Conozca \u202b sus derechos"', ("U+202B", "isolates")),  # written raw, not as an escape
    (r'"Conozca \0 sus derechos"', ("U+0000", "Remove it")),
    (r'"Conozca \x07 sus derechos"', ("U+0007", "Remove it")),
    (r'"Conozca \x9b sus derechos"', ("U+009B",)),
    (r'"Conozca \L sus derechos"', ("U+2028", "Use a space")),
    (r'"Conozca \P sus derechos"', ("U+2029", "Use a space")),
    (r'"Conozca \N sus derechos"', ("U+0085", "Use a space")),
])
def test_control_characters_in_a_string_are_refused(runner, tmp_path, content_copy, value, words):
    line = inject(content_copy, CARD, "    title:", f"    title: {value}")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "strings.front.title"), *words)


@pytest.mark.parametrize("value", [
    r'"\u200b"', r'"\u2060\u00ad"', r'"\ufeff "', r'"\u200c"', r'"\u200d\u200d"', r'"\u2066\u2069"',
    r'"\ufe0f"', r'"\u200e\u200f"', r'"\u3164"', r'"\U000e0100"',
])
def test_text_of_only_invisible_characters_is_empty(runner, tmp_path, content_copy, value):
    line = inject(content_copy, CARD, "    title:", f"    title: {value}")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "strings.front.title"), "is empty")


@pytest.mark.parametrize("file, prefix, new, key, words", [
    ("es/locale.yaml", "native_name:", r'native_name: "Espa\0ol"', "native_name", "U+0000"),
    ("es/locale.yaml", "name:", r'name: "\u200b"', "name", "is empty"),
    ("es/wallet-card.yaml", "  front.rights.silent:", r'  front.rights.silent: "a \u202d note"', "notes.front.rights.silent", "U+202D"),
    ("es/wallet-card.yaml", "  front.rights.calm:", r'  front.rights.calm: "\u2060"', "notes.front.rights.calm", "is empty"),
    ("en/wallet-card.yaml", "  say_silent:", r'  say_silent: "I remain\x07 silent"', "spoken.say_silent", "U+0007"),
    ("regions.yaml", "    name: United We Dream", r'    name: "United We Dream\u202e"', "us.hotline.name", "U+202E"),
    ("regions.yaml", "  name: United States", r'  name: "\u00ad"', "us.name", "is empty"),
])
def test_every_content_file_checks_its_texts(runner, tmp_path, content_copy, file, prefix, new, key, words):
    line = inject(content_copy, file, prefix, new)
    result = build(runner, content_copy, tmp_path / "out", locale="es")
    assert_refused(result, tmp_path / "out", 2, where(file, line, key), words)


def test_glossary_terms_are_checked(runner, content_copy):
    path = content_copy / "es" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(\s+)term: .*$", text, re.M)
    assert match
    path.write_text(text[: match.start()] + f'{match.group(1)}term: "orden\\0"' + text[match.end():], encoding="utf-8")
    line = text.count("\n", 0, match.start()) + 1
    result = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert result.exit_code == 1, result.output  # check reports invalid content in its table
    assert f"es/glossary.yaml:{line}:" in result.output and "U+0000" in result.output
    assert "Traceback" not in result.output


LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def _isolated(text: str, pattern: str) -> str:
    return pattern.replace("T", text).replace('"', '\\"')


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("pattern", [
    LRI + "T", "T" + PDI, LRI + LRI + "T" + PDI + PDI, RLI + "T", PDI + PDI + "T", FSI + "T" + PDI, "x" + FSI + PDI + RLI + "T",
])
def test_isolates_anywhere_are_honoured_and_never_drawn(runner, tmp_path, content_copy, locale, pattern):
    path = content_copy / locale / "wallet-card.yaml"
    text = path.read_text(encoding="utf-8")
    silent = re.search(r'^(\s+)silent: "(.*)"$', text, re.M)
    version = re.search(r"^(\s+)version_line: (.*)$", text, re.M)
    assert silent and version
    # around a placeholder, inside bold markup, at the ends of the text, doubled, unbalanced
    new_silent = silent.group(2).replace("{say_silent}", LRI + "{say_silent}" + PDI).replace("**", "**" + RLI, 1)
    new_silent = pattern.replace("T", new_silent)
    new_version = _isolated(LRI + "{version}" + PDI + " · " + RLI + "{date}", pattern)
    text = text.replace(silent.group(0), f'{silent.group(1)}silent: "{new_silent}"')
    text = text.replace(version.group(0), f'{version.group(1)}version_line: "{new_version}"')
    path.write_text(text, encoding="utf-8")
    result = build(runner, content_copy, tmp_path / "out", locale=locale)
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    drawn = page_text(pdf.read_bytes(), 0)
    assert not set(drawn) & {LRI, RLI, FSI, PDI}


def test_an_isolate_keeps_a_latin_run_in_order_inside_arabic():
    from cardgen.typeset.bidi import embedding_levels

    text = f"اب {LRI}abc def{PDI} ا"
    levels = embedding_levels(text, rtl=True)
    inside = levels[text.index("a") : text.index("f") + 1]
    assert all(level % 2 == 0 for level in inside)  # left to right, words in their order
    assert levels[0] % 2 == 1
    assert embedding_levels(f"abc {FSI}اب{PDI}", rtl=False)[-2] % 2 == 1  # FSI takes its first letter's direction


# -- 2. templates --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ('"Versión {version:>10} · {date}"', "format spec"),
    ('"Versión {version!r} · {date}"', "format spec"),
    ('"Versión {{version}} · {date}"', "doubled brace"),
    ('"Versión {version} · {date} {"', "never closed"),
    ('"Versión }{version} · {date}"', "stray '}'"),
    ('"Versión {ver{version}sion} · {date}"', "nested braces"),
    ('"Versión {version} · {date} {}"', "not a placeholder name"),
    ('"Versión {version} · {date} {region}"', "exactly these"),
])
def test_version_line_templates_are_validated_at_load(runner, tmp_path, content_copy, value, words):
    line = inject(content_copy, CARD, "    version_line:", f"    version_line: {value}")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "strings.front.version_line"), words, "{date}, {version}")


def test_doubled_braces_around_a_spoken_placeholder_are_refused(runner, tmp_path, content_copy):
    path = content_copy / CARD
    text = path.read_text(encoding="utf-8")
    assert "{say_silent}" in text
    path.write_text(text.replace("{say_silent}", "{{say_silent}}", 1), encoding="utf-8")
    line = text[: text.index("{say_silent}")].count("\n") + 1
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "strings.front.rights.silent"), "doubled brace", "{say_silent}")


@pytest.mark.parametrize("prefix, value, words", [
    ("region_heading:", '"{region:^9}"', "format spec"),
    ("hotline_call:", '"Llame {region!s}"', "format spec"),
    ("changes_heading:", '"Cambios en {version} {"', "never closed"),
    ("sources_heading:", '"Fuentes {x}"', "none"),
])
def test_site_templates_are_validated_at_load(runner, content_copy, prefix, value, words):
    line = inject(content_copy, "es/site.yaml", f"  {prefix}", f"  {prefix} {value}")
    result = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert "Traceback" not in result.output
    assert result.exit_code != 0
    assert f"content/es/site.yaml:{line}: strings.{prefix[:-1]}:" in result.output and words in result.output


def test_every_shipped_string_is_a_valid_template():
    from cardgen.build import Builder
    from cardgen.content.families import FAMILIES

    tree = Builder().content
    for code in tree.locale_codes():
        for family in FAMILIES:
            if tree.has_family(code, family.name):
                text = tree.family(code, family.name)
                for spec in family.strings:
                    assert check_template(text[spec.key], spec.placeholders) is None, (code, spec.key)


# -- 3. versions and dates -----------------------------------------------------------------------

def test_an_unquoted_version_is_refused_with_how_to_quote_it(runner, tmp_path, content_copy):
    line = inject(content_copy, CARD, "version:", "version: 1.10")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "version"), 'quote it: version: "1.10"'.capitalize())


@pytest.mark.parametrize("file, prefix, new, key", [
    (CARD, "effective_date:", "effective_date: 2026-12-01T10:00:00", "effective_date"),
    (CARD, "effective_date:", "effective_date: 2026-12-01 10:00:00", "effective_date"),
    ("regions.yaml", "    verified:", "    verified: 2026-11-27T08:00:00Z", "us.hotline.verified"),
])
def test_a_date_time_where_a_date_is_expected_is_refused(runner, tmp_path, content_copy, file, prefix, new, key):
    line = inject(content_copy, file, prefix, new)
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(file, line, key), "must be a date (YYYY-MM-DD) without a time")


# -- 4. links ------------------------------------------------------------------------------------

BAD_LINKS = [
    ("https://a.org@b.example/", "user information"),
    ("https://[::1", "not a valid link"),
    ("https://[zz::1]/", "IPv6"),
    ("https://a.org:99999/", "invalid port"),
    ("https://a.org:0/", "invalid port"),
    ("https://a.org:abc/", "invalid port"),
    ("https://a.org:/", "invalid port"),
    ("https:///rights", "no host"),
    ("https://:443/", "no host"),
    ("https://a..org/", "host name"),
    ("https://a.org/x\\y", "'\\'"),
    ("https://a.org/ x", "a space"),
    ("https://a.org/\x07", "U+0007"),
    ("https://a.org/\u200b", "U+200B"),
    ("https://a.org/\u202e", "U+202E"),
    ("https://a.org/\tx", "U+0009"),
]


@pytest.mark.parametrize("url, words", BAD_LINKS)
def test_bad_links_are_refused_without_a_traceback(url, words):
    reason = check_https_url(url)
    assert reason and words in reason
    assert check_site_url(url)


@pytest.mark.parametrize("url, words", [(u, w) for u, w in BAD_LINKS if "\\" not in u or "x\\y" in u])
def test_bad_qr_urls_in_content_name_file_line_and_key(runner, tmp_path, content_copy, url, words):
    escaped = url.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    line = inject(content_copy, CARD, "qr_url:", f'qr_url: "{escaped}"')
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 2, where(CARD, line, "qr_url"))


@pytest.mark.parametrize("url, words", [u for u in BAD_LINKS if "\x07" not in u[0] and "\t" not in u[0]])
def test_bad_site_urls_are_an_option_error(runner, tmp_path, url, words):
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--site-url", url, "-o", str(tmp_path / "out")])
    assert_refused(result, tmp_path / "out", 2, "--site-url", words)


def test_good_links_still_pass():
    for url in ("https://www.ilrc.org/red-cards-tarjetas-rojas", "https://a.org:8443/x?y=1#z", "https://[2001:db8::1]/", "https://müller.example/r"):
        assert check_https_url(url) is None, url


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40).map(lambda tail: "https://" + tail))
def test_no_link_makes_the_checker_raise(url):
    assert check_https_url(url) is None or isinstance(check_https_url(url), str)
    assert check_site_url(url) is None or isinstance(check_site_url(url), str)


# -- 5. links too long for a QR code ---------------------------------------------------------------

def test_a_link_too_long_for_any_qr_code_is_a_clear_error(runner, tmp_path, content_copy):
    url = "https://www.ilrc.org/" + "x" * 3000
    inject(content_copy, CARD, "qr_url:", f"qr_url: {url}")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 3, f"{len(url):,} characters", f"at most {MAX_LINK_BYTES:,} bytes", "shorter link")


def test_a_link_that_forces_tiny_modules_is_refused_as_cannot_be_set(runner, tmp_path, content_copy):
    url = "https://www.ilrc.org/" + "x" * 400
    inject(content_copy, CARD, "qr_url:", f"qr_url: {url}")
    result = build(runner, content_copy, tmp_path / "out")
    assert_refused(result, tmp_path / "out", 3, "0.4 mm", "shorter link")
    assert len(result.output) < 1000  # the link is shortened in the message


# -- 6. stamp on an installed copy -----------------------------------------------------------------

def test_stamp_refuses_the_content_inside_an_installed_package(runner, tmp_path, monkeypatch):
    bundled = tmp_path / "site-packages" / "cardgen" / "_data"
    shutil.copytree(resources.default_content_dir(), bundled / "content")
    monkeypatch.setattr(resources, "_BUNDLED", bundled)
    monkeypatch.delenv("CARDGEN_CONTENT", raising=False)
    before = (bundled / "content" / CARD).read_bytes()
    result = runner.invoke(main, ["stamp", "--all"])
    assert result.exit_code == 2, result.output
    assert "use --content DIR with a copy of the content" in result.output
    assert (bundled / "content" / CARD).read_bytes() == before
    named = runner.invoke(main, ["stamp", "--content", str(bundled / "content"), "-l", "es"])
    assert named.exit_code == 2 and "installed" in named.output


def test_stamp_refuses_content_under_site_packages_and_still_stamps_a_copy(runner, tmp_path, content_copy):
    installed = tmp_path / "lib" / "site-packages" / "content"
    shutil.copytree(content_copy, installed)
    assert runner.invoke(main, ["stamp", "--content", str(installed), "-l", "es"]).exit_code == 2
    assert runner.invoke(main, ["stamp", "--content", str(content_copy), "-l", "es"]).exit_code == 0


def test_stamp_writes_nothing_when_a_file_to_stamp_is_invalid(runner, content_copy):
    inject(content_copy, "es/signs.yaml", "version:", "version: 1.10")
    before = (content_copy / CARD).read_bytes()
    result = runner.invoke(main, ["stamp", "--content", str(content_copy), "-l", "es"])
    assert result.exit_code == 2 and "es/signs.yaml" in result.output
    assert (content_copy / CARD).read_bytes() == before


def test_blank_detection():
    assert is_blank("\u200b \u2060\u00ad\ufeff")
    assert not is_blank("\u200ba")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}:!x_ab1 ", max_size=16))
def test_a_template_that_passes_formats_without_error_or_braces(text):
    names, why = template_fields(text)
    if why is None:
        printed = text.format(**{name: "V" for name in names})
        assert "{" not in printed and "}" not in printed

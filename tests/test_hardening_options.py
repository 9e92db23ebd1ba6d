"""Hardening (issue 12) of organisation profiles, sheet files, print options, the console,
SOURCE_DATE_EPOCH and exit codes: every bad input is one clear error with the documented exit
code, no traceback, and nothing written."""

from __future__ import annotations

import math
import os
import re
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgen import limits
from cardgen.cli import main
from cardgen.cli.pieces import parse_back_offset, parse_bleed
from cardgen.drawing import FillRect
from cardgen.errors import ContentError, OptionError, SettingError
from cardgen.org import load_org
from cardgen.pdf import Page, write_pages
from cardgen.sheets.impose import PrintOptions, check_options
from cardgen.sheets.templates import SHEETS, load_sheet_file, parse_length
from cardgen.sizes import MM, SIZES

ROOT = Path(__file__).resolve().parent.parent
CARD = ["build", "-p", "wallet-card", "-l", "es"]
GOOD_SHEET = ('name = "office-8up"\ncard_size = "us-business"\ncolumns = 2\nrows = 4\n'
              'page_width = "8.5in"\npage_height = "11in"\nleft = "0.75in"\ntop = "1.5in"\n')


def problems_of(call) -> list[str]:
    with pytest.raises(ContentError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# -- organisation profiles ----------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "https://example.org/{locale:>9}", "https://example.org/{locale!r}", "https://example.org/{",
    "https://example.org/}", "https://example.org/{{locale}}", "https://example.org/{a{b}}",
    "https://example.org/{lang}", "https://example.org/{0}", "https://example.org/{}",
])
def test_bad_qr_url_templates_are_refused_at_load_with_their_line(tmp_path, template):
    profile = tmp_path / "org.yaml"
    profile.write_text(f"name: Our Org\nqr_url: '{template}'\n", encoding="utf-8")
    found = problems_of(lambda: load_org(profile))
    assert len(found) == 1 and f"{profile}:2: qr_url:" in found[0], found


def test_qr_url_template_must_give_a_valid_link(tmp_path):
    profile = tmp_path / "org.yaml"
    profile.write_text("name: Our Org\nqr_url: 'https://a.org@b.example/{locale}'\n", encoding="utf-8")
    assert any("qr_url" in p for p in problems_of(lambda: load_org(profile)))


def test_qr_url_placeholders_are_filled_literally(tmp_path):
    profile = tmp_path / "org.toml"
    profile.write_text('name = "Our Org"\nqr_url = "https://example.org/{region}/{locale}/{product}"\n', encoding="utf-8")
    org = load_org(profile)
    assert org.qr_link("es", "il", "wallet-card") == "https://example.org/il/es/wallet-card"


def test_profile_values_must_be_text_and_are_located(tmp_path):
    profile = tmp_path / "org.yaml"
    profile.write_text("name: 42\nphone: 5550100\nwebsite: [https://example.org]\n", encoding="utf-8")
    found = problems_of(lambda: load_org(profile))
    assert any(p.startswith(f"{profile}:1: name: must be text") for p in found), found
    assert any(p.startswith(f"{profile}:2: phone: must be text") for p in found), found
    assert any(p.startswith(f"{profile}:3: website: must be text") for p in found), found


def test_profile_files_are_read_safely(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("name: Our Org\nphone: '555'\nwebsite: 'https://caf\xe9.org'\n".encode("latin-1"))
    assert any(":3:" in p and "not UTF-8" in p for p in problems_of(lambda: load_org(latin1)))
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("name: Our Org\nphone: &p [a, b]\nwebsite: *p\n", encoding="utf-8")
    assert any("alias" in p for p in problems_of(lambda: load_org(aliases)))
    invisible = tmp_path / "blank.yaml"
    invisible.write_text('name: "\\u200b\\u2060"\n', encoding="utf-8")
    assert any("empty" in p for p in problems_of(lambda: load_org(invisible)))


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG file whose header declares width x height pixels: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("kind", ["bomb", "hundred-megapixels", "over-the-limit", "too-many-bytes"])
def test_huge_logos_are_refused_quickly_before_decoding(tmp_path, kind):
    from PIL import Image

    logo = tmp_path / "logo.png"
    if kind == "bomb":
        logo.write_bytes(_png_declaring(60_000, 60_000))
    elif kind == "hundred-megapixels":
        Image.new("1", (10_000, 10_001)).save(logo)  # a real PNG of 100 million pixels, about 12 KB
    elif kind == "over-the-limit":
        logo.write_bytes(_png_declaring(6_000, 6_000))  # under PIL's own limit, over cardgen's
    else:
        logo.write_bytes(b"\x89PNG" + b"\0" * (limits.MAX_LOGO_BYTES + 1))
    profile = tmp_path / "org.yaml"
    profile.write_text("name: Our Org\nlogo: logo.png\n", encoding="utf-8")
    started = time.monotonic()
    found = problems_of(lambda: load_org(profile))
    assert time.monotonic() - started < 5
    assert len(found) == 1 and f"{profile}:2: logo:" in found[0], found
    assert "at most" in found[0], found


def test_a_bad_profile_through_the_cli_exits_2_and_writes_nothing(runner, tmp_path):
    profile = tmp_path / "org.yaml"
    profile.write_text("name: Our Org\nqr_url: 'https://example.org/{locale'\n", encoding="utf-8")
    result = runner.invoke(main, [*CARD, "--org", str(profile), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "qr_url" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# -- sheet files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil", "a/b", "", ".hidden", "..", "x\\u0000y", "a b", "ünïcode", "x" * 65])
def test_sheet_names_must_be_safe_for_file_names(tmp_path, name):
    path = tmp_path / "sheet.yaml"  # YAML, whose problems name the line (TOML keeps none)
    path.write_text(GOOD_SHEET.replace(" = ", ": ").replace('"office-8up"', f'"{name}"'), encoding="utf-8")
    found = problems_of(lambda: load_sheet_file(path))
    assert len(found) == 1 and ":1: name:" in found[0], found


def test_an_unsafe_sheet_name_writes_nothing_anywhere(runner, tmp_path):
    path = tmp_path / "sheet.yaml"
    path.write_text(GOOD_SHEET.replace(" = ", ": ").replace('"office-8up"', '"../../escaped"'), encoding="utf-8")
    out = tmp_path / "a" / "b" / "out"
    result = runner.invoke(main, [*CARD, "--sheet-file", str(path), "-o", str(out)])
    assert result.exit_code == 2 and "letters, digits" in result.output, result.output
    assert files_under(tmp_path) == {path}


@pytest.mark.parametrize("line, key", [
    ("page_width = nan", "page_width"), ("page_width = inf", "page_width"), ('left = "nanmm"', "left"),
    ('top = "infin"', "top"), ('page_height = "3000mm"', "page_height"), ("left = -5", "left"),
    ("columns = 100\nrows = 100", "rows"), ("columns = 1e3", "columns"), ('crop_marks = "false"', "crop_marks"),
    ('card_size = "letter"', "card_size"), ("rows = 10000000000000000000000", "rows"),
])
def test_bad_sheet_values_are_refused_with_their_key(tmp_path, line, key):
    keys = {part.split(" = ")[0] for part in line.split("\n")}
    kept = [entry for entry in GOOD_SHEET.splitlines() if entry.split(" = ")[0] not in keys]
    path = tmp_path / "sheet.toml"
    path.write_text("\n".join(kept + line.split("\n")) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sheet_file(path)
    assert key in {p.key for p in caught.value.problems}, caught.value


def test_sheet_file_messages_say_the_limit_and_the_fix(tmp_path):
    path = tmp_path / "sheet.yaml"
    path.write_text("name: big\ncard_size: us-business\ncolumns: 20\nrows: 20\npage_width: 3000mm\n"
                    "page_height: 11in\nleft: .nan\ntop: 1in\ncrop_marks: 'false'\n", encoding="utf-8")
    text = "\n".join(problems_of(lambda: load_sheet_file(path)))
    assert f"at most {limits.MAX_CELLS}" in text and "2,000 mm" in text and "NaN" in text
    assert "Write false without quotes" in text and f"{path}:9: crop_marks:" in text


def test_non_utf8_sheet_file_names_the_line(tmp_path):
    path = tmp_path / "sheet.yaml"
    path.write_bytes(b"name: office\nlabel: caf\xe9\n")
    assert any(":2:" in p and "not UTF-8" in p for p in problems_of(lambda: load_sheet_file(path)))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.none(),
                 st.builds(lambda n, u: f"{n}{u}", st.sampled_from(["nan", "inf", "-inf", "infinity", "1e999", "1_0", "2", ""]), st.sampled_from(["mm", "in", "pt", ""]))))
def test_parse_length_never_raises_and_is_never_nan(value):
    length = parse_length(value)
    assert length is None or math.isfinite(length)


_ANY_VALUE = st.one_of(
    st.text(max_size=10), st.integers(-5, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.sampled_from(["3in", "nanmm", "infin", "-1mm", "1e9mm", "false", "us-business", "../x", ".h", "a-1"]),
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    return '"' + "".join(c if c.isalnum() or c in " .-_/" else f"\\u{ord(c):04x}" for c in str(value)) + '"'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["name", "card_size", "columns", "rows", "page_width", "page_height", "left", "top",
                                        "column_gap", "row_gap", "crop_marks", "bleed", "colour"]), _ANY_VALUE, max_size=13))
def test_any_sheet_file_loads_cleanly_or_is_refused(tmp_path, fields):
    path = tmp_path / "sheet.toml"
    path.write_text("".join(f"{key} = {_toml_value(value)}\n" for key, value in fields.items()), encoding="utf-8")
    try:
        sheet = load_sheet_file(path)
    except ContentError:
        return
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", sheet.name) and 1 <= sheet.cells <= limits.MAX_CELLS
    numbers = (sheet.page_width, sheet.page_height, sheet.left, sheet.top, sheet.column_gap, sheet.row_gap)
    assert all(math.isfinite(v) and 0 <= v <= limits.MAX_SHEET_MM * MM for v in numbers)
    assert isinstance(sheet.crop_marks, bool) and isinstance(sheet.bleed, bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(["{", "}", "{locale}", "{region}", "{product}", "{x}", ":", "!r", "{{", "}}", "/", "@", " ", "%20"]),
                          st.text(alphabet="abc-./?#=", max_size=4)), max_size=8))
def test_any_qr_url_template_loads_cleanly_or_is_refused(tmp_path, parts):
    template = "https://example.org/" + "".join(parts)
    profile = tmp_path / "org.toml"
    profile.write_text(f"name = \"Our Org\"\nqr_url = {_toml_value(template)}\n", encoding="utf-8")
    try:
        org = load_org(profile)
    except ContentError as error:
        assert all(p.key == "qr_url" for p in error.problems)
        return
    from cardgen.content.schema import check_https_url

    link = org.qr_link("zh-Hant", "il", "door-sign")
    assert "{" not in link and "}" not in link and check_https_url(link) is None


# -- print options -------------------------------------------------------------------------------

@pytest.mark.parametrize("extra, message", [
    (["--copies", "0"], "--copies"), (["--copies", str(limits.MAX_COPIES + 1)], "--copies"),
    (["--back-offset", "nan,0"], "--back-offset"), (["--back-offset", "0,inf"], "--back-offset"),
    (["--back-offset", "500,0"], "from -20 to 20"), (["--back-offset", "1,2,3"], "--back-offset"),
    (["--bleed", "nan"], "--bleed"), (["--bleed", "infin"], "--bleed"), (["--bleed", "25mm"], "at most 20 mm"),
    (["--duplex", "long_edge"], "--duplex"),
])
def test_bad_print_options_exit_2_before_any_work(runner, tmp_path, extra, message):
    result = runner.invoke(main, [*CARD, "--sheet", "letter-10up", *extra, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=16), st.builds(lambda a, b: f"{a},{b}", st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))))
def test_back_offset_is_two_finite_numbers_within_range_or_refused(text):
    try:
        dx, dy = parse_back_offset(text)
    except click.BadParameter:
        return
    assert all(math.isfinite(v) and abs(v) <= limits.MAX_BACK_OFFSET_MM * MM + 1e-9 for v in (dx, dy))


def test_bleed_option_parsing():
    assert parse_bleed("3mm") == pytest.approx(3 * MM)
    for text in ("nan", "nanmm", "inf", "0", "-1mm", "21mm"):
        with pytest.raises(click.BadParameter):
            parse_bleed(text)


@pytest.mark.parametrize("options", [
    dict(bleed=math.nan), dict(bleed=math.inf), dict(back_offset=(math.nan, 0.0)), dict(back_offset=(0.0, -math.inf)),
    dict(back_offset=(100 * MM, 0.0)), dict(copies=0), dict(copies=limits.MAX_COPIES + 1), dict(duplex="long_edge"),
])
def test_check_options_refuses_nan_and_out_of_range_values_from_any_caller(options):
    with pytest.raises(OptionError):
        check_options(PrintOptions(SHEETS.get("letter-10up"), **options), SIZES.get("us-business"))


@pytest.mark.parametrize("page", [
    Page(math.nan, 100, ()), Page(100, 100, (), (FillRect(0, math.inf, 1, 1, "ink"),)), Page(100, 100, (), (), (0, 0, math.nan, 1)),
])
def test_no_number_that_is_not_finite_is_ever_written_to_a_pdf(page):
    with pytest.raises(SettingError):
        write_pages([page], "test")


# -- console, SOURCE_DATE_EPOCH -------------------------------------------------------------------

def _cardgen(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "cardgen", *args], cwd=cwd, env=environment, capture_output=True, timeout=120)


def test_a_console_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path):
    listed = _cardgen(["list"], tmp_path, PYTHONIOENCODING="cp1252")
    assert listed.returncode == 0, listed.stderr
    assert b"\\u" in listed.stdout and b"Traceback" not in listed.stderr
    profile = tmp_path / "org.yaml"
    profile.write_text("name: Our Org\nqr_url: 'https://example.org/{язык}'\n", encoding="utf-8")
    failed = _cardgen([*CARD, "--org", str(profile), "-o", str(tmp_path / "out")], tmp_path, PYTHONIOENCODING="cp1252")
    assert failed.returncode == 2 and b"Traceback" not in failed.stderr and b"qr_url" in failed.stderr, failed.stderr


def test_source_date_epoch_is_ignored_consistently(runner, tmp_path):
    before = os.environ.get("SOURCE_DATE_EPOCH")
    outputs = []
    for name, value in (("plain", None), ("numeric", "1700000000"), ("garbage", "next tuesday"), ("float", "1.5")):
        out = tmp_path / name
        result = runner.invoke(main, [*CARD, "-o", str(out)], env={"SOURCE_DATE_EPOCH": value})
        assert result.exit_code == 0 and "Traceback" not in result.output, (name, result.output)
        outputs.append((out / "wallet-card-es-us-business.pdf").read_bytes())
    assert all(data == outputs[0] for data in outputs)
    assert os.environ.get("SOURCE_DATE_EPOCH") == before  # the variable is restored, not left changed


# -- exit codes ----------------------------------------------------------------------------------

def test_exit_codes_follow_the_readme(runner, tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    emoji = tmp_path / "emoji.yaml"
    emoji.write_text('name: "Our Org \\U0001F600"\n', encoding="utf-8")
    long_link = tmp_path / "long.yaml"
    long_link.write_text("name: Our Org\nqr_url: 'https://example.org/" + "a" * 1500 + "/{locale}'\n", encoding="utf-8")
    out = str(tmp_path / "out")
    cases = [
        (2, [*CARD, "--sheet", "nope", "-o", out]),  # unknown name
        (2, ["calibrate", "--sheet", "single", "-o", out]),  # an option that does not apply
        (2, [*CARD, "--sheet", "avery-5371", "--bleed", "-o", out]),  # options that conflict
        (2, ["build", "-p", "door-sign", "-l", "es", "--size", "us-business", "-o", out]),
        (2, ["build", "-p", "door-sign", "-l", "es", "--sheet", "avery-5371", "-o", out]),
        (2, ["build", "-p", "guide", "-l", "es", "--sheet", "booklet", "--copies", "3", "-o", out]),
        (2, [*CARD, "--content", str(tmp_path / "missing"), "-o", out]),
        (2, [*CARD, "--site-url", "http://example.org", "-o", out]),
        (3, [*CARD, "--org", str(emoji), "-o", out]),  # a character no font draws
        (3, [*CARD, "--org", str(long_link), "-o", out]),  # a link too long for the QR code
        (4, [*CARD, "-o", str(tmp_path / "a-file" / "out")]),  # cannot be written
    ]
    for code, args in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == code and "Traceback" not in result.output, (args, result.exit_code, result.output)
    assert not (tmp_path / "out").exists()


# -- README -------------------------------------------------------------------------------------

def test_readme_documents_every_limit_and_the_exit_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits and errors", 1)[1].split("\n## ", 1)[0]
    source = (ROOT / "cardgen" / "limits.py").read_text(encoding="utf-8")
    for name, value in re.findall(r"^(MAX_[A-Z_]+) = ([0-9_]+)", source, re.M):
        assert name in section and f"{int(value.replace('_', '')):,}" in section, name
    for code in ("2", "3", "4"):
        assert f"| {code} |" in section
    assert "SOURCE_DATE_EPOCH" in section and "--out" in section

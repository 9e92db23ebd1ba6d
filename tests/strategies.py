"""Generators of bad (and good) input for the property tests and the bad-input campaign.

Each ``*_cases`` strategy draws a :class:`Case`: the files to write into a fresh folder and the
command line to run there. :func:`run_case` runs it through the real CLI and returns every
broken promise it sees (see :class:`Violation`). The tests assert that list is empty; the
campaign (benchmarks/bad_input_campaign.py) groups it by class.

The promises come from the README and issue 12: an exit code the README documents, no
traceback, bounded time, nothing written outside ``--out``, nothing at all written by a
``build`` that fails, and every PDF written by a run that succeeds passes qpdf's checks, has
no NaN or infinite number and keeps its boxes inside the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import struct
import tempfile
import time
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

# -- the case and what can go wrong ------------------------------------------------------------

HARD_TIMEOUT_S = 20  # an example still running after this is stopped and reported as unbounded
BUILD_EXITS = {0, 2, 3, 4}  # README: 2 bad names or content, 3 cannot be set, 4 cannot be written
BATCH_EXITS = BUILD_EXITS | {1}  # README: "an item that fails is reported ..., and the exit code is 1"


@dataclass
class Case:
    """Files to write (path relative to the example folder -> bytes) and the arguments.

    ``{out}``, ``{content}`` and ``{here}`` in the arguments are replaced by the output folder,
    the shared content copy and the example folder. ``content_files`` replace files of the
    shared content copy for this example only.
    """

    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    content_files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    subprocess: bool = False
    must_refuse: str = ""  # why this input must not give exit 0 (issue 12, "silently wrong output")
    changes: tuple[str, ...] = ()  # for content cases: each line changed in the shipped content

    @property
    def command(self) -> str:
        return self.args[0]

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis prints a failing case with this
        printer.text("Case:\n" + self.describe())

    def describe(self) -> str:
        """A reproducer a person can read: the command and the files with their text."""
        lines = ["cardgen " + " ".join(_shell(a) for a in self.args)]
        lines += [f"--- in the shipped content: {change}" for change in self.changes]
        described = {k for k in self.content_files if any(c.startswith(k + ":") for c in self.changes)}
        for name, data in {**{f"<content>/{k}": v for k, v in self.content_files.items() if k not in described}, **self.files}.items():
            lines.append(f"--- {name} ({len(data)} bytes)")
            lines.append(_preview(data))
        if self.env:
            lines.append(f"--- env {self.env!r}")
        if self.must_refuse:
            lines.append(f"--- must be refused: {self.must_refuse}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Violation:
    kind: str  # traceback, exit code, outside --out, files on failure, pdf, timeout, manifest, ...
    detail: str  # what happened, with enough to route it
    signature: str  # what makes two violations the same class (no random values)

    def __str__(self) -> str:
        return f"[{self.kind}] {self.detail}"


def _shell(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./{}:=,+-]+", arg) else repr(arg)


def _preview(data: bytes, limit: int = 600) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return f"(not UTF-8) {data[:limit]!r}"
    if len(text) > limit:
        return repr(text[:limit]) + f" ... ({len(text)} chars)"
    return text if text.isprintable() or all(c.isprintable() or c in "\n\t" for c in text) else repr(text)


# -- text atoms ---------------------------------------------------------------------------------

CONTROL = [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\n"] + ["\x7f", "\x85"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200e", "\u200f", "\u061c"]
ISOLATES = ["\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200c", "\u200d", "\u180e", "\u3164"]
SEPARATORS = ["\u2028", "\u2029"]
BRACES = ["{", "}", "{{", "}}", "{version}", "{date}", "{0}", "{}", "{version:>9}", "{date!r}", "{version.real}", "{date[0]}", "{{version}}", "{say_silent}", "{nope}", "{locale}", "{region}", "{product}"]
SCRIPTS = ["Conozca", "知道你的权利", "حقوقك", "Права", "अधिकार", "ስልክ", "ᨅᨓ", "👍🏽", "e\u0301", "ﷺ", "𝔘𝔫𝔦", "\U000e0041", "\ufffd"]

_atom = st.one_of(
    st.sampled_from(CONTROL), st.sampled_from(BIDI), st.sampled_from(ISOLATES), st.sampled_from(INVISIBLE),
    st.sampled_from(SEPARATORS), st.sampled_from(BRACES), st.sampled_from(SCRIPTS),
    st.text(min_size=1, max_size=12),  # anything Hypothesis likes (no surrogates: YAML cannot hold them)
    st.text(alphabet="abc XYZ019.:-#%&*!|>'\"@`,[]", min_size=1, max_size=8),
)
wild_text = st.lists(_atom, max_size=6).map("".join)
huge_text = st.sampled_from([0, 1, 5_000, 300_000, 2_100_000]).map(lambda n: "x" * n)
# Text made only of what a reader cannot see: must not pass a "not empty" check.
invisible_text = st.lists(st.sampled_from(INVISIBLE + [" ", "\u00a0", "\u3000"]), min_size=1, max_size=4).map("".join)


# -- YAML fragments -------------------------------------------------------------------------------

def yaml_quoted(text: str, ascii_only: bool) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=ascii_only)


YAML_TRICKS = [
    "&a x", "*a", "*undefined", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=",
    "!custom value", "!!timestamp 2026-02-30", "!!float nan", "!!int '12'", "!!str", "<<: {a: 1}",
    "{<<: {title: x}}", "[&x a, *x]", "{? [a, b] : c}", "{1: a}", "{null: a}", "{true: a}",
    "{2026-12-01: a}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: x}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}",
    "|\n  block\n  text", ">-\n  folded", "'single ''quoted'''", '"\\x00nul"', '"\\u202Eevil"', '"\\uD800"',
    "~", "null", "''", '""', "[]", "{}", "- a", ": x", "? x", "%YAML 1.2", "---", "...", "#comment",
]
DATES = [
    "2026-12-01", "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31", "1-1-1",
    "2026-12-01T10:00:00", "2026-12-01 10:00:00+02:00", "2026-12-01T25:61:00", "2026-02-30T10:00:00",
    "'2026-12-01'", "20261201", "2026/12/01", "December 1, 2026", "1e9", ".nan",
]
NUMBERS = ["1.10", "1.2", "1", "0", "-1", "1e400", ".inf", "-.inf", ".nan", "0x10", "0o17", "1_000", "3.0", "01.2", "+1"]
BOOLS = ["true", "false", "yes", "no", "on", "off", "'false'", '"true"', "True", "FALSE"]


@st.composite
def yaml_value(draw) -> str:
    """One YAML value as it would follow ``key: `` on a line (may span lines after it)."""
    kind = draw(st.sampled_from(["quoted", "ascii", "plain", "trick", "date", "number", "bool", "huge", "invisible", "list", "map"]))
    if kind == "quoted":
        return yaml_quoted(draw(wild_text), ascii_only=False)
    if kind == "ascii":
        return yaml_quoted(draw(wild_text), ascii_only=True)
    if kind == "plain":
        return draw(wild_text).replace("\n", " ")
    if kind == "trick":
        return draw(st.sampled_from(YAML_TRICKS))
    if kind == "date":
        return draw(st.sampled_from(DATES))
    if kind == "number":
        return draw(st.sampled_from(NUMBERS))
    if kind == "bool":
        return draw(st.sampled_from(BOOLS))
    if kind == "huge":
        return yaml_quoted(draw(huge_text), ascii_only=True)
    if kind == "invisible":
        return yaml_quoted(draw(invisible_text), ascii_only=True)
    if kind == "list":
        return "[" + ", ".join(yaml_quoted(t, True) for t in draw(st.lists(wild_text, max_size=3))) + "]"
    return "{" + ", ".join(f"{k}: {yaml_quoted(v, True)}" for k, v in draw(st.dictionaries(st.sampled_from(["a", "title", "1", "version"]), wild_text, max_size=2)).items()) + "}"


WHOLE_FILES = [
    b"",
    b"\xef\xbb\xbf" + b"code: es\n",
    b"\xff\xfe c\x00o\x00d\x00e\x00",
    b"code: es\nname: Espa\xf1ol\n",  # Latin-1, not UTF-8
    b"- just\n- a list\n",
    b"just text",
    b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
    b"a: &a [*a]\n",
    b"&a [*a]\n",
    b"[" * 5000 + b"]" * 5000,
    b"{a: " * 200 + b"x" + b"}" * 200,
    b"!!python/object/apply:os.system ['true']\n",
    b"? [a, b]\n: c\n",
    b"base: &base {code: es}\nother:\n  <<: *base\n",
    b"code: es\ncode: en\n",
    b"\x00\x00\x00",
    b"%TAG ! tag:example.com,2000:\n--- !x\na: b\n",
    b"a: b\n---\nc: d\n",
]


def replace_value(text: str, key_line: str, value: str) -> str:
    """``text`` with the value of the first line starting with ``key_line`` replaced (the key's
    own continuation lines, deeper indented, are dropped with it)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(key_line):
            indent = len(key_line) - len(key_line.lstrip())
            end = index + 1
            while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
                end += 1
            continuation = "\n".join(" " * (indent + 2) + part for part in value.split("\n")[1:])
            first = value.split("\n")[0]
            lines[index : end] = [f"{key_line} {first}"] + ([continuation] if continuation else [])
            return "\n".join(lines)
    raise AssertionError(f"no line {key_line!r}")


# The places of the content a case can change: (file, the start of a line holding a value).
CONTENT_SPOTS = [
    ("es/wallet-card.yaml", "version:"), ("es/wallet-card.yaml", "effective_date:"),
    ("es/wallet-card.yaml", "  status:"), ("es/wallet-card.yaml", "qr_url:"),
    ("es/wallet-card.yaml", "    title:"), ("es/wallet-card.yaml", "      silent:"),
    ("es/wallet-card.yaml", "      calm:"), ("es/wallet-card.yaml", "    qr_caption:"),
    ("es/wallet-card.yaml", "    version_line:"), ("es/wallet-card.yaml", "    heading:"),
    ("es/wallet-card.yaml", "  front:"), ("es/wallet-card.yaml", "translation:"),
    ("en/wallet-card.yaml", "version:"), ("en/wallet-card.yaml", "effective_date:"),
    ("en/wallet-card.yaml", "    version_line:"), ("en/wallet-card.yaml", "    title:"),
    ("en/wallet-card.yaml", "    choice:"), ("en/wallet-card.yaml", "  say_silent:"),
    ("en/wallet-card.yaml", "qr_url:"), ("en/wallet-card.yaml", "spoken:"),
    ("es/locale.yaml", "code:"), ("es/locale.yaml", "name:"), ("es/locale.yaml", "native_name:"),
    ("es/locale.yaml", "script:"), ("es/locale.yaml", "direction:"),
    ("en/locale.yaml", "direction:"), ("en/locale.yaml", "native_name:"),
    ("es/regions.yaml", "version:"), ("es/regions.yaml", "effective_date:"),
    ("es/regions.yaml", "  hotline_label:"), ("es/regions.yaml", "    us:"), ("es/regions.yaml", "    il:"),
    ("es/regions.yaml", "qr_url:"), ("en/regions.yaml", "  hotline_label:"), ("en/regions.yaml", "    us:"),
    ("regions.yaml", "    number:"), ("regions.yaml", "    verified:"), ("regions.yaml", "  name:"),
    ("regions.yaml", "  hotline:"), ("regions.yaml", "il:"),
]
CONTENT_FILES = sorted({f for f, _ in CONTENT_SPOTS})
_URL_VALUES = [
    "https://a.org@b.example/", "https://example.org:99999/", "https://example.org:x/", "https://exa mple.org/",
    "https://example.org/\x07", "http://example.org/", "https://", "https://[::1/", "https://example.org/" + "a" * 3000,
    "javascript:alert(1)", "https://例え.jp/", "https://example.org/{locale}", "https://example.org/%zz", "//example.org",
]


_TEXT_SPOTS = {"    title:", "      silent:", "      calm:", "    qr_caption:", "    version_line:", "    heading:", "    choice:", "  say_silent:"}


def refusal_reason(spot: str, fragment: str) -> str:
    """Why a value written at ``spot`` must be refused, when the issue says so; "" otherwise.

    Only what issue 12 lists as silently wrong output: bidi embedding and override controls,
    NUL, text of nothing but invisible characters, doubled braces in the version line, a
    version read as a number, links with control characters, spaces, user-info or a bad port.
    """
    import yaml

    try:
        value = yaml.safe_load("k: " + fragment)["k"]
    except Exception:  # noqa: BLE001 - not YAML: the loader must refuse it anyway, no oracle needed
        return ""
    if spot == "version:":
        return "" if isinstance(value, str) else f"version {value!r} is not quoted text (YAML read it as {type(value).__name__})"
    if not isinstance(value, str):
        return ""
    if spot in _TEXT_SPOTS:
        if bad := sorted({f"U+{ord(c):04X}" for c in value if "\u202a" <= c <= "\u202e" or c == "\x00"}):
            return f"text holds {', '.join(bad)} (bidi embedding/override or NUL)"
        if value and not value.strip("".join(INVISIBLE) + " \u00a0\u3000\t"):
            return "text is only invisible characters"
        if spot == "    version_line:" and ("{{" in value or "}}" in value):
            return "version line has doubled braces (would print a literal placeholder)"
    if spot == "qr_url:":
        from urllib.parse import urlsplit

        if re.search(r"[\x00-\x20\x7f]", value):
            return "link holds a control character or space"
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError:
            return "link has an invalid port or address"
        if "@" in parts.netloc:
            return "link has user-info before '@'"
        if port is not None and not 0 < port < 65536:
            return "link has an invalid port"
    return ""


@st.composite
def issue_value(draw) -> tuple[str, str]:
    """(spot, value) of the kinds issue 12 lists as printed silently wrong, for the Spanish card."""
    spot = draw(st.sampled_from(sorted(_TEXT_SPOTS - {"    choice:", "  say_silent:"})))
    kind = draw(st.sampled_from(["bidi", "nul", "invisible", "braces", "version", "url"]))
    if kind == "version":
        return "version:", draw(st.sampled_from(["1.10", "1.2", "2", "1.20", "0.9"]))
    if kind == "url":
        return "qr_url:", yaml_quoted(draw(st.sampled_from(_URL_VALUES[:6])), True)
    if kind == "braces":
        return "    version_line:", yaml_quoted(draw(st.sampled_from(["Versión {{version}} · {date}", "Versión {version} · {date} }}", "{{date}} {version} {date}"])), True)
    text = draw(st.sampled_from(["Conozca", "حقوقك", "Права"]))
    extra = draw(st.sampled_from(BIDI[:5])) if kind == "bidi" else ("\x00" if kind == "nul" else "")
    if kind == "invisible":
        return spot, yaml_quoted(draw(invisible_text), True)
    where = draw(st.integers(0, len(text)))
    return spot, yaml_quoted(text[:where] + extra + text[where:], draw(st.booleans()))


@st.composite
def content_cases(draw, original: dict[str, bytes]) -> Case:
    """The shipped content with one or two values (or whole files) of the wallet card's files
    (English and Spanish), the locales and the regions replaced by generated ones."""
    changed: dict[str, bytes] = {}
    placed: list[tuple[str, str, str]] = []  # (file, spot, fragment) of every value put in
    if draw(st.integers(0, 3)) == 0:  # one of issue 12's silently wrong values, on the Spanish card
        spot, value = draw(issue_value())
        text = replace_value(original["es/wallet-card.yaml"].decode("utf-8"), spot, value)
        reason = refusal_reason(spot, value)
        return Case(["build", "-p", "wallet-card", "-l", "es", "--content", "{content}", "-o", "{out}"],
                    content_files={"es/wallet-card.yaml": text.encode("utf-8")}, must_refuse=f"es/wallet-card.yaml {spot.strip()} {reason}" if reason else "",
                    changes=(_change("es/wallet-card.yaml", spot, value),))
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.integers(0, 9)) == 0:
            name = draw(st.sampled_from(CONTENT_FILES))
            changed[name] = draw(st.sampled_from(WHOLE_FILES))
            placed.append((name, "", changed[name].decode("utf-8", "backslashreplace")))
            continue
        name, spot = draw(st.sampled_from(CONTENT_SPOTS))
        value = draw(st.one_of(yaml_value(), st.sampled_from(_URL_VALUES).map(lambda u: yaml_quoted(u, True))) if "url" in spot else yaml_value())
        base = changed.get(name, original[name])
        try:
            text = base.decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            changed[name] = replace_value(text, spot, value).encode("utf-8", "surrogatepass")
            placed.append((name, spot, value))
        except AssertionError:
            continue
    locale = draw(st.sampled_from(["es", "en"]))
    region = draw(st.sampled_from(["us", "il"]))
    product = draw(st.sampled_from(["wallet-card", "wallet-card", "door-sign"]))
    reasons = [
        f"{name} {spot.strip()} {reason}" for name, spot, fragment in placed
        if name == f"{locale}/wallet-card.yaml" and product == "wallet-card" and (reason := refusal_reason(spot, fragment))
    ]
    changes = tuple(_change(name, spot, fragment) for name, spot, fragment in placed if changed.get(name) is not None)
    return Case(["build", "-p", product, "-l", locale, "--region", region, "--content", "{content}", "-o", "{out}"],
                content_files=changed, must_refuse="; ".join(reasons), changes=changes)


def _change(name: str, spot: str, fragment: str) -> str:
    shown = fragment if len(fragment) <= 300 else fragment[:300] + f"... ({len(fragment)} chars)"
    return f"{name}: the line {spot.strip()!r} now reads {(spot.strip() + ' ' + shown)!r}" if spot else f"{name}: whole file replaced by {shown!r}"


# -- organisation profiles --------------------------------------------------------------------

def png(width: int, height: int, pixels: bytes | None = None, colour_type: int = 2) -> bytes:
    """A PNG file; ``pixels`` None gives a real image of that size (keep it small), otherwise the
    IHDR declares the size and IDAT holds ``pixels`` compressed (a lie, or a bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    channels = {2: 3, 6: 4, 0: 1}[colour_type]
    if pixels is None:
        pixels = b"".join(b"\x00" + b"\x80" * (width * channels) for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b"")


LOGOS = {
    "tiny.png": png(4, 3),
    "alpha.png": png(2, 2, colour_type=6),
    "broken.png": b"\x89PNG\r\n\x1a\nbroken",
    "notimage.png": b"hello",
    "empty.png": b"",
    "huge-declared.png": png(200_000, 200_000, pixels=b"\x00" * 10),  # 40 gigapixels declared, 10 bytes given
    "bomb.png": b"",  # made on first use by _bomb(): 121 MP of zeros in a file of about 400 KB
    "logo.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
}
_BOMB: list[bytes] = []


def _bomb(side: int = 11_000) -> bytes:
    """A decompression bomb: a PNG whose few hundred KB inflate to side x side RGB pixels."""
    if not _BOMB:
        packer = zlib.compressobj(9)
        row = bytes(side * 3 + 1)
        idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
        _BOMB.append(png(side, side, pixels=b"")[:33]  # signature and IHDR
                      + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))
    return _BOMB[0]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def logo_bytes(name: str) -> bytes:
    return _bomb() if name == "bomb.png" else LOGOS[name]


_ACCENTS = ["#1d4e89", "#b0122b", "#ffffff", "#000000", "1d4e89", "#1D4E89", "#12345", "#gggggg", "red", "#1d4e89ff", "", " #1d4e89 "]
_TEMPLATES = [
    "https://example.org/{locale}/{region}/{product}", "https://example.org/{locale", "https://example.org/{locale}}",
    "https://example.org/{{locale}}", "https://example.org/{0}", "https://example.org/{}", "https://example.org/{locale:>40}",
    "https://example.org/{locale!r}", "https://example.org/{locale.upper}", "https://example.org/{region[0]}",
    "https://example.org/{nope}", "https://example.org/{{", "https://example.org/}", "{locale}", "https://{locale}.example.org/",
    "https://example.org/" + "{product}" * 400, "https://example.org/" + "q" * 5000, "https://a.org@b.example/{locale}",
    "https://example.org:0/{locale}", "https://example.org:65536/", "https://exa mple.org/", "https://example.org/\u202e",
]


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else ("nan" if value != value else ("inf" if value > 0 else "-inf"))
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    return toml_string(str(value))


def yaml_dump_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ".nan" if value != value else (".inf" if value == float("inf") else ("-.inf" if value == float("-inf") else repr(value)))
    if isinstance(value, (int, list, dict)) or value is None:
        return json.dumps(value, ensure_ascii=False) if value is not None else "null"
    return yaml_quoted(str(value), ascii_only=False)


def serialise(data: dict[str, object], toml: bool, raw: dict[str, str] | None = None) -> bytes:
    """``data`` as a TOML or YAML file; ``raw`` values (YAML only) go in as written."""
    lines = []
    for key, value in data.items():
        if toml:
            lines.append(f"{json.dumps(key)} = {toml_value(value)}")
        else:
            lines.append(f"{json.dumps(key)}: {raw[key] if raw and key in raw else yaml_dump_value(value)}")
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


_odd_value = st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.lists(st.text(max_size=3), max_size=2), st.none())


@st.composite
def org_profile(draw) -> tuple[bytes, str, dict[str, bytes]]:
    """(profile bytes, file name, extra files beside it)."""
    toml = draw(st.booleans())
    data: dict[str, object] = {}
    raw: dict[str, str] = {}
    extra: dict[str, bytes] = {}
    if draw(st.booleans()):  # half the profiles are valid ones, so that their PDFs get checked too
        return _good_profile(draw, toml, extra)
    if draw(st.integers(0, 9)):
        data["name"] = draw(st.one_of(st.sampled_from(["Our Org", "Связь", "رابطة", "組織", "संगठन", "ⵜⴰⵎⵙⵙⵓⴷⵙⵜ"]), wild_text, invisible_text, huge_text, _odd_value))
    for key, values in (("phone", st.one_of(st.sampled_from(["+1 312 555 0100", "555-0100\u202e", "1-800-FLOWERS"]), wild_text, _odd_value)),
                        ("website", st.one_of(st.sampled_from(_URL_VALUES + ["https://example.org"]), wild_text)),
                        ("qr_url", st.one_of(st.sampled_from(_TEMPLATES), wild_text.map(lambda t: "https://example.org/" + t))),
                        ("accent", st.one_of(st.sampled_from(_ACCENTS), _odd_value)),
                        ("site_url", st.sampled_from(["https://rights.example.org", "https://a.org@b.example", "ftp://x"]))):
        if draw(st.integers(0, 2)) == 0:
            data[key] = draw(values)
    if draw(st.booleans()):
        logo = draw(st.sampled_from(sorted(LOGOS) + ["missing.png", "../outside.png", "", "/dev/zero", "."]))
        data["logo"] = logo
        if logo in LOGOS:
            extra[logo] = logo_bytes(logo)
    if draw(st.integers(0, 5)) == 0:
        data["colour"] = "#000000"  # unknown key
    if not toml and draw(st.integers(0, 4)) == 0 and data:
        raw[draw(st.sampled_from(sorted(data)))] = draw(st.sampled_from(YAML_TRICKS))
    if draw(st.integers(0, 12)) == 0:
        return draw(st.sampled_from(WHOLE_FILES)), ("org.toml" if toml else "org.yaml"), extra
    return serialise(data, toml, raw), ("org.toml" if toml else "org.yaml"), extra


GOOD_NAMES = ["Our Org", "Связь", "رابطة", "組織", "संगठन", "Ligue des droits", "Tổ chức", "Comité \u2066ABC\u2069 de apoyo", "A" * 80, "x"]


def _good_profile(draw, toml: bool, extra: dict[str, bytes]) -> tuple[bytes, str, dict[str, bytes]]:
    data: dict[str, object] = {"name": draw(st.sampled_from(GOOD_NAMES))}
    if draw(st.booleans()):
        data["phone"] = draw(st.sampled_from(["+1 312 555 0100", "(773) 555-0199", "1-844-363-1423"]))
    if draw(st.booleans()):
        data["website"] = draw(st.sampled_from(["https://example.org", "https://ligue.example.org/es/", "https://例え.jp/"]))
    choice = draw(st.integers(0, 2))
    if choice == 1:
        data["qr_url"] = draw(st.sampled_from(_TEMPLATES[:1] + ["https://example.org/{product}?l={locale}&r={region}", "https://example.org/fixed"]))
    elif choice == 2:
        data["site_url"] = "https://rights.example.org"
    if draw(st.booleans()):
        data["accent"] = draw(st.sampled_from(["#1d4e89", "#b0122b", "#000000", "#1D4E89"]))
    if draw(st.booleans()):
        data["logo"] = logo = draw(st.sampled_from(["tiny.png", "alpha.png"]))
        extra[logo] = logo_bytes(logo)
    return serialise(data, toml), ("org.toml" if toml else "org.yaml"), extra


@st.composite
def org_cases(draw) -> Case:
    profile, name, extra = draw(org_profile())
    product = draw(st.sampled_from(["wallet-card", "door-sign", "workplace-sign"]))
    files = {f"in/{name}": profile, **{f"in/{k}": v for k, v in extra.items()}}
    return Case(["build", "-p", product, "-l", draw(st.sampled_from(["es", "ar", "zh-Hans"])), "--org", f"{{here}}/in/{name}", "-o", "{out}"], files=files)


# -- sheet files ------------------------------------------------------------------------------

SHEET_NAMES = ["mine", "../x", "../../../../escaped", "a/b", "/abs", "", ".", "..", "a\x00b", "\x00", "CON", "x" * 300, "名前", "a b", " ", "-", "a\\b", "a:b", "\u202e", "..\\x"]
LENGTHS = ["0.75in", "12.5mm", "36pt", 19.05, 0, -3, "nan", "inf", "-inf", "nanmm", "infin", "1e308in", "-0mm", "1e-300mm", "  5 mm ", "5cm", "", float("nan"), float("inf"), 1e308, "0x10mm", True, None, [1], "1_000mm"]
COUNTS = [1, 2, 5, 0, -1, 10**6, 10**12, 3.0, "2", True, None, 200, 201, 14, 15]


GOOD_SHEET_CHANGES = [
    ("name", "my-sheet"), ("name", "Sheet_2"), ("name", "a"), ("columns", 1), ("rows", 1), ("rows", 4),
    ("left", "19.05mm"), ("left", 54), ("top", "36pt"), ("column_gap", "0in"), ("row_gap", "0mm"),
    ("crop_marks", True), ("crop_marks", False), ("bleed", False), ("card_size", "cr80"),
    ("page_width", "216mm"), ("page_height", "279.4mm"), ("left", "0"), ("top", "0mm"),
]


@st.composite
def sheet_file(draw) -> tuple[bytes, str]:
    """A sheet file near Avery 5371 (so many are valid) with one to three fields changed."""
    data: dict[str, object] = {
        "name": "mine", "card_size": "us-business", "columns": 2, "rows": 5, "page_width": "8.5in",
        "page_height": "11in", "left": "0.75in", "top": "0.5in",
    }
    good = draw(st.booleans())  # half the sheets are valid ones, so that their PDFs get checked too
    for _ in range(draw(st.integers(0 if good else 1, 3))):
        if good:
            key, value = draw(st.sampled_from(GOOD_SHEET_CHANGES))
            data[key] = value
            continue
        key = draw(st.sampled_from(["name", "name", "card_size", "columns", "rows", "page_width", "page_height", "left", "top", "column_gap", "row_gap", "crop_marks", "bleed", "drop", "extra"]))
        if key == "name":
            data[key] = draw(st.one_of(st.sampled_from(SHEET_NAMES), wild_text))
        elif key == "card_size":
            data[key] = draw(st.sampled_from(["us-business", "cr80", "eu-business", "letter", "nope", "", 3]))
        elif key in ("columns", "rows"):
            data[key] = draw(st.sampled_from(COUNTS))
        elif key in ("crop_marks", "bleed"):
            data[key] = draw(st.sampled_from([True, False, "false", "true", 0, 1, "yes"]))
        elif key == "drop":
            data.pop(draw(st.sampled_from(sorted(data))), None)
        elif key == "extra":
            data["gutter"] = "1mm"
        else:
            data[key] = draw(st.one_of(st.sampled_from(LENGTHS), st.floats(), st.integers(-10**6, 10**6)))
    toml = draw(st.booleans())
    data = {k: v for k, v in data.items() if not (toml and v is None)}  # TOML has no null
    if not good and draw(st.integers(0, 15)) == 0:
        return draw(st.sampled_from(WHOLE_FILES)), "sheet.yaml"
    return serialise(data, toml), ("sheet.toml" if toml else "sheet.yaml")


@st.composite
def sheet_cases(draw) -> Case:
    content, name = draw(sheet_file())
    args = ["build", "-p", "wallet-card", "-l", draw(st.sampled_from(["es", "ar"])), "--sheet-file", f"{{here}}/in/{name}", "-o", "{out}"]
    if draw(st.booleans()):
        args += ["--copies", str(draw(st.sampled_from([1, 3, 11, 25])))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--bleed", draw(st.sampled_from(["default", "2mm"]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--duplex", draw(st.sampled_from(["long-edge", "short-edge", "none"]))]
    return Case(args, files={f"in/{name}": content})


# -- batch orders -----------------------------------------------------------------------------

_GOOD_ORG = b'name: "Our Org"\nphone: "+1 312 555 0100"\naccent: "#1d4e89"\n'
# Names in other scripts. Two of them (Cyrillic, Greek) print in every locale's font stack, and
# any two non-Latin names once made the same file name.
_OTHER_SCRIPT_ORGS = {
    "org-ru.yaml": 'name: "Связь"\n'.encode(), "org-el.yaml": 'name: "Ένωση"\n'.encode(),
    "org-ar.yaml": 'name: "رابطة"\n'.encode(), "org-zh.yaml": 'name: "組織"\n'.encode(),
}


@st.composite
def good_order_item(draw) -> dict[str, object]:
    """An item every field of which is valid: the order should build."""
    item: dict[str, object] = {"product": draw(st.sampled_from(["wallet-card", "wallet-card", "door-sign"]))}
    item["locales"] = draw(st.lists(st.sampled_from(["es", "ar", "zh-Hans", "en"]), min_size=1, max_size=2, unique=True))
    for key, values in (
        ("region", st.sampled_from(["us", "il", "tx"])),
        ("org", st.sampled_from(["org.yaml", "org-ru.yaml", "org-el.yaml"])),
        ("sheet", st.sampled_from(["avery-5371", "letter-10up"]) if item["product"] == "wallet-card" else st.just("single")),
        ("duplex", st.sampled_from(["long-edge", "short-edge", "none"])),
        ("bleed", st.sampled_from([True, False, "3mm", "2mm"])),
        ("quantity", st.sampled_from([1, 2, 11, 250])),
        ("cmyk", st.booleans()),
        ("site_url", st.just("https://rights.example.org")),
    ):
        if draw(st.integers(0, 2)) == 0:
            item[key] = draw(values)
    if item.get("sheet") == "avery-5371":
        item.pop("bleed", None)  # die-cut stock takes no bleed
    return item


@st.composite
def order_item(draw) -> dict[str, object]:
    item: dict[str, object] = {}
    if draw(st.integers(0, 12)):
        item["product"] = draw(st.sampled_from(["wallet-card", "wallet-card", "door-sign", "wallet_card", "Wallet-Card", "", 3, "../x"]))
    if draw(st.integers(0, 3)):
        item["locales"] = draw(st.one_of(
            st.lists(st.sampled_from(["es", "es", "ar", "zh-Hans", "xx", "ES", "../es", "", "es\x00"]), min_size=0, max_size=3),
            st.sampled_from(["es", "ALL", 3, None, [1], {"a": "b"}]),
        ))
    for key, values in (
        ("region", st.sampled_from(["us", "il", "IL", "zz", "../il", 1, None])),
        ("org", st.sampled_from(["org.yaml", "org-ru.yaml", "org-el.yaml", "org-ar.yaml", "org-zh.yaml", "missing.yaml", "../org.yaml", "", 3])),
        ("size", st.sampled_from(["us-business", "cr80", "a4", "nope", "", 1, None])),
        ("sheet", st.sampled_from(["single", "avery-5371", "letter-10up", "booklet", "nope", "../x", ""])),
        ("duplex", st.sampled_from(["long-edge", "short-edge", "none", "long_edge", "Long-Edge", "shortedge", "", True, 1])),
        ("bleed", st.sampled_from([True, False, "false", "true", "no", "3mm", "nan", "nanmm", "inf", "infmm", "-1mm", "100mm", 0, 1, -1, 2.5, "", "0mm"])),
        ("quantity", st.sampled_from([1, 2, 11, 250, 0, -1, 10**9, 10**18, "5", 2.5, True, False, None, "1e3"])),
        ("cmyk", st.sampled_from([True, False, "false", "true", "no", 0, 1, "yes", None])),
        ("site_url", st.sampled_from(["https://rights.example.org", "https://a.org@b.example", "http://x", "https://x.org/\x07", 3])),
        ("unknown", st.just("x")),
    ):
        if draw(st.integers(0, 3)) == 0:
            item[key] = draw(values)
    return item


@st.composite
def batch_cases(draw) -> Case:
    good = draw(st.booleans())  # half the orders are valid ones, so that their files get checked too
    items = draw(st.lists(good_order_item() if good else order_item(), min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        items.append(dict(items[0]))  # the same item twice
    order: dict[str, object] = {"items": items}
    if draw(st.integers(0, 6)) == 0:
        order["site_url"] = draw(st.sampled_from(["https://rights.example.org", "nope"]))
    text = "items:\n" + "".join(
        "  - " + ("{}" if not it else "\n    ".join(f"{k}: {yaml_dump_value(v)}" for k, v in it.items())) + "\n" for it in items
    )
    if "site_url" in order:
        text += f"site_url: {yaml_dump_value(order['site_url'])}\n"
    if not good and draw(st.integers(0, 10)) == 0:
        text = draw(st.sampled_from(WHOLE_FILES)).decode("utf-8", "replace")
    files = {"in/order.yaml": text.encode("utf-8", "surrogatepass"), "in/org.yaml": _GOOD_ORG, **{f"in/{k}": v for k, v in _OTHER_SCRIPT_ORGS.items()}}
    if not good and draw(st.integers(0, 8)) == 0:
        files["in/order.yaml"] = files["in/order.yaml"].replace(b"es", b"\xe9s", 1)  # not UTF-8
    return Case(["batch", "{here}/in/order.yaml", "-o", "{out}", "--jobs", "1"], files=files)


# -- build options ----------------------------------------------------------------------------

@st.composite
def good_option_cases(draw) -> Case:
    """Options that should build: each product with sizes, sheets and print options it takes."""
    product = draw(st.sampled_from(["wallet-card", "wallet-card", "door-sign", "guide"]))
    args = ["build", "-p", product, "-o", "{out}", "-l", draw(st.sampled_from(["es", "ar", "en", "zh-Hans", "my"]))]
    sizes = {"wallet-card": ["us-business", "cr80", "eu-business"], "door-sign": ["letter", "a4", "half-letter"], "guide": ["half-letter", "a5"]}[product]
    if draw(st.booleans()):
        args += ["--size", draw(st.sampled_from(sizes))]
    sheet = draw(st.sampled_from({"wallet-card": ["single", "avery-5371", "letter-10up", "a4-10up"], "door-sign": ["single"], "guide": ["single", "booklet"]}[product]))
    if sheet != "single" or draw(st.booleans()):
        args += ["--sheet", sheet]
    if sheet != "single" and product == "wallet-card" and draw(st.booleans()):
        args += ["--copies", str(draw(st.sampled_from([1, 9, 10, 11, 25])))]
    if draw(st.booleans()):
        args += ["--back-offset", draw(st.sampled_from(["0,0", "1.5,-0.5", "-3,2.25", "0.1,0"]))]
    if sheet not in ("avery-5371", "avery-c32011", "booklet") and draw(st.booleans()):
        args += ["--bleed", draw(st.sampled_from(["default", "2mm", "3mm", "0.125in", "9pt"]))]
    if draw(st.integers(0, 2)) == 0:
        args += ["--duplex", draw(st.sampled_from(["long-edge", "short-edge", "none"]))]
    if draw(st.booleans()):
        args += ["--region", draw(st.sampled_from(["us", "il", "ca", "ny", "tx"]))]
    if draw(st.integers(0, 2)) == 0:
        args += ["--cmyk"]
    if draw(st.integers(0, 3)) == 0:
        args += ["--site-url", "https://rights.example.org"]
    return Case(args)


@st.composite
def option_cases(draw) -> Case:
    if draw(st.booleans()):  # half the option sets are valid ones, so that their PDFs get checked too
        return draw(good_option_cases())
    product = draw(st.sampled_from(["wallet-card", "wallet-card", "door-sign", "guide"]))
    args = ["build", "-p", product, "-o", "{out}"]
    args += ["-l", draw(st.sampled_from(["es", "ar", "en", "xx", "", "../es", "es\x00", "ES", "zh-hans", "es/../en"]))]
    if draw(st.booleans()):
        args += ["--copies", draw(st.sampled_from(["1", "10", "11", "0", "-1", "10001", "1000000000", "1e3", "nan", "", "2.5"]))]
    if draw(st.booleans()):
        args += ["--back-offset", draw(st.one_of(
            st.sampled_from(["0,0", "1.5,-0.5", "nan,0", "inf,0", "0,-inf", "1e9,0", "300,0", "-1000,5", "1,2,3", "", ",", "a,b", "1", "0x10,0", "1_0,0"]),
            st.tuples(st.floats(), st.floats()).map(lambda xy: f"{xy[0]!r},{xy[1]!r}"),
        ))]
    if draw(st.booleans()):
        args += ["--bleed", draw(st.sampled_from(["default", "2mm", "3mm", "0.125in", "nan", "nanmm", "infmm", "inf", "-1mm", "0", "0mm", "20mm", "21mm", "1e400mm", "", "9pt", "1e-300mm"]))]
    if draw(st.booleans()):
        args += ["--size", draw(st.sampled_from(["us-business", "cr80", "eu-business", "letter", "a4", "half-letter", "a5", "nope", "", "../a4"]))]
    if draw(st.booleans()):
        args += ["--sheet", draw(st.sampled_from(["single", "avery-5371", "avery-c32011", "letter-10up", "a4-10up", "booklet", "nope", "", "../x"]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--duplex", draw(st.sampled_from(["long-edge", "short-edge", "none"]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--region", draw(st.sampled_from(["us", "il", "tx", "zz", "", "../il", "IL"]))]
    if draw(st.integers(0, 4)) == 0:
        args += ["--cmyk"]
    if draw(st.integers(0, 5)) == 0:
        args += ["--site-url", draw(st.sampled_from(["https://rights.example.org", "https://a.org@b.example", "http://x", "https://x.org:99999", "https://x.org/ a"]))]
    return Case(args)


@st.composite
def console_cases(draw) -> Case:
    """A real process: a console that is not UTF-8, a SOURCE_DATE_EPOCH of any text."""
    env = {"PYTHONIOENCODING": draw(st.sampled_from(["cp1252", "ascii", "cp437", "utf-8"]))}
    if draw(st.booleans()):
        env["SOURCE_DATE_EPOCH"] = draw(st.sampled_from(["0", "1764547200", "-1", "abc", "", "1e9", "99999999999999999999", "nan"]))
    locale = draw(st.sampled_from(["ar", "zh-Hans", "xx", "es"]))
    args = ["build", "-p", "wallet-card", "-l", locale, "-o", "{out}"]
    if draw(st.booleans()):
        args += ["--org", "{here}/in/org.yaml"]
    name = draw(st.sampled_from(["組織", "Связь", "رابطة"]))
    return Case(args, files={"in/org.yaml": f'name: "{name}"\n'.encode()}, env=env, subprocess=True)


# -- running a case ---------------------------------------------------------------------------

def tree(root: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file under ``root`` (not under ``skip``) with a hash of its bytes."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if skip is not None and (here == skip or skip in here.parents):
            dirs[:] = []
            continue
        for name in files:
            path = here / name
            try:
                found[str(path.relative_to(root))] = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else "special"
            except OSError:
                found[str(path.relative_to(root))] = "unreadable"
    return found


class _Timeout(BaseException):
    """Raised by the alarm inside a run that takes too long (BaseException: no except catches it)."""


def _alarm(signum, frame):
    raise _Timeout()


def _where(exc_info) -> str:
    """The innermost frame of cardgen (or the last frame) of a traceback, as file:function."""
    frames = traceback.extract_tb(exc_info[2]) if exc_info and exc_info[2] else []
    ours = [f for f in frames if "cardgen" in f.filename and "/tests/" not in f.filename] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    path = frame.filename.split("cardgen/", 1)[-1] if "cardgen/" in frame.filename else os.path.basename(frame.filename)
    return f"{path}:{frame.lineno} in {frame.name}"


def run_case(case: Case, root: Path, content: Path) -> tuple[list[Violation], int | None, str]:
    """Run ``case`` in a fresh folder under ``root`` and return (violations, exit code, output).

    ``root`` is snapshotted whole (with the shared ``content`` copy inside it), except the
    output folder, before and after the run.
    """
    here = Path(tempfile.mkdtemp(prefix="ex-", dir=root)) / "a" / "b" / "c"  # deep, so '../../..' stays inside root
    out = here / "out"
    here.mkdir(parents=True)
    originals = {rel: (content / rel).read_bytes() for rel in case.content_files}
    try:
        for rel, data in case.files.items():
            (here / rel).parent.mkdir(parents=True, exist_ok=True)
            (here / rel).write_bytes(data)
        for rel, data in case.content_files.items():
            (content / rel).write_bytes(data)
        args = [a.replace("{out}", str(out)).replace("{content}", str(content)).replace("{here}", str(here)) for a in case.args]
        before = tree(root, skip=out)
        start = time.monotonic()
        code, output, exc_where, exc_text = (_run_subprocess if case.subprocess else _run_in_process)(args, here, case.env)
        elapsed = time.monotonic() - start
        after = tree(root, skip=out)
        violations = _judge(case, code, output, exc_where, exc_text, elapsed, before, after, out, root)
        return violations, code, output
    finally:
        for rel, data in originals.items():
            (content / rel).write_bytes(data)
        shutil.rmtree(here.parents[2], ignore_errors=True)


def _run_in_process(args: list[str], here: Path, env: dict[str, str]) -> tuple[int | None, str, str, str]:
    from click.testing import CliRunner

    from cardgen.cli import main

    runner = CliRunner()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HARD_TIMEOUT_S)
    cwd = os.getcwd()
    os.chdir(here)  # anything written relative to the working folder lands inside the snapshot
    try:
        try:
            result = runner.invoke(main, args, catch_exceptions=True, env=env or None)
        except _Timeout:
            return None, "", "timeout", ""
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        os.chdir(cwd)
    output = result.output + (result.stderr if _stderr_separate(result) else "")
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return result.exit_code, output, f"{type(exc).__name__} at {_where(result.exc_info)}", text
    return result.exit_code, output, "", ""


def _stderr_separate(result) -> bool:
    try:
        return result.stderr_bytes is not None and result.stderr not in result.output
    except ValueError:
        return False


def _run_subprocess(args: list[str], here: Path, env: dict[str, str]) -> tuple[int | None, str, str, str]:
    import subprocess
    import sys

    full_env = {**os.environ, **env}
    try:
        done = subprocess.run([sys.executable, "-m", "cardgen", *args], cwd=here, env=full_env, capture_output=True, timeout=HARD_TIMEOUT_S * 2)
    except subprocess.TimeoutExpired:
        return None, "", "timeout", ""
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    if "Traceback" in output:
        last = [line for line in output.splitlines() if line.strip()][-1]
        frames = re.findall(r'File "([^"]*cardgen/[^"]*)", line (\d+), in (\w+)', output) or re.findall(r'File "([^"]*)", line (\d+), in (\w+)', output)
        where = f"{frames[-1][0].split('cardgen/', 1)[-1]}:{frames[-1][1]} in {frames[-1][2]}" if frames else "?"
        return done.returncode, output, f"{last.split(':')[0]} at {where}", output
    return done.returncode, output, "", ""


def _judge(case: Case, code, output: str, exc_where: str, exc_text: str, elapsed: float, before, after, out: Path, root: Path) -> list[Violation]:
    found: list[Violation] = []
    if exc_where == "timeout":
        return [Violation("timeout", f"still running after {HARD_TIMEOUT_S} s", f"timeout {case.command}")]
    if exc_where:
        last_line = exc_text.strip().splitlines()[-1] if exc_text.strip() else ""
        found.append(Violation("traceback", f"{exc_where}: {last_line[:300]}", f"traceback {exc_where}"))
    elif "Traceback" in output:
        found.append(Violation("traceback", "'Traceback' in the output", f"traceback text {case.command}"))
    allowed = BATCH_EXITS if case.command == "batch" else BUILD_EXITS
    if code not in allowed and not exc_where:
        first = next((line for line in output.splitlines() if line.strip()), "")
        found.append(Violation("exit code", f"exit {code}: {first[:300]}", f"exit {code} {case.command} {_message_shape(first)}"))
    if case.command == "batch" and code == 1 and not exc_where and "Failed:" not in output:
        found.append(Violation("exit code", "exit 1 without a failed item", f"exit 1 batch no failed item {_message_shape(output)}"))
    internal = re.search(r"Located\(|object at 0x[0-9a-f]+|<class '|PosixPath\(", output)
    if internal:
        line = next((l for l in output.splitlines() if internal.group(0) in l), "")
        found.append(Violation("message", f"internal value in a message: {line.strip()[:300]}", f"message shows {internal.group(0)[:10]} {case.command}"))
    if code == 0 and case.must_refuse:
        found.append(Violation("silently accepted", f"exit 0, but {case.must_refuse}", f"accepted {_message_shape(case.must_refuse)}"))
    created = sorted(set(after) - set(before))
    changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
    removed = sorted(set(before) - set(after))
    for label, paths in (("created", created), ("changed", changed), ("removed", removed)):
        if paths:
            found.append(Violation("outside --out", f"{label} outside --out: {', '.join(paths[:5])}", f"outside {label} {case.command}"))
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) if out.is_dir() else []
    if case.command == "build" and code not in (0, None) and written:
        found.append(Violation("files on failure", f"exit {code} but wrote {', '.join(written[:5])}", f"files on failure {case.command}"))
    expected = (".pdf",) if case.command == "build" else (".pdf", "manifest.json", "summary.txt", "job-ticket.csv", "job-ticket.json")
    stray = [w for w in written if not w.endswith(expected) or "/" in w]
    if stray:
        found.append(Violation("stray file in --out", ", ".join(stray[:5]), f"stray {case.command} {sorted({Path(s).suffix for s in stray})}"))
    if code == 0 or (case.command == "batch" and code == 1):
        for name in written:
            if name.endswith(".pdf"):
                found.extend(check_pdf(out / name))
    if case.command == "batch" and code in (0, 1):
        found.extend(check_manifest(out))
    if case.command == "batch" and code in (2, 3, 4) and any(w.endswith(".pdf") for w in written):
        found.append(Violation("files on failure", f"batch refused (exit {code}) after writing PDFs", "batch files on refusal"))
    return found


def _message_shape(line: str) -> str:
    """A message with its quoted values and numbers taken out, so one class is one signature."""
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    line = re.sub(r"(?<![\w.])/[^\s:]+", "PATH", line)
    line = re.sub(r"U\+[0-9A-Fa-f]+", "U+X", line)
    return re.sub(r"\d+", "N", line)[:120]


_BAD_NUMBER = re.compile(rb"(?<![A-Za-z0-9_#/])[-+]?(nan|inf|infinity)(?![A-Za-z0-9_])", re.IGNORECASE)
_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")  # PDF literal and hex strings


def check_pdf(path: Path) -> list[Violation]:
    """qpdf's structure check, no NaN or infinite number, every box inside the MediaBox."""
    import math

    import pikepdf

    name = path.name
    found: list[Violation] = []
    try:
        pdf = pikepdf.open(path)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return [Violation("pdf", f"{name}: does not open ({exc})", "pdf does not open")]
    with pdf:
        checker = getattr(pdf, "check_pdf_syntax", None) or pdf.check
        problems = [p for p in checker() if p]
        if problems:
            found.append(Violation("pdf", f"{name}: qpdf check: {problems[0][:200]}", "pdf qpdf check"))
        for number, page in enumerate(pdf.pages, start=1):
            data = b""
            try:
                data = page.obj.Contents.read_bytes() if isinstance(page.obj.get("/Contents"), pikepdf.Stream) else b"".join(s.read_bytes() for s in page.obj.get("/Contents", []))
            except Exception:  # noqa: BLE001
                pass
            if _BAD_NUMBER.search(_STRINGS.sub(b"", data)):  # drawn text such as "nan" is not a number
                found.append(Violation("pdf", f"{name} page {number}: NaN or infinity in the content stream", "pdf nan in content"))
            boxes = {}
            for box in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
                value = page.obj.get(box)
                if value is None:
                    continue
                try:
                    boxes[box] = [float(v) for v in value]
                except (TypeError, ValueError):
                    found.append(Violation("pdf", f"{name} page {number}: {box} {value!r} is not numbers", "pdf box not numbers"))
            media = boxes.get("/MediaBox")
            if media is None:
                continue
            if not all(math.isfinite(v) for b in boxes.values() for v in b):
                found.append(Violation("pdf", f"{name} page {number}: a box is NaN or infinite: {boxes}", "pdf box nan"))
                continue
            mx0, my0, mx1, my1 = min(media[0], media[2]), min(media[1], media[3]), max(media[0], media[2]), max(media[1], media[3])
            if mx1 - mx0 <= 0 or my1 - my0 <= 0:
                found.append(Violation("pdf", f"{name} page {number}: empty MediaBox {media}", "pdf empty mediabox"))
            for box, (x0, y0, x1, y1) in boxes.items():
                if box == "/MediaBox":
                    continue
                if min(x0, x1) < mx0 - 0.01 or min(y0, y1) < my0 - 0.01 or max(x0, x1) > mx1 + 0.01 or max(y0, y1) > my1 + 0.01:
                    found.append(Violation("pdf", f"{name} page {number}: {box} {[round(v, 2) for v in (x0, y0, x1, y1)]} outside MediaBox {[round(v, 2) for v in media]}", f"pdf {box} outside mediabox"))
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) or not isinstance(obj, (pikepdf.Array, pikepdf.Dictionary)):
                continue
            try:
                text = obj.unparse()
            except Exception:  # noqa: BLE001
                continue
            if _BAD_NUMBER.search(_STRINGS.sub(b"", text)):
                found.append(Violation("pdf", f"{name}: NaN or infinity in an object: {text[:120]!r}", "pdf nan in object"))
                break
    return found


def check_manifest(out: Path) -> list[Violation]:
    """The manifest lists each file once, with its true hash, and every PDF in the folder."""
    path = out / "manifest.json"
    if not path.is_file():
        pdfs = list(out.glob("*.pdf"))
        return [Violation("manifest", "no manifest.json", "manifest missing")] if pdfs else []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return [Violation("manifest", f"unreadable manifest ({exc})", "manifest unreadable")]
    found = []
    names = [e.get("file") for e in entries]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        found.append(Violation("manifest", f"listed more than once: {', '.join(doubled[:3])}", "manifest file listed twice"))
    for entry in entries:
        file = out / str(entry.get("file"))
        if not file.is_file():
            found.append(Violation("manifest", f"lists {entry.get('file')}, which is not there", "manifest lists missing file"))
        elif hashlib.sha256(file.read_bytes()).hexdigest() != entry.get("sha256"):
            found.append(Violation("manifest", f"{entry.get('file')}: sha256 in the manifest is not the file's", "manifest wrong hash"))
    unlisted = sorted(p.name for p in out.glob("*.pdf") if p.name not in names)
    if unlisted:
        found.append(Violation("manifest", f"PDFs not in the manifest: {', '.join(unlisted[:3])}", "manifest misses a file"))
    return found

"""The content schema, declared once.

Two kinds of file make up a locale's content, both YAML:

``content/<locale>/locale.yaml``
    who reads the locale and how it is written (:class:`LocaleInfo`), shared by every product.
``content/<locale>/<family>.yaml``
    one product family's text in that locale: :class:`FamilyMeta` (version, effective date,
    translation status, QR link) and a ``strings`` mapping whose keys the family declares in
    :mod:`cardgen.content.families`.

Metadata is typed here with a docstring per field (``doc`` in the field metadata); validation
(:func:`convert`) walks these types and reports every problem with its file, line and key.
"""

from __future__ import annotations

import ipaddress
import re
import types
import unicodedata
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Callable, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import SplitResult, urlsplit

from cardgen.content.yamltree import REJECTED, Located, shown
from cardgen.errors import Problem, did_you_mean

Direction = Literal["ltr", "rtl"]
Status = Literal["source", "draft", "reviewed"]

_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){1,2}$")


def check_bcp47(value: str) -> str | None:
    if not _BCP47.match(value):
        return "is not a BCP 47 tag of the form language[-Script][-REGION], e.g. 'es', 'zh-Hant', 'pt-BR'."
    return None


def check_script(value: str) -> str | None:
    if not _SCRIPT.match(value):
        return "is not an ISO 15924 script code such as 'Latn', 'Arab' or 'Hans'."
    return None


def check_version(value: Any) -> str | None:
    if not isinstance(value, str):
        return f'is written as a number, which YAML reads as {value!r} (1.10 would become 1.1). Quote it: version: "1.10".'
    if not _VERSION.match(value):
        return "is not a version like '1.0' or '2026.11.1'. Quote it in YAML."
    return None


# Characters no link may hold: they are invisible, break the link where it is printed or
# scanned, or are read differently by different programs (a backslash is a slash to browsers).
_URL_FORBIDDEN = frozenset('<>"`{}|\\^')
_HOST = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?$")


def check_https_url(value: str) -> str | None:
    """Why ``value`` is not a safe, complete https link, or None.

    The one strict checker of https links (content, regions, organisation profiles, site URLs):
    no control, invisible or space characters, no user-info (``https://a.org@b.example/`` leads
    to b.example), a real host and port, and nothing the URL parser refuses.
    """
    if not isinstance(value, str) or not value:
        return "is not a link such as 'https://example.org/rights'."
    for index, char in enumerate(value):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn"):
            what = "a space" if char == " " else f"the invisible or control character {char_name(char)}"
            return f"contains {what} at position {index + 1}. A link has none: write it on one line, without spaces (encode a space as %20)."
        if char in _URL_FORBIDDEN:
            return f"contains '{char}' at position {index + 1}, which a link may not hold. Encode it (e.g. %{ord(char):02X}) or remove it."
    try:
        parts = urlsplit(value)
    except ValueError as exc:  # an unclosed [ of an IPv6 host, for instance
        return f"is not a valid link ({exc}). Write it as 'https://example.org/page'."
    if parts.scheme != "https":
        return f"must be an https:// link (got {parts.scheme or 'no'} scheme): a QR code must never send a reader to an unencrypted page."
    if not value.lower().startswith("https://"):
        return "must start with 'https://'."
    return _check_authority(parts)


def _check_authority(parts: SplitResult) -> str | None:
    if not parts.netloc:
        return "is not a complete link such as 'https://example.org/rights' (no host)."
    if "@" in parts.netloc:
        return (
            f"has user information before '@' ({parts.netloc}): such a link leads to the host after the '@', "
            "not the one a reader sees first. Remove everything up to and including the '@'."
        )
    try:
        port = parts.port  # raises on a port out of range or not a number
    except ValueError:
        port = 0
    if port == 0 or parts.netloc.endswith(":"):
        return f"has an invalid port in '{parts.netloc}': a port is a number from 1 to 65535. Remove it, or fix it."
    host = parts.hostname or ""
    if not host:
        return "is not a complete link such as 'https://example.org/rights' (no host)."
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"has the host '[{host}]', which is not an IPv6 address."
    elif not _HOST.match(host) or ".." in host:
        return f"has the host '{host}', which is not a host name such as 'example.org'."
    return None


def char_name(char: str) -> str:
    """A character as U+XXXX and its Unicode name, for messages (it may be invisible)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def shown_text(text: str) -> str:
    """``text`` as a message may quote it: characters that would not show are written U+XXXX."""
    return "".join(c if c.isprintable() or c == " " else f"<U+{ord(c):04X}>" for c in text)


# -- plain text values ------------------------------------------------------------------------

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder text invisibly and, unclosed, spill
# into what follows; content never needs them. The isolates U+2066-U+2069 do the job safely.
_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")
# Line breaks inside a value that layout and YAML treat differently.
_SEPARATORS = frozenset("\u2028\u2029\x85")
_ALLOWED_CONTROLS = frozenset("\t\n\r")  # breakable white space, made spaces when text is read
# Characters that print as nothing: text made only of them (and spaces) is empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800")


def is_blank(text: str) -> bool:
    """Whether ``text`` would print as nothing: only spaces and invisible characters (zero width
    space, joiners, word joiner, soft hyphen, byte-order mark, bidi marks and isolates, variation
    selectors, fillers)."""
    return all(_invisible(c) for c in text)


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zs", "Zl", "Zp") or char in _BLANK_LETTERS:
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


# Every character check_text may object to (and some it allows, such as a newline): text without
# any is let through by one regex search, in C, instead of a look at each character.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ud800-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "\U000f0000-\U0010ffff"
    + "".join(re.escape(c) for c in sorted(_EMBEDDINGS | _SEPARATORS))
    + "]"
)


def check_text(text: str) -> str | None:
    """Why a text value cannot be printed as written, or None. Emptiness is checked by callers."""
    if _SUSPECT.search(text) is None:
        return None
    for index, char in enumerate(text):
        if char in _EMBEDDINGS:
            return (
                f"contains the bidi control {char_name(char)} at character {index + 1}. Content never needs embeddings "
                "or overrides: remove it; to keep a run in its own direction use the isolates U+2066 (LRI) or U+2067 (RLI) ... U+2069 (PDI)."
            )
        if char in _SEPARATORS:
            return f"contains {char_name(char)} at character {index + 1}, a line break that prints unpredictably. Use a space instead."
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            return f"contains the control character {char_name(char)} at character {index + 1} (often from a YAML escape such as \\0 or \\x07). Remove it."
        if unicodedata.category(char) in ("Co", "Cs") or _noncharacter(char):
            return f"contains {char_name(char)} at character {index + 1}, a private-use or non-character code that no reader's font can show. Remove it."
    return None


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


EMPTY_TEXT = "is empty (or only invisible characters). Write the text, or copy the English while it is being translated."


# -- templates: strings with {placeholders} ------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def template_fields(text: str) -> tuple[list[str], str | None]:
    """The placeholder names of ``text`` in order, and why it is not a valid template (or None).

    A template holds plain text and ``{name}`` placeholders only: no format specs or conversions
    (``{x:>10}``, ``{x!r}``), no doubled braces (``{{x}}`` would print a literal placeholder), no
    stray or nested braces. Every text is held to this, so that none can make str.format fail or
    print braces.
    """
    names: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "}":
            return names, f"has a stray '}}' at character {index + 1}. Braces only surround placeholders such as {{version}}."
        if char != "{":
            index += 1
            continue
        if text.startswith("{{", index):
            return names, f"has a doubled brace '{{{{' at character {index + 1}; it would print as a literal brace. Write placeholders with single braces, e.g. {{version}}."
        end = text.find("}", index)
        inner_open = text.find("{", index + 1)
        if end < 0:
            return names, f"has a '{{' at character {index + 1} that is never closed. Braces only surround placeholders such as {{version}}."
        if 0 <= inner_open < end:
            return names, f"has nested braces at character {index + 1}. Write each placeholder once, e.g. {{version}}."
        inner = text[index + 1 : end]
        if "!" in inner or ":" in inner:
            return names, f"has '{{{inner}}}': placeholders take no format spec or conversion (':' or '!'). Write it plainly, e.g. {{{re.split('[!:]', inner)[0] or 'name'}}}."
        if not _NAME.match(inner):
            return names, f"has '{{{inner}}}', which is not a placeholder name. Braces only surround placeholders such as {{version}}."
        names.append(inner)
        index = end + 1
    return names, None


def check_template(text: str, allowed: frozenset[str] | set[str], required: bool = True) -> str | None:
    """Why ``text`` is not a template with exactly (``required``) or only the ``allowed`` placeholders."""
    want = ", ".join("{" + p + "}" for p in sorted(allowed)) or "none"
    names, why = template_fields(text)
    if why:
        return f"{why} Allowed placeholders: {want}."
    found = set(names)
    if (found != set(allowed)) if required else not found <= set(allowed):
        kind = "exactly these" if required else "only these"
        return f"must contain {kind} placeholders: {want} (found {', '.join('{' + p + '}' for p in sorted(found)) or 'none'}). Keep them untranslated."
    return None


def documented(text: str, check: Callable[[str], str | None] | None = None, quoted: bool = False) -> dict[str, Any]:
    """Field metadata: its documentation, an optional check of its text, and whether YAML must
    give it as text already (``quoted``: a number such as 1.10 would have lost its digits)."""
    return {"doc": text, "check": check, "quoted": quoted}


@dataclass(frozen=True)
class LocaleInfo:
    """Who reads a locale and how it is written (``content/<locale>/locale.yaml``)."""

    code: str = field(metadata=documented("BCP 47 language tag; equals the folder name.", check_bcp47))
    name: str = field(metadata=documented("The language's name in English, e.g. 'Spanish'."))
    native_name: str = field(metadata=documented("The language's name in itself, e.g. 'Español'."))
    script: str = field(metadata=documented("ISO 15924 code of the script the text is written in.", check_script))
    direction: Direction = field(metadata=documented("'ltr' or 'rtl': the direction of the script."))


@dataclass(frozen=True)
class Translation:
    """Where a file's text stands in review."""

    status: Status = field(metadata=documented("'source' (the English original), 'draft' (unreviewed) or 'reviewed'."))
    reviewer: str | None = field(default=None, metadata=documented("Name of the person who approved the text; required when reviewed."))
    reviewed_on: date | None = field(default=None, metadata=documented("Date of that approval (YYYY-MM-DD)."))


@dataclass(frozen=True)
class FamilyMeta:
    """The header of a family file (everything but ``strings``)."""

    version: str = field(metadata=documented("Content version of the text; prints on every piece.", check_version, quoted=True))
    effective_date: date = field(metadata=documented("Date from which the text is correct (YYYY-MM-DD); prints on every piece."))
    translation: Translation = field(metadata=documented("Review status of this file's text."))
    qr_url: str = field(metadata=documented("https link the QR code leads to: fuller guidance in this language.", check_https_url))


@dataclass(frozen=True)
class StringSpec:
    """One translatable string a family needs."""

    key: str  # dotted path under ``strings``
    help: str  # what the string is for, shown to translators and in errors
    placeholders: frozenset[str] = frozenset()  # {name} fields the text must keep
    markup: bool = False  # whether **bold** spans are allowed
    cited: bool = False  # a statement of fact: the source text must name its references


def check_string(spec: StringSpec, text: str) -> str | None:
    """Problems with one string's text, or None."""
    if reason := check_text(text):
        return reason
    if is_blank(text):
        return EMPTY_TEXT
    if reason := check_template(text, spec.placeholders):
        return reason
    if text.count("**") % 2:
        return "has an unpaired '**' (bold markers come in pairs: **like this**)."
    if "**" in text and not spec.markup:
        return "may not use ** bold markers."
    return None


def _type_name(tp: Any) -> str:
    if get_origin(tp) is Literal:
        return " or ".join(repr(a) for a in get_args(tp))
    return {str: "text", date: "a date (YYYY-MM-DD)", int: "a whole number"}.get(tp, getattr(tp, "__name__", str(tp)))


def convert(node: Located, cls: type, file: str, path: str, problems: list[Problem]) -> Any:
    """Build ``cls`` (a dataclass of this module) from a located YAML mapping.

    Every problem is appended to ``problems``; the return value is None if any was found.
    """
    if not isinstance(node.value, dict):
        problems.append(Problem(file, node.line, path, f"must be a mapping of keys ({', '.join(f.name for f in fields(cls))})."))
        return None
    before = len(problems)
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    known = {f.name for f in fields(cls)}
    for name, child in node.value.items():
        if name not in known:
            problems.append(Problem(file, child.line, _join(path, name), f"unknown key.{did_you_mean(name, sorted(known))} Expected one of: {', '.join(sorted(known))}."))
    for f in fields(cls):
        key = _join(path, f.name)
        if f.name not in node.value:
            if f.default is MISSING:
                problems.append(Problem(file, node.line, key, f"missing. Add it: {f.metadata.get('doc', '')}"))
            continue
        child = node.value[f.name]
        values[f.name] = _convert_value(child, hints[f.name], f.metadata, file, key, problems)
    if len(problems) > before or _rejected(node):  # a value refused while parsing was reported then
        return None
    return cls(**values)


def _rejected(node: Located) -> bool:
    """Whether any value under ``node`` was refused (and reported) while the file was parsed."""
    if node.value is REJECTED:
        return True
    if isinstance(node.value, dict):
        return any(_rejected(child) for child in node.value.values())
    if isinstance(node.value, list):
        return any(_rejected(child) for child in node.value if isinstance(child, Located))
    return False


def _convert_value(node: Located, tp: Any, metadata: Any, file: str, key: str, problems: list[Problem]) -> Any:
    if node.value is REJECTED:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if node.value is None:
            return None
        (tp,) = options
        origin = get_origin(tp)
    if isinstance(tp, type) and hasattr(tp, "__dataclass_fields__"):
        return convert(node, tp, file, key, problems)
    value = node.value
    if origin is Literal:
        if value not in get_args(tp):
            problems.append(Problem(file, node.line, key, f"is {shown(value)}; it must be {_type_name(tp)}."))
        return value
    if tp is date:
        if isinstance(value, datetime):  # a subclass of date: it would print as a date, time lost
            problems.append(Problem(file, node.line, key, f"is the date and time {value.isoformat(sep=' ')}; it must be a date (YYYY-MM-DD) without a time."))
            return None
        if isinstance(value, date):
            return value
        problems.append(Problem(file, node.line, key, f"is {shown(value)}; it must be {_type_name(date)}, unquoted."))
        return None
    if tp is str:
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            problems.append(Problem(file, node.line, key, f"must be {_type_name(str)}."))
            return None
        check = metadata.get("check")
        if metadata.get("quoted") and not isinstance(value, str):
            problems.append(Problem(file, node.line, key, check(value) if check else f"is {shown(value)}, not text. Quote it."))
            return None
        text = str(value)
        if reason := check_text(text):
            problems.append(Problem(file, node.line, key, reason))
        elif is_blank(text):
            problems.append(Problem(file, node.line, key, "is empty (or only invisible characters). Write the value, or remove the key if it is optional."))
        elif check and (reason := check(text)):
            problems.append(Problem(file, node.line, key, f"'{shown_text(text)}' {reason}"))
        return text
    raise TypeError(f"schema type {tp!r} is not supported")  # a bug in the schema, not in content


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name

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

import re
import types
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import Any, Callable, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from cardgen.content.yamltree import REJECTED, Located
from cardgen.errors import Problem

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


def check_version(value: str) -> str | None:
    if not _VERSION.match(value):
        return "is not a version like '1.0' or '2026.11.1'. Quote it in YAML."
    return None


def check_https_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme != "https":
        return f"must be an https:// link (got {parts.scheme or 'no'} scheme): a QR code must never send a reader to an unencrypted page."
    if not parts.netloc or " " in value:
        return "is not a complete link such as 'https://example.org/rights'."
    return None


def documented(text: str, check: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    return {"doc": text, "check": check}


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

    version: str = field(metadata=documented("Content version of the text; prints on every piece.", check_version))
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


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_string(spec: StringSpec, text: str) -> str | None:
    """Problems with one string's text, or None."""
    if not text.strip():
        return "is empty. Write the text, or copy the English while it is being translated."
    found = set(_PLACEHOLDER.findall(text))
    if found != set(spec.placeholders):
        want = ", ".join("{" + p + "}" for p in sorted(spec.placeholders)) or "none"
        return f"must contain exactly these placeholders: {want} (found {', '.join('{' + p + '}' for p in sorted(found)) or 'none'}). Keep them untranslated."
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
            problems.append(Problem(file, child.line, _join(path, name), f"unknown key. Expected one of: {', '.join(sorted(known))}."))
    for f in fields(cls):
        key = _join(path, f.name)
        if f.name not in node.value:
            if f.default is MISSING:
                problems.append(Problem(file, node.line, key, f"missing. Add it: {f.metadata.get('doc', '')}"))
            continue
        child = node.value[f.name]
        values[f.name] = _convert_value(child, hints[f.name], f.metadata.get("check"), file, key, problems)
    if len(problems) > before:
        return None
    return cls(**values)


def _convert_value(node: Located, tp: Any, check: Callable[[str], str | None] | None, file: str, key: str, problems: list[Problem]) -> Any:
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
            problems.append(Problem(file, node.line, key, f"is {value!r}; it must be {_type_name(tp)}."))
        return value
    if tp is date:
        if isinstance(value, date):
            return value
        problems.append(Problem(file, node.line, key, f"is {value!r}; it must be {_type_name(date)}, unquoted."))
        return None
    if tp is str:
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            problems.append(Problem(file, node.line, key, f"must be {_type_name(str)}."))
            return None
        text = str(value)
        if check and (reason := check(text)):
            problems.append(Problem(file, node.line, key, f"'{text}' {reason}"))
        return text
    raise TypeError(f"schema type {tp!r} is not supported")  # a bug in the schema, not in content


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name

"""Forgiving names: what an organiser types, matched to what cardgen calls it.

Locale codes match case-insensitively (BCP 47: ``ES-mx`` is ``es-MX``) and fall back over their
subtags to the nearest locale there is (``es-MX`` -> ``es``, ``pt`` -> ``pt-BR``, ``zh-TW`` ->
``zh-Hant``), with a note saying so; a bare ``zh`` asks which script. A locale's English name
and its own name (``spanish``, ``Español``, ``العربية``) match too, case- and accent-insensitively,
and a region's name (``Illinois``). Names that match nothing get the closest valid ones as a
"did you mean" (:func:`closest`), which :class:`~cardgen.errors.UnknownNameError` uses for every
registry.

Only the standard library and :mod:`cardgen.errors`: every floor may use it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Mapping, Protocol

from cardgen.errors import AmbiguousNameError, UnknownNameError

_SPACING = re.compile(r"[\s_]+")
# Chinese is written in one of two scripts; a region subtag says which one its readers use.
_CHINESE_SCRIPT = {"tw": "hant", "hk": "hant", "mo": "hant", "cn": "hans", "sg": "hans", "my": "hans"}


def fold(text: str) -> str:
    """``text`` as names are compared: case and accents ignored, spaces and _ as -."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACING.sub("-", bare.casefold())


def closest(name: str, candidates: Mapping[str, str] | Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` values of ``candidates`` (folded spelling -> value, or plain names) closest
    to ``name``, best first, each once."""
    if not isinstance(candidates, Mapping):
        candidates = {fold(c): c for c in candidates}
    if fold(name) in candidates:  # only case, accents or - and _ differ: that one, no other guess
        return [candidates[fold(name)]]
    matches = difflib.get_close_matches(fold(name), list(candidates), n=n * 3, cutoff=0.6)
    return list(dict.fromkeys(candidates[m] for m in matches))[:n]


# -- locales ---------------------------------------------------------------------------------------


class _Info(Protocol):
    name: str
    native_name: str


class _Locales(Protocol):
    def locale_codes(self) -> tuple[str, ...]: ...

    def locale(self, code: str) -> _Info: ...


def _names(tree: _Locales) -> dict[str, _Info]:
    """code -> locale info, skipping a locale whose locale.yaml is broken (reported when used)."""
    from cardgen.errors import CardgenError

    infos = {}
    for code in tree.locale_codes():
        try:
            infos[code] = tree.locale(code)
        except CardgenError:
            continue
    return infos


def _label(code: str, infos: Mapping[str, _Info]) -> str:
    info = infos.get(code)
    if info is None:
        return code
    name = re.sub(r"\s*\((.*)\)$", r", \1", info.name)  # Chinese (Simplified) -> Chinese, Simplified
    return f"{code} ({name})"


def _by_name(name: str, infos: Mapping[str, _Info]) -> list[str]:
    """Codes whose English name or own name is ``name``; else those whose name without its
    qualifier is (``portuguese`` -> pt-BR; ``chinese`` -> both Chinese locales)."""
    wanted = fold(name)
    exact = [c for c, info in infos.items() if wanted in (fold(info.name), fold(info.native_name))]
    return exact or [c for c, info in infos.items() if wanted in (_plain(info.name), _plain(info.native_name))]


def _plain(name: str) -> str:
    return fold(re.sub(r"\s*\(.*\)$", "", name))


def _fallback(key: str, codes: tuple[str, ...]) -> str | list[str] | None:
    """The locale a code falls back to over its subtags, several when it is ambiguous, or None."""
    by_lower = {c.lower(): c for c in codes}
    subtags = key.lower().split("-")
    language = subtags[0]
    if language == "zh" and len(subtags) > 1 and (script := _CHINESE_SCRIPT.get(subtags[-1])):
        if f"zh-{script}" in by_lower:
            return by_lower[f"zh-{script}"]
    for scripts in [s for s in subtags[1:] if len(s) == 4]:  # an explicit script subtag: xx-Latn-...
        if f"{language}-{scripts}" in by_lower:
            return by_lower[f"{language}-{scripts}"]
    for end in range(len(subtags) - 1, 0, -1):
        if (shorter := "-".join(subtags[:end])) in by_lower:
            return by_lower[shorter]
    same_language = [c for c in codes if c.lower().split("-")[0] == language]
    if len(same_language) == 1:
        return same_language[0]
    return same_language or None


def resolve_locale(tree: _Locales, name: str) -> tuple[str, str | None]:
    """The locale code ``name`` stands for and a note when it is a fallback (else None).

    Raises AmbiguousNameError for a code that falls back to several locales (``zh``), and
    UnknownNameError with the closest locales for a name that matches none.
    """
    codes = tree.locale_codes()
    key = name.strip().replace("_", "-")
    by_lower = {c.lower(): c for c in codes}
    if key.lower() in by_lower:
        return by_lower[key.lower()], None
    infos = _names(tree)
    found: str | list[str] | None = _by_name(name, infos)
    if found and len(found) == 1:
        return found[0], None
    if not found and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", key):
        found = _fallback(key, codes)
    if found:
        if isinstance(found, str):
            return found, f"note: there is no locale '{name}'; using {_label(found, infos)}, the nearest."
        choices = " or ".join(_label(c, infos) for c in found)
        raise AmbiguousNameError(f"locale '{name}' could be {choices}: say which.")
    raise unknown_locale(tree, name, infos)


def unknown_locale(tree: _Locales, name: str, infos: Mapping[str, _Info] | None = None) -> UnknownNameError:
    """The error for a locale that does not exist, suggesting the closest by code or name."""
    codes = tree.locale_codes()
    infos = _names(tree) if infos is None else infos
    candidates: dict[str, str] = {}
    for code in codes:
        candidates.setdefault(fold(code), code)
        if info := infos.get(code):
            candidates.setdefault(fold(info.name), code)
            candidates.setdefault(fold(info.native_name), code)
    language = fold(name).split("-")[0]
    # A language's name (check -l Spanish) points at its code alone; else codes of the same
    # language (zh -> zh-Hans, zh-Hant), then the closest codes and names.
    near = _by_name(name, infos) or [c for c in codes if fold(c).split("-")[0] == language] + closest(name, candidates)
    suggestions = [_label(c, infos) for c in dict.fromkeys(near)][:3]
    return UnknownNameError("locale", name, codes, suggestions=suggestions)


# -- regions ---------------------------------------------------------------------------------------


def resolve_region(regions: Mapping[str, object], name: str) -> str:
    """The region code ``name`` stands for: the code in any case, or the region's name
    (``Illinois`` -> ``il``). Raises UnknownNameError with the closest regions."""
    if name in regions:
        return name
    wanted = fold(name)
    for code, region in regions.items():
        region_name = getattr(region, "name", "")
        if wanted in (fold(code), fold(region_name), _plain(region_name)):
            return code
    raise unknown_region(regions, name)


def unknown_region(regions: Mapping[str, object], name: str) -> UnknownNameError:
    candidates: dict[str, str] = {}
    for code, region in regions.items():
        candidates.setdefault(fold(code), code)
        candidates.setdefault(fold(getattr(region, "name", code)), code)
    labels = [f"{c} ({getattr(regions[c], 'name', c)})" for c in closest(name, candidates)]
    return UnknownNameError("region", name, regions, suggestions=labels)


# -- lists as in orders: "all", "es,fr" ------------------------------------------------------------


def split_names(values: Iterable[str]) -> tuple[str, ...] | None:
    """Repeated options and comma lists as one tuple of names; None for 'all' (every one)."""
    names = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if any(n.lower() == "all" for n in names):
        return None
    return tuple(dict.fromkeys(names))

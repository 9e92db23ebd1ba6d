"""Helpers for the site tests (no tests here): a content tree in which every locale can be built.

Translations are updated by other people while these tests run; a locale whose files do not
(yet) load would leave its pages out of the site and so out of the tests of scripts, fonts and
right-to-left layout. ``complete_content`` copies the shipped content and, only where a
translation is missing a string or has one that does not validate, puts in the English string,
and where a locale has no file of a family (site.yaml), a draft copy of the English one. The
translated strings stay, so every script is still exercised; a complete tree is copied as is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE, ContentTree
from cardgen.content.schema import check_string
from cardgen.errors import ContentError
from cardgen.resources import default_content_dir
from cardgen.site.pages import SITE_FAMILIES

HEADER = ("version", "effective_date", "translation", "qr_url")


def _flat(node, prefix="") -> dict[str, object]:
    out = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(_flat(value, f"{prefix}{key}."))
    else:
        out[prefix[:-1]] = node
    return out


def _nest(flat: dict[str, str]) -> dict:
    root: dict = {}
    for key, value in flat.items():
        *parents, last = key.split(".")
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return root


def _complete(path: Path, english: dict, family) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    english_strings = _flat(english["strings"])
    theirs = _flat(data.get("strings") or {})
    strings = {}
    for spec in family.strings:
        value = theirs.get(spec.key)
        if not isinstance(value, str) or check_string(spec, " ".join(value.split())):
            value = english_strings[spec.key]
        strings[spec.key] = value
    out = {key: english[key] for key in HEADER}
    out["translation"] = {"status": "draft"}
    out["strings"] = _nest(strings)
    path.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def complete_content(target: Path) -> Path:
    """A copy of the shipped content at ``target`` in which every locale loads."""
    source = default_content_dir()
    shutil.copytree(source, target)
    tree = ContentTree(target)
    families = sorted(set(SITE_FAMILIES) | {"wallet-card", "signs"})
    for code in tree.locale_codes():
        if code == SOURCE_LOCALE:
            continue
        for name in families:
            try:
                tree.family(code, name)
                continue
            except ContentError:
                pass
            english = yaml.safe_load((target / SOURCE_LOCALE / f"{name}.yaml").read_text(encoding="utf-8"))
            _complete(target / code / f"{name}.yaml", english, FAMILIES.get(name))
    fresh = ContentTree(target)
    for code in fresh.locale_codes():
        fresh.families([(code, name) for name in families])  # raises if the repair missed anything
    return target

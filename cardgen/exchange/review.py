"""Recording approvals (``cardgen approve``) and measuring review coverage (``cardgen check``).

The store and the draft rule live in :mod:`cardgen.content.review`, below the products that
print the mark; this module writes approvals and counts them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE
from cardgen.content.review import Approval, approval_fingerprint, approvals_file, approved_keys, family_reviewed, read_approvals, review_path
from cardgen.errors import OptionError


@dataclass(frozen=True)
class Coverage:
    family: str
    approved: int  # strings whose approval holds (all of them when the file is reviewed)
    total: int

    @property
    def complete(self) -> bool:
        return self.approved == self.total


def coverage(tree, code: str) -> list[Coverage]:
    """Per family of locale ``code``: how many of its strings are reviewed."""
    found = []
    for family in FAMILIES:
        if not tree.has_family(code, family.name):
            continue
        total = len(family.keys())
        approved = total if family_reviewed(tree, code, family.name) else len(approved_keys(tree, code, family.name))
        found.append(Coverage(family.name, approved, total))
    return found


def approve(tree, code: str, by: str, families: tuple[str, ...] = (), keys: tuple[str, ...] = (), today: datetime.date | None = None) -> tuple[dict[Path, bytes], list[str]]:
    """The review files recording ``by``'s approval of the chosen strings as they are now, and
    the strings left out because their English changed since they were translated (a reviewer
    approves a translation of the current English, so those go back to the translator first).

    No ``families``: every family of the locale; no ``keys``: every string of those families.
    A key names a string as ``key`` (with one --family) or ``family:key``.
    """
    from cardgen.content.tracking import staleness

    if not by.strip():
        raise OptionError("--by must name the reviewer.")
    if code == SOURCE_LOCALE:
        raise OptionError(f"'{SOURCE_LOCALE}' is the English source; there is no translation to approve.")
    tree.locale(code)
    chosen = list(families) or [f.name for f in FAMILIES if tree.has_family(code, f.name)]
    for name in chosen:
        FAMILIES.get(name)
        if not tree.has_family(code, name):
            raise OptionError(f"locale '{code}' has no {name} text to approve.")
    wanted = _wanted(chosen, keys)
    files: dict[Path, bytes] = {}
    skipped: list[str] = []
    for name, names in wanted.items():
        text, source = tree.families([(code, name), (SOURCE_LOCALE, name)])
        state = staleness(text, source)
        approvals = read_approvals(tree.root, code, name)
        day = today or datetime.date.today()
        for key in names:
            if key in state.stale or key in state.untracked:
                skipped.append(f"{name}:{key}")
                continue
            approvals[key] = Approval(by.strip(), day, approval_fingerprint(source.strings[key], text.strings[key]))
        order = FAMILIES.get(name).keys()
        if approvals:
            files[review_path(tree.root, code, name)] = approvals_file({k: approvals[k] for k in order if k in approvals})
    return files, skipped


def _wanted(chosen: list[str], keys: tuple[str, ...]) -> dict[str, list[str]]:
    if not keys:
        return {name: list(FAMILIES.get(name).keys()) for name in chosen}
    wanted: dict[str, list[str]] = {}
    for key in keys:
        family, sep, rest = key.partition(":")
        if not sep:
            if len(chosen) != 1:
                raise OptionError(f"--key {key}: name its family as family:key, or pass one --family.")
            family, rest = chosen[0], key
        if family not in chosen:
            raise OptionError(f"--key {key}: family '{family}' is not among those chosen ({', '.join(chosen)}).")
        valid = FAMILIES.get(family).keys()
        if rest not in valid:
            raise OptionError(f"--key {key}: {family} has no string '{rest}'. Valid keys: {', '.join(valid)}.")
        wanted.setdefault(family, []).append(rest)
    return wanted

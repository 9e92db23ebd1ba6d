"""Shared helpers of the translation exchange tests: snapshots of a content tree, msgfmt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a content tree, by relative path, as text."""
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """Lines removed from ``old`` and added in ``new`` (a line diff)."""
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def msgfmt() -> str:
    """GNU gettext's msgfmt, or skip (fail under CI, which installs Debian's gettext)."""
    found = shutil.which("msgfmt")
    if found is None:
        reason = "no msgfmt here: install GNU gettext (apt-get install gettext)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: .ci/run installs gettext)")
        pytest.skip(reason)
    return found

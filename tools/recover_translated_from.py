"""One-off: write content/<locale>/translated-from/<family>.yaml for every translation.

For each translated string, its ``translated_from`` fingerprint names the English it was made
from. When that is the current English, the sidecar records the current text; otherwise the git
history of content/en/<family>.yaml is searched for the text with that fingerprint. Prints the
strings whose English could not be recovered. Run from the repository root:

    python tools/recover_translated_from.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from cardgen.content.english import english_file, sidecar_path
from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE, ContentTree, normalise, source_hash

ROOT = Path("content")


def _flatten(node, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in (node or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        elif isinstance(value, str):
            flat[path] = normalise(value)
    return flat


def history(family: str) -> dict[str, str]:
    """Fingerprint -> English text, over every committed version of the English family file."""
    path = f"{ROOT}/{SOURCE_LOCALE}/{family}.yaml"
    revisions = subprocess.run(["git", "log", "--format=%H", "--", path], capture_output=True, text=True, check=True).stdout.split()
    found: dict[str, str] = {}
    for revision in reversed(revisions):  # oldest first, so the newest text of a fingerprint wins
        shown = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True, text=True)
        if shown.returncode != 0:
            continue
        try:
            strings = _flatten((yaml.safe_load(shown.stdout) or {}).get("strings"))
        except yaml.YAMLError:
            continue
        found.update({source_hash(text): text for text in strings.values()})
    return found


def main() -> int:
    tree = ContentTree(ROOT)
    lost: list[str] = []
    for family in FAMILIES:
        source = tree.family(SOURCE_LOCALE, family.name)
        current = {source_hash(text): text for text in source.strings.values()}
        past = history(family.name)
        for code in tree.locale_codes():
            if code == SOURCE_LOCALE or not tree.has_family(code, family.name):
                continue
            text = tree.family(code, family.name)
            english: dict[str, str] = {}
            for key in family.keys():
                fingerprint = text.translated_from.get(key)
                if fingerprint is None:
                    continue
                recovered = current.get(fingerprint) or past.get(fingerprint)
                if recovered is None:
                    lost.append(f"{code} {family.name}: {key} ({fingerprint})")
                else:
                    english[key] = recovered
            path = sidecar_path(ROOT, code, family.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(english_file(english))
    for item in lost:
        print(f"not recovered: {item}")
    print(f"{len(lost)} strings whose English could not be recovered")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The English each translated string was made from, kept beside the translation.

``translated_from`` in a translation file holds only fingerprints, which say *that* the
English changed but not *what* it was. Translation tools need the old text to show a
translator exactly what changed (a PO file's ``#| msgid``), so ``cardgen stamp`` and
``cardgen import`` also keep it, per family, in ``<locale>/translated-from/<family>.yaml``
(string key -> English text). The loader reads ``<family>.yaml`` files by name, so the
subfolder never counts as content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import yaml

from cardgen.content.yamltree import plain, read_data_file
from cardgen.errors import ContentError, Problem

FOLDER = "translated-from"
HEADER = "# The English each string was translated from (written by cardgen stamp and cardgen import).\n"


def sidecar_path(root: Path, code: str, family: str) -> Path:
    return Path(root) / code / FOLDER / f"{family}.yaml"


def read_english(root: Path, code: str, family: str) -> dict[str, str]:
    """key -> the English text the translation of that key was made from ({} when unknown)."""
    path = sidecar_path(root, code, family)
    if not path.is_file():
        return {}
    problems: list[Problem] = []
    node = read_data_file(path, f"{code}/{FOLDER}/{family}.yaml", problems)
    data = plain(node) if node is not None else None
    if node is not None and not (isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())):
        problems.append(Problem(f"{code}/{FOLDER}/{family}.yaml", node.line, "", "must map string keys to their English text. Run 'cardgen stamp' to rewrite it."))
    if problems:
        raise ContentError(problems)
    return data or {}


def english_file(texts: Mapping[str, str]) -> bytes:
    """The sidecar's bytes: keys in the given order, one text each."""
    body = yaml.safe_dump(dict(texts), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return (HEADER + body).encode("utf-8")


def updated_english(root: Path, code: str, family: str, texts: Mapping[str, str], order: tuple[str, ...]) -> bytes:
    """The sidecar with ``texts`` recorded over what it held, keys in the family's ``order``."""
    merged = {**read_english(root, code, family), **texts}
    return english_file({key: merged[key] for key in order if key in merged})

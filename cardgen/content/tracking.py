"""Which translated strings are stale: their English changed since they were translated.

A translation file records, in ``translated_from``, the fingerprint of the English text each of
its strings was made from (:func:`~cardgen.content.loader.source_hash`). ``cardgen stamp``
writes that section once a translator has brought a file up to date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cardgen.content.loader import FamilyText, source_hash


@dataclass(frozen=True)
class Staleness:
    stale: tuple[str, ...]  # keys whose English changed since they were translated
    untracked: tuple[str, ...]  # keys with no record of their English source


def staleness(text: FamilyText, source: FamilyText) -> Staleness:
    if text.meta.translation.status == "source":
        return Staleness((), ())
    stale, untracked = [], []
    for key in text.family.keys():
        recorded = text.translated_from.get(key)
        if recorded is None:
            untracked.append(key)
        elif recorded != source_hash(source.strings[key]):
            stale.append(key)
    return Staleness(tuple(stale), tuple(untracked))


_SECTION = re.compile(r"^translated_from:.*?(?=^\S|\Z)", re.MULTILINE | re.DOTALL)


def stamped(file_text: str, source: FamilyText) -> str:
    """``file_text`` (a translation file) with its ``translated_from`` section rewritten to the
    current English of every string. Comments and the rest of the file are left as they are."""
    lines = ["translated_from:  # fingerprints of the English each string was translated from (cardgen stamp)"]
    lines += [f'  {key}: "{source_hash(source.strings[key])}"' for key in source.family.keys()]
    section = "\n".join(lines) + "\n"
    body = _SECTION.sub("", file_text).rstrip("\n") + "\n"
    return body + "\n" + section


def stamp_file(path: Path, source: FamilyText) -> None:
    """Stamp a translation file, and keep the English it now matches beside it (see
    cardgen.content.english) so that a later change can show translators the old text."""
    from cardgen.content.english import FOLDER, english_file
    from cardgen.output import write_files

    english = english_file({key: source.strings[key] for key in source.family.keys()})
    write_files({
        path: stamped(path.read_text(encoding="utf-8"), source).encode("utf-8"),
        path.parent / FOLDER / path.name: english,
    })

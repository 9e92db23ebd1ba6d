"""The catalogue as a gettext PO file (polib), and a PO file read back.

``msgctxt`` is ``family:key``, ``msgid`` the English, ``msgstr`` the translation. Extracted
comments (``#.``) say where the string prints, the translator's note, the glossary terms it
should use and its room; a string whose English changed is ``fuzzy`` with the English it was
translated from as ``#| msgid``. Placeholder strings carry ``python-brace-format`` so that tools
(and ``msgfmt --check``) keep ``{version}`` and the like.
"""

from __future__ import annotations

import re

import polib

from cardgen.exchange.catalog import Catalog, Entry, Incoming, Parsed

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def write_po(catalog: Catalog, created: str) -> bytes:
    """The catalogue as PO bytes; ``created`` (a timestamp) goes in the header."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"cardgen content {catalog.version}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": catalog.language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = f"Strings of every cardgen family in {catalog.language}. Translate msgstr; keep {{placeholders}} and **bold** markers."
    for entry in catalog.entries:
        po.append(_po_entry(entry))
    return str(po).encode("utf-8") + b"\n"


def _po_entry(entry: Entry) -> polib.POEntry:
    comments = [f"Prints: {entry.where}"]
    if entry.note:
        comments.append(f"Note: {entry.note}")
    if entry.terms:
        comments.append(f"Glossary: {'; '.join(entry.terms)}")
    comments += [f"Room: {room}" for room in entry.room]
    if entry.state in ("reviewed", "final"):
        comments.append(f"Review: {entry.state}")
    flags = (["fuzzy"] if entry.fuzzy else []) + (["python-brace-format"] if _PLACEHOLDER.search(entry.english) else [])
    return polib.POEntry(
        msgctxt=entry.context, msgid=entry.english, msgstr=entry.translation, comment="\n".join(comments),
        flags=flags, previous_msgid=entry.previous_english or None,
    )


def read_po(text: str) -> Parsed:
    """A PO file's entries, each with the line of its ``msgstr``."""
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        parsed = Parsed(None)
        parsed.problems.append((line, "", f"is not a readable PO file ({exc}). Save it again from the translation tool."))
        return parsed
    parsed = Parsed(po.metadata.get("Language") or None)
    lines = _msgstr_lines(text)
    for entry in po:
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        parsed.entries.append(Incoming(context, entry.msgid, entry.msgstr, lines.get(context, entry.linenum), "fuzzy" in entry.flags))
    return parsed


def _msgstr_lines(text: str) -> dict[str, int]:
    """msgctxt -> 1-based line of its msgstr, for problems a translator can find (a tool may
    have wrapped the msgctxt over several lines)."""
    found: dict[str, int] = {}
    parts: list[str] | None = None  # the msgctxt being read
    context: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("msgctxt "):
            parts = [stripped[len("msgctxt "):]]
        elif parts is not None and stripped.startswith('"'):
            parts.append(stripped)
        else:
            if parts is not None:
                context = "".join(polib.unescape(part[1:-1]) for part in parts)
                parts = None
            if stripped.startswith("msgstr") and context is not None:
                found.setdefault(context, number)
                context = None
    return found

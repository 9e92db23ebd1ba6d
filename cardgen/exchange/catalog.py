"""One catalogue model for a locale's strings, whatever the exchange format.

An :class:`Entry` is one string: its context ``family:key``, the English, the translation, the
English it was translated from when that differs (so tools can show what changed), the notes for
the translator (where it prints, the translator's note, the glossary terms it should use), its
room on the smallest piece, and its state (fuzzy, reviewed). ``po`` and ``xliff`` only turn a
:class:`Catalog` into a file and a file back into :class:`Incoming` entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cardgen import __version__
from cardgen.build import Builder
from cardgen.content.english import read_english
from cardgen.content.families import FAMILIES
from cardgen.content.glossary import CONCEPTS, load_glossary
from cardgen.content.loader import SOURCE_LOCALE, source_hash
from cardgen.content.review import approved_keys, family_reviewed

STATES = ("initial", "translated", "reviewed", "final")  # XLIFF 2.0 segment states


@dataclass(frozen=True)
class Entry:
    family: str
    key: str
    english: str
    translation: str
    where: str  # where the string prints (the schema's help)
    previous_english: str | None = None  # the English it was translated from, when that changed
    note: str | None = None  # the translator's note on an uncertain term
    terms: tuple[str, ...] = ()  # "warrant = orden" for each glossary concept its English speaks of
    room: tuple[str, ...] = ()  # how much room it has, per piece that prints it
    fuzzy: bool = False  # the English changed since it was translated (or no record of it)
    state: str = "translated"  # one of STATES

    @property
    def context(self) -> str:
        return f"{self.family}:{self.key}"


@dataclass(frozen=True)
class Catalog:
    locale: str
    language: str  # BCP 47 tag of the translation
    entries: tuple[Entry, ...]
    version: str = __version__

    def by_context(self) -> dict[str, Entry]:
        return {e.context: e for e in self.entries}


@dataclass(frozen=True)
class Incoming:
    """One entry read back from a PO or XLIFF file, with the line it starts on."""

    context: str
    english: str
    translation: str
    line: int
    fuzzy: bool = False
    state: str | None = None  # XLIFF state, when the file carries one


@dataclass
class Parsed:
    """A PO or XLIFF file read back: its locale, entries and the problems found reading it."""

    locale: str | None
    entries: list[Incoming] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, context, message)


def split_context(context: str) -> tuple[str, str] | None:
    family, sep, key = context.partition(":")
    if not sep or family not in FAMILIES.names() or key not in FAMILIES.get(family).keys():
        return None
    return family, key


def build_catalog(builder: Builder, code: str, measure: bool = True) -> Catalog:
    """Every string of every family the locale has, with its notes, room and state."""
    content = builder.content
    info = content.locale(code)
    glossary = load_glossary(content.root, code) if code != SOURCE_LOCALE else None
    families = [f for f in FAMILIES if content.has_family(code, f.name)]
    texts = {f.name: content.families([(code, f.name), (SOURCE_LOCALE, f.name)]) for f in families}
    strings = {(name, key): pair[0].strings[key] for name, pair in texts.items() for key in pair[0].strings}
    room = _rooms(builder, code, strings) if measure else {}
    entries = []
    for family in families:
        text, source = texts[family.name]
        previous = read_english(content.root, code, family.name)
        approved = approved_keys(content, code, family.name)
        final = family_reviewed(content, code, family.name)
        for spec in family.strings:
            english, translation = source.strings[spec.key], text.strings[spec.key]
            recorded = text.translated_from.get(spec.key)
            fuzzy = code != SOURCE_LOCALE and recorded != source_hash(english)
            before = previous.get(spec.key) if fuzzy else None
            if before is not None and source_hash(before) != recorded:
                before = None  # the kept English is not the one the fingerprint names
            state = "initial" if fuzzy else "final" if final else "reviewed" if spec.key in approved else "translated"
            entries.append(Entry(
                family.name, spec.key, english, translation, spec.help, before, text.notes.get(spec.key),
                _terms(glossary, english), tuple(room.get((family.name, spec.key), ())) or _unmeasured(family.name, measure), fuzzy, state,
            ))
    version = content.family(SOURCE_LOCALE, families[0].name).meta.version if families else __version__
    return Catalog(code, info.code, tuple(entries), version)


def _unmeasured(family: str, measured: bool) -> tuple[str, ...]:
    """Room for a string no fitted field holds: text that flows, or words only the site shows."""
    if not measured:
        return ()
    return ("no fixed limit: set in no fixed box of a printed piece (it flows over pages, or shows on web pages only)",)


def _terms(glossary, english: str) -> tuple[str, ...]:
    if glossary is None:
        return ()
    return tuple(
        f"{concept} = {glossary.terms[concept].term}"
        for concept, pattern in CONCEPTS.items()
        if concept in glossary.terms and pattern.search(english)
    )


def _rooms(builder: Builder, code: str, strings: dict[tuple[str, str], str]) -> dict[tuple[str, str], list[str]]:
    from cardgen.exchange.room import rooms

    return {ident: [r.describe() for r in found] for ident, found in rooms(builder, code, strings).items()}

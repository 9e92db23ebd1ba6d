"""The languages of the "I speak ..." card, declared in ``content/languages.yaml``.

Only names, no translation: each language's English name (for the officer), the name its
speakers commonly use when that differs, and its own name in its own script with the source it
comes from. Where the own name or its spelling is uncertain the content says why instead, and
the card prints the English name alone rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cardgen.content.yamltree import Located, read_data_file
from cardgen.errors import ContentError, Problem, UnknownNameError

FILE = "languages.yaml"
_TEXT_FIELDS = ("english", "label", "iso639_3", "endonym", "script", "endonym_source", "endonym_uncertain", "variants")


@dataclass(frozen=True)
class Language:
    """One language a card can be made for."""

    code: str  # the key in languages.yaml: what --language takes
    english: str  # its English name, as the statement prints it
    label: str | None = None  # the name its speakers commonly use (Mixteco), printed with the English one
    endonym: str | None = None  # its own name in its own script; None when uncertain
    script: str = "Latn"  # ISO 15924 script of the endonym
    endonym_source: str | None = None
    endonym_uncertain: str | None = None  # why the own name is left out
    variants: str | None = None  # a family of varieties: what that means for the card
    iso639_3: str | None = None
    also: tuple[str, ...] = ()  # other names people type (Quiche, Kekchi)

    @property
    def name_line(self) -> str:
        """The language's names as the card prints them: 'Mixteco (Mixtec)', or 'Mam'."""
        if self.label and self.label != self.english:
            return f"{self.label} ({self.english})"
        return self.english


@dataclass(frozen=True)
class LanguageList:
    version: str
    effective_date: date
    languages: dict[str, Language]

    def get(self, name: str) -> Language:
        """The language ``name`` stands for: its code, English name, common name, own name or
        another listed name, in any case and without accents; else a did-you-mean error."""
        from cardgen.lookup import fold

        if name in self.languages:
            return self.languages[name]
        wanted = fold(name).replace("'", "")
        names: dict[str, str] = {}
        for code, language in self.languages.items():
            for spelling in (code, language.english, language.label, language.endonym, language.iso639_3, *language.also):
                if spelling:
                    names.setdefault(fold(spelling).replace("'", ""), code)
        if wanted in names:
            return self.languages[names[wanted]]
        from cardgen.lookup import closest

        suggestions = [f"{code} ({self.languages[code].english})" for code in closest(name, names)]
        raise UnknownNameError("language", name, self.languages, suggestions=suggestions)


def load_languages(root: Path) -> LanguageList:
    """Read and validate ``languages.yaml``; every problem is reported at once."""
    path = root / FILE
    problems: list[Problem] = []
    if not path.is_file():
        raise ContentError([Problem(FILE, 0, "", "missing: the language card needs the list of languages.")])
    node = read_data_file(path, FILE, problems)
    languages: dict[str, Language] = {}
    version, effective = "", date(1970, 1, 1)
    if node is not None and not isinstance(node.value, dict):
        problems.append(Problem(FILE, node.line, "", "must be a mapping with version, effective_date and languages."))
    elif node is not None:
        version_node = node.value.get("version")
        if version_node is None or not isinstance(version_node.value, str):
            problems.append(Problem(FILE, node.line, "version", "missing: a version in quotes, e.g. \"1.0\"."))
        else:
            version = version_node.value
        date_node = node.value.get("effective_date")
        if date_node is None or not isinstance(date_node.value, date):
            problems.append(Problem(FILE, node.line, "effective_date", "missing: the date this list takes effect (YYYY-MM-DD)."))
        else:
            effective = date_node.value
        entries = node.value.get("languages")
        if entries is None or not isinstance(entries.value, dict) or not entries.value:
            problems.append(Problem(FILE, node.line, "languages", "missing: map language codes to their names."))
        else:
            for code, entry in entries.value.items():
                language = _language(str(code), entry, problems)
                if language is not None:
                    languages[str(code)] = language
    if problems:
        raise ContentError(problems)
    return LanguageList(version, effective, languages)


def _language(code: str, entry: Located, problems: list[Problem]) -> Language | None:
    from cardgen.typeset.fonts import STACKS

    if not isinstance(entry.value, dict):
        problems.append(Problem(FILE, entry.line, f"languages.{code}", "must be a mapping with english and endonym (or endonym_uncertain)."))
        return None
    fields: dict[str, object] = {}
    before = len(problems)
    for key, value in entry.value.items():
        where = f"languages.{code}.{key}"
        if key in _TEXT_FIELDS:
            if not isinstance(value.value, str) or not value.value.strip():
                problems.append(Problem(FILE, value.line, where, "must be a non-empty text."))
            else:
                fields[key] = value.value.strip()
        elif key == "also":
            if not isinstance(value.value, list) or not all(isinstance(v.value, str) for v in value.value):
                problems.append(Problem(FILE, value.line, where, "must be a list of names."))
            else:
                fields[key] = tuple(v.value for v in value.value)
        else:
            problems.append(Problem(FILE, value.line, where, f"unknown key. Known: {', '.join(_TEXT_FIELDS + ('also',))}."))
    where = f"languages.{code}"
    if "english" not in fields:
        problems.append(Problem(FILE, entry.line, f"{where}.english", "missing: the language's English name."))
    if "endonym" in fields:
        if "endonym_source" not in fields:
            problems.append(Problem(FILE, entry.line, f"{where}.endonym_source", "missing: where the own name comes from (ISO 639-3, Glottolog, CLDR, the language's academy)."))
        if "endonym_uncertain" in fields:
            problems.append(Problem(FILE, entry.line, where, "gives both endonym and endonym_uncertain: keep one."))
        if fields.get("script", "Latn") not in STACKS:
            problems.append(Problem(FILE, entry.line, f"{where}.script", f"no fonts for script '{fields.get('script')}'. Known: {', '.join(STACKS)}."))
    elif "endonym_uncertain" not in fields:
        problems.append(Problem(FILE, entry.line, where, "give endonym with endonym_source, or endonym_uncertain saying why it is left out."))
    if len(problems) > before:
        return None
    return Language(code=code, **fields)  # type: ignore[arg-type]

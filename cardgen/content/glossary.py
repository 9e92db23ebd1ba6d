"""Glossaries: one term per legal concept in each locale, used the same way everywhere.

``content/<locale>/glossary.yaml`` names the term a locale uses for each concept in
:data:`CONCEPTS` (warrant, judge, lawyer, ...), the other forms of it that count (plural, case,
verb forms), forms to avoid, and the translator's note. :func:`term_problems` then checks every
string of every family: where the English source speaks of a concept, the translation must use
one of the glossary's forms, and no string may use a form the glossary avoids.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cardgen.content.loader import text_problem
from cardgen.content.yamltree import Located, read_data_file
from cardgen.errors import ContentError, Problem

# Concept -> how the English source speaks of it.
CONCEPTS: dict[str, re.Pattern[str]] = {
    "warrant": re.compile(r"\bwarrants?\b", re.I),
    "judicial_warrant": re.compile(r"\bwarrants? signed by a judge\b|\bjudge signed a warrant\b", re.I),
    "administrative_warrant": re.compile(r"\bwarrants? signed by an immigration officer\b", re.I),
    "judge": re.compile(r"\bjudges?\b|\bjudge's\b", re.I),
    "lawyer": re.compile(r"\blawyers?\b|\blawyer's\b", re.I),
    "consent": re.compile(r"\bconsent\b", re.I),
    "search": re.compile(r"\bsearch(es|ed)?\b", re.I),
    "remain_silent": re.compile(r"\bremain(ing)? silent\b|\bright to silence\b", re.I),
    "detainer": re.compile(r"\bdetainers?\b", re.I),
}
FAMILIES_CHECKED = ("wallet-card", "signs", "regions", "guide")


@dataclass(frozen=True)
class Term:
    concept: str
    term: str
    forms: tuple[str, ...]  # every form that counts, the term first
    avoid: tuple[str, ...]
    note: str | None
    line: int


@dataclass(frozen=True)
class Glossary:
    locale: str
    terms: dict[str, Term]
    file: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def load_glossary(root: Path, code: str) -> Glossary | None:
    """The locale's glossary, or None if it has none; raises ContentError listing every problem."""
    path = root / code / "glossary.yaml"
    shown = f"{code}/glossary.yaml"
    if not path.is_file():
        return None
    problems: list[Problem] = []
    node = read_data_file(path, shown, problems)
    terms: dict[str, Term] = {}
    entries = node.value.get("terms") if node is not None and isinstance(node.value, dict) else None
    if node is not None and (entries is None or not isinstance(entries.value, dict)):
        problems.append(Problem(shown, node.line, "terms", f"missing: map each concept ({', '.join(CONCEPTS)}) to its term."))
    elif entries is not None:
        for concept, entry in entries.value.items():
            where = f"terms.{concept}"
            if concept not in CONCEPTS:
                problems.append(Problem(shown, entry.line, where, f"is not a concept of the glossary. Expected one of: {', '.join(CONCEPTS)}."))
                continue
            term = _term(concept, entry, shown, where, problems)
            if term is not None:
                terms[concept] = term
        for concept in CONCEPTS:
            if concept not in entries.value:
                problems.append(Problem(shown, entries.line, f"terms.{concept}", "missing: name the term this language uses for it."))
    if problems:
        raise ContentError(problems)
    return Glossary(code, terms, shown)


def _texts(node: Located | None, shown: str, where: str, problems: list[Problem]) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node.value, list) or not all(isinstance(v.value, str) and v.value.strip() for v in node.value):
        problems.append(Problem(shown, node.line, where, "must be a list of texts."))
        return ()
    for index, item in enumerate(node.value):
        if reason := text_problem(item.value, "must be a text."):
            problems.append(Problem(shown, item.line, f"{where}[{index}]", reason))
    return tuple(v.value.strip() for v in node.value)


def _term(concept: str, entry: Located, shown: str, where: str, problems: list[Problem]) -> Term | None:
    if not isinstance(entry.value, dict) or not isinstance(getattr(entry.value.get("term"), "value", None), str):
        problems.append(Problem(shown, entry.line, where, "must be a mapping with 'term' (text) and optional 'forms', 'avoid' and 'note'."))
        return None
    for key, child in entry.value.items():
        if key not in ("term", "forms", "avoid", "note"):
            problems.append(Problem(shown, child.line, f"{where}.{key}", "unknown key. Expected term, forms, avoid or note."))
    term = entry.value["term"].value.strip()
    for key in ("term", "note"):
        child = entry.value.get(key)
        if child is not None and isinstance(child.value, str) and (reason := text_problem(child.value, "must be text.")):
            problems.append(Problem(shown, child.line, f"{where}.{key}", reason))
    forms = (term, *_texts(entry.value.get("forms"), shown, f"{where}.forms", problems))
    avoid = _texts(entry.value.get("avoid"), shown, f"{where}.avoid", problems)
    note_node = entry.value.get("note")
    note = note_node.value.strip() if note_node is not None and isinstance(note_node.value, str) else None
    return Term(concept, term, forms, avoid, note, entry.line)


def term_problems(tree, code: str) -> list[str]:
    """Strings of locale ``code`` that do not use its glossary's term for a concept of their English.

    ``tree`` is a :class:`~cardgen.content.loader.ContentTree`. A locale without a glossary
    gets one problem saying so.
    """
    from cardgen.content.loader import SOURCE_LOCALE

    glossary = load_glossary(tree.root, code)
    if glossary is None:
        return [f"{code}/glossary.yaml: missing. Name the term for each of: {', '.join(CONCEPTS)}."]
    found: list[str] = []
    for family in FAMILIES_CHECKED:
        if not tree.has_family(code, family):
            continue
        text, source = tree.families([(code, family), (SOURCE_LOCALE, family)])
        for key, english in source.strings.items():
            translated = text.strings.get(key)
            if translated is None:
                continue
            folded = _fold(translated)
            for concept, pattern in CONCEPTS.items():
                term = glossary.terms[concept]
                if pattern.search(english) and not any(_fold(form) in folded for form in term.forms):
                    found.append(f"{family}: {key}: the English speaks of '{concept}' but the text uses none of: {', '.join(term.forms)}.")
            for term in glossary.terms.values():
                for bad in term.avoid:
                    if _fold(bad) in folded:
                        found.append(f"{family}: {key}: uses '{bad}', which the glossary avoids for '{term.concept}' (use '{term.term}').")
    return found

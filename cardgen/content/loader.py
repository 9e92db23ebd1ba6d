"""Load and validate a content tree: ``<root>/<locale>/locale.yaml`` and ``<family>.yaml`` files.

Everything is validated before anything renders; all problems found are raised together as
one :class:`~cardgen.errors.ContentError`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from cardgen.content.families import FAMILIES, Family
from cardgen.content.schema import FamilyMeta, LocaleInfo, check_string, check_text, convert, is_blank
from cardgen.content.yamltree import REJECTED, Located, read_data_file
from cardgen.errors import ContentError, OptionError, Problem, did_you_mean
from cardgen.lookup import closest
from cardgen.typeset.markup import SPOKEN_END, SPOKEN_START

SOURCE_LOCALE = "en"


# Top-level sections of a family file besides the FamilyMeta header and ``strings``.
SECTIONS = ("strings", "translated_from", "sources", "references", "spoken", "notes")
_HASH = re.compile(r"^[0-9a-f]{8}$")


_BREAKABLE_SPACE = re.compile(r"[ \t\r\n]+")
# English words to say, with the quotation marks and full stops that belong to them: one run of
# placeholders such as “{say_entry}. {say_silent}.”
_SPOKEN_RUN = re.compile(r"[\u201c\u201e\"\u00ab]?\{say_\w+\}(?:[ .,;:!?]*\{say_\w+\})*[.!?]?[\u201d\"\u00bb]?")


def normalise(text: str) -> str:
    """Runs of ordinary spaces and line breaks become one space; no-break spaces stay."""
    return _BREAKABLE_SPACE.sub(" ", text).strip(" ")


def source_hash(text: str) -> str:
    """The short fingerprint of an English string that a translation records it was made from."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class FamilyText:
    """One family's validated text in one locale."""

    family: Family
    locale: LocaleInfo
    meta: FamilyMeta
    strings: Mapping[str, str]
    file: str
    lines: Mapping[str, int] = field(default_factory=dict)  # string key -> line in the file
    translated_from: Mapping[str, str] = field(default_factory=dict)  # key -> source_hash of the English
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key -> reference ids (source only)
    references: Mapping[str, str] = field(default_factory=dict)  # id -> citation (source only)
    spoken: Mapping[str, str] = field(default_factory=dict)  # placeholder -> English words to say (source only)
    notes: Mapping[str, str] = field(default_factory=dict)  # key -> translator's note on an uncertain term

    def __getitem__(self, key: str) -> str:
        return self.strings[key]

    def with_spoken(self, key: str, spoken: Mapping[str, str], isolate: bool = True, mark_words: bool = False) -> str:
        """The string ``key`` with its {say_...} placeholders filled by the English ``spoken`` words.

        For printing (``isolate``), the English words and the quotation marks around them become
        one left-to-right embedding that does not break across lines, so that they keep their
        order, and their quotation marks their sides, inside right-to-left text; the words are
        also marked with SPOKEN_START ... SPOKEN_END, which the layout takes out and keeps as
        the range a tagged PDF gives /Lang (en) (cardgen.typeset.layout). For web pages
        (``mark_words``), each placeholder's words are marked with SPOKEN_START ... SPOKEN_END,
        which the site turns into ``<bdi dir="ltr" lang="en">`` (content cannot hold these
        non-characters, so isolates that content itself carries stay what they are).
        """
        text = self.strings[key]
        if mark_words:
            for name, words in spoken.items():
                text = text.replace("{" + name + "}", f"{SPOKEN_START}{words}{SPOKEN_END}")
            return text

        def fill(part: str, unbroken: bool) -> str:
            for name, words in spoken.items():
                if unbroken:  # printed: kept on one line and marked as English for the PDF's tags
                    part = part.replace("{" + name + "}", f"{SPOKEN_START}{words.replace(' ', chr(0xA0))}{SPOKEN_END}")
                else:
                    part = part.replace("{" + name + "}", words)
            return part

        if not isolate:
            return fill(text, False)
        return _SPOKEN_RUN.sub(lambda m: f"\u202a{fill(m.group(0), True)}\u202c", text)





def _texts(node: Located, section: str, known: set[str], shown: str, problems: list[Problem], unknown: str, not_text: str) -> dict[str, str]:
    """The texts of a ``section`` mapping whose keys must be in ``known``; problems recorded."""
    result = {}
    for key, value in node.value.items():
        if key not in known:
            problems.append(Problem(shown, value.line, f"{section}.{key}", unknown))
        elif value.value is REJECTED:  # its problem is already reported
            continue
        elif (reason := text_problem(value.value, not_text)) is not None:
            problems.append(Problem(shown, value.line, f"{section}.{key}", reason))
        else:
            result[key] = normalise(value.value)
    return result


def text_problem(value: object, not_text: str) -> str | None:
    """Why a value cannot be a text (``not_text`` when it is no text at all), or None."""
    if not isinstance(value, str):
        return not_text
    if reason := check_text(value):
        return reason
    if is_blank(value):
        return f"is empty (or only invisible characters); it {not_text}"
    return None


class ContentTree:
    """A folder of content; loads files lazily and once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise OptionError(f"content folder {self.root} does not exist. Pass --content with a folder that holds <locale>/locale.yaml files.")
        self._locales: dict[str, LocaleInfo] = {}
        self._families: dict[tuple[str, str], FamilyText] = {}
        self._regions: dict | None = None

    def regions(self) -> dict:
        """The region overlays of ``regions.yaml`` (code -> Region), validated once."""
        if self._regions is None:
            from cardgen.content.regions import load_regions

            self._regions = load_regions(self.root)
        return self._regions

    def region(self, code: str):
        from cardgen.content.regions import region

        return region(self.regions(), code)

    # -- discovery -------------------------------------------------------------------------
    def locale_codes(self) -> tuple[str, ...]:
        """Codes of every locale folder (those with a locale.yaml), source locale first."""
        codes = sorted(p.parent.name for p in self.root.glob("*/locale.yaml"))
        return tuple(sorted(codes, key=lambda c: (c != SOURCE_LOCALE, c)))

    def has_family(self, code: str, family: str) -> bool:
        return (self.root / code / f"{family}.yaml").is_file()

    def _display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def _read(self, path: Path, problems: list[Problem]) -> Located | None:
        return read_data_file(path, self._display(path), problems)

    # -- loading ---------------------------------------------------------------------------
    def ensure_known(self, code: str) -> None:
        if not (self.root / code / "locale.yaml").is_file():
            from cardgen.lookup import unknown_locale

            raise unknown_locale(self, code)

    def locale(self, code: str) -> LocaleInfo:
        """The validated locale.yaml of ``code``."""
        if code not in self._locales:
            self.ensure_known(code)
            problems: list[Problem] = []
            info = self._load_locale(code, problems)
            if problems:
                raise ContentError(problems)
            self._locales[code] = info
        return self._locales[code]

    def _load_locale(self, code: str, problems: list[Problem]) -> LocaleInfo | None:
        path = self.root / code / "locale.yaml"
        shown = self._display(path)
        node = self._read(path, problems)
        if node is None:
            return None
        info = convert(node, LocaleInfo, shown, "", problems)
        if info is not None and info.code != code:
            problems.append(Problem(shown, node.value["code"].line, "code", f"is '{info.code}' but the folder is '{code}'. Make them the same."))
            return None
        return info

    def family(self, code: str, family: str) -> FamilyText:
        """The validated text of ``family`` in locale ``code``; raises ContentError listing every problem."""
        return self.families([(code, family)])[0]

    def families(self, wanted: list[tuple[str, str]]) -> list[FamilyText]:
        """Load several (locale, family) texts, collecting the problems of all before raising."""
        problems: list[Problem] = []
        for code, _ in wanted:
            self.ensure_known(code)
        for code, name in wanted:
            if (code, name) in self._families:
                continue
            text = self._load_family(code, FAMILIES.get(name), problems)
            if text is not None:
                self._families[(code, name)] = text
        if problems:
            raise ContentError(problems)
        return [self._families[w] for w in wanted]

    def _load_family(self, code: str, family: Family, problems: list[Problem]) -> FamilyText | None:
        before = len(problems)
        info = self._locales.get(code) or self._load_locale(code, problems)
        path = self.root / code / f"{family.name}.yaml"
        shown = self._display(path)
        if not path.is_file():
            problems.append(Problem(shown, 0, "", f"missing: locale '{code}' has no {family.name} text. Copy {SOURCE_LOCALE}/{family.name}.yaml and translate it."))
            return None
        node = self._read(path, problems)
        if node is None:
            return None
        if not isinstance(node.value, dict):
            problems.append(Problem(shown, node.line, "", "must be a mapping with the keys of the header and 'strings'."))
            return None
        header = Located({k: v for k, v in node.value.items() if k not in SECTIONS}, node.line)
        meta = convert(header, FamilyMeta, shown, "", problems)
        if meta is not None:
            self._check_translation(meta, code, shown, node, problems)
        strings, lines = self._flatten_strings(node.value.get("strings"), node.line, family, shown, problems)
        is_source = code == SOURCE_LOCALE
        translated_from = self._translated_from(node.value.get("translated_from"), family, is_source, shown, problems)
        citations, references = self._citations(node.value, family, is_source, shown, problems)
        spoken = self._spoken(node.value.get("spoken"), family, is_source, shown, problems)
        notes = self._notes(node.value.get("notes"), family, shown, problems)
        if len(problems) > before or info is None or meta is None:
            return None
        self._locales[code] = info
        return FamilyText(family, info, meta, strings, shown, lines, translated_from, citations, references, spoken, notes)

    @staticmethod
    def _spoken(node: Located | None, family: Family, is_source: bool, shown: str, problems: list[Problem]) -> dict[str, str]:
        """The English words behind {say_...} placeholders: declared once, in the English source."""
        wanted = sorted({p for spec in family.strings for p in spec.placeholders if p.startswith("say_")})
        if not is_source:
            if node is not None:
                problems.append(Problem(shown, node.line, "spoken", "belongs in the English source only: the words to say are printed in English in every locale. Remove it."))
            return {}
        if not wanted:
            if node is not None:
                problems.append(Problem(shown, node.line, "spoken", f"{family.name} has no {{say_...}} placeholders. Remove it."))
            return {}
        if node is None or not isinstance(node.value, dict):
            problems.append(Problem(shown, node.line if node else 0, "spoken", f"missing: give the English words for {', '.join(wanted)}."))
            return {}
        result = _texts(
            node, "spoken", set(wanted), shown, problems,
            unknown=f"is not a placeholder of {family.name}. Expected: {', '.join(wanted)}.", not_text="must be the English words as text.",
        )
        for name in wanted:
            if name not in result and name not in node.value:
                problems.append(Problem(shown, node.line, f"spoken.{name}", "missing: give the English words to say."))
        return result

    @staticmethod
    def _notes(node: Located | None, family: Family, shown: str, problems: list[Problem]) -> dict[str, str]:
        """Translators' notes on uncertain terms, keyed like the strings, for reviewers."""
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            problems.append(Problem(shown, node.line, "notes", "must map string keys to a note for the reviewer."))
            return {}
        return _texts(
            node, "notes", set(family.keys()), shown, problems,
            unknown=f"is not a string of {family.name}. Use the dotted key of the string the note is about.", not_text="must be the note as text.",
        )

    @staticmethod
    def _translated_from(node: Located | None, family: Family, is_source: bool, shown: str, problems: list[Problem]) -> dict[str, str]:
        if node is None:
            return {}
        if is_source:
            problems.append(Problem(shown, node.line, "translated_from", "belongs in translations only, not in the English source. Remove it."))
            return {}
        if not isinstance(node.value, dict):
            problems.append(Problem(shown, node.line, "translated_from", "must map string keys to the 8-character fingerprint of their English text."))
            return {}
        known = set(family.keys())
        result = {}
        for key, value in node.value.items():
            where = f"translated_from.{key}"
            if key not in known:
                problems.append(Problem(shown, value.line, where, "is not a string of this family. Remove it (run 'cardgen stamp' to rewrite the section)."))
            elif not isinstance(value.value, str) or not _HASH.match(value.value):
                problems.append(Problem(shown, value.line, where, "must be an 8-character lowercase hex fingerprint. Run 'cardgen stamp' to rewrite the section."))
            else:
                result[key] = value.value
        return result

    @staticmethod
    def _citations(top: Mapping[str, Located], family: Family, is_source: bool, shown: str, problems: list[Problem]) -> tuple[dict, dict]:
        citations_node, references_node = top.get("sources"), top.get("references")
        if not is_source or not family.cited:
            for name, node in (("sources", citations_node), ("references", references_node)):
                if node is not None:
                    where = "the English source of a cited family" if family.cited else "cited families (the guide)"
                    problems.append(Problem(shown, node.line, name, f"belongs in {where} only. Remove it."))
            return {}, {}
        references: dict[str, str] = {}
        if references_node is None or not isinstance(references_node.value, dict):
            problems.append(Problem(shown, references_node.line if references_node else 0, "references", "missing: list each source as 'id: citation'."))
        else:
            for ref_id, value in references_node.value.items():
                if value.value is REJECTED:
                    continue
                if (reason := text_problem(value.value, "must be the citation as text.")) is not None:
                    problems.append(Problem(shown, value.line, f"references.{ref_id}", reason))
                else:
                    references[ref_id] = value.value
        citations: dict[str, tuple[str, ...]] = {}
        if citations_node is None or not isinstance(citations_node.value, dict):
            problems.append(Problem(shown, citations_node.line if citations_node else 0, "sources", "missing: map each statement's key to its reference ids."))
            return citations, references
        known = set(family.keys())
        for key, value in citations_node.value.items():
            where = f"sources.{key}"
            ids = value.value if isinstance(value.value, list) else None
            if key not in known:
                problems.append(Problem(shown, value.line, where, "is not a string of this family."))
            elif not ids or not all(isinstance(i.value, str) for i in ids):
                problems.append(Problem(shown, value.line, where, "must be a list of reference ids, e.g. [const-5]."))
            else:
                for ref in ids:
                    if ref.value not in references:
                        problems.append(Problem(shown, ref.line, where, f"names '{ref.value}', which is not in references. Add it there or fix the id."))
                citations[key] = tuple(i.value for i in ids)
        for spec in family.strings:
            if spec.cited and spec.key not in citations:
                problems.append(Problem(shown, citations_node.line, f"sources.{spec.key}", "missing: every statement names its sources. Add the reference ids."))
        return citations, references

    @staticmethod
    def _check_translation(meta: FamilyMeta, code: str, shown: str, node: Located, problems: list[Problem]) -> None:
        line = node.value["translation"].line
        status = meta.translation.status
        if (status == "source") != (code == SOURCE_LOCALE):
            want = "source" if code == SOURCE_LOCALE else "draft or reviewed"
            problems.append(Problem(shown, line, "translation.status", f"is '{status}'; for locale '{code}' it must be {want}."))
        if status == "reviewed" and not meta.translation.reviewer:
            problems.append(Problem(shown, line, "translation.reviewer", "is missing: a reviewed text names the person who reviewed it."))
        if status == "draft" and meta.translation.reviewer:
            problems.append(Problem(shown, line, "translation.status", "is 'draft' but a reviewer is named. Set status: reviewed once the reviewer approves it."))

    @staticmethod
    def _flatten_strings(node: Located | None, file_line: int, family: Family, shown: str, problems: list[Problem]) -> tuple[dict[str, str], dict[str, int]]:
        if node is None:
            problems.append(Problem(shown, file_line, "strings", f"missing. Add the {family.name} strings: {', '.join(family.keys())}."))
            return {}, {}
        flat: dict[str, Located] = {}
        known = {f"strings.{spec.key}" for spec in family.strings}
        sections = {".".join(k.split(".")[:n]) for k in known for n in range(1, k.count(".") + 1)}
        typos: dict[str, str | None] = {}  # an unknown key (leaf or whole section) -> the known key it is closest to

        def walk(located: Located, path: str) -> None:
            if isinstance(located.value, dict):
                for key, child in located.value.items():
                    here = f"{path}.{key}"
                    if here in known or here in sections:
                        walk(child, here)
                        continue
                    # One problem for a misspelt key, however many keys sit under it.
                    siblings = [k.rsplit(".", 1)[1] for k in known | sections if k.rsplit(".", 1)[0] == path]
                    near = closest(key, siblings, 1)
                    typos[here] = f"{path}.{near[0]}" if near else None
                    problems.append(Problem(
                        shown, child.line, here,
                        f"unknown key for {family.name}.{did_you_mean(key, siblings)} Keys here: {', '.join(sorted(siblings))}.",
                    ))
            else:
                flat[path] = located

        walk(node, "strings")
        # Keys under a misspelt section, or under a section given as text, are not missing as well.
        meant = [t for t in typos.values() if t] + [k for k in flat if k in sections]
        result: dict[str, str] = {}
        lines: dict[str, int] = {}
        for spec in family.strings:
            key = f"strings.{spec.key}"
            located = flat.pop(key, None)
            if located is None:
                if not any(key == t or key.startswith(t + ".") for t in meant):  # already said: the typo
                    problems.append(Problem(shown, node.line, key, f"missing translation ({spec.help}). Add it."))
                continue
            if located.value is REJECTED:
                continue
            if not isinstance(located.value, str):
                problems.append(Problem(shown, located.line, key, "must be text (quote it if YAML reads it as something else)."))
                continue
            text = normalise(located.value)
            if reason := check_string(spec, text):
                problems.append(Problem(shown, located.line, key, reason))
                continue
            result[spec.key] = text
            lines[spec.key] = located.line
        for key, located in flat.items():  # text where a section belongs
            problems.append(Problem(shown, located.line, key, "must be a section of keys, not text. Check its indentation."))
        return result, lines

"""``cardgen import``: a PO or XLIFF file back into the content, validated as a whole first.

Every entry is checked before anything is written: its string exists, its English is the
current English, placeholders such as ``{version}`` are kept exactly, ``**bold**`` markers are
balanced, links and phone numbers are those of the English, every character is drawn by the
locale's fonts, and the pieces that print it still fit at their floor (built with the new text
in a scratch copy of the content). Any problem refuses the whole file, with every problem's
line. Then only the strings the file changes are rewritten in the YAML (comments, order and
quoting of the rest kept), entries that are not fuzzy are stamped as translated from the current
English (fingerprint and English text), and reviewed or final XLIFF units are recorded as
approved by the named reviewer.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardgen import limits
from cardgen.build import Builder, Piece
from cardgen.content.english import sidecar_path, updated_english
from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE, normalise, source_hash
from cardgen.content.regions import DEFAULT_REGION
from cardgen.content.review import Approval, approval_fingerprint, approvals_file, approved_keys, family_reviewed, read_approvals, review_path
from cardgen.content.schema import StringSpec, check_string, template_fields
from cardgen.errors import CardgenError, ContentError, FitError, OptionError, Problem
from cardgen.exchange.catalog import Incoming, Parsed, split_context
from cardgen.exchange.po import read_po
from cardgen.exchange.xliff import read_xliff
from cardgen.products import PRODUCTS
from cardgen.sizes import SIZES
from cardgen.typeset import markup
from cardgen.typeset.fonts import FontStack, stack_for, uncovered

_URL = re.compile(r"https?://[^\s)\]»”\"'<>]+")
_PHONE = re.compile(r"\+?\d[\d\u00a0 ().-]{5,}\d")


@dataclass
class ImportResult:
    locale: str
    changed: dict[str, list[str]] = field(default_factory=dict)  # family -> keys whose text changed
    stamped: dict[str, list[str]] = field(default_factory=dict)  # family -> keys stamped
    approved: dict[str, list[str]] = field(default_factory=dict)  # family -> keys approved
    fuzzy: list[str] = field(default_factory=list)  # contexts written but left stale
    written: list[Path] = field(default_factory=list)


def read_exchange_file(path: Path) -> Parsed:
    """The entries of a PO or XLIFF file (by its suffix, else by its first bytes)."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise OptionError(f"{path} is {size:,} bytes; an import file may have at most {limits.MAX_FILE_BYTES:,}.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise OptionError(f"{path} does not exist. Give the PO or XLIFF file to import.") from None
    except OSError as exc:
        raise OptionError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    suffix = path.suffix.lower()
    if suffix in (".xlf", ".xliff") or (suffix not in (".po", ".pot") and data.lstrip()[:5] in (b"<?xml", b"<xlif")):
        return read_xliff(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        parsed = Parsed(None)
        parsed.problems.append((line, "", "is not UTF-8 text. Save the PO file as UTF-8."))
        return parsed
    return read_po(text)


def import_file(path: Path, content_dir: Path | None = None, reviewer: str | None = None, today: datetime.date | None = None) -> ImportResult:
    """Validate ``path`` as a whole, then write it into the content; ContentError lists every problem."""
    shown = path.name
    parsed = read_exchange_file(path)
    problems = [Problem(shown, line, context, message) for line, context, message in parsed.problems]
    if problems and not parsed.entries:  # the file could not be read at all
        raise ContentError(problems, heading=f"import refused, nothing was written: {len(problems)} problem(s) in {shown}")
    builder = Builder(content_dir)
    code = _locale_of(parsed, builder, shown)
    wanted = _checked_entries(parsed.entries, builder, code, shown, problems)
    reviewed = [(ident, e) for ident, e in wanted.items() if e.state in ("reviewed", "final") and not _already_reviewed(builder, code, ident, e)]
    for ident, entry in wanted.items():
        if entry.state in ("reviewed", "final") and (ident, entry) not in reviewed:
            wanted[ident] = replace(entry, state="translated")  # nothing new to record
    if reviewed and not (reviewer and reviewer.strip()):
        first = min(e.line for _, e in reviewed)
        problems.append(Problem(shown, first, "", f"marks {len(reviewed)} unit(s) reviewed or final: name who reviewed them with --reviewer NAME."))
        reviewer = None
    # The entries that passed their own checks are also built, so one run reports every problem.
    files = _new_files(builder, code, wanted, reviewer, today or datetime.date.today(), shown, problems)
    if files:
        _check_fit(builder, code, files, wanted, shown, problems)
    if problems:
        raise ContentError(problems, heading=f"import refused, nothing was written: {len(set(problems))} problem(s) in {shown}")
    return _write(builder, code, files, wanted)


def _already_reviewed(builder: Builder, code: str, ident: tuple[str, str], entry: Incoming) -> bool:
    """The unit comes back unchanged and is already reviewed (its file, or its own approval)."""
    family, key = ident
    if normalise(entry.translation) != builder.content.family(code, family).strings[key]:
        return False
    return family_reviewed(builder.content, code, family) or key in approved_keys(builder.content, code, family)


def _locale_of(parsed: Parsed, builder: Builder, shown: str) -> str:
    language = (parsed.locale or "").replace("_", "-")
    known = builder.content.locale_codes()
    if not language:
        raise OptionError(f"{shown} does not name its language (PO header 'Language:' or XLIFF trgLang). Export the file again with 'cardgen export'.")
    match = next((c for c in known if c.lower() == language.lower()), None)
    if match is None:
        raise OptionError(f"{shown} is in '{language}', which is not a locale of the content. Choose one of: {', '.join(known)}.")
    if match == SOURCE_LOCALE:
        raise OptionError(f"{shown} is in English, the source: edit content/{SOURCE_LOCALE}/ directly, not through import.")
    return match


def _checked_entries(entries: list[Incoming], builder: Builder, code: str, shown: str, problems: list[Problem]) -> dict[tuple[str, str], Incoming]:
    """(family, key) -> entry, for every entry that passes the per-string checks."""
    content = builder.content
    stack = stack_for(content.locale(code).script)
    seen: dict[str, int] = {}
    wanted: dict[tuple[str, str], Incoming] = {}
    for entry in entries:
        def problem(message: str) -> None:
            problems.append(Problem(shown, entry.line, entry.context, message))

        ident = split_context(entry.context)
        if ident is None:
            problem("is not a string of cardgen (its context must be family:key, as exported). Remove the entry or export again.")
            continue
        if entry.context in seen:
            problem(f"appears twice (first on line {seen[entry.context]}). Keep one.")
            continue
        seen[entry.context] = entry.line
        family, key = ident
        if not content.has_family(code, family):
            problem(f"locale '{code}' has no {family} text to import into. Copy {SOURCE_LOCALE}/{family}.yaml first.")
            continue
        english = content.family(SOURCE_LOCALE, family).strings[key]
        if normalise(entry.english) != english:
            problem("its English (msgid / source) is not the current English text. Export the file again and carry the translation over.")
            continue
        translation = normalise(entry.translation)
        if not translation:
            continue  # untranslated in this file: the YAML keeps its text
        reasons = _text_problems(FAMILIES.get(family).spec(key), english, translation, stack)
        for reason in reasons:
            problem(reason)
        if not reasons:
            wanted[ident] = entry
    return wanted


def _text_problems(spec: StringSpec, english: str, translation: str, stack: FontStack) -> list[str]:
    """Why ``translation`` cannot replace the translation of ``english`` (none: it can)."""
    found = []
    names, _ = template_fields(english)
    kept, why = template_fields(translation)
    if why or Counter(kept) != Counter(names):
        want = ", ".join("{" + n + "}" for n in names) or "none"
        got = ", ".join("{" + n + "}" for n in kept) or "none"
        found.append(f"placeholders must be kept exactly as in the English: {want} (found {got}{'; ' + why if why else ''}).")
    if translation.count("**") % 2:  # where the bold goes is the translator's choice; pairs are not
        found.append("has an unpaired '**' (bold markers come in pairs: **like this**).")
    for kind, pattern in (("links", _URL), ("phone numbers", _PHONE)):
        before, after = _found(pattern, english, kind), _found(pattern, translation, kind)
        if sorted(before) != sorted(after):
            found.append(f"{kind} must be those of the English: {', '.join(before.values()) or 'none'} (found {', '.join(after.values()) or 'none'}).")
    if not found and (reason := check_string(spec, translation)):
        found.append(reason)
    missing = []
    for span in markup.parse(translation) if translation.count("**") % 2 == 0 else ():
        missing += uncovered(stack, span.bold, span.text)
    if missing:
        chars = ", ".join(f"{c!r} U+{ord(c):04X}" for c in dict.fromkeys(missing))
        found.append(f"has characters the locale's fonts cannot draw (they would print as empty boxes): {chars}. Replace them.")
    return found


def _found(pattern: re.Pattern[str], text: str, kind: str) -> dict[str, str]:
    """What to compare (a link, or a phone number's digits) -> how the text writes it."""
    items = [m.group(0).rstrip(".,;:") for m in pattern.finditer(text)]
    if kind == "phone numbers":
        return {re.sub(r"\D", "", i): i.strip() for i in items if len(re.sub(r"\D", "", i)) >= 7}
    return {i: i for i in items}


def _family_path(builder: Builder, code: str, family: str) -> Path:
    return builder.content.root / code / f"{family}.yaml"


def _new_files(builder: Builder, code: str, wanted: dict[tuple[str, str], Incoming], reviewer: str | None, today: datetime.date, shown: str, problems: list[Problem]) -> dict[Path, bytes]:
    """The bytes of every file the import changes: family YAML, English sidecars, approvals."""
    from cardgen.exchange.yamlwrite import SpliceError, replace_strings

    content = builder.content
    files: dict[Path, bytes] = {}
    for family in FAMILIES:
        mine = {key: e for (f, key), e in wanted.items() if f == family.name}
        if not mine:
            continue
        text, source = content.families([(code, family.name), (SOURCE_LOCALE, family.name)])
        changes: dict[tuple[str, ...], str] = {}
        english_kept: dict[str, str] = {}
        for key, entry in mine.items():
            translation = normalise(entry.translation)
            if translation != text.strings[key]:
                changes[("strings", *key.split("."))] = translation
            if not entry.fuzzy and text.translated_from.get(key) != source_hash(source.strings[key]):
                changes[("translated_from", key)] = source_hash(source.strings[key])
            if not entry.fuzzy:
                english_kept[key] = source.strings[key]
        path = _family_path(builder, code, family.name)
        if changes:
            original = path.read_text(encoding="utf-8")
            section = ""
            if "translated_from" not in _top_keys(original):
                # No section yet: written whole after the rest, like 'cardgen stamp' does.
                stamps = {p[1]: v for p, v in changes.items() if p[0] == "translated_from"}
                changes = {p: v for p, v in changes.items() if p[0] != "translated_from"}
                if stamps:
                    section = "\ntranslated_from:  # fingerprints of the English each string was translated from (cardgen stamp)\n"
                    section += "".join(f'  {key}: "{value}"\n' for key, value in stamps.items())
            try:
                written = replace_strings(original, changes) if changes else original
                files[path] = ((written.rstrip("\n") + "\n" + section) if section else written).encode("utf-8")
            except SpliceError as exc:
                problems.append(Problem(shown, 0, family.name, f"cannot be written into {path.name} ({exc}). Check the file's structure."))
        if english_kept:
            files[sidecar_path(content.root, code, family.name)] = updated_english(content.root, code, family.name, english_kept, family.keys())
        approvals = {
            key: Approval(reviewer.strip(), today, approval_fingerprint(source.strings[key], normalise(entry.translation)))
            for key, entry in mine.items() if entry.state in ("reviewed", "final") and reviewer
        }
        if approvals:
            merged = {**read_approvals(content.root, code, family.name), **approvals}
            files[review_path(content.root, code, family.name)] = approvals_file({k: merged[k] for k in family.keys() if k in merged})
    return files


def _top_keys(text: str) -> set[str]:
    return {line.split(":", 1)[0] for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#") and ":" in line}


def _check_fit(builder: Builder, code: str, files: dict[Path, bytes], wanted: dict[tuple[str, str], Incoming], shown: str, problems: list[Problem]) -> None:
    """Build every piece that prints an imported string, at every size, from a scratch copy of
    the content holding the new files: text that no longer fits is a problem of its entry."""
    root = builder.content.root
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(root, copy)
        for path, data in files.items():
            target = copy / Path(path).relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        trial = Builder(copy)
        try:
            for family in {f for f, _ in wanted}:
                trial.content.family(code, family)
        except ContentError as exc:
            for p in exc.problems:
                key = p.key.removeprefix("strings.")
                entry = next((e for (f, k), e in wanted.items() if k == key and p.file.endswith(f"{f}.yaml")), None)
                problems.append(Problem(shown, entry.line if entry else 0, entry.context if entry else p.key, p.message))
            return
        changed = {ident for ident, e in wanted.items() if normalise(e.translation) != builder.content.family(code, ident[0]).strings[ident[1]]}
        overflows: dict[tuple[tuple[str, str] | None, str, str], list[tuple[str, str]]] = {}
        for product in PRODUCTS:
            if not trial.content.has_family(code, product.family):
                continue
            for size in SIZES:
                if not size.takes(product.size_kind):
                    continue
                for region in trial.content.regions():
                    # Other regions differ only by their own notes: built when those were imported.
                    if region != DEFAULT_REGION and not any(f == "regions" and k.endswith("." + region) for f, k in changed):
                        continue
                    piece = Piece(product.name, code, size.name, region)
                    touched = [ident for ident in trial.printed(piece) if ident in changed]
                    if touched:
                        _overflows(trial, piece, touched, wanted, overflows, shown, problems)
        for (ident, product, field_name), where in overflows.items():
            sizes = ", ".join(dict.fromkeys(size for size, _ in where))
            detail = where[-1][1]
            entry = wanted[ident] if ident else None
            problems.append(Problem(
                shown, entry.line if entry else 0, entry.context if entry else "",
                f"is too long: {product} field '{field_name}' no longer fits at its floor on {sizes}. {detail} Shorten it.",
            ))


def _overflows(trial: Builder, piece: Piece, touched: list[tuple[str, str]], wanted, overflows: dict, shown: str, problems: list[Problem]) -> None:
    """Build ``piece``; for each field that overflows, blame the changed strings it prints."""
    from cardgen.exchange.room import measure_piece, prints_string

    try:
        trial.sides(piece)
        return
    except FitError as exc:
        overflowing = dict(exc.overflows)
    except CardgenError as exc:
        problems.append(Problem(shown, 0, "", f"{piece.product} ({piece.size}, region {piece.region}) cannot be built with the imported text: {exc}"))
        return
    fits = {f.field: f for f in measure_piece(trial, piece)}
    for field_name, detail in overflowing.items():
        fitted = fits.get(field_name)
        blamed = [
            ident for ident in touched
            if fitted is None or any(prints_string(paragraph, normalise(wanted[ident].translation)) for paragraph, _ in fitted.lines_by_text)
        ]
        for ident in blamed or [None]:
            overflows.setdefault((ident, piece.product, field_name), []).append((f"{piece.size}" + ("" if piece.region == DEFAULT_REGION else f" ({piece.region})"), detail))


def _write(builder: Builder, code: str, files: dict[Path, bytes], wanted: dict[tuple[str, str], Incoming]) -> ImportResult:
    from cardgen.output import write_files

    result = ImportResult(code)
    content = builder.content
    for (family, key), entry in wanted.items():
        if normalise(entry.translation) != content.family(code, family).strings[key]:
            result.changed.setdefault(family, []).append(key)
        if entry.fuzzy:
            result.fuzzy.append(entry.context)
        else:
            result.stamped.setdefault(family, []).append(key)
        if entry.state in ("reviewed", "final"):
            result.approved.setdefault(family, []).append(key)
    # A file whose bytes would not change is left alone (its date too).
    result.written = write_files({path: data for path, data in files.items() if not (path.is_file() and path.read_bytes() == data)})
    return result

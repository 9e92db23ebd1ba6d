"""Batch orders: a coalition's whole print run from one order file, in parallel, incrementally.

An order lists items (product, locales or "all", region, organisation, size, sheet, duplex,
bleed, quantity or total), with ``defaults:`` for what items leave out. A language card item
names languages instead of locales (``languages: [mam, kiche]`` or "all", any name
content/languages.yaml knows): one job per language. ``quantity`` is the copies
of each file (each locale); ``total`` is split evenly over the locales, rounded up. With the PDFs
come summary.txt and job-ticket.csv/.json: how to print each file (cardgen.ticket).
Each item expands to one job per locale; jobs run in worker processes that
each keep one Builder (fonts, content and QR codes loaded once). Every file is written
atomically; ``manifest.json`` records what was produced with the inputs' fingerprint, so a
second run rebuilds only what changed.

Every field of the order is checked before any work starts, and so are the file names: each
job is planned (piece, print options, file name) first; two jobs that would write one name
with different bytes stop the order, and a job repeated exactly is built once.

The manifest stays true when a run is interrupted or killed: it is rewritten atomically as
jobs finish (at most every half second, and at once on an interrupt), and each run starts by
checking the previous manifest against the files on disk, dropping any entry whose file is
missing or whose sha256 differs, so those are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from cardgen import __version__, limits
from cardgen.errors import CardgenError, ContentError, OrderError, Problem, did_you_mean
from cardgen.ticket import page_count, plural

MANIFEST = "manifest.json"
SUMMARY = "summary.txt"
_ITEM_KEYS = ("product", "locales", "languages", "region", "org", "size", "sheet", "duplex", "bleed", "quantity", "total", "cmyk", "site_url", "gang", "pdfx")
_ORDER_KEYS = ("defaults", "items", "site_url")
# What an order's ``defaults:`` may set for every item that does not set it itself.
_DEFAULT_KEYS = ("region", "org", "sheet", "size", "site_url", "bleed", "duplex", "cmyk", "pdfx")
DUPLEX = ("long-edge", "short-edge", "none")
_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n"}
_QUOTED_BOOL = "write true or false without quotes"
_MANIFEST_EVERY = 0.5  # seconds between rewrites of the manifest during a run


@dataclass(frozen=True)
class Item:
    product: str
    locales: tuple[str, ...] | str  # "all" or codes
    region: str = "us"
    org: str | None = None  # path, relative to the order file
    size: str | None = None
    sheet: str = "single"
    duplex: str = "long-edge"
    bleed: bool | str | float = False  # True (the size's default), False, or a length
    quantity: int | None = None  # copies to print of EACH file (each locale)
    cmyk: bool = False
    site_url: str | None = None  # the guide site the QR codes lead to (the order's, unless the item has its own)
    total: int | None = None  # copies in all, split evenly over the item's locales (rounded up)
    gang: str | None = None  # a sheet of cards: the item's locales share its sheets (see GangJob)
    pdfx: bool = False  # PDF/X-1a:2001 (cardgen.pdf), as 'build --pdfx'
    # A language card's languages: "all" or codes of content/languages.yaml (names resolved when
    # the order is read with the language list); None for every product made per locale.
    languages: tuple[str, ...] | str | None = None


@dataclass(frozen=True)
class Job:
    """One locale of one item: builds one or more files."""

    item: int
    product: str
    locale: str
    region: str
    org: str | None
    size: str | None
    sheet: str
    duplex: str
    bleed: bool | str | float
    quantity: int | None
    cmyk: bool
    site_url: str | None = None
    pdfx: bool = False
    language: str | None = None  # a language card's language (its locale is English, the language it prints)

    @property
    def reader(self) -> str:
        """Whom the job's piece is for, as reports name it: the language of a language card, else the locale."""
        return self.language or self.locale

    def key(self) -> str:
        """What the job builds, without where in the order it stands (a repeated item is one job)."""
        fields = asdict(self)
        del fields["item"]
        for name in ("pdfx", "language"):  # the key of a job without them stays as it was: no rebuild for orders that never ask
            if not fields[name]:
                del fields[name]
        return json.dumps(fields, sort_keys=True)


@dataclass(frozen=True)
class GangJob:
    """A gang run (cardgen.sheets.gang): the locales of the items with the same ``gang`` sheet,
    product, duplex, bleed and cmyk, on one press sheet in proportion to their quantities,
    built as one file. ``cards`` are the per-locale jobs, each on the gang's sheet."""

    item: int  # the first item of the gang
    product: str
    locale: str  # the locales, joined with '+' (for reports)
    reader = property(lambda self: self.locale)
    sheet: str
    duplex: str
    bleed: bool | str | float
    cmyk: bool
    cards: tuple[Job, ...]
    quantity: int | None = None  # per card: see each card's job

    def key(self) -> str:
        fields = {"gang": self.sheet, "product": self.product, "duplex": self.duplex, "bleed": self.bleed, "cmyk": self.cmyk,
                  "cards": [json.loads(card.key()) for card in self.cards]}
        return json.dumps(fields, sort_keys=True)


@dataclass
class Outcome:
    job: Job
    files: list[dict] = field(default_factory=list)  # manifest entries
    data: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes (when built)
    error: str | None = None
    skipped: bool = False


# -- reading an order ------------------------------------------------------------------------------


class _Fields:
    """Checks the values of one order file, each problem with its line and key path."""

    def __init__(self, shown: str, problems: list[Problem], language_list: Callable[[], Any] | None = None) -> None:
        self.shown, self.problems = shown, problems
        self.language_list = language_list  # () -> cardgen.content.languages.LanguageList, to resolve names

    def problem(self, node: Any, where: str, message: str, line: int = 0) -> None:
        self.problems.append(Problem(self.shown, getattr(node, "line", 0) or line, where, message))

    def text(self, node: Any, where: str, example: str) -> str | None:
        from cardgen.content.yamltree import REJECTED

        value = node.value
        if value is REJECTED:
            return None
        if not isinstance(value, str) or not value.strip():
            shown = "empty" if isinstance(value, str) else f"{_shown(value)}"
            self.problem(node, where, f"must be text such as {example}, not {shown}. Quote it if it is a code YAML reads otherwise (no, on, 1.10).")
            return None
        return value

    def boolean(self, node: Any, where: str) -> bool | None:
        value = node.value
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            self.problem(node, where, f"'{value}' is text, not a yes or no: {_QUOTED_BOOL}.")
        else:
            self.problem(node, where, f"must be true or false, not {_shown(value)} ({_QUOTED_BOOL}).")
        return None

    def choice(self, node: Any, where: str, valid: tuple[str, ...], kind: str) -> str | None:
        value = self.text(node, where, f"'{valid[0]}'")
        if value is not None and value not in valid:
            self.problem(node, where, f"unknown {kind} '{value}'.{did_you_mean(value, valid)} Choose one of: {', '.join(valid)}.")
            return None
        return value

    def bleed(self, node: Any, where: str) -> bool | str | float | None:
        """True, false, or a length within the limits of ``build --bleed``."""
        from cardgen.sheets.templates import parse_length, unit_missing
        from cardgen.sizes import MM

        value = node.value
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            self.problem(node, where, f"'{value}' is text, not a yes or no: {_QUOTED_BOOL}, or give a length such as 3mm.")
            return None
        points = parse_length(value) if isinstance(value, (str, int, float)) else None
        if points is None and (reason := unit_missing(value)):  # bleed: 3 -- 3 what?
            self.problem(node, where, reason)
            return None
        if points is None or not 0 < points <= limits.MAX_BLEED_MM * MM + 1e-9:
            self.problem(node, where, f"{_shown(value)} is not a bleed: give true, false, or a length such as 3mm or 0.125in (more than 0, at most {limits.MAX_BLEED_MM} mm).")
            return None
        return value

    def quantity(self, node: Any, where: str) -> int | None:
        value = node.value
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limits.MAX_COPIES:
            self.problem(node, where, f"must be a whole number from 1 to {limits.MAX_COPIES:,}, not {_shown(value)}.")
            return None
        return value

    def locales(self, node: Any, where: str) -> tuple[str, ...] | str | None:
        value = node.value
        if value == "all":
            return "all"
        if isinstance(value, list) and value:
            codes = [self.text(child, f"{where}[{i}]", "'es'") for i, child in enumerate(value)]
            return tuple(codes) if all(codes) else None  # type: ignore[arg-type]
        self.problem(node, where, f"must be 'all' or a list of locale codes such as [es, vi], not {_shown(value)}.")
        return None

    def languages(self, node: Any, where: str) -> tuple[str, ...] | str | None:
        """'all' or a list of language names, each resolved to its code when the order is read
        with the language list (Mam, K'iche', Quiche, kek): every unknown name is a problem
        with its line, its key path and the closest names."""
        from cardgen.errors import CardgenError

        value = node.value
        if value == "all":
            return "all"
        if not isinstance(value, list) or not value:
            self.problem(node, where, f"must be 'all' or a list of languages such as [mam, kiche] (see 'cardgen list', Languages), not {_shown(value)}.")
            return None
        names = [self.text(child, f"{where}[{i}]", "'mam'") for i, child in enumerate(value)]
        if not all(names):
            return None
        if self.language_list is None:
            return tuple(names)  # type: ignore[arg-type]
        try:
            listed = self.language_list()
        except CardgenError as exc:
            self.problem(node, where, f"the language list cannot be read: {exc}")
            return None
        codes = []
        for i, (child, name) in enumerate(zip(value, names)):
            try:
                codes.append(listed.get(name).code)
            except CardgenError as exc:
                self.problem(child, f"{where}[{i}]", f"{exc} Or write languages: all.")
        return tuple(dict.fromkeys(codes)) if len(codes) == len(names) else None

    def site_url(self, node: Any, where: str) -> str | None:
        from cardgen.links import check_site_url

        value = self.text(node, where, "'https://rights.example.org'")
        if value is None:
            return None
        if reason := check_site_url(value):
            self.problem(node, where, f"'{value}' {reason}")
            return None
        return value.rstrip("/")


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return "nothing" if value is None else repr(value)


def load_order(path: Path, language_list: Callable[[], Any] | None = None) -> list[Item]:
    """Read and validate an order file; every problem reported at once, each with its line.
    With ``language_list`` (() -> LanguageList, called only when an item names languages), a
    language card item's languages are resolved to their codes and unknown ones reported here."""
    from cardgen.content.yamltree import read_data_file

    shown = str(path)
    problems: list[Problem] = []
    tree = read_data_file(path, shown, problems)
    if tree is None:
        raise ContentError(problems)
    check = _Fields(shown, problems, language_list)
    data = tree.value if isinstance(tree.value, dict) else {}
    raw_items = data.get("items")
    if raw_items is None or not isinstance(raw_items.value, list) or not raw_items.value:
        check.problem(raw_items, "items", "missing: list the items to print, each with at least a product.", tree.line)
        raise ContentError(problems)
    for key, node in data.items():
        if key not in _ORDER_KEYS:
            check.problem(node, key, f"unknown key.{did_you_mean(key, _ORDER_KEYS)} An order has: {', '.join(_ORDER_KEYS)}.")
    defaults = _defaults(data.get("defaults"), check)
    if "site_url" in data and data["site_url"].value is not None:
        if "site_url" in defaults or (data.get("defaults") and "site_url" in (data["defaults"].value or {})):
            check.problem(data["site_url"], "site_url", "is given twice, here and in defaults. Keep the one in defaults.")
        elif (order_site := check.site_url(data["site_url"], "site_url")) is not None:
            defaults["site_url"] = order_site
    items = [item for index, raw in enumerate(raw_items.value) if (item := _item(raw, f"items[{index}]", check, defaults))]
    for name in dict.fromkeys(item.sheet for item in items if is_sheet_file(item.sheet)):
        try:  # a sheet file of the order's own: its problems are the order's, before any work
            _sheet(name, path.parent)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return items


_MISSING = object()


def _field(check: _Fields, key: str, node: Any, where: str) -> Any:
    """The checked value of one field an item (or the order's defaults) may set; _MISSING when wrong."""
    from cardgen.sheets.templates import SHEETS

    before = len(check.problems)
    if key == "region":
        value = check.text(node, where, "'il'")
    elif key == "org":
        value = check.text(node, where, "'our-org.yaml'")
    elif key == "size":
        value = check.text(node, where, "'a4'")
    elif key == "sheet":
        if isinstance(node.value, str) and is_sheet_file(node.value):
            value = check.text(node, where, "'avery-5371'")  # read with the order (load_order)
        else:
            value = check.choice(node, where, tuple(s.name for s in SHEETS), "sheet")
    elif key == "duplex":
        value = check.choice(node, where, DUPLEX, "duplex")
    elif key == "bleed":
        value = check.bleed(node, where)
    elif key in ("cmyk", "pdfx"):
        value = check.boolean(node, where)
    elif key == "gang":
        value = check.choice(node, where, tuple(s.name for s in SHEETS if not s.single and not s.booklet), "sheet of cards for a gang run")
    else:  # site_url
        value = check.site_url(node, where)
    return _MISSING if value is None or len(check.problems) > before else value


def _defaults(node: Any, check: _Fields) -> dict[str, Any]:
    """The order's ``defaults:``, checked once (problems under defaults.KEY): what every item
    that does not set a field itself gets."""
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        check.problem(node, "defaults", f"must be a mapping of what every item gets unless it says otherwise: {', '.join(_DEFAULT_KEYS)}.")
        return {}
    values: dict[str, Any] = {}
    for key, child in node.value.items():
        if key not in _DEFAULT_KEYS:
            also = " (a per-item key: set it on each item)" if key in _ITEM_KEYS else ""
            check.problem(child, f"defaults.{key}", f"unknown key{also}.{did_you_mean(key, _DEFAULT_KEYS)} Defaults may set: {', '.join(_DEFAULT_KEYS)}.")
        elif child.value is not None and (value := _field(check, key, child, f"defaults.{key}")) is not _MISSING:
            values[key] = value
    return values


def _item(raw: Any, where: str, check: _Fields, defaults: dict[str, Any]) -> Item | None:
    """One item of the order, or None when it has problems (all of them recorded). A field the
    item does not set comes from the order's defaults; the item's own value wins."""
    if not isinstance(raw.value, dict):
        check.problem(raw, where, "must be a mapping (product, locales, region, ...).")
        return None
    fields: dict = raw.value
    before = len(check.problems)
    for key, node in fields.items():
        if key not in _ITEM_KEYS:
            check.problem(node, f"{where}.{key}", f"unknown key.{did_you_mean(key, _ITEM_KEYS)} Use: {', '.join(_ITEM_KEYS)}.")

    def given(key: str) -> Any:
        node = fields.get(key)
        return node if node is not None and node.value is not None else None

    def value(key: str, fallback: Any) -> Any:
        if given(key):
            return _field(check, key, fields[key], f"{where}.{key}")
        return defaults.get(key, fallback)

    product = check.text(fields["product"], f"{where}.product", "'wallet-card'") if given("product") else None
    if not given("product"):
        check.problem(raw, f"{where}.product", "missing: the product to print (see 'cardgen list').")
    language_card = isinstance(product, str) and _is_language_card(product)
    languages = None
    if language_card:  # made per language, printed in English: languages, not locales
        from cardgen.content.loader import SOURCE_LOCALE

        if given("locales"):
            check.problem(fields["locales"], f"{where}.locales", "a language card is made per language, not per locale: "
                          "write languages: [mam, kiche] (or languages: all) instead of locales.")
        for key, why in (("org", "it does not print an organisation yet; leave out org for this item"),
                         ("gang", "language cards are not in gang runs yet; print them n-up with sheet: (a sheet of cards) instead")):
            if given(key):
                check.problem(fields[key], f"{where}.{key}", f"not for a language card: {why}.")
        languages = check.languages(fields["languages"], f"{where}.languages") if given("languages") else "all"
        locales: Any = (SOURCE_LOCALE,)
    else:
        if given("languages"):
            check.problem(fields["languages"], f"{where}.languages", f"only a language card takes languages; '{product}' is made per locale: write locales: [es, vi] (or leave it out for all).")
        locales = check.locales(fields["locales"], f"{where}.locales") if given("locales") else "all"
    region, org, size = value("region", "us"), value("org", None), value("size", None)
    sheet, duplex, bleed = value("sheet", "single"), value("duplex", None), value("bleed", False)
    cmyk, site = value("cmyk", False), value("site_url", None)
    gang, pdfx = value("gang", None), value("pdfx", False)
    if gang is not None and gang is not _MISSING and not language_card:  # (a language card's gang is refused above)
        if given("sheet"):
            check.problem(fields["sheet"], f"{where}.sheet", f"and gang both name a sheet: a gang run prints on its own sheet ('{gang}'). Leave out sheet.")
        if not given("quantity") and not given("total"):
            check.problem(fields["gang"], f"{where}.gang", "needs quantity (copies of each locale) or total: a gang run shares its cells in proportion to the quantities.")
        sheet = gang
    quantity = check.quantity(fields["quantity"], f"{where}.quantity") if given("quantity") else None
    total = check.quantity(fields["total"], f"{where}.total") if given("total") else None
    if given("quantity") and given("total"):
        check.problem(fields["total"], f"{where}.total", "and quantity both say how many: give quantity (copies of each locale's file) or total (copies in all, split over the locales), not both.")
    if len(check.problems) > before or _MISSING in (region, org, size, sheet, duplex, bleed, cmyk, site, gang, pdfx) or (language_card and languages is None):
        return None
    if duplex is None:
        duplex = "short-edge" if sheet == "booklet" else "long-edge"  # booklets turn on the short edge
    return Item(product, locales, region, org, size, sheet, duplex, bleed, quantity, cmyk, site, total, gang, pdfx, languages)  # type: ignore[arg-type]


def _is_language_card(product: str) -> bool:
    from cardgen.lookup import fold
    from cardgen.products.language_card import PRODUCT

    return fold(product) == fold(PRODUCT)


def split_total(total: int, locales: int) -> int:
    """Copies of each locale's file when an item asks for ``total`` in all: split evenly,
    rounded up, so every locale gets the same number and the total is at least reached."""
    return -(-total // max(locales, 1))


def expand(items: list[Item], locale_codes: Callable[[str], list[str]], notes: list[str] | None = None,
           language_codes: Callable[[], list[str]] | None = None) -> list[Job]:
    """One job per item and locale (per language for a language card), each once (a repeated
    item is built once), at most limits.MAX_BATCH_JOBS of them. An item's ``total`` becomes
    each locale's quantity; how it was split is added to ``notes``. ``language_codes`` gives
    every language, for a language card item with ``languages: all``."""
    jobs: dict[str, Job] = {}
    gangs: dict[tuple, dict[str, Job]] = {}  # (sheet, product, duplex, bleed, cmyk) -> its cards
    total = 0
    for index, item in enumerate(items):
        per_language = item.languages is not None
        if per_language:
            if item.languages == "all" and language_codes is None:
                raise OrderError(f"item {index + 1} ({item.product}) asks for every language, and no language list was given.")
            codes = list(language_codes() if item.languages == "all" else item.languages)  # type: ignore[misc, arg-type]
            if item.org is not None:  # the order's defaults: a language card has no organisation to print
                if notes is not None:
                    notes.append(f"item {index + 1} ({item.product}): built without the defaults' org, which language cards do not print yet.")
                item = replace(item, org=None)
        else:
            codes = locale_codes(item.product) if item.locales == "all" else list(item.locales)  # type: ignore[arg-type]
        codes = list(dict.fromkeys(codes))
        total += len(codes)
        if item.total is not None:
            each = split_total(item.total, len(codes))
            item = replace(item, quantity=each)
            if notes is not None:
                note = f"item {index + 1} ({item.product}): total {item.total:,} split over {plural(len(codes), 'language' if per_language else 'locale')}: {plural(each, 'copy', 'copies')} each"
                if each * len(codes) != item.total:
                    note += f", {each * len(codes):,} in all (rounded up)"
                notes.append(note + ".")
        if total > limits.MAX_BATCH_JOBS:
            raise OrderError(
                f"the order asks for more than {limits.MAX_BATCH_JOBS:,} files (item {index + 1} brings it to {total:,} or more), "
                "the most one order may hold. Split it into several orders."
            )
        for code in codes:
            locale, language = (item.locales[0], code) if per_language else (code, None)
            job = Job(index, item.product, locale, item.region, item.org, item.size, item.sheet, item.duplex, item.bleed, item.quantity, item.cmyk, item.site_url, item.pdfx, language)
            if item.gang:
                gangs.setdefault((item.gang, item.product, item.duplex, json.dumps(item.bleed), item.cmyk, item.pdfx), {}).setdefault(job.key(), job)
            else:
                jobs.setdefault(job.key(), job)
    ganged = []
    for (sheet, product, duplex, _, cmyk, _), cards in gangs.items():
        first = next(iter(cards.values()))
        ganged.append(GangJob(first.item, product, "+".join(c.locale for c in cards.values()), sheet, duplex, first.bleed, cmyk, tuple(cards.values())))
    return [*jobs.values(), *ganged]


# -- planning: what each job builds and under which name ------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A job resolved: the piece, its print options and the stem of its files' names."""

    piece: Any  # cardgen.build.Piece
    options: Any  # cardgen.sheets.impose.PrintOptions
    stem: str


_ORGS: dict[Path, Any] = {}  # profiles loaded in this process (a run reads each once)
SHEET_FILES = (".toml", ".yaml", ".yml")


def is_sheet_file(name: str) -> bool:
    """Does an order's ``sheet`` name a sheet file of its own (relative to the order) rather
    than a built-in sheet? Built-in names never end like a file."""
    return name.strip().lower().endswith(SHEET_FILES)


def _sheet(name: str, base: Path):
    """The sheet template an order names: built in, or a sheet file relative to the order
    (small, read afresh each time, so an edit is always seen)."""
    from cardgen.sheets.templates import SHEETS, load_sheet_file

    return load_sheet_file(base / name.strip()) if is_sheet_file(name) else SHEETS.get(name)


def _org(path: Path):
    from cardgen.org import load_org

    if path not in _ORGS:
        _ORGS[path] = load_org(path)
    return _ORGS[path]


def plan_job(job: "Job | GangJob", builder, base: Path) -> Plan:
    """Resolve a job without building it; raises CardgenError when it cannot be built. A gang
    run's piece is the tuple of its cards' pieces."""
    if isinstance(job, GangJob):
        return _plan_gang(job, builder, base)
    from cardgen.names import print_stem
    from cardgen.sheets.impose import PrintOptions, default_bleed
    from cardgen.sheets.templates import parse_length
    from cardgen.sizes import SIZES

    sheet = _sheet(job.sheet, base)
    org = _org(base / job.org) if job.org else None
    size = job.size or (sheet.card_size if not sheet.single and SIZES.get(sheet.card_size).takes(builder.product(job.product).size_kind) else None)
    piece = builder.piece(job.product, job.locale, size, job.region, org, job.site_url, language=job.language)
    if job.bleed is True:
        bleed = default_bleed(SIZES.get(piece.size))
    elif job.bleed:
        bleed = parse_length(job.bleed) or 0.0  # checked when the order was read
    else:
        bleed = 0.0
    copies = job.quantity if not (sheet.single or sheet.booklet) else None  # a booklet file holds one booklet
    if copies == sheet.cells:
        copies = None  # one full sheet, the default: the very same file
    options = PrintOptions(sheet, copies, job.duplex, (0.0, 0.0), bleed, job.cmyk, pdfx=job.pdfx)  # type: ignore[arg-type]
    return Plan(piece, options, print_stem(piece, options))


def _plan_gang(job: GangJob, builder, base: Path) -> Plan:
    from cardgen.names import file_component, option_parts

    plans = [plan_job(card, builder, base) for card in job.cards]
    sizes = {plan.piece.size for plan in plans}
    if sizes != {plans[0].options.sheet.card_size}:
        raise OrderError(f"gang run on '{job.sheet}': its cells are {plans[0].options.sheet.card_size} cards; these are {', '.join(sorted(sizes))}. Leave out size.")
    options = replace(plans[0].options, copies=None)
    locales = "-".join(file_component(card.locale, fallback="locale") for card in job.cards)
    if len(locales) > 60:  # a name part for many locales: their count and a digest of the list
        locales = f"{len(job.cards)}-locales-{hashlib.sha256(locales.encode()).hexdigest()[:8]}"
    parts = [job.product, "gang", file_component(job.sheet, fallback="sheet"), locales, *option_parts(options)]
    return Plan(tuple(plan.piece for plan in plans), options, "-".join(parts))


def plan_all(jobs: list[Job], builder, base: Path, order: Path) -> list[Job]:
    """Plan every job before any work: drop jobs that would build the very same files as an
    earlier one, and refuse two that would give one name different bytes (naming both items).
    A job that cannot be planned stays: it fails when run, reported with the others."""
    kept: list[Job] = []
    by_stem: dict[str, tuple[Job, Plan]] = {}
    clashes = []
    for job in jobs:
        try:
            plan = plan_job(job, builder, base)
        except CardgenError:
            kept.append(job)
            continue
        first = by_stem.get(plan.stem)
        if first is None:
            by_stem[plan.stem] = (job, plan)
            kept.append(job)
        elif (first[1].piece, first[1].options) != (plan.piece, plan.options):
            clashes.append(
                f"  item {first[0].item + 1} ({first[0].product}, {first[0].reader}) and item {job.item + 1} ({job.product}, {job.reader}) "
                f"would both write {plan.stem}.pdf, with different contents"
            )
        # else: the same piece with the same options as an earlier job: one file, one entry
    if clashes:
        raise OrderError(
            f"{order}: items would write the same file name with different contents:\n" + "\n".join(clashes)
            + "\nMake them differ in a way the name shows (organisation name, region, size, sheet, quantity, duplex, bleed, cmyk),"
            " give them the same site_url and profile, or put them in two orders with different --out folders."
        )
    return kept


# -- workers ------------------------------------------------------------------------------------

_BUILDER = None
_CONTENT: Path | None = None
_BASE: Path | None = None


def _init(content_dir: str | None, base: str, worker: bool = False) -> None:
    global _BUILDER, _CONTENT, _BASE
    from cardgen.build import Builder

    if worker:  # Ctrl-C reaches the whole process group: the main process alone answers it
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CONTENT = Path(content_dir) if content_dir else None
    _BUILDER = Builder(_CONTENT)
    _BASE = Path(base)


_FONTS_DIGEST: str | None = None


def fonts_fingerprint() -> str:
    """The bundled fonts as a build sees them: every file's name, size and modification time
    (hashing 100 MB of fonts for each run would cost more than most builds)."""
    global _FONTS_DIGEST
    if _FONTS_DIGEST is None:
        from cardgen.resources import fonts_dir

        digest = hashlib.sha256()
        for path in sorted(fonts_dir().rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(fonts_dir())}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
        _FONTS_DIGEST = digest.hexdigest()
    return _FONTS_DIGEST


def input_fingerprint(job: Job, builder, base: Path) -> str:
    """A hash of everything a job's files depend on: cardgen's version, the job's options, every
    content file it reads (both locales' locale.yaml, the product's and borrowed texts, the
    regions files, the site texts), the fonts, the organisation profile and its logo. Built-in
    sheets are part of cardgen's version; the glossary is not read when building."""
    from cardgen.content.loader import SOURCE_LOCALE

    if isinstance(job, GangJob):
        return hashlib.sha256("\0".join([job.key(), *(input_fingerprint(card, builder, base) for card in job.cards)]).encode()).hexdigest()
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(job.key().encode())
    digest.update(fonts_fingerprint().encode())
    root = builder.content.root
    product = builder.product(job.product)
    families = [product.family, *product.borrows, "regions", *(("site",) if job.site_url or job.org else ())]
    files = ["regions.yaml"] + [f"{code}/{name}.yaml" for code in dict.fromkeys((job.locale, SOURCE_LOCALE)) for name in ("locale", *families)]
    if job.language is not None:  # a language card's names and the list's version
        from cardgen.content.languages import FILE as LANGUAGES_FILE

        files.append(LANGUAGES_FILE)
    # Whether a piece carries the draft mark depends on the approvals of every string it prints,
    # which may sit in other families' files: all of the locale's texts and approvals count.
    for code in dict.fromkeys((job.locale, SOURCE_LOCALE)):
        folder = root / code
        files += sorted({p.relative_to(root).as_posix() for pattern in ("*.yaml", "review/*.yaml") for p in folder.glob(pattern)} - set(files))
    for rel in files:
        path = root / rel
        digest.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    if job.org:
        digest.update(_org(base / job.org).fingerprint.encode())
    if is_sheet_file(job.sheet):
        sheet_file = base / job.sheet.strip()
        digest.update(hashlib.sha256(sheet_file.read_bytes()).digest() if sheet_file.is_file() else b"-")
    return digest.hexdigest()


def _status(builder, piece, text) -> str:
    """'source', 'draft' (the piece carries the draft mark) or 'reviewed' (every string it prints is)."""
    status = text.meta.translation.status
    if status == "source":
        return status
    return "draft" if builder.is_draft(piece) else "reviewed"


def run_job(job: Job, known: list[dict], out_dir: Path, force: bool) -> Outcome:
    """Build one job in this process (the worker's builder), unless its outputs are current.
    ``known`` are the previous run's entries of this job, already checked against the disk."""
    from cardgen.build import qr_link
    from cardgen.ticket import ticket

    builder, base = _BUILDER, _BASE
    outcome = Outcome(job)
    try:
        fingerprint = input_fingerprint(job, builder, base)
        if not force and known and all(entry.get("inputs") == fingerprint for entry in known):
            outcome.files, outcome.skipped = known, True
            return outcome
        plan = plan_job(job, builder, base)
        if isinstance(job, GangJob):
            outcome.files, outcome.data = _build_gang(job, plan, builder, fingerprint)
            return outcome
        piece, options, sheet, org = plan.piece, plan.options, plan.options.sheet, plan.piece.org
        if job.language is not None:  # the project's English and the languages' names: nothing translated
            meta, status, link = builder.languages(), builder.translation_status(piece), None
        else:
            text = builder.content.family(job.locale, builder.product(job.product).family)
            meta, status, link = text.meta, _status(builder, piece, text), qr_link(builder, piece)
        for suffix, data in builder.sheet_pdfs(piece, options):
            name = f"{plan.stem}{suffix}.pdf"
            outcome.data[name] = data
            pages = page_count(data)
            how = ticket(
                name, product=job.product, locale=job.locale, region=job.region, organisation=org.name if org else None,
                size=piece.size, sheet=sheet, duplex=options.duplex, pages=pages, quantity=job.quantity, translation_status=status,
            )
            outcome.files.append({
                "file": name, "product": job.product, "locale": job.locale, **({"language": job.language} if job.language else {}), "region": job.region,
                "organisation": org.name if org else None, "size": piece.size, "sheet": sheet.name,
                "duplex": options.duplex, "bleed_mm": round(options.bleed / _MM, 3), "cmyk": options.cmyk, "pdfx": options.pdfx,
                "content_version": meta.version, "effective_date": meta.effective_date.isoformat(),
                "qr_link": link,
                "translation_status": status, "pages": pages,
                "sheets": how.sheets, "quantity": job.quantity, "copies": how.copies, "prints": how.prints,
                "stock": how.stock, "sides": how.sides, "flip": how.flip, "note": how.note,
                "sheet_file": job.sheet.strip() if is_sheet_file(job.sheet) else None,
                "sha256": hashlib.sha256(data).hexdigest(), "inputs": fingerprint, "job": job.key(),
            })
    except CardgenError as exc:
        outcome.error = str(exc)
        outcome.data.clear()
        outcome.files.clear()
    return outcome


_MM = 72 / 25.4


def _build_gang(job: GangJob, plan: Plan, builder, fingerprint: str) -> tuple[list[dict], dict[str, bytes]]:
    """A gang run's one file (its sheet, front and back) and its manifest entry: which locale
    is in which cells, and how many times to print the sheet."""
    from cardgen.pdf import write_pages
    from cardgen.sheets.gang import describe_gang, gang_pages
    from cardgen.sheets.impose import check_options, viewer_duplex
    from cardgen.sizes import SIZES
    from cardgen.ticket import ticket

    options, pieces = plan.options, plan.piece
    check_options(options, SIZES.get(options.sheet.card_size))
    cards = [(piece.locale, card.quantity, builder.sides(piece)) for card, piece in zip(job.cards, pieces)]
    gang, [(suffix, pages)] = gang_pages(cards, options)
    name = f"{plan.stem}{suffix}.pdf"
    data = write_pages(pages, f"Gang run: {job.product} ({job.locale}) on {job.sheet}", f"{job.product} gang {job.sheet}", cmyk=options.cmyk, duplex=viewer_duplex(options, len(pages)), pdfx=options.pdfx)
    how = ticket(name, product=job.product, locale=job.locale, region="+".join(dict.fromkeys(p.region for p in pieces)), organisation=None,
                 size=options.sheet.card_size, sheet=options.sheet, duplex=options.duplex, pages=len(pages), quantity=options.sheet.cells, translation_status="")
    statuses = {piece.locale: _status(builder, piece, builder.content.family(piece.locale, builder.product(job.product).family)) for piece in pieces}
    cells = {share.name: {"cells": list(share.cells), "quantity": share.quantity, "printed": share.printed} for share in gang.shares}
    entry = {
        "file": name, "product": job.product, "locale": job.locale, "region": how.region, "organisation": None, "size": how.size,
        "sheet": options.sheet.name, "duplex": options.duplex, "bleed_mm": round(options.bleed / _MM, 3), "cmyk": options.cmyk, "pdfx": options.pdfx,
        "translation_status": "draft" if "draft" in statuses.values() else "reviewed", "pages": len(pages),
        "gang": {"sheets": gang.sheets, "cells_per_sheet": gang.cells_per_sheet, "empty_cells": gang.empty_cells, "locales": cells, "translation_status": statuses},
        "sheets": gang.sheets, "quantity": sum(share.quantity for share in gang.shares), "copies": sum(share.printed for share in gang.shares),
        "prints": gang.sheets, "stock": how.stock, "sides": how.sides, "flip": how.flip, "note": "; ".join(line.strip() for line in describe_gang(gang)),
        "sheet_file": None, "sha256": hashlib.sha256(data).hexdigest(), "inputs": fingerprint, "job": job.key(),
    }
    return [entry], {name: data}


def _worker(args: tuple) -> Outcome:
    return run_job(*args)


def _worker_group(group: list[tuple]) -> list[Outcome]:
    return [run_job(*args) for args in group]


# -- running and the manifest ---------------------------------------------------------------------


@dataclass
class Run:
    """What a batch run has done so far, for the manifest and the summary."""

    out_dir: Path
    outcomes: list[Outcome] = field(default_factory=list)
    present: dict[str, dict] = field(default_factory=dict)  # file -> entry, true of the disk now
    interrupted: bool = False


def run_batch(
    jobs: list[Job], out_dir: Path, content_dir: Path | None, base: Path, workers: int, force: bool,
    report: Callable[[Outcome, int, int], None], run: Run | None = None,
) -> list[Outcome]:
    """Run every job; write each job's files atomically as it finishes, and the manifest as
    it goes; return the outcomes. Hold the folder's lock (output.FolderLock) around this."""
    from cardgen.output import remove_stale_parts, write_files

    run = run or Run(out_dir)
    remove_stale_parts(out_dir)
    run.present = verified_manifest(out_dir)
    by_job: dict[str, list[dict]] = {}
    for entry in run.present.values():
        by_job.setdefault(entry.get("job", ""), []).append(entry)
    tasks = [(job, by_job.get(job.key(), []), out_dir, force) for job in jobs]
    written_by: dict[str, str] = {}  # file -> job key, so no two jobs of this run share a file
    if workers <= 1:
        _init(str(content_dir) if content_dir else None, str(base))
        results: Iterator[Outcome] = map(_worker, tasks)
        pool = None
        order = list(range(len(tasks)))
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(str(content_dir) if content_dir else None, str(base), True))
        from cardgen.parallel import locale_groups

        groups = locale_groups([task[0] for task in tasks], workers)
        order = [index for group in groups for index in group]
        done_groups = pool.map(_worker_group, [[tasks[index] for index in group] for group in groups], chunksize=1)
        results = (outcome for group in done_groups for outcome in group)
    first = len(run.outcomes)
    last_write = 0.0
    outcome = None
    try:
        for done, outcome in enumerate(results, start=1):
            clash = next((written_by[e["file"]] for e in outcome.files if written_by.get(e["file"], outcome.job.key()) != outcome.job.key()), None)
            if clash:
                outcome.error = f"would overwrite {', '.join(e['file'] for e in outcome.files)}, written by another item of this order with other options."
                outcome.files, outcome.data = [], {}
            if outcome.data:
                write_files({out_dir / name: data for name, data in outcome.data.items()}, inside=out_dir)
                outcome.data.clear()
            for entry in outcome.files:
                run.present[entry["file"]] = entry
                written_by[entry["file"]] = outcome.job.key()
            run.outcomes.append(outcome)
            report(outcome, done, len(tasks))
            if time.monotonic() - last_write >= _MANIFEST_EVERY and done < len(tasks):
                _write_progress(run)
                last_write = time.monotonic()
    except KeyboardInterrupt:
        run.interrupted = True
        # Ctrl-C waits for the file being written, then stops the job between its files: list
        # those of this job that reached the disk whole.
        for entry in outcome.files if outcome else ():
            if entry["file"] not in run.present and _true_of_disk(out_dir / entry["file"], entry):
                run.present[entry["file"]] = entry
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        _write_progress(run)  # every file written so far, listed once with its hash
        raise
    finally:
        if pool:
            pool.shutdown()
    # the outcomes in the order's own order, however the workers took them
    position = {id(outcome): order[n] for n, outcome in enumerate(run.outcomes[first:])}
    run.outcomes[first:] = sorted(run.outcomes[first:], key=lambda outcome: position[id(outcome)])
    return run.outcomes


def verified_manifest(out_dir: Path) -> dict[str, dict]:
    """The previous manifest's entries whose file is on disk with the recorded sha256: after a
    crash or kill, a file rewritten after the manifest was last saved no longer matches and is
    dropped (and rebuilt)."""
    entries = _read_manifest(out_dir)
    broken = {entry.get("job") for name, entry in entries.items() if not _true_of_disk(out_dir / name, entry)}
    # A job whose files are not all intact is rebuilt whole (fronts and backs go together).
    return {name: entry for name, entry in entries.items() if entry.get("job") not in broken}


def _true_of_disk(path: Path, entry: dict) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False


def _read_manifest(out_dir: Path) -> dict[str, dict]:
    try:
        entries = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"]
        return {entry["file"]: entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get("file"), str)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _manifest_bytes(files: list[dict], failed: list[dict], others: list[str], complete: bool) -> bytes:
    manifest = {"cardgen": __version__, "complete": complete, "files": sorted(files, key=lambda e: e["file"]), "failed": failed, "not_in_this_order": others}
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_progress(run: Run) -> None:
    """The manifest of a run still going (or interrupted): every file known to be on disk now."""
    from cardgen.output import write_files

    write_files({run.out_dir / MANIFEST: _manifest_bytes(list(run.present.values()), _failures(run.outcomes), [], False)}, inside=run.out_dir)


def _failures(outcomes: list[Outcome]) -> list[dict]:
    return [
        {"item": o.job.item + 1, "product": o.job.product, "locale": o.job.locale, **({"language": o.job.language} if getattr(o.job, "language", None) else {}), "error": o.error}
        for o in outcomes if o.error
    ]


def other_files(outcomes: list[Outcome], out_dir: Path) -> list[str]:
    """PDF files in the folder that this order did not produce (earlier orders'): reported, kept."""
    mine = {entry["file"] for o in outcomes for entry in o.files}
    return sorted(p.name for p in out_dir.glob("*.pdf") if p.name not in mine)


TICKET_CSV = "job-ticket.csv"
TICKET_JSON = "job-ticket.json"


def tickets(outcomes: list[Outcome]) -> list[Any]:
    """How to print each file of the run (cardgen.ticket), in file-name order."""
    from cardgen.sheets.templates import SHEETS
    from cardgen.ticket import ticket_from_manifest, ticket_of_entry

    entries = sorted((e for o in outcomes for e in o.files), key=lambda e: e["file"])
    return [ticket_from_manifest(entry) or ticket_of_entry(entry, SHEETS.get(entry["sheet"])) for entry in entries]


def write_manifest(outcomes: list[Outcome], out_dir: Path, notes: list[str] = ()) -> None:  # type: ignore[assignment]
    """The manifest, summary.txt and the job ticket (CSV and JSON, one row per file), together."""
    from cardgen.output import write_files
    from cardgen.ticket import as_csv, as_json

    files = [entry for o in outcomes for entry in o.files]
    others = other_files(outcomes, out_dir)
    how = tickets(outcomes)
    write_files({
        out_dir / MANIFEST: _manifest_bytes(files, _failures(outcomes), others, True),
        out_dir / SUMMARY: summary(outcomes, others, notes).encode("utf-8"),
        out_dir / TICKET_CSV: as_csv(how).encode("utf-8"),
        out_dir / TICKET_JSON: as_json(how, __version__).encode("utf-8"),
    }, inside=out_dir)


def summary(outcomes: list[Outcome], others: list[str] = (), notes: list[str] = ()) -> str:  # type: ignore[assignment]
    """What to buy and how to print each file, for a person (the job ticket in words)."""
    from cardgen.ticket import SCALE, describe, plural, totals

    how = tickets(outcomes)
    built = sum(len(o.files) for o in outcomes if not o.skipped and not o.error)
    skipped = sum(len(o.files) for o in outcomes if o.skipped)
    failed = [o for o in outcomes if o.error]
    lines = [f"{plural(built, 'file')} built, {skipped:,} already up to date, {plural(len(failed), 'item')} failed."]
    if notes:
        lines.append("")
        lines.append("Quantities (quantity: copies of each locale's file; total: copies in all, split evenly over the locales, rounded up):")
        lines.extend(f"  {note}" for note in notes)
    if how:
        lines.append("")
        lines.append(f"Print every file at {SCALE}.")
        lines.append("")
        lines.append("Files to print:")
        for t in how:
            lines.extend(describe(t))
        lines.append("")
        lines.append("Sheets to print, per stock (stock to buy):")
        for paper, count in totals(how).items():
            lines.append(f"  {count:>6}  {paper}")
    drafts = sorted({t.locale for t in how if t.draft})
    if drafts:
        lines.append("")
        lines.append(f"Unreviewed draft translations (marked on the pieces): {', '.join(drafts)}")
    if others:
        lines.append("")
        lines.append("In the folder but not in this order (from earlier orders; kept, not in the manifest's files):")
        lines.extend(f"  {name}" for name in others)
    if failed:
        lines.append("")
        lines.append("Failed:")
        for o in failed:
            first, *rest = (o.error or "").splitlines() or [""]
            lines.append(f"  item {o.job.item + 1} ({o.job.product}, {o.job.reader}): {first}")
            lines.extend(f"      {line.strip()}" for line in rest)  # every line: file, line, key, fix
    return "\n".join(lines) + "\n"


def default_jobs() -> int:
    from cardgen.parallel import default_jobs

    return default_jobs()

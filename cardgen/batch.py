"""Batch orders: a coalition's whole print run from one order file, in parallel, incrementally.

An order lists items (product, locales or "all", region, organisation, size, sheet, duplex,
bleed, quantity). Each item expands to one job per locale; jobs run in worker processes that
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
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from cardgen import __version__, limits
from cardgen.errors import CardgenError, ContentError, OrderError, Problem

MANIFEST = "manifest.json"
SUMMARY = "summary.txt"
_ITEM_KEYS = ("product", "locales", "region", "org", "size", "sheet", "duplex", "bleed", "quantity", "cmyk", "site_url")
_ORDER_KEYS = ("items", "site_url")
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
    quantity: int | None = None  # cards (or signs) to print
    cmyk: bool = False
    site_url: str | None = None  # the guide site the QR codes lead to (the order's, unless the item has its own)


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

    def key(self) -> str:
        """What the job builds, without where in the order it stands (a repeated item is one job)."""
        fields = asdict(self)
        del fields["item"]
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

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown, self.problems = shown, problems

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
            self.problem(node, where, f"unknown {kind} '{value}'. Choose one of: {', '.join(valid)}.")
            return None
        return value

    def bleed(self, node: Any, where: str) -> bool | str | float | None:
        """True, false, or a length within the limits of ``build --bleed``."""
        from cardgen.sheets.templates import parse_length
        from cardgen.sizes import MM

        value = node.value
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            self.problem(node, where, f"'{value}' is text, not a yes or no: {_QUOTED_BOOL}, or give a length such as 3mm.")
            return None
        points = parse_length(value) if isinstance(value, (str, int, float)) else None
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


def load_order(path: Path) -> list[Item]:
    """Read and validate an order file; every problem reported at once, each with its line."""
    from cardgen.content.yamltree import read_data_file

    shown = str(path)
    problems: list[Problem] = []
    tree = read_data_file(path, shown, problems)
    if tree is None:
        raise ContentError(problems)
    check = _Fields(shown, problems)
    data = tree.value if isinstance(tree.value, dict) else {}
    raw_items = data.get("items")
    if raw_items is None or not isinstance(raw_items.value, list) or not raw_items.value:
        check.problem(raw_items, "items", "missing: list the items to print, each with at least a product.", tree.line)
        raise ContentError(problems)
    for key, node in data.items():
        if key not in _ORDER_KEYS:
            check.problem(node, key, f"unknown key. An order has: {', '.join(_ORDER_KEYS)}.")
    order_site = check.site_url(data["site_url"], "site_url") if "site_url" in data and data["site_url"].value is not None else None
    items = [item for index, raw in enumerate(raw_items.value) if (item := _item(raw, f"items[{index}]", check, order_site))]
    if problems:
        raise ContentError(problems)
    return items


def _item(raw: Any, where: str, check: _Fields, order_site: str | None) -> Item | None:
    """One item of the order, or None when it has problems (all of them recorded)."""
    from cardgen.sheets.templates import SHEETS

    if not isinstance(raw.value, dict):
        check.problem(raw, where, "must be a mapping (product, locales, region, ...).")
        return None
    fields: dict = raw.value
    before = len(check.problems)
    for key, node in fields.items():
        if key not in _ITEM_KEYS:
            check.problem(node, f"{where}.{key}", f"unknown key. Use: {', '.join(_ITEM_KEYS)}.")

    def given(key: str) -> Any:
        node = fields.get(key)
        return node if node is not None and node.value is not None else None

    product = check.text(fields["product"], f"{where}.product", "'wallet-card'") if given("product") else None
    if not given("product"):
        check.problem(raw, f"{where}.product", "missing: the product to print (see 'cardgen list').")
    locales = check.locales(fields["locales"], f"{where}.locales") if given("locales") else "all"
    region = check.text(fields["region"], f"{where}.region", "'il'") if given("region") else "us"
    org = check.text(fields["org"], f"{where}.org", "'our-org.yaml'") if given("org") else None
    size = check.text(fields["size"], f"{where}.size", "'a4'") if given("size") else None
    sheet = check.choice(fields["sheet"], f"{where}.sheet", tuple(s.name for s in SHEETS), "sheet") if given("sheet") else "single"
    duplex = check.choice(fields["duplex"], f"{where}.duplex", DUPLEX, "duplex") if given("duplex") else None
    bleed = check.bleed(fields["bleed"], f"{where}.bleed") if given("bleed") else False
    quantity = check.quantity(fields["quantity"], f"{where}.quantity") if given("quantity") else None
    cmyk = check.boolean(fields["cmyk"], f"{where}.cmyk") if given("cmyk") else False
    site = check.site_url(fields["site_url"], f"{where}.site_url") if given("site_url") else None
    if len(check.problems) > before:
        return None
    if duplex is None:
        duplex = "short-edge" if sheet == "booklet" else "long-edge"  # booklets turn on the short edge
    return Item(product, locales, region, org, size, sheet, duplex, bleed, quantity, cmyk, site or order_site)  # type: ignore[arg-type]


def expand(items: list[Item], locale_codes: Callable[[str], list[str]]) -> list[Job]:
    """One job per item and locale, each once (a repeated item is built once), at most
    limits.MAX_BATCH_JOBS of them."""
    jobs: dict[str, Job] = {}
    total = 0
    for index, item in enumerate(items):
        codes = locale_codes(item.product) if item.locales == "all" else list(item.locales)
        total += len(codes)
        if total > limits.MAX_BATCH_JOBS:
            raise OrderError(
                f"the order asks for more than {limits.MAX_BATCH_JOBS:,} files (item {index + 1} brings it to {total:,} or more), "
                "the most one order may hold. Split it into several orders."
            )
        for code in codes:
            job = Job(index, item.product, code, item.region, item.org, item.size, item.sheet, item.duplex, item.bleed, item.quantity, item.cmyk, item.site_url)
            jobs.setdefault(job.key(), job)
    return list(jobs.values())


# -- planning: what each job builds and under which name ------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A job resolved: the piece, its print options and the stem of its files' names."""

    piece: Any  # cardgen.build.Piece
    options: Any  # cardgen.sheets.impose.PrintOptions
    stem: str


_ORGS: dict[Path, Any] = {}  # profiles loaded in this process (a run reads each once)


def _org(path: Path):
    from cardgen.org import load_org

    if path not in _ORGS:
        _ORGS[path] = load_org(path)
    return _ORGS[path]


def plan_job(job: Job, builder, base: Path) -> Plan:
    """Resolve a job without building it; raises CardgenError when it cannot be built."""
    from cardgen.names import print_stem
    from cardgen.sheets.impose import PrintOptions, default_bleed
    from cardgen.sheets.templates import SHEETS, parse_length
    from cardgen.sizes import SIZES

    sheet = SHEETS.get(job.sheet)
    org = _org(base / job.org) if job.org else None
    size = job.size or (sheet.card_size if not sheet.single and builder.product(job.product).size_kind == "card" else None)
    piece = builder.piece(job.product, job.locale, size, job.region, org, job.site_url)
    if job.bleed is True:
        bleed = default_bleed(SIZES.get(piece.size))
    elif job.bleed:
        bleed = parse_length(job.bleed) or 0.0  # checked when the order was read
    else:
        bleed = 0.0
    copies = job.quantity if not (sheet.single or sheet.booklet) else None  # a booklet file holds one booklet
    if copies == sheet.cells:
        copies = None  # one full sheet, the default: the very same file
    options = PrintOptions(sheet, copies, job.duplex, (0.0, 0.0), bleed, job.cmyk)  # type: ignore[arg-type]
    return Plan(piece, options, print_stem(piece, options))


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
                f"  item {first[0].item + 1} ({first[0].product}, {first[0].locale}) and item {job.item + 1} ({job.product}, {job.locale}) "
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

    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(job.key().encode())
    digest.update(fonts_fingerprint().encode())
    root = builder.content.root
    product = builder.product(job.product)
    families = [product.family, *product.borrows, "regions", *(("site",) if job.site_url or job.org else ())]
    files = ["regions.yaml"] + [f"{code}/{name}.yaml" for code in dict.fromkeys((job.locale, SOURCE_LOCALE)) for name in ("locale", *families)]
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

    builder, base = _BUILDER, _BASE
    outcome = Outcome(job)
    try:
        fingerprint = input_fingerprint(job, builder, base)
        if not force and known and all(entry.get("inputs") == fingerprint for entry in known):
            outcome.files, outcome.skipped = known, True
            return outcome
        plan = plan_job(job, builder, base)
        piece, options, sheet, org = plan.piece, plan.options, plan.options.sheet, plan.piece.org
        text = builder.content.family(job.locale, builder.product(job.product).family)
        for suffix, data in builder.sheet_pdfs(piece, options):
            name = f"{plan.stem}{suffix}.pdf"
            outcome.data[name] = data
            pages = _page_count(data)
            outcome.files.append({
                "file": name, "product": job.product, "locale": job.locale, "region": job.region,
                "organisation": org.name if org else None, "size": piece.size, "sheet": sheet.name,
                "duplex": options.duplex, "bleed_mm": round(options.bleed / _MM, 3), "cmyk": options.cmyk,
                "content_version": text.meta.version, "effective_date": text.meta.effective_date.isoformat(),
                "qr_link": qr_link(builder, piece),
                "translation_status": _status(builder, piece, text), "pages": pages,
                "sheets": _sheets(sheet, job.quantity, pages), "quantity": job.quantity,
                "sha256": hashlib.sha256(data).hexdigest(), "inputs": fingerprint, "job": job.key(),
            })
    except CardgenError as exc:
        outcome.error = str(exc)
        outcome.data.clear()
        outcome.files.clear()
    return outcome


_MM = 72 / 25.4


def _page_count(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _sheets(sheet, quantity: int | None, pages: int = 0) -> int:
    """Sheets of paper or card stock to print this file as ordered."""
    if sheet.booklet:
        return pages // 2 * (quantity or 1)  # each sheet holds two of the file's pages (front and back)
    if sheet.single:
        return quantity or 1  # one sheet per piece, printed on both sides when it has two
    return math.ceil((quantity or sheet.cells) / sheet.cells)


def _worker(args: tuple) -> Outcome:
    return run_job(*args)


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
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(str(content_dir) if content_dir else None, str(base), True))
        results = pool.map(_worker, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
    last_write = 0.0
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
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        _write_progress(run)  # every file written so far, listed once with its hash
        raise
    finally:
        if pool:
            pool.shutdown()
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
        {"item": o.job.item + 1, "product": o.job.product, "locale": o.job.locale, "error": o.error}
        for o in outcomes if o.error
    ]


def other_files(outcomes: list[Outcome], out_dir: Path) -> list[str]:
    """PDF files in the folder that this order did not produce (earlier orders'): reported, kept."""
    mine = {entry["file"] for o in outcomes for entry in o.files}
    return sorted(p.name for p in out_dir.glob("*.pdf") if p.name not in mine)


def write_manifest(outcomes: list[Outcome], out_dir: Path) -> None:
    from cardgen.output import write_files

    files = [entry for o in outcomes for entry in o.files]
    others = other_files(outcomes, out_dir)
    write_files({
        out_dir / MANIFEST: _manifest_bytes(files, _failures(outcomes), others, True),
        out_dir / SUMMARY: summary(outcomes, others).encode("utf-8"),
    }, inside=out_dir)


def summary(outcomes: list[Outcome], others: list[str] = ()) -> str:  # type: ignore[assignment]
    """What to buy and print, for a person."""
    from cardgen.sheets.templates import SHEETS

    stock: dict[str, int] = {}
    lines = []
    booklets = []
    for outcome in outcomes:
        for entry in outcome.files:
            sheet = SHEETS.get(entry["sheet"])
            if sheet.booklet:
                from cardgen.sheets.booklet import PAPER

                paper = f"{PAPER[entry['size']].name} paper, printed duplex (flip on short edge), for booklets"
                per_copy = entry["sheets"] // (entry["quantity"] or 1)
                booklets.append(f"  {entry['file']}: {per_copy} sheets per booklet x {entry['quantity'] or 1} = {entry['sheets']} sheets")
            else:
                paper = sheet.label.split(":")[0] if not sheet.single else f"{entry['size']} pages"
            stock[paper] = stock.get(paper, 0) + entry["sheets"]
    built = sum(len(o.files) for o in outcomes if not o.skipped and not o.error)
    skipped = sum(len(o.files) for o in outcomes if o.skipped)
    failed = [o for o in outcomes if o.error]
    lines.append(f"{built} files built, {skipped} already up to date, {len(failed)} items failed.")
    lines.append("")
    lines.append("Sheets to print (stock to buy):")
    for paper, count in sorted(stock.items()):
        lines.append(f"  {count:>6}  {paper}")
    if booklets:
        lines.append("")
        lines.append("Booklets: print each file on both sides, flip on short edge, at actual size; fold each")
        lines.append("booklet's sheets in half together and staple twice at the fold (no creep compensation:")
        lines.append("the inner pages stick out under 1 mm, inside the margins):")
        lines.extend(booklets)
    drafts = sorted({e["locale"] for o in outcomes for e in o.files if e["translation_status"] == "draft"})
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
            lines.append(f"  item {o.job.item + 1} ({o.job.product}, {o.job.locale}): {first}")
            lines.extend(f"      {line.strip()}" for line in rest)  # every line: file, line, key, fix
    return "\n".join(lines) + "\n"


def default_jobs() -> int:
    return os.cpu_count() or 1

"""Batch orders: a coalition's whole print run from one order file, in parallel, incrementally.

An order lists items (product, locales or "all", region, organisation, size, sheet, duplex,
bleed, quantity). Each item expands to one job per locale; jobs run in worker processes that
each keep one Builder (fonts, content and QR codes loaded once). Every file is written
atomically; ``manifest.json`` records what was produced with the inputs' fingerprint, so a
second run rebuilds only what changed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from cardgen import __version__
from cardgen.errors import CardgenError, ContentError, Problem

MANIFEST = "manifest.json"
SUMMARY = "summary.txt"
_ITEM_KEYS = ("product", "locales", "region", "org", "size", "sheet", "duplex", "bleed", "quantity", "cmyk", "site_url")
_ORDER_KEYS = ("items", "site_url")


@dataclass(frozen=True)
class Item:
    product: str
    locales: tuple[str, ...] | str  # "all" or codes
    region: str = "us"
    org: str | None = None  # path, relative to the order file
    size: str | None = None
    sheet: str = "single"
    duplex: str = "long-edge"
    bleed: bool | str = False
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
    bleed: bool | str
    quantity: int | None
    cmyk: bool
    site_url: str | None = None

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass
class Outcome:
    job: Job
    files: list[dict] = field(default_factory=list)  # manifest entries
    data: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes (when built)
    error: str | None = None
    skipped: bool = False


def load_order(path: Path) -> list[Item]:
    """Read and validate an order file; every problem reported at once."""
    import yaml

    shown = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError([Problem(shown, 0, "", f"cannot be read ({exc.strerror}).")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([Problem(shown, mark.line + 1 if mark else 0, "", f"malformed YAML ({getattr(exc, 'problem', exc)}).")]) from None
    from cardgen.links import check_site_url

    problems: list[Problem] = []
    raw_items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(raw_items, list) or not raw_items:
        raise ContentError([Problem(shown, 0, "items", "missing: list the items to print, each with at least a product.")])
    for key in data:
        if key not in _ORDER_KEYS:
            problems.append(Problem(shown, 0, str(key), f"unknown key. An order has: {', '.join(_ORDER_KEYS)}."))

    def site_url_at(raw: dict, where: str) -> str | None:
        value = raw.get("site_url")
        if value is None:
            return None
        if not isinstance(value, str) or (reason := check_site_url(value)):
            problems.append(Problem(shown, 0, where, f"'{value}' {reason if isinstance(value, str) else 'must be a link such as https://rights.example.org'}"))
            return None
        return value.rstrip("/")

    order_site = site_url_at(data, "site_url")
    items = []
    for index, raw in enumerate(raw_items):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            problems.append(Problem(shown, 0, where, "must be a mapping (product, locales, region, ...)."))
            continue
        for key in raw:
            if key not in _ITEM_KEYS:
                problems.append(Problem(shown, 0, f"{where}.{key}", f"unknown key. Use: {', '.join(_ITEM_KEYS)}."))
        if not isinstance(raw.get("product"), str):
            problems.append(Problem(shown, 0, f"{where}.product", "missing: the product to print (see 'cardgen list')."))
            continue
        locales = raw.get("locales", "all")
        if locales != "all" and not (isinstance(locales, list) and locales and all(isinstance(c, str) for c in locales)):
            problems.append(Problem(shown, 0, f"{where}.locales", "must be 'all' or a list of locale codes."))
            continue
        quantity = raw.get("quantity")
        if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1):
            problems.append(Problem(shown, 0, f"{where}.quantity", "must be a whole number of at least 1."))
            continue
        items.append(Item(
            raw["product"], "all" if locales == "all" else tuple(locales), str(raw.get("region", "us")),
            raw.get("org"), raw.get("size"), str(raw.get("sheet", "single")),
            str(raw.get("duplex", "short-edge" if raw.get("sheet") == "booklet" else "long-edge")),  # booklets turn on the short edge
            raw.get("bleed", False), quantity, bool(raw.get("cmyk", False)),
            site_url_at(raw, f"{where}.site_url") or order_site,
        ))
    if problems:
        raise ContentError(problems)
    return items


def expand(items: list[Item], locale_codes: Callable[[str], list[str]]) -> list[Job]:
    jobs = []
    for index, item in enumerate(items):
        codes = locale_codes(item.product) if item.locales == "all" else list(item.locales)
        for code in codes:
            jobs.append(Job(index, item.product, code, item.region, item.org, item.size, item.sheet, item.duplex, item.bleed, item.quantity, item.cmyk, item.site_url))
    return jobs


# -- workers ------------------------------------------------------------------------------------

_BUILDER = None
_CONTENT: Path | None = None
_BASE: Path | None = None


def _init(content_dir: str | None, base: str) -> None:
    global _BUILDER, _CONTENT, _BASE
    from cardgen.build import Builder

    _CONTENT = Path(content_dir) if content_dir else None
    _BUILDER = Builder(_CONTENT)
    _BASE = Path(base)


def input_fingerprint(job: Job, builder, base: Path) -> str:
    """A hash of everything a job's files depend on: cardgen's version, the job, the content
    files it reads, the organisation profile and its logo."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(job.key().encode())
    root = builder.content.root
    product = builder.product(job.product)
    borrowed = [f"{code}/{family}.yaml" for family in product.borrows for code in (job.locale, "en")]
    for rel in (
        f"{job.locale}/locale.yaml", f"{job.locale}/{product.family}.yaml", f"en/{product.family}.yaml", *borrowed,
        f"{job.locale}/regions.yaml", "en/regions.yaml", "regions.yaml", *((f"{job.locale}/site.yaml",) if job.site_url else ()),
    ):
        path = root / rel
        digest.update(rel.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    if job.org:
        from cardgen.org import load_org

        digest.update(load_org(base / job.org).fingerprint.encode())
    return digest.hexdigest()


def run_job(job: Job, previous: dict[str, dict], out_dir: Path, force: bool) -> Outcome:
    """Build one job in this process (the worker's builder), unless its outputs are current."""
    from cardgen.build import qr_link
    from cardgen.org import load_org
    from cardgen.sheets.impose import PrintOptions, default_bleed
    from cardgen.sheets.templates import SHEETS, parse_length
    from cardgen.sizes import SIZES

    builder, base = _BUILDER, _BASE
    outcome = Outcome(job)
    try:
        fingerprint = input_fingerprint(job, builder, base)
        known = [entry for entry in previous.values() if entry.get("job") == job.key()]
        if not force and known and all(
            entry["inputs"] == fingerprint and (out_dir / entry["file"]).is_file()
            and hashlib.sha256((out_dir / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
            for entry in known
        ):
            outcome.files, outcome.skipped = known, True
            return outcome
        sheet = SHEETS.get(job.sheet)
        org = load_org(base / job.org) if job.org else None
        size = job.size or (sheet.card_size if not sheet.single and builder.product(job.product).size_kind == "card" else None)
        piece = builder.piece(job.product, job.locale, size, job.region, org, job.site_url)
        if job.bleed is True:
            bleed = default_bleed(SIZES.get(piece.size))
        elif job.bleed:
            bleed = parse_length(job.bleed)
            if bleed is None:
                raise CardgenError(f"bleed '{job.bleed}' is not a length such as 3mm.")
        else:
            bleed = 0.0
        copies = job.quantity if not (sheet.single or sheet.booklet) else None  # a booklet file holds one booklet
        options = PrintOptions(sheet, copies, job.duplex, (0.0, 0.0), bleed, job.cmyk)
        text = builder.content.family(job.locale, builder.product(job.product).family)
        org_part = f"-{_slug(org.name)}" if org else ""
        sheet_part = "" if sheet.single else f"-{sheet.name}"
        for suffix, data in builder.sheet_pdfs(piece, options):
            name = f"{piece.stem}{org_part}{sheet_part}{suffix}.pdf"
            outcome.data[name] = data
            pages = _page_count(data)
            outcome.files.append({
                "file": name, "product": job.product, "locale": job.locale, "region": job.region,
                "organisation": org.name if org else None, "size": piece.size, "sheet": sheet.name,
                "content_version": text.meta.version, "effective_date": text.meta.effective_date.isoformat(),
                "qr_link": qr_link(builder, piece),
                "translation_status": text.meta.translation.status, "pages": pages,
                "sheets": _sheets(sheet, job.quantity, pages), "quantity": job.quantity,
                "sha256": hashlib.sha256(data).hexdigest(), "inputs": fingerprint, "job": job.key(),
            })
    except CardgenError as exc:
        outcome.error = str(exc)
        outcome.data.clear()
        outcome.files.clear()
    return outcome


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


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "org"


def _worker(args: tuple) -> Outcome:
    return run_job(*args)


def run_batch(
    jobs: list[Job], out_dir: Path, content_dir: Path | None, base: Path, workers: int, force: bool,
    report: Callable[[Outcome, int, int], None],
) -> list[Outcome]:
    """Run every job; write each job's files atomically as it finishes; return the outcomes."""
    from cardgen.output import write_files

    previous = _read_manifest(out_dir)
    tasks = [(job, previous, out_dir, force) for job in jobs]
    outcomes: list[Outcome] = []
    if workers <= 1:
        _init(str(content_dir) if content_dir else None, str(base))
        results: Iterator[Outcome] = map(_worker, tasks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(str(content_dir) if content_dir else None, str(base)))
        results = pool.map(_worker, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
    try:
        for done, outcome in enumerate(results, start=1):
            if outcome.data:
                write_files({out_dir / name: data for name, data in outcome.data.items()})
                outcome.data.clear()
            outcomes.append(outcome)
            report(outcome, done, len(tasks))
    finally:
        if pool:
            pool.shutdown()
    return outcomes


def _read_manifest(out_dir: Path) -> dict[str, dict]:
    try:
        entries = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"]
        return {entry["file"]: entry for entry in entries}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(outcomes: list[Outcome], out_dir: Path) -> None:
    from cardgen.output import write_files

    files = sorted((entry for o in outcomes for entry in o.files), key=lambda e: e["file"])
    manifest = {"cardgen": __version__, "files": files}
    write_files({
        out_dir / MANIFEST: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        out_dir / SUMMARY: summary(outcomes).encode("utf-8"),
    })


def summary(outcomes: list[Outcome]) -> str:
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
    if failed:
        lines.append("")
        lines.append("Failed:")
        for o in failed:
            lines.append(f"  item {o.job.item + 1} ({o.job.product}, {o.job.locale}): {o.error.splitlines()[0]}")
    return "\n".join(lines) + "\n"


def default_jobs() -> int:
    return os.cpu_count() or 1

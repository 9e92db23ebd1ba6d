"""`cardgen batch`: a whole print run from an order file."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import content_option, info, main, reports_errors


@main.command()
@click.argument("order", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@content_option
@click.option(
    "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder to write into (created if needed).",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes. Default: the number of cores.")
@click.option("--force", is_flag=True, help="Rebuild everything, even files whose inputs have not changed.")
@reports_errors
def batch(order, content_dir, out_dir, jobs, force) -> None:
    """Build every item of an order file, in parallel, into one folder with a manifest.

    Each item names a product and its locales (or 'all'; a language-card item names its
    languages instead, e.g. 'languages: [mam, kiche]' or 'all'), and optionally region, org, size,
    sheet, duplex, bleed, cmyk, pdfx, site_url and quantity (copies of each locale's file) or total
    (copies in all, split evenly over the locales); the order's 'defaults:' give what items
    leave out. Items with 'gang: press-12x18' (any sheet of cards) share that sheet in one gang
    run, each locale in cells in proportion to its quantity. Only files whose inputs changed since the last run are rebuilt. Next to the PDFs:
    manifest.json, summary.txt and job-ticket.csv/.json (how to print each file). Errors in
    one item are reported at the end; the exit code is 1 if any failed.
    """
    import sys

    from cardgen.batch import Run, default_jobs, expand, load_order, plan_all, run_batch, summary, write_manifest
    from cardgen.build import Builder
    from cardgen.errors import CardgenError, Interrupted, OrderError
    from cardgen.output import FolderLock
    from cardgen.ticket import plural

    builder = Builder(content_dir)
    items = load_order(order, builder.languages)  # language names resolved (and unknown ones reported) with the order's other problems
    catalogue = builder.catalogue()

    def locales_of(product: str) -> list[str]:
        try:
            name = builder.product(product).name
        except CardgenError:
            return ["all"]  # an unknown product: reported below with its item
        return [p.locale for p in catalogue if p.product == name]

    items = _resolve_names(items, builder)
    quantities: list[str] = []
    job_list = expand(items, locales_of, quantities, lambda: list(builder.languages().languages))
    wrong = []
    for job in (card for job in job_list for card in getattr(job, "cards", (job,))):  # names are checked before any work starts, all at once (a gang run's per locale)
        try:
            builder.product(job.product)
            builder.content.ensure_known(job.locale)
            builder.content.region(job.region)
        except CardgenError as exc:
            wrong.append(f"  item {job.item + 1} ({job.product}, {job.reader}): {exc}")
    if wrong:
        raise OrderError(f"{order}: the order names things that do not exist:\n" + "\n".join(dict.fromkeys(wrong)))
    job_list = plan_all(job_list, builder, order.parent, order)  # file names, before any work
    for line in quantities:  # how each total was split, before the work starts
        info(line)
    workers = jobs or default_jobs()
    tty = sys.stdout.isatty()
    bar = click.progressbar(length=len(job_list), label="building") if tty else None

    def report(outcome, done, total):
        if bar is not None:
            bar.update(1)
        else:
            state = "failed" if outcome.error else ("up to date" if outcome.skipped else "built")
            info(f"[{done}/{total}] {state}: {outcome.job.product} {outcome.job.reader} ({plural(len(outcome.files), 'file')})")

    run = Run(out_dir)
    with FolderLock(out_dir) as lock:
        if lock.note:
            click.echo(lock.note, err=True)
        if bar is not None:
            bar.__enter__()
        try:
            outcomes = run_batch(job_list, out_dir, content_dir, order.parent, workers, force, report, run)
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted: {sum(len(o.files) for o in run.outcomes if not o.error)} files are finished and listed in "
                f"{out_dir / 'manifest.json'}; run the same command again to build the rest."
            ) from None
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        write_manifest(outcomes, out_dir, quantities)
    click.echo(summary(outcomes, _others(outcomes, out_dir), quantities), nl=False)
    click.echo(f"manifest: {out_dir / 'manifest.json'}")
    _how_to_print(outcomes, out_dir)
    if any(o.error for o in outcomes):
        raise SystemExit(1)


def _how_to_print(outcomes, out_dir: Path) -> None:
    """The last words of a run: where the job ticket is, the one print setting that always
    holds, and (once) whether any piece is an unreviewed draft."""
    from cardgen.batch import TICKET_CSV, TICKET_JSON, tickets

    from cardgen.cli.app import info
    from cardgen.ticket import hint

    how = tickets(outcomes)
    if not how:
        return
    for line in hint([(t.file, t.sides, t.flip) for t in how]):
        info(line)
    info(f"hand the copy shop {out_dir / 'summary.txt'} or {out_dir / TICKET_CSV} ({TICKET_JSON} for software): copies, sheets and stock per file.")
    _warn_drafts(sorted({t.locale for t in how if t.draft}), sum(t.draft for t in how))


def say_how_to_print(builder, pieces, files: dict[Path, bytes], sheet, duplex: str | None) -> None:
    """After 'cardgen build': how to print the files written (scale, sides, edge) and, once,
    whether any piece is an unreviewed draft (Builder.is_draft, the one review rule)."""
    from cardgen.cli.app import info
    from cardgen.sizes import SIZES
    from cardgen.ticket import hint, page_count, plural, sides_of, stock_of

    if not files:
        return
    duplex = duplex or ("short-edge" if sheet.booklet else "long-edge")
    pages = {path.name: page_count(data) for path, data in sorted(files.items())}
    for line in hint([(name, *sides_of(name, count, duplex)) for name, count in pages.items()]):
        info(line)
    if not sheet.single and not sheet.booklet:  # cards n-up: the stock to buy
        sheets = sum(0 if name.endswith("-backs.pdf") else count if count == 1 or name.endswith("-fronts.pdf") else count // 2 for name, count in pages.items())
        info(f"  {plural(sheets, 'sheet')} of {stock_of(sheet, sheet.card_size)}{' in all' if len(pages) > 1 else ''}.")
    if any(SIZES.get(p.size).folds for p in pieces):
        info("  Cut, then fold each folding card in half at the fold line, the cover outside.")
    drafts = [p for p in pieces if builder.is_draft(p)]
    _warn_drafts(sorted({p.locale for p in drafts}), len(drafts), "piece")


def _warn_drafts(locales: list[str], count: int, kind: str = "file") -> None:
    from cardgen.ticket import plural

    if locales:
        click.echo(
            f"warning: {plural(count, kind + ' is from an unreviewed draft translation', kind + 's are from unreviewed draft translations')} "
            f"({', '.join(locales)}): {'it carries' if count == 1 else 'they carry'} a 'DRAFT, not reviewed' mark. "
            "Have the translations reviewed ('cardgen proof', 'cardgen approve') before printing for the public.",
            err=True,
        )


def _others(outcomes, out_dir: Path) -> list[str]:
    from cardgen.batch import other_files

    return other_files(outcomes, out_dir)


def _resolve_names(items, builder):
    """Each item's locales and region as codes, understood as on the command line (es-MX,
    Spanish, Illinois), each fallback noted once. A name that matches nothing is kept as written
    and reported with its item below."""
    from dataclasses import replace

    from cardgen.cli.app import note
    from cardgen.errors import CardgenError
    from cardgen.lookup import resolve_locale, resolve_region

    notes: dict[str, None] = {}
    resolved = []
    for item in items:
        locales = item.locales
        if locales != "all":
            codes = []
            for name in locales:
                try:
                    code, message = resolve_locale(builder.content, name)
                except CardgenError:
                    code, message = name, None
                codes.append(code)
                if message:
                    notes[message] = None
            locales = tuple(dict.fromkeys(codes))
        try:
            region = resolve_region(builder.content.regions(), item.region)
        except CardgenError:
            region = item.region
        try:
            product = builder.product(item.product).name  # any case: Wallet-Card
        except CardgenError:
            product = item.product
        resolved.append(replace(item, product=product, locales=locales, region=region))
    for message in notes:
        note(message)
    return resolved

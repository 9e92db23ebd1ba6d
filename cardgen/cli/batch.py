"""`cardgen batch`: a whole print run from an order file."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import content_option, main, reports_errors


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

    Each item names a product and its locales (or 'all'), and optionally region, org, size,
    sheet, duplex, bleed and quantity. Only files whose inputs changed since the last run are
    rebuilt. Errors in one item are reported at the end; the exit code is 1 if any failed.
    """
    import sys

    from cardgen.batch import Run, default_jobs, expand, load_order, plan_all, run_batch, summary, write_manifest
    from cardgen.build import Builder
    from cardgen.errors import CardgenError, Interrupted, OrderError
    from cardgen.output import FolderLock

    items = load_order(order)
    builder = Builder(content_dir)
    catalogue = builder.catalogue()

    def locales_of(product: str) -> list[str]:
        try:
            name = builder.product(product).name
        except CardgenError:
            return ["all"]  # an unknown product: reported below with its item
        return [p.locale for p in catalogue if p.product == name]

    job_list = expand(items, locales_of)
    wrong = []
    for job in job_list:  # names are checked before any work starts, all at once
        try:
            builder.product(job.product)
            builder.content.ensure_known(job.locale)
            builder.content.region(job.region)
        except CardgenError as exc:
            wrong.append(f"  item {job.item + 1} ({job.product}, {job.locale}): {exc}")
    if wrong:
        raise OrderError(f"{order}: the order names things that do not exist:\n" + "\n".join(dict.fromkeys(wrong)))
    job_list = plan_all(job_list, builder, order.parent, order)  # file names, before any work
    workers = jobs or default_jobs()
    tty = sys.stdout.isatty()
    bar = click.progressbar(length=len(job_list), label="building") if tty else None

    def report(outcome, done, total):
        if bar is not None:
            bar.update(1)
        else:
            state = "failed" if outcome.error else ("up to date" if outcome.skipped else "built")
            click.echo(f"[{done}/{total}] {state}: {outcome.job.product} {outcome.job.locale} ({len(outcome.files)} files)")

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
        write_manifest(outcomes, out_dir)
    click.echo(summary(outcomes, _others(outcomes, out_dir)), nl=False)
    click.echo(f"manifest: {out_dir / 'manifest.json'}")
    if any(o.error for o in outcomes):
        raise SystemExit(1)


def _others(outcomes, out_dir: Path) -> list[str]:
    from cardgen.batch import other_files

    return other_files(outcomes, out_dir)

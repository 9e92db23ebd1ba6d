"""The command line: a thin Click layer over :mod:`cardgen.build`.

Each command parses options, calls the core, and reports. Heavy modules are imported inside the
commands so that ``cardgen --help`` stays fast.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from cardgen import __version__

if TYPE_CHECKING:
    from cardgen.build import Builder, Piece


class CliError(click.ClickException):
    """A CardgenError on its way to the user: its message on stderr, its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def reports_errors(command: Callable) -> Callable:
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from cardgen.errors import CardgenError

        try:
            return command(*args, **kwargs)
        except CardgenError as exc:
            raise CliError(str(exc), exc.exit_code) from None

    return wrapper


def content_option(command: Callable) -> Callable:
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="CARDGEN_CONTENT",
        help="Content folder to use instead of the one that ships with cardgen (env: CARDGEN_CONTENT).",
    )(command)


def selection_options(command: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--product", "-p", "products", multiple=True, metavar="NAME", help="Product to make (repeatable). Default: every product."),
            click.option("--locale", "-l", "locales", multiple=True, metavar="CODE", help="Locale of the reader's side (repeatable). Default: every locale."),
            click.option("--size", "-s", default=None, metavar="NAME", help="Trim size (see 'cardgen list'). Default: each product's own."),
            click.option(
                "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
                show_default=True, help="Folder to write into (created if needed).",
            ),
        ]
    ):
        command = option(command)
    return content_option(command)


def print_options(command: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--sheet", default=None, metavar="NAME", help="Sheet template (see 'cardgen list'): cards n-up on Avery stock or plain paper. Default: single, one page per side."),
            click.option("--sheet-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="A sheet template of your own, from a TOML or YAML file."),
            click.option("--copies", type=int, default=None, help="How many cards, spread over as many sheets as needed. Default: one full sheet."),
            click.option(
                "--duplex", type=click.Choice(["long-edge", "short-edge", "none"]), default="long-edge", show_default=True,
                help="How the printer turns the sheet: backs are mirrored to land behind their fronts. 'none' writes fronts and backs as separate files.",
            ),
            click.option("--back-offset", default="0,0", metavar="X,Y", help="Shift the backs by X,Y millimetres to correct a printer's misregistration (see 'cardgen calibrate')."),
            click.option(
                "--bleed", is_flag=False, flag_value="default", default=None, metavar="[LENGTH]",
                help="Bleed and crop marks for a print shop: 1/8 in on inch sizes, 3 mm on metric ones, or a length such as 2mm.",
            ),
            click.option("--cmyk", is_flag=True, help="Colours in CMYK, black as pure K, for print shops."),
        ]
    ):
        command = option(command)
    return command


def _sheet(sheet: str | None, sheet_file: Path | None):
    from cardgen.sheets.templates import SHEETS, load_sheet_file

    if sheet and sheet_file:
        raise click.UsageError("give --sheet or --sheet-file, not both.")
    return load_sheet_file(sheet_file) if sheet_file else SHEETS.get(sheet or "single")


def _options_for(piece: "Piece", sheet, copies, duplex, back_offset, bleed, cmyk):
    from cardgen.sheets.impose import PrintOptions, default_bleed
    from cardgen.sheets.templates import parse_length
    from cardgen.sizes import MM, SIZES

    try:
        dx, dy = (float(v) * MM for v in back_offset.split(","))
    except ValueError:
        raise click.BadParameter(f"'{back_offset}' is not X,Y in millimetres, e.g. 1.5,-0.5.", param_hint="--back-offset") from None
    if bleed is None:
        bleed_pt = 0.0
    elif bleed == "default":
        bleed_pt = default_bleed(SIZES.get(piece.size))
    else:
        bleed_pt = parse_length(bleed)
        if bleed_pt is None or not 0 < bleed_pt <= 20 * MM:
            raise click.BadParameter(f"'{bleed}' is not a bleed such as 3mm or 0.125in.", param_hint="--bleed")
    return PrintOptions(sheet, copies, duplex, (dx, dy), bleed_pt, cmyk)


def region_options(command: Callable) -> Callable:
    command = click.option("--org", "org_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Organisation profile (YAML or TOML): name, phone, website, logo, accent colour, QR link template.")(command)
    return click.option("--region", default="us", show_default=True, metavar="CODE", help="Region overlay: state hotline, QR link and state-law notes (see 'cardgen list').")(command)


def _select(builder: "Builder", products: tuple[str, ...], locales: tuple[str, ...], size: str | None, region: str = "us", org_file: Path | None = None) -> list["Piece"]:
    """The pieces named on the command line; with no product or locale, the default catalogue's."""
    from dataclasses import replace

    from cardgen.org import load_org

    org = load_org(org_file) if org_file else None
    builder.content.region(region)
    catalogue = builder.catalogue()
    for name in products:
        builder.product(name)
    for code in locales:
        builder.content.locale(code)
    if products and locales:
        return [builder.piece(p, loc, size, region, org) for p in products for loc in locales]
    chosen = [
        piece for piece in catalogue
        if (not products or piece.product in products) and (not locales or piece.locale in locales)
    ]
    if size:
        chosen = [builder.piece(p.product, p.locale, size) for p in chosen]
    if not chosen:
        raise click.UsageError("nothing to build: no content for that product and locale.")
    return [replace(p, region=region, org=org) for p in chosen]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cardgen")
def main() -> None:
    """Print-ready know-your-rights wallet cards, in many languages, from translated content.

    Run 'cardgen build' to write the whole default catalogue into ./output.
    """


def require_reviewed_option(command: Callable) -> Callable:
    return click.option(
        "--require-reviewed", is_flag=True,
        help="Refuse to build a piece whose translation is an unreviewed draft.",
    )(command)


def _refuse_drafts(builder: "Builder", pieces: list["Piece"]) -> None:
    from cardgen.errors import CardgenError

    drafts = [p for p in pieces if builder.translation_status(p) == "draft"]
    if drafts:
        names = ", ".join(f"{p.product} ({p.locale})" for p in drafts)
        raise CardgenError(
            f"--require-reviewed: these translations are unreviewed drafts: {names}. "
            "Have them reviewed (status: reviewed, reviewer: NAME) or leave out the option."
        )


@main.command()
@selection_options
@region_options
@print_options
@require_reviewed_option
@reports_errors
def build(products, locales, size, out_dir, content_dir, region, org_file, sheet, sheet_file, copies, duplex, back_offset, bleed, cmyk, require_reviewed) -> None:
    """Write print-ready PDFs, one per product, locale and size.

    With no --product or --locale, builds the whole default catalogue. With --sheet, cards are
    laid out n-up for Avery card stock or for cutting, fronts and backs on alternate pages.
    Every file is built before any is written: on an error, nothing is written. Pieces in an
    unreviewed draft translation carry a visible mark saying so.
    """
    from cardgen.build import Builder
    from cardgen.output import write_files

    builder = Builder(content_dir)
    template = _sheet(sheet, sheet_file)
    if not template.single and size is None:
        size = template.card_size
    pieces = _select(builder, products, locales, size, region, org_file)
    if require_reviewed:
        _refuse_drafts(builder, pieces)
    files = {}
    for piece in pieces:
        options = _options_for(piece, template, copies, duplex, back_offset, bleed, cmyk)
        for suffix, data in builder.sheet_pdfs(piece, options):
            name = piece.stem + ("" if template.single else f"-{template.name}") + suffix
            files[out_dir / f"{name}.pdf"] = data
    for path in write_files(files):
        click.echo(f"wrote {path}")


@main.command()
@selection_options
@region_options
@print_options
@click.option("--dpi", default=200, show_default=True, type=click.IntRange(50, 1200), help="Resolution of the images.")
@reports_errors
def preview(products, locales, size, out_dir, content_dir, region, org_file, sheet, sheet_file, copies, duplex, back_offset, bleed, cmyk, dpi) -> None:
    """Write PNG images of each page, rendered from the real PDF, to check a piece by eye."""
    from cardgen.build import Builder
    from cardgen.output import write_files
    from cardgen.preview import preview_names, render_pngs

    builder = Builder(content_dir)
    template = _sheet(sheet, sheet_file)
    if not template.single and size is None:
        size = template.card_size
    files: dict[Path, bytes] = {}
    for piece in _select(builder, products, locales, size, region, org_file):
        options = _options_for(piece, template, copies, duplex, back_offset, bleed, cmyk)
        for suffix, pdf in builder.sheet_pdfs(piece, options):
            images = render_pngs(pdf, dpi)
            stem = piece.stem + ("" if template.single else f"-{template.name}") + suffix
            if template.single:
                names = preview_names(stem, builder.product(piece.product).sides)
            else:
                names = [f"{stem}-{n}.png" for n in range(1, len(images) + 1)]
            for name, png in zip(names, images):
                files[out_dir / name] = png
    for path in write_files(files):
        click.echo(f"wrote {path}")


@main.command()
@click.option(
    "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder to write into (created if needed).",
)
@click.option("--png", is_flag=True, help="Also write a PNG image of every page.")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(50, 1200), help="Resolution of the PNG images.")
@reports_errors
def specimen(out_dir, png, dpi) -> None:
    """Write a PDF showing every supported script at card size, in regular and bold, with
    mixed-direction lines and numbers, for reviewers to check by eye."""
    from cardgen.output import write_files
    from cardgen.specimen import specimen_pdf

    pdf = specimen_pdf()
    files = {out_dir / "specimen.pdf": pdf}
    if png:
        from cardgen.preview import render_pngs

        for number, image in enumerate(render_pngs(pdf, dpi), start=1):
            files[out_dir / f"specimen-{number}.png"] = image
    for path in write_files(files):
        click.echo(f"wrote {path}")


@main.command()
@content_option
@click.option("--locale", "-l", "locales", multiple=True, metavar="CODE", help="Locale to check (repeatable). Default: every locale.")
@click.option("--region", default="us", show_default=True, metavar="CODE", help="Region whose help line and notes are checked on every piece.")
@click.option("--strict", is_flag=True, help="Also fail on unreviewed draft translations.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON for other programs.")
@reports_errors
def check(content_dir, locales, region, strict, as_json) -> None:
    """Report, per locale, missing and stale strings, draft status and text too long to print.

    Exits 0 when nothing is wrong for a print build, 1 otherwise (--strict: drafts count too).
    """
    import json

    from cardgen.build import Builder
    from cardgen.check import check as run_check

    builder = Builder(content_dir)
    for code in locales:
        builder.content.ensure_known(code)
    builder.content.region(region)
    reports = run_check(builder, locales, region)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        click.echo(_check_table(reports, strict))
    if not all(r.ok(strict) for r in reports):
        raise SystemExit(1)


def _check_table(reports, strict: bool) -> str:
    header = f"{'locale':<9}{'status':<10}{'missing':>8}{'stale':>7}{'untracked':>10}{'too long':>9}{'invalid':>8}  result"
    rows = [header, "-" * len(header)]
    for r in reports:
        status = "/".join(sorted(set(r.status.values()))) or "-"
        result = "ok" if r.ok(strict) else ("draft" if r.ok() else "FAIL")
        rows.append(
            f"{r.locale:<9}{status:<10}{len(r.missing):>8}{len(r.stale):>7}{len(r.untracked):>10}"
            f"{len(r.overflow):>9}{len(r.problems):>8}  {result}"
        )
    details = []
    for r in reports:
        items = (
            [f"missing: {m}" for m in r.missing] + [f"stale: {s}" for s in r.stale]
            + [f"untracked: {u}" for u in r.untracked] + [f"too long: {o}" for o in r.overflow]
            + [f"invalid: {p}" for p in r.problems]
        )
        if items:
            details.append(f"\n{r.locale} ({r.name}):")
            details += [f"  {item}" for item in items]
    failing = sum(not r.ok(strict) for r in reports)
    drafts = sum(r.draft for r in reports)
    summary = f"\n{len(reports)} locales: {failing} with problems{' (drafts count)' if strict else ''}, {drafts} unreviewed drafts."
    return "\n".join(rows + details) + "\n" + summary


@main.command()
@content_option
@click.option("--locale", "-l", "locales", multiple=True, metavar="CODE", help="Locale to stamp (repeatable).")
@click.option("--all", "all_locales", is_flag=True, help="Stamp every translated locale.")
@reports_errors
def stamp(content_dir, locales, all_locales) -> None:
    """Record that a locale's translations match the current English text.

    Run it after updating a translation: it rewrites the translated_from section of each of
    the locale's files, so that later changes to the English mark exactly those strings stale.
    """
    from cardgen.build import Builder
    from cardgen.content.families import FAMILIES
    from cardgen.content.loader import SOURCE_LOCALE
    from cardgen.content.tracking import stamp_file

    builder = Builder(content_dir)
    if not locales and not all_locales:
        raise click.UsageError("name a --locale to stamp, or pass --all.")
    codes = [c for c in builder.content.locale_codes() if c != SOURCE_LOCALE] if all_locales else list(locales)
    for code in codes:
        builder.content.locale(code)
        for family in FAMILIES:
            if not builder.content.has_family(code, family.name):
                continue
            source = builder.content.family(SOURCE_LOCALE, family.name)
            path = builder.content.root / code / f"{family.name}.yaml"
            stamp_file(path, source)
            click.echo(f"stamped {path}")


@main.command()
@click.option("--sheet", default="avery-5371", show_default=True, metavar="NAME", help="Sheet template to calibrate.")
@click.option("--sheet-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="A sheet template from a TOML or YAML file.")
@click.option("--duplex", type=click.Choice(["long-edge", "short-edge"]), default="long-edge", show_default=True, help="How the printer turns the sheet.")
@click.option(
    "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder to write into (created if needed).",
)
@reports_errors
def calibrate(sheet, sheet_file, duplex, out_dir) -> None:
    """Write a two-sided calibration sheet: crosses on the front, millimetre scales on the back.

    Print it two-sided, hold it to the light and read the offset to pass as --back-offset.
    """
    from cardgen.output import write_files
    from cardgen.pdf import write_pages
    from cardgen.sheets.calibrate import calibration_pages
    from cardgen.sheets.impose import PrintOptions

    template = _sheet(sheet, sheet_file)
    pages = calibration_pages(template, PrintOptions(template, duplex=duplex))
    for path in write_files({out_dir / f"calibration-{template.name}.pdf": write_pages(pages, f"cardgen calibration, {template.name}")}):
        click.echo(f"wrote {path}")


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

    from cardgen.batch import default_jobs, expand, load_order, run_batch, write_manifest
    from cardgen.build import Builder

    items = load_order(order)
    builder = Builder(content_dir)
    catalogue = builder.catalogue()
    job_list = expand(items, lambda product: [p.locale for p in catalogue if p.product == builder.product(product).name])
    from cardgen.errors import CardgenError, OrderError
    from cardgen.sheets.templates import SHEETS

    wrong = []
    for job in job_list:  # names are checked before any work starts, all at once
        try:
            builder.product(job.product)
            builder.content.ensure_known(job.locale)
            builder.content.region(job.region)
            SHEETS.get(job.sheet)
        except CardgenError as exc:
            wrong.append(f"  item {job.item + 1} ({job.product}, {job.locale}): {exc}")
    if wrong:
        raise OrderError(f"{order}: the order names things that do not exist:\n" + "\n".join(dict.fromkeys(wrong)))
    workers = jobs or default_jobs()
    tty = sys.stdout.isatty()
    bar = click.progressbar(length=len(job_list), label="building") if tty else None

    def report(outcome, done, total):
        if bar is not None:
            bar.update(1)
        else:
            state = "failed" if outcome.error else ("up to date" if outcome.skipped else "built")
            click.echo(f"[{done}/{total}] {state}: {outcome.job.product} {outcome.job.locale} ({len(outcome.files)} files)")

    if bar is not None:
        bar.__enter__()
    try:
        outcomes = run_batch(job_list, out_dir, content_dir, order.parent, workers, force, report)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    write_manifest(outcomes, out_dir)
    from cardgen.batch import summary

    click.echo(summary(outcomes), nl=False)
    click.echo(f"manifest: {out_dir / 'manifest.json'}")
    if any(o.error for o in outcomes):
        raise SystemExit(1)


@main.command(name="list")
@content_option
@reports_errors
def list_(content_dir) -> None:
    """Show the products, trim sizes, sheets and locales available."""
    from cardgen.build import Builder
    from cardgen.products import PRODUCTS
    from cardgen.sheets.templates import SHEETS
    from cardgen.sizes import SIZES

    builder = Builder(content_dir)
    click.echo("Products:")
    for product in PRODUCTS:
        click.echo(f"  {product.name:<16} {product.label} (default size: {product.default_size})")
    click.echo("\nSizes:")
    for size in SIZES:
        click.echo(f"  {size.name:<16} {size.label}, {size.dimensions} ({size.kind})")
    click.echo("\nSheets (--sheet):")
    for template in SHEETS:
        click.echo(f"  {template.name:<16} {template.label}")
    click.echo("\nRegions (--region):")
    for code, info in builder.content.regions().items():
        click.echo(f"  {code:<16} {info.name}; help line {info.hotline.number} ({info.hotline.name})")
    click.echo(f"\nLocales (content: {builder.content.root}):")
    for code in builder.content.locale_codes():
        info = builder.content.locale(code)
        families = [p.family for p in PRODUCTS if builder.content.has_family(code, p.family)]
        click.echo(f"  {code:<8} {info.name} / {info.native_name}, {info.script}, {info.direction}; text for: {', '.join(dict.fromkeys(families)) or 'nothing yet'}")

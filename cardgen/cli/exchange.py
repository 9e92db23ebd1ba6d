"""`cardgen export`, `cardgen import`, `cardgen approve` and `cardgen proof`: working with
translators and reviewers in their own tools."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import content_option, main, reports_errors

FORMATS = {"po": ".po", "xliff": ".xlf"}


@main.command()
@content_option
@click.option("--locale", "-l", required=True, metavar="CODE", help="Locale whose strings to export.")
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="po", show_default=True, help="gettext PO (Poedit, Weblate, Pontoon) or XLIFF 2.0 (OmegaT, memoQ, Trados).")
@click.option("--out", "-o", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write. Default: <locale>.po or <locale>.xlf here.")
@reports_errors
def export(content_dir, locale, fmt, out_file) -> None:
    """Write every string of a locale (card, signs, guide, regions, site) for a translation tool.

    Each string carries where it prints, the translator's note, the glossary terms it should use
    and the room it has; a string whose English changed is fuzzy with the English it was
    translated from.
    """
    import datetime

    from cardgen.build import Builder
    from cardgen.content.loader import SOURCE_LOCALE
    from cardgen.errors import OptionError
    from cardgen.exchange.catalog import build_catalog
    from cardgen.output import write_files

    builder = Builder(content_dir)
    builder.content.ensure_known(locale)
    if locale == SOURCE_LOCALE:
        raise OptionError(f"--locale {SOURCE_LOCALE} is the English source; export a translation (see 'cardgen list').")
    catalog = build_catalog(builder, locale)
    if fmt == "po":
        from cardgen.exchange.po import write_po

        created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
        data = write_po(catalog, created)
    else:
        from cardgen.exchange.xliff import write_xliff

        data = write_xliff(catalog)
    path = out_file or Path(f"{locale}{FORMATS[fmt]}")
    for written in write_files({path: data}):
        fuzzy = sum(e.fuzzy for e in catalog.entries)
        click.echo(f"wrote {written}: {len(catalog.entries)} strings, {fuzzy} fuzzy (English changed since translated)")


@main.command(name="import")
@content_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reviewer", default=None, metavar="NAME", help="Who reviewed the units an XLIFF file marks reviewed or final (required when it has any).")
@reports_errors
def import_(content_dir, file, reviewer) -> None:
    """Take a translated PO or XLIFF file back into the content.

    Every entry is checked first (placeholders, bold markers, links and phone numbers, fonts,
    fit at the floor); on any problem nothing is written and every problem is listed with its
    line. Only the strings the file changes are rewritten; entries not marked fuzzy are stamped.
    """
    from cardgen.exchange.importing import import_file

    result = import_file(file, content_dir, reviewer)
    changed = sum(len(v) for v in result.changed.values())
    stamped = sum(len(v) for v in result.stamped.values())
    approved = sum(len(v) for v in result.approved.values())
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(f"imported {file} into {result.locale}: {changed} strings changed, {stamped} stamped, {approved} approved, {len(result.fuzzy)} left fuzzy.")


@main.command()
@content_option
@click.option("--locale", "-l", required=True, metavar="CODE", help="Locale whose strings are approved.")
@click.option("--by", "by", required=True, metavar="NAME", help="The reviewer's name, recorded with the date.")
@click.option("--family", "families", multiple=True, metavar="NAME", help="Family to approve (repeatable). Default: every family of the locale.")
@click.option("--key", "keys", multiple=True, metavar="KEY", help="String to approve (repeatable): family:key, or key with one --family. Default: every string.")
@reports_errors
def approve(content_dir, locale, by, families, keys) -> None:
    """Record a reviewer's approval of strings as they read now.

    An approval holds while the English and the translation stay as approved; a piece prints
    without the draft mark once every string it prints is approved.
    """
    from cardgen.build import Builder
    from cardgen.exchange.review import approve as record
    from cardgen.output import write_files

    builder = Builder(content_dir)
    files, skipped = record(builder.content, locale, by, tuple(families), tuple(keys))
    for path in write_files(files):
        click.echo(f"wrote {path}")
    if skipped:
        click.echo(f"not approved, their English changed since they were translated (translate and stamp them first): {', '.join(skipped)}", err=True)


@main.command()
@content_option
@click.option("--locale", "-l", required=True, metavar="CODE", help="Locale to proof.")
@click.option("--out", "-o", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="PDF to write. Default: proof-<locale>.pdf here.")
@reports_errors
def proof(content_dir, locale, out_file) -> None:
    """Write the reviewers' proof: every string with its English and note, then every piece as printed."""
    from cardgen.build import Builder
    from cardgen.content.loader import SOURCE_LOCALE
    from cardgen.errors import OptionError
    from cardgen.exchange.catalog import build_catalog
    from cardgen.exchange.proof import proof_pdf
    from cardgen.output import write_files

    builder = Builder(content_dir)
    builder.content.ensure_known(locale)
    if locale == SOURCE_LOCALE:
        raise OptionError(f"--locale {SOURCE_LOCALE} is the English source; proof a translation.")
    data = proof_pdf(builder, build_catalog(builder, locale))
    for path in write_files({out_file or Path(f"proof-{locale}.pdf"): data}):
        click.echo(f"wrote {path}")

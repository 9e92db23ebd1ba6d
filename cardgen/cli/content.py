"""`cardgen check`, `cardgen stamp` and `cardgen list`: the state of the content."""

from __future__ import annotations

import click

from cardgen.cli.app import content_option, main, reports_errors


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
    header = f"{'locale':<9}{'status':<10}{'missing':>8}{'stale':>7}{'untracked':>10}{'too long':>9}{'terms':>6}{'invalid':>8}{'reviewed':>10}  result"
    rows = [header, "-" * len(header)]
    for r in reports:
        status = "/".join(sorted(set(r.status.values()))) or "-"
        result = "ok" if r.ok(strict) else ("draft" if r.ok() else "FAIL")
        rows.append(
            f"{r.locale:<9}{status:<10}{len(r.missing):>8}{len(r.stale):>7}{len(r.untracked):>10}"
            f"{len(r.overflow):>9}{len(r.terms):>6}{len(r.problems):>8}{_reviewed(r):>10}  {result}"
        )
    details = []
    for r in reports:
        items = [f"reviewed: {family} {c['approved']}/{c['total']}" for family, c in r.review.items() if 0 < c["approved"] < c["total"]]
        items += (
            [f"missing: {m}" for m in r.missing] + [f"stale: {s}" for s in r.stale]
            + [f"untracked: {u}" for u in r.untracked] + [f"too long: {o}" for o in r.overflow]
            + [f"terms: {t}" for t in r.terms] + [f"invalid: {p}" for p in r.problems]
        )
        if items:
            details.append(f"\n{r.locale} ({r.name}):")
            details += [f"  {item}" for item in items]
    warnings = reports[0].warnings if reports else []
    details += [f"\nwarning: {w}" for w in warnings]
    failing = sum(not r.ok(strict) for r in reports)
    drafts = sum(r.draft for r in reports)
    summary = f"\n{len(reports)} locales: {failing} with problems{' (drafts count)' if strict else ''}, {drafts} unreviewed drafts."
    return "\n".join(rows + details) + "\n" + summary


def _reviewed(report) -> str:
    """Review coverage: strings approved of all, '-' for the source."""
    approved, total = report.review_counts
    return f"{approved}/{total}" if total else "-"


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
    _refuse_installed_content(builder.content.root)
    codes = [c for c in builder.content.locale_codes() if c != SOURCE_LOCALE] if all_locales else list(locales)
    for code in codes:
        builder.content.locale(code)
    wanted = [(code, family.name) for code in codes for family in FAMILIES if builder.content.has_family(code, family.name)]
    # Every file to stamp, and its English, must be valid before any is rewritten.
    builder.content.families(wanted + [(SOURCE_LOCALE, name) for _, name in wanted])
    for code, name in wanted:
        source = builder.content.family(SOURCE_LOCALE, name)
        path = builder.content.root / code / f"{name}.yaml"
        stamp_file(path, source)
        click.echo(f"stamped {path}")


def _refuse_installed_content(root) -> None:
    """Stamping rewrites content files: never those inside an installed cardgen, which an
    upgrade replaces (and which may be shared by every user of the machine)."""
    from cardgen.errors import OptionError

    if _is_installed_content(root):
        raise OptionError(
            f"the content folder {root} is the one installed with cardgen; stamping would rewrite files inside "
            "the installed package. Copy it somewhere of your own and use --content DIR with a copy of the content "
            "(or set CARDGEN_CONTENT)."
        )


def _is_installed_content(root) -> bool:
    """Whether ``root`` is (inside) the content bundled in an installed package: the package's
    own data folder (``cardgen/_data``, see cardgen.resources), or anything under an installation
    folder of Python packages."""
    from pathlib import Path

    from cardgen import resources

    folder = Path(root).resolve()
    bundled = (resources._BUNDLED).resolve()
    if folder == bundled or bundled in folder.parents:
        return True
    return any(part in ("site-packages", "dist-packages") for part in folder.parts)


@main.command(name="list")
@content_option
@click.option("--json", "as_json", is_flag=True, help="Print the lists as JSON for other programs (and shell completion scripts).")
@reports_errors
def list_(content_dir, as_json) -> None:
    """Show the products, trim sizes, sheets, regions and locales available."""
    from cardgen.build import Builder
    from cardgen.products import PRODUCTS
    from cardgen.sheets.templates import SHEETS
    from cardgen.sizes import SIZES

    builder = Builder(content_dir)
    if as_json:
        import json

        data = {
            "content": str(builder.content.root),
            "products": [{"name": p.name, "label": p.label, "default_size": p.default_size} for p in PRODUCTS],
            "sizes": [{"name": s.name, "label": s.label, "dimensions": s.dimensions, "kinds": [s.kind, *s.also]} for s in SIZES],
            "sheets": [{"name": t.name, "label": t.label} for t in SHEETS],
            "regions": [
                {"code": code, "name": r.name, "hotline": {"name": r.hotline.name, "number": r.hotline.number}}
                for code, r in builder.content.regions().items()
            ],
            "locales": [
                {
                    "code": code, "name": (info := builder.content.locale(code)).name, "native_name": info.native_name,
                    "script": info.script, "direction": info.direction,
                    "text_for": list(dict.fromkeys(p.family for p in PRODUCTS if builder.content.has_family(code, p.family))),
                }
                for code in builder.content.locale_codes()
            ],
            # Language cards (--language): made per language, not per locale; empty when the content lists none.
            "languages": [
                {"code": code, "english": language.english, "label": language.label, "endonym": language.endonym, "endonym_uncertain": language.endonym is None}
                for code, language in (builder.languages().languages.items() if builder.has_languages() else ())
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo("Products:")
    for product in PRODUCTS:
        click.echo(f"  {product.name:<16} {product.label} (default size: {product.default_size})")
    click.echo("\nSizes:")
    for size in SIZES:
        click.echo(f"  {size.name:<16} {size.label}, {size.dimensions} ({', '.join((size.kind, *size.also))})")
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
    if not builder.has_languages():
        return
    click.echo("\nLanguages (language cards: 'cardgen build --language CODE'; one-sided, no translation needed):")
    for code, language in builder.languages().languages.items():
        own = language.endonym or "own name left out: uncertain"
        click.echo(f"  {code:<10} {language.name_line} / {own}")

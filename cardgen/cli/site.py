"""`cardgen site`: the guide as a static web site, one page per locale and region."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cardgen.cli.app import CliError, content_option, main, reports_errors


@main.command()
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output/site"), show_default=True, help="Folder to write the site into (created if needed).")
@click.option("--site-url", default=None, metavar="URL", help="Where the site will be published (https): canonical and hreflang links become absolute. Without it every link is relative, so the folder works from any host or from disk.")
@click.option("--locale", "-l", "locales", multiple=True, metavar="CODE", help="Locale to build pages for (repeatable). Default: every locale with a complete guide.")
@click.option("--region", "regions", multiple=True, metavar="CODE", help="Region to build pages for (repeatable). Default: every region.")
@click.option("--org", "org_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Organisation profile (YAML or TOML): its name, phone and website go in every page's footer.")
@click.option("--strict", is_flag=True, help="Fail when a locale's text has problems, instead of leaving its pages out.")
@click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="CARDGEN_CACHE_DIR",
    help="Keep the font subsets in this folder and reuse them in later builds: the same bytes, several seconds faster (env: CARDGEN_CACHE_DIR). Default: none; nothing is written outside --out.",
)
@content_option
@reports_errors
def site(out_dir, site_url, locales, regions, org_file, strict, cache_dir, content_dir) -> None:
    """Write the guide site: the whole guide in each language, one page per locale and region.

    Pages are <locale>/<region>/index.html, with index.html listing every language; fonts are
    WOFF2 subsets in fonts/. No JavaScript, cookies or outside requests: copy the folder to any
    static host, or open index.html from disk. Every file is built before any is written.
    """
    from cardgen.content.loader import ContentTree
    from cardgen.org import load_org
    from cardgen.output import write_files
    from cardgen.resources import default_content_dir
    from cardgen.site import SiteOptions, build_site

    content = ContentTree(content_dir or default_content_dir())
    org = load_org(org_file) if org_file else None
    options = SiteOptions(tuple(locales), tuple(regions), site_url, org, strict, jobs=min(2, os.cpu_count() or 1), cache_dir=cache_dir)
    files = build_site(content, options)
    root = out_dir.resolve()
    targets = {}
    for relative, data in files.items():
        target = (root / relative).resolve()
        if root not in target.parents:  # never outside --out, whatever a path says
            raise CliError(f"refusing to write {relative} outside {out_dir}: a locale or region name makes a path out of the folder. Fix the name.", 2)
        targets[target] = data
    write_files(targets, inside=out_dir)
    page_count = sum(1 for p in files.pages if p != "index.html")
    click.echo(f"wrote {len(files)} files to {out_dir}: {page_count} pages in {len({l for l, _ in files.pages.values() if l})} languages, start page {out_dir / 'index.html'}")
    for code, problem in files.skipped.items():
        click.echo(f"warning: left out {code}: {len(problem.problems)} content problem{'s' if len(problem.problems) != 1 else ''} (see 'cardgen check --locale {code}'; --strict makes this an error)", err=True)

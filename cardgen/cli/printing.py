"""`cardgen calibrate`: the duplex calibration sheet."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import main, reports_errors
from cardgen.cli.pieces import sheet_template


@main.command()
@click.option("--sheet", default=None, metavar="NAME", help="Sheet template to calibrate. Default: avery-5371.")
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
    from cardgen.sheets.impose import PrintOptions, viewer_duplex

    template = sheet_template(sheet or (None if sheet_file else "avery-5371"), sheet_file)
    options = PrintOptions(template, duplex=duplex)
    pages = calibration_pages(template, options)
    from cardgen.names import file_component  # a sheet file's name becomes part of the file name

    name = f"calibration-{file_component(template.name, fallback='sheet')}.pdf"
    for path in write_files({out_dir / name: write_pages(pages, f"cardgen calibration, {template.name}", duplex=viewer_duplex(options, len(pages)))}, inside=out_dir):
        click.echo(f"wrote {path}")

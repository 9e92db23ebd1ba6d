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
@click.option("--outline", is_flag=True, help="Write instead a one-sided test print of the stock's cells: each card's outline, numbered, to hold against the stock.")
@click.option("--start-cell", type=click.IntRange(1, None), default=1, metavar="N", help="With --outline: outline only cells N onwards, as for a partly used sheet.")
@click.option(
    "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder to write into (created if needed).",
)
@reports_errors
def calibrate(sheet, sheet_file, duplex, outline, start_cell, out_dir) -> None:
    """Write a two-sided calibration sheet: crosses on the front, millimetre scales on the back.

    Print it two-sided, hold it to the light and read the offset to pass as --back-offset.
    With --outline, a one-sided test print of the stock's cells instead.
    """
    from cardgen.output import write_files
    from cardgen.pdf import write_pages
    from cardgen.sheets.calibrate import calibration_pages, outline_page
    from cardgen.sheets.impose import PrintOptions, viewer_duplex

    template = sheet_template(sheet or (None if sheet_file else "avery-5371"), sheet_file)
    if start_cell != 1 and not outline:
        raise click.UsageError("--start-cell goes with --outline here (for a build, give it to 'cardgen build').")
    if outline:
        from cardgen.names import file_component

        name = f"outline-{file_component(template.name, fallback='sheet')}" + (f"-from-cell{start_cell}" if start_cell != 1 else "") + ".pdf"
        data = write_pages([outline_page(template, start_cell)], f"cardgen outline test print, {template.name}")
        for path in write_files({out_dir / name: data}, inside=out_dir):
            click.echo(f"wrote {path}")
        return
    options = PrintOptions(template, duplex=duplex)
    pages = calibration_pages(template, options)
    from cardgen.names import file_component  # a sheet file's name becomes part of the file name

    name = f"calibration-{file_component(template.name, fallback='sheet')}.pdf"
    for path in write_files({out_dir / name: write_pages(pages, f"cardgen calibration, {template.name}", duplex=viewer_duplex(options, len(pages)))}, inside=out_dir):
        click.echo(f"wrote {path}")

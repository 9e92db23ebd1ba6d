"""`cardgen specimen`: every supported script, for reviewers."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import main, reports_errors


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
    for path in write_files(files, inside=out_dir):
        click.echo(f"wrote {path}")

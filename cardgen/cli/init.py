"""`cardgen init`: an organisation's own folder, started from the examples that ship with cardgen."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.cli.app import main, reports_errors


@main.command(short_help="Start a folder of your own from the examples (profile, logo, order, sheet file).")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(folder: Path) -> None:
    """Write the example files into FOLDER (created if needed) to start from: an organisation
    profile with a placeholder logo, a coalition order, a sheet file of your own and a README
    saying what each file is and the three commands to run.

    Never overwrites a file: if FOLDER already holds any of them, nothing is written (exit 4).
    Nothing is written outside FOLDER.
    """
    from cardgen.cli.app import info
    from cardgen.errors import OutputError
    from cardgen.output import write_files
    from cardgen.resources import example_files

    files = example_files()
    there = [name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if there:
        raise OutputError(
            folder,
            f"it already holds {', '.join(there)}, and 'cardgen init' never overwrites a file. Nothing was written; "
            "give a new or empty folder, or move those files away.",
        )
    for path in write_files({folder / name: data for name, data in files.items()}, inside=folder):
        info(f"wrote {path}")
    info(
        f"next: edit {folder / 'org' / 'riverside-legal-aid.yaml'} (your name, phone, website, logo), "
        f"then follow {folder / 'README.md'}."
    )

"""The command line: a thin Click layer over the core.

One module per group of commands; each command parses options, calls the core and reports.
Heavy modules are imported inside the commands so that ``cardgen --help`` stays fast.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from cardgen import __version__, limits


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
        except KeyboardInterrupt:  # files are written atomically: nothing half-written is left
            raise CliError("interrupted: no file was left half-written. Run the command again to finish.", 130) from None

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
            click.option("--sheet", default=None, metavar="NAME", help="Sheet template (see 'cardgen list'): cards n-up on Avery stock or plain paper, or 'booklet' for the guide. Default: single, one page per side."),
            click.option("--sheet-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="A sheet template of your own, from a TOML or YAML file."),
            click.option(
                "--copies", type=click.IntRange(1, limits.MAX_COPIES), default=None,
                help=f"How many cards (1 to {limits.MAX_COPIES:,}), spread over as many sheets as needed. Default: one full sheet.",
            ),
            click.option(
                "--duplex", type=click.Choice(["long-edge", "short-edge", "none"]), default=None,
                help="How the printer turns the sheet: backs are mirrored to land behind their fronts. 'none' writes fronts and backs as separate files. Default: long-edge; short-edge for --sheet booklet.",
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


def region_options(command: Callable) -> Callable:
    command = click.option("--org", "org_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Organisation profile (YAML or TOML): name, phone, website, logo, accent colour, QR link template.")(command)
    return click.option("--region", default="us", show_default=True, metavar="CODE", help="Region overlay: state hotline, QR link and state-law notes (see 'cardgen list').")(command)


def site_url_option(command: Callable) -> Callable:
    return click.option(
        "--site-url", default=None, metavar="URL",
        help="Where the guide site made by 'cardgen site' is published: each piece's QR code leads to its own page there, in its language and for its region.",
    )(command)


def require_reviewed_option(command: Callable) -> Callable:
    return click.option(
        "--require-reviewed", is_flag=True,
        help="Refuse to build a piece whose translation is an unreviewed draft.",
    )(command)


def tolerate_console_encoding() -> None:
    """Let a console that cannot show every character (a Windows code page, LC_ALL=C) show
    escapes such as \\u0905 in their place, instead of failing with UnicodeEncodeError in
    the middle of a report: cardgen prints locale names and content in any script."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or detached stream: nothing to protect
                pass


class CardgenGroup(click.Group):
    """The command group; makes the console safe before any command prints."""

    def main(self, *args, **kwargs):  # type: ignore[override]
        tolerate_console_encoding()
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:  # Ctrl-C outside a command's own handling (start-up, exit): no traceback
            import sys

            click.echo("interrupted.", err=True)
            sys.exit(130)


@click.group(cls=CardgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cardgen")
def main() -> None:
    """Print-ready know-your-rights wallet cards, in many languages, from translated content.

    Run 'cardgen build' to write the whole default catalogue into ./output.
    """

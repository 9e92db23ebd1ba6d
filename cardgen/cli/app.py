"""The command line: a thin Click layer over the core.

One module per group of commands; each command parses options, calls the core and reports.
Heavy modules are imported inside the commands so that ``cardgen --help`` stays fast.
"""

from __future__ import annotations

import functools
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


# -- how much to say: -q/--quiet and -v/--verbose on the group ---------------------------------------

_VERBOSITY = "cardgen.verbosity"  # key in the Click context's meta: -1 quiet, 0 normal, 1 verbose


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_VERBOSITY, 0) if ctx is not None else 0


def info(message: str) -> None:
    """A line of the command's normal report on stdout (``wrote ...``); -q hides it."""
    if verbosity() >= 0:
        click.echo(message)


def note(message: str) -> None:
    """A note on stderr (a fallback used, a link outside the guide); -q hides it. Warnings and
    errors are not notes: they are always shown."""
    if verbosity() >= 0:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """A detail on stderr that only -v shows (how each name was understood)."""
    if verbosity() > 0:
        click.echo(message, err=True)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    level = -1 if param.name == "quiet" else 1
    if ctx.meta.get(_VERBOSITY, 0) not in (0, level):
        raise click.UsageError("give -q/--quiet or -v/--verbose, not both.")
    ctx.meta[_VERBOSITY] = level  # the meta dict is shared by the group's context and the command's


def _verbosity_options() -> list[click.Option]:
    return [
        click.Option(["--quiet", "-q"], is_flag=True, expose_value=False, callback=_set_verbosity, help="Say nothing but warnings and errors (no 'wrote' lines, no notes)."),
        click.Option(["--verbose", "-v"], is_flag=True, expose_value=False, callback=_set_verbosity, help="Also say how each name given was understood, and where content comes from."),
    ]


# -- shell completion: one function per registry (see README, "Shell completion") ----------------


def _matching(names, incomplete: str):
    """Completion items for ``names`` ((name, help) pairs) starting with the last part of a
    comma list, so that ``-l es,f<TAB>`` offers ``es,fr``."""
    from click.shell_completion import CompletionItem

    head, _, tail = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return [CompletionItem(prefix + name, help=label) for name, label in names if name.lower().startswith(tail.lower())]


def complete_products(ctx, param, incomplete: str):
    from cardgen.products import PRODUCTS

    return _matching([(p.name, p.label) for p in PRODUCTS] + [("all", "every product")], incomplete)


def complete_sizes(ctx, param, incomplete: str):
    from cardgen.sizes import SIZES

    return _matching([(s.name, f"{s.label}, {s.dimensions}") for s in SIZES], incomplete)


def complete_sheets(ctx, param, incomplete: str):
    from cardgen.sheets.templates import SHEETS

    return _matching([(t.name, t.label) for t in SHEETS], incomplete)


def _completion_content(ctx):
    import os
    from pathlib import Path  # here, not at import: `cardgen --help` needs no pathlib

    from cardgen.content.loader import ContentTree
    from cardgen.resources import default_content_dir

    root = ctx.params.get("content_dir") or os.environ.get("CARDGEN_CONTENT") or default_content_dir()
    return ContentTree(Path(root))


def complete_locales(ctx, param, incomplete: str):
    from cardgen.errors import CardgenError

    try:
        content = _completion_content(ctx)
        names = []
        for code in content.locale_codes():
            try:
                info_ = content.locale(code)
                names.append((code, f"{info_.name} / {info_.native_name}"))
            except CardgenError:
                names.append((code, ""))
    except CardgenError:  # no content folder: nothing to offer, and no error in the middle of a prompt
        return []
    return _matching(names + [("all", "every locale")], incomplete)


def complete_regions(ctx, param, incomplete: str):
    from cardgen.errors import CardgenError

    try:
        regions = _completion_content(ctx).regions()
    except CardgenError:
        return []
    return _matching([(code, region.name) for code, region in regions.items()], incomplete)


def content_option(command: Callable) -> Callable:
    from pathlib import Path  # here, not at import: `cardgen --help` needs no pathlib

    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="CARDGEN_CONTENT",
        help="Content folder to use instead of the one that ships with cardgen (env: CARDGEN_CONTENT).",
    )(command)


def selection_options(command: Callable) -> Callable:
    from pathlib import Path  # here, not at import: `cardgen --help` needs no pathlib

    for option in reversed(
        [
            click.option(
                "--product", "-p", "products", multiple=True, metavar="NAME", shell_complete=complete_products,
                help="Product to make (repeatable, or a comma list; 'all'). Default: every product.",
            ),
            click.option(
                "--locale", "-l", "locales", multiple=True, metavar="CODE", shell_complete=complete_locales,
                help="Locale of the reader's side (repeatable, or a comma list such as es,fr; 'all'). A code in any case, "
                "a language's name (Spanish, Español), or a regional code that falls back with a note (es-MX -> es). Default: every locale.",
            ),
            click.option("--size", "-s", default=None, metavar="NAME", shell_complete=complete_sizes, help="Trim size (see 'cardgen list'). Default: each product's own."),
            click.option(
                "--out", "-o", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
                show_default=True, help="Folder to write into (created if needed); for build of one piece, a path ending in .pdf writes that file.",
            ),
        ]
    ):
        command = option(command)
    return content_option(command)


def print_options(command: Callable) -> Callable:
    from pathlib import Path  # here, not at import: `cardgen --help` needs no pathlib

    for option in reversed(
        [
            click.option("--sheet", default=None, metavar="NAME", shell_complete=complete_sheets, help="Sheet template (see 'cardgen list'): cards n-up on Avery stock or plain paper, or 'booklet' for the guide. Default: single, one page per side."),
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
                "--start-cell", type=click.IntRange(1, limits.MAX_CELLS), default=1, metavar="N",
                help="Start at cell N of a partly used sheet (cells counted along the rows from the top left); the first sheet fills from there.",
            ),
            click.option("--slug", is_flag=True, help="A slug line outside the trim for the print shop: product, locale, size, content version and date, sheet n of m, front or back."),
            click.option("--die-line", is_flag=True, help="Outline each card's trim on the fronts with 3.18 mm round corners (ID-1/CR80) in a spot colour of its own, DieCut, for a die-cutter."),
            click.option(
                "--bleed", is_flag=False, flag_value="default", default=None, metavar="[LENGTH]",
                help="Bleed and crop marks for a print shop: 1/8 in on inch sizes, 3 mm on metric ones, or a length such as 2mm.",
            ),
            click.option("--cmyk", is_flag=True, help="Colours in CMYK, black as pure K, for print shops."),
            click.option("--pdfx", is_flag=True, help="PDF/X-1a:2001 for a print shop's preflight: CMYK only (accent and logo through the SWOP ICC profile, or --output-profile), OutputIntent, TrimBox and BleedBox."),
            click.option(
                "--output-profile", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="ICC",
                help="With --pdfx: the print shop's CMYK press profile (GRACoL, FOGRA, ...): colours are converted for it and it is embedded as the OutputIntent.",
            ),
        ]
    ):
        command = option(command)
    return command


def region_options(command: Callable) -> Callable:
    from pathlib import Path  # here, not at import: `cardgen --help` needs no pathlib

    command = click.option("--org", "org_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Organisation profile (YAML or TOML): name, phone, website, logo, accent colour, QR link template.")(command)
    return click.option(
        "--region", default="us", show_default=True, metavar="CODE", shell_complete=complete_regions,
        help="Region overlay: state hotline, QR link and state-law notes (see 'cardgen list'); a code or the region's name (Illinois).",
    )(command)


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


# Every command: the module that defines it (imported only when the command runs, or its own
# help is asked for) and the first sentence of its help, for 'cardgen --help' without importing
# them all. tests/test_cli.py checks both against the commands themselves.
COMMANDS: dict[str, tuple[str, str]] = {
    "approve": ("exchange", "Record a reviewer's approval of strings as they read now."),
    "batch": ("batch", "Build every item of an order file, in parallel, into one folder with a manifest."),
    "build": ("pieces", "Write print-ready PDFs, one per product, locale and size."),
    "calibrate": ("printing", "Write a two-sided calibration sheet: crosses on the front, millimetre scales on the back."),
    "check": ("content", "Report, per locale, missing and stale strings, draft status and text too long to print."),
    "export": ("exchange", "Write every string of a locale (card, signs, guide, regions, site) for a translation tool."),
    "import": ("exchange", "Take a translated PO or XLIFF file back into the content."),
    "init": ("init", "Start a folder of your own from the examples (profile, logo, order, sheet file)."),
    "list": ("content", "Show the products, trim sizes, sheets, regions and locales available."),
    "preview": ("pieces", "Write PNG images of each page, rendered from the real PDF, to check a piece by eye."),
    "proof": ("exchange", "Write the reviewers' proof: every string with its English and note, then every piece as printed."),
    "site": ("site", "Write the guide site: the whole guide in each language, one page per locale and region."),
    "specimen": ("specimen", "Write a PDF showing every supported script at card size, in regular and bold, with mixed-direction lines and numbers, for reviewers to check by eye."),
    "stamp": ("content", "Record that a locale's translations match the current English text."),
}


def load_commands(names: "list[str] | None" = None) -> None:
    """Import the modules of ``names`` (default: every command), which register them."""
    import importlib

    for module in dict.fromkeys(COMMANDS[name][0] for name in (names if names is not None else COMMANDS) if name in COMMANDS):
        importlib.import_module(f"cardgen.cli.{module}")


class CardgenGroup(click.Group):
    """The command group; makes the console safe before any command prints. Commands are
    loaded when used (:data:`COMMANDS`): 'cardgen --help' and each command import only what
    they need."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> "click.Command | None":
        if name not in self.commands:
            load_commands([name])
        return self.commands.get(name)

    def main(self, *args, **kwargs):  # type: ignore[override]
        tolerate_console_encoding()
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:  # Ctrl-C outside a command's own handling (start-up, exit): no traceback
            import sys

            click.echo("interrupted.", err=True)
            sys.exit(130)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Every command takes -q/-v too, so that ``cardgen build ... -q`` works like ``cardgen -q build``."""
        cmd.params.extend(_verbosity_options())
        super().add_command(cmd, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence, wrapped rather than cut off with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            if name in COMMANDS and name not in self.commands:
                rows.append((name, COMMANDS[name][1]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=CardgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cardgen")
@click.option("--quiet", "-q", is_flag=True, help="Say nothing but warnings and errors (no 'wrote' lines, no notes). Also after a command.")
@click.option("--verbose", "-v", is_flag=True, help="Also say how each name given was understood, and where content comes from. Also after a command.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Print-ready know-your-rights wallet cards, door signs, workplace signs and guide
    booklets, in many languages, from translated content.

    Run 'cardgen build' to write the whole default catalogue into ./output, or pick
    products (-p), languages (-l), a region (--region) and a sheet (--sheet). Names are
    forgiving: -l Spanish, -l es-MX, -l es,fr and -l all all work.

    \b
    Examples:
      cardgen list
      cardgen build -p wallet-card -l es --region il --sheet avery-5371
      cardgen build -p door-sign -l ar -s a4
      cardgen build -p guide -l vi --sheet booklet
      cardgen batch order.yaml -o print-run
    """
    if quiet and verbose:
        raise click.UsageError("give -q/--quiet or -v/--verbose, not both.")
    ctx.meta[_VERBOSITY] = -1 if quiet else (1 if verbose else 0)

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


def _select(builder: "Builder", products: tuple[str, ...], locales: tuple[str, ...], size: str | None) -> list["Piece"]:
    """The pieces named on the command line; with no product or locale, the default catalogue's."""
    catalogue = builder.catalogue()
    for name in products:
        builder.product(name)
    for code in locales:
        builder.content.locale(code)
    if products and locales:
        return [builder.piece(p, loc, size) for p in products for loc in locales]
    chosen = [
        piece for piece in catalogue
        if (not products or piece.product in products) and (not locales or piece.locale in locales)
    ]
    if size:
        chosen = [builder.piece(p.product, p.locale, size) for p in chosen]
    if not chosen:
        raise click.UsageError("nothing to build: no content for that product and locale.")
    return chosen


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cardgen")
def main() -> None:
    """Print-ready know-your-rights wallet cards, in many languages, from translated content.

    Run 'cardgen build' to write the whole default catalogue into ./output.
    """


@main.command()
@selection_options
@reports_errors
def build(products, locales, size, out_dir, content_dir) -> None:
    """Write print-ready PDFs, one per product, locale and size.

    With no --product or --locale, builds the whole default catalogue. Every file is built
    before any is written: on an error, nothing is written.
    """
    from cardgen.build import Builder
    from cardgen.output import write_files

    builder = Builder(content_dir)
    pieces = _select(builder, products, locales, size)
    files = {out_dir / f"{piece.stem}.pdf": builder.pdf(piece) for piece in pieces}
    for path in write_files(files):
        click.echo(f"wrote {path}")


@main.command()
@selection_options
@click.option("--dpi", default=200, show_default=True, type=click.IntRange(50, 1200), help="Resolution of the images.")
@reports_errors
def preview(products, locales, size, out_dir, content_dir, dpi) -> None:
    """Write PNG images of each side, rendered from the real PDF, to check a piece by eye."""
    from cardgen.build import Builder
    from cardgen.output import write_files
    from cardgen.preview import preview_names, render_pngs

    builder = Builder(content_dir)
    files: dict[Path, bytes] = {}
    for piece in _select(builder, products, locales, size):
        names = preview_names(piece.stem, builder.product(piece.product).sides)
        for name, png in zip(names, render_pngs(builder.pdf(piece), dpi)):
            files[out_dir / name] = png
    for path in write_files(files):
        click.echo(f"wrote {path}")


@main.command(name="list")
@content_option
@reports_errors
def list_(content_dir) -> None:
    """Show the products, trim sizes and locales available."""
    from cardgen.build import Builder
    from cardgen.products import PRODUCTS
    from cardgen.sizes import SIZES

    builder = Builder(content_dir)
    click.echo("Products:")
    for product in PRODUCTS:
        click.echo(f"  {product.name:<16} {product.label} (default size: {product.default_size})")
    click.echo("\nSizes:")
    for size in SIZES:
        click.echo(f"  {size.name:<16} {size.label}, {size.dimensions} ({size.kind})")
    click.echo(f"\nLocales (content: {builder.content.root}):")
    for code in builder.content.locale_codes():
        info = builder.content.locale(code)
        families = [p.family for p in PRODUCTS if builder.content.has_family(code, p.family)]
        click.echo(f"  {code:<8} {info.name} / {info.native_name}, {info.script}, {info.direction}; text for: {', '.join(dict.fromkeys(families)) or 'nothing yet'}")

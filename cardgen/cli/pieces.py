"""`cardgen build` and `cardgen preview`: pieces as print-ready PDFs or as images."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cardgen.cli.app import info, main, note, print_options, region_options, reports_errors, require_reviewed_option, selection_options, site_url_option

if TYPE_CHECKING:
    from cardgen.build import Builder, Piece


def sheet_template(sheet: str | None, sheet_file: Path | None):
    from cardgen.sheets.templates import SHEETS, load_sheet_file

    if sheet and sheet_file:
        raise click.UsageError("give --sheet or --sheet-file, not both.")
    return load_sheet_file(sheet_file) if sheet_file else SHEETS.get(sheet or "single")


def _warn_low_resolution_logo(builder: "Builder", pieces) -> None:
    """Once per command: a logo printed under 300 ppi looks soft; say where it prints lowest."""
    from cardgen.color import PRINT_PPI, lowest_picture_ppi

    lowest = None
    for piece in pieces:
        ppi = lowest_picture_ppi(builder.sides(piece))
        if ppi is not None and ppi < PRINT_PPI and (lowest is None or ppi < lowest[0]):
            lowest = (ppi, piece.product)
    if lowest is not None:
        click.echo(
            f"warning: the organisation's logo prints at {lowest[0]:.0f} ppi on the {lowest[1]}, under the {PRINT_PPI} ppi "
            "a print shop needs: it will look soft. Give the profile a logo image with more pixels.",
            err=True,
        )


def _options_for(piece: "Piece", sheet, copies, duplex, back_offset, bleed, cmyk, pdfx=False, start_cell=1, die_line=False, slug=False):
    from cardgen.errors import OptionError
    from cardgen.sheets.impose import PrintOptions, default_bleed
    from cardgen.sizes import SIZES

    if copies is not None and sheet.single:  # never silently ignored: a single piece is one page a side
        raise OptionError(
            "--copies needs a card sheet such as --sheet avery-5371 (see 'cardgen list'); "
            "without one, each file holds one piece: print as many copies of it as you need."
        )
    offset = parse_back_offset(back_offset)
    if bleed is None:
        bleed_pt = 0.0
    elif bleed == "default":
        bleed_pt = default_bleed(SIZES.get(piece.size))
    else:
        bleed_pt = parse_bleed(bleed)
    if duplex is None:  # a booklet's landscape sheets turn over their short edge; cards' over the long one
        duplex = "short-edge" if sheet.booklet else "long-edge"
    return PrintOptions(sheet, copies, duplex, offset, bleed_pt, cmyk, pdfx=pdfx, start_cell=start_cell, die_line=die_line, slug=slug)


def _out_target(out: Path, command: str) -> tuple[Path | None, Path]:
    """(the one PDF file to write or None, the folder to write into) for ``--out``: a folder,
    or for build a path ending in .pdf, written as exactly that file."""
    from cardgen.errors import OptionError

    if out.suffix.lower() == ".pdf" and not out.is_dir():
        if command != "build":
            raise OptionError(f"--out {out}: {command} writes several PNG images; give --out a folder to write them into.")
        return out, out.parent
    if out.exists() and not out.is_dir():
        raise OptionError(f"--out {out} is a file, not a folder. Give a folder to write into{', or a path ending in .pdf for one file' if command == 'build' else ''}.")
    return None, out


def _one_file(files: dict[Path, bytes], out_file: Path) -> dict[Path, bytes]:
    """The build's only file, under the name --out gives; an error when it makes several."""
    from cardgen.errors import OptionError

    if len(files) != 1:
        names = ", ".join(path.name for path in list(files)[:3]) + (", ..." if len(files) > 3 else "")
        raise OptionError(
            f"--out {out_file} names one PDF file, but this build makes {len(files)} files ({names}). "
            "Choose one --product and one --locale (and not --duplex none), or give --out a folder."
        )
    return {out_file: next(iter(files.values()))}


def sheet_preview_names(stem: str, pages: int, two_sided: bool) -> list[str]:
    """Names for the pages of a sheet PDF: ``-sheet-01-front.png``, ``-sheet-01-back.png``, ...
    when fronts and backs alternate; ``-sheet-01.png``, ... for a file of one side only
    (``--duplex none`` writes fronts and backs apart)."""
    if two_sided:
        return [f"{stem}-sheet-{n // 2 + 1:02d}-{'back' if n % 2 else 'front'}.png" for n in range(pages)]
    return [f"{stem}-sheet-{n:02d}.png" for n in range(1, pages + 1)]


def parse_back_offset(text: str) -> tuple[float, float]:
    """'X,Y' in millimetres -> points; two finite numbers within the documented limit, since a
    larger shift moves the backs off their cards (or off the page)."""
    import math

    from cardgen import limits
    from cardgen.sizes import MM

    limit = limits.MAX_BACK_OFFSET_MM
    try:
        dx, dy = (float(v) for v in text.split(","))
    except ValueError:
        raise click.BadParameter(f"'{text}' is not X,Y in millimetres, e.g. 1.5,-0.5.", param_hint="--back-offset") from None
    if not all(math.isfinite(v) and abs(v) <= limit for v in (dx, dy)):
        raise click.BadParameter(
            f"'{text}' is out of range: X and Y must be numbers of millimetres from -{limit} to {limit}; a printer is off by a few. "
            "Print 'cardgen calibrate' to read the offset.",
            param_hint="--back-offset",
        )
    return dx * MM, dy * MM


def parse_bleed(text: str) -> float:
    """A --bleed length -> points, finite and within the documented limit."""
    from cardgen import limits
    from cardgen.sheets.templates import parse_length, unit_missing
    from cardgen.sizes import MM

    bleed = parse_length(text)  # never NaN or infinity
    if bleed is None and (reason := unit_missing(text)):
        raise click.BadParameter(reason, param_hint="--bleed")
    if bleed is None or not 0 < bleed <= limits.MAX_BLEED_MM * MM + 1e-9:
        raise click.BadParameter(f"'{text}' is not a bleed such as 3mm or 0.125in (more than 0, at most {limits.MAX_BLEED_MM} mm).", param_hint="--bleed")
    return bleed


def _select(builder: "Builder", products: tuple[str, ...], locales: tuple[str, ...], size: str | None, region: str = "us", org_file: Path | None = None, site_url: str | None = None) -> list["Piece"]:
    """The pieces named on the command line; with no product or locale (or 'all'), the default
    catalogue's. Names may be comma lists, any case, a locale's name (Spanish) or a code that
    falls back to the nearest locale (es-MX -> es), which is noted once on stderr."""
    from dataclasses import replace

    from cardgen.cli.app import detail
    from cardgen.links import normalise_site_url
    from cardgen.lookup import resolve_locale, resolve_region, split_names
    from cardgen.org import load_org

    site_url = normalise_site_url(site_url) if site_url else None

    org = load_org(org_file) if org_file else None
    detail(f"content: {builder.content.root}")
    if (given := region) != (region := resolve_region(builder.content.regions(), region)):
        detail(f"region '{given}' is {region}")
    catalogue = builder.catalogue()
    products = tuple(dict.fromkeys(builder.product(name).name for name in split_names(products) or ()))
    names = split_names(locales) or ()
    resolved = [resolve_locale(builder.content, name) for name in names]
    for name, (code, _) in zip(names, resolved):
        if name != code:
            detail(f"locale '{name}' is {code}")
    for message in dict.fromkeys(message for _, message in resolved if message):
        note(message)
    locales = tuple(dict.fromkeys(code for code, _ in resolved))
    for code in locales:
        builder.content.locale(code)
    if products and locales:
        return [builder.piece(p, loc, size, region, org, site_url) for p in products for loc in locales]
    chosen = [
        piece for piece in catalogue
        if (not products or piece.product in products) and (not locales or piece.locale in locales)
    ]
    if size:
        chosen = [builder.piece(p.product, p.locale, size) for p in chosen]
    if not chosen:
        raise click.UsageError("nothing to build: no content for that product and locale.")
    return [replace(p, region=region, org=org, site_url=site_url) for p in chosen]


def _on_sheet(builder: "Builder", pieces: list["Piece"], template, size: str | None) -> list["Piece"]:
    """Cards on a card sheet take the sheet's card size unless --size says otherwise."""
    from dataclasses import replace

    if template.single or template.booklet or size is not None:
        return pieces
    return [
        replace(p, size=builder.size_for(builder.product(p.product), template.card_size).name)
        if builder.product(p.product).size_kind == "card" else p
        for p in pieces
    ]


def _say_outside_links(builder: "Builder", pieces: list["Piece"]) -> None:
    """Say once which QR links lead outside the guide site (no --site-url): pages the project
    does not publish, often not in the reader's language."""
    from cardgen.build import qr_link, site_url_of

    outside: dict[str, list[str]] = {}
    for piece in pieces:
        if not site_url_of(piece):
            outside.setdefault(qr_link(builder, piece), []).append(piece.locale)
    if not outside:
        return
    lines = [f"  {link}  ({', '.join(sorted(set(codes)))})" for link, codes in sorted(outside.items())]
    note(
        "note: without --site-url, QR codes lead to pages outside the guide, which may not be in the reader's language:\n"
        + "\n".join(lines)
        + "\n  Publish the guide with 'cardgen site' and pass --site-url to lead each piece to its own page."
    )


def _refuse_drafts(builder: "Builder", pieces: list["Piece"]) -> None:
    from cardgen.errors import OptionError

    drafts = [p for p in pieces if builder.is_draft(p)]  # the same rule as the draft mark
    if drafts:
        names = ", ".join(f"{p.product} ({p.locale})" for p in drafts)
        raise OptionError(
            f"--require-reviewed: these translations are unreviewed drafts: {names}. "
            "Have every string they print approved ('cardgen approve'), or the files reviewed (status: reviewed, reviewer: NAME), or leave out the option."
        )


@main.command()
@selection_options
@region_options
@site_url_option
@print_options
@require_reviewed_option
@reports_errors
def build(products, locales, size, out_dir, content_dir, region, org_file, site_url, sheet, sheet_file, copies, duplex, back_offset, start_cell, slug, die_line, bleed, cmyk, pdfx, require_reviewed) -> None:
    """Write print-ready PDFs, one per product, locale and size.

    With no --product or --locale, builds the whole default catalogue. With --sheet, cards are
    laid out n-up for Avery card stock or for cutting, fronts and backs on alternate pages.
    Every file is built before any is written: on an error, nothing is written. Pieces in an
    unreviewed draft translation carry a visible mark saying so.
    """
    from cardgen.build import Builder
    from cardgen.names import print_stem
    from cardgen.output import write_files

    out_file, out_dir = _out_target(out_dir, "build")
    builder = Builder(content_dir)
    template = sheet_template(sheet, sheet_file)
    pieces = _on_sheet(builder, _select(builder, products, locales, size, region, org_file, site_url), template, size)
    if require_reviewed:
        _refuse_drafts(builder, pieces)
    files = {}
    for piece in pieces:
        options = _options_for(piece, template, copies, duplex, back_offset, bleed, cmyk, pdfx, start_cell, die_line, slug)
        for suffix, data in builder.sheet_pdfs(piece, options):
            name = print_stem(piece, options) + suffix  # every option that changes the bytes is in the name
            files[out_dir / f"{name}.pdf"] = data
    if out_file is not None:
        files = _one_file(files, out_file)
    for path in write_files(files, inside=out_dir):
        info(f"wrote {path}")
    if pdfx:
        _warn_low_resolution_logo(builder, pieces)
    _say_outside_links(builder, pieces)
    from cardgen.cli.batch import say_how_to_print

    say_how_to_print(builder, pieces, files, template, duplex)


@main.command()
@selection_options
@region_options
@site_url_option
@print_options
@click.option("--dpi", default=200, show_default=True, type=click.IntRange(50, 1200), help="Resolution of the images.")
@reports_errors
def preview(products, locales, size, out_dir, content_dir, region, org_file, site_url, sheet, sheet_file, copies, duplex, back_offset, start_cell, slug, die_line, bleed, cmyk, pdfx, dpi) -> None:
    """Write PNG images of each page, rendered from the real PDF, to check a piece by eye."""
    from cardgen.build import Builder
    from cardgen.names import print_stem
    from cardgen.output import write_files
    from cardgen.preview import preview_names, render_pngs

    _out_target(out_dir, "preview")
    builder = Builder(content_dir)
    template = sheet_template(sheet, sheet_file)
    files: dict[Path, bytes] = {}
    for piece in _on_sheet(builder, _select(builder, products, locales, size, region, org_file, site_url), template, size):
        options = _options_for(piece, template, copies, duplex, back_offset, bleed, cmyk, pdfx, start_cell, die_line, slug)
        for suffix, pdf in builder.sheet_pdfs(piece, options):
            images = render_pngs(pdf, dpi)
            stem = print_stem(piece, options) + suffix
            product = builder.product(piece.product)
            if template.single:
                names = preview_names(stem, product.side_names(len(images)))
            else:
                names = sheet_preview_names(stem, len(images), two_sided=suffix == "" and (product.paged or len(product.sides or ()) > 1))
            for name, png in zip(names, images):
                files[out_dir / name] = png
    for path in write_files(files, inside=out_dir):
        info(f"wrote {path}")

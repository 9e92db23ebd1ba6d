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


def warn_fallbacks(builder: "Builder") -> None:
    """A warning for every piece set in its script's compact style (Urdu in Naskh, not Nastaliq)."""
    for fallback in builder.fallbacks():
        click.echo(f"warning: {fallback}", err=True)


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
    condition = None if isinstance(pdfx, bool) else pdfx  # a print shop's own profile (--output-profile)
    return PrintOptions(sheet, copies, duplex, offset, bleed_pt, cmyk, pdfx=bool(pdfx), condition=condition, start_cell=start_cell, die_line=die_line, slug=slug)


def _pdfx_condition(pdfx: bool, output_profile: Path | None):
    """``pdfx`` as given, or the printing condition of the print shop's profile (--output-profile)."""
    if output_profile is None:
        return pdfx
    from cardgen.errors import OptionError

    if not pdfx:
        raise OptionError("--output-profile is the printing condition of a PDF/X file: use it with --pdfx.")
    from cardgen.color import condition_from_profile

    return condition_from_profile(output_profile)


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


def language_option(command):
    return click.option(
        "--language", "languages", multiple=True, metavar="NAME",
        help="Language of a language card (repeatable, or a comma list; 'all'): a code from 'cardgen list' or a name in any case "
        "(K'iche', Quiche, Kreyol, Mixtec). Implies --product language-card. Default: every language, in the default catalogue.",
    )(command)


def _select(builder: "Builder", products: tuple[str, ...], locales: tuple[str, ...], size: str | None, region: str = "us", org_file: Path | None = None, site_url: str | None = None, languages: tuple[str, ...] = ()) -> list["Piece"]:
    """The pieces named on the command line; with no product or locale (or 'all'), the default
    catalogue's. Names may be comma lists, any case, a locale's name (Spanish) or a code that
    falls back to the nearest locale (es-MX -> es), which is noted once on stderr.

    Language cards are chosen by ``languages`` (--language), not by locale: they are printed in
    English, for a language of languages.yaml, and most of those are no locale (Mam, K'iche').
    --language without --product makes language cards only (and the pieces of any --locale)."""
    from dataclasses import replace

    from cardgen.build import is_language_product
    from cardgen.cli.app import detail
    from cardgen.errors import OptionError
    from cardgen.links import normalise_site_url
    from cardgen.products.language_card import PRODUCT as LANGUAGE_CARD
    from cardgen.lookup import resolve_locale, resolve_region, split_names
    from cardgen.org import load_org

    site_url = normalise_site_url(site_url) if site_url else None

    org = load_org(org_file) if org_file else None
    detail(f"content: {builder.content.root}")
    if (given := region) != (region := resolve_region(builder.content.regions(), region)):
        detail(f"region '{given}' is {region}")
    named = tuple(dict.fromkeys(builder.product(name).name for name in split_names(products) or ()))
    card_products = tuple(name for name in named if is_language_product(builder.product(name)))
    products = tuple(name for name in named if name not in card_products)
    if languages and named and not card_products:
        raise OptionError(f"--language picks language cards, and --product names none: add --product {LANGUAGE_CARD} or leave out --language.")
    if card_products and locales and not languages:
        raise OptionError(
            f"a {card_products[0]} is chosen with --language, not --locale: it is printed in English for a language of "
            f"'cardgen list' (Languages), most of which are no locale. Use e.g. --product {card_products[0]} --language mam."
        )
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

    chosen: list["Piece"] = []
    if card_products or languages or not named and not locales:
        chosen += _language_pieces(builder, card_products or (LANGUAGE_CARD,), languages, size, region, org, site_url, explicit=bool(card_products or languages))
    if products or not named and (locales or not languages):
        if products and locales:
            return chosen + [builder.piece(p, loc, size, region, org, site_url) for p in products for loc in locales]
        others = [piece for piece in builder.catalogue() if piece.language is None]
        picked = [
            piece for piece in others
            if (not products or piece.product in products) and (not locales or piece.locale in locales)
        ]
        if size:
            picked = [builder.piece(p.product, p.locale, size) for p in picked]
        chosen += [replace(p, region=region, org=org, site_url=site_url) for p in picked]
    if not chosen:
        raise click.UsageError("nothing to build: no content for that product and locale.")
    return chosen


def _language_pieces(builder: "Builder", products: tuple[str, ...], languages: tuple[str, ...], size: str | None, region: str, org, site_url: str | None, explicit: bool) -> list["Piece"]:
    """The language cards asked for: each language named (any name LanguageList.get knows), or
    every language. In the default catalogue (not ``explicit``), none when the content lists no
    languages, and none with an organisation, which the card does not print yet (said once)."""
    from cardgen.cli.app import detail
    from cardgen.lookup import split_names
    from cardgen.products.language_card import PRODUCT as LANGUAGE_CARD

    if not explicit and not builder.has_languages():
        return []
    if not explicit and org is not None:
        note(f"note: the {LANGUAGE_CARD}s are left out: they do not print an organisation yet. Build them without --org.")
        return []
    names = split_names(languages)
    listed = builder.languages()
    codes = list(listed.languages) if not names else [listed.get(name).code for name in names]
    for name, code in zip(names or (), codes):
        if name != code:
            detail(f"language '{name}' is {code}")
    return [builder.piece(product, "en", size, region, org, site_url, language=code) for product in products for code in dict.fromkeys(codes)]


def _on_sheet(builder: "Builder", pieces: list["Piece"], template, size: str | None) -> list["Piece"]:
    """Cards on a card sheet take the sheet's card size unless --size says otherwise."""
    from dataclasses import replace

    from cardgen.sizes import SIZES

    if template.single or template.booklet or size is not None:
        return pieces
    return [
        replace(p, size=builder.size_for(builder.product(p.product), template.card_size).name)
        if SIZES.get(template.card_size).takes(builder.product(p.product).size_kind) else p
        for p in pieces
    ]


def _say_outside_links(builder: "Builder", pieces: list["Piece"]) -> None:
    """Say once which QR links lead outside the guide site (no --site-url): pages the project
    does not publish, often not in the reader's language."""
    from cardgen.build import qr_link, site_url_of

    outside: dict[str, list[str]] = {}
    for piece in pieces:
        if builder.product(piece.product).qr and not site_url_of(piece):
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
@language_option
@region_options
@site_url_option
@print_options
@require_reviewed_option
@click.option(
    "--personal", "personal_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="FILE",
    help="A CSV or YAML file of holders' contacts and A-numbers: one filled-in wallet-card-fill-in per row, "
    "named by row number. See the README on handling personal data.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), default=None,
    help="Worker processes for many pieces (the default catalogue). Default: the number of cores. The files are the same.",
)
@reports_errors
def build(products, locales, languages, size, out_dir, content_dir, region, org_file, site_url, sheet, sheet_file, copies, duplex, back_offset, start_cell, slug, die_line, bleed, cmyk, pdfx, output_profile, require_reviewed, personal_file, jobs) -> None:
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
    pdfx = _pdfx_condition(pdfx, output_profile)
    builder = Builder(content_dir)
    template = sheet_template(sheet, sheet_file)
    if personal_file is not None:
        if languages:
            raise click.UsageError("--personal fills in wallet cards; give --language in a build of its own.")
        pieces, files = _personal_build(builder, personal_file, products, locales, size, region, org_file, site_url, template, out_dir, require_reviewed, copies, duplex, back_offset, bleed, cmyk, pdfx, start_cell, die_line, slug)
    else:
        pieces = _on_sheet(builder, _select(builder, products, locales, size, region, org_file, site_url, languages), template, size)
        if require_reviewed:
            _refuse_drafts(builder, pieces)
        from cardgen.parallel import build_all, default_jobs

        files = {}
        work = [(piece, _options_for(piece, template, copies, duplex, back_offset, bleed, cmyk, pdfx, start_cell, die_line, slug)) for piece in pieces]
        for (piece, options), built in zip(work, build_all(builder, work, content_dir, jobs or default_jobs())):
            for suffix, data in built:
                name = print_stem(piece, options) + suffix  # every option that changes the bytes is in the name
                files[out_dir / f"{name}.pdf"] = data
    if out_file is not None:
        files = _one_file(files, out_file)
    for path in write_files(files, inside=out_dir):
        info(f"wrote {path}")
    if pdfx:
        _warn_low_resolution_logo(builder, pieces)
    warn_fallbacks(builder)
    _say_outside_links(builder, pieces)
    from cardgen.cli.batch import say_how_to_print

    say_how_to_print(builder, pieces, files, template, duplex)


def _personal_build(builder: "Builder", personal_file: Path, products, locales, size, region, org_file, site_url, template, out_dir: Path, require_reviewed, *print_args):
    """The filled-in cards of a personal-data file: (the pieces, {path: PDF bytes}), one file
    per row, named by its row number, never by what it holds."""
    from cardgen.errors import OptionError
    from cardgen.names import print_stem
    from cardgen.personal import FILL_IN, personal_pdfs, read_personal
    from cardgen.lookup import split_names

    named = split_names(products) or ()
    if any(builder.product(name).name != FILL_IN for name in named):
        raise OptionError(f"--personal fills in the {FILL_IN}; leave out --product or give --product {FILL_IN}.")
    if len(split_names(locales) or ()) > 1:
        raise OptionError("--personal takes at most one --locale: the locale of rows that give none (a row's 'locale' column wins).")
    default = _select(builder, (FILL_IN,), tuple(split_names(locales) or ("en",)), size, region, org_file, site_url)
    default = _on_sheet(builder, default, template, size)[0]
    rows = read_personal(personal_file, builder.content.locale_codes())
    pieces = {}

    def piece_for(locale):
        from dataclasses import replace

        piece = default if locale is None else replace(default, locale=locale)
        pieces.setdefault(piece.locale, piece)
        return piece

    for row in rows:
        piece_for(row.locale)
    if require_reviewed:
        _refuse_drafts(builder, list(pieces.values()))

    def options_for(piece):
        return _options_for(piece, template, *print_args)

    files = {}
    for number, suffix, data in personal_pdfs(builder, rows, piece_for, options_for):
        piece = piece_for(next(row.locale for row in rows if row.number == number))
        files[out_dir / f"{print_stem(piece, options_for(piece))}{suffix}-personal-{number:03d}.pdf"] = data
    return list(pieces.values()), files


@main.command()
@selection_options
@language_option
@region_options
@site_url_option
@print_options
@click.option("--dpi", default=200, show_default=True, type=click.IntRange(50, 1200), help="Resolution of the images.")
@reports_errors
def preview(products, locales, languages, size, out_dir, content_dir, region, org_file, site_url, sheet, sheet_file, copies, duplex, back_offset, start_cell, slug, die_line, bleed, cmyk, pdfx, output_profile, dpi) -> None:
    """Write PNG images of each page, rendered from the real PDF, to check a piece by eye."""
    from cardgen.build import Builder
    from cardgen.names import print_stem
    from cardgen.output import write_files
    from cardgen.preview import preview_names, render_pngs

    _out_target(out_dir, "preview")
    pdfx = _pdfx_condition(pdfx, output_profile)
    builder = Builder(content_dir)
    template = sheet_template(sheet, sheet_file)
    files: dict[Path, bytes] = {}
    for piece in _on_sheet(builder, _select(builder, products, locales, size, region, org_file, site_url, languages), template, size):
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
    warn_fallbacks(builder)

"""The core: content + product + size -> sides -> PDF bytes. No printing, no exiting.

A :class:`Builder` holds one content tree and reuses what it loads (content, fonts, QR codes)
for every piece it builds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE, ContentTree
from cardgen.content.regions import DEFAULT_REGION
from cardgen.org import Org
from cardgen.drawing import Side
from cardgen.errors import FitError, FontCoverageError, OptionError
from cardgen.products import PRODUCTS, LayoutInput, Product
from cardgen.qr import QrEncoder
from cardgen.resources import default_content_dir
from cardgen.sizes import SIZES, TrimSize
from cardgen.typeset import markup
from cardgen.typeset.fonts import stack_for, uncovered

if TYPE_CHECKING:
    from cardgen.sheets.impose import PrintOptions


@dataclass(frozen=True)
class Piece:
    """One thing to print: a product in a locale at a size, for a region and an organisation."""

    product: str
    locale: str
    size: str
    region: str = DEFAULT_REGION
    org: Org | None = None
    site_url: str | None = None  # the guide site: the QR code leads to this piece's page there

    @property
    def stem(self) -> str:
        """File name without extension, e.g. ``wallet-card-es-us-business`` (region added when not us)."""
        from cardgen.names import file_component

        # Locale and region codes come from the content tree, which users may supply: made safe.
        region = "" if self.region == DEFAULT_REGION else f"-{file_component(self.region, fallback='region')}"
        return f"{self.product}-{file_component(self.locale, fallback='locale')}-{self.size}{region}"


class Builder:
    def __init__(self, content_dir: Path | None = None) -> None:
        self.content = ContentTree(content_dir or default_content_dir())
        self.qr = QrEncoder()

    # -- what can be built -----------------------------------------------------------------
    def product(self, name: str) -> Product:
        return PRODUCTS.get(name)

    def size_for(self, product: Product, size: str | None) -> TrimSize:
        chosen = SIZES.get(size or product.default_size)
        if not chosen.takes(product.size_kind):
            valid = [s.name for s in SIZES if s.takes(product.size_kind)]
            raise OptionError(f"size '{chosen.name}' is not for a {product.name}. Choose one of: {', '.join(valid)}.")
        return chosen

    def piece(self, product: str, locale: str, size: str | None = None, region: str = DEFAULT_REGION, org: Org | None = None, site_url: str | None = None) -> Piece:
        """Validate names and return the piece; raises UnknownNameError for a bad one."""
        chosen = self.product(product)
        trim = self.size_for(chosen, size)
        self.content.locale(locale)
        self.content.region(region)
        return Piece(chosen.name, locale, trim.name, region, org, site_url)

    def catalogue(self) -> list[Piece]:
        """The default catalogue: every product in every locale that has its text, at its default size."""
        return [
            Piece(product.name, code, product.default_size)
            for product in PRODUCTS
            for code in self.content.locale_codes()
            if self.content.has_family(code, product.family)
        ]

    # -- building --------------------------------------------------------------------------
    def sides(self, piece: Piece, measured: list | None = None) -> list[Side]:
        """The laid-out sides; with ``measured``, every fit of the printed layout is recorded in it."""
        product = self.product(piece.product)
        size = self.size_for(product, piece.size)
        borrowed_keys = [(self._borrowed_locale(piece.locale, family), family) for family in product.borrows]
        text, source, region_text, region_source, *borrowed_texts = self.content.families(
            [(piece.locale, product.family), (SOURCE_LOCALE, product.family), (piece.locale, "regions"), (SOURCE_LOCALE, "regions"), *borrowed_keys]
        )
        borrowed = dict(zip(product.borrows, borrowed_texts))
        draft = self.is_draft(piece)  # after loading, so content problems are reported together first
        site_url = site_url_of(piece)
        site_text = self.content.family(piece.locale, "site") if site_url else None
        _check_coverage(text, source, region_text, region_source, *([site_text] if site_text else []), *borrowed_texts)
        region = self.content.region(piece.region)

        def layout(compact: bool) -> tuple[list[Side], LayoutInput]:
            if measured is not None:
                measured.clear()
            piece_input = LayoutInput(
                product.name, text, source, size, self.qr, region=region, region_text=region_text, region_source=region_source,
                org=piece.org, compact=compact, site_url=site_url, site_text=site_text, borrowed=borrowed,
                draft=draft, measured=measured,
            )
            sides = product.layout(piece_input)
            if piece.org and piece.org.accent:
                sides = [replace(side, accent=piece.org.accent) for side in sides]
            return sides, piece_input

        sides, piece_input = layout(False)
        if piece_input.overflows and stack_for(text.locale.script).compact:
            # The script's preferred style does not fit: set the whole piece in its compact one.
            compact_sides, compact = layout(True)
            if not compact.overflows:
                return compact_sides
        if piece_input.overflows:
            raise FitError(product.name, piece.locale, size.name, piece_input.overflows)
        return sides

    def _borrowed_locale(self, locale: str, family: str) -> str:
        """The locale whose text of a borrowed family a piece prints: its own, else the English."""
        return locale if self.content.has_family(locale, family) else SOURCE_LOCALE

    def sheet_pdfs(self, piece: Piece, options: "PrintOptions") -> list[tuple[str, bytes]]:
        """The piece imposed for printing: (file name suffix, PDF bytes) for each file to write."""
        from cardgen.pdf import write_pages
        from cardgen.sheets.impose import check_options, impose, viewer_duplex

        size = SIZES.get(piece.size)
        product = self.product(piece.product)
        sheet = options.sheet
        if sheet.booklet and not product.paged:
            raise OptionError(
                f"sheet 'booklet' folds pages into a booklet; a {piece.product} is not a booklet. "
                f"Use --sheet single{' or a card sheet (see cardgen list)' if product.size_kind == 'card' else ''}."
            )
        if not sheet.single and not sheet.booklet and product.size_kind != "card":
            hint = "--sheet booklet to fold it into a booklet, or --sheet single" if product.paged else "--sheet single"
            raise OptionError(f"sheet '{sheet.name}' holds cards; a {piece.product} prints one per page ({hint}).")
        check_options(options, size)
        title, subject = self._title(piece)
        if sheet.booklet:
            from cardgen.sheets.booklet import PRINTING

            subject = f"{subject} · {PRINTING}"
        right_bound = self.content.locale(piece.locale).direction == "rtl"
        job = ""
        if options.slug:  # what a print shop reads outside the trim; the content's date, not today's, so builds stay reproducible
            meta = self.content.family(piece.locale, product.family).meta
            job = f"{piece.product} · {piece.locale} · {piece.size} · content {meta.version} of {meta.effective_date.isoformat()}"
        files = impose(self.sides(piece), options, size, right_bound, job)
        # /Duplex and /PrintScaling /None for print dialogs
        return [(suffix, write_pages(pages, title, subject, cmyk=options.cmyk, duplex=viewer_duplex(options, len(pages)), pdfx=options.pdfx)) for suffix, pages in files]

    def _title(self, piece: Piece) -> tuple[str, str]:
        product = self.product(piece.product)
        locale = self.content.locale(piece.locale)
        return f"{product.label.split(':')[0]} ({locale.name}, {piece.size})", f"{piece.product} {piece.locale} {piece.size}"

    def printed(self, piece: Piece) -> list[tuple[str, str]]:
        """The (family, key) strings the piece prints in the reader's language."""
        from cardgen.products import printed_strings

        families = {name: FAMILIES.get(name).keys() for name in FAMILIES.names() if self.content.has_family(piece.locale, name)}
        return printed_strings(self.product(piece.product), families, piece.region, bool(site_url_of(piece)))

    def is_draft(self, piece: Piece) -> bool:
        """Does the piece carry the draft mark? The one review rule (cardgen.content.review)."""
        from cardgen.content.review import is_draft

        return is_draft(self.content, piece.locale, self.printed(piece))

    def translation_status(self, piece: Piece) -> str:
        return self.content.family(piece.locale, self.product(piece.product).family).meta.translation.status

    def pdf(self, piece: Piece) -> bytes:
        from cardgen.pdf import write_pdf

        title, subject = self._title(piece)
        return write_pdf(self.sides(piece), title=title, subject=subject)


def site_url_of(piece: Piece) -> str | None:
    """The guide site a piece links to: the command's or order's, else the organisation's."""
    return piece.site_url or (piece.org.site_url if piece.org else None)


def qr_link(builder: Builder, piece: Piece) -> str:
    """The link a piece's QR code carries (without laying it out)."""
    product = builder.product(piece.product)
    text = builder.content.family(piece.locale, product.family)
    probe = LayoutInput(product.name, text, text, SIZES.get(piece.size), builder.qr, region=builder.content.region(piece.region), org=piece.org, site_url=site_url_of(piece))
    return probe.qr_url()


def _check_coverage(*texts) -> None:
    """Every character of every string must be drawable by the locale's font stack."""
    missing = []
    for text in texts:
        stack = stack_for(text.locale.script)
        for key, value in text.strings.items():
            for span in markup.parse(value):
                for char in uncovered(stack, span.bold, span.text):
                    fonts = ", ".join(f.file for f in stack.faces(span.bold))
                    missing.append((text.locale.code, key, char, fonts))
    if missing:
        raise FontCoverageError(dict.fromkeys(missing))

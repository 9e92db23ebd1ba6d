"""The core: content + product + size -> sides -> PDF bytes. No printing, no exiting.

A :class:`Builder` holds one content tree and reuses what it loads (content, fonts, QR codes)
for every piece it builds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE, ContentTree
from cardgen.content.regions import DEFAULT_REGION
from cardgen.org import Org
from cardgen.drawing import Side
from cardgen.errors import FitError, FontCoverageError, OptionError
from cardgen.products import PRODUCTS, LayoutInput, Product
from cardgen.products.language_card import FAMILY as LANGUAGES_FAMILY, PRODUCT as LANGUAGE_CARD
from cardgen.qr import QrEncoder
from cardgen.resources import default_content_dir
from cardgen.sizes import SIZES, TrimSize
from cardgen.typeset import markup
from cardgen.typeset.fonts import FontStack, stack_for, uncovered

if TYPE_CHECKING:
    from cardgen.content.languages import LanguageList
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
    # The language a language card is for (a code in languages.yaml); None for every other
    # product. A language card's ``locale`` is the language its text is printed in: English.
    language: str | None = None

    @property
    def stem(self) -> str:
        """File name without extension, e.g. ``wallet-card-es-us-business`` (region added when not us);
        a language card is named by its language: ``language-card-mam-us-business``."""
        from cardgen.names import file_component

        # Locale, language and region codes come from the content tree, which users may supply: made safe.
        region = "" if self.region == DEFAULT_REGION else f"-{file_component(self.region, fallback='region')}"
        reader = file_component(self.language, fallback="language") if self.language is not None else file_component(self.locale, fallback="locale")
        return f"{self.product}-{reader}-{self.size}{region}"


@dataclass(frozen=True)
class Fallback:
    """A piece set in its script's compact style because its text does not fit the preferred one."""

    product: str
    locale: str
    size: str
    preferred: str  # the style's name, e.g. Nastaliq
    compact: str  # e.g. Naskh
    fields: tuple[str, ...]  # the fields that did not fit in the preferred style

    def __str__(self) -> str:
        fields = ", ".join(f"'{name}'" for name in self.fields)
        return (
            f"{self.product} ({self.locale}, {self.size}): the text of {fields} does not fit in {self.preferred}; "
            f"the piece is set in {self.compact} instead. Shorten that text to keep {self.preferred}."
        )


class Builder:
    def __init__(self, content_dir: Path | None = None) -> None:
        self.content = ContentTree(content_dir or default_content_dir())
        self.qr = QrEncoder()
        # Pieces set in a compact style, by (product, locale, size, region): said once each, however often built.
        self._fallbacks: dict[tuple[str, str, str, str], Fallback] = {}
        self._languages: LanguageList | None = None

    def fallbacks(self) -> list[Fallback]:
        """Every fallback to a compact style in the pieces built so far, in the order they happened."""
        return list(self._fallbacks.values())

    def add_fallbacks(self, region: str, fallbacks: list[Fallback]) -> None:
        """Fallbacks that happened building pieces of ``region`` in another process (cardgen.parallel)."""
        for fallback in fallbacks:
            self._fallbacks.setdefault((fallback.product, fallback.locale, fallback.size, region), fallback)

    # -- what can be built -----------------------------------------------------------------
    def product(self, name: str) -> Product:
        return PRODUCTS.get(name)

    def size_for(self, product: Product, size: str | None) -> TrimSize:
        chosen = SIZES.get(size or product.default_size)
        if not chosen.takes(product.size_kind):
            valid = [s.name for s in SIZES if s.takes(product.size_kind)]
            raise OptionError(f"size '{chosen.name}' is not for a {product.name}. Choose one of: {', '.join(valid)}.")
        return chosen

    def piece(self, product: str, locale: str, size: str | None = None, region: str = DEFAULT_REGION, org: Org | None = None, site_url: str | None = None, language: str | None = None) -> Piece:
        """Validate names and return the piece; raises UnknownNameError for a bad one.

        A language card is made for ``language`` (any name languages.yaml knows, see
        LanguageList.get), else for the language of ``locale`` (es: Spanish); its own locale
        is English, the language its text is printed in.
        """
        chosen = self.product(product)
        trim = self.size_for(chosen, size)
        self.content.region(region)
        if is_language_product(chosen):
            if org is not None:
                raise OptionError(f"the {chosen.name} does not print an organisation yet; leave out --org (or the order's org) for it.")
            code = self.languages().get(language if language is not None else locale.split("-")[0]).code
            return Piece(chosen.name, SOURCE_LOCALE, trim.name, region, None, site_url, language=code)
        if language is not None:
            raise OptionError(f"a {chosen.name} is made per locale, not per language: --language is for the {LANGUAGE_CARD}. Use --locale.")
        self.content.locale(locale)
        return Piece(chosen.name, locale, trim.name, region, org, site_url)

    def has_languages(self) -> bool:
        """Whether the content tree lists languages for language cards (a tree of one's own may not)."""
        from cardgen.content.languages import FILE

        return (self.content.root / FILE).is_file()

    def languages(self) -> LanguageList:
        """The languages of the language cards (content/languages.yaml), loaded once."""
        if self._languages is None:
            from cardgen.content.languages import load_languages

            self._languages = load_languages(self.content.root)
        return self._languages

    def catalogue(self) -> list[Piece]:
        """The default catalogue: every product in every locale that has its text, at its default
        size; a language card for every language the content lists."""
        pieces = []
        for product in PRODUCTS:
            if is_language_product(product):
                if self.has_languages():
                    pieces += [Piece(product.name, SOURCE_LOCALE, product.default_size, language=code) for code in self.languages().languages]
                continue
            pieces += [Piece(product.name, code, product.default_size) for code in self.content.locale_codes() if self.content.has_family(code, product.family)]
        return pieces

    # -- building --------------------------------------------------------------------------
    def sides(self, piece: Piece, measured: list | None = None) -> list[Side]:
        """The laid-out sides; with ``measured``, every fit of the printed layout is recorded in it."""
        product = self.product(piece.product)
        size = self.size_for(product, piece.size)
        if piece.language is not None:  # its layout takes the language, not a locale's text
            languages = self.languages()
            return product.layout(languages.get(piece.language), languages, size, self.content.region(piece.region))  # type: ignore[call-arg, arg-type]
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

        def layout(compact: bool, loose: bool = False) -> tuple[list[Side], LayoutInput]:
            if measured is not None:
                measured.clear()
            piece_input = LayoutInput(
                product.name, text, source, size, self.qr, region=region, region_text=region_text, region_source=region_source,
                org=piece.org, compact=compact, site_url=site_url, site_text=site_text, borrowed=borrowed,
                draft=draft, measured=measured, loose=loose,
            )
            sides = product.layout(piece_input)
            if piece.org and piece.org.accent:
                sides = [replace(side, accent=piece.org.accent) for side in sides]
            return sides, piece_input

        sides, piece_input = layout(False)
        preferred = stack_for(text.locale.script)

        def said_fallback() -> None:
            """Record that the piece is set in its script's compact style, once per piece."""
            fields = tuple(dict.fromkeys(name for name, _ in piece_input.overflows))
            fallback = Fallback(product.name, piece.locale, size.name, preferred.style or text.locale.script, stack_for(preferred.compact).style or preferred.compact, fields)
            self._fallbacks.setdefault((product.name, piece.locale, size.name, piece.region), fallback)
        if piece_input.overflows and preferred.compact:
            # The script's preferred style does not fit: set the whole piece in its compact one, and say so.
            compact_sides, compact = layout(True)
            if not compact.overflows:
                said_fallback()
                return compact_sides
        if piece_input.overflows:
            # Before reporting the overflow: let lines also end between a word and its particle
            # or inside a compound (never inside a syllable, a name or a number).
            for compact in (False, True) if preferred.compact else (False,):
                loose_sides, loose = layout(compact, loose=True)
                if not loose.overflows:
                    if compact:
                        said_fallback()
                    return loose_sides
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
        if not sheet.single and not sheet.booklet and not SIZES.get(sheet.card_size).takes(product.size_kind):
            from cardgen.sheets.templates import SHEETS

            fitting = [s.name for s in SHEETS if not s.single and not s.booklet and SIZES.get(s.card_size).takes(product.size_kind)]
            if fitting:
                hint = f"--sheet {', '.join(fitting)} or single"
                raise OptionError(f"sheet '{sheet.name}' holds pieces of {SIZES.get(sheet.card_size).dimensions}; this {piece.product} is {size.dimensions}: use {hint}.")
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
            meta = self.languages() if piece.language is not None else self.content.family(piece.locale, product.family).meta
            job = f"{piece.product} · {piece.language or piece.locale} · {piece.size} · content {meta.version} of {meta.effective_date.isoformat()}"
        files = impose(self.sides(piece), options, size, right_bound, job)
        # /Duplex and /PrintScaling /None for print dialogs
        return [(suffix, write_pages(pages, title, subject, cmyk=options.cmyk, duplex=viewer_duplex(options, len(pages)), pdfx=options.pdfx, lang=piece.locale, condition=options.condition)) for suffix, pages in files]

    def _title(self, piece: Piece) -> tuple[str, str]:
        product = self.product(piece.product)
        if piece.language is not None:
            english = self.languages().get(piece.language).english
            return f"{product.label.split(':')[0]} ({english}, {piece.size})", f"{piece.product} {piece.language} {piece.size}"
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
        if piece.language is not None:
            return "source"  # the project's own English wording and the languages' names: nothing translated
        return self.content.family(piece.locale, self.product(piece.product).family).meta.translation.status

    def pdf(self, piece: Piece) -> bytes:
        from cardgen.pdf import write_pdf

        title, subject = self._title(piece)
        return write_pdf(self.sides(piece), title=title, subject=subject, lang=piece.locale)


def is_language_product(product: Product) -> bool:
    """Whether ``product`` is made per language (languages.yaml), not per locale."""
    return product.family == LANGUAGES_FAMILY


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
            for char, bold in _uncovered(stack, value):
                fonts = ", ".join(f.file for f in stack.faces(bold))
                missing.append((text.locale.code, key, char, fonts))
    if missing:
        raise FontCoverageError(dict.fromkeys(missing))


@lru_cache(maxsize=16384)
def _uncovered(stack: FontStack, value: str) -> tuple[tuple[str, bool], ...]:
    """The characters of a markup string its stack cannot draw, each with its weight (cached:
    the same strings are checked for every piece of a locale)."""
    return tuple((char, span.bold) for span in markup.parse(value) for char in uncovered(stack, span.bold, span.text))

"""``cardgen proof``: the PDF a reviewer signs off from.

First every string of the locale: its key, the English, the translation (set in the locale's
own fonts and direction), the translator's note and its review state. Then every piece of the
locale as it will print (each side at its own trim size), each introduced by a page listing
the fit margin of its fields: how much of each box is still free at the field's floor size.
Built with the project's own layout and PDF writer, so the proof shows exactly what prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.build import Builder, Piece
from cardgen.drawing import FillRect, Side
from cardgen.errors import CardgenError
from cardgen.exchange.catalog import Catalog, Entry
from cardgen.products import PRODUCTS
from cardgen.products.base import writing_of
from cardgen.sizes import INCH
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import Box, NoFit, Paragraph, fit

PAGE_W, PAGE_H = 8.5 * INCH, 11 * INCH
MARGIN = 0.6 * INCH
ENGLISH = Writing("en", "Latn", False)
SIZE = 9.0  # pt, the proof's text
SMALL = 7.5  # pt, notes and labels
GAP = 6.0  # pt between blocks of one string
STATE_WORDS = {
    "initial": "NEEDS WORK: the English changed since this was translated",
    "translated": "not reviewed yet",
    "reviewed": "approved",
    "final": "reviewed (whole file)",
}


@dataclass
class _Column:
    """Blocks set one under another, starting a new page when the next does not fit."""

    title: str
    pages: list[list] = None  # type: ignore[assignment]
    cursor: float = 0.0

    def __post_init__(self) -> None:
        self.pages = []
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.cursor = PAGE_H - MARGIN
        self.add([Paragraph(f"{self.title} · page {len(self.pages)}", color="red")], ENGLISH, SMALL, gap=4)

    def add(self, paragraphs: list[Paragraph], writing: Writing, size: float, gap: float = 2.0, indent: float = 0.0) -> None:
        for attempt in range(2):
            box = Box(MARGIN + indent, MARGIN, PAGE_W - 2 * MARGIN - indent, self.cursor - MARGIN)
            try:
                block = fit(paragraphs, writing, box, size, size)
            except NoFit:
                if attempt == 0 and self.cursor < PAGE_H - MARGIN - 20:
                    self._new_page()
                    continue
                block = fit([Paragraph("(too long to show here: see the content file)")], ENGLISH, box, SMALL, SMALL)
            self.pages[-1].extend(block.ops)
            self.cursor -= block.height + gap
            return

    def rule(self) -> None:
        self.pages[-1].append(FillRect(MARGIN, self.cursor + 2, PAGE_W - 2 * MARGIN, 0.4, "red"))
        self.cursor -= 4

    def sides(self, name: str) -> list[Side]:
        return [Side(f"{name}-{n}", PAGE_W, PAGE_H, tuple(ops)) for n, ops in enumerate(self.pages, start=1)]


KEEP = 90.0  # pt: a string starts on a new page rather than leave less than this at the foot


def _entry(column: _Column, entry: Entry, reader: Writing) -> None:
    if column.cursor - MARGIN < KEEP:
        column._new_page()
    state = STATE_WORDS.get(entry.state, entry.state)
    column.add([Paragraph(f"{entry.context}  ·  {state}", bold=True, color="red" if entry.fuzzy else "ink")], ENGLISH, SMALL, gap=1)
    column.add([Paragraph("English: " + entry.english)], ENGLISH, SIZE, gap=1, indent=8)
    if entry.previous_english:
        column.add([Paragraph("Translated from: " + entry.previous_english)], ENGLISH, SMALL, gap=1, indent=8)
    column.add([Paragraph(entry.translation)], reader, SIZE, gap=1, indent=8)
    notes = ([f"Note: {entry.note}"] if entry.note else []) + ([f"Glossary: {'; '.join(entry.terms)}"] if entry.terms else [])
    notes += [f"Room: {r}" for r in entry.room]
    if notes:
        # English notes quoting the translation: left to right, in fonts that also draw its script.
        quoting = Writing("en", reader.script, False)
        column.add([Paragraph(n) for n in notes], quoting, SMALL - 1, gap=1, indent=8)
    column.cursor -= GAP


def string_pages(catalog: Catalog, name: str, reader: Writing) -> list[Side]:
    column = _Column(f"Review proof · {name} ({catalog.locale}) · content {catalog.version} · strings")
    approved = sum(e.state in ("reviewed", "final") for e in catalog.entries)
    column.add(
        [
            Paragraph(f"Review proof: {name} ({catalog.locale})", bold=True, scale=1.6),
            Paragraph(
                f"{len(catalog.entries)} strings, {approved} reviewed. Each string shows its key, the English, the translation and "
                "the translator's note; the pieces follow as they will print, each after a page with the fit margin of its fields.",
                space_before=0.6,
            ),
        ],
        ENGLISH, SIZE, gap=8,
    )
    family = None
    for entry in catalog.entries:
        if entry.family != family:
            family = entry.family
            column.rule()
            column.add([Paragraph(family, bold=True, scale=1.3)], ENGLISH, SIZE, gap=4)
        _entry(column, entry, reader)
    return column.sides("strings")


def piece_pages(builder: Builder, piece: Piece, label: str) -> list[Side]:
    """The fit margins of the piece's fields, then its sides as they print."""
    from cardgen.exchange.room import measure_piece

    column = _Column(f"{label} · {piece.product} {piece.size}")
    column.add([Paragraph(f"{piece.product}, {piece.size}, region {piece.region}", bold=True, scale=1.3)], ENGLISH, SIZE, gap=6)
    try:
        sides = builder.sides(piece)
    except CardgenError as exc:
        column.add([Paragraph(f"Cannot be built: {exc}", color="red")], ENGLISH, SIZE)
        return column.sides(piece.product)
    draft = "carries the DRAFT mark (not every string it prints is reviewed)" if builder.is_draft(piece) else "prints without the draft mark: every string it prints is reviewed"
    column.add([Paragraph(f"This piece {draft}.")], ENGLISH, SIZE, gap=6)
    column.add([Paragraph("Fit margin of each field: the share of its box still free at its smallest size.", bold=True)], ENGLISH, SIZE, gap=3)
    for fitted in measure_piece(builder, piece):
        words = f"{fitted.margin:.0%} free" if fitted.margin >= 0 else "DOES NOT FIT"
        column.add([Paragraph(f"{fitted.field}: {words} at the {fitted.floor:.1f} pt floor ({fitted.free_lines} more lines fit)")], ENGLISH, SIZE, gap=1, indent=8)
    return column.sides(piece.product) + sides


def proof_pdf(builder: Builder, catalog: Catalog) -> bytes:
    from cardgen.pdf import Page, Placed, write_pages

    info = builder.content.locale(catalog.locale)
    label = f"Review proof · {info.name} ({catalog.locale})"
    sides = string_pages(catalog, info.name, writing_of(info))
    for product in PRODUCTS:
        if builder.content.has_family(catalog.locale, product.family):
            sides += piece_pages(builder, Piece(product.name, catalog.locale, product.default_size), label)
    pages = [Page(s.width, s.height, (Placed(s, 0, 0),)) for s in sides]
    return write_pages(pages, title=f"Review proof: {info.name} ({catalog.locale})", subject=f"proof {catalog.locale} content {catalog.version}")

"""The "I speak ..." card: for a language that has no translation, only its names.

One side, shown to the officer through a window or held up: a red band with the language's own
name in its own script, large, so that the holder picks out their card; under it the language's
names in Latin letters ("Mixteco (Mixtec)"); then, in large English type for the officer, that
the holder speaks it, needs an interpreter and chooses to remain silent until there is one.
One-sided because everything on it is for the moment it is shown: a holder who does not read
should not have to know which side to hold up, and it prints on any printer without duplex.
No QR code: the guidance it would lead to is not in the holder's language. The region's help
line prints, in English, at the foot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cardgen.drawing import FillRect, Side
from cardgen.sizes import MM
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import Box, NoFit, Paragraph, fit

if TYPE_CHECKING:
    from cardgen.content.languages import Language, LanguageList
    from cardgen.content.regions import Region
    from cardgen.sizes import TrimSize

PRODUCT = "language-card"
FAMILY = "languages"  # content/languages.yaml: made per language listed there, not per locale
LABEL = "Language card: \"I speak ...\" for a language without a translation; its own name, and in English a request for an interpreter"
STATEMENT_MIN, STATEMENT_MAX = 10.0, 14.0  # pt: the officer reads it at arm's length
ENDONYM_MIN, ENDONYM_MAX = 12.0, 30.0
NAMES_MIN, NAMES_MAX = 8.0, 12.0
FOOT_SIZE = 6.5
VERSION_SIZE = 5.0
BAND = 0.34  # share of the height taken by the band with the own name

LATIN = Writing("en", "Latn", False)
_RTL_SCRIPTS = frozenset({"Arab", "Aran", "Hebr"})


def statement(language: "Language") -> list[str]:
    """The English words for the officer (the project's own wording)."""
    return [
        f"I speak {language.english}.",
        "I need an interpreter.",
        "**I choose to remain silent until I have one.**",
    ]


def endonym_writing(language: "Language") -> Writing:
    tag = language.iso639_3.split()[0] if language.iso639_3 else language.code
    return Writing(tag, language.script, language.script in _RTL_SCRIPTS)


def layout_language_card(language: "Language", languages: "LanguageList", size: "TrimSize", region: "Region | None") -> list[Side]:
    """The card's one side; raises FitError naming every field that does not fit."""
    from cardgen.errors import FitError

    w, h = size.width, size.height
    m = 3 * MM if size.metric else 9.0  # the safe margin, as on the other cards
    overflows: list[tuple[str, str]] = []

    def place(name, paragraphs, writing, box, sizes, **options):
        try:
            return fit(paragraphs, writing, box, sizes[1], sizes[0], **options).ops
        except NoFit as exc:
            overflows.append((name, str(exc)))
            return ()

    band = round(h * BAND, 2)
    ops: list = [FillRect(0, h - band, w, band, "red")]
    band_box = Box(m, h - band + 0.1 * band, w - 2 * m, band - 0.1 * band - 0.6 * m)
    if language.endonym:
        ops += place("endonym", [Paragraph(language.endonym, bold=True, color="paper", align="center")], endonym_writing(language), band_box, (ENDONYM_MIN, ENDONYM_MAX), valign="middle", ink=True)
    else:  # the own name is uncertain: the names in Latin letters, rather than a guess
        ops += place("names", [Paragraph(language.name_line, bold=True, color="paper", align="center")], LATIN, band_box, (ENDONYM_MIN, ENDONYM_MAX - 6), valign="middle", ink=True)

    # The foot: version line, then the help line above it.
    cursor = m
    version = f"Language card · content {languages.version} of {languages.effective_date.isoformat()} · {(region.code if region else 'us').upper()}"
    ops += place("version", [Paragraph(version)], LATIN, Box(m, cursor, w - 2 * m, VERSION_SIZE * 1.3), (VERSION_SIZE - 0.5, VERSION_SIZE))
    cursor += VERSION_SIZE * 1.3 + 0.01 * h
    if region:
        line = f"Help line: {region.hotline.number} ({region.hotline.name})"
        ops += place("help line", [Paragraph(line, bold=True, color="red")], LATIN, Box(m, cursor, w - 2 * m, FOOT_SIZE * 1.3), (FOOT_SIZE - 1, FOOT_SIZE))
        cursor += FOOT_SIZE * 1.3
    foot_top = cursor + 0.02 * h

    top = h - band - 0.03 * h
    if language.endonym and language.endonym != language.name_line:  # the names in Latin letters under the band
        names_h = NAMES_MAX * 1.35
        ops += place("names", [Paragraph(language.name_line, bold=True, align="center")], LATIN, Box(m, top - names_h, w - 2 * m, names_h), (NAMES_MIN, NAMES_MAX), valign="middle")
        top -= names_h + 0.02 * h
    paragraphs = [Paragraph(text, space_before=0.15 if n else 0.0) for n, text in enumerate(statement(language))]
    ops += place("statement", paragraphs, LATIN, Box(m, foot_top, w - 2 * m, top - foot_top), (STATEMENT_MIN, STATEMENT_MAX), leading=1.1, valign="middle")
    if overflows:
        raise FitError(PRODUCT, language.code, size.name, overflows)
    return [Side("front", w, h, tuple(ops))]


def language_card_pdf(language: "Language", languages: "LanguageList", size: "TrimSize", region: "Region | None") -> bytes:
    from cardgen.pdf import write_pdf

    sides = layout_language_card(language, languages, size, region)
    return write_pdf(sides, title=f"Language card ({language.english}, {size.name})", subject=f"{PRODUCT} {language.code} {size.name}", lang="en")

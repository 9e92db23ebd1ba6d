"""Bundled fonts, the stack of faces used for each script, and coverage checks.

Faces are registered with ReportLab once per process, under names unique to cardgen (two fonts
with one internal name would be merged in a PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cardgen.errors import CardgenError, UnknownNameError
from cardgen.resources import fonts_dir

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True)
class Face:
    """One font file, registered under ``name``."""

    name: str
    file: str


@dataclass(frozen=True)
class FontStack:
    """Faces tried in order for a script: the first that has a character draws it.

    The vertical measures are minimums in em; lines grow to fit the ink of what they hold.
    """

    regular: tuple[Face, ...]
    bold: tuple[Face, ...]
    leading: float = 1.2  # baseline to baseline
    ascent: float = 0.93  # room above the baseline (accented capitals)
    descent: float = 0.24  # room below it
    compact: str | None = None  # script code of a stack to use where this one's text does not fit

    def faces(self, bold: bool) -> tuple[Face, ...]:
        return self.bold if bold else self.regular


@dataclass(frozen=True)
class Writing:
    """How a locale's text is set: its language (for shaping and line breaking), fonts and direction."""

    language: str  # BCP 47
    script: str  # ISO 15924
    rtl: bool

    @property
    def stack(self) -> "FontStack":
        return stack_for(self.script)


def _face(stem: str) -> Face:
    return Face(f"cardgen-{stem}", f"{stem}.ttf")


NOTO_SANS = _face("NotoSans-Regular")
NOTO_SANS_BOLD = _face("NotoSans-Bold")


def _stack(family: str | None, **measures: float) -> FontStack:
    """A script font, then Noto Sans for the Latin letters, digits and punctuation it lacks."""
    if family is None:
        return FontStack((NOTO_SANS,), (NOTO_SANS_BOLD,), **measures)
    return FontStack(
        (_face(f"{family}-Regular"), NOTO_SANS),
        (_face(f"{family}-Bold"), NOTO_SANS_BOLD),
        **measures,
    )


_LATIN = _stack(None)
_ARABIC = _stack("NotoSansArabic", leading=1.4, ascent=0.85, descent=0.35)

# ISO 15924 script code of a locale -> the stack its text is set in. The line spacing of each
# is a minimum: lines grow where the ink of tall or stacked letters would touch.
STACKS: dict[str, FontStack] = {
    "Latn": _LATIN,
    "Cyrl": _LATIN,
    "Grek": _LATIN,
    "Arab": _ARABIC,
    # Urdu in Nastaliq, whose words slope down to the left: it needs much more line spacing.
    "Aran": FontStack(
        (_face("NotoNastaliqUrdu-Regular"), _face("NotoSansArabic-Regular"), NOTO_SANS),
        (_face("NotoNastaliqUrdu-Bold"), _face("NotoSansArabic-Bold"), NOTO_SANS_BOLD),
        leading=2.0, ascent=1.3, descent=0.75, compact="Arab",
    ),
    "Deva": _stack("NotoSansDevanagari", leading=1.4, ascent=1.0, descent=0.35),
    "Guru": _stack("NotoSansGurmukhi", leading=1.4, ascent=1.0, descent=0.35),
    "Beng": _stack("NotoSansBengali", leading=1.4, ascent=1.0, descent=0.35),
    "Gujr": _stack("NotoSansGujarati", leading=1.4, ascent=1.0, descent=0.35),
    "Ethi": _stack("NotoSansEthiopic", leading=1.3),
    "Mymr": _stack("NotoSansMyanmar", leading=1.6, ascent=1.1, descent=0.45),
    "Khmr": _stack("NotoSansKhmer", leading=1.6, ascent=1.05, descent=0.5),
    "Armn": _stack("NotoSansArmenian"),
    # Chinese, Japanese and Korean, each in the cut with its own regional letterforms.
    "Hans": _stack("NotoSansCJKsc", leading=1.3, ascent=0.92, descent=0.16),
    "Hant": _stack("NotoSansCJKtc", leading=1.3, ascent=0.92, descent=0.16),
    "Jpan": _stack("NotoSansCJKjp", leading=1.3, ascent=0.92, descent=0.16),
    "Kore": _stack("NotoSansCJKkr", leading=1.3, ascent=0.92, descent=0.16),
}


def stack_for(script: str) -> FontStack:
    try:
        return STACKS[script]
    except KeyError:
        raise UnknownNameError("script (no bundled font for it yet)", script, STACKS) from None


@lru_cache(maxsize=None)
def load(face: Face) -> "TTFont":
    """The registered ReportLab font of ``face``; reads and registers the file once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont, TTFError

    path = fonts_dir() / face.file
    try:
        font = _tagged_font_class()(face.name, str(path))
    except (OSError, TTFError) as exc:
        raise CardgenError(f"cannot load font {path}: {exc}. Reinstall cardgen or restore the file.") from None
    pdfmetrics.registerFont(font)
    _CMAPS[face] = frozenset(code for code in font.face.charToGlyph if code != 0xFFFF)
    return font


@lru_cache(maxsize=None)
def _tagged_font_class() -> type:
    """ReportLab's TrueType font with a subset tag of its own for every embedded subset.

    ReportLab names subsets ``AAAAAA+``, ``AAAAAB+``, ... by their number in each font, so every
    font's first subset carries the same tag; ISO 32000 (9.6.4) wants a different tag for each
    subset in a file. Once ReportLab has made a font's objects, each subset is renamed with six
    letters drawn from a hash of the font and the glyphs the subset holds, in order (its
    content), so the same subset gets the same tag in every build.
    """
    import hashlib
    import weakref

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont, makeToUnicodeCMap

    used: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()

    class TaggedTTFont(TTFont):
        def addObjects(self, doc):  # type: ignore[no-untyped-def]
            state = self.state.get(doc)
            subsets = [list(subset) for subset in state.subsets] if state is not None else []
            super().addObjects(doc)
            if state is None or state.internalName is None:
                return
            fonts = doc.idToObject["BasicFonts"].dict
            taken = used.setdefault(doc, set())
            for number, subset in enumerate(subsets):
                pdf_font = fonts[f"{state.internalName}+{number}"]
                old = pdf_font.BaseFont
                name = old.split("+", 1)[1]
                glyphs = ",".join(str(self.face.charToGlyph.get(code, 0)) for code in subset)
                tag, salt = "", 0
                while not tag or tag in taken:  # a clash of two hashes: the next one, still reproducible
                    digest = int.from_bytes(hashlib.sha256(f"{name}|{glyphs}|{salt}".encode()).digest()[:8], "big")
                    tag = "".join(chr(ord("A") + digest // 26**i % 26) for i in range(6))
                    salt += 1
                taken.add(tag)
                new = f"{tag}+{name}"
                pdf_font.BaseFont = new
                doc.idToObject["fontDescriptor:" + old].dict["FontName"] = pdfdoc.PDFName(new)
                doc.idToObject["toUnicodeCMap:" + old].content = makeToUnicodeCMap(new, subset)

    return TaggedTTFont


def covers(face: Face, char: str) -> bool:
    return ord(char) in cmap(face)


def cmap(face: Face) -> frozenset[int]:
    """The code points the font's own cmap maps."""
    if face not in _CMAPS:
        load(face)
    return _CMAPS[face]


_CMAPS: dict[Face, frozenset[int]] = {}  # the characters each font's own cmap maps


_PRIVATE_BMP, _PRIVATE_PLANE_15 = 0xE000, 0xF0000


def char_for_glyph(face: Face, gid: int) -> str:
    """The character ReportLab writes for glyph ``gid`` of ``face``.

    A glyph reachable through the font's cmap is written as its character. Shaping also yields
    glyphs no character maps to (ligatures, conjuncts, contextual forms); each gets a private-use
    code derived from its glyph id alone, so the mapping, and so the PDF bytes, never depend on
    what was drawn before. Copying text still gives the real text: lines carry ActualText.
    """
    font = load(face).face
    chars = font.glyphToChar.get(gid)
    if chars:
        return chr(chars[0])
    code = _PRIVATE_BMP + gid if gid < 0x1800 and _PRIVATE_BMP + gid not in font.charToGlyph else _PRIVATE_PLANE_15 + gid
    font.charToGlyph[code] = gid
    font.glyphToChar.setdefault(gid, []).append(code)
    font.charWidths[code] = font._pdfScale(font.hmetrics[gid][0]) if hasattr(font, "hmetrics") else 0
    return chr(code)


def face_for_char(stack: FontStack, bold: bool, char: str) -> Face | None:
    """The first face in the stack that has ``char``, or None."""
    for face in stack.faces(bold):
        if covers(face, char):
            return face
    return None


# Characters that need no glyph: line breaks are handled by layout, not drawn.
_INVISIBLE = {"\n", "\t", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}  # breaks, bidi controls


def uncovered(stack: FontStack, bold: bool, text: str) -> list[str]:
    """Characters of ``text`` no face of the stack can draw, in order, without repeats."""
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char not in _INVISIBLE and face_for_char(stack, bold, char) is None:
            missing.append(char)
    return missing

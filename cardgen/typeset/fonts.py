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


NOTO_SANS = Face("cardgen-NotoSans-Regular", "NotoSans-Regular.ttf")
NOTO_SANS_BOLD = Face("cardgen-NotoSans-Bold", "NotoSans-Bold.ttf")

_LATIN = FontStack(regular=(NOTO_SANS,), bold=(NOTO_SANS_BOLD,))

# ISO 15924 script code -> stack. Scripts other than these are added with their fonts.
STACKS: dict[str, FontStack] = {"Latn": _LATIN, "Cyrl": _LATIN, "Grek": _LATIN}


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
        font = TTFont(face.name, str(path))
    except (OSError, TTFError) as exc:
        raise CardgenError(f"cannot load font {path}: {exc}. Reinstall cardgen or restore the file.") from None
    pdfmetrics.registerFont(font)
    _CMAPS[face] = frozenset(code for code in font.face.charToGlyph if code != 0xFFFF)
    return font


def covers(face: Face, char: str) -> bool:
    load(face)
    return ord(char) in _CMAPS[face]


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
_INVISIBLE = {"\n", "\t"}


def uncovered(stack: FontStack, bold: bool, text: str) -> list[str]:
    """Characters of ``text`` no face of the stack can draw, in order, without repeats."""
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char not in _INVISIBLE and face_for_char(stack, bold, char) is None:
            missing.append(char)
    return missing

"""Bundled fonts, the stack of faces used for each script, and coverage checks.

Faces are registered with ReportLab once per process, under names unique to cardgen (two fonts
with one internal name would be merged in a PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING

from cardgen.errors import CardgenError, UnknownNameError
from cardgen.resources import fonts_dir

if TYPE_CHECKING:
    import uharfbuzz
    from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True)
class Face:
    """One font file, registered under ``name``.

    ``scale`` draws the face larger or smaller than the text around it (Latin inside Nastaliq);
    a scaled face is the same font (one registration, one embedded subset), so it compares equal
    to the unscaled one.
    """

    name: str
    file: str
    scale: float = field(default=1.0, compare=False)


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
    style: str = ""  # the style's name where a script has more than one (Nastaliq, Naskh), for messages

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


def _stack(family: str | None, **measures: "float | str") -> FontStack:
    """A script font, then Noto Sans for the Latin letters, digits and punctuation it lacks."""
    if family is None:
        return FontStack((NOTO_SANS,), (NOTO_SANS_BOLD,), **measures)
    return FontStack(
        (_face(f"{family}-Regular"), NOTO_SANS),
        (_face(f"{family}-Bold"), NOTO_SANS_BOLD),
        **measures,
    )


_LATIN = _stack(None)
_ARABIC = _stack("NotoSansArabic", leading=1.4, ascent=0.85, descent=0.35, style="Naskh")

# Latin inside Nastaliq is drawn at this share of the size. Nastaliq's letter bodies are small
# for its size: the median ink height of the medial forms of ب س م ہ ع ل ک ف is 0.70 of Noto
# Sans Arabic's, the Arabic companion of Noto Sans (its alef is exactly Noto Sans's cap height).
# Latin keeps that relation to Nastaliq when it is scaled by the same ratio.
NASTALIQ_LATIN_SCALE = 0.7

# ISO 15924 script code of a locale -> the stack its text is set in. The line spacing of each
# is a minimum: lines grow where the ink of tall or stacked letters would touch.
STACKS: dict[str, FontStack] = {
    "Latn": _LATIN,
    "Cyrl": _LATIN,
    "Grek": _LATIN,
    "Arab": _ARABIC,
    # Urdu in Nastaliq, whose words slope down to the left: it needs much more line spacing.
    "Aran": FontStack(
        (_face("NotoNastaliqUrdu-Regular"), _face("NotoSansArabic-Regular"), replace(NOTO_SANS, scale=NASTALIQ_LATIN_SCALE)),
        (_face("NotoNastaliqUrdu-Bold"), _face("NotoSansArabic-Bold"), replace(NOTO_SANS_BOLD, scale=NASTALIQ_LATIN_SCALE)),
        leading=2.0, ascent=1.3, descent=0.75, compact="Arab", style="Nastaliq",
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
    _cache_subsets(font.face)
    return font


def _cache_subsets(face: object) -> None:
    """Cut each subset of a font once per process: a subset's file depends only on the glyphs
    it holds, in order (its cmap maps codes 0, 1, ... to them), so the same card drawn again,
    or the same statement in another file, reuses it."""
    make = face.makeSubset  # type: ignore[attr-defined]
    cut: dict[tuple[int, ...], bytes] = {}
    by_codes: dict[tuple[int, ...], bytes] = {}  # a code's glyph never changes once it has one

    def make_subset(subset: "list[int]") -> bytes:
        codes = tuple(subset)
        if codes in by_codes:
            return by_codes[codes]
        glyphs = tuple(face.charToGlyph.get(code, 0) for code in subset)  # type: ignore[attr-defined]
        if glyphs not in cut:
            cut[glyphs] = make(subset)
        if len(by_codes) > 1024:  # a long batch: keep memory flat
            by_codes.clear()
        by_codes[codes] = cut[glyphs]
        return cut[glyphs]

    face.makeSubset = make_subset  # type: ignore[attr-defined]


class _CachedFlate:
    """ReportLab's Flate filter, compressing each distinct content once per process (embedded
    font subsets repeat from file to file); zlib's output is the same for the same input."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self.done: dict[bytes, bytes] = {}

    def encode(self, content: "bytes | str") -> bytes:
        import zlib

        data = content.encode("utf-8") if isinstance(content, str) else content
        if data not in self.done:
            if len(self.done) > 512:  # a long batch: keep memory flat
                self.done.clear()
            self.done[data] = zlib.compress(data)
        return self.done[data]


_FLATE = _CachedFlate()


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

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    used: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()

    from reportlab.pdfbase import ttfonts

    from cardgen import pdfobjects
    from cardgen.typeset.fontfile import BulkFace

    class TaggedTTFont(TTFont):
        def __init__(self, name: str, filename: str) -> None:
            self._subsets: dict[tuple[int, ...], tuple[str, str, dict[str, str]]] = {}
            self._described: "dict[str, str] | None" = None
            # TTFont makes its face as ttfonts.TTFontFace(...): give it the bulk reader
            original, ttfonts.TTFontFace = ttfonts.TTFontFace, BulkFace
            try:
                super().__init__(name, filename)
            finally:
                ttfonts.TTFontFace = original

        def addObjects(self, doc):  # type: ignore[no-untyped-def]
            """The objects ReportLab's addObjects makes for each subset (ToUnicode CMap, font
            file, descriptor, font dictionary, registered in its order), renamed with the
            subset's tag, the dictionaries written at once (cardgen.pdfobjects) in ReportLab's
            form, and what depends on a subset's characters alone (widths, glyph list, tag)
            kept per subset: the same bytes, without formatting them key by key."""
            state = self.state.get(doc)
            if state is None or state.internalName is None:
                super().addObjects(doc)
                return
            state.frozen = 1
            face = self.face
            fonts = doc.idToObject["BasicFonts"].dict
            taken = used.setdefault(doc, set())
            spellings = _SPELLINGS.get(doc, {}).get(self.fontName, {})
            known = self._subsets
            for number, subset in enumerate(state.subsets):
                internal = self.getSubsetInternalName(number, doc)[1:]
                name = (face.name + face.subfontNameX).decode("pdfdoc")
                key = tuple(subset)
                if key not in known:
                    if len(known) > 1024:  # a long batch: keep memory flat
                        known.clear()
                    glyphs = ",".join(str(face.charToGlyph.get(code, 0)) for code in subset)
                    widths = pdfdoc.PDFArray(list(map(face.getCharWidth, subset))).format(None).decode("latin-1")
                    known[key] = (glyphs, widths, {})
                glyphs, widths, tags = known[key]
                tag, salt = tags.get(name, ""), 0
                while not tag or tag in taken:  # a clash of two hashes: the next one, still reproducible
                    digest = int.from_bytes(hashlib.sha256(f"{name}|{glyphs}|{salt}".encode()).digest()[:8], "big")
                    tag = "".join(chr(ord("A") + digest // 26**i % 26) for i in range(6))
                    if salt == 0:
                        tags[name] = tag
                    salt += 1
                taken.add(tag)
                new = f"{tag}+{name}"
                cmap_stream = pdfdoc.PDFStream()
                texts = tuple(spellings.get(code, chr(code)) for code in subset) if spellings else tuple(map(chr, subset))
                cmap_stream.content = _to_unicode_cmap(new, texts)
                if doc.compression:  # the same subset's CMap recurs from file to file, as fonts do
                    cmap_stream.filters = [_FLATE]
                to_unicode = pdfobjects.reference(doc, cmap_stream, "toUnicodeCMap:" + new)
                # ReportLab's addSubsetObjects: the subset's file, then its descriptor
                font_file = pdfdoc.PDFStream()
                font_file.content = face.makeSubset(subset)
                font_file.dictionary["Length1"] = len(font_file.content)
                if doc.compression:
                    font_file.filters = [_FLATE]
                described = dict(self._descriptor(doc))
                described["FontFile2"] = pdfobjects.reference(doc, font_file, f"fontFile:{face.filename}({new})")
                described["FontName"] = pdfdoc.PDFName(new)
                descriptor = pdfobjects.reference(doc, pdfobjects.written(pdfobjects.dictionary(described)), "fontDescriptor:" + new)
                pdf_font = pdfobjects.written(pdfobjects.dictionary({
                    "BaseFont": pdfdoc.PDFName(new), "FirstChar": "0", "FontDescriptor": descriptor,
                    "LastChar": str(len(subset) - 1), "Name": pdfdoc.PDFName(internal), "Subtype": "/TrueType",
                    "ToUnicode": to_unicode, "Type": "/Font", "Widths": widths,
                }), indirect=True)
                doc.Reference(pdf_font, internal)
                fonts[internal] = pdf_font
            del self.state[doc]

        def _descriptor(self, doc: object) -> "dict[str, str]":
            """The entries of a subset's FontDescriptor that are the font's, written as
            ReportLab writes them (every subset of a font shares them)."""
            if self._described is None:
                face = self.face
                flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
                values = {
                    "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
                    "Descent": face.descent, "Flags": flags, "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "ItalicAngle": face.italicAngle, "StemV": face.stemV, "MissingWidth": face.defaultWidth,
                }
                self._described = {key: pdfdoc.format(value, doc).decode("latin-1") for key, value in values.items()}
            return self._described

    return TaggedTTFont


@lru_cache(maxsize=1024)
def _to_unicode_cmap(name: str, texts: "tuple[str, ...]") -> str:
    """A subset's ToUnicode CMap: code ``i`` stands for ``texts[i]`` (UTF-16BE, so characters
    beyond the BMP and several characters per code are written correctly)."""
    entries = [f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in enumerate(texts)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo\n<< /Registry ({name})\n/Ordering ({name})\n/Supplement 0\n>> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(texts) - 1:02X}>", "endcodespacerange",
        f"{len(texts)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


# document -> font name -> character code -> the text its glyph stands for in that document
_SPELLINGS: "weakref.WeakKeyDictionary[object, dict[str, dict[int, str]]]" = weakref.WeakKeyDictionary()


def spelled_char(doc: object, face: Face, gid: int, text: str, char: str | None = None) -> str:
    """A character ReportLab writes as glyph ``gid`` of ``face`` and whose code stands for
    ``text`` in ``doc``'s ToUnicode.

    Right-to-left lines are made copyable glyph by glyph: a contextual form stands for its
    letter, a ligature for its letters; extractors put the glyphs, drawn in visual order, back
    into logical order themselves. A glyph's own character (:func:`char_for_glyph`) takes the
    first text it is given in a document; a glyph drawn for another text there is written as
    another character, private to that glyph and text, for the same glyph (a subset may hold a
    glyph under several codes). Only the texts and glyph ids reach the file, in drawing order,
    so the bytes do not depend on what other documents drew before. ``char``: the glyph's own
    character, where the caller has it already.
    """
    char = char or char_for_glyph(face, gid)
    spellings = spellings_in(doc, face)
    if spellings.setdefault(ord(char), text) == text:
        return char
    alternates = _ALTERNATES.setdefault(face, {})
    if (gid, text) not in alternates:
        code = _PRIVATE_PLANE_16 + len(alternates)
        if code > 0x10FFFD:
            raise CardgenError(f"font {face.file}: more than {0x10FFFD - _PRIVATE_PLANE_16} glyph spellings in one process")
        _register(load(face).face, code, gid)
        alternates[(gid, text)] = code
    code = alternates[(gid, text)]
    spellings[code] = text
    return chr(code)


def spellings_in(doc: object, face: Face) -> dict[int, str]:
    """What each character code of ``face`` stands for in ``doc``'s ToUnicode, so far: a code
    is given its text by its first use (see :func:`spelled_char`)."""
    return _SPELLINGS.setdefault(doc, {}).setdefault(face.name, {})


_ALTERNATES: dict[Face, dict[tuple[int, str], int]] = {}  # (glyph, text) -> its private code


def covers(face: Face, char: str) -> bool:
    return ord(char) in cmap(face)


def cmap(face: Face) -> frozenset[int]:
    """The code points the font's own cmap maps (HarfBuzz reads them from the file in C; the
    ReportLab font, parsed in Python, is loaded only for faces that are drawn)."""
    if face not in _CMAPS:
        _CMAPS[face] = frozenset(code for code in hb_face(face).unicodes if code != 0xFFFF)
    return _CMAPS[face]


@lru_cache(maxsize=None)
def hb_face(face: Face) -> "uharfbuzz.Face":
    """The HarfBuzz face of ``face``'s file, read once per process (shaping shares it)."""
    import uharfbuzz as hb

    path = fonts_dir() / face.file
    try:
        return hb.Face(hb.Blob.from_file_path(str(path)))
    except OSError as exc:  # pragma: no cover - a missing bundled file
        raise CardgenError(f"cannot load font {path}: {exc}. Reinstall cardgen or restore the file.") from None


_CMAPS: dict[Face, frozenset[int]] = {}  # the characters each font's own cmap maps


_PRIVATE_BMP, _PRIVATE_PLANE_15, _PRIVATE_PLANE_16 = 0xE000, 0xF0000, 0x100000


# Invisible characters whose glyphs may be empty: the zero width space, the combining grapheme
# joiner, the word joiner (fonts draw the joiners and direction marks as visible symbols)
_INKLESS = ("\u200b", "\u034f", "\u2060")


@lru_cache(maxsize=None)
def inkless_glyph(face: Face) -> "int | None":
    """A glyph of ``face`` that draws nothing and has no advance, or None."""
    from cardgen.typeset.outlines import outline

    font = load(face).face
    for char in _INKLESS:
        gid = font.charToGlyph.get(ord(char))
        if gid and not font.charWidths.get(ord(char), 0) and not outline(face, gid):
            return gid
    return None


def char_for_glyph(face: Face, gid: int) -> str:
    """The character ReportLab writes for glyph ``gid`` of ``face``.

    A glyph reachable through the font's cmap is written as its character. Shaping also yields
    glyphs no character maps to (ligatures, conjuncts, contextual forms); each gets a private-use
    code derived from its glyph id alone, so the mapping, and so the PDF bytes, never depend on
    what was drawn before. Copying text still gives the real text: left-to-right lines carry
    ActualText, right-to-left glyphs are spelled as their text (:func:`spelled_char`).
    """
    font = load(face).face
    chars = font.glyphToChar.get(gid)  # the first character (BulkFace), or ReportLab's list of them
    if chars is not None:
        return chr(chars if isinstance(chars, int) else chars[0])
    code = _PRIVATE_BMP + gid if gid < 0x1800 and _PRIVATE_BMP + gid not in font.charToGlyph else _PRIVATE_PLANE_15 + gid
    _register(font, code, gid)
    font.glyphToChar[gid] = code
    return chr(code)


def _register(font: object, code: int, gid: int) -> None:
    """Make ReportLab draw glyph ``gid`` for character ``code``."""
    font.charToGlyph[code] = gid  # type: ignore[attr-defined]
    font.charWidths[code] = font._pdfScale(font.hmetrics[gid][0]) if hasattr(font, "hmetrics") else 0  # type: ignore[attr-defined]


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

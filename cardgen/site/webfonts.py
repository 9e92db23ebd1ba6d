"""Web fonts for the site: WOFF2 subsets of the bundled Noto fonts, cut to the characters used.

Each face of a page's own script stack is served as one subset holding every character the
whole site draws with that face in text of that script (so all pages of a language, and all
languages sharing a face, share one file). Faces a page needs only for other languages' names
(the language links) are served as a second, much smaller subset of just those names, so that
no page downloads whole alphabets it does not show. Which face draws a character follows the
same rule as the PDFs: the first face of the language's stack whose cmap has it.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from cardgen.resources import fonts_dir
from cardgen.typeset.fonts import NOTO_SANS, NOTO_SANS_BOLD, Face, FontStack, face_for_char

TEXT, NAMES, EXTENDED, INDEX = "text", "names", "extended", "index"
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
_LANG = re.compile(r'\slang="([^"]*)"')
_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}
_HIDDEN = {"title", "style", "script", "head"}
_BOLD = {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"}
_INVISIBLE = {"\n", "\r", "\t"}
# Families served in their regular weight only, which then also sets bold text: the Nastaliq
# bold would double the weight of an Urdu page (its contextual forms make every subset large).
REGULAR_ONLY = ("NotoNastaliqUrdu",)


def web_face(face: Face) -> Face:
    """The face a page uses for ``face``: itself, or its regular weight for REGULAR_ONLY families."""
    stem = face.file.removesuffix(".ttf")
    family, _, style = stem.rpartition("-")
    if family in REGULAR_ONLY and style != "Regular":
        return Face(face.name.replace(style, "Regular"), f"{family}-Regular.ttf")
    return face


@dataclass(frozen=True)
class Subset:
    """One WOFF2 file: a face cut to ``chars``."""

    face: Face
    kind: str  # TEXT or NAMES
    chars: frozenset[int]
    path: str  # relative to the site root, e.g. fonts/NotoSansArabic-Regular-1a2b3c4d.woff2
    data: bytes

    @property
    def family(self) -> str:
        """The CSS family name: one per font family, its weights declared as separate faces."""
        stem = self.face.file.removesuffix(".ttf")
        return "cg " + stem.rsplit("-", 1)[0]

    @property
    def weight(self) -> str:
        if self.face.file.removesuffix(".ttf").rsplit("-", 1)[0] in REGULAR_ONLY:
            return "100 900"  # this face sets every weight: the browser does not fake a bold
        return "700" if self.face.file.endswith("-Bold.ttf") else "400"

    @property
    def unicode_range(self) -> str:
        return unicode_range(self.chars)


def family_name(face: Face) -> str:
    return "cg " + face.file.removesuffix(".ttf").rsplit("-", 1)[0]


def unicode_range(codes: Iterable[int]) -> str:
    """CSS unicode-range of a set of code points, as ranges: 'U+20,U+41-5A,U+5D'."""
    ordered = sorted(set(codes))
    parts, start, prev = [], None, None
    for code in ordered + [None]:  # type: ignore[list-item]
        if start is not None and code is not None and code == prev + 1:
            prev = code
            continue
        if start is not None:
            parts.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
        start = prev = code
    return ",".join(parts)


def _basic_latin(char: str) -> bool:
    """Characters every page has (ASCII, Latin-1, general punctuation): the core Latin subset."""
    code = ord(char)
    return code < 0x100 or 0x2000 <= code <= 0x206F


def _kind(face: Face, char: str, own: frozenset[Face], names: str = NAMES) -> str:
    """Which subset of ``face`` draws ``char`` on a page whose own faces are ``own``.

    Noto Sans is split in two: the core Latin every page uses, and the rest (Vietnamese and
    Polish letters, Cyrillic), which only pages that show such letters reference."""
    if face not in own:
        return names
    if face in (NOTO_SANS, NOTO_SANS_BOLD) and not _basic_latin(char):
        return EXTENDED
    return TEXT


class CharUse:
    """Which characters each page draws with which face, read from the rendered HTML."""

    def __init__(self, stacks: Mapping[str, FontStack]) -> None:
        self.stacks = stacks  # lang -> font stack
        self.chars: dict[tuple[Face, str], set[int]] = {}
        self.pages: dict[str, set[tuple[Face, str]]] = {}  # page path -> (face, kind) it uses
        self._faces: dict[tuple[str, bool, str], Face | None] = {}  # (lang, bold, char) -> face
        self._texts: dict[tuple, dict[tuple[Face, str], set[int]]] = {}  # a text node's characters by subset

    def own_faces(self, lang: str) -> frozenset[Face]:
        """The faces whose whole-site subsets a page of ``lang`` uses: its script's own font
        and Noto Sans. Characters from a stack's later fonts (Naskh inside Urdu's Nastaliq
        stack) and from other languages' names come from the small names subsets."""
        stack = self.stacks[lang]
        return frozenset(web_face(face) for face in (stack.regular[0], stack.bold[0], NOTO_SANS, NOTO_SANS_BOLD))

    def _sort(self, text: str, text_lang: str, bold: bool, own: frozenset[Face], names: str) -> dict[tuple[Face, str], set[int]]:
        """The characters of one text node by the subset that draws them (the same text recurs
        on every region's page of a language, so each is sorted once)."""
        memo = (text, text_lang, bold, own, names)
        if (found := self._texts.get(memo)) is not None:
            return found
        by_key: dict[tuple[Face, str], set[int]] = {}
        for char in set(html.unescape(text)):
            if char in _INVISIBLE:
                continue
            face_memo = (text_lang, bold, char)
            if face_memo not in self._faces:
                face = face_for_char(self.stacks[text_lang], bold, char)
                self._faces[face_memo] = web_face(face) if face else None
            if (face := self._faces[face_memo]) is not None:
                by_key.setdefault((face, _kind(face, char, own, names)), set()).add(ord(char))
        self._texts[memo] = by_key
        return by_key

    def scan(self, path: str, page: str, lang: str, names: str = NAMES) -> None:
        """Record the characters of ``page`` by face. Other scripts' text goes to the ``names``
        kind of subset: NAMES on guide pages (language names only), INDEX on the start page
        (which also shows every language's state names: Indic conjuncts make those larger)."""
        own = self.own_faces(lang)
        used = self.pages.setdefault(path, set())
        stack: list[tuple[str, str, bool]] = []  # (tag, lang, bold)
        current_lang, bold, hidden = lang, False, 0
        for match in _TOKEN.finditer(page):
            closing, tag, attrs, text = match.groups()
            if text is not None:
                if hidden:
                    continue
                text_lang = current_lang if current_lang in self.stacks else lang
                for key, codes in self._sort(text, text_lang, bold, own, names).items():
                    self.chars.setdefault(key, set()).update(codes)
                    used.add(key)
                continue
            tag = tag.lower()
            if tag in _VOID or tag == "!doctype":
                continue
            if closing:
                while stack:
                    top, top_lang, top_bold = stack.pop()
                    if top in _HIDDEN:
                        hidden -= 1
                    if top == tag:
                        break
                current_lang = stack[-1][1] if stack else lang
                bold = stack[-1][2] if stack else False
                continue
            if found := _LANG.search(attrs):
                current_lang = found.group(1)
            bold = bold or tag in _BOLD
            if tag in _HIDDEN:
                hidden += 1
            stack.append((tag, current_lang, bold))


# Part of the cache key: change it with any change to how subsets are cut or packed.
_OPTIONS_SIGNATURE = "hb-subset;default-features;no-hints;notdef;names0-6-en;woff2-fonttools;no-timestamp"


def subset_font(face: Face, chars: Iterable[int]) -> bytes:
    """The face cut to ``chars``, with every glyph and OpenType rule their shaping needs, as WOFF2.

    HarfBuzz's subsetter (the library that shapes every PDF here) makes the cut: it keeps its
    default layout features (Arabic joining, Indic and Khmer reordering, marks, kerning) and the
    glyphs they reach, in about a hundredth of the time fontTools' subsetter takes on the large
    layout tables of the Nastaliq and CJK fonts. fontTools packs the cut as WOFF2 (glyf
    transform, Brotli). Hints are dropped (phone screens do not use TrueType hints; a third
    smaller); names 0-6 in English are kept, the licence text ships beside the fonts
    (fonts/OFL.txt). Deterministic: both keep the source's timestamps.
    """
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    wanted = hb.SubsetInput()
    for code in sorted(with_decompositions(chars)):
        wanted.unicode_set.add(code)
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(hb.Face(hb.Blob((fonts_dir() / face.file).read_bytes())), wanted)
    if cut is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.file}")
    font = TTFont(io.BytesIO(cut.blob.data), recalcTimestamp=False)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=False)
    font.close()
    return buffer.getvalue()


def with_decompositions(chars: Iterable[int]) -> set[int]:
    """``chars`` and the characters of their canonical decompositions: shapers split a
    character such as Bengali AU (U+09CC) into its parts when the font maps them, so a subset
    without the parts would shape it differently from the whole font."""
    import unicodedata

    found, todo = set(), list(chars)
    while todo:
        code = todo.pop()
        if code in found:
            continue
        found.add(code)
        parts = unicodedata.decomposition(chr(code))
        if parts and not parts.startswith("<"):
            todo.extend(int(part, 16) for part in parts.split())
    return found


def _subset_face(face: Face, items: tuple[tuple[str, frozenset[int]], ...]) -> tuple[bytes, ...]:
    """Every subset of one face."""
    return tuple(subset_font(face, chars) for _, chars in items)


def _layout_bytes(face: Face) -> int:
    from fontTools.ttLib import TTFont

    with TTFont(str(fonts_dir() / face.file), lazy=True) as font:
        return sum(font.reader.tables[tag].length for tag in ("GSUB", "GPOS", "glyf") if tag in font.reader.tables)


def make_subsets(use: CharUse, jobs: int = 1, cache_dir: Path | None = None) -> dict[tuple[Face, str], Subset]:
    """The subsets any page uses, each made once; faces in parallel when ``jobs`` > 1; reused
    from ``cache_dir`` when a previous build made the same ones."""
    by_face: dict[Face, list[tuple[str, frozenset[int]]]] = {}
    for (face, kind), chars in sorted(use.chars.items(), key=lambda item: (item[0][0].file, item[0][1] != TEXT, item[0][1])):
        by_face.setdefault(face, []).append((kind, frozenset(chars)))
    everything = [(face, tuple(items)) for face, items in by_face.items()]
    cache = SubsetCache(cache_dir) if cache_dir else None
    done = {i: cache.get(*item) for i, item in enumerate(everything)} if cache else {}
    todo = [i for i, item in enumerate(everything) if done.get(i) is None]
    work = [everything[i] for i in todo]
    if jobs > 1 and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # Costliest first (the layout tables' size is what subsetting time follows), so that
        # the workers finish together.
        order = sorted(range(len(work)), key=lambda i: (-_layout_bytes(work[i][0]), i))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {i: pool.submit(_subset_face, *work[i]) for i in order}
            results = [futures[i].result() for i in range(len(work))]
    else:
        results = [_subset_face(*item) for item in work]
    for i, item, datas in zip(todo, work, results):
        done[i] = datas
        if cache:
            cache.put(*item, datas)
    subsets = {}
    for (face, items), datas in zip(everything, (done[i] for i in range(len(everything)))):
        for (kind, chars), data in zip(items, datas):
            digest = hashlib.sha256(data).hexdigest()[:8]
            path = f"fonts/{face.file.removesuffix('.ttf')}-{digest}.woff2"
            subsets[(face, kind)] = Subset(face, kind, chars, path, data)
    return subsets


class SubsetCache:
    """Subsets made before, by a key of everything that decides their bytes: the fontTools
    and HarfBuzz versions, the subsetting options, the font file's content and the characters of every
    subset of the face. Subsetting is deterministic, so a hit gives the very bytes a fresh run
    would. Unusable folders are ignored: the cache only saves time."""

    VERSION = "2"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._font_hashes: dict[str, str] = {}

    def _key(self, face: Face, items: tuple[tuple[str, frozenset[int]], ...]) -> str:
        import fontTools
        import uharfbuzz

        if face.file not in self._font_hashes:
            self._font_hashes[face.file] = hashlib.sha256((fonts_dir() / face.file).read_bytes()).hexdigest()
        parts = [self.VERSION, fontTools.version, uharfbuzz.__version__, _OPTIONS_SIGNATURE, self._font_hashes[face.file]]
        parts += [f"{kind}:{unicode_range(chars)}" for kind, chars in items]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def get(self, face: Face, items) -> tuple[bytes, ...] | None:
        key = self._key(face, items)
        try:
            return tuple((self.folder / f"{key}-{i}.woff2").read_bytes() for i in range(len(items)))
        except OSError:
            return None

    def put(self, face: Face, items, datas: tuple[bytes, ...]) -> None:
        from cardgen.errors import OutputError
        from cardgen.output import write_files

        key = self._key(face, items)
        try:
            write_files({self.folder / f"{key}-{i}.woff2": data for i, data in enumerate(datas)})
        except OutputError:
            pass

"""ReportLab's TrueType face, with its per-glyph tables read in bulk.

ReportLab parses a font file in Python a value at a time: for a CJK face, 65,535 glyph
metrics and locations, each with its own ``struct.unpack`` call, about 13 ms a face and most of
a one-card process's font time. :class:`BulkFace` reads the same header fields as ReportLab
(it runs ReportLab's own parse for them), then the character map (formats 4 and 12, the ones
the bundled fonts use), the horizontal metrics and the glyph locations with one unpack per
table, and leaves exactly the attributes ReportLab's parse leaves (tests compare every
bundled font). Other cmap formats fall back to ReportLab's parse.

It is also smaller: the file is mapped rather than read into memory (subsetting reads only the
glyphs it cuts), and the per-glyph metrics and locations are kept in arrays, not lists of
Python numbers and tuples (a CJK face: about 10 MB less per process). A face with thousands of
characters (CJK) keeps its character-to-glyph, width and glyph-to-character maps in arrays too
(:class:`CodeMap`, :class:`GlyphChars`: read as the dicts they stand for, a binary search a
read), about 3.5 MB less a face.
"""

from __future__ import annotations

import mmap
import os
from array import array
from bisect import bisect_left
from collections.abc import MutableMapping
from struct import unpack_from
from typing import Sequence

from reportlab.pdfbase.ttfonts import TTFError, TTFontFace, TTFOpenFile


class _Metrics(Sequence):
    """The (advance, left side bearing) of every glyph, as ReportLab's ``hmetrics`` list."""

    def __init__(self, advances: "array[int]", bearings: "array[int]") -> None:
        self.advances, self.bearings = advances, bearings

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return list(zip(self.advances[index], self.bearings[index]))
        return self.advances[index], self.bearings[index]


COMPACT_FROM = 4096  # characters in a face's map from which it is kept in arrays


class CodeMap(MutableMapping):
    """A dict of ints kept as two arrays sorted by key (a face's characters, in the order its
    cmap lists them, which is ascending), with later additions and changes in a small dict of
    their own. Reads, iteration order and equality are those of the dict it stands for."""

    __slots__ = ("_keys", "_values", "_changed", "_added")

    def __init__(self, keys: "array[int]", values: "array") -> None:
        self._keys, self._values = keys, values
        self._changed: dict[int, object] = {}  # new values of keys in the arrays
        self._added: dict[int, object] = {}  # keys not in the arrays, in the order added

    def _index(self, key: object) -> int:
        keys = self._keys
        if type(key) is not int:  # noqa: E721 - a bool or float key is not one of these ints
            return -1
        at = bisect_left(keys, key)
        return at if at < len(keys) and keys[at] == key else -1

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        at = self._index(key)
        if at >= 0:
            return self._changed[key] if key in self._changed else self._values[at]
        return self._added[key]

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        # the hot read (widths, glyphs of every run): the index worked out inline
        keys = self._keys
        if type(key) is int:  # noqa: E721
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                changed = self._changed
                return changed[key] if changed and key in changed else self._values[at]
        return self._added.get(key, default)

    def __contains__(self, key: object) -> bool:
        keys = self._keys
        if type(key) is int:  # noqa: E721
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                return True
        return key in self._added

    def __setitem__(self, key, value) -> None:  # type: ignore[no-untyped-def]
        if self._index(key) >= 0:
            self._changed[key] = value
        else:
            self._added[key] = value

    def __delitem__(self, key) -> None:  # type: ignore[no-untyped-def]
        raise TypeError("a font's character map keeps its characters")

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self._keys
        yield from self._added

    def __len__(self) -> int:
        return len(self._keys) + len(self._added)


class GlyphChars(MutableMapping):
    """The first character of each glyph (BulkFace.glyphToChar) kept in an array by glyph, with
    the glyphs in the order their first characters come in the cmap, as the dict it stands for
    iterates."""

    __slots__ = ("_first", "_order", "_added")

    def __init__(self, pairs: "list[tuple[int, int]]", glyphs: int) -> None:
        first = array("I", bytes(4 * max(glyphs, 1 + max((glyph for _, glyph in pairs), default=0))))
        order = array("I")
        for char, glyph in pairs:  # no character 0 here (BulkFace keeps such a map as a dict)
            if not first[glyph]:
                first[glyph] = char
                order.append(glyph)
        self._first, self._order = first, order
        self._added: dict[int, object] = {}

    def __getitem__(self, glyph):  # type: ignore[no-untyped-def]
        if glyph in self._added:
            return self._added[glyph]
        if type(glyph) is int and 0 <= glyph < len(self._first) and self._first[glyph]:  # noqa: E721
            return self._first[glyph]
        raise KeyError(glyph)

    def get(self, glyph, default=None):  # type: ignore[no-untyped-def, override]
        try:
            return self[glyph]
        except KeyError:
            return default

    def __contains__(self, glyph: object) -> bool:
        return glyph in self._added or (type(glyph) is int and 0 <= glyph < len(self._first) and bool(self._first[glyph]))  # noqa: E721

    def __setitem__(self, glyph, char) -> None:  # type: ignore[no-untyped-def]
        self._added[glyph] = char  # fonts._register: a glyph no character maps to

    def __delitem__(self, glyph) -> None:  # type: ignore[no-untyped-def]
        raise TypeError("a font's character map keeps its glyphs")

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self._order
        yield from (glyph for glyph in self._added if not (0 <= glyph < len(self._first) and self._first[glyph]))

    def __len__(self) -> int:
        return len(self._order) + sum(1 for glyph in self._added if not (0 <= glyph < len(self._first) and self._first[glyph]))


class _TableView:
    """A table of a font file, read a slice at a time from the file itself (the only access
    ReportLab's subsetting makes to the glyph table). Read with ``os.pread`` rather than from
    the mapping: a page fault in a mapped file maps its neighbours too (the kernel's fault-around,
    64 KB), so a hundred glyphs scattered over a CJK face's glyph table would bring all of it into
    the process's memory."""

    __slots__ = ("path", "start", "length")

    def __init__(self, path: str, start: int, length: int) -> None:
        self.path, self.start, self.length = path, start, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: slice) -> bytes:
        first, last, step = index.indices(self.length)
        if step != 1:  # pragma: no cover - ReportLab slices glyphs only
            raise TypeError("a font table view slices with step 1 only")
        return os.pread(_descriptor(self.path), max(0, last - first), self.start + first)


_DESCRIPTORS: dict[str, int] = {}


def _descriptor(path: str) -> int:
    """A read-only descriptor of ``path``, opened once per process (pread keeps no position,
    so processes forked from this one may share it)."""
    if path not in _DESCRIPTORS:
        _DESCRIPTORS[path] = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    return _DESCRIPTORS[path]


class BulkFace(TTFontFace):
    def readFile(self, f) -> None:  # type: ignore[no-untyped-def] # noqa: N802 - ReportLab's name
        if isinstance(f, str) and not hasattr(self, "_ttf_data"):
            self.filename, handle = TTFOpenFile(f)
            with handle:
                self._ttf_data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            self._pos = 0
            return
        super().readFile(f)

    def get_table(self, tag: str):  # type: ignore[no-untyped-def]
        """A table's bytes, as ReportLab's; the glyph table (a CJK face's 2 MB and more) as a
        view whose slices are read from the file on demand: cutting a subset reads the glyphs it
        keeps, not a copy of every glyph (ReportLab copies the whole table per subset)."""
        if tag == "glyf" and isinstance(self._ttf_data, mmap.mmap) and isinstance(self.filename, str):
            pos, length = self.get_table_pos(tag)
            return _TableView(self.filename, pos, length)
        return super().get_table(tag)

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802 - ReportLab's name
        super().extractInfo(charInfo=0)  # names, head, OS/2, post, hhea, maxp; no per-glyph tables
        if not charInfo:
            return
        data = self._ttf_data
        head = self.get_table_pos("head")[0]
        index_to_loc_format, glyph_data_format = unpack_from(">hh", data, head + 50)
        if glyph_data_format != 0:
            raise TTFError(f"Unknown glyph data format ({glyph_data_format})")
        hmetrics_count = unpack_from(">H", data, self.get_table_pos("hhea")[0] + 34)[0]
        if hmetrics_count == 0:
            raise TTFError("Number of horizontal metrics is 0")
        pairs = self._cmap_pairs()
        if pairs is None:  # a cmap format read only by ReportLab's own parse
            TTFontFace.extractInfo(self, charInfo)
            return
        compact = len(pairs) >= COMPACT_FROM and pairs[0][0] > 0 and all(a[0] < b[0] for a, b in zip(pairs, pairs[1:]))
        if compact:
            # a CJK face's maps: arrays rather than dicts of Python ints (about 3 MB less a face)
            codes = array("I", (char for char, _ in pairs))
            self.charToGlyph = char_to_glyph = CodeMap(codes, array("I", (glyph for _, glyph in pairs)))
            self.glyphToChar = glyph_to_char = GlyphChars(pairs, self.numGlyphs)
        else:
            self.charToGlyph = char_to_glyph = {}
            self.glyphToChar = glyph_to_char = {}
            for char, glyph in pairs:
                char_to_glyph[char] = glyph
                # the first character of each glyph only, the one it is written as
                # (fonts.char_for_glyph): an int, not a list per glyph as ReportLab keeps
                glyph_to_char.setdefault(glyph, char)

        glyphs = self.numGlyphs
        scale = self._pdfScale
        values = unpack_from(f">{2 * hmetrics_count}H", data, self.get_table_pos("hmtx")[0])
        advances = values[0::2]
        bearings = array("H", values[1::2])
        bearings.extend(unpack_from(f">{glyphs - hmetrics_count}H", data, self.get_table_pos("hmtx")[0] + 4 * hmetrics_count))
        advances = array("H", advances)
        advances.extend([advances[-1]] * (glyphs - hmetrics_count))
        self.hmetrics = _Metrics(advances, bearings)
        self.defaultWidth = scale(advances[0])
        widths = [scale(width) for width in advances]
        kinds = {type(width) for width in widths}
        if compact and len(kinds) == 1 and all(glyph < glyphs for _, glyph in pairs):
            self.charWidths = char_widths = CodeMap(codes, array("i" if kinds == {int} else "d", (widths[glyph] for _, glyph in pairs)))
        else:
            self.charWidths = char_widths = {}
            for char, glyph in char_to_glyph.items():
                if glyph < glyphs:
                    char_widths[char] = widths[glyph]

        if "loca" not in self.table:
            raise TTFError("missing location table")
        loca = self.get_table_pos("loca")[0]
        if index_to_loc_format == 0:
            self.glyphPos = array("I", [offset << 1 for offset in unpack_from(f">{glyphs + 1}H", data, loca)])
        elif index_to_loc_format == 1:
            self.glyphPos = array("I", unpack_from(f">{glyphs + 1}L", data, loca))
        else:
            raise TTFError(f"Unknown location table format ({index_to_loc_format})")
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            char_widths[0xA0] = char_widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            char_widths[0x20] = char_widths[0xA0]

    def _cmap_pairs(self) -> "list[tuple[int, int]] | None":
        """(character, glyph) in the order ReportLab's parse assigns them, from the subtable it
        chooses; None for a format other than 4 and 12."""
        data = self._ttf_data
        cmap = self.get_table_pos("cmap")[0]
        version, count = unpack_from(">HH", data, cmap)
        if count == 0 and version != 0:
            count = version
        chosen, kind = None, 0
        for n in range(count):  # ReportLab's choice: the last of its preferred encodings
            platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * n)
            if platform == 3:
                kind, chosen = 1, offset
            elif platform == 1 and encoding == 0 and kind != 1:
                kind, chosen = 2, offset
            elif platform == 1 and encoding == 1:
                kind, chosen = 1, offset
            elif platform == 0 and encoding != 5:
                kind, chosen = 1, offset
        if chosen is None:
            raise TTFError("could not find a suitable cmap encoding")
        table = cmap + chosen
        fmt = unpack_from(">H", data, table)[0]
        pairs: list[tuple[int, int]] = []
        if fmt == 4:
            length = unpack_from(">H", data, table + 2)[0]
            limit = table + length
            segments = unpack_from(">H", data, table + 6)[0] // 2
            ends = unpack_from(f">{segments}H", data, table + 14)
            starts = unpack_from(f">{segments}H", data, table + 16 + 2 * segments)
            deltas = unpack_from(f">{segments}h", data, table + 16 + 4 * segments)
            range_start = table + 16 + 6 * segments
            range_offsets = unpack_from(f">{segments}H", data, range_start)
            for n in range(segments):
                first, last, delta = starts[n], ends[n], deltas[n]
                chars = range(first, last + 1)
                if range_offsets[n] == 0:
                    pairs.extend((char, (char + delta) & 0xFFFF) for char in chars)
                    continue
                base = range_start + 2 * n + range_offsets[n]
                readable = max(0, min(len(chars), (limit - base + 1) // 2))  # ReportLab: 0 past the table
                raw = unpack_from(f">{readable}H", data, base) if readable else ()
                pairs.extend((char, (glyph + delta) & 0xFFFF if glyph else 0) for char, glyph in zip(chars, raw))
                pairs.extend((char, 0) for char in chars[readable:])
            return pairs
        if fmt == 12:
            groups = unpack_from(">L", data, table + 12)[0]
            values = unpack_from(f">{3 * groups}L", data, table + 16)
            for n in range(groups):
                first, last, glyph = values[3 * n : 3 * n + 3]
                pairs.extend(zip(range(first, last + 1), range(glyph, glyph + last - first + 1)))
            return pairs
        return None

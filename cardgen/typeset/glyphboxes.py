"""Glyph bounding boxes read from a TrueType file's glyph headers, a few bytes at a time.

Shaping asks for the vertical extent of every glyph it places (a line's ink, a title sized by
its ink). HarfBuzz answers from the same glyph headers, but through its mapping of the whole
file: each glyph read faults in the kernel's 64 KB around it, so the few hundred glyphs of a
CJK card bring most of a 2-5 MB glyph table into the process, twice per script (regular and
bold): about 14 MB of a worker that builds the four CJK locales. Reading each header with
``os.pread`` costs a system call and leaves the file in the page cache, not in the process.

The box is the header's (xMin, yMin, xMax, yMax), which is what HarfBuzz reports for a glyph of
a font without variations (tests compare the two for every glyph the catalogue draws).
"""

from __future__ import annotations

import os
from array import array
from struct import unpack, unpack_from


class GlyphBoxes:
    """The glyph headers of one TrueType file."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        header = os.pread(self._fd, 12, 0)
        tables = unpack_from(">H", header, 4)[0]
        directory = os.pread(self._fd, 16 * tables, 12)
        where: dict[bytes, tuple[int, int]] = {}
        for index in range(tables):
            tag, _, offset, length = unpack_from(">4sLLL", directory, 16 * index)
            where[tag] = (offset, length)
        self.has_glyphs = b"glyf" in where and b"loca" in where and b"head" in where
        self._glyf = 0
        self._loca: "array[int]" = array("I")  # 4 bytes an offset ("L" is 8 on 64-bit Linux)
        if not self.has_glyphs:
            return
        head_at, _ = where[b"head"]
        long_offsets = unpack(">h", os.pread(self._fd, 2, head_at + 50))[0] == 1
        loca_at, loca_length = where[b"loca"]
        data = os.pread(self._fd, loca_length, loca_at)
        if long_offsets:
            self._loca = array("I", unpack_from(f">{loca_length // 4}L", data))
        else:
            self._loca = array("I", (offset * 2 for offset in unpack_from(f">{loca_length // 2}H", data)))
        self._glyf = where[b"glyf"][0]

    def vertical(self, gid: int) -> "tuple[int, int] | None":
        """The glyph's (y bearing, height) in font units as HarfBuzz gives them (the top of its
        box and the box's height, negative), or None for a glyph with no outline."""
        if gid + 1 >= len(self._loca):
            return None
        start, end = self._loca[gid], self._loca[gid + 1]
        if end <= start:
            return None
        _, _, y_min, _, y_max = unpack(">hhhhh", os.pread(self._fd, 10, self._glyf + start))
        return (y_max, y_min - y_max) if y_max != y_min else None

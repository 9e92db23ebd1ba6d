"""Shaping with HarfBuzz: text in one face, script and direction -> positioned glyphs.

Results are in em units (independent of the font size) and cached, so a string is shaped once
per process however many sizes and cards it is tried at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cardgen.typeset.fonts import Face, hb_face
from cardgen.typeset.glyphboxes import GlyphBoxes

if TYPE_CHECKING:
    import uharfbuzz

# kern and liga on; discretionary ligatures off. Armenian fonts put the ligature of մի (and
# others readers do not expect in modern print) under liga or dlig: both are off for Armenian.
FEATURES = {"kern": True, "liga": True, "clig": True, "dlig": False}
SCRIPT_FEATURES = {"Armn": {**FEATURES, "liga": False}}


@dataclass(frozen=True, slots=True)  # slots: a process's shaping cache holds ~10^5 of these
class Glyph:
    """One shaped glyph: its id, cluster, advance and offsets, in em."""

    gid: int
    cluster: int  # index of the first character of its cluster in the shaped text
    advance: float  # em
    dx: float  # em, offset from the pen position
    dy: float  # em


@dataclass(frozen=True, slots=True)
class Shaped:
    """A shaped run of text: its glyphs in visual order and its extent."""

    glyphs: tuple[Glyph, ...]  # in visual (left-to-right) order
    advance: float  # em, the sum of the advances
    top: float  # em, highest ink above the baseline (0 for blank text)
    bottom: float  # em, lowest ink relative to the baseline (negative below it)


@lru_cache(maxsize=None)
def _hb_font(face: Face) -> tuple["uharfbuzz.Font", int]:
    import uharfbuzz as hb

    face_ = hb_face(face)
    return hb.Font(face_), face_.upem


# One object per distinct glyph placement: the shaping cache holds the same letter at the same
# cluster index in many words (measured over the default catalogue: 8 in 9 glyphs repeat one
# already held), so equal glyphs share one object, found by HarfBuzz's integers and the em
# packed into one integer (hashed in C, unlike a Glyph; a tuple key would hold more memory
# than the glyph it finds).
_GLYPHS: "dict[int | tuple[int, ...], Glyph]" = {}
_FIELD = 1 << 23  # advances and offsets in font units, each packed in 24 bits; clusters in 21


# Each face's glyph extents, (y bearing, height) in font units or None, read once a glyph
# (_vertical_extent), and the glyph headers they are read from
_EXTENTS: dict[Face, dict[int, "tuple[int, int] | None"]] = {}
_BOXES: "dict[Face, GlyphBoxes]" = {}


def _vertical_extent(face: Face, font: "uharfbuzz.Font", gid: int) -> "tuple[int, int] | None":
    """A glyph's (y bearing, height) in font units, or None for no ink: from the file's glyph
    header (cardgen.typeset.glyphboxes, which keeps the glyph table out of the process), or
    from HarfBuzz for a font without one."""
    boxes = _BOXES.get(face)
    if boxes is None:
        from cardgen.resources import fonts_dir

        boxes = _BOXES[face] = GlyphBoxes(str(fonts_dir() / face.file))
    if boxes.has_glyphs:
        return boxes.vertical(gid)
    found = font.get_glyph_extents(gid)
    return (found.y_bearing, found.height) if found is not None and found.height else None


@lru_cache(maxsize=65536)
def shape(face: Face, text: str, rtl: bool, script: str, language: str) -> Shaped:
    """Shape ``text`` in ``face``; ``script`` is an ISO 15924 code, ``language`` a BCP 47 tag."""
    import uharfbuzz as hb

    font, upem = _hb_font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    if script not in ("Zyyy", "Zinh", "Zzzz"):
        buffer.script = script
    buffer.language = language
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buffer, SCRIPT_FEATURES.get(script, FEATURES))
    glyphs = []
    advance = top = bottom = 0.0
    known = _GLYPHS
    packable = upem < 65536
    extents_of = _EXTENTS.get(face)
    if extents_of is None:
        extents_of = _EXTENTS[face] = {}
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions):
        gid, x_advance, x_offset, y_offset = info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset
        cluster = info.cluster
        if packable and cluster < 2097152 and -_FIELD <= x_advance < _FIELD and -_FIELD <= x_offset < _FIELD and -_FIELD <= y_offset < _FIELD:
            # one integer standing for the six, distinct for distinct values
            key: "int | tuple[int, ...]" = ((((gid << 21 | cluster) << 24 | x_advance & 0xFFFFFF) << 24 | x_offset & 0xFFFFFF) << 24 | y_offset & 0xFFFFFF) << 16 | upem
        else:  # a value that does not fit its field
            key = (gid, cluster, x_advance, x_offset, y_offset, upem)
        glyph = known.get(key)
        if glyph is None:
            # offsets are mostly zero: one shared 0.0 rather than a float object per glyph
            glyph = known[key] = Glyph(gid, cluster, x_advance / upem, x_offset / upem if x_offset else 0.0, y_offset / upem if y_offset else 0.0)
        glyphs.append(glyph)
        advance += glyph.advance
        if gid in extents_of:
            extents = extents_of[gid]
        else:
            extents = extents_of[gid] = _vertical_extent(face, font, gid)
        if extents is not None:
            top = max(top, (extents[0] + y_offset) / upem)
            bottom = min(bottom, (extents[0] + extents[1] + y_offset) / upem)
    return Shaped(tuple(glyphs), advance, top, bottom)

"""Shaping with HarfBuzz: text in one face, script and direction -> positioned glyphs.

Results are in em units (independent of the font size) and cached, so a string is shaped once
per process however many sizes and cards it is tried at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cardgen.typeset.fonts import Face, hb_face

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
# already held), so equal glyphs share one object.
_GLYPHS: dict[Glyph, Glyph] = {}


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
    interned = _GLYPHS.setdefault
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions):
        # offsets are mostly zero: one shared 0.0 rather than a float object per glyph
        glyph = Glyph(info.codepoint, info.cluster, pos.x_advance / upem, pos.x_offset / upem if pos.x_offset else 0.0, pos.y_offset / upem if pos.y_offset else 0.0)
        glyph = interned(glyph, glyph)
        glyphs.append(glyph)
        advance += glyph.advance
        extents = font.get_glyph_extents(info.codepoint)
        if extents is not None and extents.height:
            top = max(top, (extents.y_bearing + pos.y_offset) / upem)
            bottom = min(bottom, (extents.y_bearing + extents.height + pos.y_offset) / upem)
    return Shaped(tuple(glyphs), advance, top, bottom)

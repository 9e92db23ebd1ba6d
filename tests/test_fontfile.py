"""The bulk font reader leaves exactly what ReportLab's own parse leaves, for every bundled font."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from cardgen.resources import fonts_dir
from cardgen.typeset.fontfile import BulkFace
from cardgen.typeset.fonts import Face, cmap

FONTS = sorted(path.name for path in fonts_dir().glob("*.ttf"))
ATTRIBUTES = (
    "charToGlyph", "charWidths", "defaultWidth", "name", "ascent", "descent",
    "capHeight", "bbox", "flags", "italicAngle", "stemV", "numGlyphs", "unitsPerEm", "_full_font",
)


def test_every_bundled_font_is_compared():
    assert len(FONTS) >= 30


@pytest.mark.parametrize("name", FONTS)
def test_bulk_reader_equals_reportlab(name):
    path = str(fonts_dir() / name)
    theirs, ours = TTFontFace(path), BulkFace(path)
    assert [a for a in ATTRIBUTES if getattr(theirs, a) != getattr(ours, a)] == []
    # kept in arrays, read as ReportLab's lists
    assert list(ours.hmetrics) == theirs.hmetrics and ours.hmetrics[3:9] == theirs.hmetrics[3:9]
    assert list(ours.glyphPos) == theirs.glyphPos
    # the glyph table as a view read from the file: the same bytes, slice by slice
    glyf = theirs.get_table("glyf")
    view = ours.get_table("glyf")
    assert len(view) == len(glyf) and view[0:len(glyf)] == glyf
    assert all(view[start:start + 97] == glyf[start:start + 97] for start in range(0, len(glyf), max(1, len(glyf) // 50)))
    assert ours.get_table("head") == theirs.get_table("head")
    # the same order too: subsets and widths are written by iterating these
    assert list(theirs.charToGlyph) == list(ours.charToGlyph)
    assert list(theirs.glyphToChar) == list(ours.glyphToChar)
    # each glyph's first character only (the one it is written as), not ReportLab's list
    assert {glyph: chars[0] for glyph, chars in theirs.glyphToChar.items()} == ours.glyphToChar


@pytest.mark.parametrize("name", FONTS)
def test_harfbuzz_coverage_equals_reportlab_cmap(name):
    """Coverage is read from HarfBuzz's character map; it must answer as ReportLab's parse."""
    path = str(fonts_dir() / name)
    assert cmap(Face("cardgen-test-" + name, name)) == frozenset(c for c in TTFontFace(path).charToGlyph if c != 0xFFFF)


@pytest.mark.parametrize("name", FONTS)
def test_glyph_boxes_equal_harfbuzz_extents(name):
    # shaping reads a glyph's vertical extent from its header (cardgen.typeset.glyphboxes)
    # instead of asking HarfBuzz, whose reads map the glyph table into the process
    import uharfbuzz as hb

    from cardgen.typeset.glyphboxes import GlyphBoxes

    path = str(fonts_dir() / name)
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path)))
    boxes = GlyphBoxes(path)
    assert boxes.has_glyphs
    count = hb.Face(hb.Blob.from_file_path(path)).glyph_count
    step = max(1, count // 2000)  # every glyph of the small faces, 2,000 of a CJK face's
    differ = []
    for gid in [*range(0, count, step), count - 1, count]:
        found = font.get_glyph_extents(gid)
        expected = (found.y_bearing, found.height) if found is not None and found.height else None
        if boxes.vertical(gid) != expected:
            differ.append(gid)
    assert differ == []
    assert any(boxes.vertical(gid) for gid in range(0, count, step)), "the font has glyphs with ink"


def test_a_cjk_face_keeps_its_maps_in_arrays_that_read_as_dicts():
    from cardgen.typeset.fontfile import CodeMap, GlyphChars

    path = str(fonts_dir() / "NotoSansCJKsc-Regular.ttf")
    theirs, ours = TTFontFace(path), BulkFace(path)
    assert isinstance(ours.charToGlyph, CodeMap) and isinstance(ours.charWidths, CodeMap) and isinstance(ours.glyphToChar, GlyphChars)
    # every read a dict answers, answered the same
    for code in [0x20, 0xA0, 0x4E2D, 0x10FFFF, -1, 0x4E2D + 0.5, "a"]:
        assert (code in ours.charToGlyph) == (code in theirs.charToGlyph)
        assert ours.charToGlyph.get(code, "none") == theirs.charToGlyph.get(code, "none")
        assert ours.charWidths.get(code) == theirs.charWidths.get(code)
    assert len(ours.charToGlyph) == len(theirs.charToGlyph) and dict(ours.charWidths) == theirs.charWidths
    assert type(ours.charWidths[0x4E2D]) is type(theirs.charWidths[0x4E2D])
    # and writes, as fonts._register makes them: a new key goes last, a changed one keeps its place
    mapping = ours.charToGlyph
    before = list(mapping)
    mapping[0xF0000] = 7
    mapping[0x4E2D] = 8
    assert mapping[0xF0000] == 7 and mapping.get(0x4E2D) == 8 and mapping[0x4E2D] == 8
    assert list(mapping) == before + [0xF0000] and len(mapping) == len(before) + 1
    with pytest.raises(KeyError):
        mapping[0xF0001]
    glyphs = ours.glyphToChar
    first = next(iter(glyphs))
    assert glyphs[first] == theirs.glyphToChar[first][0]  # ReportLab lists every character of a glyph
    glyphs[theirs.numGlyphs + 5] = 0xF0002
    assert glyphs.get(theirs.numGlyphs + 5) == 0xF0002 and list(glyphs)[-1] == theirs.numGlyphs + 5
    assert glyphs.get(theirs.numGlyphs + 6) is None and (theirs.numGlyphs + 6) not in glyphs

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

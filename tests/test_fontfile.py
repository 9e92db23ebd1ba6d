"""The bulk font reader leaves exactly what ReportLab's own parse leaves, for every bundled font."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from cardgen.resources import fonts_dir
from cardgen.typeset.fontfile import BulkFace
from cardgen.typeset.fonts import Face, cmap

FONTS = sorted(path.name for path in fonts_dir().glob("*.ttf"))
ATTRIBUTES = (
    "charToGlyph", "glyphToChar", "charWidths", "defaultWidth", "name", "ascent", "descent",
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
    assert ours.get_table("glyf") == theirs.get_table("glyf")
    # the same order too: subsets and widths are written by iterating these
    assert list(theirs.charToGlyph) == list(ours.charToGlyph)
    assert list(theirs.glyphToChar) == list(ours.glyphToChar)


@pytest.mark.parametrize("name", FONTS)
def test_harfbuzz_coverage_equals_reportlab_cmap(name):
    """Coverage is read from HarfBuzz's character map; it must answer as ReportLab's parse."""
    path = str(fonts_dir() / name)
    assert cmap(Face("cardgen-test-" + name, name)) == frozenset(c for c in TTFontFace(path).charToGlyph if c != 0xFFFF)

"""The shaping cache: shared glyph objects and glyph extents stand for exactly what HarfBuzz gives."""

from __future__ import annotations

import pytest

from cardgen.typeset.fonts import Face, hb_face
from cardgen.typeset.shaping import FEATURES, shape

# marks placed with negative and positive offsets, kerning, reordering, stacked consonants
CASES = [
    ("NotoSansArabic-Regular.ttf", "\u0628\u0650\u0633\u0652\u0645\u0650 \u0627\u0644\u0644\u0651\u064e\u0647\u0650", True, "Arab", "ar"),
    ("NotoNastaliqUrdu-Regular.ttf", "\u0645\u06cc\u06ba \u0646\u06d2 \u062e\u0627\u0645\u0648\u0634", True, "Arab", "ur"),
    ("NotoSansDevanagari-Regular.ttf", "\u0915\u094d\u0937\u093f\u0924\u093f \u0926\u094d\u0935\u093e\u0930", False, "Deva", "hi"),
    ("NotoSansKhmer-Regular.ttf", "\u179f\u17b7\u1791\u17d2\u1792\u17b7", False, "Khmr", "km"),
    ("NotoSans-Regular.ttf", "AVATAR Tyrone, W.A. \u1ec7\u0301", False, "Latn", "en"),
]


def _harfbuzz(face: Face, text: str, rtl: bool, script: str, language: str) -> list[tuple]:
    import uharfbuzz as hb

    font = hb.Font(hb_face(face))
    upem = hb_face(face).upem
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.script = script
    buffer.language = language
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buffer, FEATURES)
    rows = []
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions):
        extents = font.get_glyph_extents(info.codepoint)
        rows.append((info.codepoint, info.cluster, pos.x_advance / upem, pos.x_offset / upem, pos.y_offset / upem, extents, pos.y_offset))
    return rows


@pytest.mark.parametrize("file, text, rtl, script, language", CASES, ids=[c[4] for c in CASES])
def test_shaped_glyphs_are_harfbuzz_glyphs(file, text, rtl, script, language):
    face = Face(f"cardgen-test-{file}", file)
    shaped = shape(face, text, rtl, script, language)
    expected = _harfbuzz(face, text, rtl, script, language)
    assert [(g.gid, g.cluster, g.advance, g.dx, g.dy) for g in shaped.glyphs] == [row[:5] for row in expected]
    upem = hb_face(face).upem
    inked = [row for row in expected if row[5] is not None and row[5].height]
    assert shaped.top == max([0.0] + [(e.y_bearing + dy) / upem for *_, e, dy in inked])
    assert shaped.bottom == min([0.0] + [(e.y_bearing + e.height + dy) / upem for *_, e, dy in inked])
    if any(g.dy for g in shaped.glyphs):
        assert any(g.dy < 0 for g in shaped.glyphs) or any(g.dy > 0 for g in shaped.glyphs)


def test_equal_placements_share_one_glyph_and_different_ones_do_not():
    face = Face("cardgen-test-NotoSans-Regular.ttf", "NotoSans-Regular.ttf")
    first = shape(face, "AVA", False, "Latn", "en").glyphs
    again = shape(face, "AVAV", False, "Latn", "en").glyphs
    assert first[0] is again[0] and first[1] is again[1]  # same glyph, cluster, advance: one object
    kerned, plain = first[0], shape(face, "AX", False, "Latn", "en").glyphs[0]
    assert kerned.gid == plain.gid and kerned.advance != plain.advance and kerned is not plain
    # the same glyph at another cluster is another placement
    later = shape(face, "XA", False, "Latn", "en").glyphs[1]
    assert later.gid == plain.gid and later.cluster == 1 and later is not plain

"""Right-to-left marks as written for copying: inkless glyphs that spell them, outlines for their ink.

The extraction tests (tests/test_extraction.py) show what PDFium copies; these pin how a run is
written: which marks move out of the text, where their ink goes, and how glyphs are spelled.
"""

from __future__ import annotations

import pytest

from cardgen.drawing import GlyphRun, _visual_spelling, _written
from cardgen.typeset.fonts import Face, inkless_glyph
from cardgen.typeset.outlines import outline
from cardgen.typeset.shaping import shape

ARABIC = Face("cardgen-NotoSansArabic-Regular", "NotoSansArabic-Regular.ttf")
LATIN = Face("cardgen-NotoSans-Regular", "NotoSans-Regular.ttf")


def _run(face: Face, text: str, rtl: bool, script: str, language: str) -> GlyphRun:
    return GlyphRun(10.0, 20.0, face, 8.0, text, rtl, shape(face, text, rtl, script, language).glyphs, "ink")


def _pens(run: GlyphRun) -> list[float]:
    pens, pen = [], 0.0
    for glyph in run.glyphs:
        pens.append(pen)
        pen += glyph.advance
    return pens


def test_visual_spelling_turns_letters_around_but_not_weak_characters():
    assert _visual_spelling("\u0644\u0627") == "\u0627\u0644"  # lam-alef, drawn as one glyph
    assert _visual_spelling("\u064e\u0651") == "\u064e\u0651"  # fatha and shadda: PDFium copies weak stretches as found
    assert _visual_spelling("\u0628\u0650") == "\u0650\u0628"  # a letter and its kasra
    assert _visual_spelling(".") == "."


def test_a_raised_mark_is_written_inkless_and_drawn_as_its_outline():
    run = _run(ARABIC, "\u0623\u0628\u0642\u0650", True, "Arab", "ar")  # abqi: a kasra under the qaf
    kasra = next(i for i, g in enumerate(run.glyphs) if run.text[g.cluster] == "\u0650")
    assert run.glyphs[kasra].dy < 0, "the font draws the kasra under the baseline"
    written, marks = _written(run)
    blank = inkless_glyph(ARABIC)
    assert blank is not None and outline(ARABIC, blank) == ""
    assert [g.gid for g in written.glyphs].count(blank) == 1
    assert written.glyphs[kasra].gid == blank and written.glyphs[kasra].dy == 0 and written.glyphs[kasra].advance == 0
    mark, pen = marks[kasra]
    assert mark is run.glyphs[kasra] and pen == pytest.approx(_pens(run)[kasra])
    assert outline(ARABIC, mark.gid), "the kasra has ink to draw"
    # everything else is written as shaped
    assert [g for i, g in enumerate(written.glyphs) if i != kasra] == [g for i, g in enumerate(run.glyphs) if i != kasra]


def test_a_mark_before_a_full_stop_is_written_before_it():
    # "muhamin." : a kasratan on the last letter, then the full stop; in visual order the full
    # stop comes first, and PDFium copies a stretch of weak characters as it finds it
    run = _run(ARABIC, "\u0645\u062d\u0627\u0645\u064d.", True, "Arab", "ar")
    visual = [run.text[g.cluster] for g in run.glyphs]
    assert visual[:2] == [".", "\u064d"]
    written, marks = _written(run)
    assert [written.text[g.cluster] for g in written.glyphs][:2] == ["\u064d", "."]
    assert written.glyphs[0].gid == inkless_glyph(ARABIC)
    assert written.glyphs[1] is run.glyphs[0], "the full stop itself is unchanged"
    # the visible glyphs stay where they were shaped: the moved glyph has no advance
    assert _pens(written)[1:] == pytest.approx(_pens(run)[:1] + _pens(run)[2:])
    mark, pen = marks[0]
    assert mark is run.glyphs[1] and pen == pytest.approx(_pens(run)[1])


def test_runs_without_such_marks_are_written_as_shaped():
    plain = _run(ARABIC, "\u0627\u0644\u0635\u0645\u062a", True, "Arab", "ar")
    assert _written(plain) == (plain, {})
    latin = _run(LATIN, "silent.", False, "Latn", "en")
    assert _written(latin) == (latin, {})

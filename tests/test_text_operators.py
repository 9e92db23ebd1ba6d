"""Text operators: few and long, and every glyph exactly where HarfBuzz placed it.

A line's glyphs of one subset and rise are one TJ array (a string of codes, with numbers only
where the shaped placement differs from the font's advance). This reads the page's content
stream back, runs its text operators the way the PDF specification says (text matrix, font
size, rise, the subset's /Widths, TJ adjustments) and compares each glyph's origin with the
shaped layout.
"""

from __future__ import annotations

import io
from collections import Counter

import pikepdf
import pytest

from cardgen.build import Piece
from cardgen.drawing import ShapedLine

LOCALES = ["es", "ar", "hi", "zh-Hans", "km", "my", "ur"]


def _placements(pdf: bytes, page: int) -> "tuple[list[tuple[float, float]], Counter]":
    """Each glyph's origin as the PDF places it, and how many of each text operator the page has."""
    document = pikepdf.open(io.BytesIO(pdf))
    fonts = document.pages[page].Resources.Font
    placed: list[tuple[float, float]] = []
    count: Counter = Counter()
    x = y = rise = size = 0.0
    widths: list[float] = []
    first = 0
    for operands, operator in pikepdf.parse_content_stream(document.pages[page]):
        op = str(operator)
        count[op] += 1
        if op == "Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op == "Tf":
            font = fonts[str(operands[0])]
            size, first = float(operands[1]), int(font.FirstChar)
            widths = [float(w) for w in font.Widths]
        elif op == "Ts":
            rise = float(operands[0])
        elif op == "cm" and 0 < float(operands[0]) < 0.05 and float(operands[0]) == float(operands[3]):
            # a glyph outline in font units (a right-to-left mark's ink): placed where its origin goes
            placed.append((float(operands[4]), float(operands[5])))
        elif op in ("Td", "TD", "T*", "'", '"', "Tj", "Tc", "Tw", "Tz"):
            raise AssertionError(f"unexpected text operator {op}")
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    for code in bytes(item):
                        placed.append((x, y + rise))
                        x += widths[code - first] / 1000 * size
                else:
                    x -= float(item) / 1000 * size
    return placed, count


def _shaped(side) -> "tuple[list[tuple[float, float]], int]":
    """Each glyph's origin as HarfBuzz placed it on ``side``, and the number of runs."""
    placed, runs = [], 0
    for op in side.ops:
        if not isinstance(op, ShapedLine):
            continue
        if op.other and not any(run.rtl for run in op.runs):
            from cardgen.drawing import _ltr_parts

            # a line with English words is painted in parts: a run cut by a part's edge is a TJ a piece
            runs += sum(len(pieces) for _, _, pieces in _ltr_parts(op)) - len(op.runs)
        for run in op.runs:
            runs += 1
            marks: dict = {}
            if run.rtl:
                from cardgen.drawing import _written

                # some marks are written as inkless glyphs at the pen, their ink an outline
                run, marks = _written(run)
            pen = run.x
            for glyph in run.glyphs:
                # a right-to-left line's spaces are not written (no ink; the extractors find them in the gaps)
                if not (run.rtl and run.text[glyph.cluster:glyph.cluster + 1] == " "):
                    placed.append((pen + glyph.dx * run.size, run.y + glyph.dy * run.size))
                pen += glyph.advance * run.size
            for mark, mark_pen in marks.values():
                placed.append((run.x + (mark_pen + mark.dx) * run.size, run.y + mark.dy * run.size))
    return placed, runs


@pytest.mark.parametrize("locale", LOCALES)
def test_every_glyph_is_where_it_was_shaped(builder, locale):
    piece = Piece("wallet-card", locale, "us-business")
    pdf = builder.pdf(piece)
    front = builder.sides(piece)[0]
    drawn, _ = _placements(pdf, 0)
    shaped, _ = _shaped(front)
    assert len(drawn) == len(shaped)
    # right-to-left lines are painted word by word in reading order: compare as sets of points
    key = lambda p: (round(p[1], 2), round(p[0], 2))  # noqa: E731
    misplaced = [(a, b) for a, b in zip(sorted(drawn, key=key), sorted(shaped, key=key)) if abs(a[0] - b[0]) > 0.005 or abs(a[1] - b[1]) > 0.005]
    assert not misplaced, misplaced[:5]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_text_operator_per_run_not_per_glyph(builder, locale):
    piece = Piece("wallet-card", locale, "us-business")
    _, count = _placements(builder.pdf(piece), 0)
    shaped, runs = _shaped(builder.sides(piece)[0])
    # a run is one TJ, plus one for each change of subset or rise, and (right to left) per word
    words = sum(op.text.count(" ") + 1 for op in builder.sides(piece)[0].ops if isinstance(op, ShapedLine))
    bound = runs + count["Tf"] + count["Ts"] + (2 * words if locale in ("ar", "ur") else 0)
    assert count["TJ"] <= bound
    assert count["TJ"] < len(shaped) / 2  # one per glyph would be as many as the glyphs
    if not count["Ts"] and locale not in ("ar", "ur"):
        assert count["TJ"] == runs  # no mark raised, no word painted alone: one TJ a run

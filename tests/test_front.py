"""The card's front and back: Nastaliq on the Urdu card (or a warning saying why not), Latin
scaled to sit with Nastaliq, titles sized by their ink, QR quiet zones clear of the bands, and
every glyph's ink inside the safe area."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from cardgen.build import Builder
from cardgen.cli import main
from cardgen.drawing import FillRect, QrSymbol, ShapedLine, Side
from cardgen.org import Org
from cardgen.sizes import MM, SIZES
from cardgen.typeset.fonts import NASTALIQ_LATIN_SCALE, NOTO_SANS, _face
from cardgen.typeset.shaping import _hb_font, shape

from conftest import replace_line

CARD_SIZES = [size for size in SIZES if size.takes("card")]
NASTALIQ = "cardgen-NotoNastaliqUrdu"
SHORT_RIGHTS = {  # Urdu rights short enough for Nastaliq on every card size (flat words: no tall cascades)
    "silent": '"**کہیں:** ({say_silent})"',
    "calm": '"**خاموش رہیں۔**"',
    "leave": '"**کہیں:** ({say_lawyer})"',
    "door": '"**خاموش رہیں۔**"',
    "search": '"**کہیں:** ({say_search})"',
    "sign": '"**خاموش رہیں۔**"',
    "papers": '"**خاموش رہیں۔**"',
    "card": '"**خاموش رہیں۔**"',
}


def ink_boxes(side: Side):
    """(line text, x0, y0, x1, y1) of every drawn glyph's ink, from HarfBuzz's glyph extents."""
    for op in side.ops:
        if not isinstance(op, ShapedLine):
            continue
        for run in op.runs:
            font, upem = _hb_font(run.face)
            pen = 0.0
            for glyph in run.glyphs:
                extents = font.get_glyph_extents(glyph.gid)
                if extents is not None and extents.width and extents.height:
                    x0 = run.x + (pen + glyph.dx + extents.x_bearing / upem) * run.size
                    top = run.y + (glyph.dy + extents.y_bearing / upem) * run.size
                    yield op.text, x0, top + extents.height / upem * run.size, x0 + extents.width / upem * run.size, top
                pen += glyph.advance


def band_of(side: Side) -> FillRect:
    return next(op for op in side.ops if isinstance(op, FillRect) and op.color == "red" and op.width > side.width / 2)


def faces_on(side: Side) -> set[str]:
    return {run.face.name for op in side.ops if isinstance(op, ShapedLine) for run in op.runs}


@pytest.fixture(scope="module")
def every_card(builder: Builder) -> dict[tuple[str, str], list[Side]]:
    return {
        (code, size.name): builder.sides(builder.piece("wallet-card", code, size.name))
        for code in builder.content.locale_codes()
        for size in CARD_SIZES
    }


def test_every_glyph_inside_the_safe_area(every_card) -> None:
    outside = []
    for (code, size_name), sides in every_card.items():
        size = SIZES.get(size_name)
        margin = 3 * MM if size.metric else 9.0
        for side in sides:
            for text, x0, y0, x1, y1 in ink_boxes(side):
                closest = min(x0, y0, side.width - x1, side.height - y1)
                if closest < margin - 0.01:
                    outside.append((code, size_name, side.name, round(closest / MM, 2), text[:20]))
                    break
    assert len(every_card) == 32 * len(CARD_SIZES)
    assert not outside, outside


def test_titles_sized_by_their_ink_inside_the_band(every_card) -> None:
    for (code, size_name), sides in every_card.items():
        for side in sides:
            band = band_of(side)
            title = next(op for op in side.ops if isinstance(op, ShapedLine))
            tops = [y1 for text, _, _, _, y1 in ink_boxes(Side(side.name, side.width, side.height, (title,)))]
            bottoms = [y0 for text, _, y0, _, _ in ink_boxes(Side(side.name, side.width, side.height, (title,)))]
            assert min(bottoms) >= band.y + 0.09 * band.height, (code, size_name, side.name)
            assert max(tops) <= side.height, (code, size_name, side.name)
    # Burmese and Khmer titles, measured by their ink: as large as the band under the safe
    # margin allows on the default size (today 8.4 pt for Burmese, 10.7 for Khmer; 8.5 and 8.6
    # before, with their ink reaching into the safe margin).
    for code, least in (("my", 8.2), ("km", 10.0)):
        title = next(op for op in every_card[(code, "us-business")][0].ops if isinstance(op, ShapedLine))
        assert title.runs[0].size >= least, (code, title.runs[0].size)


def _qr_band_overlaps(sides: list[Side]) -> list[float]:
    overlaps = []
    for side in sides:
        band = band_of(side)
        for qr in (op for op in side.ops if isinstance(op, QrSymbol)):
            overlaps.append(qr.y + qr.size - band.y)
    return overlaps


@pytest.mark.parametrize("qr_url", [None, "https://x.org", "https://example.org/{locale}"])
def test_qr_quiet_zone_never_reaches_into_the_band(builder: Builder, every_card, qr_url) -> None:
    if qr_url is None:
        overlaps = [o for sides in every_card.values() for o in _qr_band_overlaps(sides)]
    else:  # a short link: a code of few modules, whose quiet zone is a larger share of it
        org = Org("Riverside Legal Aid", "+1 555 0100", qr_url=qr_url)
        overlaps = [o for code in ("es", "ur", "pa", "ja", "sw") for size in CARD_SIZES for o in _qr_band_overlaps(builder.sides(builder.piece("wallet-card", code, size.name, org=org)))]
    assert overlaps and max(overlaps) <= 1e-6


def _medial_ink_median(face) -> float:
    font, upem = _hb_font(face)
    heights = []
    for letter in "بسمہعلکف":
        for glyph in shape(face, letter * 3, True, "Arab", "ur").glyphs:
            extents = font.get_glyph_extents(glyph.gid)
            if glyph.cluster == 1 and extents is not None and -extents.height / upem > 0.05:
                heights.append(-extents.height / upem)
    return statistics.median(heights)


def test_latin_in_nastaliq_is_scaled_to_match(builder: Builder) -> None:
    """The rule: Latin relates to Nastaliq as Noto Sans relates to Noto Sans Arabic (its Arabic
    companion: the alef is exactly Noto Sans's cap height), by the median ink height of the
    medial letter forms. The drawn cap height of Latin in an Urdu line is within 15% of that."""
    from cardgen.typeset.fonts import Writing
    from cardgen.typeset.layout import Box, Paragraph, fit

    naskh = _face("NotoSansArabic-Regular")
    assert shape(naskh, "ا", True, "Arab", "ar").top == pytest.approx(shape(NOTO_SANS, "H", False, "Latn", "en").top, abs=0.01)
    ratio = _medial_ink_median(_face("NotoNastaliqUrdu-Regular")) / _medial_ink_median(naskh)
    block = fit([Paragraph("کہیں (warrant) ہاں")], Writing("ur", "Aran", True), Box(0, 0, 300, 100), 10, 10)
    latin = [run for op in block.ops if isinstance(op, ShapedLine) for run in op.runs if run.text.strip("() ") == "warrant"]
    assert latin and latin[0].face.scale == NASTALIQ_LATIN_SCALE
    cap = shape(NOTO_SANS, "H", False, "Latn", "en").top * latin[0].size
    wanted = shape(NOTO_SANS, "H", False, "Latn", "en").top * 10 * ratio
    assert abs(cap / wanted - 1) <= 0.15, (cap, wanted)
    # the shaped advances follow the drawn size: the run after the Latin starts where it ends
    runs = next(op for op in block.ops if isinstance(op, ShapedLine)).runs
    for left, right in zip(runs, runs[1:]):
        assert right.x == pytest.approx(left.x + left.width, abs=1e-6)


def test_urdu_card_is_nastaliq_where_its_text_fits(content_copy: Path) -> None:
    path = content_copy / "ur" / "wallet-card.yaml"
    replace_line(path, "    title:", "    title: حقوق")
    for key, value in SHORT_RIGHTS.items():
        replace_line(path, f"      {key}:", f"      {key}: {value}")
    builder = Builder(content_copy)
    for size in CARD_SIZES:
        front, back = builder.sides(builder.piece("wallet-card", "ur", size.name))
        assert any(name.startswith(NASTALIQ) for name in faces_on(front)), size.name
        assert not any(name.startswith("cardgen-NotoSansArabic") for name in faces_on(front)), size.name
        body = [op.runs[0].size for op in front.ops if isinstance(op, ShapedLine)][1:]
        nastaliq_sizes = [run.size for op in front.ops if isinstance(op, ShapedLine) for run in op.runs if run.face.name.startswith(NASTALIQ)]
        assert min(nastaliq_sizes) >= 7.0 and body
    assert builder.fallbacks() == []


def test_fallback_to_naskh_is_said(builder: Builder, runner, tmp_path: Path) -> None:
    """The shipped Urdu rights do not fit in Nastaliq at 7 pt on a card (they need about 165 pt of
    height where a card has 110-125): the card is set in Naskh, and the build says so."""
    builder.sides(builder.piece("wallet-card", "ur", "us-business"))
    fallback = next(f for f in builder.fallbacks() if (f.locale, f.size) == ("ur", "us-business"))
    assert "front.rights" in fallback.fields and (fallback.preferred, fallback.compact) == ("Nastaliq", "Naskh")
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "ur", "--size", "cr80", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning: wallet-card (ur, cr80): the text of" in result.stderr
    assert "'front.rights'" in result.stderr and "Naskh" in result.stderr


def test_a_long_string_forces_a_fallback_that_warns(content_copy: Path, runner, tmp_path: Path) -> None:
    path = content_copy / "ur" / "wallet-card.yaml"
    replace_line(path, "    title:", "    title: حقوق")
    for key, value in SHORT_RIGHTS.items():
        replace_line(path, f"      {key}:", f"      {key}: {value}")
    replace_line(path, "      door:", '      door: "' + "گھر پر دروازہ بند رکھیں۔ " * 6 + '"')
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "ur", "--size", "eu-business", "--content", str(content_copy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning: wallet-card (ur, eu-business): the text of 'front.rights' does not fit in Nastaliq" in result.stderr

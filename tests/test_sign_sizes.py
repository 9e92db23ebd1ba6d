"""Signs legible at every size: a 7 pt floor everywhere, a heading read from two metres, the
contact labels of right-to-left signs set as one unit, and the Urdu signs in Nastaliq."""

from __future__ import annotations

from functools import lru_cache

import pytest

from cardgen.build import Builder, Piece
from cardgen.drawing import FillRect, ShapedLine
from cardgen.sizes import MM, SIZES

SIGNS = ("door-sign", "workplace-sign")
PAGE_SIZES = [s.name for s in SIZES if s.kind == "page"]
LOCALES = Builder().content.locale_codes()
RTL = [code for code in LOCALES if Builder().content.locale(code).direction == "rtl"]
FLOOR = 7.0  # pt


@lru_cache(maxsize=None)
def _cap_em(file: str) -> float:
    """The ink height of the face's 'H', in em, read from its outline with fontTools."""
    from fontTools.ttLib import TTFont

    from cardgen.resources import fonts_dir

    font = TTFont(fonts_dir() / file)
    glyph_set = font.getGlyphSet()
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(glyph_set)
    glyph_set[font.getBestCmap()[ord("H")]].draw(pen)
    _, y_min, _, y_max = pen.bounds
    return (y_max - max(y_min, 0)) / font["head"].unitsPerEm


def _lines(side) -> list[ShapedLine]:
    return [op for op in side.ops if isinstance(op, ShapedLine) and op.runs]


def _edges(line: ShapedLine) -> tuple[float, float]:
    return min(r.x for r in line.runs), max(r.x + r.width for r in line.runs)


@pytest.mark.parametrize("product", SIGNS)
@pytest.mark.parametrize("size", PAGE_SIZES)
def test_no_sign_text_under_7_pt_in_any_locale(builder, product, size):
    too_small = []
    for locale in LOCALES:
        (side,) = builder.sides(Piece(product, locale, size))
        runs = [(run.size, line.text) for line in _lines(side) for run in line.runs]
        assert runs, f"{locale}: no text on the sign"
        smallest, text = min(runs)
        if smallest < FLOOR - 1e-6:
            too_small.append(f"{locale} {smallest:.1f} pt: {text[:40]!r}")
    assert not too_small, "; ".join(too_small)


@pytest.mark.parametrize("size", ["letter", "a4"])
def test_workplace_heading_capitals_are_10_mm_tall_on_letter_and_a4(builder, size):
    heading = builder.content.family("en", "signs")["workplace.heading"]
    short = []
    for locale in LOCALES:
        (side,) = builder.sides(Piece("workplace-sign", locale, size))
        runs = [run for line in _lines(side) if line.text in heading for run in line.runs if run.color == "red"]
        assert "".join(r.text for r in runs).replace(" ", "") == heading.replace(" ", ""), f"{locale}: the heading is not all there"
        for run in runs:
            cap = run.size * _cap_em(run.face.file)
            if cap < 10 * MM - 1e-6:
                short.append(f"{locale}: {cap / MM:.1f} mm at {run.size:.1f} pt")
    assert not short, "; ".join(short)


def test_the_heading_breaks_between_its_sentences(builder):
    (side,) = builder.sides(Piece("workplace-sign", "es", "letter"))
    heading = builder.content.family("en", "signs")["workplace.heading"]
    lines = [line.text for line in _lines(side) if line.text in heading]
    assert lines == ["Private area.", "Employees only."]


def _contact_unit(builder: Builder, locale: str, size: str = "letter"):
    """The English label's line, the translated label's lines and the write-on rule."""
    (side,) = builder.sides(Piece("workplace-sign", locale, size))
    english = builder.content.family("en", "signs")["workplace.contact_label"]
    translated = builder.content.family(locale, "signs")["workplace.contact_label"]
    lines = _lines(side)
    (label,) = [line for line in lines if line.text == english]
    below = [line for line in lines if line.text and line.text in translated and line is not label and line.runs[0].y < label.runs[0].y]
    (rule,) = [op for op in side.ops if isinstance(op, FillRect) and op.color == "ink"]
    return side, label, below, rule


@pytest.mark.parametrize("locale", RTL)
def test_rtl_contact_label_and_its_translation_share_the_right_edge(builder, locale):
    side, label, below, rule = _contact_unit(builder, locale)
    assert below, "the translated label is missing"
    edge = _edges(label)[1]
    for line in below:
        assert _edges(line)[1] == pytest.approx(edge, abs=0.5)
    assert rule.x + rule.width == pytest.approx(edge, abs=0.5)
    # the unit sits on the right-hand side, across from the QR code on the left
    assert _edges(label)[0] > side.width / 2 - 100


@pytest.mark.parametrize("locale", ["es", "my", "zh-Hans", "km"])
def test_ltr_contact_label_and_its_translation_share_the_left_edge(builder, locale):
    side, label, below, rule = _contact_unit(builder, locale)
    assert below, "the translated label is missing"
    edge = _edges(label)[0]
    for line in below:
        assert _edges(line)[0] == pytest.approx(edge, abs=0.5)
    assert rule.x == pytest.approx(edge, abs=0.5)


# -- Urdu signs in Nastaliq ------------------------------------------------------------------

URDU_LETTERS = range(0x0600, 0x0700)
# Too much text for Half Letter in Nastaliq at 10 pt (Latin in it at 7): set in Naskh, with a warning.
NASKH_ON_HALF_LETTER = {("door-sign", "ur", "half-letter")}


def _urdu_runs(side):
    return [run for line in _lines(side) for run in line.runs if any(ord(c) in URDU_LETTERS for c in run.text)]


@pytest.mark.parametrize(
    ("product", "size"),
    [
        pytest.param(product, size, marks=pytest.mark.xfail(strict=True, reason="too much text for Nastaliq at 10 pt"))
        if (product, "ur", size) in NASKH_ON_HALF_LETTER else (product, size)
        for product in SIGNS
        for size in PAGE_SIZES
    ],
)
def test_urdu_signs_are_nastaliq_at_10_pt_and_more(product, size):
    builder = Builder()
    (side,) = builder.sides(Piece(product, "ur", size))
    runs = _urdu_runs(side)
    assert len(runs) > 10, "the Urdu text is missing"
    faces = {run.face.file for run in runs}
    assert all("NotoNastaliqUrdu" in file for file in faces), faces
    assert min(run.size for run in runs) >= 10.0 - 1e-6  # 7 pt for the Latin drawn at 0.7 in it
    assert builder.fallbacks() == []


def test_no_sign_falls_back_to_a_compact_style_but_the_half_letter_urdu_door_sign():
    builder = Builder()
    for locale in LOCALES:
        for product in SIGNS:
            for size in PAGE_SIZES:
                builder.sides(Piece(product, locale, size))
    fallen = {(f.product, f.locale, f.size) for f in builder.fallbacks()}
    assert fallen == NASKH_ON_HALF_LETTER


# -- the Half Letter door sign in every region -----------------------------------------------

REGIONS = ("us", "il", "ca", "ny", "tx")
ORG_PROFILE = "examples/org/riverside-legal-aid.yaml"


def _door_sign_failures(builder: Builder, org=None) -> list[str]:
    from cardgen.errors import FitError

    failures = []
    for region in REGIONS:
        for locale in LOCALES:
            try:
                (side,) = builder.sides(builder.piece("door-sign", locale, "half-letter", region, org=org))
            except FitError as exc:
                failures.append(f"{region}/{locale}: {exc}"[:160])
                continue
            smallest = min(run.size for line in _lines(side) for run in line.runs)
            if smallest < FLOOR - 1e-6:
                failures.append(f"{region}/{locale}: {smallest:.1f} pt")
    return failures


def test_half_letter_door_sign_fits_every_locale_in_every_region_at_7_pt():
    failures = _door_sign_failures(Builder())
    assert not failures, "; ".join(failures)


def test_half_letter_door_sign_with_an_organisation_fits_every_locale_in_every_region():
    """With an organisation's line too (Burmese in Illinois and Texas, the longest regional
    notes, take the line at one line's height, its compact arrangement)."""
    from pathlib import Path

    from cardgen.drawing import ShapedLine
    from cardgen.org import load_org

    org = load_org(Path(__file__).parent.parent / ORG_PROFILE)
    builder = Builder()
    failures = _door_sign_failures(builder, org)
    assert not failures, "; ".join(failures)
    # the organisation's contact is on every one of them, whole, at 7 pt or more
    for region, locale in (("il", "my"), ("tx", "my"), ("us", "es")):
        (side,) = builder.sides(builder.piece("door-sign", locale, "half-letter", region, org=org))
        address = org.website.removeprefix("https://")
        lines = [op for op in side.ops if isinstance(op, ShapedLine) and (org.name in op.text or address in op.text)]
        # one line, or two broken at a separator: the address is never split at its hyphens
        assert " ".join(line.text.strip() for line in lines) == f"{org.name}\u00a0· {org.phone}\u00a0· {address}", (region, locale)
        assert address in lines[-1].text and len(lines) <= 2 and not lines[-1].text.startswith("·"), (region, locale)
        assert min(run.size for line in lines for run in line.runs) >= FLOOR - 1e-6

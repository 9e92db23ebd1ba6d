"""Pictograms: rendered at 6 mm against reference images, one colour, no text, strokes thick enough."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardgen.drawing import Shape, ShapedLine, Side
from cardgen.errors import SettingError
from cardgen.pdf import write_pdf
from cardgen.pictograms import CUES, DESIGN_SIZE, MIN_STROKE, PICTOGRAMS, for_right
from cardgen.products.wallet_card import RIGHTS
from cardgen.sizes import MM
from conftest import read_pdf, render

REFERENCES = Path(__file__).parent / "reference" / "pictograms"
NAMES = PICTOGRAMS.names()
# Set CARDGEN_UPDATE_REFERENCES=1 to write the reference images anew after a deliberate change
# to a pictogram (then look at them before committing).
UPDATE = os.environ.get("CARDGEN_UPDATE_REFERENCES") == "1"


CUE_NAMES = CUES.names()


def _drawing(name: str):
    return PICTOGRAMS.get(name) if name in NAMES else CUES.get(name)


def _rendered(name: str, color: str = "ink", mirrored: bool = False):
    """The pictogram (or cue) alone on a 6 mm page, rendered at 300 dpi, as greyscale."""
    side = Side(name, DESIGN_SIZE, DESIGN_SIZE, (_drawing(name).shape(0, 0, DESIGN_SIZE, color, mirrored=mirrored),))
    return render(write_pdf([side], title=name), 0, dpi=300).convert("L")


@pytest.mark.parametrize("name", NAMES + CUE_NAMES)
def test_each_pictogram_matches_its_reference_image_at_6_mm(name):
    image = _rendered(name)
    reference_path = REFERENCES / f"{name}.png"
    if UPDATE:
        REFERENCES.mkdir(parents=True, exist_ok=True)
        image.save(reference_path, optimize=True)
    from PIL import Image, ImageChops

    reference = Image.open(reference_path).convert("L")
    assert image.size == reference.size == (71, 71)  # 6 mm at 300 dpi
    difference = ImageChops.difference(image, reference)
    mean = sum(difference.tobytes()) / (255 * image.width * image.height)
    assert mean < 0.01, f"{name} differs from its reference by {mean:.2%}"
    # and it is a drawing, not an empty square or a black one
    ink = sum(1 for value in image.tobytes() if value < 128) / (image.width * image.height)
    assert 0.12 < ink < 0.7, f"{name}: {ink:.0%} of the square is ink"


def test_the_pictograms_differ_from_one_another():
    from PIL import ImageChops

    images = {name: _rendered(name) for name in NAMES}
    for a in NAMES:
        for b in NAMES:
            if a < b:
                difference = ImageChops.difference(images[a], images[b])
                assert sum(difference.tobytes()) / (255 * 71 * 71) > 0.1, (a, b)


@pytest.mark.parametrize("name", NAMES + CUE_NAMES)
def test_thinnest_stroke_is_at_least_0_35_mm_at_6_mm(name):
    pictogram = _drawing(name)
    assert pictogram.thinnest * DESIGN_SIZE >= MIN_STROKE - 1e-9, f"{name}: {pictogram.thinnest * DESIGN_SIZE / MM:.3f} mm"


@pytest.mark.parametrize("name", NAMES + CUE_NAMES)
def test_geometry_stays_inside_its_square(name):
    numbers = _drawing(name).shape(0, 0, 1.0).numbers()
    assert min(numbers) >= -1e-6 and max(numbers) <= 1 + 1e-6


@pytest.mark.parametrize("name", NAMES + CUE_NAMES)
def test_one_colour_and_no_text(name):
    shape = _drawing(name).shape(0, 0, DESIGN_SIZE, "red")
    pdf = write_pdf([Side(name, DESIGN_SIZE, DESIGN_SIZE, (shape,))], title=name)
    page = read_pdf(pdf).pages[0]
    tokens = page.get_contents().get_data().decode("latin-1").split()
    assert not {"BT", "Tj", "TJ", "Tf"} & set(tokens)
    # one fill colour set once, one filled path (nonzero winding), nothing stroked
    assert tokens.count("rg") == 1 and tokens.count("f") == 1
    assert not {"S", "s", "B", "b", "f*"} & set(tokens)
    # every pixel is the red, white or a blend of the two at the edges
    image = render(pdf, 0, dpi=300).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    for _, (r, g, b) in colours:
        assert r >= g and abs(g - b) < 40, (name, (r, g, b))
    assert any(r > 150 and g < 60 for _, (r, g, b) in colours)  # the red itself is there


def test_every_pictogram_stands_beside_a_right_of_the_card():
    rights = [PICTOGRAMS.get(name).right for name in NAMES]
    assert len(set(rights)) == len(rights) == 6
    assert set(rights) <= set(RIGHTS)
    assert for_right("search").name == "warrant" and for_right("leave").name == "lawyer"
    assert for_right("calm") is None and for_right("papers") is None


def test_a_shape_with_a_position_that_is_not_a_number_is_refused():
    bad = Shape((("M", 0.0, 0.0), ("L", float("nan"), 1.0), ("Z",)), "ink")
    with pytest.raises(SettingError):
        write_pdf([Side("x", 10, 10, (bad,))], title="x")


def test_pictograms_are_reproducible():
    side = Side("p", 200, 40, tuple(p.shape(10 + i * 30, 10, 20) for i, p in enumerate(PICTOGRAMS)))
    assert write_pdf([side], title="p") == write_pdf([side], title="p")


def test_the_specimen_has_a_page_of_the_pictograms():
    from cardgen.specimen import specimen_sides

    last = specimen_sides()[-1]
    shapes = [op for op in last.ops if isinstance(op, Shape)]
    assert len(shapes) == 3 * len(NAMES)  # large, at 6 mm, at 6 mm in red
    sizes = sorted({round(max(s.numbers()[0::2]) - min(s.numbers()[0::2]), 1) for s in shapes})
    assert any(abs(size - DESIGN_SIZE) < 1.5 for size in sizes)  # some drawn at (about) 6 mm wide


def test_the_turn_over_cues_differ_from_each_other_and_from_the_pictograms():
    from PIL import ImageChops

    assert set(CUE_NAMES) == {"turn-over", "continued"}
    for cue in CUE_NAMES:
        image = _rendered(cue)
        for other in (*NAMES, *(n for n in CUE_NAMES if n != cue)):
            difference = ImageChops.difference(image, _rendered(other))
            share = sum(difference.tobytes()) / (255 * 71 * 71)
            # the two cues share their arrow and card outline, so they differ less than the rest
            assert share > (0.03 if other in CUE_NAMES else 0.1), (cue, other, share)
        assert not [p for p in PICTOGRAMS if p.name == cue] and all(for_right(key) is not CUES.get(cue) for key in RIGHTS)


@pytest.mark.parametrize("name", CUE_NAMES)
def test_a_mirrored_cue_is_the_mirror_image_and_still_filled_the_same_way(name):
    from PIL import ImageChops, ImageOps

    plain, mirrored = _rendered(name), _rendered(name, mirrored=True)
    assert sum(ImageChops.difference(plain, mirrored).tobytes()) / (255 * 71 * 71) > 0.05  # not symmetric
    flipped = ImageOps.mirror(plain)
    assert sum(ImageChops.difference(flipped, mirrored).tobytes()) / (255 * 71 * 71) < 0.01
    # the arrow's head is on the side it points to: right, or left when mirrored
    right_half = lambda image: sum(1 for i, v in enumerate(image.tobytes()) if v < 128 and i % 71 > 40)
    left_half = lambda image: sum(1 for i, v in enumerate(image.tobytes()) if v < 128 and i % 71 < 30)
    assert right_half(plain) > left_half(plain) and left_half(mirrored) > right_half(mirrored)

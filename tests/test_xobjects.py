"""Every copy drawn once: a side placed many times is one Form XObject placed in every cell."""

from __future__ import annotations

import io

import pytest
from PIL import ImageChops, ImageFilter

from cardgen import pdf
from cardgen.drawing import FillRect, QrSymbol, Side
from cardgen.pdf import Page, Placed, write_pages

from conftest import render


def _sheets(copies: int, sheet: str = "avery-5371", **extra) -> bytes:
    from cardgen.build import Builder
    from cardgen.sheets.impose import PrintOptions
    from cardgen.sheets.templates import SHEETS

    builder = Builder()
    piece = builder.piece("wallet-card", "es")
    [(_, data)] = builder.sheet_pdfs(piece, PrintOptions(SHEETS.get(sheet), copies=copies, **extra))
    return data


def _painted_on_every_page(monkeypatch: pytest.MonkeyPatch):
    """Make write_pages paint every placement on its page, as before forms."""
    original = pdf._SideForms.__init__

    def no_reuse(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._reused = set()

    monkeypatch.setattr(pdf._SideForms, "__init__", no_reuse)


def _forms(data: bytes):
    import pikepdf

    document = pikepdf.open(io.BytesIO(data))
    per_page = []
    for page in document.pages:
        xobjects = page.Resources.get("/XObject", {})
        forms = {name: x for name, x in xobjects.items() if x.get("/Subtype") == "/Form"}
        content = page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else b"".join(c.read_bytes() for c in page.Contents)
        per_page.append((forms, content.count(b" Do")))
    return document, per_page


def test_each_distinct_side_is_one_form_placed_in_every_cell() -> None:
    data = _sheets(25)  # three sheets: 10, 10 and 5 cards, fronts and backs
    document, per_page = _forms(data)
    assert len(document.pages) == 6
    objects = {form.objgen for forms, _ in per_page for form in forms.values()}
    assert len(objects) == 2  # one front, one back, shared by every page
    assert [uses for _, uses in per_page] == [10, 10, 10, 10, 5, 5]
    for forms, _ in per_page:
        (form,) = forms.values()
        assert form.get("/Subtype") == "/Form" and len(form.BBox) == 4


def test_a_thousand_copies_cost_one_drawing() -> None:
    small, large = _sheets(10), _sheets(1000)
    # 99 more sheets of 10 placements each: a few hundred bytes a page, not another drawing
    assert len(large) - len(small) < 99 * 2 * 600
    assert len(large) < 300_000


def test_reproducible() -> None:
    assert _sheets(30) == _sheets(30)


def test_a_side_placed_once_is_painted_on_its_page() -> None:
    side = Side("front", 100, 50, (FillRect(0, 0, 100, 50, "red"),))
    data = write_pages([Page(100, 50, (Placed(side, 0, 0),))], "one")
    _, per_page = _forms(data)
    assert per_page == [({}, 0)]


def _qr_side() -> Side:
    rows = tuple(("1011001" * 3)[i : i + 21] for i in range(21))
    return Side("front", 252, 144, (FillRect(0, 0, 252, 30, "red"), FillRect(0, 100, 252, 44, "ink"), QrSymbol(150.3, 40.7, 60.2, rows)))


@pytest.mark.parametrize("bleed", [0.0, 9.0])
@pytest.mark.parametrize("cmyk", [False, True])
def test_vector_art_renders_as_painted_per_cell(monkeypatch: pytest.MonkeyPatch, bleed: float, cmyk: bool) -> None:
    side = _qr_side()
    # cells at whole points, as on the Avery and 10-up sheets
    cells = tuple(Placed(side, 54 + 270 * (k % 2), 20 + 150 * (k // 2), bleed) for k in range(10))
    pages = [Page(612, 792, cells)]
    with_forms = write_pages(pages, "sheet", cmyk=cmyk)
    assert _forms(with_forms)[1][0][1] == 10
    _painted_on_every_page(monkeypatch)
    painted = write_pages(pages, "sheet", cmyk=cmyk)
    assert _forms(painted)[1][0][1] == 0
    for dpi in (72, 200):
        _assert_within_one_pixel(render(with_forms, 0, dpi).convert("L"), render(painted, 0, dpi).convert("L"))


def _assert_within_one_pixel(a, b) -> None:
    """The same drawing, edges at most a device pixel over: every pixel of ``a`` lies between
    the darkest and lightest of its 3x3 neighbourhood in ``b`` but for one in 10,000 (anti-aliased
    corners, off by at most a quarter of the range); and fewer than one pixel in 500 differs."""
    darker = ImageChops.subtract(b.filter(ImageFilter.MinFilter(3)), a)
    lighter = ImageChops.subtract(a, b.filter(ImageFilter.MaxFilter(3)))
    outside = [v for image in (darker, lighter) for v in image.get_flattened_data() if v]
    assert len(outside) <= a.width * a.height / 10_000 and max(outside, default=0) <= 64, (len(outside), max(outside, default=0))
    differing = sum(1 for v in ImageChops.difference(a, b).get_flattened_data() if v)
    assert differing < a.width * a.height / 500


def test_a_real_sheet_renders_as_painted_per_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not pixel-identical: positions are written to 7 significant digits, relative to the cell
    in a form and to the page without one, so an edge or a glyph origin near a pixel boundary
    can land one device pixel over."""
    with_forms = _sheets(10)
    _painted_on_every_page(monkeypatch)
    painted = _sheets(10)
    assert len(with_forms) < len(painted)
    for page in (0, 1):
        _assert_within_one_pixel(*(render(data, page, 200).convert("L") for data in (with_forms, painted)))


def _subset_fonts(data: bytes) -> list[tuple[str, str, bytes]]:
    import pikepdf

    document = pikepdf.open(io.BytesIO(data))
    found = []
    for obj in document.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
            found.append((str(obj.BaseFont), str(obj.FontDescriptor.FontName), obj.ToUnicode.read_bytes()))
    return found


def test_every_font_subset_has_its_own_tag() -> None:
    """ISO 32000 9.6.4: six capital letters and a plus sign, a different tag for each subset."""
    import re

    from cardgen.build import Builder

    builder = Builder()
    fonts = _subset_fonts(builder.pdf(builder.piece("wallet-card", "hi")))  # Devanagari and Latin, regular and bold
    assert len(fonts) >= 4
    tags = [base.lstrip("/").split("+")[0] for base, _, _ in fonts]
    assert all(re.fullmatch(r"[A-Z]{6}", tag) for tag in tags)
    assert len(set(tags)) == len(tags)
    for base, descriptor_name, cmap in fonts:
        assert base == descriptor_name
        assert f"/CMapName {base} def".encode() in cmap
    # the same subset, the same tag: a second build writes the same names
    assert _subset_fonts(builder.pdf(builder.piece("wallet-card", "hi"))) == fonts

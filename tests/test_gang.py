"""Cut-and-stack ordering and gang runs on press sheets, checked from the imposed pages."""

from __future__ import annotations

import io
import itertools
import json

import pytest

from cardgen.drawing import FillRect, Side
from cardgen.errors import OptionError
from cardgen.pdf import write_pages
from cardgen.sheets.gang import describe_gang, gang_pages, plan_gang
from cardgen.sheets.impose import PrintOptions, impose, impose_copies, sheet_cells
from cardgen.sheets.templates import SHEETS
from cardgen.sizes import SIZES

PRESS = SHEETS.get("press-12x18")  # 4 x 4 cells of 3.5 x 2 in


def _numbered(count: int) -> list[list[Side]]:
    """Copies that differ: copy n's front and back are named after it."""
    size = SIZES.get(PRESS.card_size)
    return [[Side(f"front {n}", size.width, size.height, (FillRect(0, 0, 10 + n % 50, 10, "red"),)),
             Side(f"back {n}", size.width, size.height, (FillRect(0, 0, 10, 10 + n % 50, "ink"),))] for n in range(count)]


def _cell_at(x: float, y: float) -> int:
    """The cell (from 0, along the rows) whose trim starts at (x, y) on the front."""
    for k in range(PRESS.cells):
        if PRESS.cell_origin(k % PRESS.columns, k // PRESS.columns) == pytest.approx((x, y)):
            return k
    raise AssertionError(f"no cell at {x}, {y}")


@pytest.mark.parametrize("copies", [16, 37, 160, 161])
def test_cut_stack_puts_consecutive_copies_in_each_cells_pile(copies: int) -> None:
    [(_, pages)] = impose_copies(_numbered(copies), PrintOptions(PRESS, copies=copies, order="cut-stack"))
    fronts, backs = pages[0::2], pages[1::2]
    sheets = -(-copies // PRESS.cells)
    assert len(fronts) == len(backs) == sheets  # no more sheets than along the rows
    piles: dict[int, list[int]] = {}
    for s, page in enumerate(fronts):
        for placed in page.placed:
            copy, cell = int(placed.side.name.split()[1]), _cell_at(placed.x, placed.y)
            assert copy == cell * sheets + s
            piles.setdefault(cell, []).append(copy)
    assert sorted(itertools.chain(*piles.values())) == list(range(copies))  # every copy once
    for cell, pile in piles.items():  # top of the stack first: consecutive copies
        assert pile == list(range(pile[0], pile[0] + len(pile)))
    # the piles laid one on another, cell after cell, are the run in order
    assert list(itertools.chain(*(piles[c] for c in sorted(piles)))) == list(range(copies))
    for front, back in zip(fronts, backs):  # each copy's back is behind its own front (long edge)
        size = SIZES.get(PRESS.card_size)
        behind = {int(p.side.name.split()[1]): (p.x, p.y) for p in back.placed}
        for p in front.placed:
            assert behind[int(p.side.name.split()[1])] == pytest.approx((PRESS.page_width - p.x - size.width, p.y))


def test_rows_order_fills_sheet_after_sheet() -> None:
    assert sheet_cells(5, 4) == [[(0, 0), (1, 1), (2, 2), (3, 3)], [(0, 4)]]
    assert sheet_cells(5, 4, "cut-stack") == [[(0, 0), (1, 2), (2, 4)], [(0, 1), (1, 3)]]
    assert sheet_cells(3, 4, start_cell=3) == [[(2, 0), (3, 1)], [(0, 2)]]


def test_cut_stack_of_identical_copies_changes_nothing() -> None:
    side = _numbered(1)[0]
    files = [impose(side, PrintOptions(PRESS, copies=37, order=order)) for order in ("rows", "cut-stack")]
    assert files[0] == files[1]
    assert write_pages(files[0][0][1], "t") == write_pages(files[1][0][1], "t")


@pytest.mark.parametrize("options", [
    PrintOptions(SHEETS.get("single"), order="cut-stack"),
    PrintOptions(PRESS, order="cut-stack", start_cell=3),
    PrintOptions(PRESS, order="diagonal"),  # type: ignore[arg-type]
])
def test_cut_stack_is_refused_where_it_cannot_apply(options: PrintOptions) -> None:
    from cardgen.sheets.impose import check_options

    with pytest.raises(OptionError, match="cut-stack|order"):
        check_options(options, SIZES.get("us-business"))


def _fewest_sheets(quantities: list[int], cells: int) -> int:
    return next(s for s in itertools.count(1) if sum(-(-q // s) for q in quantities) <= cells)


@pytest.mark.parametrize("quantities", [[600, 200, 150], [1000], [1, 1, 1], [5000, 3, 3, 3], [250] * 16, [7, 900, 64, 31, 2]])
def test_gang_plan_is_proportional_and_needs_the_fewest_sheets(quantities: list[int]) -> None:
    named = [(f"l{i}", q) for i, q in enumerate(quantities)]
    plan = plan_gang(named, "press-12x18", 16)
    assert plan.sheets == _fewest_sheets(quantities, 16)
    cells = [c for share in plan.shares for c in share.cells]
    assert cells == list(range(1, len(cells) + 1)) and len(cells) == 16  # spare cells are used, each cell once
    for share, (_, quantity) in zip(plan.shares, named):
        assert share.printed == len(share.cells) * plan.sheets >= quantity
    for a, b in itertools.combinations(plan.shares, 2):  # a larger quantity never gets fewer cells
        assert (a.quantity - b.quantity) * (len(a.cells) - len(b.cells)) >= 0


def test_gang_plan_for_a_known_order() -> None:
    plan = plan_gang([("es", 600), ("vi", 200), ("zh", 150)], "press-12x18", 16)
    # 950 cards need at least 60 sheets of 16; 60 to 66 sheets would need 17 cells
    assert plan.sheets == 67
    assert [(s.name, s.cells[0], s.cells[-1], s.printed) for s in plan.shares] == [("es", 1, 10, 670), ("vi", 11, 13, 201), ("zh", 14, 16, 201)]
    assert describe_gang(plan)[0] == "gang run on press-12x18: print the sheet 67 times (16 cells a sheet)"
    assert "es: cells 1-10 (10 cells), 670 printed for 600 asked" in describe_gang(plan)[1]


@pytest.mark.parametrize("quantities, message", [
    ([], "at least one"),
    ([("es", 0)], "at least 1"),
    ([("es", 5), ("es", 6)], "twice: es"),
    ([(f"l{i}", 5) for i in range(17)], "17 cards do not fit"),
])
def test_gang_plan_refuses_what_cannot_be_ganged(quantities, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        plan_gang(quantities, "press-12x18", 16)


@pytest.fixture(scope="module")
def wallet_cards():
    from cardgen.build import Builder

    builder = Builder()
    return {code: builder.sides(builder.piece("wallet-card", code, "us-business")) for code in ("es", "vi", "zh-Hans")}


def test_gang_sheet_holds_each_locale_in_its_cells_with_its_back_behind(wallet_cards) -> None:
    import pikepdf

    cards = [("es", 600, wallet_cards["es"]), ("vi", 200, wallet_cards["vi"]), ("zh-Hans", 150, wallet_cards["zh-Hans"])]
    options = PrintOptions(PRESS, bleed=9.0)
    plan, [(suffix, pages)] = gang_pages(cards, options)
    assert suffix == "" and len(pages) == 2  # one sheet, front and back, printed plan.sheets times
    front, back = pages
    size = SIZES.get(PRESS.card_size)
    by_name = {name: sides for name, _, sides in cards}
    for share in plan.shares:
        for cell in share.cells:
            k = cell - 1
            x, y = PRESS.cell_origin(k % PRESS.columns, k // PRESS.columns)
            (here,) = [p for p in front.placed if (p.x, p.y) == pytest.approx((x, y))]
            assert here.side == by_name[share.name][0]
            (behind,) = [p for p in back.placed if (p.x, p.y) == pytest.approx((PRESS.page_width - x - size.width, y))]
            assert behind.side == by_name[share.name][1]
    data = write_pages(pages, "gang")
    document = pikepdf.open(io.BytesIO(data))
    forms = {x.objgen for page in document.pages for x in page.Resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"}
    distinct = len({s for _, _, sides in cards for s in sides})
    assert len(forms) == distinct  # each locale's front and back drawn once
    assert data == write_pages(gang_pages(cards, options)[1][0][1], "gang")  # reproducible


def test_gang_needs_a_sheet_of_cards(wallet_cards) -> None:
    with pytest.raises(OptionError, match="sheet of cards"):
        gang_pages([("es", 10, wallet_cards["es"])], PrintOptions(SHEETS.get("single")))


# -- gang runs in batch orders ----------------------------------------------------------------------

GANG_ORDER = """\
items:
  - product: wallet-card
    locales: [es]
    quantity: 600
    gang: press-12x18
    bleed: true
  - product: wallet-card
    locales: [vi, zh-Hans]
    quantity: 180
    gang: press-12x18
    bleed: true
"""


def test_batch_gang_run_writes_one_sheet_and_says_which_locale_is_where(runner, tmp_path) -> None:
    import pikepdf

    from cardgen.cli import main

    order = tmp_path / "order.yaml"
    order.write_text(GANG_ORDER, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["files"]
    assert entry["file"] == "wallet-card-gang-press-12x18-es-vi-zh-Hans-bleed3.175mm.pdf"
    gang = entry["gang"]
    # 960 cards: 60 sheets of 16 cells, es 10 cells, vi and zh-Hans 3 each
    assert (gang["sheets"], entry["prints"], entry["sheets"]) == (60, 60, 60)
    assert {code: share["cells"] for code, share in gang["locales"].items()} == {"es": list(range(1, 11)), "vi": [11, 12, 13], "zh-Hans": [14, 15, 16]}
    assert all(share["printed"] >= share["quantity"] for share in gang["locales"].values())
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "print the sheet 60 times" in summary and "vi: cells 11-13 (3 cells), 180 printed for 180 asked" in summary
    document = pikepdf.open(out / entry["file"])
    assert len(document.pages) == 2 and document.pages[0].TrimBox is not None
    again = runner.invoke(main, ["batch", str(order), "-o", str(out), "-j", "1"])
    assert "1 already up to date" in again.output


@pytest.mark.parametrize("item, message", [
    ("gang: press-12x18\n    sheet: avery-5371\n    quantity: 5", "and gang both name a sheet"),
    ("gang: press-12x18", "needs quantity"),
    ("gang: single\n    quantity: 5", "unknown sheet of cards for a gang run 'single'"),
    ("gang: press-12x19\n    quantity: 5", "Did you mean"),
])
def test_batch_gang_key_errors(tmp_path, item: str, message: str) -> None:
    from cardgen.batch import load_order
    from cardgen.errors import ContentError

    order = tmp_path / "order.yaml"
    order.write_text(f"items:\n  - product: wallet-card\n    locales: [es]\n    {item}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_order(order)
    assert message in str(caught.value) and "items[0]" in str(caught.value)


def test_batch_pdfx_key_makes_pdfx_files_and_is_validated(runner, tmp_path) -> None:
    import pikepdf

    from cardgen.batch import load_order
    from cardgen.cli import main
    from cardgen.errors import ContentError

    order = tmp_path / "order.yaml"
    order.write_text("defaults:\n  pdfx: true\nitems:\n  - product: wallet-card\n    locales: [es]\n    bleed: true\n"
                     "  - product: wallet-card\n    locales: [vi]\n    quantity: 40\n    gang: press-12x18\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(e["file"] for e in entries) == ["wallet-card-es-us-business-bleed3.175mm-pdfx.pdf", "wallet-card-gang-press-12x18-vi-pdfx.pdf"]
    for entry in entries:
        assert entry["pdfx"] is True
        document = pikepdf.open(out / entry["file"])
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(document.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
    for value, message in (('"yes"', "is text, not a yes or no"), ("3", "must be true or false")):
        order.write_text(f"items:\n  - product: wallet-card\n    pdfx: {value}\n", encoding="utf-8")
        with pytest.raises(ContentError, match=message) as caught:
            load_order(order)
        assert "items[0].pdfx" in str(caught.value)
    order.write_text("defaults:\n  pdfx: 1\nitems:\n  - product: wallet-card\n", encoding="utf-8")
    with pytest.raises(ContentError, match="defaults.pdfx"):
        load_order(order)

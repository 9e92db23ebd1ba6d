"""Options that do what they say (issue 13): --copies needs a card sheet, lengths need a unit,
--out FILE.pdf writes that file, preview names as the README says, PDF viewer hints, and the
calibration sheet's two scales apart."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cardgen.cli import main
from cardgen.errors import ContentError
from cardgen.sheets.templates import load_sheet_file, parse_length, unit_missing
from cardgen.sizes import MM

ROOT = Path(__file__).resolve().parent.parent
CARD = ["build", "-p", "wallet-card", "-l", "es"]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


# -- --copies -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "preview"])
def test_copies_without_a_card_sheet_is_an_error_with_a_hint(runner, tmp_path, command):
    out = tmp_path / "out"
    result = runner.invoke(main, [command, "-p", "wallet-card", "-l", "es", "--copies", "50", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Error: --copies needs a card sheet such as --sheet avery-5371 (see 'cardgen list'); without one, each file holds one piece: print as many copies of it as you need." in result.output
    assert "Traceback" not in result.output and _files(out) == set()


def test_copies_on_a_card_sheet_still_make_the_copies(runner, tmp_path):
    result = runner.invoke(main, [*CARD, "--sheet", "avery-5371", "--copies", "25", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (pdf,) = tmp_path.glob("*.pdf")
    assert pdf.name == "wallet-card-es-us-business-avery-5371-25-copies.pdf"
    assert len(PdfReader(pdf).pages) == 6  # 3 sheets, front and back


# -- lengths need a unit --------------------------------------------------------------------------

def test_a_bare_bleed_is_refused_3_what(runner, tmp_path):
    result = runner.invoke(main, [*CARD, "--bleed", "3", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Invalid value for --bleed: 3 what? Write 3mm or 0.125in: a length needs its unit (mm, in or pt)." in result.output
    assert not (tmp_path / "out").exists()


def test_lengths_with_units_and_zero_are_read():
    assert parse_length("3mm") == pytest.approx(3 * MM)
    assert parse_length("0.125in") == pytest.approx(9.0)
    assert parse_length("36pt") == 36.0
    assert parse_length(0) == 0.0 and parse_length("0") == 0.0  # nothing, in any unit
    for bare in (3, 12.5, "3", " 12 "):
        assert parse_length(bare) is None and unit_missing(bare)
    assert unit_missing("3mm") is None and unit_missing("wide") is None and unit_missing(True) is None


def test_a_sheet_file_with_a_bare_number_names_the_key_and_the_fix(tmp_path):
    path = tmp_path / "sheet.yaml"
    path.write_text("name: office\ncard_size: us-business\ncolumns: 2\nrows: 4\npage_width: 8.5in\n"
                    "page_height: 11in\nleft: 12\ntop: 0.5in\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sheet_file(path)
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [
        (7, "left", "12 what? Write 12mm or 0.125in: a length needs its unit (mm, in or pt)."),
    ]


def test_an_order_with_a_bare_bleed_is_refused(runner, tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text("items:\n  - product: wallet-card\n    locales: [es]\n    sheet: letter-10up\n    bleed: 3\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "3 what? Write 3mm or 0.125in" in result.output and "bleed" in result.output


# -- --out FILE.pdf ---------------------------------------------------------------------------------

def test_out_a_pdf_path_writes_exactly_that_file(runner, tmp_path):
    target = tmp_path / "cards" / "card.pdf"
    for _ in range(2):  # and again, over the file it wrote
        result = runner.invoke(main, [*CARD, "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert f"wrote {target}" in result.output
    assert _files(tmp_path) == {"cards/card.pdf"}
    assert len(PdfReader(target).pages) == 2


def test_out_a_pdf_path_for_several_files_is_an_error(runner, tmp_path):
    target = tmp_path / "card.pdf"
    result = runner.invoke(main, [*CARD, "-l", "en", "--out", str(target)])
    assert result.exit_code == 2, result.output
    assert (f"Error: --out {target} names one PDF file, but this build makes 2 files (wallet-card-es-us-business.pdf, "
            "wallet-card-en-us-business.pdf). Choose one --product and one --locale (and not --duplex none), or give --out a folder.") in result.output
    assert _files(tmp_path) == set()


def test_out_a_pdf_path_for_preview_and_out_an_existing_file_are_errors(runner, tmp_path):
    result = runner.invoke(main, ["preview", "-p", "wallet-card", "-l", "es", "--out", str(tmp_path / "a.pdf")])
    assert result.exit_code == 2 and "preview writes several PNG images; give --out a folder" in result.output, result.output
    existing = tmp_path / "notes.txt"
    existing.write_text("x", encoding="utf-8")
    result = runner.invoke(main, [*CARD, "--out", str(existing)])
    assert result.exit_code == 2, result.output
    assert f"Error: --out {existing} is a file, not a folder. Give a folder to write into, or a path ending in .pdf for one file." in result.output
    assert _files(tmp_path) == {"notes.txt"}


# -- preview names ------------------------------------------------------------------------------------

def test_preview_names_are_those_the_readme_gives(runner, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "previews add `-front.png` / `-back.png`" in readme
    assert "previews of a sheet add `-sheet-01-front.png`, `-sheet-01-back.png`, ..., or `-sheet-01.png`" in readme
    runs = {
        "single": ([], {"wallet-card-es-us-business-front.png", "wallet-card-es-us-business-back.png"}),
        "sheet": (["--sheet", "avery-5371", "--copies", "12"], {
            f"wallet-card-es-us-business-avery-5371-12-copies-sheet-{n:02d}-{side}.png" for n in (1, 2) for side in ("front", "back")}),
        "apart": (["--sheet", "avery-5371", "--duplex", "none"], {
            "wallet-card-es-us-business-avery-5371-fronts-sheet-01.png", "wallet-card-es-us-business-avery-5371-backs-sheet-01.png"}),
    }
    for name, (extra, expected) in runs.items():
        out = tmp_path / name
        result = runner.invoke(main, ["preview", "-p", "wallet-card", "-l", "es", "--dpi", "50", *extra, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert _files(out) == expected, name


# -- viewer preferences -----------------------------------------------------------------------------

def _preferences(data: bytes) -> dict[str, str]:
    preferences = PdfReader(io.BytesIO(data)).trailer["/Root"]["/ViewerPreferences"]
    return {key: str(value) for key, value in preferences.items()}


@pytest.mark.parametrize("extra, product, duplex", [
    ([], "wallet-card", "/DuplexFlipLongEdge"),  # one card: its front, then its back
    (["--bleed"], "wallet-card", "/DuplexFlipLongEdge"),
    (["--duplex", "short-edge"], "wallet-card", "/DuplexFlipShortEdge"),
    (["--sheet", "avery-5371"], "wallet-card", "/DuplexFlipLongEdge"),
    (["--sheet", "letter-10up", "--duplex", "short-edge"], "wallet-card", "/DuplexFlipShortEdge"),
    (["--sheet", "avery-5371", "--duplex", "none"], "wallet-card", "/Simplex"),  # fronts and backs apart
    (["--sheet", "booklet"], "guide", "/DuplexFlipShortEdge"),
    (["--sheet", "booklet", "--duplex", "none"], "guide", "/Simplex"),
    ([], "door-sign", "/Simplex"),  # one page
])
def test_every_file_asks_for_actual_size_and_the_duplex_of_its_sheet(runner, tmp_path, extra, product, duplex):
    result = runner.invoke(main, ["build", "-p", product, "-l", "es", *extra, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert _preferences(pdf.read_bytes()) == {"/PrintScaling": "/None", "/Duplex": duplex}, pdf.name


@pytest.mark.parametrize("duplex, name", [("long-edge", "/DuplexFlipLongEdge"), ("short-edge", "/DuplexFlipShortEdge")])
def test_the_calibration_sheet_carries_its_duplex(runner, tmp_path, duplex, name):
    result = runner.invoke(main, ["calibrate", "--duplex", duplex, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _preferences((tmp_path / "calibration-avery-5371.pdf").read_bytes()) == {"/PrintScaling": "/None", "/Duplex": name}


def test_files_with_viewer_hints_stay_reproducible(runner, tmp_path):
    for run in ("a", "b"):
        assert runner.invoke(main, [*CARD, "--sheet", "avery-5371", "-o", str(tmp_path / run)]).exit_code == 0
    (a,), (b,) = (tmp_path / "a").glob("*.pdf"), (tmp_path / "b").glob("*.pdf")
    assert a.read_bytes() == b.read_bytes()


# -- the calibration sheet's back ---------------------------------------------------------------------

def _boxes(ops):
    """Bounding boxes (x0, y0, x1, y1) of the red scale marks and of each text line."""
    from cardgen.drawing import FillRect, ShapedLine

    marks = [(op.x, op.y, op.x + op.width, op.y + op.height) for op in ops if isinstance(op, FillRect) and op.color == "red"]
    return marks, [op for op in ops if isinstance(op, ShapedLine)]


def test_the_x_and_y_scales_stand_apart_and_say_their_sign():
    from cardgen.sheets.calibrate import X_SCALE_BELOW, Y_SCALE_LEFT, _scales
    from cardgen.sheets.impose import PrintOptions, Slot, _behind
    from cardgen.sheets.templates import SHEETS
    from cardgen.sizes import SIZES

    cx, cy = 300.0, 400.0
    ops = _scales(cx, cy)
    marks, lines = _boxes(ops)
    x_scale = [m for m in marks if m[1] >= cy - X_SCALE_BELOW * MM - 1 and m[3] <= cy - X_SCALE_BELOW * MM + 3 * MM]
    y_scale = [m for m in marks if m not in x_scale]
    assert x_scale and y_scale
    # the X scale's marks all lie right of the Y scale's and below them: no tick of one crosses the other
    assert min(m[0] for m in x_scale) > max(m[2] for m in y_scale)
    assert max(m[3] for m in x_scale) < min(m[1] for m in y_scale)
    assert max(m[2] for m in y_scale) < cx - (Y_SCALE_LEFT - 4) * MM
    assert lines  # numbers and the two names; their words are checked in the rendered PDF below
    # the labels follow impose's sign convention: a back offset of +X moves backs right, +Y up
    sheet = SHEETS.get("avery-5371")
    plain = _behind(Slot(0, 54.0, 100.0), sheet, SIZES.get(sheet.card_size), PrintOptions(sheet))
    moved = _behind(Slot(0, 54.0, 100.0), sheet, SIZES.get(sheet.card_size), PrintOptions(sheet, back_offset=(1.0, 1.0)))
    assert moved.x > plain.x and moved.y > plain.y


def test_the_calibration_back_reads_its_scales_apart(runner, tmp_path):
    from conftest import page_text

    result = runner.invoke(main, ["calibrate", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    back = page_text((tmp_path / "calibration-avery-5371.pdf").read_bytes(), 1)
    assert back.count("X mm: + moves backs right") == 10 and back.count("Y mm: + moves backs up") == 10
    assert "read X where the cross's vertical line crosses the X scale, and Y where its horizontal line crosses the Y scale" in re.sub(r"\s+", " ", back)

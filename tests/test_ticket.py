"""Batch orders for a copy shop: order-level defaults, quantity and total, summary.txt's per-file
lines and totals, the job ticket (CSV and JSON), and how `build` and `batch` say to print."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cardgen.batch import expand, load_order, split_total
from cardgen.cli import main
from cardgen.errors import ContentError
from cardgen.sheets.templates import SHEETS
from cardgen.ticket import plural, ticket

ORG = "name: Riverside Legal Aid\nphone: \"555-0100\"\n"


def _order(tmp_path: Path, text: str) -> Path:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_order(path)
    return [f"{p.line}: {p.key}: {p.message}" for p in caught.value.problems]


# -- plurals and tickets ----------------------------------------------------------------------------


def test_plurals():
    assert [plural(n, "sheet") for n in (0, 1, 2, 1600)] == ["0 sheets", "1 sheet", "2 sheets", "1,600 sheets"]
    assert plural(1, "copy", "copies") == "1 copy" and plural(3, "copy", "copies") == "3 copies"


def _ticket(name: str, sheet: str, pages: int, quantity, duplex: str = "long-edge", size: str = "us-business", product: str = "wallet-card"):
    return ticket(
        name, product=product, locale="es", region="il", organisation=None, size=size, sheet=SHEETS.get(sheet),
        duplex=duplex, pages=pages, quantity=quantity, translation_status="draft",
    )


def test_a_card_sheet_file_holds_every_copy_and_is_printed_once():
    t = _ticket("cards.pdf", "avery-5371", 6, 25)  # 25 cards: 3 sheets, fronts and backs
    assert (t.copies, t.prints, t.sheets, t.stock, t.sides, t.flip) == (25, 1, 3, "Avery 5371 (also 5376, 5377, 5911, 8371)", "two-sided", "long edge")
    full = _ticket("cards.pdf", "avery-5371", 2, None)  # the default: one full sheet
    assert (full.copies, full.prints, full.sheets) == (10, 1, 1)
    short = _ticket("cards.pdf", "letter-10up", 2, None, duplex="short-edge")
    assert (short.sides, short.flip) == ("two-sided", "short edge")


def test_single_pieces_and_booklets_are_printed_once_per_copy():
    sign = _ticket("sign.pdf", "single", 1, 40, size="a4", product="door-sign")
    assert (sign.copies, sign.prints, sign.sheets, sign.stock, sign.sides, sign.flip) == (40, 40, 40, "A4 paper", "one-sided", None)
    card = _ticket("card.pdf", "single", 2, None)
    assert (card.copies, card.prints, card.sheets, card.stock, card.sides, card.flip) == (1, 1, 1, "3.5 x 2 in card stock (US business card)", "two-sided", "long edge")
    guide = _ticket("guide.pdf", "single", 10, 3, size="half-letter", product="guide")
    assert (guide.sheets, guide.stock, guide.sides) == (15, "Half Letter paper", "two-sided")  # 5 sheets a guide
    booklet = _ticket("guide-booklet.pdf", "booklet", 4, 30, duplex="short-edge", size="half-letter", product="guide")
    assert (booklet.copies, booklet.prints, booklet.sheets, booklet.flip) == (30, 30, 60, "short edge")
    assert booklet.note.startswith("2 sheets per booklet x 30 = 60 sheets; fold")


def test_fronts_and_backs_files_count_their_sheets_once():
    fronts = _ticket("cards-fronts.pdf", "avery-5371", 3, 25, duplex="none")
    backs = _ticket("cards-backs.pdf", "avery-5371", 3, 25, duplex="none")
    assert (fronts.sheets, fronts.sides, backs.sheets, backs.sides) == (3, "one-sided", 0, "one-sided")
    assert backs.note == "print on the backs of the sheets of cards-fronts.pdf, turned over the long edge"
    booklet = _ticket("g-fronts.pdf", "booklet", 2, 5, duplex="none", size="half-letter", product="guide")
    assert (booklet.sheets, booklet.stock) == (10, "US Letter paper, for booklets")
    assert "over the short edge" in booklet.note


# -- defaults, quantity and total -------------------------------------------------------------------


def test_defaults_reach_every_item_and_the_items_own_values_win(tmp_path):
    order = _order(tmp_path, (
        "defaults:\n  region: il\n  org: org.yaml\n  sheet: avery-5371\n  size: cr80\n  site_url: https://rights.example.org/\n"
        "  bleed: false\n  duplex: short-edge\n  cmyk: true\n"
        "items:\n"
        "  - product: wallet-card\n    locales: [es]\n"
        "  - product: door-sign\n    locales: [es]\n    region: ca\n    org: null\n    sheet: single\n    size: a4\n"
        "    site_url: https://other.example.org\n    duplex: long-edge\n    cmyk: false\n    bleed: 3mm\n"
    ))
    first, second = load_order(order)
    assert (first.region, first.org, first.sheet, first.size, first.site_url, first.bleed, first.duplex, first.cmyk) == (
        "il", "org.yaml", "avery-5371", "cr80", "https://rights.example.org", False, "short-edge", True)
    assert (second.region, second.sheet, second.size, second.site_url, second.bleed, second.duplex, second.cmyk) == (
        "ca", "single", "a4", "https://other.example.org", "3mm", "long-edge", False)
    assert second.org == "org.yaml"  # an empty value is "not set": the default stays


def test_wrong_defaults_are_named_with_their_line(tmp_path):
    order = _order(tmp_path, (
        "defaults:\n  region: 5\n  quantity: 10\n  colour: red\n  cmyk: 'yes'\n  regoin: il\n"
        "items:\n  - product: wallet-card\n    locales: [es]\n"
    ))
    assert _problems(order) == [
        "2: defaults.region: must be text such as 'il', not 5. Quote it if it is a code YAML reads otherwise (no, on, 1.10).",
        "3: defaults.quantity: unknown key (a per-item key: set it on each item). Defaults may set: region, org, sheet, size, site_url, bleed, duplex, cmyk, pdfx.",
        "4: defaults.colour: unknown key. Defaults may set: region, org, sheet, size, site_url, bleed, duplex, cmyk, pdfx.",
        "5: defaults.cmyk: 'yes' is text, not a yes or no: write true or false without quotes.",
        "6: defaults.regoin: unknown key. Did you mean 'region'? Defaults may set: region, org, sheet, size, site_url, bleed, duplex, cmyk, pdfx.",
    ]
    listed = _order(tmp_path, "defaults: [il]\nitems:\n  - product: wallet-card\n")
    assert _problems(listed) == ["1: defaults: must be a mapping of what every item gets unless it says otherwise: region, org, sheet, size, site_url, bleed, duplex, cmyk, pdfx."]
    twice = _order(tmp_path, "site_url: https://a.example.org\ndefaults:\n  site_url: https://b.example.org\nitems:\n  - product: wallet-card\n")
    assert _problems(twice) == ["1: site_url: is given twice, here and in defaults. Keep the one in defaults."]


def test_total_is_split_evenly_over_the_locales_rounding_up(tmp_path):
    assert [split_total(1000, n) for n in (1, 3, 10, 2000)] == [1000, 334, 100, 1]
    order = _order(tmp_path, (
        "items:\n  - product: wallet-card\n    locales: [es, vi, ar]\n    sheet: avery-5371\n    total: 1000\n"
        "  - product: door-sign\n    locales: [es, vi]\n    total: 10\n"
        "  - product: door-sign\n    locales: [ko]\n    quantity: 7\n"
    ))
    notes: list[str] = []
    jobs = expand(load_order(order), lambda product: [], notes)
    assert [(j.product, j.locale, j.quantity) for j in jobs] == [
        ("wallet-card", "es", 334), ("wallet-card", "vi", 334), ("wallet-card", "ar", 334),
        ("door-sign", "es", 5), ("door-sign", "vi", 5), ("door-sign", "ko", 7),
    ]
    assert notes == [
        "item 1 (wallet-card): total 1,000 split over 3 locales: 334 copies each, 1,002 in all (rounded up).",
        "item 2 (door-sign): total 10 split over 2 locales: 5 copies each.",
    ]


def test_quantity_and_total_together_are_refused(tmp_path):
    order = _order(tmp_path, "items:\n  - product: wallet-card\n    quantity: 10\n    total: 100\n    locales: [es]\n")
    assert _problems(order) == [
        "4: items[0].total: and quantity both say how many: give quantity (copies of each locale's file) or total (copies in all, split over the locales), not both."
    ]
    zero = _order(tmp_path, "items:\n  - product: wallet-card\n    total: 0\n")
    assert _problems(zero) == ["3: items[0].total: must be a whole number from 1 to 10,000, not 0."]


def test_the_readme_order_no_longer_asks_for_1600_sheets():
    """The README's example order: quantity per file, total split, and the sheets it says."""
    import re

    import yaml

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"- Batch orders .*?```yaml\n(.*?)```", readme, re.S).group(1)
    data = yaml.safe_load(block)
    assert data["defaults"]["sheet"] == "avery-5371"
    cards = [i for i in data["items"] if i["product"] == "wallet-card"]
    assert [split_total(i["total"], len(i["locales"])) if "total" in i else i["quantity"] for i in cards] == [200, 500]
    assert "# 600 cards in all: 200 of each locale, 20 sheets each" in block and "# 500 cards of this one file: 50 sheets" in block


# -- summary.txt, the job ticket and the printing hints ---------------------------------------------


@pytest.fixture(scope="module")
def shop_run(tmp_path_factory):
    from click.testing import CliRunner

    tmp_path = tmp_path_factory.mktemp("shop")
    order = _order(tmp_path, (
        "defaults:\n  region: il\n  org: org.yaml\n  sheet: avery-5371\n"
        "items:\n"
        "  - product: wallet-card\n    locales: [es, vi]\n    total: 25\n"
        "  - product: wallet-card\n    locales: [ar]\n    duplex: none\n    quantity: 10\n"
        "  - product: door-sign\n    locales: [es]\n    sheet: single\n    size: a4\n    quantity: 1\n"
        "  - product: guide\n    locales: [en]\n    sheet: booklet\n    quantity: 2\n"
    ))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result, out


def test_the_summary_lists_each_file_with_copies_sheets_stock_and_settings(shop_run):
    result, out = shop_run
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    manifest = {e["file"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    guide = next(name for name in manifest if name.startswith("guide-"))
    per_booklet = manifest[guide]["pages"] // 2
    avery = "Avery 5371 (also 5376, 5377, 5911, 8371)"
    expected = "\n".join([
        "6 files built, 0 already up to date, 0 items failed.",
        "",
        "Quantities (quantity: copies of each locale's file; total: copies in all, split evenly over the locales, rounded up):",
        "  item 1 (wallet-card): total 25 split over 2 locales: 13 copies each, 26 in all (rounded up).",
        "",
        "Print every file at actual size (scale 100 %, no 'fit to page').",
        "",
        "Files to print:",
        "  door-sign-es-a4-il-riverside-legal-aid.pdf",
        "      1 copy: print the file once, on 1 sheet of A4 paper; actual size (100 %), one-sided",
        f"  {guide}",
        f"      2 copies: print the file 2 times, on {plural(per_booklet * 2, 'sheet')} of US Letter paper, printed duplex (flip on short edge), for booklets; actual size (100 %), two-sided, flip on short edge",
        f"      {plural(per_booklet, 'sheet')} per booklet x 2 = {plural(per_booklet * 2, 'sheet')}; fold each booklet's sheets in half together and staple twice at the fold",
        "  wallet-card-ar-us-business-il-riverside-legal-aid-avery-5371-backs.pdf",
        f"      10 copies laid out in the file: print it once, on the same sheets ({avery}); actual size (100 %), one-sided",
        "      print on the backs of the sheets of wallet-card-ar-us-business-il-riverside-legal-aid-avery-5371-fronts.pdf, turned over the long edge",
        "  wallet-card-ar-us-business-il-riverside-legal-aid-avery-5371-fronts.pdf",
        f"      10 copies laid out in the file: print it once, on 1 sheet of {avery}; actual size (100 %), one-sided",
        "      then turn the printed sheets over the long edge and print wallet-card-ar-us-business-il-riverside-legal-aid-avery-5371-backs.pdf on their backs",
        "  wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-13-copies.pdf",
        f"      13 copies laid out in the file: print it once, on 2 sheets of {avery}; actual size (100 %), two-sided, flip on long edge",
        "  wallet-card-vi-us-business-il-riverside-legal-aid-avery-5371-13-copies.pdf",
        f"      13 copies laid out in the file: print it once, on 2 sheets of {avery}; actual size (100 %), two-sided, flip on long edge",
        "",
        "Sheets to print, per stock (stock to buy):",
        "       1  A4 paper",
        f"       5  {avery}",
        f"  {per_booklet * 2:>6}  US Letter paper, printed duplex (flip on short edge), for booklets",
        "",
        "Unreviewed draft translations (marked on the pieces): ar, es, vi",
        "",
    ])
    assert summary == expected
    assert result.stdout.startswith("item 1 (wallet-card): total 25 split over 2 locales: 13 copies each, 26 in all (rounded up).\n")
    assert summary in result.stdout


def test_the_job_ticket_has_one_row_per_file_in_csv_and_json(shop_run):
    _, out = shop_run
    manifest = {e["file"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    rows = list(csv.DictReader((out / "job-ticket.csv").open(encoding="utf-8", newline="")))
    assert [r["file"] for r in rows] == sorted(manifest)
    card = next(r for r in rows if r["file"].endswith("-13-copies.pdf"))
    assert {k: card[k] for k in ("product", "region", "organisation", "copies", "prints", "sheets", "sides", "flip", "scale", "translation_status")} == {
        "product": "wallet-card", "region": "il", "organisation": "Riverside Legal Aid", "copies": "13", "prints": "1",
        "sheets": "2", "sides": "two-sided", "flip": "long edge", "scale": "100%", "translation_status": "draft",
    }
    sign = next(r for r in rows if r["product"] == "door-sign")
    assert (sign["sides"], sign["flip"], sign["stock"], sign["prints"]) == ("one-sided", "", "A4 paper", "1")
    ticket_json = json.loads((out / "job-ticket.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in ticket_json["files"]] == [r["file"] for r in rows]
    assert ticket_json["files"][0]["flip"] is None and ticket_json["scale"] == "100%"
    assert {s["stock"]: s["sheets"] for s in ticket_json["stock"]}["Avery 5371 (also 5376, 5377, 5911, 8371)"] == 5
    for name, entry in manifest.items():  # the manifest says the same, truthfully
        row = next(r for r in rows if r["file"] == name)
        assert (str(entry["copies"]), str(entry["prints"]), str(entry["sheets"]), entry["stock"], entry["sides"], entry["flip"] or "") == (
            row["copies"], row["prints"], row["sheets"], row["stock"], row["sides"], row["flip"])


def test_batch_ends_with_how_to_print_and_warns_about_drafts_once(shop_run):
    result, out = shop_run
    assert result.stdout.endswith(
        f"manifest: {out / 'manifest.json'}\n"
        "to print: every file at actual size (scale 100 %, no 'fit to page');\n"
        "  one-sided: door-sign-es-a4-il-riverside-legal-aid.pdf and 2 other files\n"
        "  two-sided, flip on long edge: wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-13-copies.pdf and 1 other file\n"
        f"  two-sided, flip on short edge: {next(p.name for p in out.glob('guide-*.pdf'))}\n"
        f"hand the copy shop {out / 'summary.txt'} or {out / 'job-ticket.csv'} (job-ticket.json for software): copies, sheets and stock per file.\n"
    )
    assert result.stderr == (
        "warning: 5 files are from unreviewed draft translations (ar, es, vi): they carry a 'DRAFT, not reviewed' mark. "
        "Have the translations reviewed ('cardgen proof', 'cardgen approve') before printing for the public.\n"
    )


def test_build_ends_with_how_to_print_and_warns_about_drafts_once(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "-l", "en", "--sheet", "avery-5371", "--copies", "25", "--site-url", "https://rights.example.org", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "to print: every file at actual size (scale 100 %, no 'fit to page');",
        "  two-sided, flip on long edge: wallet-card-en-us-business-avery-5371-25-copies.pdf and 1 other file",
        "  6 sheets of Avery 5371 (also 5376, 5377, 5911, 8371) in all.",
    ]
    assert result.stderr.count("warning:") == 1
    assert "warning: 1 piece is from an unreviewed draft translation (es): it carries a 'DRAFT, not reviewed' mark." in result.stderr
    booklet = runner.invoke(main, ["build", "-p", "guide", "-l", "en", "--sheet", "booklet", "--site-url", "https://rights.example.org", "-o", str(tmp_path)])
    assert booklet.stdout.splitlines()[-1] == "to print guide-en-half-letter-booklet.pdf: actual size (scale 100 %, no 'fit to page'), two-sided, flip on short edge."
    assert "warning" not in booklet.stderr  # the English source is no draft


def test_a_sheet_file_names_its_stock_by_its_label_or_its_file(tmp_path):
    from cardgen.sheets.templates import load_sheet_file
    from cardgen.ticket import stock_of

    text = 'name = "x"\ncard_size = "us-business"\ncolumns = 2\nrows = 5\npage_width = "8.5in"\npage_height = "11in"\nleft = "0.75in"\ntop = "0.5in"\n'
    (tmp_path / "plain.toml").write_text(text, encoding="utf-8")
    (tmp_path / "named.toml").write_text(text + 'label = "Office cards: 10 a sheet"\n', encoding="utf-8")
    assert stock_of(load_sheet_file(tmp_path / "plain.toml"), "us-business") == "the stock of plain.toml"
    assert stock_of(load_sheet_file(tmp_path / "named.toml"), "us-business") == "Office cards"


SHEET_FILE = (
    'name = "office"\nlabel = "Office cards: 10 a sheet"\ncard_size = "us-business"\ncolumns = 2\nrows = 5\n'
    'page_width = "8.5in"\npage_height = "11in"\nleft = "0.75in"\ntop = "0.5in"\n'
)


def test_an_order_may_name_a_sheet_file_of_its_own(runner, tmp_path):
    (tmp_path / "sheets").mkdir()
    sheet = tmp_path / "sheets" / "office.toml"
    sheet.write_text(SHEET_FILE, encoding="utf-8")
    order = _order(tmp_path, "defaults:\n  sheet: sheets/office.toml\nitems:\n  - product: wallet-card\n    locales: [es]\n    quantity: 20\n")
    out = tmp_path / "out"
    args = ["batch", str(order), "-o", str(out), "--jobs", "1"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert (entry["file"], entry["sheet"], entry["sheet_file"], entry["sheets"], entry["stock"]) == (
        "wallet-card-es-us-business-office-20-copies.pdf", "office", "sheets/office.toml", 2, "Office cards")
    assert "0 files built, 1 already up to date" in runner.invoke(main, args).stdout
    sheet.write_text(SHEET_FILE.replace('left = "0.75in"', 'left = "0.7in"'), encoding="utf-8")
    assert "1 file built, 0 already up to date" in runner.invoke(main, args).stdout  # the sheet file is an input
    sheet.write_text(SHEET_FILE.replace("columns = 2", "columns = 0"), encoding="utf-8")
    broken = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "other")])
    assert broken.exit_code == 2 and not (tmp_path / "other").exists()
    assert f"{sheet}: columns: 0 is not a whole number from 1 to 200." in broken.stderr  # TOML: no line numbers
    missing = _order(tmp_path, "items:\n  - product: wallet-card\n    sheet: nowhere.yaml\n")
    result = runner.invoke(main, ["batch", str(missing), "-o", str(tmp_path / "other")])
    assert result.exit_code == 2 and "nowhere.yaml" in result.stderr and "Traceback" not in result.output

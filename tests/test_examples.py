"""The examples an organisation starts from, `cardgen init`, and the README's organiser walk-through:
every example file is loaded and built, and the walk-through runs as written."""

from __future__ import annotations

import csv
import json
import re
import shlex
import tomllib
from pathlib import Path

from cardgen.cli import main
from cardgen.resources import example_files, examples_dir
from conftest import page_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FILES = {
    "README.md", "coalition-order.yaml", "org/riverside-legal-aid.yaml", "org/riverside-legal-aid-logo.png",
    "sheets/my-perforated-sheet.toml",
}
TEN = ["es", "zh-Hans", "vi", "ko", "tl", "ar", "ht", "pt-BR", "ru", "am"]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _commands(markdown: str, heading: str) -> list[list[str]]:
    """The command lines of the first ```sh block after ``heading``."""
    section = markdown[markdown.index(heading):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line and not line.startswith("#")]


def _run(runner, command: list[str]):
    assert command[0] == "cardgen", command
    return runner.invoke(main, command[1:])


def test_the_examples_are_the_files_init_writes_and_the_wheel_ships():
    assert examples_dir() == EXAMPLES
    assert set(example_files()) == FILES
    for name in FILES - {"README.md", "org/riverside-legal-aid-logo.png"}:  # each file is commented
        assert (EXAMPLES / name).read_text(encoding="utf-8").lstrip().startswith("#"), name
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in FILES - {"README.md"}:
        assert f"`{name}`" in readme, name  # the README says what each file is
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
    assert wheel["wheel"]["force-include"]["examples"] == "cardgen/_data/examples"
    assert "examples" in wheel["sdist"]["include"]


def test_the_example_logo_is_a_small_placeholder_said_to_be_one():
    from PIL import Image

    with Image.open(EXAMPLES / "org" / "riverside-legal-aid-logo.png") as logo:
        assert logo.format == "PNG" and logo.size[0] <= 400 and logo.size[1] <= 200
    profile = (EXAMPLES / "org" / "riverside-legal-aid.yaml").read_text(encoding="utf-8")
    assert "placeholder made for this example" in profile


def test_the_example_profile_prints_its_name_and_phone_on_the_card_back(builder):
    from cardgen.org import load_org

    org = load_org(EXAMPLES / "org" / "riverside-legal-aid.yaml")
    assert (org.name, org.phone, org.website) == ("Riverside Legal Aid", "+1 555 0100", "https://riverside-legal-aid.example.org")
    assert org.logo and org.accent
    back = _flat(page_text(builder.pdf(builder.piece("wallet-card", "es", region="il", org=org)), 1))
    assert "Riverside Legal Aid · +1 555 0100 · riverside-legal-aid.example.org" in back


def test_the_example_sheet_file_builds_cards_on_a4(runner, tmp_path):
    import pypdf

    from cardgen.sheets.templates import load_sheet_file
    from cardgen.sizes import MM

    sheet = load_sheet_file(EXAMPLES / "sheets" / "my-perforated-sheet.toml")
    assert (sheet.name, sheet.card_size, sheet.cells) == ("my-perforated-sheet", "eu-business", 10)
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet-file", str(EXAMPLES / "sheets" / "my-perforated-sheet.toml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "wallet-card-es-eu-business-my-perforated-sheet.pdf"
    pages = pypdf.PdfReader(pdf).pages
    assert len(pages) == 2  # one sheet: fronts, then backs
    assert [round(float(v) / MM) for v in pages[0].mediabox[2:]] == [210, 297]
    assert result.stdout.splitlines()[-2:] == [
        "to print wallet-card-es-eu-business-my-perforated-sheet.pdf: actual size (scale 100 %, no 'fit to page'), two-sided, flip on long edge.",
        "  1 sheet of Perforated A4 card sheet.",
    ]


def test_init_writes_the_examples_and_refuses_to_overwrite(runner, tmp_path):
    folder = tmp_path / "riverside"
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert written == FILES
    for name in FILES:
        assert (folder / name).read_bytes() == (EXAMPLES / name).read_bytes()
    assert f"wrote {folder / 'coalition-order.yaml'}" in result.stdout
    (folder / "org" / "riverside-legal-aid.yaml").write_text("name: Our Own\n", encoding="utf-8")
    (folder / "README.md").unlink()
    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 4
    assert again.stderr == (
        f"Error: cannot write {folder}: it already holds coalition-order.yaml, org/riverside-legal-aid-logo.png, "
        "org/riverside-legal-aid.yaml, sheets/my-perforated-sheet.toml, and 'cardgen init' never overwrites a file. "
        "Nothing was written; give a new or empty folder, or move those files away.\n"
    )
    assert (folder / "org" / "riverside-legal-aid.yaml").read_text(encoding="utf-8") == "name: Our Own\n"
    assert not (folder / "README.md").exists()  # nothing written, not even the missing file


def test_init_writes_nothing_outside_its_folder(runner, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "riverside"
    folder.mkdir()
    (folder / "org").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert "it would be outside the output folder" in result.stderr and "Nothing was written" in result.stderr
    assert list(outside.iterdir()) == [] and sorted(p.name for p in folder.iterdir()) == ["org"]
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    assert runner.invoke(main, ["init", str(file)]).exit_code == 2  # a file, not a folder


def test_the_readme_walk_through_and_the_coalition_order_work_as_written(runner, tmp_path, monkeypatch):
    """The README's organiser walk-through, command by command, from `cardgen init`; the last
    command builds every item of the example coalition order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands(readme, "## For organisers: a walk-through")
    assert [c[:2] for c in commands] == [["cardgen", "init"], ["cd", "riverside/"], ["cardgen", "build"], ["cardgen", "build"], ["cardgen", "batch"]]
    monkeypatch.chdir(tmp_path)
    results = []
    for command in commands:
        if command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
            continue
        if command[1] == "batch":
            command = [*command, "--jobs", "2"]
        result = _run(runner, command)
        assert result.exit_code == 0, result.output
        results.append(result)
    here = Path.cwd()
    card = here / "print" / "wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-500-copies.pdf"
    sign = here / "print" / "door-sign-ar-a4-riverside-legal-aid.pdf"
    for path in (card, sign):
        assert f"`{path.relative_to(here).as_posix()}`" in readme and path.is_file()
    import pypdf

    assert len(pypdf.PdfReader(card).pages) == 100  # 50 sheets, fronts and backs
    assert results[1].stdout.splitlines()[-2:] == [
        f"to print {card.name}: actual size (scale 100 %, no 'fit to page'), two-sided, flip on long edge.",
        "  50 sheets of Avery 5371 (also 5376, 5377, 5911, 8371).",
    ]
    assert f"to print {sign.name}: actual size (scale 100 %, no 'fit to page'), one-sided." in results[2].stdout
    assert "Riverside Legal Aid" in _flat(page_text(card.read_bytes(), 1))

    out = here / "print-run"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and not manifest["failed"]
    files = manifest["files"]
    by_product: dict[str, list[dict]] = {}
    for entry in files:
        by_product.setdefault(entry["product"], []).append(entry)
    # every item ran: ten languages of cards, three of door signs, two each of workplace signs and guides
    perforated = [e for e in by_product["wallet-card"] if e["sheet"] == "my-perforated-sheet"]
    cards = [e for e in by_product["wallet-card"] if e["sheet"] != "my-perforated-sheet"]
    assert sorted(e["locale"] for e in cards) == sorted(TEN)
    assert {e["region"] for e in files} == {"il", "ca", "tx"}
    assert {(p, len(es)) for p, es in by_product.items()} == {("wallet-card", 11), ("door-sign", 3), ("workplace-sign", 2), ("guide", 2)}
    # the defaults reached the items that did not set them, and the items' own values won
    assert all(e["organisation"] == "Riverside Legal Aid" for e in files)
    assert all(e["sheet"] == "avery-5371" and e["quantity"] == 100 and e["sheets"] == 10 for e in cards)
    # the order's own sheet file, relative to the order
    assert [(e["file"], e["sheet_file"], e["sheets"], e["stock"]) for e in perforated] == [(
        "wallet-card-es-eu-business-il-riverside-legal-aid-my-perforated-sheet-40-copies.pdf",
        "sheets/my-perforated-sheet.toml", 4, "Perforated A4 card sheet",
    )]
    assert all(e["sheet"] == "single" and e["size"] == "letter" and e["region"] == "il" for e in by_product["door-sign"])
    assert all(e["size"] == "a4" and e["region"] == "ca" for e in by_product["workplace-sign"])
    assert all(e["sheet"] == "booklet" and e["region"] == "tx" for e in by_product["guide"])
    assert all(e["qr_link"].startswith("https://rights.example.org/") for e in files)
    batch = results[3]
    assert batch.stdout.startswith("item 1 (wallet-card): total 1,000 split over 10 locales: 100 copies each.\n")
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "     100  Avery 5371 (also 5376, 5377, 5911, 8371)\n" in summary
    assert "       4  Perforated A4 card sheet\n" in summary
    assert "     120  US Letter paper\n" in summary  # three door signs, 40 of each
    rows = list(csv.DictReader((out / "job-ticket.csv").open(encoding="utf-8")))
    assert sorted(r["file"] for r in rows) == sorted(e["file"] for e in files)
    assert batch.stderr.count("warning:") == 1  # drafts: once


def test_the_examples_readme_commands_run_in_a_folder_made_by_init(runner, tmp_path, monkeypatch):
    commands = _commands((EXAMPLES / "README.md").read_text(encoding="utf-8"), "# Examples to start from")
    assert [c[:2] for c in commands] == [["cardgen", "preview"], ["cardgen", "build"], ["cardgen", "batch"]]
    walk = _commands((ROOT / "README.md").read_text(encoding="utf-8"), "## For organisers: a walk-through")
    assert commands[2] == walk[-1]  # the batch: built by the walk-through's test above
    assert runner.invoke(main, ["init", str(tmp_path / "org")]).exit_code == 0
    monkeypatch.chdir(tmp_path / "org")
    for command in commands[:2]:
        result = _run(runner, command)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("preview").iterdir()) == [
        "wallet-card-es-us-business-il-riverside-legal-aid-back.png", "wallet-card-es-us-business-il-riverside-legal-aid-front.png",
    ]
    assert Path("print/wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-500-copies.pdf").is_file()

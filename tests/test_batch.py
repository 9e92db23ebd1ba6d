"""Regions, organisation profiles and batch orders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardgen.build import Builder
from cardgen.cli import main
from cardgen.errors import ContentError
from cardgen.org import load_org
from conftest import page_text, render, replace_in_file

ORG = """name: Riverside Legal Aid
phone: 555-0100
website: https://example.org
accent: "#1d4e89"
logo: logo.png
qr_url: https://example.org/rights/{region}/{locale}/{product}
"""


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 96, 96), fill=(29, 78, 137, 255))
    image.save(tmp_path / "logo.png")
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_region_help_line_and_tag_print_on_card_and_door_sign(builder):
    card = builder.pdf(builder.piece("wallet-card", "es", region="il"))
    assert "· IL" in _flat(page_text(card, 1))
    assert "855-435-7693 (ICIRR Family Support Hotline)" in _flat(page_text(card, 1))
    sign = builder.pdf(builder.piece("door-sign", "es", region="il"))
    assert "855-435-7693" in _flat(page_text(sign, 0)) and "· IL" in _flat(page_text(sign, 0))
    national = builder.pdf(builder.piece("wallet-card", "es"))
    assert "1-844-363-1423" in _flat(page_text(national, 1)) and "· US" in _flat(page_text(national, 1))


def test_unknown_region_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--region", "zz", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown region 'zz'. Choose one of: us, il, ca, ny, tx." in result.output


def test_region_notes_never_claim_protections_texas_lacks(builder):
    notes = builder.content.family("en", "regions")
    assert "may not" not in notes["police.tx"] and "Do not expect" in notes["police.tx"]
    for code in ("il", "ca"):
        assert "may not" in notes[f"police.{code}"]
    for code in builder.content.locale_codes():
        text = builder.content.family(code, "regions")
        regions = ("us", "il", "ca", "ny", "tx")
        assert set(text.strings) == {"hotline_label"} | {f"{part}.{r}" for part in ("name", "police", "identify") for r in regions}


def test_regions_file_is_validated(content_copy):
    replace_in_file(content_copy / "regions.yaml", "    number: 855-435-7693\n", "")
    replace_in_file(
        content_copy / "regions.yaml",
        "  sources:\n    - California Values Act, SB 54 (2017), Government Code 7284-7284.12.\n"
        "    - California AB 450 (2017), Labor Code 90.2 (notice to employees within 72 hours).\n"
        "    - California has no general stop-and-identify law.\n",
        "",
    )
    with pytest.raises(ContentError) as caught:
        Builder(content_copy).content.regions()
    keys = {p.key for p in caught.value.problems}
    assert keys == {"il.hotline.number", "ca.sources"}


def test_check_with_a_region(runner):
    result = runner.invoke(main, ["check", "--locale", "es", "--region", "il", "--json"])
    report = json.loads(result.output)
    assert report[0]["overflow"] == [] and report[0]["missing"] == []


def test_org_profile_prints_its_name_colour_logo_and_link(builder, org_file):
    org = load_org(org_file)
    assert org.accent == pytest.approx((29 / 255, 78 / 255, 137 / 255))
    card = builder.pdf(builder.piece("wallet-card", "es", region="ca", org=org))
    assert "Riverside Legal Aid · 555-0100 · example.org" in _flat(page_text(card, 1))
    band = render(card, 0, dpi=72).convert("RGB").getpixel((126, 4))
    assert band == pytest.approx((29, 78, 137), abs=3)  # the accent replaces the red
    from conftest import decode_qr

    assert decode_qr(render(card, 1, dpi=200)) == ["https://example.org/rights/ca/es/wallet-card"]
    sign = builder.pdf(builder.piece("door-sign", "es", org=org))
    assert "Riverside Legal Aid" in _flat(page_text(sign, 0))
    assert b"/Subtype /Image" in sign and b"/SMask" not in sign  # the logo, flattened: no transparency


def test_org_profile_problems_are_reported_together(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a" + b"\0" * 20)
    path = tmp_path / "bad.yaml"
    path.write_text(
        "phone: '555'\nwebsite: http://example.org\naccent: '#f5f5f5'\nlogo: missing.png\n"
        "qr_url: https://example.org/{lang}\nmotto: hi\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_org(path)
    keys = sorted(p.key for p in caught.value.problems)
    assert keys == ["accent", "logo", "motto", "name", "qr_url", "website"]
    text = str(caught.value)
    assert "too light" in text and "https://" in text and "{lang}" in text


def _order(tmp_path: Path, org_file: Path, extra: str = "") -> Path:
    path = org_file.parent / "order.yaml"
    path.write_text(
        "items:\n"
        "  - product: wallet-card\n    locales: [es, ar]\n    region: il\n    org: org.yaml\n    sheet: avery-5371\n    quantity: 25\n"
        "  - product: door-sign\n    locales: [zh-Hans]\n    size: a4\n    quantity: 3\n" + extra,
        encoding="utf-8",
    )
    return path


def test_batch_builds_every_item_with_a_manifest_and_summary(runner, tmp_path, org_file):
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(_order(tmp_path, org_file)), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in manifest["files"]}
    assert sorted(files) == [
        "door-sign-zh-Hans-a4.pdf",
        "wallet-card-ar-us-business-il-riverside-legal-aid-avery-5371-25-copies.pdf",
        "wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-25-copies.pdf",
    ]
    card = files["wallet-card-es-us-business-il-riverside-legal-aid-avery-5371-25-copies.pdf"]
    assert (card["product"], card["locale"], card["region"], card["content_version"], card["translation_status"]) == (
        "wallet-card", "es", "il", "1.2", "draft")
    assert card["pages"] == 6 and card["sheets"] == 3  # 25 cards on 10-up stock: 3 sheets, fronts and backs
    import hashlib

    for name, entry in files.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"]
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "6  Avery 5371" in summary and "3  A4 paper" in summary
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))


def test_batch_rebuilds_only_what_changed(runner, tmp_path, org_file, content_copy):
    out = tmp_path / "out"
    order = _order(tmp_path, org_file)
    args = ["batch", str(order), "-o", str(out), "--content", str(content_copy), "--jobs", "1"]
    assert runner.invoke(main, args).exit_code == 0
    again = runner.invoke(main, args)
    assert "0 files built, 3 already up to date" in again.output
    replace_in_file(content_copy / "ar" / "wallet-card.yaml", "version: \"1.2\"", "version: \"1.3\"")
    third = runner.invoke(main, args)
    assert "1 file built, 2 already up to date" in third.output
    forced = runner.invoke(main, args + ["--force"])
    assert "3 files built" in forced.output


def test_batch_reports_failed_items_and_keeps_the_rest(runner, tmp_path, org_file):
    out = tmp_path / "out"
    order = _order(tmp_path, org_file, "  - product: wallet-card\n    locales: [es]\n    size: a4\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert "item 3 (wallet-card, es): size 'a4' is not for a wallet-card" in result.output
    assert len(json.loads((out / "manifest.json").read_text())["files"]) == 3


def test_batch_names_unknown_things_before_building(runner, tmp_path, org_file):
    order = _order(tmp_path, org_file, "  - product: poster\n    locales: [es]\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "item 3 (poster, es): unknown product 'poster'" in result.output
    assert not (tmp_path / "out").exists()


def test_parallel_and_serial_batches_give_the_same_bytes(runner, tmp_path, org_file):
    order = _order(tmp_path, org_file)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert runner.invoke(main, ["batch", str(order), "-o", str(serial), "--jobs", "1"]).exit_code == 0
    assert runner.invoke(main, ["batch", str(order), "-o", str(parallel), "--jobs", "2"]).exit_code == 0
    for path in serial.glob("*.pdf"):
        assert (parallel / path.name).read_bytes() == path.read_bytes()
    # the manifest lists the files in the order's order, however the workers took the jobs
    listed = [[entry["file"] for entry in json.loads((out / "manifest.json").read_text())["files"]] for out in (serial, parallel)]
    assert listed[0] == listed[1] and len(listed[0]) >= 3


def test_workers_take_a_locales_jobs_together_in_fair_shares():
    from types import SimpleNamespace

    from cardgen.parallel import locale_groups

    jobs = [SimpleNamespace(locale=code) for code in ["es", "ar", "es", "zh-Hans", "ar", "es"] + ["km"] * 9]
    groups = locale_groups(jobs, workers=2)
    assert sorted(index for group in groups for index in group) == list(range(len(jobs)))
    assert all(len({jobs[index].locale for index in group}) == 1 for group in groups)
    assert [group[0] for group in groups] == sorted(group[0] for group in groups)
    # at most ceil(15 / (2 * 4)) = 2 jobs a group: Spanish's three and Khmer's nine spread
    assert groups[:6] == [[0, 2], [1, 4], [3], [5], [6, 7], [8, 9]]
    assert max(len(group) for group in groups) == 2


def test_a_region_link_replaces_the_locale_link(content_copy):
    from conftest import decode_qr

    replace_in_file(content_copy / "regions.yaml", "  name: Illinois\n", "  name: Illinois\n  qr_url: https://example.org/illinois\n")
    builder = Builder(content_copy)
    card = builder.pdf(builder.piece("wallet-card", "es", region="il"))
    assert decode_qr(render(card, 1, dpi=200)) == ["https://example.org/illinois"]
    other = builder.pdf(builder.piece("wallet-card", "es", region="ca"))
    assert decode_qr(render(other, 1, dpi=200)) == [builder.content.family("es", "wallet-card").meta.qr_url]


def test_door_sign_carries_the_regions_police_note(builder):
    from cardgen.drawing import ShapedLine

    for region in ("il", "tx"):
        (side,) = builder.sides(builder.piece("door-sign", "en", region=region))
        text = " ".join(op.text for op in side.ops if isinstance(op, ShapedLine))
        note = builder.content.family("en", "regions")[f"police.{region}"]
        assert " ".join(note.split()[:6]) in text

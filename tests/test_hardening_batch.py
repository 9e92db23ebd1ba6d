"""Hardening of file names, batch orders, the manifest and the output folder (issue 12)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cardgen.cli import main
from cardgen.errors import OutputError
from cardgen.names import file_component
from cardgen.output import FolderLock, remove_stale_parts, write_files
from conftest import replace_in_file


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _order(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. nothing is written outside --out --------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../escape", "/tmp/x", "", "a\\u0000b", "..", ".hidden", "a/../../b"])
def test_a_sheet_files_name_never_leads_outside_the_output_folder(runner, tmp_path, name):
    work = tmp_path / "work"
    work.mkdir()
    sheet = work / "sheet.toml"
    sheet.write_text(
        f'name = "{name}"\ncard_size = "us-business"\ncolumns = 2\nrows = 5\n'
        'page_width = "8.5in"\npage_height = "11in"\nleft = "0.75in"\ntop = "0.5in"\n',
        encoding="utf-8",
    )
    before = _tree(tmp_path)
    out = work / "out"
    for command in (["build"], ["calibrate"]):
        args = [*command, "--sheet-file", str(sheet), "-o", str(out)]
        if command == ["build"]:
            args += ["-p", "wallet-card", "-l", "es"]
        result = runner.invoke(main, args)
        assert "Traceback" not in result.output
        created = _tree(tmp_path) - before
        assert all(path.startswith("work/out") for path in created), created  # only inside out/
        if result.exit_code == 0:
            for path in out.iterdir():
                assert path.name.isascii() and not path.name.startswith(".") and "\0" not in path.name
        else:
            assert result.exit_code == 2 and "sheet.toml" in result.output


def test_an_organisation_named_dot_dot_gets_a_safe_name(runner, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text('name: ".."\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--org", str(org), "-o", str(out)])
    if result.exit_code == 0:
        (written,) = out.iterdir()
        assert written.name.startswith("wallet-card-es-us-business-org-") and written.name.endswith(".pdf")
    else:
        assert result.exit_code == 2
    assert _tree(tmp_path) - {"org.yaml"} <= {"out", *(f"out/{p.name}" for p in out.glob("*"))}


def test_file_components_are_safe_stable_and_distinct():
    assert file_component("zh-Hans") == "zh-Hans" and file_component("avery-5371") == "avery-5371"
    assert file_component("Riverside Legal Aid", lower=True) == "riverside-legal-aid"
    assert file_component("Asociación Jurídica Ñandú", lower=True) == "asociacion-juridica-nandu"  # accents dropped, no hash
    arabic, chinese = file_component("مركز العدالة", lower=True), file_component("法律援助中心", lower=True)
    assert arabic != chinese and arabic.isascii() and chinese.isascii()
    assert file_component("مركز العدالة", lower=True) == arabic  # stable
    for text in ("", "..", "../../escape", "/tmp/x", "a\0b", ".x", "\x01", "a\\b", "x" * 500, "\u200b"):
        safe = file_component(text)
        assert safe and safe.isascii() and len(safe) <= 60
        assert "/" not in safe and "\\" not in safe and ".." not in safe and "\0" not in safe and not safe.startswith(".")
        assert all(c.isalnum() or c in "-_." for c in safe)
    assert file_component("../../escape") != file_component("escape")


def test_the_output_guard_refuses_paths_outside_before_writing_any(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere")
    for bad in (out / ".." / "x.pdf", out / "link" / "x.pdf", Path("/tmp") / "cardgen-never.pdf"):
        with pytest.raises(OutputError, match="outside the output folder"):
            write_files({out / "first.pdf": b"1", bad: b"2"}, inside=out)
        assert not (out / "first.pdf").exists()  # nothing at all was written
    assert list((tmp_path / "elsewhere").iterdir()) == [] and not (tmp_path / "x.pdf").exists()


# -- 2. batch orders: types, booleans, enums, ranges, lines -------------------------------------------


def test_wrong_types_in_every_field_are_named_with_their_line(runner, tmp_path):
    order = _order(tmp_path, (
        "items:\n"
        "  - product: 5\n"  # line 2
        "    locales: es\n"
        "    region: [il]\n"
        "    org: 7\n"
        "    size: {a: 1}\n"
        "    sheet: 3\n"
        "    duplex: true\n"
        "    bleed: [1]\n"
        "    quantity: '25'\n"
        "    cmyk: 1\n"
        "    site_url: 3\n"
    ))
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    for line, field in enumerate(("product", "locales", "region", "org", "size", "sheet", "duplex", "bleed", "quantity", "cmyk", "site_url"), start=2):
        assert f"order.yaml:{line}: items[0].{field}:" in result.output, field
    assert not (tmp_path / "out").exists()


def test_quoted_booleans_and_unknown_choices_are_refused_not_guessed(runner, tmp_path):
    order = _order(tmp_path, (
        "items:\n"
        "  - product: wallet-card\n    locales: [es]\n    cmyk: \"false\"\n"
        "  - product: wallet-card\n    locales: [es]\n    bleed: \"no\"\n"
        "  - product: wallet-card\n    locales: [es]\n    sheet: avery-5371\n    duplex: long_edge\n"
        "  - product: wallet-card\n    locales: [es]\n    sheet: avery5371\n"
    ))
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "items[0].cmyk: 'false' is text" in result.output and "write true or false without quotes" in result.output
    assert "items[1].bleed: 'no' is text" in result.output
    assert "items[2].duplex: unknown duplex 'long_edge'. Did you mean 'long-edge'? Choose one of: long-edge, short-edge, none." in result.output
    assert "items[3].sheet: unknown sheet 'avery5371'. Did you mean 'avery-5371' or 'avery-c32011'? Choose one of: single, booklet, avery-5371" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("bleed", ["0", "-3mm", "21mm", ".nan", "nanmm", "infmm", "1e400"])
def test_the_bleed_of_an_item_is_range_checked_like_build(runner, tmp_path, bleed):
    order = _order(tmp_path, f"items:\n  - product: door-sign\n    locales: [es]\n    bleed: {bleed}\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "order.yaml:4: items[0].bleed:" in result.output and "at most 20 mm" in result.output
    assert not (tmp_path / "out").exists()


def test_quantity_and_the_number_of_jobs_are_bounded(runner, tmp_path, monkeypatch):
    order = _order(tmp_path, "items:\n  - product: wallet-card\n    locales: [es]\n    quantity: 10001\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "items[0].quantity: must be a whole number from 1 to 10,000" in result.output
    from cardgen import limits

    monkeypatch.setattr(limits, "MAX_BATCH_JOBS", 3)
    order = _order(tmp_path, "items:\n  - product: wallet-card\n    locales: all\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "more than 3 files" in result.output
    assert not (tmp_path / "out").exists()


def test_a_non_utf8_order_and_aliases_are_clear_errors(runner, tmp_path):
    order = tmp_path / "order.yaml"
    order.write_bytes(b"items:\n  - product: wallet-card\n    region: \xe9\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "order.yaml:3" in result.output and "UTF-8" in result.output
    order.write_text("a: &x [wallet-card]\nitems:\n  - product: wallet-card\n    locales: *x\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "alias" in result.output and "Traceback" not in result.output


# -- 3. every option in the name, or refused; duplicates once ------------------------------------------


def test_items_differing_in_options_get_their_own_files_and_duplicates_one(runner, tmp_path):
    order = _order(tmp_path, (
        "items:\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up}\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up, cmyk: true}\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up, bleed: 2mm}\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up, quantity: 15}\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up, duplex: short-edge}\n"
        "  - {product: wallet-card, locales: [es], sheet: letter-10up}\n"  # the first again
        "  - {product: wallet-card, locales: [es], sheet: letter-10up, quantity: 10}\n"  # one full sheet: the same file
    ))
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    names = [entry["file"] for entry in _manifest(out)["files"]]
    assert sorted(names) == sorted(p.name for p in out.glob("*.pdf")) and len(set(names)) == len(names) == 5
    assert set(names) == {
        "wallet-card-es-us-business-letter-10up.pdf", "wallet-card-es-us-business-letter-10up-cmyk.pdf",
        "wallet-card-es-us-business-letter-10up-bleed2mm.pdf", "wallet-card-es-us-business-letter-10up-15-copies.pdf",
        "wallet-card-es-us-business-letter-10up-short-edge.pdf",
    }


def test_two_profiles_with_one_name_are_refused_naming_both_items(runner, tmp_path):
    (tmp_path / "a.yaml").write_text("name: Casa Legal\nphone: 555-0100\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: Casa Legal\nphone: 555-0199\n", encoding="utf-8")
    order = _order(tmp_path, (
        "items:\n  - {product: door-sign, locales: [es], org: a.yaml}\n  - {product: door-sign, locales: [es], org: b.yaml}\n"
    ))
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "item 1 (door-sign, es) and item 2 (door-sign, es) would both write door-sign-es-letter-casa-legal.pdf" in result.output
    assert not (tmp_path / "out").exists()


def test_non_latin_organisations_do_not_share_a_file(runner, tmp_path):
    (tmp_path / "a.yaml").write_text("name: 法律援助中心\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: 移民权利中心\n", encoding="utf-8")
    order = _order(tmp_path, "items:\n  - {product: door-sign, locales: [zh-Hans], org: a.yaml}\n  - {product: door-sign, locales: [zh-Hans], org: b.yaml}\n")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len({e["file"] for e in _manifest(out)["files"]}) == 2 == len(list(out.glob("*.pdf")))


def test_a_build_with_other_options_never_replaces_another(runner, tmp_path, org_file=None):
    out = tmp_path / "out"
    base = ["build", "-p", "wallet-card", "-l", "es", "-o", str(out)]
    org = tmp_path / "org.yaml"
    org.write_text("name: Casa Legal\n", encoding="utf-8")
    runs = [[], ["--cmyk"], ["--bleed"], ["--bleed", "2mm", "--back-offset", "1,-0.5"], ["--org", str(org)],
            ["--sheet", "avery-5371"], ["--sheet", "avery-5371", "--copies", "25"], ["--sheet", "avery-5371", "--duplex", "short-edge"]]
    for extra in runs:
        result = runner.invoke(main, base + extra)
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(runs), names
    assert "wallet-card-es-us-business.pdf" in names  # today's name for the default options
    assert "wallet-card-es-us-business-offset1,-0.5mm-bleed2mm.pdf" in names


# -- 4. manifest, temp files, lock, earlier orders, fingerprint ----------------------------------------


def test_stale_temp_files_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".x.pdf.{dead}-0a1b2c3d.part"
    alive = tmp_path / f".y.pdf.{os.getppid()}-0a1b2c3d.part"
    other = tmp_path / ".notes.part"
    for path in (stale, alive, other):
        path.write_bytes(b"")
    assert remove_stale_parts(tmp_path) == [stale]
    assert alive.exists() and other.exists()


def test_a_second_batch_into_one_folder_is_refused_and_a_stale_lock_taken_over(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / FolderLock.NAME).write_text(f"{sleeper.pid}\n", encoding="ascii")
        order = _order(tmp_path, "items:\n  - {product: door-sign, locales: [es]}\n")
        result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
        assert result.exit_code == 4 and f"another cardgen batch (process {sleeper.pid}) is writing into this folder" in result.output
        assert not list(out.glob("*.pdf")) and not (out / "manifest.json").exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0 and "took over the lock" in result.output
    assert not (out / FolderLock.NAME).exists()


def test_files_of_earlier_orders_are_reported_not_deleted(runner, tmp_path):
    out = tmp_path / "out"
    first = _order(tmp_path, "items:\n  - {product: door-sign, locales: [es]}\n")
    assert runner.invoke(main, ["batch", str(first), "-o", str(out), "--jobs", "1"]).exit_code == 0
    second = _order(tmp_path, "items:\n  - {product: door-sign, locales: [vi]}\n")
    result = runner.invoke(main, ["batch", str(second), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0
    assert "not in this order" in result.output and "door-sign-es-letter.pdf" in result.output
    assert (out / "door-sign-es-letter.pdf").is_file()
    manifest = _manifest(out)
    assert [e["file"] for e in manifest["files"]] == ["door-sign-vi-letter.pdf"] and manifest["not_in_this_order"] == ["door-sign-es-letter.pdf"]


def test_a_manifest_that_lies_after_a_crash_is_corrected(runner, tmp_path):
    out = tmp_path / "out"
    order = _order(tmp_path, "items:\n  - {product: door-sign, locales: [es, vi]}\n")
    args = ["batch", str(order), "-o", str(out), "--jobs", "1"]
    assert runner.invoke(main, args).exit_code == 0
    (out / "door-sign-es-letter.pdf").write_bytes(b"half a file")  # as if killed between file and manifest
    (out / "door-sign-vi-letter.pdf").unlink()
    (out / ".door-sign-es-letter.pdf.999999999-00ff00ff.part").write_bytes(b"x")
    result = runner.invoke(main, args)
    assert result.exit_code == 0 and "2 files built, 0 already up to date" in result.output
    files = _manifest(out)["files"]
    assert len(files) == 2 and all(hashlib.sha256((out / e["file"]).read_bytes()).hexdigest() == e["sha256"] for e in files)
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))


@pytest.mark.parametrize("changed", ["en/locale.yaml", "es/locale.yaml", "es/regions.yaml", "regions.yaml"])
def test_the_incremental_check_covers_every_input(runner, tmp_path, content_copy, changed):
    out = tmp_path / "out"
    order = _order(tmp_path, "items:\n  - {product: door-sign, locales: [es]}\n")
    args = ["batch", str(order), "-o", str(out), "--content", str(content_copy), "--jobs", "1"]
    assert runner.invoke(main, args).exit_code == 0
    assert "0 files built, 1 already up to date" in runner.invoke(main, args).output
    with (content_copy / changed).open("a", encoding="utf-8") as handle:
        handle.write("# touched\n")
    assert "1 file built, 0 already up to date" in runner.invoke(main, args).output


def test_the_fingerprint_covers_the_fonts_and_the_version(monkeypatch, tmp_path):
    from cardgen import batch
    from cardgen.build import Builder

    job = batch.Job(0, "door-sign", "es", "us", None, None, "single", "long-edge", False, None, False)
    builder = Builder()
    first = batch.input_fingerprint(job, builder, tmp_path)
    monkeypatch.setattr(batch, "_FONTS_DIGEST", "other fonts")
    assert batch.input_fingerprint(job, builder, tmp_path) != first
    monkeypatch.setattr(batch, "__version__", "0.0.0")
    monkeypatch.setattr(batch, "_FONTS_DIGEST", None)
    assert batch.input_fingerprint(job, builder, tmp_path) != first


# -- 5. a failed item's whole message --------------------------------------------------------------------


def test_a_failed_item_shows_and_records_every_line_of_its_error(runner, tmp_path, content_copy):
    replace_in_file(content_copy / "es" / "signs.yaml", "version: \"1.2\"", "version: 1.10")
    text = (content_copy / "es" / "signs.yaml").read_text(encoding="utf-8")
    (content_copy / "es" / "signs.yaml").write_text(text + "motto: hi\n", encoding="utf-8")
    out = tmp_path / "out"
    order = _order(tmp_path, "items:\n  - {product: door-sign, locales: [es, vi]}\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--content", str(content_copy), "--jobs", "1"])
    assert result.exit_code == 1
    (failure,) = _manifest(out)["failed"]
    lines = failure["error"].splitlines()
    assert len(lines) >= 3 and failure["item"] == 1 and failure["locale"] == "es"
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    for line in lines[1:]:
        assert line.strip() in summary and line.strip() in result.output
    assert "signs.yaml" in summary and "motto" in summary

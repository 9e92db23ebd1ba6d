"""Language cards in batch orders: items name languages, jobs are made per language, and the
files, the manifest, the job ticket and the summary carry them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cardgen.batch import Job, expand, load_order
from cardgen.cli import main
from cardgen.content.languages import load_languages
from cardgen.errors import ContentError
from cardgen.resources import default_content_dir
from conftest import page_text

LANGUAGES = load_languages(default_content_dir())


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_order_with_language_cards_builds_files_manifest_ticket_and_summary(runner, tmp_path):
    order = _write(tmp_path, """defaults:
  region: il
items:
  - product: language-card
    languages: [mam, "K'iche'", Kekchi]
    quantity: 20
  - product: wallet-card
    locales: [es]
""")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    expected = {f"language-card-{code}-us-business-il.pdf" for code in ("mam", "kiche", "qeqchi")}
    assert expected <= {p.name for p in out.glob("*.pdf")}
    for name, code in zip(sorted(expected), ("kiche", "mam", "qeqchi")):
        text = _flat(page_text((out / name).read_bytes(), 0))
        assert f"I speak {LANGUAGES.get(code).english}." in text
        assert "855-435-7693" in text  # the order's default region (Illinois) reaches the card
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["file"]: e for e in manifest["files"]}
    for name in expected:
        entry = entries[name]
        assert entry["product"] == "language-card" and entry["locale"] == "en"
        assert entry["language"] == name.split("-")[2]
        assert entry["translation_status"] == "source" and entry["qr_link"] is None
        assert entry["content_version"] == LANGUAGES.version and entry["copies"] == 20
    assert "language" not in entries["wallet-card-es-us-business-il.pdf"]  # other entries as before
    with (out / "job-ticket.csv").open(encoding="utf-8") as handle:
        assert expected <= {row["file"] for row in csv.DictReader(handle)}
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert all(name in summary for name in expected)
    assert "built: language-card kiche" in result.output

    again = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert again.exit_code == 0 and "0 files built, 4 already up to date" in again.output


def test_all_languages_on_a_card_sheet_with_a_total(runner, tmp_path):
    order = _write(tmp_path, """items:
  - product: language-card
    languages: all
    total: 100
    sheet: avery-5371
""")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    count = len(LANGUAGES.languages)
    each = -(-100 // count)
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert files == sorted(f"language-card-{code}-us-business-avery-5371-{each}-copies.pdf" for code in LANGUAGES.languages)
    assert f"total 100 split over {count} languages: {each} copies each" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["language"] for e in manifest["files"]} == set(LANGUAGES.languages)
    assert all(e["copies"] == each and e["sheet"] == "avery-5371" for e in manifest["files"])


def test_names_are_resolved_when_the_order_is_read(tmp_path):
    order = _write(tmp_path, "items:\n  - product: Language-Card\n    languages: [Quiche, kiche, Mixtec, Kreyol]\n")
    [item] = load_order(order, lambda: LANGUAGES)
    assert item.languages == ("kiche", "mixteco", "ht")  # the same language twice is one
    jobs = expand([item], lambda product: [], None, lambda: list(LANGUAGES.languages))
    assert [(job.locale, job.language) for job in jobs] == [("en", "kiche"), ("en", "mixteco"), ("en", "ht")]


def test_every_problem_with_language_items_is_reported_at_once_with_line_and_key(tmp_path):
    order = _write(tmp_path, """items:
  - product: language-card
    languages: [mam, klingon, kiche, mamm]
  - product: language-card
    locales: [es]
    org: org.yaml
    gang: press-12x18
  - product: wallet-card
    languages: [mam]
  - product: language-card
    languages: 3
""")
    with pytest.raises(ContentError) as caught:
        load_order(order, lambda: LANGUAGES)
    problems = [(p.line, p.key, p.message) for p in caught.value.problems]
    where = [(line, key) for line, key, _ in problems]
    assert where == [(3, "items[0].languages[1]"), (3, "items[0].languages[3]"), (5, "items[1].locales"), (6, "items[1].org"),
                     (7, "items[1].gang"), (9, "items[2].languages"), (11, "items[3].languages")]
    messages = dict(((line, key), message) for line, key, message in problems)
    assert "unknown language 'klingon'" in messages[(3, "items[0].languages[1]")]
    assert "Did you mean mam (Mam)" in messages[(3, "items[0].languages[3]")]
    assert "write languages: [mam, kiche]" in messages[(5, "items[1].locales")]
    assert "not for a language card" in messages[(7, "items[1].gang")]
    assert "only a language card takes languages" in messages[(9, "items[2].languages")]


def test_unknown_language_through_the_command_names_file_line_and_exit_code(runner, tmp_path):
    order = _write(tmp_path, "items:\n  - product: language-card\n    languages: [mam, zzyzx]\n")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{order}:3: items[0].languages[1]: unknown language 'zzyzx'." in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_defaults_org_is_left_off_language_cards_and_said(runner, tmp_path):
    (tmp_path / "org.yaml").write_text("name: Riverside Legal Aid\nphone: 555-0100\n", encoding="utf-8")
    order = _write(tmp_path, "defaults:\n  org: org.yaml\nitems:\n  - product: language-card\n    languages: [mam]\n  - product: wallet-card\n    locales: [vi]\n")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(order), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "built without the defaults' org" in result.output
    names = {p.name for p in out.glob("*.pdf")}
    assert names == {"language-card-mam-us-business.pdf", "wallet-card-vi-us-business-riverside-legal-aid.pdf"}


def test_job_keys_of_other_products_are_unchanged():
    job = Job(0, "wallet-card", "es", "us", None, None, "single", "long-edge", False, None, False)
    assert "language" not in json.loads(job.key()) and job.reader == "es"
    card = Job(0, "language-card", "en", "us", None, None, "single", "long-edge", False, None, False, language="mam")
    assert json.loads(card.key())["language"] == "mam" and card.reader == "mam"

"""Stale-string tracking, `cardgen check`, `cardgen stamp`, drafts and --require-reviewed."""

from __future__ import annotations

import json


from cardgen.cli import main
from cardgen.content.loader import source_hash
from conftest import page_text, replace_in_file


def _check(runner, content, *args):
    result = runner.invoke(main, ["check", "--content", str(content), "--json", *args])
    return result, json.loads(result.output)


def test_stamp_records_the_english_each_string_was_translated_from(runner, content_copy):
    result = runner.invoke(main, ["stamp", "--content", str(content_copy), "--locale", "es"])
    assert result.exit_code == 0, result.output
    text = (content_copy / "es" / "wallet-card.yaml").read_text(encoding="utf-8")
    assert f'  front.title: "{source_hash("Know your rights")}"' in text
    assert text.count("translated_from:") == 1
    # stamping again rewrites the section instead of adding another
    runner.invoke(main, ["stamp", "--content", str(content_copy), "--locale", "es"])
    assert (content_copy / "es" / "wallet-card.yaml").read_text(encoding="utf-8") == text
    _, report = _check(runner, content_copy, "--locale", "es")
    assert report[0]["untracked"] == [] and report[0]["stale"] == []


def test_changing_an_english_string_marks_exactly_its_translations_stale(runner, content_copy):
    assert runner.invoke(main, ["stamp", "--content", str(content_copy), "--all"]).exit_code == 0
    _, before = _check(runner, content_copy)
    assert all(r["stale"] == [] and r["untracked"] == [] for r in before)
    replace_in_file(content_copy / "en" / "wallet-card.yaml", "**Never lie or show false papers.**", "**Never lie. Never show false papers.**")
    replace_in_file(content_copy / "en" / "guide.yaml", "calm: Stay calm. Do not run or resist.", "calm: Stay calm. Do not run, and do not resist.")
    result, after = _check(runner, content_copy)
    translated = [r for r in after if r["locale"] != "en"]
    assert translated
    for report in translated:
        expected = [f for f in ("wallet-card: front.rights.papers", "guide: steps.calm") if f.split(":")[0] in report["status"]]
        assert report["stale"] == expected, report["locale"]
    assert result.exit_code == 1


def test_check_table_and_exit_codes(runner, content_copy):
    runner.invoke(main, ["stamp", "--content", str(content_copy), "--locale", "es"])
    result = runner.invoke(main, ["check", "--content", str(content_copy), "--locale", "en", "--locale", "es"])
    assert "locale" in result.output and "es" in result.output and "draft" in result.output
    es_ok = result.exit_code == 0
    strict = runner.invoke(main, ["check", "--content", str(content_copy), "--locale", "es", "--strict"])
    assert strict.exit_code == 1  # Spanish is a draft
    assert runner.invoke(main, ["check", "--content", str(content_copy), "--locale", "en", "--strict"]).exit_code == 0
    assert es_ok or "missing" in result.output


def test_check_reports_text_too_long_for_every_size(runner, content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "title: Conozca sus derechos", "title: " + "Conozca sus derechos " * 5)
    result, report = _check(runner, content_copy, "--locale", "es")
    assert result.exit_code == 1
    from cardgen.sizes import SIZES

    overflow = report[0]["overflow"]
    # every size of every product that prints the card's title reports it
    assert [f"wallet-card {s.name}: front.title" for s in SIZES if s.kind == "card"] == [o for o in overflow if o.startswith("wallet-card ")]
    assert all(o.endswith(": front.title") for o in overflow if not o.startswith("large-print-card "))
    assert {o.split()[0] for o in overflow} == {"wallet-card", "wallet-card-fill-in", "large-print-card", "fold-card"}  # the products printing it


def test_check_reports_missing_keys_and_unknown_locales(runner, content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "    qr_caption: Escanee para más ayuda\n", "")
    result, report = _check(runner, content_copy, "--locale", "es")
    assert "wallet-card: front.qr_caption" in report[0]["missing"]
    bad = runner.invoke(main, ["check", "--content", str(content_copy), "--locale", "xx"])
    assert bad.exit_code == 2 and "unknown locale 'xx'" in bad.output


def test_unreviewed_pieces_carry_a_visible_draft_mark(builder, es_pdf):
    assert "DRAFT, not reviewed" in page_text(es_pdf, 1)  # with the version line, on the back
    en = builder.pdf(builder.piece("wallet-card", "en"))
    assert "DRAFT" not in page_text(en, 0) + page_text(en, 1)


def test_require_reviewed_refuses_drafts(runner, tmp_path, content_copy):
    result = runner.invoke(main, ["build", "-l", "es", "-p", "wallet-card", "--require-reviewed", "-o", str(tmp_path / "a")])
    assert result.exit_code == 2
    assert "unreviewed drafts: wallet-card (es)" in result.output
    assert not (tmp_path / "a").exists()
    ok = runner.invoke(main, ["build", "-l", "en", "-p", "wallet-card", "--require-reviewed", "-o", str(tmp_path / "b")])
    assert ok.exit_code == 0
    # once a named reviewer approves it, the Spanish card builds without the mark
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "status: draft\n  reviewer: null", "status: reviewed\n  reviewer: Ana Reyes")
    reviewed = runner.invoke(main, ["build", "--content", str(content_copy), "-l", "es", "-p", "wallet-card", "--require-reviewed", "-o", str(tmp_path / "c")])
    assert reviewed.exit_code == 0, reviewed.output
    reviewed_pdf = (tmp_path / "c" / "wallet-card-es-us-business.pdf").read_bytes()
    assert "DRAFT" not in page_text(reviewed_pdf, 0) + page_text(reviewed_pdf, 1)

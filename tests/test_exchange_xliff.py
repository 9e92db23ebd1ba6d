"""XLIFF 2.0: the exported file's structure, a round trip edited with lxml, reviewed units."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from cardgen.cli import main
from cardgen.exchange.xliff import NS
from exchange_helpers import changed_files, changed_lines, snapshot

Q = f"{{{NS}}}"


def export_xliff(runner, content: Path, out: Path, locale: str = "es") -> etree._ElementTree:
    result = runner.invoke(main, ["export", "--content", str(content), "-l", locale, "--format", "xliff", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return etree.parse(str(out))


def unit(tree: etree._ElementTree, unit_id: str) -> etree._Element:
    return next(u for u in tree.iter(Q + "unit") if u.get("id") == unit_id)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_exported_xliff_is_structurally_xliff_2(runner, content_copy, tmp_path, locale):
    tree = export_xliff(runner, content_copy, tmp_path / "out.xlf", locale)
    root = tree.getroot()
    assert root.tag == Q + "xliff" and root.nsmap[None] == NS
    assert root.get("version") == "2.0" and root.get("srcLang") == "en" and root.get("trgLang") == locale
    files = root.findall(Q + "file")
    assert [f.get("id") for f in files] == ["wallet-card", "signs", "guide", "regions", "site"]
    ids = [u.get("id") for u in root.iter(Q + "unit")]
    assert len(ids) == len(set(ids)) == 133
    for element in root.iter(Q + "unit"):
        children = [c.tag for c in element]
        assert children == [Q + "notes", Q + "segment"]  # notes come first, as the core schema requires
        segment = element.find(Q + "segment")
        assert segment.get("state") in ("initial", "translated", "reviewed", "final")
        assert [c.tag for c in segment] == [Q + "source", Q + "target"]
        assert all(n.get("category") and n.text for n in element.find(Q + "notes"))
    for f in files:  # every element is in the core namespace: no extension a tool might reject
        assert all(e.tag.startswith(Q) for e in f.iter() if isinstance(e.tag, str))
    silent = unit(tree, "wallet-card:front.rights.silent")
    categories = {n.get("category") for n in silent.iter(Q + "note")}
    assert {"location", "translator", "glossary", "room"} <= categories


def test_xliff_round_trip_changes_only_the_edited_strings(runner, content_copy, tmp_path):
    out = tmp_path / "es.xlf"
    tree = export_xliff(runner, content_copy, out)
    target = unit(tree, "signs:door.qr_caption").find(f"{Q}segment/{Q}target")
    target.text = "Escanee para recibir ayuda"
    statement = unit(tree, "wallet-card:statement.choice").find(f"{Q}segment/{Q}target")
    statement.text = "Voy a mantener la calma y no voy a resistirme."
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    before = snapshot(content_copy)
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 0, result.output
    after = snapshot(content_copy)
    assert changed_files(before, after) == {"es/signs.yaml", "es/wallet-card.yaml"}
    removed, added = changed_lines(before["es/wallet-card.yaml"], after["es/wallet-card.yaml"])
    assert removed == ["    choice: Voy a mantener la calma y no me voy a resistir."]
    assert added == ["    choice: Voy a mantener la calma y no voy a resistirme."]
    removed, added = changed_lines(before["es/signs.yaml"], after["es/signs.yaml"])
    assert len(removed) == len(added) == 1 and added[0].endswith("qr_caption: Escanee para recibir ayuda")
    check = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert check.exit_code == 0, check.output


def test_reviewed_units_need_a_reviewer_and_become_approvals(runner, content_copy, tmp_path):
    out = tmp_path / "es.xlf"
    tree = export_xliff(runner, content_copy, out)
    for unit_id in ("wallet-card:front.title", "wallet-card:front.qr_caption"):
        unit(tree, unit_id).find(Q + "segment").set("state", "reviewed")
    unit(tree, "wallet-card:front.version_line").find(Q + "segment").set("state", "final")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    before = snapshot(content_copy)
    refused = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert refused.exit_code == 2
    assert "--reviewer NAME" in refused.output
    assert snapshot(content_copy) == before
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out), "--reviewer", "Ana Reyes"])
    assert result.exit_code == 0, result.output
    assert "3 approved" in result.output
    review = (content_copy / "es" / "review" / "wallet-card.yaml").read_text(encoding="utf-8")
    assert "front.title:" in review and "by: Ana Reyes" in review and "front.rights.calm" not in review
    again = export_xliff(runner, content_copy, out)
    assert unit(again, "wallet-card:front.title").find(Q + "segment").get("state") == "reviewed"
    assert unit(again, "wallet-card:front.rights.calm").find(Q + "segment").get("state") == "translated"
    # Sent back untouched, the reviewed units need no reviewer: there is nothing new to approve.
    untouched = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert untouched.exit_code == 0, untouched.output
    assert "0 strings changed" in untouched.output and "0 approved" in untouched.output


def test_bad_xliff_is_refused_with_lines(runner, content_copy, tmp_path):
    out = tmp_path / "es.xlf"
    tree = export_xliff(runner, content_copy, out)
    segment = unit(tree, "wallet-card:front.rights.calm").find(Q + "segment")
    segment.set("state", "approved")
    target = unit(tree, "wallet-card:front.version_line").find(f"{Q}segment/{Q}target")
    target.text = "Versión {versión} · vigente desde {date}"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    lines = out.read_text(encoding="utf-8").splitlines()
    state_line = next(n for n, line in enumerate(lines, 1) if 'state="approved"' in line)
    target_line = next(n for n, line in enumerate(lines, 1) if "{versión}" in line)
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2, result.output
    assert f"es.xlf:{state_line}: wallet-card:front.rights.calm: has state 'approved'" in result.output
    assert f"es.xlf:{target_line}: wallet-card:front.version_line: placeholders must be kept" in result.output
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" trgLang="es">\n<file id="x">\n</xliff>\n', encoding="utf-8")
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(broken)])
    assert result.exit_code == 2 and "broken.xlf:4:" in result.output and "not well-formed" in result.output


def test_changed_english_is_an_initial_unit_with_the_previous_english(runner, content_copy, tmp_path):
    from conftest import replace_in_file

    old = "**Sign nothing** before you talk to a lawyer."
    replace_in_file(content_copy / "en" / "wallet-card.yaml", old, "**Sign nothing** until you have talked to a lawyer.")
    tree = export_xliff(runner, content_copy, tmp_path / "es.xlf")
    sign = unit(tree, "wallet-card:front.rights.sign")
    assert sign.find(Q + "segment").get("state") == "initial"
    previous = [n.text for n in sign.iter(Q + "note") if n.get("category") == "previous-source"]
    assert previous == [old]
    states = [s.get("state") for s in tree.getroot().iter(Q + "segment")]
    assert states.count("initial") == 1

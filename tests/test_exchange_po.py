"""PO round trips: export, edit as a translator's tool would (polib), import, check; refusals."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from cardgen.cli import main
from cardgen.content.loader import source_hash
from exchange_helpers import changed_files, changed_lines, msgfmt, snapshot
from conftest import replace_in_file


def export_po(runner, content: Path, out: Path, locale: str = "es") -> polib.POFile:
    result = runner.invoke(main, ["export", "--content", str(content), "--locale", locale, "--format", "po", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return polib.pofile(str(out))


def entry(po: polib.POFile, context: str) -> polib.POEntry:
    return next(e for e in po if e.msgctxt == context)


def msgstr_line(path: Path, context: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f'msgctxt "{context}"')
    return next(n for n in range(start, len(lines)) if lines[n].startswith("msgstr")) + 1


def test_exported_po_passes_msgfmt_check_and_carries_notes(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    checked = subprocess.run([msgfmt(), "--check", "-o", str(tmp_path / "es.mo"), str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert po.metadata["Language"] == "es"
    silent = entry(po, "wallet-card:front.rights.silent")
    assert silent.msgid.startswith("**Remain silent.**") and silent.msgstr.startswith("**Guarde silencio.**")
    assert "python-brace-format" in silent.flags and "fuzzy" not in silent.flags
    assert "Prints: Remain silent" in silent.comment
    assert "Note: 'guardar silencio'" in silent.comment
    assert "Glossary: remain_silent = guardar silencio" in silent.comment
    assert "Room: wallet-card us-business, front.rights:" in silent.comment and "7.0 pt floor" in silent.comment
    contexts = [e.msgctxt for e in po]
    assert len(contexts) == len(set(contexts)) == 133  # card (its fill-in labels too), signs, guide, regions and site
    assert {c.split(":")[0] for c in contexts} == {"wallet-card", "signs", "guide", "regions", "site"}


def test_po_round_trip_changes_only_the_edited_strings(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    edits = {
        "wallet-card:front.title": "Conozca bien sus derechos",
        "guide:help.lawyer": entry(po, "guide:help.lawyer").msgstr.replace("Hable", "Consulte", 1),
        "regions:name.ny": "Nueva York (estado)",
    }
    assert edits["guide:help.lawyer"] != entry(po, "guide:help.lawyer").msgstr
    # A tool sends back only some entries: those absent from the file must stay as they are.
    kept = polib.POFile(wrapwidth=0)
    kept.metadata = po.metadata
    for e in po:
        if e.msgctxt in edits:
            e.msgstr = edits[e.msgctxt]
            kept.append(e)
        elif e.msgctxt.startswith("signs:"):
            kept.append(e)  # unchanged entries: nothing to write
    kept.save(str(out))
    before = snapshot(content_copy)
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 0, result.output
    assert "3 strings changed" in result.output
    after = snapshot(content_copy)
    assert changed_files(before, after) == {"es/wallet-card.yaml", "es/guide.yaml", "es/regions.yaml"}
    removed, added = changed_lines(before["es/wallet-card.yaml"], after["es/wallet-card.yaml"])
    assert removed == ["    title: Conozca sus derechos"] and added == ["    title: Conozca bien sus derechos"]
    removed, added = changed_lines(before["es/regions.yaml"], after["es/regions.yaml"])
    assert removed == ["    ny: Nueva York"] and added == ["    ny: Nueva York (estado)"]
    removed, added = changed_lines(before["es/guide.yaml"], after["es/guide.yaml"])
    assert removed and all("Hable" in line or line.startswith("      ") for line in removed)
    assert "Consulte" in "".join(added)
    check = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert check.exit_code == 0, check.output


def test_changed_english_is_exported_fuzzy_with_the_previous_english(runner, content_copy, tmp_path):
    old = "**Sign nothing** before you talk to a lawyer."
    new = "**Sign nothing** until you have talked to a lawyer."
    replace_in_file(content_copy / "en" / "wallet-card.yaml", old, new)
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    sign = entry(po, "wallet-card:front.rights.sign")
    assert "fuzzy" in sign.flags
    assert sign.msgid == new and sign.previous_msgid == old
    assert sum("fuzzy" in e.flags for e in po) == 1
    checked = subprocess.run([msgfmt(), "--check", "-o", str(tmp_path / "es.mo"), str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    text = out.read_text(encoding="utf-8")
    assert '#| msgid "**Sign nothing** before you talk to a lawyer."' in text

    # Still fuzzy: the new text is written but not stamped, so the string stays stale.
    sign.msgstr = "**No firme nada** hasta haber hablado con un abogado."
    po.save(str(out))
    assert runner.invoke(main, ["import", "--content", str(content_copy), str(out)]).exit_code == 0
    assert "stale: wallet-card: front.rights.sign" in runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"]).output
    # The translator clears the flag: now it is stamped with the new English, and kept beside it.
    sign.flags.remove("fuzzy")
    sign.previous_msgid = None
    po.save(str(out))
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 0, result.output
    yaml_text = (content_copy / "es" / "wallet-card.yaml").read_text(encoding="utf-8")
    assert f'front.rights.sign: "{source_hash(new)}"' in yaml_text
    assert "until you have talked to a lawyer" in (content_copy / "es" / "translated-from" / "wallet-card.yaml").read_text(encoding="utf-8")
    check = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert check.exit_code == 0, check.output


def test_a_bad_import_is_refused_as_a_whole_with_each_problem_line(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    entry(po, "wallet-card:front.rights.silent").msgstr = "**Guarde silencio.** Diga: «Elijo guardar silencio» (“{say_silence}”)."
    entry(po, "wallet-card:front.rights.calm").msgstr = "**No corra ni se resista. Mantenga las manos a la vista."
    hotline = entry(po, "guide:help.hotline")
    hotline.msgstr = hotline.msgstr.replace("1-844-363-1423", "1-844-363-1424")
    entry(po, "wallet-card:front.rights.sign").msgstr = "**No firme nada** " + "antes de hablar con un abogado de confianza, " * 8
    entry(po, "wallet-card:front.title").msgstr = "Conozca sus derechos ahora"  # a good edit, refused with the rest
    po.save(str(out))
    before = snapshot(content_copy)
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.output
    for context, words in (
        ("wallet-card:front.rights.silent", "placeholders must be kept"),
        ("wallet-card:front.rights.calm", "unpaired '**'"),
        ("guide:help.hotline", "phone numbers must be those of the English"),
        ("wallet-card:front.rights.sign", "is too long: wallet-card field 'front.rights' no longer fits at its floor"),
    ):
        line = msgstr_line(out, context)
        assert f"es.po:{line}: {context}: " in result.output and words in result.output, (context, result.output)
    assert snapshot(content_copy) == before  # nothing written, not even the good edit


def test_a_string_too_long_for_its_piece_is_refused_with_its_line(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    entry(po, "wallet-card:front.rights.sign").msgstr = "**No firme nada** " + "antes de hablar con un abogado de confianza, " * 8
    po.save(str(out))
    before = snapshot(content_copy)
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2, result.output
    line = msgstr_line(out, "wallet-card:front.rights.sign")
    assert f"es.po:{line}: wallet-card:front.rights.sign: is too long: wallet-card" in result.output
    assert "front.rights" in result.output
    assert snapshot(content_copy) == before


def test_import_refuses_unknown_strings_stale_english_and_uncovered_characters(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    entry(po, "wallet-card:front.qr_caption").msgstr = "Escanee \u0b95 ayuda"  # Tamil: no bundled font for Latin text draws it
    entry(po, "wallet-card:front.title").msgid = "Know all your rights"
    po.append(polib.POEntry(msgctxt="wallet-card:front.nothing", msgid="x", msgstr="y"))
    po.save(str(out))
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2, result.output
    assert "U+0B95" in result.output
    assert "is not the current English" in result.output
    assert "wallet-card:front.nothing: is not a string of cardgen" in result.output


def test_import_of_a_broken_po_file_names_its_line(runner, content_copy, tmp_path):
    out = tmp_path / "broken.po"
    out.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgctxt "wallet-card:front.title"\nmsgid "Know your rights"\nmsgstr "bien"\nesto no es PO\n', encoding="utf-8")
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2, result.output
    assert "broken.po:8:" in result.output and "not a readable PO file" in result.output
    assert "Traceback" not in result.output


def test_stamp_keeps_the_english_beside_the_fingerprints(runner, content_copy, tmp_path):
    old = "**Sign nothing** before you talk to a lawyer."
    new = "**Sign nothing** until you have talked to a lawyer."
    sidecar = content_copy / "es" / "translated-from" / "wallet-card.yaml"
    assert old in sidecar.read_text(encoding="utf-8")
    replace_in_file(content_copy / "en" / "wallet-card.yaml", old, new)
    result = runner.invoke(main, ["stamp", "--content", str(content_copy), "-l", "es"])
    assert result.exit_code == 0, result.output
    assert new in sidecar.read_text(encoding="utf-8") and old not in sidecar.read_text(encoding="utf-8")
    # The loader reads <family>.yaml by name: the sidecar and review folders are no content.
    check = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert check.exit_code == 0, check.output
    po = export_po(runner, content_copy, tmp_path / "es.po")
    assert not any("fuzzy" in e.flags for e in po)


def test_a_po_file_rewrapped_by_a_tool_reports_the_line_of_its_msgstr(runner, content_copy, tmp_path):
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    po.wrapwidth = 30  # tools wrap long strings (Poedit at 79 columns), contexts included
    entry(po, "wallet-card:front.rights.calm").msgstr = "**No corra ni se resista. Mantenga las manos a la vista."
    po.save(str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if "rights.calm" in line)
    msgstr = next(n for n in range(start, len(lines)) if lines[n].startswith("msgstr")) + 1
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2
    assert f"es.po:{msgstr}: wallet-card:front.rights.calm: has an unpaired '**'" in result.output


def test_a_changed_link_is_refused(runner, content_copy, tmp_path):
    replace_in_file(
        content_copy / "en" / "site.yaml", "sources_intro: Each statement in this guide rests on these laws and references.",
        "sources_intro: Each statement in this guide rests on these laws and references (see https://www.aclu.org/know-your-rights).",
    )
    out = tmp_path / "es.po"
    po = export_po(runner, content_copy, out)
    intro = entry(po, "site:sources_intro")
    assert "fuzzy" in intro.flags
    intro.flags.remove("fuzzy")
    intro.msgstr = "Cada afirmación de esta guía se basa en estas leyes y referencias (vea https://example.org/derechos)."
    po.save(str(out))
    result = runner.invoke(main, ["import", "--content", str(content_copy), str(out)])
    assert result.exit_code == 2
    assert f"es.po:{msgstr_line(out, 'site:sources_intro')}: site:sources_intro: links must be those of the English: https://www.aclu.org/know-your-rights (found https://example.org/derechos)" in result.output

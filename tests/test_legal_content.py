"""Content 1.2: the safety points, the English words to say, state notes, glossaries, hotline checks."""

from __future__ import annotations

import json
import re

import pytest

from cardgen.build import Builder
from cardgen.cli import main
from cardgen.content.glossary import CONCEPTS, load_glossary, term_problems
from cardgen.errors import ContentError
from conftest import page_text, replace_in_file

LOCALES = Builder().content.locale_codes()
SPOKEN = ("I choose to remain silent", "I do not consent to a search", "I want a lawyer")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def test_english_front_carries_every_safety_point(builder):
    front = " ".join(builder.content.family("en", "wallet-card").with_spoken(f"front.rights.{k}", builder.content.family("en", "wallet-card").spoken, isolate=False)
                     for k in ("silent", "calm", "leave", "door", "search", "sign", "papers", "card"))
    for needle in (
        "run or resist", "hands where agents can see", "Am I free to leave?", "If no, do not leave",
        "I want a lawyer", "at a window or under the door", "warrant signed by a judge", "your name or address",
        "valid immigration papers, carry them", "if an immigration agent asks", "Never lie or show false papers",
        "reaching for this card", "move slowly", "I do not consent to a search", "I choose to remain silent",
    ):
        assert needle in front, needle


def test_the_back_qualifies_documents_and_never_promises_more(builder):
    statement = builder.content.family("en", "wallet-card")
    assert "except as the law requires" in statement["statement.silence"]
    assert "magistrate" not in statement["statement.entry"]


@pytest.mark.parametrize("code", LOCALES)
def test_every_card_front_prints_the_english_words_to_say(builder, code):
    pdf = builder.pdf(builder.piece("wallet-card", code))
    front = _flat(page_text(pdf, 0))
    for phrase in SPOKEN:
        # PDFium may return right-to-left lines in visual order; the English words stay one
        # left-to-right run, but a line break may fall inside them.
        words = phrase.split()
        assert phrase in front or all(w in front for w in words), f"{code}: {phrase!r} not on the front"
    back = _flat(page_text(pdf, 1))
    assert "except as the law requires" in back


@pytest.mark.parametrize("code", ["en", "es", "ar", "zh-Hans"])
def test_door_sign_reminder_prints_the_english_words(builder, code):
    text = _flat(page_text(builder.pdf(builder.piece("door-sign", code)), 0))
    for word in "I do not consent to entry".split() + "I choose to remain silent".split():
        assert word in text, f"{code}: {word}"


def test_workplace_sign_wording(builder):
    signs = builder.content.family("en", "signs")
    assert "does not give consent" not in signs["workplace.administrative"]
    assert "does not allow entry" in signs["workplace.administrative"]
    assert "not authorized to consent" in signs["workplace.manager"] and "cannot consent" not in signs["workplace.manager"]


def test_state_notes_say_who_they_bind_and_stay_cautious(builder):
    regions = builder.content.family("en", "regions")
    for code in ("il", "ca"):
        assert "not federal immigration agents" in regions[f"police.{code}"], code
    assert "courthouses" in regions["police.il"] and "check" in regions["police.il"]
    tx = regions["police.tx"]
    assert "act for ICE" in tx and "check its current status" in tx
    for code in ("us", "il", "ca", "ny", "tx"):
        assert "false name" in regions[f"identify.{code}"], code
    facts = builder.content.regions()
    assert all(region.hotline.verified is not None for region in facts.values())


@pytest.mark.parametrize("family", ["wallet-card", "signs", "guide", "regions", "site"])
def test_every_piece_speaks_the_same_version(builder, family):
    assert builder.content.family("en", family).meta.version == "1.2"


@pytest.mark.parametrize("code", LOCALES)
def test_each_locale_uses_its_glossary_terms_everywhere(builder, code):
    glossary = load_glossary(builder.content.root, code)
    assert glossary is not None, f"{code} has no glossary.yaml"
    assert set(glossary.terms) == set(CONCEPTS)
    assert term_problems(builder.content, code) == []


def test_the_glossary_check_catches_a_stray_term(content_copy):
    es = content_copy / "es" / "glossary.yaml"
    glossary = load_glossary(content_copy, "es")
    lawyer = glossary.terms["lawyer"]
    guide = (content_copy / "es" / "guide.yaml").read_text(encoding="utf-8")
    # Replace every form of the Spanish term for 'lawyer' in one string family with another word.
    for form in sorted(lawyer.forms, key=len, reverse=True):
        guide = re.sub(re.escape(form), "licenciado", guide, flags=re.I)
    (content_copy / "es" / "guide.yaml").write_text(guide, encoding="utf-8")
    problems = term_problems(Builder(content_copy).content, "es")
    assert problems and all("'lawyer'" in p for p in problems)
    assert any("guide: detained.lawyer" in p for p in problems)
    assert es.is_file()


def test_a_glossary_missing_a_concept_is_reported(content_copy):
    path = content_copy / "es" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n  detainer:\n(    .*\n)+", "\n", text + "\n"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_glossary(content_copy, "es")
    assert "terms.detainer" in str(caught.value) and "glossary.yaml" in str(caught.value)


def test_translators_notes_are_kept_and_checked(builder, content_copy):
    for code in LOCALES[1:]:  # every translation explains its uncertain terms to the reviewer
        notes = [n for family in ("wallet-card", "signs", "guide", "regions") for n in builder.content.family(code, family).notes.values()]
        assert notes, code
    path = content_copy / "es" / "signs.yaml"
    text = path.read_text(encoding="utf-8")
    bad = "  door.nonexistent: a note on nothing\n"
    text = text.replace("\nnotes:\n", "\nnotes:\n" + bad, 1) if "\nnotes:\n" in text else text + "\nnotes:\n" + bad
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        Builder(content_copy).content.family("es", "signs")
    assert "notes.door.nonexistent" in str(caught.value)


def test_spoken_words_belong_to_the_english_source(content_copy):
    path = content_copy / "es" / "wallet-card.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nspoken:\n  say_silent: Elijo guardar silencio\n", encoding="utf-8")
    replace_in_file(content_copy / "en" / "wallet-card.yaml", "  say_lawyer: I want a lawyer\n", "")
    tree = Builder(content_copy).content
    with pytest.raises(ContentError) as caught:
        tree.families([("es", "wallet-card"), ("en", "wallet-card")])
    message = str(caught.value)
    assert "es/wallet-card.yaml" in message and "spoken" in message and "English source only" in message
    assert "spoken.say_lawyer" in message


def _check_json(runner, content, region):
    result = runner.invoke(main, ["check", "--content", str(content), "--json", "--locale", "en", "--region", region])
    return result, json.loads(result.output)


def test_check_warns_when_a_hotline_check_is_old(runner, content_copy):
    result, report = _check_json(runner, content_copy, "il")
    assert report[0]["warnings"] == [] and result.exit_code == 0
    replace_in_file(content_copy / "regions.yaml", "    hours: call or text, 24 hours (855-HELP-MY-FAMILY)\n    verified: 2026-11-27", "    hours: call or text, 24 hours (855-HELP-MY-FAMILY)\n    verified: 2026-06-03")
    result, report = _check_json(runner, content_copy, "il")
    (warning,) = report[0]["warnings"]
    assert "855-435-7693" in warning and "181 days" in warning and "verified" in warning
    assert result.exit_code == 0  # a warning, not a failure
    table = runner.invoke(main, ["check", "--content", str(content_copy), "--locale", "en", "--region", "il"])
    assert "warning:" in table.output and "181 days" in table.output
    # 180 days is still fine
    replace_in_file(content_copy / "regions.yaml", "verified: 2026-06-03", "verified: 2026-06-04")
    assert _check_json(runner, content_copy, "il")[1][0]["warnings"] == []

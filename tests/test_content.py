"""Content loading: every problem reported together, with file, line and key path."""

from __future__ import annotations

import pytest

from cardgen.build import Builder
from cardgen.content.families import WALLET_CARD
from cardgen.content.loader import ContentTree
from cardgen.errors import ContentError, FontCoverageError, UnknownNameError
from conftest import replace_in_file, replace_line


def _problems(content, locale="es"):
    builder = Builder(content)
    with pytest.raises(ContentError) as caught:
        builder.pdf(builder.piece("wallet-card", locale))
    return caught.value


def test_shipped_content_is_valid():
    tree = ContentTree(Builder().content.root)
    assert tree.locale_codes()[0] == "en"
    for code in tree.locale_codes():
        text = tree.family(code, "wallet-card")
        assert set(text.strings) == set(WALLET_CARD.keys())


def test_spanish_is_an_unreviewed_draft_and_english_the_source(builder):
    es = builder.content.family("es", "wallet-card")
    en = builder.content.family("en", "wallet-card")
    assert es.meta.translation.status == "draft" and es.meta.translation.reviewer is None
    assert en.meta.translation.status == "source"
    assert es.locale.native_name == "Español" and es.locale.direction == "ltr"


def test_malformed_yaml_names_file_and_line(content_copy):
    replace_line(content_copy / "es" / "wallet-card.yaml", "    title: ", "    title: [Conozca")
    error = _problems(content_copy)
    (problem,) = error.problems
    assert problem.file.endswith("es/wallet-card.yaml")
    assert problem.line in (14, 15, 16)
    assert "malformed YAML" in str(error)


def test_missing_key_is_named_with_its_path(content_copy):
    replace_line(content_copy / "es" / "wallet-card.yaml", "      sign: ", "")
    error = _problems(content_copy)
    assert [p.key for p in error.problems] == ["strings.front.rights.sign"]
    assert "missing translation" in str(error)


def test_all_problems_are_reported_together(content_copy):
    path = content_copy / "es" / "wallet-card.yaml"
    replace_in_file(path, "status: draft", "status: finished")
    replace_in_file(path, "effective_date: 2026-12-01", "effective_date: soon")
    replace_line(path, "    qr_caption: ", "    qr_caption: Escanee\n    qr_captoin: typo")
    replace_in_file(path, "{version}", "{versoin}")
    replace_in_file(content_copy / "en" / "wallet-card.yaml", "      card: ", "      cart: ")
    error = _problems(content_copy)
    keys = {(p.file.split("/")[-2], p.key) for p in error.problems}
    assert keys == {
        ("es", "translation.status"),
        ("es", "effective_date"),
        ("es", "strings.front.qr_captoin"),
        ("es", "strings.front.version_line"),
        ("en", "strings.front.rights.cart"),  # one problem for the typo: not also 'card' missing
    }
    assert all(p.line > 0 for p in error.problems)
    text = str(error)
    assert text.startswith("5 content problems:")
    assert "strings.front.rights.cart: unknown key for wallet-card. Did you mean 'card'?" in text
    assert "'finished'" in text and "unknown key" in text and "{date}, {version}" in text


def test_unbalanced_bold_marker(content_copy):
    replace_line(content_copy / "es" / "wallet-card.yaml", "      papers: ", '      papers: "**Nunca mienta ni muestre documentos falsos."')
    error = _problems(content_copy)
    assert [p.key for p in error.problems] == ["strings.front.rights.papers"]
    assert "unpaired '**'" in str(error)


def test_locale_code_must_match_its_folder(content_copy):
    replace_in_file(content_copy / "es" / "locale.yaml", "code: es", "code: es-MX")
    error = _problems(content_copy)
    assert "folder is 'es'" in str(error)


def test_reviewed_needs_a_reviewer(content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "status: draft", "status: reviewed")
    error = _problems(content_copy)
    assert [p.key for p in error.problems] == ["translation.reviewer"]


def test_a_locale_without_the_family_file(content_copy):
    (content_copy / "es" / "wallet-card.yaml").unlink()
    builder = Builder(content_copy)
    pieces = [(p.product, p.locale) for p in builder.catalogue()]
    assert ("wallet-card", "es") not in pieces and ("wallet-card", "en") in pieces and ("door-sign", "es") in pieces
    error = _problems(content_copy)
    assert "has no wallet-card text" in str(error)


def test_unknown_locale_lists_the_known_ones(builder):
    with pytest.raises(UnknownNameError) as caught:
        builder.piece("wallet-card", "xx")
    # Too many to list: the message points to 'cardgen list' (near names get a "did you mean").
    assert str(caught.value) == f"unknown locale 'xx'. See 'cardgen list' for all {len(builder.content.locale_codes())}."


def test_yaml_is_loaded_safely(content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "title: Conozca sus derechos", "title: !!python/object/apply:os.system ['true']")
    error = _problems(content_copy)
    assert [p.key for p in error.problems] == ["strings.front.title"]
    assert "uses the YAML tag tag:yaml.org,2002:python/object/apply:os.system" in str(error)


def test_duplicate_keys_are_reported(content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "    title: Conozca sus derechos\n", "    title: Conozca sus derechos\n    title: Otra\n")
    error = _problems(content_copy)
    assert "duplicate key" in str(error)


def test_a_character_no_font_has_is_an_error_before_rendering(content_copy):
    replace_line(content_copy / "es" / "wallet-card.yaml", "      papers: ", '      papers: "**Nunca mienta** ☃"')
    builder = Builder(content_copy)
    with pytest.raises(FontCoverageError) as caught:
        builder.pdf(builder.piece("wallet-card", "es"))
    message = str(caught.value)
    assert "es front.rights.papers" in message and "U+2603" in message


def test_every_guide_statement_names_its_sources(builder):
    guide = builder.content.family("en", "guide")
    statements = [s.key for s in guide.family.strings if s.cited]
    assert statements and set(statements) <= set(guide.sources)
    for key, ids in guide.sources.items():
        assert ids and all(i in guide.references for i in ids), key


def test_a_statement_without_sources_or_with_an_unknown_reference(content_copy):
    path = content_copy / "en" / "guide.yaml"
    replace_in_file(path, "  home.caveat: [ice-memo-2025]\n", "")
    replace_in_file(path, "  crime.harbouring: [usc-8-1324]", "  crime.harbouring: [usc-8-1342]")
    with pytest.raises(ContentError) as caught:
        ContentTree(content_copy).family("en", "guide")
    keys = sorted(p.key for p in caught.value.problems)
    assert keys == ["sources.crime.harbouring", "sources.home.caveat"]
    assert "names 'usc-8-1342', which is not in references" in str(caught.value)


def _grade_level(text: str) -> float:
    """Flesch-Kincaid grade of English text (syllables counted by vowel groups)."""
    import re

    sentences = max(1, len(re.findall(r"[.!?:](\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)

    def syllables(word: str) -> int:
        word = word.lower().rstrip("e") or word.lower()
        return max(1, len(re.findall(r"[aeiouy]+", word)))

    return 0.39 * len(words) / sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


@pytest.mark.parametrize("family", ["wallet-card", "signs", "guide", "regions", "site"])
def test_english_source_reads_at_a_6th_to_8th_grade_level(builder, family):
    text = builder.content.family("en", family)
    everything = " ".join(v.replace("**", "") for k, v in text.strings.items() if not k.endswith("version_line"))
    grade = _grade_level(everything)
    assert grade <= 8.0, f"{family}: grade {grade:.1f}"

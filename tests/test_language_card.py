"""The "I speak ..." card: every language builds, its names are in the text, its own name is
drawn with real glyphs, uncertain own names stay off, unknown names get a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from cardgen.content.languages import load_languages
from cardgen.content.loader import ContentTree
from cardgen.drawing import ShapedLine
from cardgen.errors import ContentError, UnknownNameError
from cardgen.products.language_card import STATEMENT_MIN, language_card_pdf, layout_language_card
from cardgen.resources import default_content_dir
from cardgen.sizes import SIZES

CONTENT = default_content_dir()
LANGUAGES = load_languages(CONTENT)
CARD = SIZES.get("us-business")
REGION = ContentTree(CONTENT).region("il")
REQUIRED = ["mam", "kiche", "qanjobal", "akateko", "chuj", "qeqchi", "mixteco", "zapoteco", "triqui", "purepecha", "nahuatl", "garifuna", "ht", "pt"]


def _lines(sides):
    return [op for side in sides for op in side.ops if isinstance(op, ShapedLine)]


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return " ".join(page.get_textpage().get_text_range() for page in document)


def test_at_least_thirty_languages_with_the_ones_the_issue_names():
    assert len(LANGUAGES.languages) >= 30
    assert set(REQUIRED) <= set(LANGUAGES.languages)
    locale_languages = {code.split("-")[0] for code in ContentTree(CONTENT).locale_codes()} - {"en"}
    assert locale_languages <= set(LANGUAGES.languages)


@pytest.mark.parametrize("code", list(LANGUAGES.languages))
def test_every_card_builds_with_its_names_drawn(code):
    language = LANGUAGES.get(code)
    sides = layout_language_card(language, LANGUAGES, CARD, REGION)
    assert len(sides) == 1
    lines = _lines(sides)
    drawn = " ".join(line.text for line in lines)
    assert f"I speak {language.english}." in drawn
    assert "interpreter" in drawn and "remain silent" in drawn
    assert REGION.hotline.number in drawn
    # The statement for the officer: never under 10 pt.
    statement = [run for line in lines if "interpreter" in line.text or "I speak" in line.text for run in line.runs]
    assert statement and min(run.size for run in statement) >= STATEMENT_MIN
    if language.endonym:
        own = [line for line in lines if line.text == language.endonym]
        assert own, f"{code}: the own name is not drawn as one line"
        glyphs = [glyph for line in own for run in line.runs for glyph in run.glyphs]
        assert glyphs and all(glyph.gid != 0 for glyph in glyphs), f"{code}: .notdef in the own name"
        assert min(run.size for line in own for run in line.runs) >= 12.0
    else:
        assert language.endonym_uncertain
        assert language.name_line in drawn


def test_extracted_text_holds_the_english_name_and_the_own_name():
    # Latin, Ethiopic, Han, Arabic and an accented name through a real PDF: extracted as printed
    # (complex scripts whose shaping reorders glyphs are checked on the glyph runs above).
    for code in ("mam", "purepecha", "ht", "am", "zh", "pt"):
        language = LANGUAGES.get(code)
        text = _text(language_card_pdf(language, LANGUAGES, CARD, REGION))
        assert language.english in text
        assert language.endonym.replace("'", "") in text.replace("'", "").replace("\u2019", "")


def test_uncertain_own_names_are_left_off():
    uncertain = [language for language in LANGUAGES.languages.values() if language.endonym_uncertain]
    assert {"mixteco", "zapoteco", "triqui", "nahuatl"} <= {language.code for language in uncertain}
    for language in uncertain:
        text = _text(language_card_pdf(language, LANGUAGES, CARD, None))
        assert "Mixteco (Mixtec)" in text if language.code == "mixteco" else language.english in text
        for also in language.also:  # no guessed own name slips in
            assert also not in text.replace(language.english, "").replace(language.label or "", "")


def test_same_input_same_bytes():
    language = LANGUAGES.get("my")
    assert language_card_pdf(language, LANGUAGES, CARD, REGION) == language_card_pdf(language, LANGUAGES, CARD, REGION)


@pytest.mark.parametrize("typed, code", [("Quiché", "kiche"), ("KICHE", "kiche"), ("kreyol", "ht"), ("Mixtec", "mixteco"), ("Kekchi", "qeqchi"), ("አማርኛ", "am"), ("cmn", "zh")])
def test_forgiving_names(typed, code):
    assert LANGUAGES.get(typed).code == code


def test_unknown_language_is_a_did_you_mean_error():
    with pytest.raises(UnknownNameError) as caught:
        LANGUAGES.get("qanjobl")
    assert "unknown language 'qanjobl'" in str(caught.value)
    assert "qanjobal" in str(caught.value)


def test_an_endonym_without_source_or_a_guess_is_refused(tmp_path: Path):
    (tmp_path / "languages.yaml").write_text(
        'version: "1.0"\neffective_date: 2026-12-02\nlanguages:\n'
        "  xx: {english: Example, endonym: Exemplum}\n"
        "  yy: {english: Other}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_languages(tmp_path)
    message = str(caught.value)
    assert "languages.xx.endonym_source" in message and "languages.yy" in message


def _cli(*args: str):
    from click.testing import CliRunner

    from cardgen.cli import main

    return CliRunner().invoke(main, list(args))


def test_a_registered_product_after_the_others_one_card_per_language_in_the_catalogue():
    from cardgen.build import Builder
    from cardgen.products import PRODUCTS

    assert PRODUCTS.names()[-1] == "language-card" and PRODUCTS.names()[0] == "wallet-card"
    catalogue = Builder().catalogue()
    cards = [piece for piece in catalogue if piece.product == "language-card"]
    assert [piece.language for piece in cards] == list(LANGUAGES.languages)
    assert {piece.locale for piece in cards} == {"en"}  # the language its text is printed in
    assert all(piece.language is None for piece in catalogue if piece.product != "language-card")
    assert {piece.stem for piece in cards} >= {"language-card-mam-us-business", "language-card-zh-us-business", "language-card-ht-us-business"}


def test_the_builder_makes_the_same_bytes_as_the_core():
    from cardgen.build import Builder

    builder = Builder()
    piece = builder.piece("language-card", "en", region="il", language="Kekchi")
    assert piece.language == "qeqchi" and piece.stem == "language-card-qeqchi-us-business-il"
    assert builder.pdf(piece) == language_card_pdf(LANGUAGES.get("qeqchi"), LANGUAGES, CARD, REGION)
    # A locale stands for its language when no language is named: zh-Hant -> Chinese.
    assert builder.piece("language-card", "zh-Hant").language == "zh"


def test_built_by_cardgen_build_with_forgiving_names(tmp_path: Path):
    built = _cli("build", "-p", "language-card", "--language", "Quiche,mam", "--region", "Illinois", "-o", str(tmp_path))
    assert built.exit_code == 0, built.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["language-card-kiche-us-business-il.pdf", "language-card-mam-us-business-il.pdf"]
    mam = (tmp_path / names[1]).read_bytes()
    text = _text(mam)
    assert "855-435-7693" in text and "I speak Mam." in text
    # --language alone implies the product; the same input makes the same bytes.
    again = tmp_path / "again"
    assert _cli("build", "--language", "MAM", "--region", "il", "-o", str(again)).exit_code == 0
    assert sorted(p.name for p in again.iterdir()) == ["language-card-mam-us-business-il.pdf"]
    assert (again / names[1]).read_bytes() == mam


def test_on_a_card_sheet(tmp_path: Path):
    built = _cli("build", "--language", "ht", "--sheet", "avery-5371", "-o", str(tmp_path))
    assert built.exit_code == 0, built.output
    (path,) = tmp_path.iterdir()
    assert path.name == "language-card-ht-us-business-avery-5371.pdf"
    document = pypdfium2.PdfDocument(path.read_bytes())
    assert len(document) == 1  # one-sided: fronts only
    assert _text(path.read_bytes()).count("I speak Haitian Creole.") == 10


def test_locale_and_language_options_are_not_confused(tmp_path: Path):
    wrong = _cli("build", "-p", "language-card", "-l", "es", "-o", str(tmp_path))
    assert wrong.exit_code == 2 and "--language, not --locale" in wrong.output and "Traceback" not in wrong.output
    other = _cli("build", "-p", "wallet-card", "--language", "mam", "-o", str(tmp_path))
    assert other.exit_code == 2 and "add --product language-card" in other.output
    unknown = _cli("build", "--language", "qanjobl", "-o", str(tmp_path))
    assert unknown.exit_code == 2
    assert "unknown language 'qanjobl'" in unknown.output and "qanjobal" in unknown.output and "Traceback" not in unknown.output
    assert not any(tmp_path.iterdir())
    # A locale builds its pieces, never language cards (which are printed in English).
    spanish = _cli("build", "-p", "all", "-l", "en", "-o", str(tmp_path / "en"))
    assert spanish.exit_code == 0, spanish.output
    assert not [p for p in (tmp_path / "en").iterdir() if p.name.startswith("language-card")]
    # Both: the locale's pieces and the language's card.
    both = _cli("build", "-p", "wallet-card,language-card", "-l", "es", "--language", "Español", "-o", str(tmp_path / "both"))
    assert both.exit_code == 0, both.output
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == ["language-card-es-us-business.pdf", "wallet-card-es-us-business.pdf"]


def test_no_qr_code_and_no_note_about_one(tmp_path: Path):
    from cardgen.build import Builder
    from cardgen.drawing import QrSymbol

    builder = Builder()
    piece = builder.piece("language-card", "en", site_url="https://guide.example.org", language="am")
    assert not [op for side in builder.sides(piece) for op in side.ops if isinstance(op, QrSymbol)]
    built = _cli("build", "--language", "am", "-o", str(tmp_path))
    assert built.exit_code == 0 and "QR codes lead" not in built.output


def test_the_catalogue_with_an_organisation_leaves_the_cards_out_and_says_so(tmp_path: Path, capsys):
    org = tmp_path / "org.yaml"
    org.write_text("name: Example Aid\nphone: 555-0100\n", encoding="utf-8")
    asked = _cli("build", "--language", "mam", "--org", str(org), "-o", str(tmp_path / "out"))
    assert asked.exit_code == 2 and "does not print an organisation" in asked.output
    # What 'cardgen build --org FILE' selects (without building the whole catalogue here).
    from cardgen.build import Builder
    from cardgen.cli.pieces import _select

    builder = Builder()
    chosen = _select(builder, (), (), None, org_file=org)
    assert chosen and all(piece.org is not None for piece in chosen)
    assert {piece.product for piece in chosen} == {piece.product for piece in builder.catalogue()} - {"language-card"}
    assert "language-cards are left out" in capsys.readouterr().err


def test_list_and_list_json():
    import json

    listed = _cli("list")
    assert listed.exit_code == 0
    assert "Languages (language cards" in listed.output and "qanjobal" in listed.output and "Mixteco (Mixtec)" in listed.output
    data = json.loads(_cli("list", "--json").stdout)
    assert [entry["code"] for entry in data["languages"]] == list(LANGUAGES.languages)
    mixteco = next(entry for entry in data["languages"] if entry["code"] == "mixteco")
    assert mixteco == {"code": "mixteco", "english": "Mixtec", "label": "Mixteco", "endonym": None, "endonym_uncertain": True}
    amharic = next(entry for entry in data["languages"] if entry["code"] == "am")
    assert amharic["endonym"] == "አማርኛ" and amharic["endonym_uncertain"] is False
    assert "language-card" in [p["name"] for p in data["products"]]


def test_a_content_tree_without_languages_builds_and_lists_without_cards(content_copy: Path, tmp_path: Path):
    from cardgen.build import Builder

    (content_copy / "languages.yaml").unlink()
    assert not [p for p in Builder(content_copy).catalogue() if p.product == "language-card"]
    listed = _cli("list", "--json", "--content", str(content_copy))
    assert listed.exit_code == 0 and '"languages": []' in listed.stdout
    asked = _cli("build", "--language", "mam", "--content", str(content_copy), "-o", str(tmp_path / "out"))
    assert asked.exit_code == 2 and "languages.yaml" in asked.output and "Traceback" not in asked.output


def test_a_batch_order_giving_the_language_card_locales_gets_a_clear_error(tmp_path: Path):
    # Orders take language cards by their languages (tests/test_batch_languages.py), not by locales.
    order = tmp_path / "order.yaml"
    order.write_text("items:\n  - product: Language Card\n    locales: [es]\n", encoding="utf-8")
    result = _cli("batch", str(order), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "order.yaml:3: items[0].locales: a language card is made per language, not per locale" in result.output
    assert "languages: [mam, kiche]" in result.output and not (tmp_path / "out").exists()

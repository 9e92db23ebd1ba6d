"""Forgiving names (issue 13, point 1) and CLI manners (point 7): locale codes in any case,
subtag fallbacks with a note, language and region names, "did you mean" for every unknown
name, -l all and comma lists, -q/-v, shell completion, list --json and the top help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from cardgen.cli import main
from cardgen.content.loader import ContentTree
from cardgen.errors import AmbiguousNameError, UnknownNameError
from cardgen.lookup import fold, resolve_locale, resolve_region, split_names
from cardgen.resources import default_content_dir
from conftest import page_text, replace_in_file

LOCALE_COUNT = len(ContentTree(default_content_dir()).locale_codes())


@pytest.fixture(scope="module")
def tree() -> ContentTree:
    return ContentTree(default_content_dir())


def _pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf"))


# -- locale names: the rules of lookup, with their exact notes ------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("es", "es"), ("ES", "es"), ("pt-br", "pt-BR"), ("ZH-HANT", "zh-Hant"), ("zh_hans", "zh-Hans"),  # BCP 47: case does not matter
        ("spanish", "es"), ("Spanish", "es"), ("español", "es"), ("ESPANOL", "es"),  # English name and endonym, accents optional
        ("Arabic", "ar"), ("العربية", "ar"), ("Tiếng Việt", "vi"), ("tieng viet", "vi"), ("Portuguese", "pt-BR"),
    ],
)
def test_locale_codes_and_names_match_without_a_note(tree, name, code):
    assert resolve_locale(tree, name) == (code, None)


@pytest.mark.parametrize(
    "name, code, label",
    [
        ("es-MX", "es", "es (Spanish)"),
        ("es_mx", "es", "es (Spanish)"),
        ("pt", "pt-BR", "pt-BR (Portuguese, Brazil)"),
        ("zh-TW", "zh-Hant", "zh-Hant (Chinese, Traditional)"),
        ("zh-HK", "zh-Hant", "zh-Hant (Chinese, Traditional)"),
        ("zh-CN", "zh-Hans", "zh-Hans (Chinese, Simplified)"),
        ("zh-SG", "zh-Hans", "zh-Hans (Chinese, Simplified)"),
        ("zh-Hant-TW", "zh-Hant", "zh-Hant (Chinese, Traditional)"),
        ("fr-CA", "fr", "fr (French)"),
    ],
)
def test_regional_codes_fall_back_with_a_note(tree, name, code, label):
    assert resolve_locale(tree, name) == (code, f"note: there is no locale '{name}'; using {label}, the nearest.")


@pytest.mark.parametrize("name", ["zh", "ZH", "Chinese"])
def test_a_bare_chinese_asks_which_script(tree, name):
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_locale(tree, name)
    assert str(caught.value) == f"locale '{name}' could be zh-Hans (Chinese, Simplified) or zh-Hant (Chinese, Traditional): say which."
    assert caught.value.exit_code == 2


def test_an_unknown_locale_suggests_the_closest_by_code_or_name(tree):
    with pytest.raises(UnknownNameError) as caught:
        resolve_locale(tree, "spansh")
    assert str(caught.value) == f"unknown locale 'spansh'. Did you mean es (Spanish) or ps (Pashto)? See 'cardgen list' for all {LOCALE_COUNT}."
    with pytest.raises(UnknownNameError) as caught:
        resolve_locale(tree, "klingon")  # nothing close: no guess, and not the whole list either
    assert str(caught.value) == f"unknown locale 'klingon'. See 'cardgen list' for all {LOCALE_COUNT}."


def test_helpers():
    assert fold("  Español ") == "espanol" and fold("Wallet Card") == "wallet-card" and fold("long_edge") == "long-edge"
    assert split_names(("es,fr", " vi ", "es")) == ("es", "fr", "vi")
    assert split_names(("es", "ALL")) is None and split_names(()) == ()


def test_regions_match_by_code_or_name(tree):
    regions = tree.regions()
    assert [resolve_region(regions, n) for n in ("il", "IL", "Illinois", "illinois", "New York", "united states")] == ["il", "il", "il", "il", "ny", "us"]


# -- on the command line ---------------------------------------------------------------------------


def test_locale_names_and_fallbacks_on_the_command_line(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-p", "wallet-card,door-sign", "-l", "Spanish,zh-TW", "-l", "es-MX", "--region", "Illinois", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _pdfs(out) == [
        "door-sign-es-letter-il.pdf", "door-sign-zh-Hant-letter-il.pdf",
        "wallet-card-es-us-business-il.pdf", "wallet-card-zh-Hant-us-business-il.pdf",
    ]
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: there is no locale")]
    assert notes == [  # each fallback noted once, though it is used for two products
        "note: there is no locale 'zh-TW'; using zh-Hant (Chinese, Traditional), the nearest.",
        "note: there is no locale 'es-MX'; using es (Spanish), the nearest.",
    ]
    assert "note:" not in result.stdout  # notes go to stderr
    assert "Illinois" in page_text((out / "wallet-card-es-us-business-il.pdf").read_bytes(), 1) or "855-435-7693" in page_text(
        (out / "wallet-card-es-us-business-il.pdf").read_bytes(), 1
    )


def test_locale_all_is_every_locale_with_that_product(runner, tmp_path, tree):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-p", "workplace-sign", "-l", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = sorted(f"workplace-sign-{c}-letter.pdf" for c in tree.locale_codes() if tree.has_family(c, "signs"))
    assert _pdfs(out) == expected and len(expected) > 10


@pytest.mark.parametrize(
    "args, message",
    [
        (["-p", "walet-card", "-l", "es"], "Error: unknown product 'walet-card'. Did you mean 'wallet-card', 'wallet-card-fill-in' or 'fold-card'? Choose one of: wallet-card, door-sign, workplace-sign, guide, large-print-card, fold-card, wallet-card-fill-in, language-card."),
        (["-p", "wallet-card", "-l", "es", "-s", "a44"], "Error: unknown size 'a44'. Did you mean 'a4'? Choose one of: us-business, cr80, eu-business, eu-85x54, letter, a4, half-letter, a5, postcard-4x6, a6, us-business-fold, eu-business-fold."),
        (["-p", "wallet-card", "-l", "es", "--sheet", "avery-537"],
         "Error: unknown sheet 'avery-537'. Did you mean 'avery-5371' or 'avery-c32011'? Choose one of: single, booklet, avery-5371, avery-c32011, letter-10up, a4-10up, letter-4up-fold, a4-4up-fold, press-12x18, press-13x19, press-sra3."),
        (["-p", "wallet-card", "-l", "es", "--region", "illinios"], "Error: unknown region 'illinios'. Did you mean il (Illinois)? Choose one of: us, il, ca, ny, tx."),
        (["-p", "wallet-card", "-l", "zh"], "Error: locale 'zh' could be zh-Hans (Chinese, Simplified) or zh-Hant (Chinese, Traditional): say which."),
        (["-p", "wallet-card", "-l", "es,spansh"], f"Error: unknown locale 'spansh'. Did you mean es (Spanish) or ps (Pashto)? See 'cardgen list' for all {LOCALE_COUNT}."),
    ],
)
def test_unknown_names_say_did_you_mean_exit_2(runner, tmp_path, args, message):
    result = runner.invoke(main, ["build", *args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert not (tmp_path / "out").exists()


def test_product_names_in_any_case(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "Wallet-Card", "-l", "ES", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _pdfs(tmp_path) == ["wallet-card-es-us-business.pdf"]


def test_other_commands_suggest_by_name(runner):
    result = runner.invoke(main, ["check", "-l", "Spanish"])  # check takes codes; it says which one is meant
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: unknown locale 'Spanish'. Did you mean es (Spanish)? See 'cardgen list' for all {LOCALE_COUNT}."


# -- keys in files: one problem per typo, with a did-you-mean -----------------------------------


def test_a_misspelt_content_section_is_one_problem(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "\n    rights:\n", "\n    rigths:\n")
    result = runner.invoke(main, ["build", "--content", str(content_copy), "-p", "wallet-card", "-l", "es", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Error: 1 content problem:"
    assert len(lines) == 2 and lines[1].endswith(
        "es/wallet-card.yaml:15: strings.front.rigths: unknown key for wallet-card. Did you mean 'rights'? Keys here: qr_caption, rights, title, version_line."
    )


def test_a_misspelt_content_leaf_is_one_problem(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "      silent: ", "      silnet: ")
    result = runner.invoke(main, ["build", "--content", str(content_copy), "-p", "wallet-card", "-l", "es", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Error: 1 content problem:"
    assert "strings.front.rights.silnet: unknown key for wallet-card. Did you mean 'silent' or 'sign'? Keys here: calm, card, door, leave, papers, search, sign, silent." in lines[1]


def test_a_section_given_as_text_does_not_also_miss_its_keys(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "\n    rights:\n", "\n    rights: Derechos\n    rights_list:\n")
    result = runner.invoke(main, ["build", "--content", str(content_copy), "-p", "wallet-card", "-l", "es", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Error: 2 content problems:" and len(lines) == 3
    assert lines[1].endswith("es/wallet-card.yaml:14: strings.front.rights: must be a section of keys, not text. Check its indentation.")
    assert lines[2].endswith("es/wallet-card.yaml:16: strings.front.rights_list: unknown key for wallet-card. Did you mean 'rights'? Keys here: qr_caption, rights, title, version_line.")


def test_order_keys_and_locale_names(runner, tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text("items:\n  - product: wallet-card\n    locale: [es]\nsite-url: https://rights.example.org\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{order}:3: items[0].locale: unknown key. Did you mean 'locales'? Use: " in result.stderr
    assert f"{order}:4: site-url: unknown key. Did you mean 'site_url'? An order has: " in result.stderr

    order.write_text("items:\n  - product: Wallet-Card\n    locales: [es-MX, Spanish]\n    region: Illinois\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert _pdfs(tmp_path / "out") == ["wallet-card-es-us-business-il.pdf"]  # es-MX and Spanish are one locale: one file
    assert result.stderr.count("note: there is no locale 'es-MX'; using es (Spanish), the nearest.") == 1

    order.write_text("items:\n  - product: wallet-card\n    locales: [zh]\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(order), "-o", str(tmp_path / "out2")])
    assert result.exit_code == 2
    assert "item 1 (wallet-card, zh): unknown locale 'zh'. Did you mean zh-Hans (Chinese, Simplified) or zh-Hant (Chinese, Traditional)?" in result.stderr


def test_profile_and_sheet_file_keys(runner, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text("name: Riverside Legal Aid\nphnoe: 555-0100\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--org", str(org), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "org.yaml:2: phnoe: unknown key. Did you mean 'phone'? Use: name, phone, website, logo, accent, qr_url, site_url." in result.stderr
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("name: mine\nlabel: mine\ncard_size: us-business\ncolums: 2\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--sheet-file", str(sheet), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "sheet.yaml:4: colums: unknown key. Did you mean 'columns' or 'column_gap'? Use: name, label, card_size, columns," in result.stderr


# -- CLI manners ------------------------------------------------------------------------------------


def test_quiet_and_verbose(runner, tmp_path):
    args = ["build", "-p", "wallet-card", "-l", "es-MX", "-o", str(tmp_path)]
    quiet = runner.invoke(main, ["-q", *args])
    assert quiet.exit_code == 0 and quiet.stdout == ""  # no 'wrote' lines
    assert "note:" not in quiet.stderr  # no notes (warnings, such as one about drafts, stay)
    assert _pdfs(tmp_path) == ["wallet-card-es-us-business.pdf"]
    normal = runner.invoke(main, args)
    assert normal.stdout.startswith(f"wrote {tmp_path / 'wallet-card-es-us-business.pdf'}\n")
    assert "locale 'es-MX' is es" not in normal.stderr
    verbose = runner.invoke(main, ["--verbose", *args])
    assert verbose.exit_code == 0
    assert f"content: {default_content_dir()}\nlocale 'es-MX' is es\nnote: there is no locale 'es-MX'" in verbose.stderr
    both = runner.invoke(main, ["-q", "-v", "list"])
    assert both.exit_code == 2 and "Error: give -q/--quiet or -v/--verbose, not both." in both.stderr
    after = runner.invoke(main, [*args, "-q"])  # after the command, too
    assert after.exit_code == 0 and after.stdout == "" and "note:" not in after.stderr
    both = runner.invoke(main, ["-q", "build", "--verbose"])
    assert both.exit_code == 2 and "Error: give -q/--quiet or -v/--verbose, not both." in both.stderr


def test_quiet_errors_are_still_shown(runner, tmp_path):
    result = runner.invoke(main, ["-q", "build", "-p", "walet-card", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "unknown product 'walet-card'" in result.stderr


def _complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(main, {}, "cardgen", "_CARDGEN_COMPLETE").get_completions(args, incomplete)]


def test_shell_completion_of_names():
    assert _complete(["build", "-p"], "w") == ["wallet-card", "workplace-sign", "wallet-card-fill-in"]
    assert _complete(["build", "-l"], "e") == ["en", "es"]
    assert _complete(["preview", "-l"], "es,f") == ["es,fa", "es,fr"]  # comma lists complete their last part
    assert _complete(["build", "-l"], "zh") == ["zh-Hans", "zh-Hant"]
    assert _complete(["build", "-s"], "a") == ["a4", "a5", "a6"]
    assert _complete(["build", "--sheet"], "av") == ["avery-5371", "avery-c32011"]
    assert _complete(["build", "--region"], "") == ["us", "il", "ca", "ny", "tx"]


def test_shell_completion_script(runner):
    result = runner.invoke(main, [], prog_name="cardgen", env={"_CARDGEN_COMPLETE": "bash_source"})
    assert result.exit_code == 0 and "_cardgen_completion()" in result.output and "complete -o nosort -F _cardgen_completion cardgen" in result.output


def test_list_json(runner, tree):
    result = runner.invoke(main, ["list", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"content", "products", "sizes", "sheets", "regions", "locales", "languages"}
    assert [p["name"] for p in data["products"]] == ["wallet-card", "door-sign", "workplace-sign", "guide", "large-print-card", "fold-card", "wallet-card-fill-in", "language-card"]
    assert {"code": "il", "name": "Illinois", "hotline": {"name": "ICIRR Family Support Hotline", "number": "855-435-7693"}} in data["regions"]
    es = next(entry for entry in data["locales"] if entry["code"] == "es")
    assert es["name"] == "Spanish" and es["native_name"] == "Español" and "wallet-card" in es["text_for"]
    assert [entry["code"] for entry in data["locales"]] == list(tree.locale_codes())
    assert "avery-5371" in [s["name"] for s in data["sheets"]] and "a4" in [s["name"] for s in data["sizes"]]


def test_top_help_names_every_kind_of_piece_and_shows_examples(runner):
    result = runner.invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "wallet cards, door signs, workplace signs and guide booklets" in text
    assert "Examples: cardgen list cardgen build -p wallet-card -l es --region il --sheet avery-5371" in text
    assert "-q, --quiet" in result.output and "-v, --verbose" in result.output
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands  # no command summary is cut off
    assert "batch Build every item of an order file, in parallel, into one folder with a manifest." in text

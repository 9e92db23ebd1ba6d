"""The command line: exit codes, messages, files written (and not written)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cardgen import __version__
from cardgen.build import Builder
from cardgen.cli import main
from conftest import decode_qr, replace_in_file


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"cardgen, version {__version__}"


def _all_commands() -> dict:
    from cardgen.cli.app import load_commands

    load_commands()
    return main.commands


def test_lazy_command_table_matches_the_commands():
    """'cardgen --help' lists commands from a table, without importing them: it must name
    every command, its module, and its first sentence exactly as the command's own help."""
    from cardgen.cli.app import COMMANDS

    commands = _all_commands()
    assert sorted(COMMANDS) == sorted(commands)
    for name, (module, summary) in COMMANDS.items():
        assert commands[name].callback.__module__ == f"cardgen.cli.{module}", name
        assert commands[name].get_short_help_str(limit=1000) == summary, name


def test_help_imports_no_command_module():
    import subprocess
    import sys

    code = "import sys; from cardgen.cli import main\ntry:\n    main(['--help'], standalone_mode=False)\nfinally:\n    print(sorted(m for m in sys.modules if m.startswith('cardgen')), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(done.stderr.strip().splitlines()[-1])
    assert [m for m in loaded if m.startswith("cardgen.cli.") and m != "cardgen.cli.app"] == []
    assert "build" in done.stdout and "specimen" in done.stdout


@pytest.mark.parametrize("command", sorted(_all_commands()))
def test_every_command_has_help(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, f"{command} has no docstring"
    assert "--help" in result.output
    if command not in ("list", "specimen", "calibrate", "init"):  # init copies the examples: no content read
        assert "--content" in result.output


def test_group_help_lists_every_command(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in _all_commands():
        assert command in result.output


def test_list_shows_products_locales_and_sizes(runner):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0, result.output
    for expected in ("wallet-card", "us-business", "3.5 x 2 in", "cr80", "85.60 x 53.98 mm", "es ", "Español"):
        assert expected in result.output


def test_build_one_card(runner, tmp_path):
    result = runner.invoke(main, ["build", "--product", "wallet-card", "--locale", "es", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["wallet-card-es-us-business.pdf"]
    assert f"wrote {tmp_path / 'wallet-card-es-us-business.pdf'}" in result.output


def test_build_with_a_size(runner, tmp_path):
    result = runner.invoke(main, ["build", "-p", "wallet-card", "-l", "en", "--size", "cr80", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "wallet-card-en-cr80.pdf").is_file()


def test_build_without_arguments_makes_the_default_catalogue(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "output").iterdir())
    expected = sorted(f"{piece.stem}.pdf" for piece in Builder().catalogue())
    assert names == expected
    assert {"wallet-card-en-us-business.pdf", "wallet-card-es-us-business.pdf"} <= set(names)


def test_preview_writes_a_png_per_side_from_the_pdf(runner, tmp_path):
    result = runner.invoke(main, ["preview", "-p", "wallet-card", "-l", "es", "-o", str(tmp_path), "--dpi", "150"])
    assert result.exit_code == 0, result.output
    front, back = tmp_path / "wallet-card-es-us-business-front.png", tmp_path / "wallet-card-es-us-business-back.png"
    from PIL import Image

    with Image.open(front) as image:
        assert image.size == (525, 300)  # 3.5 x 2 in at 150 dpi
    with Image.open(back) as image:
        assert image.size == (525, 300)
        assert decode_qr(image) == ["https://www.ilrc.org/red-cards-tarjetas-rojas"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "-p", "door-mat", "-l", "es"], "unknown product 'door-mat'. Choose one of: wallet-card, door-sign, workplace-sign, guide, large-print-card, fold-card, wallet-card-fill-in, language-card."),
        (["build", "-p", "wallet-card", "-l", "xx"], "unknown locale 'xx'. See 'cardgen list' for all 32."),
        (["build", "-p", "wallet-card", "-s", "a0"], "unknown size 'a0'. Choose one of: us-business, cr80, eu-business, eu-85x54, letter, a4, half-letter, a5, postcard-4x6, a6, us-business-fold, eu-business-fold."),
        (["preview", "-l", "xx"], "unknown locale 'xx'"),
        (["list", "--content", "no/such/folder"], "content folder no/such/folder does not exist"),
    ],
)
def test_bad_names_give_one_clear_line_and_exit_2(runner, tmp_path, args, message):
    result = runner.invoke(main, args + (["-o", str(tmp_path / "out")] if args[0] != "list" else []))
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def _broken_run(runner, content, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--content", str(content), "-o", str(out)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result, out


def test_malformed_yaml_gives_no_output_at_all(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "title: Conozca sus derechos", "title: 'Conozca")
    result, out = _broken_run(runner, content_copy, tmp_path)
    assert result.exit_code == 2
    assert "es/wallet-card.yaml:" in result.output and "malformed YAML" in result.output
    assert not out.exists() or not any(out.iterdir())  # not even the English card


def test_missing_key_through_the_cli(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "    qr_caption: Escanee para más ayuda\n", "")
    result, out = _broken_run(runner, content_copy, tmp_path)
    assert result.exit_code == 2
    assert "strings.front.qr_caption: missing translation" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_http_url_through_the_cli(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "en" / "wallet-card.yaml", "qr_url: https://", "qr_url: http://")
    result, out = _broken_run(runner, content_copy, tmp_path)
    assert result.exit_code == 2
    assert "must be an https:// link" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_text_too_long_through_the_cli(runner, content_copy, tmp_path):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "title: Conozca sus derechos", "title: " + "Conozca sus derechos " * 6)
    result, out = _broken_run(runner, content_copy, tmp_path)
    assert result.exit_code == 3
    assert "wallet-card (es, us-business): the text of 'front.title' does not fit." in result.output
    assert not out.exists() or not any(out.iterdir())


def test_an_existing_file_is_kept_when_a_build_fails(runner, content_copy, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--content", str(content_copy), "-o", str(out)]).exit_code == 0
    before = (out / "wallet-card-es-us-business.pdf").read_bytes()
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "version: \"1.2\"", "version: one")
    result = runner.invoke(main, ["build", "--content", str(content_copy), "-o", str(out)])
    assert result.exit_code == 2
    assert (out / "wallet-card-es-us-business.pdf").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.pdf" for p in Builder(content_copy).catalogue())


def test_python_dash_m_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cardgen", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"cardgen, version {__version__}"


def test_cli_start_up_does_not_import_the_heavy_modules(tmp_path):
    code = (
        "import sys; from cardgen.cli import main\n"
        "heavy = [m for m in ('reportlab', 'qrcode', 'yaml', 'pypdfium2', 'PIL', 'pathlib') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_readme_documents_every_command():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in _all_commands():
        assert f"cardgen {command}" in readme, command

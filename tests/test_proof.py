"""The review proof: every string with its key, English, translation and note, then the pieces."""

from __future__ import annotations

import pytest

from cardgen.cli import main
from conftest import page_text, read_pdf, render


@pytest.fixture(scope="module")
def proofs(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("proof")
    made = {}
    for locale in ("es", "ar", "my"):
        result = CliRunner().invoke(main, ["proof", "-l", locale, "-o", str(out / f"proof-{locale}.pdf")])
        assert result.exit_code == 0, result.output
        made[locale] = (out / f"proof-{locale}.pdf").read_bytes()
    return made


def all_text(pdf: bytes) -> str:
    return "\n".join(page_text(pdf, n) for n in range(len(read_pdf(pdf).pages)))


def test_the_proof_lists_every_string_then_every_piece(proofs):
    pdf = proofs["es"]
    text = all_text(pdf)
    assert "Review proof: Spanish (es)" in text
    for words in ("wallet-card:front.rights.silent", "English: Remain silent.", "Guarde silencio.", "Note: 'guardar silencio'", "guide:help.hotline", "regions:police.tx"):
        assert words in text, words
    assert "Fit margin of each field" in text and "front.rights:" in text and "free at the 7.0 pt floor" in text
    assert "carries the DRAFT mark" in text
    pages = read_pdf(pdf).pages
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert (612, 792) in sizes and (252, 144) in sizes  # proof pages on Letter, the card at its own size
    assert "DRAFT, not reviewed" in text  # the pieces as printed, draft mark included


@pytest.mark.parametrize("locale, script", [("ar", "Arab"), ("my", "Mymr")])
def test_the_proof_sets_every_script(proofs, locale, script):
    from cardgen.typeset.fonts import stack_for

    pdf = proofs[locale]
    text = all_text(pdf)
    assert "wallet-card:front.rights.silent" in text and "English: Remain silent." in text
    face = stack_for(script).faces(False)[0]  # the translations are set in the script's own font
    assert face.file.removesuffix(".ttf").encode() in pdf or face.name.encode() in pdf
    image = render(pdf, 0, dpi=50).convert("L")
    assert image.getextrema()[0] < 100  # ink on the first page

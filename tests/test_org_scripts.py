"""Organisation names in any script on every piece, the logo on the card back, and their file names."""

from __future__ import annotations

import pytest

from cardgen.build import Builder
from cardgen.cli import main
from cardgen.names import file_component
from conftest import page_text

NAMES = {
    "ar": "مركز حقوق العمال",
    "zh": "华人工人权益中心",
    "am": "የሠራተኞች መብት ማዕከል",
    "hi": "श्रमिक अधिकार केंद्र",
}
# (product, page where the organisation prints)
PIECES = [("wallet-card", 1), ("door-sign", 0), ("workplace-sign", 0), ("guide", 0)]


def _logo(path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(image).ellipse((20, 20, 280, 280), fill=(29, 78, 137))
    image.save(path)


def _profile(tmp_path, script, logo=True):
    if logo:
        _logo(tmp_path / "logo.png")
    path = tmp_path / f"org-{script}.yaml"
    path.write_text(f'name: "{NAMES[script]}"\nphone: "+1 555 0100"\nwebsite: "https://example.org"\n' + ("logo: logo.png\n" if logo else ""), encoding="utf-8")
    return path


def _found(name: str, text: str) -> bool:
    # PDFium gives right-to-left text in visual order, word by word (each word either way round),
    # and puts spaces inside some Devanagari clusters: compare without spaces
    compact = "".join(text.split())
    return all(word in compact or word[::-1] in compact for word in name.split())


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_in_any_script_prints_on_every_piece(runner, tmp_path, script):
    profile = _profile(tmp_path, script)
    out = tmp_path / "out"
    args = ["build", "-l", "es", "--org", str(profile), "-o", str(out)]
    for product, _ in PIECES:
        args += ["-p", product]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    for product, page in PIECES:
        (pdf,) = out.glob(f"{product}-es-*.pdf")
        assert pdf.name.endswith(f"-{file_component(NAMES[script], lower=True, fallback='org')}.pdf")
        text = page_text(pdf.read_bytes(), page)
        assert _found(NAMES[script], text), (product, text)
        # the phone and address keep their own order (an extractor may put right-to-left lines' words the other way)
        assert _found("+1 555 0100", text) and ("example.org" in text or "org.example" in text), (product, text)


def test_the_name_keeps_its_letters_in_file_names_as_a_stable_ascii_form():
    forms = {script: file_component(name, lower=True, fallback="org") for script, name in NAMES.items()}
    assert forms == {script: file_component(name, lower=True, fallback="org") for script, name in NAMES.items()}
    for form in forms.values():
        assert form.isascii() and form.startswith("org-") and "/" not in form
    assert len(set(forms.values())) == len(forms)


def _back_ops(tmp_path, script, logo):
    from cardgen.org import load_org

    builder = Builder()
    piece = builder.piece("wallet-card", "es", org=load_org(_profile(tmp_path, script, logo)), region="il")
    return builder.sides(piece)[1].ops


def test_the_logo_sits_beside_the_foot_of_the_card_back_without_shrinking_the_statement(tmp_path):
    from cardgen.drawing import Picture, ShapedLine

    with_logo = _back_ops(tmp_path, "ar", logo=True)
    pictures = [op for op in with_logo if isinstance(op, Picture)]
    assert len(pictures) == 1
    logo = pictures[0]
    assert logo.height < 30  # small: beside the help line and the organisation
    (tmp_path / "plain").mkdir()
    without = _back_ops(tmp_path / "plain", "ar", logo=False)
    assert not any(isinstance(op, Picture) for op in without)
    sizes = lambda ops: sorted({run.size for op in ops if isinstance(op, ShapedLine) for run in op.runs})
    assert max(sizes(with_logo)) == max(sizes(without))  # the statement keeps its size


def test_the_card_back_renders_the_arabic_name_and_the_logo(tmp_path):
    from conftest import render

    from cardgen.org import load_org

    builder = Builder()
    piece = builder.piece("wallet-card", "es", org=load_org(_profile(tmp_path, "ar")), region="il")
    image = render(builder.pdf(piece), page=1, dpi=100).convert("RGB")
    # the logo's blue at the foot's left
    width, height = image.size
    blues = [image.getpixel((x, y)) for x in range(0, width // 6) for y in range(int(height * 0.7), height)]
    assert any(abs(r - 29) < 20 and abs(g - 78) < 20 and abs(b - 137) < 20 for r, g, b in blues)


def test_a_logo_that_would_crowd_the_statement_is_left_off(tmp_path, monkeypatch):
    from cardgen.drawing import Picture
    from cardgen.products import wallet_card

    monkeypatch.setattr(wallet_card, "LOGO_MIN_HEIGHT", 70.0)  # a logo this tall would push the statement up
    ops = _back_ops(tmp_path, "zh", logo=True)  # builds: nothing overflows
    assert not any(isinstance(op, Picture) for op in ops)


def test_the_phone_and_address_keep_their_order_after_a_right_to_left_name():
    from cardgen.org import Org

    contact = Org(NAMES["ar"], "+1 555 0100", "https://example.org").printed_contact
    # a no-break space before each separator, so that a line breaking there ends with it
    assert contact == f"{NAMES['ar']}\u00a0\u200f·\u200f \u2066+1 555 0100\u2069\u00a0\u200f·\u200f \u2066example.org\u2069"
    assert Org("Riverside Legal Aid", "+1 555 0100").printed_contact == "Riverside Legal Aid\u00a0· \u2066+1 555 0100\u2069"

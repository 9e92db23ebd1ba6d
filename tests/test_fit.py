"""Text is fitted: the largest size that fits, never below the floor, or a clear error."""

from __future__ import annotations

import pytest

from cardgen.build import Builder
from cardgen.drawing import QrSymbol, ShapedLine
from cardgen.errors import FitError
from cardgen.products.wallet_card import BODY_MIN, CAPTION_MIN
from cardgen.sizes import SIZES
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import SIZE_STEP, Box, NoFit, Paragraph, fit
from conftest import replace_line

CARD_SIZES = [s.name for s in SIZES if s.kind == "card"]

LATIN = Writing("en", "Latn", False)


ALL_LOCALES = Builder().content.locale_codes()


@pytest.mark.parametrize("size", CARD_SIZES)
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_body_text_never_below_the_floor_and_inside_the_card(builder, locale, size):
    trim = SIZES.get(size)
    for side in builder.sides(builder.piece("wallet-card", locale, size)):
        runs = [run for op in side.ops if isinstance(op, ShapedLine) for run in op.runs]
        assert runs
        margin = 3 * 72 / 25.4 - 0.01 if trim.metric else 9 - 0.01  # text keeps the safe margin
        for run in runs:
            assert margin < run.x and run.x + run.width < trim.width - margin and margin < run.y < trim.height
        # The QR code's caption, in the column under the code, may be smaller than the text.
        codes = [op for op in side.ops if isinstance(op, QrSymbol)]
        column = min((code.x for code in codes), default=trim.width) - 6
        caption = [r for r in runs if r.x >= column and r.size > 5.0]
        body = [r for r in runs if r.size > 5.0 and r.x < column]  # all but the version line and caption
        assert min(r.size for r in body) >= BODY_MIN
        assert all(r.size >= CAPTION_MIN for r in caption)


def test_fit_takes_the_largest_size_that_fits():
    paragraphs = [Paragraph("Do not open the door. Ask for a warrant signed by a judge.")]
    box = Box(0, 0, 120, 40)
    block = fit(paragraphs, LATIN, box, 20, 5)
    assert block.height <= box.height
    with pytest.raises(NoFit):
        fit(paragraphs, LATIN, box, 20, block.size + SIZE_STEP)


def test_text_too_long_is_an_error_naming_product_locale_size_and_field(content_copy, tmp_path):
    long = "Diga en voz alta que decide guardar silencio y no conteste ninguna pregunta. " * 4
    replace_line(content_copy / "es" / "wallet-card.yaml", "      calm: ", f'      calm: "{long.strip()}"')
    builder = Builder(content_copy)
    with pytest.raises(FitError) as caught:
        builder.pdf(builder.piece("wallet-card", "es", "cr80"))
    message = str(caught.value)
    assert message.startswith("wallet-card (es, cr80): the text of 'front.rights' does not fit.")
    assert "7 pt" in message and "too long" in message


def test_a_word_wider_than_its_box():
    with pytest.raises(NoFit) as caught:
        fit([Paragraph("Antidisestablishmentarianism")], LATIN, Box(0, 0, 30, 100), 10, 7)
    assert "wider than the box" in str(caught.value)

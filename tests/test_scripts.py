"""Every script renders correctly: shaping checked against an independent renderer, visual
order of mixed lines, line breaking (kinsoku, Khmer and Burmese), coverage, copyable text."""

from __future__ import annotations

from collections import Counter

import pytest

from cardgen.drawing import ShapedLine, Side
from cardgen.pdf import write_pdf
from cardgen.specimen import SAMPLES, specimen_pdf
from cardgen.typeset.breaking import segments
from cardgen.typeset.fonts import STACKS, Writing, char_for_glyph, covers
from cardgen.typeset.layout import Box, Paragraph, fit
from cardgen.typeset.shaping import shape
from conftest import page_text, read_pdf
from shaping_compare import broken_image, cardgen_image, likeness, reference_image

THRESHOLD = 0.90  # calibrated: correct words score 0.93-0.98, unshaped complex words 0.09-0.83
COMPLEX = {"Arab", "Aran", "Deva", "Guru", "Beng", "Gujr", "Mymr", "Khmr"}


def _words(sample, count=4):
    words = [w.strip() for w in segments(sample.text, sample.writing.language) if w.strip()]
    return sorted(dict.fromkeys(words), key=len, reverse=True)[:count]


def _face(sample):
    return sample.writing.stack.faces(False)[0]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.writing.language)
def test_words_match_an_independent_harfbuzz_fribidi_rendering(sample):
    for word in _words(sample):
        reference = reference_image(word, _face(sample), sample.writing)
        score = likeness(cardgen_image(word, sample.writing), reference)
        assert score >= THRESHOLD, f"{sample.name} {word!r}: likeness {score:.3f}"


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.writing.script in COMPLEX], ids=lambda s: s.writing.language)
def test_the_comparison_catches_unshaped_text(sample):
    # The same words drawn with shaping off must fail the threshold: the test can see the defect.
    scores = [likeness(broken_image(w, _face(sample)), reference_image(w, _face(sample), sample.writing)) for w in _words(sample)]
    assert min(scores) < THRESHOLD, f"{sample.name}: unshaped words scored {scores}"


def _lines(text, writing, width, size=10):
    block = fit([Paragraph(text)], writing, Box(0, 0, width, 2000), size, size)
    return [op for op in block.ops if isinstance(op, ShapedLine)]


def test_numbers_and_latin_inside_arabic_keep_their_order():
    writing = Writing("ar", "Arab", True)
    (line,) = _lines("اتصل بالرقم 1-844-363-1423 الآن. النموذج I-205.", writing, 1000)
    runs = sorted(line.runs, key=lambda r: r.x)  # left to right on the page
    texts = [r.text.strip() for r in runs if r.text.strip()]
    # Right to left: "call the number" is rightmost, then the number, then "now. The form", then I-205.
    assert texts.index("1-844-363-1423") > texts.index("I-205")
    assert texts[-1] == "اتصل بالرقم"
    number = next(r for r in runs if r.text == "1-844-363-1423")
    assert not number.rtl
    digits = [char_for_glyph(number.face, g.gid) for g in number.glyphs]
    assert "".join(digits) == "1-844-363-1423"  # left to right, not 1423-363-844-1


def test_right_to_left_lines_are_right_aligned_and_in_order():
    writing = Writing("fa", "Arab", True)
    lines = _lines("شما حق دارید ساکت بمانید. بدون وکیل هیچ چیزی را امضا نکنید.", writing, 120)
    assert len(lines) >= 2
    for line in lines:
        right = max(r.x + r.width for r in line.runs)
        assert right == pytest.approx(120, abs=0.01)
    assert lines[0].text.startswith("شما")  # the first line holds the first words


@pytest.mark.parametrize("language, script", [("zh-Hans", "Hans"), ("zh-Hant", "Hant"), ("ja", "Jpan")])
def test_no_cjk_line_starts_with_closing_punctuation(language, script):
    text = "您有权保持沉默。不要开门，请把法官签署的令状从门下塞进来。“不要”签署任何文件（包括表格）。" if script == "Hans" else (
        "您有權保持沉默。不要開門，請把法官簽署的令狀從門下塞進來。「不要」簽署任何文件（包括表格）。" if script == "Hant" else
        "あなたには黙秘する権利があります。ドアを開けないでください。「署名」しないでください（書類も）。"
    )
    writing = Writing(language, script, False)
    for width in range(60, 200, 7):  # many widths, so that breaks fall everywhere
        lines = _lines(text, writing, width)
        assert len(lines) > 1
        for line in lines[1:]:
            assert line.text[0] not in "。，、」）”』】！？：；", f"width {width}: line starts with {line.text[0]!r}"
        assert "".join(l.text for l in lines) == text


@pytest.mark.parametrize("language, script, text", [
    ("km", "Khmr", "អ្នកមានសិទ្ធិនៅស្ងៀម។ កុំចុះហត្ថលេខាលើអ្វីទាំងអស់ ដោយគ្មានមេធាវី។"),
    ("my", "Mymr", "သင်သည် နှုတ်ဆိတ်နေပိုင်ခွင့် ရှိသည်။ ရှေ့နေမပါဘဲ မည်သည့်စာရွက်ကိုမျှ လက်မှတ်မထိုးပါနှင့်။"),
])
def test_khmer_and_burmese_break_between_words_without_spaces(language, script, text):
    writing = Writing(language, script, False)
    lines = _lines(text, writing, 70)
    assert len(lines) >= 3
    boundaries = set()
    position = 0
    for piece in segments(text, language):
        position += len(piece)
        boundaries.add(position)
    position = 0
    inside_words = 0
    for line in lines:
        start = text.index(line.text, position)
        end = start + len(line.text)
        assert end in boundaries or text[end:].lstrip() == "" or text[end] == " "
        if end < len(text) and text[end] != " ":
            inside_words += 1  # a break where no space is: found by the dictionary
        for run in line.runs:
            assert run.x + run.width <= 70 + 1e-6
        position = end
    assert inside_words >= 1
    # breaking only at spaces could not fit these lines in the box: the longest chunk is wider
    face = writing.stack.faces(False)[0]
    widest = max(shape(face, chunk, False, script, language).advance * 10 for chunk in text.split(" "))
    assert widest > 70


def test_every_stack_covers_its_samples_and_the_latin_it_needs():
    needed = "ABCXYZabcxyz0123456789-()/:.,·“”'\" I-205 1-844-363-1423 https://example.org"
    for sample in SAMPLES:
        stack = sample.writing.stack
        for bold in (False, True):
            for char in sample.text + sample.mixed + needed:
                if char.isspace():
                    continue
                assert any(covers(f, char) for f in stack.faces(bold)), f"{sample.name}: {char!r} U+{ord(char):04X}"


def test_every_script_has_regular_and_bold_true_type_fonts():
    from fontTools.ttLib import TTFont

    from cardgen.resources import fonts_dir

    for script, stack in STACKS.items():
        assert stack.regular and stack.bold and len(stack.regular) == len(stack.bold)
        for face in stack.regular + stack.bold:
            font = TTFont(fonts_dir() / face.file, lazy=True)
            assert "glyf" in font and "CFF " not in font and "fvar" not in font, face.file


def test_specimen_shows_every_script_in_regular_and_bold():
    pdf = specimen_pdf()
    reader = read_pdf(pdf)
    assert len(reader.pages) == 4  # three pages of scripts, one of pictograms
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    for stack in STACKS.values():
        for face in stack.regular[:1] + stack.bold[:1]:
            assert any(face.name.removeprefix("cardgen-") in f for f in fonts) or face.name in fonts, face.name


def _pdf_of(sample, bold=False):
    block = fit([Paragraph(sample.text, bold=bold)], sample.writing, Box(10, 10, 2000, 180), 12, 12)
    return write_pdf([Side("x", 2020, 200, block.ops)], title="t")


# PDFium's extractor repeats a few characters of overlapping Nastaliq and Khmer clusters; for
# those the test checks that every character comes out, not how many times.
_EXTRACTOR_REPEATS = {"ur", "km"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.writing.language)
def test_copied_text_is_the_real_text_not_private_use_characters(sample):
    # Shaping draws glyphs no character maps to; without ActualText they would copy as
    # private-use characters.
    extracted = page_text(_pdf_of(sample), 0)
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in extracted), repr(extracted)
    letters = Counter(c for c in sample.text if not c.isspace())
    found = Counter(c for c in extracted if not c.isspace())
    if sample.writing.language in _EXTRACTOR_REPEATS:
        assert set(found) == set(letters)
    else:
        assert found == letters


def test_dlig_is_off_so_armenian_mi_stays_two_letters():
    from cardgen.typeset.fonts import _face

    shaped = shape(_face("NotoSansArmenian-Regular"), "մի", False, "Armn", "hy")
    assert len(shaped.glyphs) == 2


def test_uncovered_character_names_locale_key_character_and_code_point(content_copy):
    from cardgen.build import Builder
    from cardgen.errors import FontCoverageError
    from conftest import replace_line

    replace_line(content_copy / "es" / "wallet-card.yaml", "      papers: ", '      papers: "**Nunca mienta** \U0001F600"')
    builder = Builder(content_copy)
    with pytest.raises(FontCoverageError) as caught:
        builder.pdf(builder.piece("wallet-card", "es"))
    assert "es front.rights.papers: '\U0001F600' U+1F600" in str(caught.value)


def test_embedded_left_to_right_phrase_keeps_its_order_and_controls_are_not_drawn():
    writing = Writing("ur", "Arab", True)
    text = "ہیلپ لائن: \u202a855-435-7693 (ICIRR Family Support Hotline)\u202c"
    lines = _lines(text, writing, 1000)
    (line,) = lines
    assert "\u202a" not in line.text and "\u202c" not in line.text
    latin = sorted((r for r in line.runs if not r.rtl), key=lambda r: r.x)
    assert "".join(r.text for r in latin).strip() == "855-435-7693 (ICIRR Family Support Hotline)"
    arabic = [r for r in line.runs if r.rtl and r.text.strip()]
    assert min(r.x for r in arabic) > max(r.x for r in latin)  # the label reads first, at the right

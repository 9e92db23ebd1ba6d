"""Copy-paste and screen readers: the text PDFium and poppler extract, and the structure tree."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest

from cardgen.build import Builder
from cardgen.drawing import ShapedLine
from cardgen.pdf import write_pdf

_BUILDER = Builder()
ALL_LOCALES = _BUILDER.content.locale_codes()
RTL = {code for code in ALL_LOCALES if _BUILDER.content.locale(code).direction == "rtl"}
# Right-to-left lines carry no ActualText (both extractors reorder it as if it were visual);
# their glyphs spell the text through ToUnicode instead and are painted word by word in
# reading order. PDFium copies every line without Latin words exactly (the test below), but
# turns around the word order of a Latin phrase inside a line, as it reverses the order of
# all of a line's stretches; poppler's raw text puts a word's end punctuation in front of it
# (it turns each run of right-to-left letters and the neutrals after them around), and its
# default mode puts a full stop beside a right-to-left word into a left-to-right stretch of
# its own (seen on the Persian front). Neither can be written around without invisible
# direction marks in the copied text.
RTL_REASON = "right-to-left lines: Latin phrases (PDFium), word-end punctuation (poppler) and Nastaliq are extracted out of order"


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _source_text(side) -> str:
    return _normalised(" ".join(op.text for op in side.ops if isinstance(op, ShapedLine)))


def _pdfium_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        # PDFium gives a hyphen that ends a line as U+FFFE (it may be a soft hyphen) and joins
        # the lines; the hyphen and the line break are what the page shows
        return document[0].get_textpage().get_text_range().replace("\ufffe", "-\n")
    finally:
        document.close()


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is not installed; CI must install it")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return found


def _poppler_text(pdf: bytes) -> str:
    # -raw: the content stream's order, which is the layout's reading order; poppler's default
    # mode orders by columns it guesses from positions (the door sign's English column first)
    result = subprocess.run([_pdftotext(), "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    # poppler wraps each right-to-left word in RLE ... PDF (U+202B, U+202C) to show its
    # direction; they are not part of the text
    return result.stdout.decode("utf-8").replace("\u202b", "").replace("\u202c", "")


_FRONTS: dict[tuple[str, str], tuple] = {}


def _front(product: str, locale: str):
    """The first side of a piece and its file alone (the PDF a one-sided build writes)."""
    key = (product, locale)
    if key not in _FRONTS:
        side = _BUILDER.sides(_BUILDER.piece(product, locale))[0]
        _FRONTS[key] = (side, write_pdf([side], "extraction", lang=locale))
    return _FRONTS[key]


def _cases():
    for locale in ALL_LOCALES:
        for product in ("wallet-card", "door-sign"):
            marks = [pytest.mark.xfail(reason=RTL_REASON, strict=True)] if locale in RTL else []
            yield pytest.param(product, locale, marks=marks, id=f"{product}-{locale}")


@pytest.mark.parametrize("product, locale", list(_cases()))
def test_pdfium_extracts_the_source_text(product, locale):
    side, pdf = _front(product, locale)
    assert _normalised(_pdfium_text(pdf)) == _source_text(side)


@pytest.mark.parametrize("product, locale", list(_cases()))
def test_poppler_extracts_the_source_text(product, locale):
    side, pdf = _front(product, locale)
    assert _normalised(_poppler_text(pdf)) == _source_text(side)


def _plain(line: str) -> bool:
    """Letters and spaces only: no marks, punctuation, digits or Latin."""
    return all(char.isalpha() or char in " \u200c" for char in line)


@pytest.mark.parametrize("locale", sorted(RTL))
@pytest.mark.parametrize("product", ["wallet-card", "door-sign"])
def test_plain_right_to_left_lines_extract_exactly(product, locale):
    side, pdf = _front(product, locale)
    if any("Nastaliq" in run.face.file for op in side.ops if isinstance(op, ShapedLine) for run in op.runs):
        # Nastaliq steps each word's letters down towards its end (vertical glyph offsets):
        # both extractors split the words there. Known; the Naskh pieces extract exactly.
        pytest.xfail("Nastaliq's stepped baseline splits words in both extractors")
    lines = [_normalised(op.text) for op in side.ops if isinstance(op, ShapedLine) and _plain(op.text)]
    assert lines, "every front has a heading of plain words"
    for extracted in (_normalised(_pdfium_text(pdf)), _normalised(_poppler_text(pdf))):
        assert [line for line in lines if line not in extracted] == []


def _nastaliq(side) -> bool:
    return any("Nastaliq" in run.face.file for op in side.ops if isinstance(op, ShapedLine) for run in op.runs)


def _latin(line: str) -> bool:
    import unicodedata

    return any(unicodedata.bidirectional(char) == "L" for char in line)


@pytest.mark.parametrize("locale", sorted(RTL))
@pytest.mark.parametrize("product", ["wallet-card", "door-sign"])
def test_pdfium_copies_right_to_left_lines_without_latin_exactly(product, locale):
    # every line of the holder's own script: marks under and over their letters (drawn as
    # outlines, their characters spelled by inkless glyphs on the baseline), a tanween before
    # the full stop, quotation marks and brackets drawn mirrored, Arabic commas and digits.
    # What is left out: lines with Latin words (PDFium turns the order of all a line's
    # stretches around when right-to-left ones are the more, and so the order of the words of
    # an English phrase too) and Nastaliq (see below).
    side, pdf = _front(product, locale)
    if _nastaliq(side):
        pytest.xfail("Nastaliq: PDFium takes its overlapping letters for gaps, and its word spaces for none")
    lines = [_normalised(op.text) for op in side.ops if isinstance(op, ShapedLine) and not _latin(op.text)]
    assert len(lines) >= 8
    copied = {_normalised(line) for line in _pdfium_text(pdf).splitlines()}
    assert [line for line in lines if line not in copied] == []


def test_right_to_left_marks_look_as_the_font_draws_them():
    # the marks drawn as outlines (see above) against the same front with every mark written
    # as a glyph: the same picture, up to the rasteriser's edges of a few marks
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    import cardgen.drawing as drawing

    side, pdf = _front("wallet-card", "ar")
    saved = drawing._write_marks
    drawing.forget_written()
    drawing._write_marks = lambda run: (run, {})
    try:
        as_glyphs = write_pdf([side], "extraction", lang="ar")
    finally:
        drawing._write_marks = saved
        drawing.forget_written()
    assert as_glyphs != pdf, "the front has marks drawn as outlines"

    def render(data: bytes) -> "Image.Image":
        document = pdfium.PdfDocument(data)
        try:
            return document[0].render(scale=4).to_pil().convert("L")
        finally:
            document.close()

    first, second = render(pdf), render(as_glyphs)
    histogram = ImageChops.difference(first, second).histogram()
    assert sum(histogram[32:]) > 0, "some pixels differ: the marks are not glyphs"
    assert sum(histogram[128:]) < 0.0005 * first.width * first.height
    # a misplaced mark would leave its whole shape, dark on white, in the difference
    assert sum(histogram[224:]) == 0


def test_a_glyph_spelled_two_ways_gets_two_codes():
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.typeset.fonts import Face, char_for_glyph, spelled_char
    from cardgen.typeset.shaping import shape

    face = Face("cardgen-NotoSansArabic-Regular", "NotoSansArabic-Regular.ttf")
    gid = shape(face, "\u0644\u0627", True, "Arab", "ar").glyphs[0].gid  # the lam-alef ligature
    doc = Canvas(io.BytesIO())._doc
    first = spelled_char(doc, face, gid, "\u0627\u0644")
    assert first == char_for_glyph(face, gid)
    assert spelled_char(doc, face, gid, "\u0627\u0644") == first
    other = spelled_char(doc, face, gid, "x")
    assert other != first and spelled_char(doc, face, gid, "x") == other
    # a new document starts afresh: its first spelling takes the glyph's own character
    assert spelled_char(Canvas(io.BytesIO())._doc, face, gid, "x") == first


@pytest.mark.parametrize("locale", ["km", "my", "hi", "ar", "ur"])
def test_the_glyphs_alone_do_not_spell_the_text(locale):
    # what makes the test above mean something: without ActualText the glyphs' cmap spellings
    # in visual order differ from the source (reordered vowels, conjuncts, shared glyphs)
    from cardgen.typeset.fonts import char_for_glyph

    side, _ = _front("wallet-card", locale)
    spelled = _normalised(" ".join("".join(char_for_glyph(run.face, g.gid) for run in op.runs for g in run.glyphs) for op in side.ops if isinstance(op, ShapedLine)))
    assert spelled != _source_text(side)


def _open(pdf: bytes):
    pikepdf = pytest.importorskip("pikepdf")
    return pikepdf.open(io.BytesIO(pdf))


def _marked_ids(page) -> list[int]:
    import pikepdf

    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            ids.append(int(operands[1].MCID))
    return ids


@pytest.mark.parametrize("locale", ["es", "ar", "km", "zh-Hans"])
def test_wallet_card_is_a_tagged_pdf(locale):
    pdf = _BUILDER.pdf(_BUILDER.piece("wallet-card", locale))
    document = _open(pdf)
    root = document.Root
    assert str(root.Lang) == locale
    assert bool(root.MarkInfo.Marked) is True
    tree = root.StructTreeRoot
    assert str(tree.Type) == "/StructTreeRoot"
    parents = dict(zip(list(tree.ParentTree.Nums)[0::2], list(tree.ParentTree.Nums)[1::2]))
    sides = _BUILDER.sides(_BUILDER.piece("wallet-card", locale))
    paragraphs = list(tree.K.K)
    for number, (page, side) in enumerate(zip(document.pages, sides)):
        ids = _marked_ids(page)
        lines = [op for op in side.ops if isinstance(op, ShapedLine)]
        assert ids == list(range(len(ids))), "MCIDs in painting order"
        assert len(ids) >= len(lines), "one MCID per line, or per part of a line with English words"
        elements = parents[int(page.StructParents)]
        assert len(elements) == len(ids)
        on_page = [p for p in paragraphs if p.Pg.objgen == page.objgen]
        assert len(on_page) == len(lines), "one /P per line, in painting order"
        mcid = 0
        for paragraph, line in zip(on_page, lines):
            assert str(paragraph.S) == "/P"
            assert str(paragraph.get("/Lang", locale)) == (line.lang or locale)
            kids = list(paragraph.K) if isinstance(paragraph.K, __import__("pikepdf").Array) else [paragraph.K]
            for kid in kids:
                if isinstance(kid, __import__("pikepdf").Dictionary):  # a /Span of English words
                    assert str(kid.S) == "/Span" and str(kid.Lang) == "en" and kid.P.objgen == paragraph.objgen
                    assert int(kid.K) == mcid and elements[mcid].objgen == kid.objgen
                else:
                    assert int(kid) == mcid and elements[mcid].objgen == paragraph.objgen
                mcid += 1
        assert mcid == len(ids)


@pytest.mark.parametrize("locale", ["es", "fr", "hi", "my", "km", "ru", "ko", "ar", "fa"])
def test_the_english_words_to_say_are_spans_in_english(locale):
    # a screen reader reads the English words on the front in English: each is a /Span
    # element with /Lang (en), and its marked content holds those words and their punctuation
    import unicodedata

    import pikepdf

    pdf = _BUILDER.pdf(_BUILDER.piece("wallet-card", locale))
    document = _open(pdf)
    front = document.pages[0]
    spans = [kid for p in document.Root.StructTreeRoot.K.K if p.Pg.objgen == front.objgen and isinstance(p.K, pikepdf.Array) for kid in p.K if isinstance(kid, pikepdf.Dictionary)]
    assert len(spans) == 3, "the three things to say"
    assert all(str(span.Lang) == "en" for span in spans)
    said = {int(span.K) for span in spans}
    texts: dict[int, str] = {}
    current = None
    for operands, operator in pikepdf.parse_content_stream(front):
        name = str(operator)
        if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            current = int(operands[1].MCID)
            texts[current] = str(operands[1].get("/ActualText", ""))
    english = " ".join(" ".join(texts[m].split()) for m in sorted(said))
    if locale in RTL:
        # right-to-left parts carry no ActualText (their glyphs spell them): the English
        # parts are drawn in the Latin face alone
        fonts = {str(name): str(font.BaseFont) for name, font in front.Resources.Font.items()}
        used: dict[int, set[str]] = {}
        current = None
        for operands, operator in pikepdf.parse_content_stream(front):
            name = str(operator)
            if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                current = int(operands[1].MCID)
            elif name == "Tf" and current is not None:
                used.setdefault(current, set()).add(fonts[str(operands[0])].split("+", 1)[1])
        for m in said:
            assert used[m] and all(font.startswith("NotoSans-") for font in used[m]), used[m]
        return
    for words in ("I choose to remain silent", "I want a lawyer", "I do not consent to a search"):
        assert words in english
    # and nothing of the holder's own language is in the English spans
    for m in said:
        assert not any(ord(c) > 0x2FF and not unicodedata.category(c).startswith("P") for c in texts[m]), texts[m]


@pytest.mark.parametrize("locale", ["ja", "zh-Hans", "zh-Hant"])
def test_english_words_without_a_space_before_them_stay_in_their_line(locale):
    # where the holder's words run into the English ones with no space (Japanese, Chinese),
    # PDFium would add a space between two marked parts:
    # the line stays one part, its text exact (the extraction tests above)
    import pikepdf

    document = _open(_BUILDER.pdf(_BUILDER.piece("wallet-card", locale)))
    assert not [k for p in document.Root.StructTreeRoot.K.K if isinstance(p.K, pikepdf.Array) for k in p.K]


def test_english_statement_on_the_back_is_tagged_english():
    document = _open(_BUILDER.pdf(_BUILDER.piece("wallet-card", "es")))
    back = document.pages[1]
    texts = [op.text for op in _BUILDER.sides(_BUILDER.piece("wallet-card", "es"))[1].ops if isinstance(op, ShapedLine)]
    elements = [e for e in document.Root.StructTreeRoot.K.K if e.Pg.objgen == back.objgen]
    assert len(elements) == len(texts)
    english = [text for text, e in zip(texts, elements) if str(e.get("/Lang", "es")) == "en"]
    joined = " ".join(english)
    assert "To the officer" in joined and "I choose to remain silent" in joined and "Fourth Amendment" in joined
    assert "Versión" not in joined
    front = document.pages[0]
    assert not any("/Lang" in e for e in document.Root.StructTreeRoot.K.K if e.Pg.objgen == front.objgen)


def test_decoration_is_artifact_and_every_line_is_marked():
    import pikepdf

    document = _open(_BUILDER.pdf(_BUILDER.piece("wallet-card", "es")))
    for page in document.pages:
        depth, painted_outside = 0, []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name in ("f", "f*", "S", "Do", "TJ", "Tj") and depth == 0:
                painted_outside.append(name)
        assert depth == 0
        assert painted_outside == [], "everything painted is either a tagged line or an artifact"
        artifacts = [ops for ops, op in pikepdf.parse_content_stream(page) if str(op) == "BMC" and str(ops[0]) == "/Artifact"]
        assert artifacts, "the bands and the QR code are artifacts"


def test_pdfx_and_sheets_are_not_tagged():
    from cardgen.pdf import Page, Placed, write_pages

    side = _BUILDER.sides(_BUILDER.piece("wallet-card", "es"))[0]
    sheet = write_pages([Page(612, 792, (Placed(side, 36, 36), Placed(side, 36, 300)))], "sheet", lang="es")
    assert "/StructTreeRoot" not in _open(sheet).Root
    assert _normalised(_pdfium_text(sheet)).count("Conozca sus derechos") == 2  # ActualText inside the form
    pdfx = write_pages([Page(side.width, side.height, (Placed(side, 0, 0),))], "x", pdfx=True, lang="es")
    document = _open(pdfx)
    assert "/StructTreeRoot" not in document.Root and document.pdf_version == "1.3"


def test_tagged_file_is_byte_reproducible():
    piece = _BUILDER.piece("wallet-card", "ar")
    assert Builder().pdf(piece) == Builder().pdf(piece)

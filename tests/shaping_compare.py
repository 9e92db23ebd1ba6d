"""Draw a word with cardgen and with an independent renderer, and score their likeness.

The independent renderer is Pillow with libraqm, which shapes with HarfBuzz and orders with
FriBiDi. A "broken" cardgen rendering (each character's default glyph, in logical order, no
shaping) calibrates the threshold: the tests show the score separates the two.
"""

from __future__ import annotations

from functools import lru_cache

from cardgen.drawing import GlyphRun, ShapedLine, Side
from cardgen.pdf import write_pdf
from cardgen.resources import fonts_dir
from cardgen.typeset.fonts import Face, Writing, load
from cardgen.typeset.layout import Box, Paragraph, fit
from cardgen.typeset.shaping import Glyph

SIZE = 40  # pt, rendered at 72 dpi: 40 px
PAGE_W, PAGE_H = 900, 200


def _raster(ops):
    import pypdfium2 as pdfium

    pdf = write_pdf([Side("word", PAGE_W, PAGE_H, tuple(ops))], title="word")
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=2).to_pil().convert("L")
    finally:
        document.close()


def cardgen_image(word: str, writing: Writing):
    block = fit([Paragraph(word)], writing, Box(20, 20, PAGE_W - 40, PAGE_H - 40), SIZE, SIZE, valign="middle")
    return _raster(block.ops)


def broken_image(word: str, face: Face):
    """The word with shaping off: every character's cmap glyph, in logical order, left to right."""
    font = load(face).face
    upem = 1000.0
    glyphs = []
    for i, char in enumerate(word):
        gid = font.charToGlyph.get(ord(char), 0)
        glyphs.append(Glyph(gid, i, font.charWidths.get(ord(char), 0) / upem, 0.0, 0.0))
    run = GlyphRun(20, PAGE_H / 2 - SIZE * 0.3, face, SIZE, word, False, tuple(glyphs), "ink")
    return _raster([ShapedLine(word, (run,))])


@lru_cache(maxsize=None)
def _pil_font(file: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts_dir() / file), size, layout_engine=ImageFont.Layout.RAQM)


def reference_image(word: str, face: Face, writing: Writing):
    from PIL import Image, ImageDraw

    image = Image.new("L", (PAGE_W * 2, PAGE_H * 2), 255)
    draw = ImageDraw.Draw(image)
    draw.text(
        (40, PAGE_H // 2), word, fill=0, font=_pil_font(face.file, SIZE * 2),
        direction="rtl" if writing.rtl else "ltr", language=writing.language,
        features=["kern", "liga", "-dlig"],
    )
    return image


def _ink(image):
    """The binarised ink of ``image``, cropped to its bounding box."""
    mask = image.point(lambda v: 255 if v < 128 else 0)
    box = mask.getbbox()
    return mask.crop(box) if box else mask


def likeness(a, b) -> float:
    """Dice coefficient of two ink masks (1.0: the same ink), at the best of small shifts.

    Both are cropped to their ink and laid over each other at their top-left corners, shifted
    by up to 2 pixels each way: that forgives the two rasterisers' rounding, not a wrong glyph,
    a wrong order or letters that do not join.
    """
    from PIL import Image, ImageChops

    ink_a, ink_b = _ink(a), _ink(b)
    width, height = max(ink_a.width, ink_b.width) + 4, max(ink_a.height, ink_b.height) + 4
    canvas_a = Image.new("L", (width, height), 0)
    canvas_a.paste(ink_a, (2, 2))
    total = _count(ink_a) + _count(ink_b)
    best = 0
    for dx in range(5):
        for dy in range(5):
            canvas_b = Image.new("L", (width, height), 0)
            canvas_b.paste(ink_b, (dx, dy))
            best = max(best, _count(ImageChops.multiply(canvas_a, canvas_b)))
    return 2 * best / total if total else 0.0


def _count(mask) -> int:
    return mask.histogram()[255]

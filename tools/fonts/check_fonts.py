#!/usr/bin/env python3
"""Check the fonts in fonts/: TrueType, static, embeddable by ReportLab, shaping with HarfBuzz.

A maintainer's tool, like make_fonts.py beside it; not part of cardgen's tests. For each font it

1. checks there is a 'glyf' table, no 'CFF '/'CFF2' table and no 'fvar' (static TrueType);
2. registers it with ReportLab and draws a sample (unshaped, one font per line) into one PDF,
   ``fonts.pdf`` in ``--out``;
3. renders a sentence in the font's script with Pillow's libraqm layout (HarfBuzz shaping) to
   ``<font>.png`` in ``--out``, and fails if any glyph of the shaped sentence is .notdef;
4. prints which of ASCII letters, ASCII digits and ``-():.,`` the font has (so it is clear which
   need a Latin fallback), its vertical metrics and its size.

Usage: python tools/fonts/check_fonts.py --out font-check   (needs reportlab, Pillow with
libraqm, fontTools, and uharfbuzz for the .notdef check).
"""

from __future__ import annotations

import argparse
import string
import sys
from pathlib import Path

# file stem (without -Regular/-Bold) -> (sample sentence, HarfBuzz language, direction)
SAMPLES = {
    "NotoSans": ("You have the right to remain silent. Вы имеете право хранить молчание.", "en", "ltr"),
    "NotoSansArabic": ("لديك الحق في التزام الصمت. شما حق دارید ساکت بمانید، پچژگکیټډړږښګڼۍې ۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩", "fa", "rtl"),
    "NotoNastaliqUrdu": ("آپ کو خاموش رہنے کا حق ہے", "ur", "rtl"),
    "NotoSansDevanagari": ("आपको चुप रहने का अधिकार है", "hi", "ltr"),
    "NotoSansGurmukhi": ("ਤੁਹਾਨੂੰ ਚੁੱਪ ਰਹਿਣ ਦਾ ਹੱਕ ਹੈ", "pa", "ltr"),
    "NotoSansBengali": ("আপনার চুপ থাকার অধিকার আছে", "bn", "ltr"),
    "NotoSansGujarati": ("તમને ચૂપ રહેવાનો અધિકાર છે", "gu", "ltr"),
    "NotoSansEthiopic": ("ዝም የማለት መብት አለዎት", "am", "ltr"),
    "NotoSansMyanmar": ("သင်သည် နှုတ်ဆိတ်နေပိုင်ခွင့် ရှိသည်", "my", "ltr"),
    "NotoSansKhmer": ("អ្នកមានសិទ្ធិនៅស្ងៀម", "km", "ltr"),
    "NotoSansArmenian": ("Դուք իրավունք ունեք լռելու", "hy", "ltr"),
    "NotoSansCJKsc": ("您有权保持沉默。（123）", "zh-Hans", "ltr"),
    "NotoSansCJKtc": ("您有權保持沉默。（123）", "zh-Hant", "ltr"),
    "NotoSansCJKjp": ("あなたには黙秘する権利があります。", "ja", "ltr"),
    "NotoSansCJKkr": ("당신은 묵비권을 행사할 권리가 있습니다.", "ko", "ltr"),
}

PUNCT = "-():.,"


def stem_of(path: Path) -> str:
    return path.stem.rsplit("-", 1)[0]


def check_tables(path: Path) -> list[str]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    problems = []
    if "glyf" not in font:
        problems.append("no glyf table")
    for tag in ("CFF ", "CFF2", "fvar"):
        if tag in font:
            problems.append(f"has {tag.strip()}")
    return problems


def notdef_in_shaping(path: Path, text: str, lang: str, direction: str) -> int:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(path))
    font = hb.Font(hb.Face(blob))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = lang
    buf.direction = direction
    hb.shape(font, buf)
    return sum(1 for info in buf.glyph_infos if info.codepoint == 0)


def render_png(path: Path, text: str, lang: str, direction: str, out: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(path), 48, layout_engine=ImageFont.Layout.RAQM)
    kwargs = {"direction": direction, "language": lang}
    left, top, right, bottom = font.getbbox(text, **kwargs)
    image = Image.new("L", (right - left + 40, bottom - top + 40), 255)
    ImageDraw.Draw(image).text((20 - left, 20 - top), text, font=font, fill=0, **kwargs)
    image.save(out)


def metrics(path: Path) -> dict:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    os2, hhea = font["OS/2"], font["hhea"]
    return {
        "letters": all(ord(c) in cmap for c in string.ascii_letters),
        "digits": all(ord(c) in cmap for c in string.digits),
        "punct": "".join(c for c in PUNCT if ord(c) in cmap),
        "ascii": "".join(chr(c) for c in range(0x20, 0x7F) if c in cmap and not chr(c).isalnum()),
        "upm": font["head"].unitsPerEm,
        "hhea": (hhea.ascent, hhea.descent, hhea.lineGap),
        "typo": (os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap),
        "win": (os2.usWinAscent, os2.usWinDescent),
        "use_typo": bool(os2.fsSelection & (1 << 7)),
        "glyphs": font["maxp"].numGlyphs,
        "size": path.stat().st_size,
    }


def ascii_cell(chars: str) -> str:
    """A Markdown table cell showing ``chars`` (space shown as ␠)."""
    shown = chars.replace(" ", "\u2420").replace("|", "\\|")
    return f"``{shown}``" if "`" in shown else f"`{shown}`"


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fonts", type=Path, default=repo / "fonts")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    paths = sorted(args.fonts.glob("*.ttf"))
    pdf = canvas.Canvas(str(args.out / "fonts.pdf"), pagesize=(842, 60 + 30 * len(paths)))
    failures = 0
    rows = []
    y = 30 + 30 * len(paths)
    for path in paths:
        stem = stem_of(path)
        text, lang, direction = SAMPLES[stem]
        problems = check_tables(path)
        name = "X-" + path.stem
        pdfmetrics.registerFont(TTFont(name, str(path)))
        pdf.setFont(name, 16)
        pdf.drawString(20, y, f"{text} 0123 ({path.name})")
        y -= 30
        missing = notdef_in_shaping(path, text, lang, direction)
        if missing:
            problems.append(f"{missing} .notdef glyphs after shaping")
        render_png(path, text, lang, direction, args.out / f"{path.stem}.png")
        failures += bool(problems)
        rows.append((path.name, metrics(path), problems))
    pdf.showPage()
    pdf.save()

    print("| file | A-Za-z | 0-9 | of -():., | all ASCII non-alphanumerics | UPM | hhea asc/desc/gap | OS/2 typo asc/desc/gap | OS/2 win asc/desc | glyphs | bytes | problems |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, m, problems in rows:
        print(
            f"| {name} | {'yes' if m['letters'] else 'no'} | {'yes' if m['digits'] else 'no'} | `{m['punct']}` | {ascii_cell(m['ascii'])} | {m['upm']} | "
            f"{'/'.join(map(str, m['hhea']))} | {'/'.join(map(str, m['typo']))}{' (USE_TYPO)' if m['use_typo'] else ''} | "
            f"{'/'.join(map(str, m['win']))} | {m['glyphs']} | {m['size']:,} | {'; '.join(problems) or 'none'} |"
        )
    total = sum(m["size"] for _, m, _ in rows)
    print(f"\n{len(rows)} fonts, {total:,} bytes; {failures} with problems; PDF and PNGs in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

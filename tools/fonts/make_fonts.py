#!/usr/bin/env python3
"""Rebuild every font file in fonts/ from pinned Debian packages.

This is a maintainer's tool. cardgen never runs it (not at run time, not in CI); it records how
the files in fonts/ were made so that anyone can make them again and check them.

What it does:

1. Gets the two Debian packages below (with ``apt-get download``, or from ``--debs DIR``),
   checks their sha256 and unpacks them with ``dpkg-deb -x``.
2. Copies the static TrueType fonts of ``fonts-noto-core`` unmodified.
3. Makes the CJK fonts from the ``NotoSansCJK-{Regular,Bold}.ttc`` collections of
   ``fonts-noto-cjk``: for each of the SC, TC, JP and KR faces it subsets the face to a character
   repertoire built from a legacy national character set (fontTools subsetter, every OpenType
   layout feature kept), then converts the CFF outlines to quadratic TrueType ``glyf`` outlines
   (fontTools cu2qu, as in fontTools' ``Snippets/otf2ttf.py``), because ReportLab can embed only
   TrueType outlines.
4. Prints each file's size and sha256 and, with ``--check``, compares them with the table in
   fonts/README.md.

Usage (from the repository root; needs Debian's apt-get and dpkg-deb, Python 3.11+ and
fontTools, ideally the version pinned below)::

    python -m venv .fontvenv && .fontvenv/bin/pip install fonttools==4.68.0
    .fontvenv/bin/python tools/fonts/make_fonts.py --out fonts-out --check
    .fontvenv/bin/python tools/fonts/make_fonts.py            # writes into fonts/

The output is deterministic: timestamps are taken from the source fonts (``head.created`` and
``head.modified`` are not recalculated), GSUB/GPOS are always serialized by fontTools' own
packer (not by HarfBuzz's repacker, which fontTools otherwise uses when uharfbuzz is installed),
and nothing depends on the clock, the locale or hash seeds. Byte-identical output is expected with the fontTools version pinned below; another
version may round outlines or order tables differently, so the script warns about it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FONTTOOLS_VERSION = "4.68.0"

# Debian package -> (version, sha256 of the .deb file as Debian ships it).
DEBS = {
    "fonts-noto-core": (
        "20201225-1",
        "58f4f0bb6720f919f92096b3508e1412a0f1544424ade6c5b5bf1eb694dd64ba",
    ),
    "fonts-noto-cjk": (
        "1:20220127+repack1-1",
        "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502",
    ),
}

NOTO_CORE_DIR = "usr/share/fonts/truetype/noto"
NOTO_CJK_DIR = "usr/share/fonts/opentype/noto"

# Static TrueType fonts copied from fonts-noto-core as they are.
COPIED = [
    f"{family}-{weight}.ttf"
    for family in (
        "NotoSans",  # Latin, Cyrillic, Greek, Vietnamese
        "NotoSansArabic",  # Arabic, Persian, Dari, Pashto
        "NotoNastaliqUrdu",  # Urdu
        "NotoSansDevanagari",  # Hindi, Nepali
        "NotoSansGurmukhi",  # Punjabi
        "NotoSansBengali",
        "NotoSansGujarati",
        "NotoSansEthiopic",  # Amharic, Tigrinya
        "NotoSansMyanmar",  # Burmese
        "NotoSansKhmer",
        "NotoSansArmenian",
    )
    for weight in ("Regular", "Bold")
]

# CJK faces: output stem -> (index of the face in NotoSansCJK-*.ttc, OpenType language tag).
# The index is checked against the face's PostScript name before use.
CJK_FACES = {
    "NotoSansCJKsc": (2, "ZHS"),
    "NotoSansCJKtc": (3, "ZHT"),
    "NotoSansCJKjp": (0, "JAN"),
    "NotoSansCJKkr": (1, "KOR"),
}

# cu2qu's allowed error, in font units (the fonts have 1000 units per em); the value of
# fontTools' otf2ttf snippet.
MAX_ERR = 1.0

# Appended to name IDs 3 and 5 so the files cannot be taken for Google's or Adobe's originals.
MODIFIED_NOTE = "cardgen subset, TrueType outlines"


# --- character repertoires ---------------------------------------------------------------


def _decode_pairs(codec: str, leads, trails) -> set[int]:
    """Every character that a two-byte sequence of ``codec`` decodes to."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    return chars


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


def _is_han(cp: int) -> bool:
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000


COMMON = (
    _span(0x0020, 0x007E)  # ASCII (digits included)
    | _span(0x00A0, 0x00FF)  # Latin-1 Supplement
    | _span(0x2000, 0x206F)  # General Punctuation
    | {0x20AC}  # euro sign
    | _span(0x3000, 0x303F)  # CJK Symbols and Punctuation
    | _span(0xFF00, 0xFFEF)  # Halfwidth and Fullwidth Forms
)

EUC_BYTES = range(0xA1, 0xFF)


def repertoire(stem: str) -> set[int]:
    """The characters requested for a CJK face (the font may lack a few of them)."""
    if stem == "NotoSansCJKsc":
        # GB 2312: 6,763 hanzi plus its symbols, kana, Greek, Cyrillic, pinyin and zhuyin.
        chars = _decode_pairs("gb2312", EUC_BYTES, EUC_BYTES)
    elif stem == "NotoSansCJKtc":
        # Big5, both levels: 5,401 + 7,652 hanzi plus its symbols and zhuyin.
        chars = _decode_pairs("big5", range(0xA1, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    elif stem == "NotoSansCJKjp":
        # JIS X 0208 (kana, level 1 and 2 kanji, symbols), the NEC special characters of
        # row 13 (circled numbers, Roman numerals, unit symbols) and the four Joyo kanji
        # (2010) that JIS X 0208 lacks.
        chars = _decode_pairs("euc_jp", EUC_BYTES, EUC_BYTES)
        chars |= _decode_pairs("cp932", [0x87], range(0x40, 0x9D))
        chars |= {0x20B9F, 0x5861, 0x525D, 0x9830}  # 𠮟 塡 剝 頰
    elif stem == "NotoSansCJKkr":
        # KS X 1001 without its hanja (2,350 Hangul syllables, jamo, symbols), every one of
        # the 11,172 modern Hangul syllables, Hangul Jamo and Hangul Compatibility Jamo.
        chars = {cp for cp in _decode_pairs("euc_kr", EUC_BYTES, EUC_BYTES) if not _is_han(cp)}
        chars |= _span(0xAC00, 0xD7A3) | _span(0x1100, 0x11FF) | _span(0x3130, 0x318F)
    else:
        raise KeyError(stem)
    return chars | COMMON


# --- CJK conversion ----------------------------------------------------------------------


def _script_tags(font) -> list[str]:
    tags = set()
    for table in ("GSUB", "GPOS"):
        if table in font and font[table].table.ScriptList:
            tags.update(r.ScriptTag for r in font[table].table.ScriptList.ScriptRecord)
    return sorted(tags)


def subset_face(font, stem: str, lang: str) -> None:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    # Keep each script's default language system and this face's own language; drop the
    # other CJK languages' systems, whose 'locl' would otherwise pull in the other regions'
    # glyph forms (about 75% more glyphs) that this single-region font does not need.
    options.layout_scripts = [f"{s}.{tag}" for s in _script_tags(font) for tag in ("dflt", lang)]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    cmap = font.getBestCmap()
    unicodes = sorted(cp for cp in repertoire(stem) if cp in cmap)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def cff_to_glyf(font) -> None:
    """Replace CFF outlines with quadratic TrueType ones (after fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    assert font.sfntVersion == "OTTO" and "CFF " in font
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)  # computes each glyph's bounding box

    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))

    # Without VORG (CFF only) a vertical origin is yMax + top side bearing: keep the origins.
    if "VORG" in font:
        vorg = font["VORG"]
        if "vmtx" in font:
            vmtx = font["vmtx"]
            for name, glyph in glyphs.items():
                origin = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
                vmtx[name] = (vmtx[name][0], origin - getattr(glyph, "yMax", origin))
        del font["VORG"]

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0  # no composite glyphs

    post = font["post"]
    post.formatType = 3.0  # no glyph names
    post.extraNames = []
    post.mapping = {}

    font.sfntVersion = "\x00\x01\x00\x00"


def mark_modified(font) -> None:
    for record in font["name"].names:
        if record.nameID in (3, 5):
            text = record.toUnicode()
            if MODIFIED_NOTE not in text:
                record.string = f"{text}; {MODIFIED_NOTE}"


def make_cjk(ttc: Path, stem: str, weight: str, out: Path) -> None:
    from fontTools.ttLib import TTFont

    index, lang = CJK_FACES[stem]
    font = TTFont(str(ttc), fontNumber=index, recalcTimestamp=False, lazy=False)
    # Serialize GSUB/GPOS with fontTools' own packer, never HarfBuzz's repacker (used by default
    # when uharfbuzz happens to be installed): the output must not depend on what else is there.
    font.cfg["fontTools.ttLib.tables.otBase:USE_HARFBUZZ_REPACKER"] = False
    ps_name = font["name"].getDebugName(6)
    if ps_name != f"{stem}-{weight}":
        raise SystemExit(f"{ttc} face {index} is {ps_name}, expected {stem}-{weight}")
    subset_face(font, stem, lang)
    cff_to_glyf(font)
    mark_modified(font)
    font.save(str(out))
    font.close()


# --- packages ----------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_debs(debs_dir: Path | None, work: Path) -> dict[str, Path]:
    found = {}
    for package, (version, digest) in DEBS.items():
        deb = None
        if debs_dir is not None:
            for candidate in sorted(debs_dir.glob(f"{package}_*.deb")):
                if sha256(candidate) == digest:
                    deb = candidate
        if deb is None:
            subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=work, check=True)
            deb = next(work.glob(f"{package}_*.deb"))
        if sha256(deb) != digest:
            raise SystemExit(f"{deb}: sha256 {sha256(deb)}, expected {digest}")
        found[package] = deb
    return found


def unpack(deb: Path, where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", str(deb), str(where)], check=True)
    return where


def readme_hashes(readme: Path) -> dict[str, str]:
    hashes = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+\.ttf)`.*`([0-9a-f]{64})`\s*\|\s*$", line)
        if match:
            hashes[match.group(1)] = match.group(2)
    return hashes


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=repo / "fonts", help="where to write the fonts (default: fonts/)")
    parser.add_argument("--debs", type=Path, help="folder holding the .deb files already (else apt-get download)")
    parser.add_argument("--only", action="append", help="build only this output file (repeatable)")
    parser.add_argument("--check", action="store_true", help="compare sha256 with fonts/README.md; exit 1 on a difference")
    args = parser.parse_args(argv)

    import fontTools

    if fontTools.version != FONTTOOLS_VERSION:
        print(f"warning: fontTools {fontTools.version}, the files were made with {FONTTOOLS_VERSION}; "
              "the CJK files may not be byte-identical", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)

    def wanted(name: str) -> bool:
        return not args.only or name in args.only

    made: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cardgen-fonts-") as tmp:
        work = Path(tmp)
        debs = fetch_debs(args.debs, work)
        core = unpack(debs["fonts-noto-core"], work / "core") / NOTO_CORE_DIR
        cjk = unpack(debs["fonts-noto-cjk"], work / "cjk") / NOTO_CJK_DIR
        for name in COPIED:
            if wanted(name):
                shutil.copyfile(core / name, args.out / name)
                made.append(name)
        for stem in CJK_FACES:
            for weight in ("Regular", "Bold"):
                name = f"{stem}-{weight}.ttf"
                if wanted(name):
                    print(f"making {name} ...", file=sys.stderr, flush=True)
                    make_cjk(cjk / f"NotoSansCJK-{weight}.ttc", stem, weight, args.out / name)
                    made.append(name)

    expected = readme_hashes(repo / "fonts" / "README.md") if args.check else {}
    differ = 0
    total = 0
    for name in made:
        path = args.out / name
        digest = sha256(path)
        size = path.stat().st_size
        total += size
        mark = ""
        if args.check:
            mark = "  ok" if expected.get(name) == digest else f"  DIFFERS (README: {expected.get(name)})"
            differ += mark != "  ok"
        print(f"{name:34} {size:>10,} {digest}{mark}")
    print(f"{'total':34} {total:>10,}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

"""An outside anchor for the benchmark: the same card drawn by Typst, timed in the same run.

cardgen lays a card out (fits every block, shapes every line) into sides of operations. This
module turns those sides into a Typst document of its own that draws the same card with every
size and position known: each run of text placed at its pen position, in the same font file, at
the same size; each filled rectangle and QR module as a rectangle. Typst then shapes the runs
itself and writes the PDF, so the comparison is cardgen's whole card (fit, shape, write) against
Typst rendering a card whose layout is given.

Typst is a benchmark extra, never a dependency of cardgen:

    pip install -e '.[bench]'
    python benchmarks/typst_anchor.py --runs 7

Figures are medians; ratios are cardgen over Typst, measured in one process tree.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

LOCALES = ("es", "ar", "hi", "zh-Hans", "km", "my")


@lru_cache(maxsize=None)
def _family(path: str) -> tuple[str, str]:
    """The family name Typst knows a font file by, and its weight ('bold' or 'regular')."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    names = font["name"]
    family = (names.getDebugName(16) or names.getDebugName(1) or "").strip()
    weight = "bold" if font["OS/2"].usWeightClass >= 600 else "regular"
    return family, weight


def _string(text: str) -> str:
    """A Typst string literal."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0xFDD0 <= ord(char) <= 0xFDEF or 0x200B <= ord(char) <= 0x202E or 0x2066 <= ord(char) <= 0x2069:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _pt(value: float) -> str:
    return f"{value:.3f}pt"


def _rgb(name: str) -> str:
    from cardgen.drawing import PALETTE

    r, g, b = PALETTE[name].rgb
    return f"rgb({r * 100:.2f}%, {g * 100:.2f}%, {b * 100:.2f}%)"


def typst_source(sides, fonts: Path, language: str = "en") -> str:
    """A Typst document drawing ``sides`` (cardgen.drawing.Side) one per page; ``language``
    (BCP 47) as cardgen shapes it. Typst's own spacing between CJK and Latin is turned off:
    the positions are cardgen's."""
    from cardgen.drawing import FillRect, QrSymbol, ShapedLine

    lang, _, region = language.partition("-")
    out = [f"#set text(lang: {_string(lang)}, cjk-latin-spacing: none, kerning: true)"]
    for n, side in enumerate(sides):
        height = side.height
        if n:
            out.append("#pagebreak()")
        out.append(f"#set page(width: {_pt(side.width)}, height: {_pt(height)}, margin: 0pt)")
        for op in side.ops:
            if isinstance(op, FillRect):
                out.append(f"#place(top + left, dx: {_pt(op.x)}, dy: {_pt(height - op.y - op.height)}, rect(width: {_pt(op.width)}, height: {_pt(op.height)}, fill: {_rgb(op.color)}, stroke: none))")
            elif isinstance(op, QrSymbol):
                m = op.module
                top = height - op.y - op.size
                out.append(f"#place(top + left, dx: {_pt(op.x)}, dy: {_pt(top)}, rect(width: {_pt(op.size)}, height: {_pt(op.size)}, fill: white, stroke: none))")
                for row, bits in enumerate(op.modules):
                    col = 0
                    while col < len(bits):
                        if bits[col] == "1":
                            end = bits.index("0", col) if "0" in bits[col:] else len(bits)
                            out.append(f"#place(top + left, dx: {_pt(op.x + col * m)}, dy: {_pt(top + row * m)}, rect(width: {_pt((end - col) * m)}, height: {_pt(m)}, fill: black, stroke: none))")
                            col = end
                        else:
                            col += 1
            elif isinstance(op, ShapedLine):
                for run in op.runs:
                    family, weight = _family(str(fonts / run.face.file))
                    direction = "rtl" if run.rtl else "ltr"
                    out.append(
                        f"#place(top + left, dx: {_pt(run.x)}, dy: {_pt(height - run.y)}, text(font: {_string(family)}, weight: \"{weight}\", "
                        f"size: {_pt(run.size)}, fill: {_rgb(run.color)}, dir: {direction}, top-edge: \"baseline\", bottom-edge: \"baseline\", {_string(run.text)}))"
                    )
    return "\n".join(out) + "\n"


def card_sources(locales=LOCALES) -> dict[str, tuple[object, str]]:
    """Each locale's built wallet-card piece and its Typst source."""
    from cardgen.build import Builder
    from cardgen.resources import fonts_dir

    builder = Builder()
    fonts = fonts_dir()
    out = {}
    for code in locales:
        piece = builder.piece("wallet-card", code)
        out[code] = (piece, typst_source(builder.sides(piece), fonts, code))
    return out


_COLD_TYPST = """
import sys, time
start = time.perf_counter()
import typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True, pdf_tags=False)
print(time.perf_counter() - start)
"""

def _cold(argv: list[str], runs: int) -> list[float]:
    """Wall time of a fresh process running ``argv``, start to exit (as a user waits)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return samples


def compile_cardgen() -> None:
    """Byte-compile cardgen's modules, as installing its wheel does, so that a cold run measures
    what an installed cardgen does and not a first import's compilation."""
    import compileall

    import cardgen

    compileall.compile_dir(str(Path(cardgen.__file__).parent), quiet=1)


def compare(runs: int, cards: int, locales=LOCALES) -> list[dict]:
    """Warm and cold times of cardgen and Typst for each locale's card; medians in seconds."""
    import typst

    from cardgen.build import Builder
    from cardgen.resources import fonts_dir

    fonts = fonts_dir()
    sources = card_sources(locales)
    compile_cardgen()
    builder = Builder()
    compiler = typst.Compiler(font_paths=[str(fonts)], ignore_system_fonts=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for code, (piece, source) in sources.items():
            data = source.encode("utf-8")
            builder.pdf(piece)
            compiler.compile(input=data, format="pdf", pdf_tags=False)
            ours, theirs = [], []
            for _ in range(runs):  # interleaved, so both see the same machine
                start = time.perf_counter()
                for _ in range(cards):
                    builder.pdf(piece)
                ours.append((time.perf_counter() - start) / cards)
                start = time.perf_counter()
                for _ in range(cards):
                    compiler.compile(input=data, format="pdf", pdf_tags=False)
                theirs.append((time.perf_counter() - start) / cards)
            path = Path(tmp) / f"{code}.typ"
            path.write_text(source, encoding="utf-8")
            cold_theirs = _cold([sys.executable, "-c", _COLD_TYPST, str(path), str(Path(tmp) / f"{code}.pdf"), str(fonts)], runs)
            # the command an organiser types: start-up, imports, fonts, layout, writing, exit
            cold_ours = _cold([sys.executable, "-m", "cardgen", "build", "-p", "wallet-card", "-l", code, "-o", str(Path(tmp) / "out")], runs)
            rows.append({
                "locale": code,
                "warm": statistics.median(ours), "typst_warm": statistics.median(theirs),
                "cold": statistics.median(cold_ours), "typst_cold": statistics.median(cold_theirs),
            })
    return rows


def report(rows: list[dict]) -> None:
    print("wallet card (two sides, own PDF)   cardgen      Typst   ratio   | cold: cardgen     Typst   ratio")
    for row in rows:
        print(
            f"  {row['locale']:<8} warm            {row['warm'] * 1000:7.2f} ms {row['typst_warm'] * 1000:7.2f} ms {row['warm'] / row['typst_warm']:6.2f}x"
            f"  |     {row['cold'] * 1000:7.1f} ms {row['typst_cold'] * 1000:7.1f} ms {row['cold'] / row['typst_cold']:5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cards", type=int, default=20, help="cards per warm sample")
    parser.add_argument("--write", metavar="DIR", help="also write each locale's Typst source and both PDFs here, to compare them")
    options = parser.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("the Typst anchor needs the benchmark extra: pip install -e '.[bench]'")
    if options.write:
        from cardgen.build import Builder
        from cardgen.resources import fonts_dir

        import typst as typst_module

        out = Path(options.write)
        out.mkdir(parents=True, exist_ok=True)
        builder = Builder()
        for code, (piece, source) in card_sources().items():
            (out / f"{code}.typ").write_text(source, encoding="utf-8")
            (out / f"{code}-typst.pdf").write_bytes(typst_module.compile(source.encode("utf-8"), font_paths=[str(fonts_dir())], ignore_system_fonts=True, pdf_tags=False))
            (out / f"{code}-cardgen.pdf").write_bytes(builder.pdf(piece))
    report(compare(options.runs, options.cards))


if __name__ == "__main__":
    main()

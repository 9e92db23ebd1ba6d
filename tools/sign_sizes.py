"""Print the smallest font size on every sign, per locale and page size, and the field it is in.

    python tools/sign_sizes.py [--products door-sign,workplace-sign] [--locales ur,my] [--ignore version_line]

Every run a sign draws comes from one fit; the fit that drew the smallest run names the field.
Sizes under 7 pt (the floor for text read on a wall) are marked with '!'; pieces set in their
script's compact style (Naskh for Nastaliq) because the preferred one does not fit are listed last.
"""

from __future__ import annotations

import argparse

from cardgen.build import Builder, Piece
from cardgen.drawing import ShapedLine
from cardgen.errors import FitError
from cardgen.products import base
from cardgen.sizes import SIZES

FLOOR = 7.0
SIGNS = ("door-sign", "workplace-sign")


def smallest_runs(builder: Builder, piece: Piece, ignore: frozenset[str] = frozenset()) -> tuple[float, str]:
    """The smallest GlyphRun size on the piece's only side and the field whose fit drew it."""
    fields: dict[int, str] = {}
    original = base.LayoutInput.fit

    def recording_fit(self, field_name, *args, **kwargs):
        fitted = original(self, field_name, *args, **kwargs)
        for op in fitted.ops:
            fields[id(op)] = field_name
        return fitted

    base.LayoutInput.fit = recording_fit
    try:
        (side,) = builder.sides(piece)
    finally:
        base.LayoutInput.fit = original
    best = (float("inf"), "")
    for op in side.ops:
        if isinstance(op, ShapedLine):
            for run in op.runs:
                field = fields.get(id(op), "?")
                if run.size < best[0] and field not in ignore:
                    best = (run.size, field)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", default=",".join(SIGNS))
    parser.add_argument("--locales", default="")
    parser.add_argument("--ignore", default="", help="fields left out, e.g. version_line (set at 7 pt by design)")
    args = parser.parse_args()
    builder = Builder()
    locales = args.locales.split(",") if args.locales else builder.content.locale_codes()
    sizes = [s.name for s in SIZES if s.kind == "page"]
    products = args.products.split(",")
    print("locale  " + "  ".join(f"{p[:4]}/{s:<11}" for p in products for s in sizes))
    worst = (float("inf"), "")
    for locale in locales:
        cells = []
        for product in products:
            for size in sizes:
                try:
                    pt, field = smallest_runs(builder, Piece(product, locale, size), frozenset(filter(None, args.ignore.split(","))))
                except FitError as exc:
                    pt, field = 0.0, f"OVERFLOW {exc.args[0] if exc.args else ''}"
                worst = min(worst, (pt, f"{locale} {product} {size} {field}"))
                cells.append(f"{pt:4.1f}{'!' if pt < FLOOR - 1e-9 else ' '}{field[:11]:<11}")
        print(f"{locale:<7} " + " ".join(cells))
    print(f"smallest: {worst[0]:.1f} pt ({worst[1]})")
    for fallback in builder.fallbacks():
        print(f"fallback: {fallback}")


if __name__ == "__main__":
    main()

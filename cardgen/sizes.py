"""Trim sizes of the pieces cardgen prints, as data."""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.registry import Registry

MM = 72 / 25.4
INCH = 72.0


@dataclass(frozen=True)
class TrimSize:
    """A trim size: its name, label and extent, and which products take it."""

    name: str
    label: str
    width: float  # points
    height: float  # points
    kind: str  # "card" or "page": which products can use it
    metric: bool  # decides the default bleed and safe margin for print-shop output
    also: tuple[str, ...] = ()  # other kinds of product that take it (half-letter: also a booklet page)
    folds: tuple[float, ...] = ()  # pt from the left edge: where a folding piece is folded (upright folds)
    panel: str | None = None  # a folding piece: the size of one panel once folded (a name in this registry)

    def takes(self, kind: str) -> bool:
        """Whether a product of size kind ``kind`` can be printed at this size."""
        return kind == self.kind or kind in self.also

    @property
    def dimensions(self) -> str:
        if self.metric:
            return f"{self.width / MM:.2f} x {self.height / MM:.2f} mm"
        return f"{self.width / INCH:g} x {self.height / INCH:g} in"


SIZES: Registry[TrimSize] = Registry("size")
for _size in (
    TrimSize("us-business", "US business card", 3.5 * INCH, 2 * INCH, "card", False),
    TrimSize("cr80", "ID-1 / CR80 credit card", 85.60 * MM, 53.98 * MM, "card", True),
    TrimSize("eu-business", "European business card", 85 * MM, 55 * MM, "card", True),
    TrimSize("eu-85x54", "85 x 54 mm card (Avery C32011)", 85 * MM, 54 * MM, "card", True),
    TrimSize("letter", "US Letter", 8.5 * INCH, 11 * INCH, "page", False),
    TrimSize("a4", "A4", 210 * MM, 297 * MM, "page", True),
    TrimSize("half-letter", "Half Letter (for a window; the guide booklet)", 5.5 * INCH, 8.5 * INCH, "page", False, also=("booklet",)),
    TrimSize("a5", "A5 (the guide booklet, for A4 paper)", 148 * MM, 210 * MM, "booklet", True),
    TrimSize("postcard-4x6", "4 x 6 in postcard (the large-print card)", 4 * INCH, 6 * INCH, "postcard", False),
    TrimSize("a6", "A6 postcard (the large-print card, for A4 paper)", 105 * MM, 148 * MM, "postcard", True),
    TrimSize("us-business-fold", "7 x 2 in, folded in half to a 3.5 x 2 in wallet card (the folding card)", 7 * INCH, 2 * INCH, "fold", False, folds=(3.5 * INCH,), panel="us-business"),
    TrimSize("eu-business-fold", "170 x 55 mm, folded in half to an 85 x 55 mm wallet card (the folding card)", 170 * MM, 55 * MM, "fold", True, folds=(85 * MM,), panel="eu-business"),
):
    SIZES.add(_size.name, _size)

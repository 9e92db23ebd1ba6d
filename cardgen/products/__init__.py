"""The product registry: every printable piece, declared as data."""

from __future__ import annotations

from cardgen.products.base import LayoutInput, Product
from cardgen.products.guide_booklet import layout_guide
from cardgen.products.signs import layout_door_sign, layout_workplace_sign
from cardgen.products.wallet_card import layout_wallet_card
from cardgen.registry import Registry

PRODUCTS: Registry[Product] = Registry("product")

PRODUCTS.add(
    "wallet-card",
    Product(
        name="wallet-card",
        label="Two-sided wallet card: rights in the holder's language, statement to officers in English",
        family="wallet-card",
        size_kind="card",
        default_size="us-business",
        sides=("front", "back"),
        layout=layout_wallet_card,
        prints=("wallet-card:front.",),  # the back is in English
    ),
)

PRODUCTS.add(
    "door-sign",
    Product(
        name="door-sign",
        label="Home door sign: notice to officers in English and in the household's language",
        family="signs",
        size_kind="page",
        default_size="letter",
        sides=("front",),
        layout=layout_door_sign,
        prints=("signs:door.", "signs:version_line", "regions:hotline_label", "regions:police.{region}"),
    ),
)

PRODUCTS.add(
    "workplace-sign",
    Product(
        name="workplace-sign",
        label="Workplace sign: private area, no entry without a judicial warrant",
        family="signs",
        size_kind="page",
        default_size="letter",
        sides=("front",),
        layout=layout_workplace_sign,
        prints=("signs:workplace.", "signs:version_line"),
    ),
)

PRODUCTS.add(
    "guide",
    Product(
        name="guide",
        label="The printable guide: the whole fuller guide as a booklet, with cover, QR code and page numbers",
        family="guide",
        size_kind="booklet",
        default_size="half-letter",
        sides=None,  # as many pages as the text needs
        layout=layout_guide,
        borrows=("wallet-card",),  # the QR caption and version line, in the reader's language
        prints=(
            "guide:", "regions:hotline_label", "regions:name.{region}", "regions:police.{region}", "regions:identify.{region}",
            "wallet-card:front.qr_caption", "wallet-card:front.version_line",
        ),
    ),
)



def printed_strings(product: Product, families: dict[str, tuple[str, ...]], region: str, site: bool) -> list[tuple[str, str]]:
    """The (family, key) strings a piece of ``product`` prints in the reader's language.

    ``families`` maps each family the reader's locale has to its keys (a borrowed family the
    locale lacks prints in English, so it is left out); ``site``: the QR code leads to the
    guide site, whose caption then prints instead of the product's own.
    """
    patterns = [p.replace("{region}", region) for p in product.prints] + (["site:qr_caption"] if site else [])
    printed = []
    for pattern in patterns:
        family, _, key = pattern.partition(":")
        for candidate in families.get(family, ()):
            if candidate == key or (key.endswith(".") or not key) and candidate.startswith(key):
                printed.append((family, candidate))
    return list(dict.fromkeys(printed))


__all__ = ["PRODUCTS", "LayoutInput", "Product", "printed_strings"]

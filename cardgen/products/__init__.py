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
    ),
)

__all__ = ["PRODUCTS", "LayoutInput", "Product"]

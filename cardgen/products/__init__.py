"""The product registry: every printable piece, declared as data."""

from __future__ import annotations

from cardgen.products.base import LayoutInput, Product
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

__all__ = ["PRODUCTS", "LayoutInput", "Product"]

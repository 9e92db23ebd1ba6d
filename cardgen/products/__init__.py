"""The product registry: every printable piece, declared as data."""

from __future__ import annotations

from cardgen.products.base import LayoutInput, Product
from cardgen.products.fill_in import FILL_IN, layout_fill_in
from cardgen.products.fold_card import layout_fold_card
from cardgen.products.guide_booklet import layout_guide
from cardgen.products.language_card import FAMILY as LANGUAGES, LABEL as LANGUAGE_CARD_LABEL, PRODUCT as LANGUAGE_CARD, layout_language_card
from cardgen.products.large_print import layout_large_print_card
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

PRODUCTS.add(
    "large-print-card",
    Product(
        name="large-print-card",
        label="Large-print card: the rights at 14 pt or more with pictograms; the statement to officers in English on the back",
        family="wallet-card",
        size_kind="postcard",
        default_size="postcard-4x6",
        sides=("front", "back"),
        layout=layout_large_print_card,
        prints=("wallet-card:front.",),  # the back is in English
    ),
)

PRODUCTS.add(
    "fold-card",
    Product(
        name="fold-card",
        label="Folding wallet card: the rights beside their pictograms inside; the statement to officers in English on the back",
        family="wallet-card",
        size_kind="fold",
        default_size="us-business-fold",
        sides=("outside", "inside"),
        layout=layout_fold_card,
        prints=("wallet-card:front.", "regions:hotline_label"),  # the back cover is in English
    ),
)

PRODUCTS.add(
    FILL_IN,
    Product(
        name=FILL_IN,
        label="Wallet card to fill in: rights in the holder's language, lines for contacts and the A-number on the back",
        family="wallet-card",
        size_kind="card",
        default_size="us-business",
        sides=("front", "back"),
        layout=layout_fill_in,
        qr=False,
        prints=("wallet-card:front.", "wallet-card:fill_in."),
    ),
)

PRODUCTS.add(
    LANGUAGE_CARD,
    Product(
        name=LANGUAGE_CARD,
        label=LANGUAGE_CARD_LABEL,
        family=LANGUAGES,  # one card per language of content/languages.yaml (Builder.catalogue), not per locale
        size_kind="card",
        default_size="us-business",
        sides=("front",),
        # Takes (language, languages, size, region), not a LayoutInput: nothing on it is a
        # locale's translated text. Builder.sides calls it for a piece with a language.
        layout=layout_language_card,  # type: ignore[arg-type]
        qr=False,  # the guidance a QR code leads to is not in the holder's language
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

"""File names: every name that becomes part of a file name passes through here.

Names come from registries (products, sizes, built-in sheets), but also from files users give
cardgen (a sheet file's ``name``, an organisation's ``name``, the content tree's locale and
region codes). :func:`file_component` turns any text into a stable, safe ASCII piece of a file
name; :func:`print_stem` names a printed file after every option that changes its bytes, so two
outputs with different bytes never share a name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from cardgen.sizes import MM

if TYPE_CHECKING:
    from cardgen.build import Piece
    from cardgen.sheets.impose import PrintOptions

MAX_COMPONENT = 40  # characters of one name in a file name, before its hash
_HASH_LENGTH = 8  # hex digits: tells apart names whose safe forms are the same
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]|^\.|\.\.")  # separators, control characters, dot names


def file_component(text: str, *, lower: bool = False, fallback: str = "name") -> str:
    """``text`` as one safe piece of a file name: ASCII letters, digits, '-', '_' and '.'.

    Latin letters lose their accents (``Asociación`` -> ``Asociacion``); spaces and punctuation
    become '-'. When that loses more than accents and punctuation (letters of other scripts,
    path separators, control characters, a leading dot, '..', an empty or over-long name),
    a short hash of the original text is added, so two different names never share a form.
    The result is never empty, never starts with '.', and holds no '/', '\\', '..' or NUL.
    ``lower`` gives the lower-case slug used for organisation names.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if lower:
        folded = folded.lower()
    pattern = r"[^a-z0-9]+" if lower else r"[^A-Za-z0-9._-]+"
    safe = re.sub(r"\.{2,}", ".", re.sub(pattern, "-", folded)).strip("-._")
    lossy = not folded.isascii() or bool(_UNSAFE.search(text)) or not safe or len(safe) > MAX_COMPONENT
    safe = safe[:MAX_COMPONENT].rstrip("-._")
    if not lossy:
        return safe
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]
    return f"{safe or fallback}-{digest}"


def print_stem(piece: "Piece", options: "PrintOptions") -> str:
    """The file name (without suffix and extension) of ``piece`` printed with ``options``.

    Today's names stay for the default options (``wallet-card-es-us-business``, plus the sheet
    when it is not single); every option that changes the file's bytes adds its own part, so a
    build with other options never replaces the file of another.
    """
    parts = [piece.stem]
    if piece.org is not None:
        parts.append(file_component(piece.org.name, lower=True, fallback="org"))
    sheet = options.sheet
    if not sheet.single:
        parts.append(file_component(sheet.name, fallback="sheet"))
    parts.extend(option_parts(options))
    return "-".join(parts)


def option_parts(options: "PrintOptions") -> list[str]:
    """Name parts for the print options that differ from the default and change the bytes."""
    sheet = options.sheet
    card_sheet = not sheet.single and not sheet.booklet
    parts = []
    if card_sheet and options.copies is not None and options.copies != sheet.cells:
        parts.append(f"{options.copies}-copies")  # the default, one full sheet, needs no part
    default_duplex = "short-edge" if sheet.booklet else "long-edge"
    if not sheet.single and options.duplex not in (default_duplex, "none"):  # 'none' adds -fronts/-backs
        parts.append(options.duplex)
    has_backs = not sheet.single or options.bleed  # a single page without bleed ignores the offset
    if has_backs and any(options.back_offset):
        dx, dy = (_mm(v) for v in options.back_offset)
        parts.append(f"offset{dx},{dy}mm")
    if options.bleed:
        parts.append(f"bleed{_mm(options.bleed)}mm")
    if getattr(options, "start_cell", 1) != 1:
        parts.append(f"from-cell{options.start_cell}")
    if getattr(options, "die_line", False):
        parts.append("dieline")
    if getattr(options, "slug", False):
        parts.append("slug")
    if options.cmyk:
        parts.append("cmyk")
    if getattr(options, "pdfx", False):
        parts.append("pdfx")
    return parts


def _mm(points: float) -> str:
    """A length in millimetres for a file name: up to three decimals, no trailing zeros."""
    text = f"{points / MM:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

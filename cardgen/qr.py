"""QR codes: encode each distinct URL once, and place it at a size that phones can read."""

from __future__ import annotations

from cardgen.drawing import QrSymbol
from cardgen.errors import CardgenError

QUIET_ZONE = 4  # modules of white on every side
MIN_MODULE_MM = 0.4
MM = 72 / 25.4
# The most a QR code can hold at the level used (version 40, error correction M, byte mode;
# ISO/IEC 18004 table 7). Links of capitals and digits may pack a little more; never less.
MAX_LINK_BYTES = 2331
LEVEL = "M"
SHOWN_LINK = 80  # characters of a long link quoted in a message


class QrError(CardgenError):
    """A link that cannot be set as a readable QR code in the space it has."""

    exit_code = 3


def _shown(url: str) -> str:
    return url if len(url) <= SHOWN_LINK else f"{url[:SHOWN_LINK]}..."


class QrEncoder:
    """Encodes URLs to QR module matrices (error correction M), once per distinct URL."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, ...]] = {}
        self.encoded = 0  # how many distinct URLs were encoded

    def modules(self, url: str) -> tuple[str, ...]:
        """The module rows of ``url``'s code, quiet zone included.

        Raises QrError when no QR code can hold the link (beyond version 40).
        """
        if url not in self._cache:
            self._cache[url] = _encode(url)
            self.encoded += 1
        return self._cache[url]

    def symbol(self, url: str, x: float, y: float, size: float) -> QrSymbol:
        """A QR symbol for ``url`` in the square (x, y, size), quiet zone included.

        Raises if the modules would be smaller than 0.4 mm: a longer link needs a larger code.
        """
        modules = self.modules(url)
        module = size / len(modules)
        if module < MIN_MODULE_MM * MM - 1e-9:
            raise QrError(
                f"the link {_shown(url)} ({len(url)} characters) needs a QR code of {len(modules) - 2 * QUIET_ZONE} modules; in a "
                f"{size / MM:.1f} mm square each would be {module / MM:.2f} mm, under the "
                f"{MIN_MODULE_MM} mm phones need. Use a shorter link."
            )
        return QrSymbol(x, y, size, modules)


def _import_qrcode():  # type: ignore[no-untyped-def]
    """The qrcode package, imported without its Pillow image drawers: it imports them only
    for backward compatibility, and does without them when Pillow cannot be imported
    (cardgen draws the modules itself). Pillow is hidden for that import only, unless it is
    loaded already, and then imports as usual (an organisation's logo): about 10 ms less
    of a cold start."""
    import sys

    if "qrcode.main" in sys.modules or "PIL" in sys.modules:
        import qrcode.main

        return qrcode.main
    sys.modules["PIL"] = None  # type: ignore[assignment] # makes 'import PIL' raise ImportError
    try:
        import qrcode.main
    finally:
        del sys.modules["PIL"]
    return qrcode.main


def _encode(url: str) -> tuple[str, ...]:
    qrcode = _import_qrcode()
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.exceptions import DataOverflowError

    size = len(url.encode("utf-8"))
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    try:
        code.add_data(url)
        code.make(fit=True)
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41 ...)" past 40
        raise QrError(
            f"the link {_shown(url)} is {len(url):,} characters ({size:,} bytes) long; a QR code at error "
            f"correction {LEVEL} can carry at most {MAX_LINK_BYTES:,} bytes. Use a shorter link (a short page that links on)."
        ) from None
    return tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())

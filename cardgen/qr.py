"""QR codes: encode each distinct URL once, and place it at a size that phones can read."""

from __future__ import annotations

from cardgen.drawing import QrSymbol
from cardgen.errors import CardgenError

QUIET_ZONE = 4  # modules of white on every side
MIN_MODULE_MM = 0.4
MM = 72 / 25.4


class QrEncoder:
    """Encodes URLs to QR module matrices (error correction M), once per distinct URL."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, ...]] = {}
        self.encoded = 0  # how many distinct URLs were encoded

    def modules(self, url: str) -> tuple[str, ...]:
        if url not in self._cache:
            import qrcode
            from qrcode.constants import ERROR_CORRECT_M

            code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
            code.add_data(url)
            code.make(fit=True)
            self._cache[url] = tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())
            self.encoded += 1
        return self._cache[url]

    def symbol(self, url: str, x: float, y: float, size: float) -> QrSymbol:
        """A QR symbol for ``url`` in the square (x, y, size), quiet zone included.

        Raises if the modules would be smaller than 0.4 mm: a longer link needs a larger code.
        """
        modules = self.modules(url)
        module = size / len(modules)
        if module < MIN_MODULE_MM * MM - 1e-9:
            raise CardgenError(
                f"the link {url} needs a QR code of {len(modules) - 2 * QUIET_ZONE} modules; in a "
                f"{size / MM:.1f} mm square each would be {module / MM:.2f} mm, under the "
                f"{MIN_MODULE_MM} mm phones need. Use a shorter link."
            )
        return QrSymbol(x, y, size, modules)

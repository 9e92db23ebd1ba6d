"""Organisation profiles: who hands the material out, printed on every piece they order.

A profile is a small YAML or TOML file: name, phone, website, a logo (PNG or JPEG), an accent
colour, and a QR link template with {locale}, {region} and {product}. It is validated like
content: every problem is reported at once, with the file and key.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from cardgen import limits
from cardgen.content.schema import check_https_url, check_template, check_text, is_blank
from cardgen.content.yamltree import REJECTED, Located, read_data_file
from cardgen.errors import ContentError, Problem, did_you_mean

_COLOR = re.compile(r"^#([0-9a-fA-F]{6})$")
_FIELDS = ("name", "phone", "website", "logo", "accent", "qr_url", "site_url")
MIN_CONTRAST = 4.5  # white text on the accent colour (WCAG AA for normal text)


@dataclass(frozen=True)
class Org:
    """An organisation's profile: what its pieces print of it, and its own QR links."""

    name: str
    phone: str | None = None
    website: str | None = None
    logo: bytes | None = None  # the image file, flattened onto white when it has transparency
    accent: tuple[float, float, float] | None = None  # RGB 0..1
    qr_url: str | None = None  # template with {locale}, {region}, {product}
    fingerprint: str = ""  # of the profile and its logo, for incremental builds
    site_url: str | None = None  # the organisation's copy of the guide site (cardgen site)

    def qr_link(self, locale: str, region: str, product: str) -> str | None:
        return fill_template(self.qr_url, locale, region, product) if self.qr_url else None

    @property
    def contact(self) -> str:
        return " · ".join(part for part in (self.name, self.phone, self.website and self.website.removeprefix("https://")) if part)

    @property
    def printed_contact(self) -> str:
        """``contact`` as pieces print it: the phone and the web address each held as one
        left-to-right phrase (isolated, U+2066 ... U+2069), so that beside a name in Arabic or another
        right-to-left script '+1 555 0100' keeps its order. The marks steer the bidi levels
        and are not drawn (cardgen.typeset.bidi.BIDI_CONTROLS)."""
        import unicodedata

        website = self.website and self.website.removeprefix("https://")
        parts = [self.name, *(f"\u2066{part}\u2069" for part in (self.phone, website) if part)]
        # After a right-to-left name the line reads right to left; marks around each separator
        # keep the phone and the address two phrases in that order, not one left-to-right run.
        # A no-break space before each separator: a line that breaks there ends with the
        # separator, and the next begins with the phone or the address itself.
        rtl = any(unicodedata.bidirectional(char) in ("R", "AL") for char in self.name)
        return ("\u00a0\u200f·\u200f " if rtl else "\u00a0· ").join(part for part in parts if part)


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (relative_luminance(rgb) + 0.05)


_PLACEHOLDERS = frozenset({"locale", "region", "product"})
_PLACEHOLDER = re.compile(r"\{(locale|region|product)\}")
_HINTS = {
    "name": "the organisation's name as it should print",
    "phone": "a phone number, in quotes (\"+1 555 0100\")",
    "website": "a link such as 'https://example.org'",
    "logo": "the file name of a PNG or JPEG logo, relative to the profile",
    "accent": "a colour such as '#b0122b', in quotes",
    "qr_url": "a link template such as 'https://example.org/{locale}/{region}'",
    "site_url": "the https address of the guide site made with 'cardgen site'",
}


def fill_template(template: str, locale: str, region: str, product: str) -> str:
    """``template`` with its placeholders replaced. Only the three names are replaced, and
    nothing else of the template is interpreted (unlike str.format), whatever the values hold."""
    values = {"locale": locale, "region": region, "product": product}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def load_org(path: Path) -> Org:
    """An organisation profile (YAML or TOML), with every problem of the file reported at once."""
    shown = str(path)
    problems: list[Problem] = []
    tree = read_data_file(path, shown, problems)
    if tree is None:
        raise ContentError(problems)
    if not isinstance(tree.value, dict):
        raise ContentError([*problems, Problem(shown, tree.line, "", f"must be a table of keys: {', '.join(_FIELDS)}.")])
    fields: dict[str, Located] = tree.value

    def text_value(key: str, required: bool = False) -> str | None:
        node = fields.get(key)
        if node is None or node.value is REJECTED:
            if node is None and required:
                problems.append(Problem(shown, 0, key, f"missing: {_HINTS[key]}."))
            return None
        reason = _text_problem(node.value, key)
        if reason:
            problems.append(Problem(shown, node.line, key, reason))
            return None
        return node.value.strip()

    def line(key: str) -> int:
        return fields[key].line if key in fields else 0

    for key, node in fields.items():
        if key not in _FIELDS:
            problems.append(Problem(shown, node.line, key, f"unknown key.{did_you_mean(key, _FIELDS)} Use: {', '.join(_FIELDS)}."))
    name = text_value("name", required=True)
    phone = text_value("phone")
    website = text_value("website")
    if website and (reason := check_https_url(website)):
        problems.append(Problem(shown, line("website"), "website", f"'{website}' {reason}"))
    qr_url = text_value("qr_url")
    if qr_url and (reason := _qr_template_problem(qr_url)):
        problems.append(Problem(shown, line("qr_url"), "qr_url", reason))
        qr_url = None
    site_url = text_value("site_url")
    if site_url:
        from cardgen.links import check_site_url

        if reason := check_site_url(site_url):
            problems.append(Problem(shown, line("site_url"), "site_url", f"'{site_url}' {reason}"))
        elif qr_url or "qr_url" in fields:
            problems.append(Problem(shown, line("site_url"), "site_url", "and qr_url both choose where QR codes lead. Keep one: site_url for a guide site made with 'cardgen site', qr_url for pages of your own."))
        site_url = site_url.rstrip("/")
    accent = None
    if (value := text_value("accent")) is not None:
        accent = _accent(value, shown, line("accent"), problems)
    logo = None
    if (value := text_value("logo")) is not None:
        logo = _logo(path.parent, value, shown, line("logo"), problems)
    if problems:
        raise ContentError(problems)
    fingerprint = hashlib.sha256(_profile_bytes(path) + (logo or b"")).hexdigest()
    return Org(name or "", phone, website, logo, accent, qr_url, fingerprint, site_url)


def _text_problem(value: object, key: str) -> str | None:
    """Why a profile value is not usable text (a number or list is refused, not turned into text)."""
    if not isinstance(value, str):
        kind = "a list" if isinstance(value, list) else "a table" if isinstance(value, dict) else f"{type(value).__name__} {value!r}"
        return f"must be text, not {kind}: {_HINTS.get(key, 'text')}. Put it in quotes."
    if reason := check_text(value):
        return reason
    if is_blank(value):
        return f"is empty (or only invisible characters): give {_HINTS.get(key, 'text')}, or leave the key out."
    return None


def _qr_template_problem(template: str) -> str | None:
    """Why ``template`` is not a link template with only {locale}, {region} and {product}, or
    None. Checked when the profile is read, so that no link made from it can fail later."""
    if reason := check_template(template, _PLACEHOLDERS, required=False):
        return f"'{template}' {reason}"
    sample = fill_template(template, "es", "us", "wallet-card")
    if reason := check_https_url(sample):
        return f"'{template}' gives links such as '{sample}', which {reason}"
    return None


def _accent(value: str, shown: str, line: int, problems: list[Problem]) -> tuple[float, float, float] | None:
    match = _COLOR.match(value)
    if not match:
        problems.append(Problem(shown, line, "accent", f"'{value}' is not a colour like '#b0122b'."))
        return None
    accent = tuple(int(match.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4))
    ratio = contrast_with_white(accent)  # type: ignore[arg-type]
    if ratio < MIN_CONTRAST:
        problems.append(Problem(shown, line, "accent", f"'{value}' is too light: white text on it has a contrast of {ratio:.1f}:1, under {MIN_CONTRAST}:1. Choose a darker colour."))
        return None
    return accent  # type: ignore[return-value]


def _profile_bytes(path: Path) -> bytes:
    """The profile file as read (already checked to be readable and within the size limit)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(str(path), 0, "", f"cannot be read ({exc.strerror or exc}).")]) from None


def _logo(folder: Path, name: str, shown: str, line: int, problems: list[Problem]) -> bytes | None:
    """The logo as PNG bytes with no transparency (print files must have none).

    The file size and the pixel count (from the header, before any pixel is decoded) are held
    to cardgen.limits, so that a huge image or a decompression bomb (a small file declaring
    enormous dimensions) is refused at once instead of filling memory.
    """
    from PIL import Image  # here, not at the top: only a profile with a logo needs PIL

    def problem(message: str) -> None:
        problems.append(Problem(shown, line, "logo", message))

    path = folder / name
    try:
        if not path.is_file():
            problem(f"{path} does not exist. Give a PNG or JPEG file, relative to the profile.")
            return None
        size = path.stat().st_size
    except (OSError, ValueError) as exc:  # a NUL in the name, a name too long
        problem(f"'{name}' cannot be used as a file name ({exc}). Give a PNG or JPEG file, relative to the profile.")
        return None
    if size > limits.MAX_LOGO_BYTES:
        problem(f"{path.name} is {size:,} bytes; a logo may have at most {limits.MAX_LOGO_BYTES:,}. Save it smaller (a logo prints well at 600 x 600 pixels).")
        return None
    try:
        return _flattened_png(path, problem)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # PIL's check of the header
        problem(f"{path.name} declares more pixels than a logo may have (at most {limits.MAX_LOGO_PIXELS:,}). Scale it down (600 x 600 prints well).")
        return None
    except (OSError, SyntaxError, ValueError) as exc:
        problem(f"{path.name} is not a readable image ({exc}).")
        return None


def _flattened_png(path: Path, problem) -> bytes | None:
    from PIL import Image

    with warnings.catch_warnings():
        # PIL only warns about a decompression bomb below twice its own limit: make it an error
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:  # reads the header only
            if image.format not in ("PNG", "JPEG"):
                problem(f"{path.name} is {image.format}; use a PNG or JPEG file.")
                return None
            width, height = image.size
            if width * height > limits.MAX_LOGO_PIXELS:
                problem(f"{path.name} is {width:,} x {height:,} pixels; a logo may have at most {limits.MAX_LOGO_PIXELS:,} pixels. Scale it down (600 x 600 prints well).")
                return None
            image.load()
            if image.mode in ("RGBA", "LA", "P", "PA"):
                rgba = image.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.split()[3])
                image = flat
            else:
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            return buffer.getvalue()

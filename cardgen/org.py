"""Organisation profiles: who hands the material out, printed on every piece they order.

A profile is a small YAML or TOML file: name, phone, website, a logo (PNG or JPEG), an accent
colour, and a QR link template with {locale}, {region} and {product}. It is validated like
content: every problem is reported at once, with the file and key.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

from cardgen.content.schema import check_https_url
from cardgen.errors import ContentError, Problem

_COLOR = re.compile(r"^#([0-9a-fA-F]{6})$")
_FIELDS = ("name", "phone", "website", "logo", "accent", "qr_url", "site_url")
MIN_CONTRAST = 4.5  # white text on the accent colour (WCAG AA for normal text)


@dataclass(frozen=True)
class Org:
    name: str
    phone: str | None = None
    website: str | None = None
    logo: bytes | None = None  # the image file, flattened onto white when it has transparency
    accent: tuple[float, float, float] | None = None  # RGB 0..1
    qr_url: str | None = None  # template with {locale}, {region}, {product}
    fingerprint: str = ""  # of the profile and its logo, for incremental builds
    site_url: str | None = None  # the organisation's copy of the guide site (cardgen site)

    def qr_link(self, locale: str, region: str, product: str) -> str | None:
        return self.qr_url.format(locale=locale, region=region, product=product) if self.qr_url else None

    @property
    def contact(self) -> str:
        return " · ".join(part for part in (self.name, self.phone, self.website and self.website.removeprefix("https://")) if part)


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (relative_luminance(rgb) + 0.05)


def load_org(path: Path) -> Org:
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(shown, 0, "", f"cannot be read ({exc.strerror}).")]) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else _yaml(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise ContentError([Problem(shown, 0, "", f"is not a valid profile file ({exc}).")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(shown, 0, "", f"must be a table of keys: {', '.join(_FIELDS)}.")])
    problems: list[Problem] = []

    def text_value(key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                problems.append(Problem(shown, 0, key, "missing: the organisation's name as it should print."))
            return None
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, 0, key, "must be text."))
            return None
        return value.strip()

    for key in data:
        if key not in _FIELDS:
            problems.append(Problem(shown, 0, key, f"unknown key. Use: {', '.join(_FIELDS)}."))
    name = text_value("name", required=True)
    phone = text_value("phone")
    website = text_value("website")
    if website and (reason := check_https_url(website)):
        problems.append(Problem(shown, 0, "website", f"'{website}' {reason}"))
    qr_url = text_value("qr_url")
    if qr_url:
        fields = {f for _, f, _, _ in Formatter().parse(qr_url) if f is not None}
        if fields - {"locale", "region", "product"}:
            problems.append(Problem(shown, 0, "qr_url", f"may only use {{locale}}, {{region}} and {{product}}, not {', '.join('{' + f + '}' for f in sorted(fields - {'locale', 'region', 'product'}))}."))
        elif reason := check_https_url(qr_url.format(locale="es", region="us", product="wallet-card")):
            problems.append(Problem(shown, 0, "qr_url", f"'{qr_url}' {reason}"))
    site_url = text_value("site_url")
    if site_url:
        from cardgen.links import check_site_url

        if reason := check_site_url(site_url):
            problems.append(Problem(shown, 0, "site_url", f"'{site_url}' {reason}"))
        elif qr_url:
            problems.append(Problem(shown, 0, "site_url", "and qr_url both choose where QR codes lead. Keep one: site_url for a guide site made with 'cardgen site', qr_url for pages of your own."))
        site_url = site_url.rstrip("/")
    accent = None
    if (value := text_value("accent")) is not None:
        match = _COLOR.match(value)
        if not match:
            problems.append(Problem(shown, 0, "accent", f"'{value}' is not a colour like '#b0122b'."))
        else:
            accent = tuple(int(match.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4))
            ratio = contrast_with_white(accent)
            if ratio < MIN_CONTRAST:
                problems.append(Problem(shown, 0, "accent", f"'{value}' is too light: white text on it has a contrast of {ratio:.1f}:1, under {MIN_CONTRAST}:1. Choose a darker colour."))
    logo = None
    if (value := text_value("logo")) is not None:
        logo = _logo(path.parent / value, shown, problems)
    if problems:
        raise ContentError(problems)
    fingerprint = hashlib.sha256(raw + (logo or b"")).hexdigest()
    return Org(name or "", phone, website, logo, accent, qr_url, fingerprint, site_url)  # type: ignore[arg-type]


def _logo(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """The logo as PNG bytes with no transparency (print files must have none)."""
    import io

    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        problems.append(Problem(shown, 0, "logo", f"{path} does not exist. Give a PNG or JPEG file, relative to the profile."))
        return None
    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                problems.append(Problem(shown, 0, "logo", f"{path.name} is {image.format}; use a PNG or JPEG file."))
                return None
            image.load()
            if image.mode in ("RGBA", "LA", "P"):
                rgba = image.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.split()[3])
                image = flat
            else:
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            return buffer.getvalue()
    except (UnidentifiedImageError, OSError) as exc:
        problems.append(Problem(shown, 0, "logo", f"{path.name} is not a readable image ({exc})."))
        return None


def _yaml(text: str) -> object:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None

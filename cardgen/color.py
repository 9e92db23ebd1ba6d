"""Colour management for print: sRGB to the press's CMYK through an ICC profile (LittleCMS).

An organisation gives its accent colour and its logo in RGB (screen colours). A PDF/X file
for a print shop holds CMYK only, converted for one named printing condition: the
:class:`OutputCondition` the file's OutputIntent declares, whose ICC profile is embedded in
the file and used here, through Pillow's ImageCms (LittleCMS), for the conversion.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

_ICC_DIR = Path(__file__).resolve().parent / "icc"


@dataclass(frozen=True)
class OutputCondition:
    """A printing condition: what the PDF/X OutputIntent names, and the profile that describes it."""

    identifier: str  # OutputConditionIdentifier: a characterisation in the ICC registry, or "Custom"
    info: str  # OutputCondition: a human-readable description
    profile_file: str = ""  # under cardgen/icc/
    registry: str = "http://www.color.org"
    data: bytes = b""  # the profile itself, for a profile the user gives (profile_file empty)

    @property
    def profile(self) -> bytes:
        return self.data or (_ICC_DIR / self.profile_file).read_bytes()


# The one condition cardgen ships: SWOP coated (CGATS TR 001), the profile Ghostscript uses for
# its own CMYK (see cardgen/icc/README.md for where it comes from and its licence).
SWOP = OutputCondition(
    identifier="CGATS TR 001",
    info="SWOP (publication) coated, CGATS TR 001",
    profile_file="artifex-swop-cmyk.icc",
)
DEFAULT_CONDITION = SWOP

MAX_PROFILE_BYTES = 8 * 1024 * 1024  # the largest CMYK press profiles are about 4 MB


def condition_from_profile(path: Path) -> OutputCondition:
    """The printing condition a print shop's own ICC profile describes (``--output-profile``):
    a CMYK output (printer) profile; the OutputIntent names it "Custom" with the profile's own
    description, and embeds it, as PDF/X-1a requires for a condition outside the ICC registry."""
    from PIL import ImageCms

    from cardgen.errors import SettingError

    fix = "Give the ICC profile your print shop uses for its press (a CMYK output profile, .icc or .icm)."
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise SettingError(f"{path}: {size / 1e6:.1f} MB is more than an ICC profile holds ({MAX_PROFILE_BYTES // 2**20} MB at most). {fix}")
        data = path.read_bytes()
    except OSError as exc:
        raise SettingError(f"{path}: cannot be read ({exc.strerror or exc}). {fix}") from None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ValueError, TypeError) as exc:
        raise SettingError(f"{path}: not an ICC profile ({exc}). {fix}") from None
    space = profile.profile.xcolor_space.strip()
    kind = profile.profile.device_class.strip()
    if space != "CMYK" or kind != "prtr":
        raise SettingError(f"{path}: a {space or 'unknown'} {_CLASSES.get(kind, kind or 'unknown')} profile, not a CMYK output profile. {fix}")
    description = (ImageCms.getProfileDescription(profile) or "").strip() or path.stem
    return OutputCondition(identifier="Custom", info=description, data=data)


_CLASSES = {"mntr": "display", "scnr": "input", "spac": "colour space", "link": "device link", "abst": "abstract", "nmcl": "named colour"}


class IccConverter:
    """sRGB colours and images to the CMYK of ``condition``, perceptual intent.

    Same input, same output: LittleCMS is deterministic, so PDFs stay reproducible.
    """

    def __init__(self, condition: OutputCondition = DEFAULT_CONDITION) -> None:
        self.condition = condition

    @cached_property
    def _transform(self):  # an ImageCms.ImageCmsTransform
        from PIL import ImageCms

        srgb = ImageCms.createProfile("sRGB")
        cmyk = ImageCms.ImageCmsProfile(io.BytesIO(self.condition.profile))
        return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)

    def rgb_to_cmyk(self, rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
        """An sRGB colour (0..1 each) as CMYK (0..1 each, four decimals)."""
        return _solid(self, tuple(round(min(max(c, 0.0), 1.0) * 255) for c in rgb))  # type: ignore[arg-type]

    def image_to_cmyk(self, png: bytes):  # -> PIL.Image.Image in mode CMYK
        from PIL import Image

        with Image.open(io.BytesIO(png)) as image:
            rgb = image.convert("RGB")
        return _apply(self._transform, rgb)


@lru_cache(maxsize=256)
def _solid(converter: IccConverter, rgb8: tuple[int, int, int]) -> tuple[float, float, float, float]:
    from PIL import Image

    pixel = _apply(converter._transform, Image.new("RGB", (1, 1), rgb8)).getpixel((0, 0))
    return tuple(round(v / 255, 4) for v in pixel)  # type: ignore[return-value]


@lru_cache(maxsize=None)
def converter(condition: OutputCondition = DEFAULT_CONDITION) -> IccConverter:
    """One converter per condition: building a LittleCMS transform costs a few milliseconds."""
    return IccConverter(condition)


def _apply(transform, image):
    """``image`` through ``transform`` (an ImageCms transform). Pillow's own apply also copies the
    output profile into the image, which LittleCMS cannot write for some press profiles
    ("Could not determine profile size"); the pixels are all cardgen needs."""
    from PIL import Image

    out = Image.new(transform.output_mode, image.size)
    transform.transform.apply(image.getim() if hasattr(image, "getim") else image.im.id, out.getim() if hasattr(out, "getim") else out.im.id)
    return out


def pixels_per_inch(pixels: tuple[int, int], size: tuple[float, float]) -> float:
    """The lower of the horizontal and vertical resolution of an image of ``pixels`` drawn ``size`` points wide and high."""
    return min(pixels[0] / (size[0] / 72), pixels[1] / (size[1] / 72))


PRINT_PPI = 300  # below this a logo looks soft in print


def lowest_picture_ppi(sides) -> float | None:
    """The lowest resolution any picture (a logo) prints at on ``sides``, in pixels per inch; None without pictures."""
    from PIL import Image

    from cardgen.drawing import Picture

    lowest = None
    for side in sides:
        for op in side.ops:
            if isinstance(op, Picture):
                with Image.open(io.BytesIO(op.png)) as image:
                    ppi = pixels_per_inch(image.size, (op.width, op.height))
                lowest = ppi if lowest is None else min(lowest, ppi)
    return lowest

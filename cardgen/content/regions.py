"""Regions: the state overlays (hotline, QR link, sources) declared in ``content/regions.yaml``.

The words readers see (the help-line label and the note on local police) are translated in
each locale's ``regions.yaml`` family file like every other string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cardgen.content.schema import check_https_url, convert, documented
from cardgen.content.loader import text_problem
from cardgen.content.yamltree import Located, read_data_file
from cardgen.errors import ContentError, Problem

DEFAULT_REGION = "us"


@dataclass(frozen=True)
class Hotline:
    """A region's help line, as its card prints it."""

    name: str = field(metadata=documented("Who answers, e.g. 'ICIRR Family Support Hotline'."))
    number: str = field(metadata=documented("The number as people dial it, e.g. '855-435-7693'."))
    hours: str | None = field(default=None, metadata=documented("When and how to reach it, e.g. 'call or text, 24 hours'."))
    verified: date | None = field(default=None, metadata=documented("Date someone last checked that the number works (YYYY-MM-DD)."))


@dataclass(frozen=True)
class Region:
    """One region overlay."""

    name: str = field(metadata=documented("The region's name, e.g. 'Illinois'."))
    hotline: Hotline = field(metadata=documented("The help line printed on every piece for this region."))
    qr_url: str | None = field(default=None, metadata=documented("https link replacing the locale's QR link for this region.", check_https_url))
    code: str = ""  # filled from the key


def load_regions(root: Path) -> dict[str, Region]:
    path = root / "regions.yaml"
    shown = path.name if not path.parent.name else f"{path.parent.name}/{path.name}"
    if not path.is_file():
        return {DEFAULT_REGION: Region("United States", Hotline("United We Dream MigraWatch", "1-844-363-1423"), code=DEFAULT_REGION)}
    problems: list[Problem] = []
    node = read_data_file(path, shown, problems)
    regions: dict[str, Region] = {}
    if node is not None and not isinstance(node.value, dict):
        problems.append(Problem(shown, node.line, "", "must map region codes (us, il, ...) to their details."))
    elif node is not None:
        for code, entry in node.value.items():
            if not isinstance(entry.value, dict):
                problems.append(Problem(shown, entry.line, code, "must be a mapping with name and hotline."))
                continue
            fields = Located({k: v for k, v in entry.value.items() if k != "sources"}, entry.line)
            sources = entry.value.get("sources")
            if sources is None or not isinstance(sources.value, list) or not sources.value:
                problems.append(Problem(shown, entry.line, f"{code}.sources", "missing: list the laws and references this region's text rests on."))
            else:
                _check_sources(sources, shown, f"{code}.sources", problems)
            region = convert(fields, Region, shown, code, problems)
            if region is not None:
                regions[code] = Region(region.name, region.hotline, region.qr_url, code)
    if DEFAULT_REGION not in regions and not problems:
        problems.append(Problem(shown, 1, DEFAULT_REGION, "missing: the national default region 'us' is required."))
    if problems:
        raise ContentError(problems)
    return regions


def _check_sources(sources: Located, shown: str, where: str, problems: list[Problem]) -> None:
    # An item may read as a mapping ("Act: what it says" in YAML); only its texts are checked.
    for index, item in enumerate(sources.value):
        if not isinstance(item.value, str):
            continue
        if (reason := text_problem(item.value, "must be the reference as text.")) is not None:
            problems.append(Problem(shown, item.line, f"{where}[{index}]", reason))


def region(regions: dict[str, Region], code: str) -> Region:
    try:
        return regions[code]
    except KeyError:
        from cardgen.lookup import unknown_region

        raise unknown_region(regions, code) from None

"""What each page says, as data for the templates: gathered once per locale from the content.

No HTML is written here except through :func:`cardgen.site.text.to_html`, whose output the
templates insert as markup; everything else is escaped by Jinja2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from cardgen.content.families import GUIDE
from cardgen.content.loader import SOURCE_LOCALE, ContentTree, FamilyText
from cardgen.content.regions import Region
from cardgen.links import page_file
from cardgen.org import Org
from cardgen.site.text import tel_href, to_html

# Families a locale needs for its pages; all of them must load without problems.
SITE_FAMILIES = ("guide", "site", "wallet-card", "signs", "regions")

# Parts of every page besides the guide's own sections, in page order (ids are stable: the
# workplace sign's QR code leads to #work, and links elsewhere may point at these).
CARD, DOOR, WORKPLACE, REGION, CHANGES, SOURCES, LANGUAGES, REGIONS = (
    "card", "door", "workplace", "region", "changes", "sources", "languages", "regions",
)


@dataclass(frozen=True)
class LocaleText:
    """One locale's validated text for the site, with the English source it draws on."""

    code: str
    guide: FamilyText
    site: FamilyText
    card: FamilyText
    signs: FamilyText
    regions: FamilyText

    @property
    def info(self):
        return self.guide.locale

    @property
    def rtl(self) -> bool:
        return self.info.direction == "rtl"

    @property
    def draft(self) -> bool:
        return self.guide.meta.translation.status == "draft"


def load_locale(content: ContentTree, code: str) -> LocaleText:
    """The locale's families; raises ContentError listing every problem of all of them."""
    texts = content.families([(code, family) for family in SITE_FAMILIES])
    return LocaleText(code, *texts)


def guide_sections() -> list[tuple[str, list[str]]]:
    """The guide's sections in the order of families.py: (section id, statement keys)."""
    sections: dict[str, list[str]] = {}
    for key in GUIDE.keys():
        if "." in key:
            section, name = key.split(".", 1)
            if name != "heading":
                sections.setdefault(section, []).append(key)
    return list(sections.items())


def reference_numbers(source: FamilyText) -> dict[str, int]:
    """Reference id -> its number, numbered in the order the guide first cites them."""
    numbers: dict[str, int] = {}
    for key in GUIDE.keys():
        for ref in source.sources.get(key, ()):
            numbers.setdefault(ref, len(numbers) + 1)
    for ref in source.references:  # listed even if no statement cites it (yet)
        numbers.setdefault(ref, len(numbers) + 1)
    return numbers


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    lang: str = ""
    current: bool = False


@dataclass
class PageContext:
    """Everything the page template needs for one locale and region."""

    lang: str
    dir: str
    title: str
    site: Mapping[str, str]
    version_line: str
    draft: bool
    intro: dict
    sections: list[dict]
    region: dict
    card: dict
    door: dict
    workplace: dict
    changes: dict
    sources: list[dict]
    contents: list[Link]
    regions: list[Link]
    alternates: list[Link]
    canonical: str | None
    home_href: str
    org: Org | None
    path: str
    extra: dict = field(default_factory=dict)


def _rel(from_path: str, to_path: str) -> str:
    """A relative link from one site file to another (both relative to the site root)."""
    up = from_path.count("/")
    return "../" * up + to_path


class PageMaker:
    """Makes the context of each page from loaded locales; reuses per-locale work across regions."""

    def __init__(self, locales: Mapping[str, LocaleText], regions: Mapping[str, Region], source: LocaleText, site_url: str | None, org: Org | None) -> None:
        self.locales, self.regions, self.source = locales, regions, source
        self.site_url, self.org = site_url, org
        self.numbers = reference_numbers(source.guide)
        self._sections = guide_sections()
        self._static: dict[str, dict] = {}

    def absolute(self, path: str) -> str:
        """The public URL of a site file: its folder for index.html (what QR codes lead to)."""
        assert self.site_url
        return f"{self.site_url}/{path.removesuffix('index.html')}"

    def _statement(self, text: LocaleText, key: str) -> dict:
        refs = [(self.numbers[ref], ref) for ref in self.source.guide.sources.get(key, ())]
        return {"key": key, "html": to_html(text.guide[key], text.rtl, text.code != SOURCE_LOCALE), "refs": refs}

    def _locale_static(self, text: LocaleText) -> dict:
        """The parts of a locale's pages that are the same for every region."""
        if text.code in self._static:
            return self._static[text.code]
        rtl, english = text.rtl, text.code != SOURCE_LOCALE
        html = lambda s: to_html(s, rtl, english)  # noqa: E731
        sections = [
            {"id": section, "heading": text.guide[f"{section}.heading"], "statements": [self._statement(text, key) for key in keys]}
            for section, keys in self._sections
        ]
        card = {
            "heading": text.site["card_heading"],
            "intro": text.site["card_intro"],
            "sign_heading": text.card["statement.heading"],
            "paragraphs": [html(text.card[f"statement.{k}"]) for k in ("silence", "entry", "choice")],
        }
        spoken = self.source.signs.spoken
        door = {
            "heading": text.site["door_heading"],
            "intro": text.site["door_intro"],
            "sign_heading": text.signs["door.heading"],
            "paragraphs": [html(text.signs[f"door.{k}"]) for k in ("consent", "warrant", "silence")],
            "inside_heading": text.signs["door.inside_heading"],
            "inside": html(text.signs.with_spoken("door.inside", spoken, mark_words=True)),
        }
        workplace = {
            "heading": text.site["workplace_heading"],
            "sign_heading": text.signs["workplace.heading"],
            "paragraphs": [html(text.signs[f"workplace.{k}"]) for k in ("entry", "administrative", "manager")],
        }
        meta = text.guide.meta
        version = meta.version
        static = {
            "version_line": text.site["version_line"].format(version=version, date=meta.effective_date.isoformat()),
            "intro": self._statement(text, "intro"),
            "sections": sections,
            "card": card,
            "door": door,
            "workplace": workplace,
            "changes": {"id": CHANGES, "heading": text.site["changes_heading"].format(version=version), "html": html(text.site["changes"])},
            "sources": [
                {"id": ref, "number": number, "html": to_html(self.source.guide.references[ref])}
                for ref, number in sorted(self.numbers.items(), key=lambda item: item[1])
            ],
        }
        self._static[text.code] = static
        return static

    def page(self, code: str, region_code: str) -> PageContext:
        text = self.locales[code]
        static = self._locale_static(text)
        path = page_file(code, region_code)
        region = self.regions[region_code]
        region_name = text.regions[f"name.{region_code}"]
        hotline = region.hotline
        region_part = {
            "id": REGION,
            "heading": text.site["region_heading"].format(region=region_name),
            "hotline_heading": text.site["hotline_heading"],
            "hotline_label": text.regions["hotline_label"],
            "call": text.site["hotline_call"].format(region=region_name),
            "number": hotline.number,
            "tel": tel_href(hotline.number),
            "hotline_name": hotline.name,
            "hours": hotline.hours,
            "police": to_html(text.regions[f"police.{region_code}"], text.rtl, code != SOURCE_LOCALE),
            "identify_heading": text.site["identify_heading"],
            "identify": to_html(text.regions[f"identify.{region_code}"], text.rtl, code != SOURCE_LOCALE),
        }
        contents = [Link(f"#{REGION}", region_part["heading"])]
        contents += [Link(f"#{s['id']}", s["heading"]) for s in static["sections"]]
        contents += [
            Link(f"#{CARD}", text.site["card_heading"]),
            Link(f"#{DOOR}", text.site["door_heading"]),
            Link(f"#{WORKPLACE}", text.site["workplace_heading"]),
            Link(f"#{CHANGES}", static["changes"]["heading"]),
            Link(f"#{SOURCES}", text.site["sources_heading"]),
        ]
        regions = [
            Link(_rel(path, page_file(code, r)), text.regions[f"name.{r}"], "", r == region_code)
            for r in self.regions
        ]
        target = (lambda p: self.absolute(p)) if self.site_url else (lambda p: _rel(path, p))
        alternates = [Link(target(page_file(other, region_code)), "", other) for other in self.locales]
        if SOURCE_LOCALE in self.locales:
            alternates.append(Link(target(page_file(SOURCE_LOCALE, region_code)), "", "x-default"))
        return PageContext(
            lang=code,
            dir=text.info.direction,
            title=text.guide["title"],
            site=text.site.strings,
            version_line=static["version_line"],
            draft=text.draft,
            intro=static["intro"],
            sections=static["sections"],
            region=region_part,
            card=static["card"],
            door=static["door"],
            workplace=static["workplace"],
            changes=static["changes"],
            sources=static["sources"],
            contents=contents,
            regions=regions,
            alternates=alternates,
            canonical=self.absolute(path) if self.site_url else None,
            home_href=_rel(path, "index.html"),
            org=self.org,
            path=path,
            extra={"region_code": region_code, "region_name": region_name},
        )

    def index(self) -> dict:
        """The start page: every language by its own name, each with its region pages."""
        rows = []
        for code, text in self.locales.items():
            rows.append(
                {
                    "code": code,
                    "native": text.info.native_name,
                    "english": text.info.name,
                    "rtl": text.rtl,
                    "href": page_file(code, next(iter(self.regions))),
                    # State names in English here (each page names its state in its own language):
                    # thirty scripts of state names would push the start page's fonts past 150 KB.
                    "regions": [Link(page_file(code, r), self.source.regions[f"name.{r}"], code) for r in self.regions],
                }
            )
        source = self.source
        return {
            "lang": SOURCE_LOCALE,
            "dir": "ltr",
            "title": source.guide["title"],
            "site": source.site.strings,
            "version_line": source.site["version_line"].format(version=source.guide.meta.version, date=source.guide.meta.effective_date.isoformat()),
            "rows": rows,
            "region_codes": list(self.regions),
            "canonical": f"{self.site_url}/" if self.site_url else None,
            "org": self.org,
            "path": "index.html",
        }

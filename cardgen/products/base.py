"""What a product is: data in a registry, plus a layout function from text to sides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence, TypeVar

from cardgen.content.loader import FamilyText
from cardgen.content.regions import Region
from cardgen.content.schema import LocaleInfo
from cardgen.org import Org
from cardgen.drawing import Side
from cardgen.qr import QrEncoder
from cardgen.sizes import MM, TrimSize
from cardgen.typeset.fonts import STACKS, FontStack, Writing, stack_for
from cardgen.typeset.layout import Box, FittedBlock, NoFit, Paragraph, fit

A = TypeVar("A")
R = TypeVar("R")


def writing_of(locale: LocaleInfo) -> Writing:
    """How a locale's text is set."""
    return Writing(locale.code, locale.script, locale.direction == "rtl")


@dataclass(frozen=True)
class MixedWriting(Writing):
    """A Writing whose faces come from several scripts' stacks: an organisation's name, phone
    and address in their own script(s), set on a piece in another."""

    faces_from: FontStack | None = None

    @property
    def stack(self) -> FontStack:  # type: ignore[override]
        return self.faces_from or stack_for(self.script)


# Scripts any stack draws (each ends in Noto Sans), and the stack and language of the others.
_EVERY_STACK = frozenset({"Latn", "Cyrl", "Grek"})
_CJK = ("Hans", "Hant", "Jpan", "Kore")
_STACK_OF_SCRIPT = {"Hang": "Kore", "Hira": "Jpan", "Kana": "Jpan"}
_LANGUAGE_OF_STACK = {
    "Arab": "ar", "Aran": "ur", "Deva": "hi", "Guru": "pa", "Beng": "bn", "Gujr": "gu", "Ethi": "am",
    "Mymr": "my", "Khmr": "km", "Armn": "hy", "Hans": "zh-Hans", "Hant": "zh-Hant", "Jpan": "ja", "Kore": "ko",
}


def _stack_key(script: str, around: str) -> str | None:
    """The STACKS key that draws characters of ``script`` on a piece written in ``around``."""
    if script == "Hani":  # Han characters: in the piece's CJK cut when it has one
        return around if around in _CJK else "Hans"
    if script == "Arab" and around == "Aran":
        return around
    key = _STACK_OF_SCRIPT.get(script, script)
    return key if key in STACKS else None


def writing_for_text(text: str, around: Writing) -> Writing:
    """How to set ``text`` (an organisation's name, phone, address) on a piece written in
    ``around``: in the stacks of the scripts it holds (the first one leading its shaping
    language and direction), then the piece's own; ``around`` itself when the text needs nothing else."""
    from cardgen.typeset.bidi import BIDI_CONTROLS
    from cardgen.typeset.scripts import NEUTRAL, char_script

    keys: list[str] = []
    first_strong_rtl: bool | None = None
    for char in text:
        if char in BIDI_CONTROLS:
            continue
        script = char_script(char)
        if script in NEUTRAL:
            continue
        if first_strong_rtl is None:
            first_strong_rtl = script in ("Arab", "Hebr", "Syrc", "Thaa", "Nkoo")
        if script in _EVERY_STACK:
            continue
        key = _stack_key(script, around.script)
        if key and key != around.script and key not in keys:
            keys.append(key)
    if not keys:
        return around
    stacks = [stack_for(key) for key in keys] + [around.stack]
    merged = FontStack(
        tuple(dict.fromkeys(face for stack in stacks for face in stack.regular)),
        tuple(dict.fromkeys(face for stack in stacks for face in stack.bold)),
        leading=max(stack.leading for stack in stacks),
        ascent=max(stack.ascent for stack in stacks),
        descent=max(stack.descent for stack in stacks),
    )
    rtl = around.rtl if first_strong_rtl is None else first_strong_rtl
    return MixedWriting(_LANGUAGE_OF_STACK.get(keys[0], around.language), keys[0], rtl, merged)


@dataclass(frozen=True)
class Measured:
    """One fit a layout made: what was set where, for measuring the room each field leaves."""

    field: str
    paragraphs: tuple[Paragraph, ...]
    box: Box
    sizes: tuple[float, float]  # smallest and largest size, pt
    writing: Writing
    leading: float | None


@dataclass(frozen=True)
class LayoutInput:
    """Everything a product's layout needs for one piece."""

    product: str
    text: FamilyText  # in the reader's language
    source: FamilyText  # the English source text (statements to officers are printed in English)
    size: TrimSize
    qr: QrEncoder
    region: Region | None = None
    region_text: FamilyText | None = None  # the region notes in the reader's language
    region_source: FamilyText | None = None  # ... and in English
    org: Org | None = None
    overflows: list[tuple[str, str]] = field(default_factory=list)  # (field, why) of text that did not fit
    compact: bool = False  # set the reader's text in its script's compact stack (Urdu: Naskh, not Nastaliq)
    site_url: str | None = None  # the guide site; when set, the QR code leads to this piece's page there
    site_text: FamilyText | None = None  # the site's words in the reader's language (when site_url is set)
    borrowed: Mapping[str, FamilyText] = field(default_factory=dict)  # family -> text, for a product's ``borrows``
    # Whether the piece carries the draft mark, decided by the builder with the one review rule
    # (cardgen.content.review.is_draft); None: by the file's translation status alone.
    draft: bool | None = None
    # Lines may also end between a word and its particle or inside a compound where nothing
    # else fits (the builder's last resort before reporting an overflow).
    loose: bool = False
    # When a list: every fit is recorded in it, so the room of each field can be measured.
    measured: list["Measured"] | None = None

    @property
    def marked_draft(self) -> bool:
        """The piece prints the draft mark: some string it prints is not reviewed."""
        if self.draft is not None:
            return self.draft
        return self.text.meta.translation.status == "draft"

    def qr_url(self) -> str:
        """The QR link: this piece's page on the guide site, else the organisation's template,
        else the region's link, else the locale's."""
        region = self.region.code if self.region else "us"
        if self.site_url:
            from cardgen.links import guide_link

            return guide_link(self.site_url, self.text.locale.code, region, self.text.meta.version, self.product)
        if self.org and (link := self.org.qr_link(self.text.locale.code, region, self.product)):
            return link
        if self.region and self.region.qr_url:
            return self.region.qr_url
        return self.text.meta.qr_url

    def qr_caption(self, key: str) -> str:
        """The caption under the QR code: the promise of guidance in the reader's language only
        when the link leads to the guide site's page in that language; else the product's own."""
        if self.site_url and self.site_text is not None:
            return self.site_text["qr_caption"]
        return self.text[key]

    def region_tag(self) -> str:
        """The region code as it prints beside the version, e.g. 'IL'."""
        return (self.region.code if self.region else "us").upper()

    def hotline(self, english: bool) -> str:
        """'Help line: 855-435-7693 (ICIRR Family Support Hotline)' in English or the reader's language."""
        if not self.region:
            return ""
        text = self.region_source if english or not self.region_text else self.region_text
        line = self.region.hotline
        # The number and the English name are one left-to-right phrase, also in right-to-left text.
        return f"{text['hotline_label']} \u202a{line.number} ({line.name})\u202c"

    @property
    def unbreakable(self) -> tuple[str, ...]:
        """Names that lines break inside only when nothing else fits, wherever the piece prints
        them: the help line's name, the organisation's name and its web address (a line
        ending in "riverside-" reads as an address of its own; phone numbers and form numbers
        are kept whole by the line breaker itself)."""
        names = []
        if self.region:
            names.append(f"({self.region.hotline.name})")
        if self.org:
            names.append(self.org.name)
            if self.org.website:
                names.append(self.org.website.removeprefix("https://"))
        return tuple(names)

    def police_note(self) -> str:
        """What the region's law says about local police, in the reader's language."""
        code = self.region.code if self.region else "us"
        return self.region_text[f"police.{code}"] if self.region_text else ""

    def writing(self, text: FamilyText) -> Writing:
        writing = writing_of(text.locale)
        if self.compact and writing.stack.compact:
            return Writing(writing.language, writing.stack.compact, writing.rtl)
        return writing

    def fit(self, field_name: str, paragraphs: Sequence[Paragraph], box: Box, sizes: tuple[float, float], text: FamilyText, writing: Writing | None = None, **options) -> FittedBlock:
        """Fit ``paragraphs`` of ``text`` into ``box`` at a size in ``sizes`` (smallest, largest),
        set as ``text``'s locale is (or as ``writing`` says).

        Text that does not fit is recorded, not raised, so that one build reports every field
        that overflows; the builder raises them together once the layout is done.
        """
        writing = writing or self.writing(text)
        names = self.unbreakable
        if names:
            paragraphs = [replace(p, keep=p.keep + names) for p in paragraphs]
        if self.measured is not None:
            self.measured.append(Measured(field_name, tuple(paragraphs), box, sizes, writing, options.get("leading")))
        try:
            return fit(paragraphs, writing, box, sizes[1], sizes[0], loose=self.loose, **options)
        except NoFit as exc:
            self.overflows.append((field_name, str(exc)))
            return FittedBlock(sizes[0], (), 0.0, 0)

    def fit_org(self, field_name: str, paragraph: Paragraph, box: Box, sizes: tuple[float, float], text: FamilyText, **options) -> FittedBlock:
        """Fit a paragraph of the organisation's own words (name, phone, address), which may be
        in any script: set in its scripts' stacks, shaped and ordered as its direction says,
        and kept on the side of the box where the piece's own text starts."""
        around = self.writing(text)
        writing = writing_for_text(paragraph.text, around)
        if writing.rtl != around.rtl and paragraph.align != "center":
            paragraph = replace(paragraph, align="end" if paragraph.align == "start" else "start")
        return self.fit(field_name, [paragraph], box, sizes, text, writing=writing, **options)

    def first_fitting(self, arrangements: Sequence[A], layout: Callable[[A], R]) -> R:
        """``layout(arrangement)`` for the first arrangement whose text fits, roomiest first;
        when none fits, the last one's result, with only its overflows recorded."""
        before = len(self.overflows)
        for arrangement in arrangements:
            del self.overflows[before:]
            result = layout(arrangement)
            if len(self.overflows) == before:
                break
        return result

    @property
    def safe_margin(self) -> float:
        """Distance from the trim edge that text and QR codes keep: 1/8 in, or 3 mm on metric sizes."""
        return 3 * MM if self.size.metric else 9.0


Layout = Callable[[LayoutInput], list[Side]]


@dataclass(frozen=True)
class Product:
    """A printable product, as data: its text, sizes, sides and layout."""

    name: str
    label: str
    family: str  # the content family holding its text
    size_kind: str  # which trim sizes it takes (TrimSize.takes: its kind, or one of its others)
    default_size: str
    # Names of its sides, in page order; None for a paged product (a booklet): as many pages as
    # its layout returns, named page-01, page-02, ...
    sides: tuple[str, ...] | None
    layout: Layout
    # Other families whose strings the layout also prints in the reader's language (the guide
    # borrows the card's QR caption and version line); a locale without one uses the English.
    borrows: tuple[str, ...] = ()
    # The strings it prints in the reader's language, as 'family:key' or 'family:prefix.'
    # ({region} is the piece's region): a piece is final only when all of them are reviewed.
    prints: tuple[str, ...] = ()
    # Whether it carries the QR code to the fuller guidance (the card to fill in gives its back
    # to the write-on lines and goes out with the wallet card, which carries it).
    qr: bool = True

    @property
    def paged(self) -> bool:
        return self.sides is None

    def side_names(self, count: int) -> tuple[str, ...]:
        """The names of a built piece's ``count`` pages, for file names."""
        if self.sides is not None:
            return self.sides
        return tuple(f"page-{n:02d}" for n in range(1, count + 1))

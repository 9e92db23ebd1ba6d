"""Product families and the strings each needs, as data.

A family is the unit of translation: one YAML file per locale. Several products may share a
family: the door and workplace signs share ``signs``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.schema import StringSpec
from cardgen.registry import Registry


@dataclass(frozen=True)
class Family:
    """A content family: its name and the strings its files hold."""

    name: str
    strings: tuple[StringSpec, ...]
    cited: bool = False  # every statement of the source text names its references

    def spec(self, key: str) -> StringSpec:
        return next(s for s in self.strings if s.key == key)

    def keys(self, prefix: str = "") -> tuple[str, ...]:
        return tuple(s.key for s in self.strings if s.key.startswith(prefix))


FAMILIES: Registry[Family] = Registry("product family")

WALLET_CARD = FAMILIES.add(
    "wallet-card",
    Family(
        "wallet-card",
        (
            StringSpec("front.title", "Title on the red band of the front. Very short."),
            StringSpec("front.rights.silent", "Remain silent; say so out loud. {say_silent} prints the English words.", placeholders=frozenset({"say_silent"}), markup=True),
            StringSpec("front.rights.calm", "Do not run or resist; keep your hands visible.", markup=True),
            StringSpec("front.rights.leave", "Ask whether you are free to leave; if yes walk away, if no stay, stay silent and ask for a lawyer ({say_lawyer}).", placeholders=frozenset({"say_lawyer"}), markup=True),
            StringSpec("front.rights.door", "At home keep the door closed; show the card at a window or under the door; a judge-signed warrant with your name or address.", markup=True),
            StringSpec("front.rights.search", "Do not agree to a search; say so ({say_search}).", placeholders=frozenset({"say_search"}), markup=True),
            StringSpec("front.rights.sign", "Sign nothing without a lawyer.", markup=True),
            StringSpec("front.rights.papers", "Never lie or show false papers; carry valid immigration papers and show them if an immigration agent asks.", markup=True),
            StringSpec("front.rights.card", "Outside: say you are reaching for the card, move slowly, show it.", markup=True),
            StringSpec("front.qr_caption", "Caption under the QR code: scan for more help."),
            StringSpec(
                "front.version_line",
                "Small line with the content version and its effective date.",
                placeholders=frozenset({"version", "date"}),
            ),
            StringSpec("statement.heading", "Heading of the statement to the officer."),
            StringSpec("statement.silence", "Fifth Amendment: I remain silent, sign nothing without a lawyer, give documents only as the law requires."),
            StringSpec("statement.entry", "Fourth Amendment: no consent to entry or search; a judge-signed warrant goes under the door."),
            StringSpec("statement.choice", "I will stay calm and not resist."),
            StringSpec("fill_in.title", "Card to fill in: title on the back's red band, over the lines for important numbers. Very short."),
            StringSpec("fill_in.emergency_contact", "Card to fill in: label over the line for the name of a person to call in an emergency."),
            StringSpec("fill_in.phone", "Card to fill in: label over the line for that person's (or the lawyer's) phone number. One word."),
            StringSpec("fill_in.lawyer", "Card to fill in: label over the line for a lawyer or a legal-aid service."),
            StringSpec("fill_in.a_number", "Card to fill in: label over the line for the holder's A-number (the number on US immigration papers); keep the letter A."),
        ),
    ),
)

SIGNS = FAMILIES.add(
    "signs",
    Family(
        "signs",
        (
            StringSpec("door.heading", "Door sign: notice heading addressed to officers, read through a closed door."),
            StringSpec("door.consent", "Door sign: no consent to entry or search of the home."),
            StringSpec("door.warrant", "Door sign: no entry without a judge-signed warrant; slide it under the door."),
            StringSpec("door.silence", "Door sign: the household remains silent and will not open the door."),
            StringSpec("door.inside_heading", "Door sign: heading of the reminder for the people inside."),
            StringSpec("door.inside", "Door sign: reminder for the people inside; {say_entry} and {say_silent} print the English words to say.", placeholders=frozenset({"say_entry", "say_silent"})),
            StringSpec("door.qr_caption", "Door sign: caption under the QR code."),
            StringSpec("workplace.heading", "Workplace sign: private area, employees only."),
            StringSpec("workplace.entry", "Workplace sign: no entry without a judicial warrant."),
            StringSpec("workplace.administrative", "Workplace sign: I-200/I-205 are not judge-signed warrants; alone they do not allow entry."),
            StringSpec("workplace.manager", "Workplace sign: officers ask for the named manager; other staff are not authorized to consent."),
            StringSpec("workplace.contact_label", "Workplace sign: label before the space where the business writes a contact name."),
            StringSpec("workplace.qr_caption", "Workplace sign: caption under the QR code."),
            StringSpec(
                "version_line",
                "Small line with the content version and its effective date.",
                placeholders=frozenset({"version", "date"}),
            ),
        ),
    ),
)


def _guide_specs() -> tuple[StringSpec, ...]:
    specs = [
        StringSpec("title", "Title of the guide."),
        StringSpec("intro", "Who the rights belong to; general information, not advice; check the date.", cited=True),
    ]
    sections = {
        "public": ("If agents stop you in public", ("silent", "name", "calm", "leave", "papers", "foreign_papers", "truth", "traffic", "border")),
        "home": ("If agents come to your home", ("door", "warrant", "valid", "administrative", "if_valid", "emergency", "caveat", "search")),
        "detained": ("If you are detained or arrested", ("silent", "lawyer", "sign", "hearing", "consulate", "fear", "status", "expedited", "calm", "document")),
        "plan": ("Make a plan now", ("numbers", "contact")),
        "work": ("At work", ("employer_duties", "authorization", "areas", "employer_rights", "discrimination", "retaliation", "california")),
        "police": ("Local police and jails", ("detainer", "local")),
        "crime": ("What is legal and what is a crime", ("legal", "lying", "papers", "harbouring", "obstruction")),
        "steps": ("What to do, step by step", ("calm", "silent", "warrant", "consent", "sign", "record")),
        "help": ("Get help", ("hotline", "lawyer")),
    }
    for section, (about, keys) in sections.items():
        specs.append(StringSpec(f"{section}.heading", f"Guide section heading: {about}."))
        for key in keys:
            specs.append(StringSpec(f"{section}.{key}", f"Guide, {about.lower()}: {key.replace('_', ' ')}.", cited=True))
    return tuple(specs)


GUIDE = FAMILIES.add("guide", Family("guide", _guide_specs(), cited=True))


REGION_NAMES = (
    ("us", "United States (national default)"),
    ("il", "Illinois"),
    ("ca", "California"),
    ("ny", "New York"),
    ("tx", "Texas"),
)

REGIONS = FAMILIES.add(
    "regions",
    Family(
        "regions",
        (
            StringSpec("hotline_label", "Label before a region's help line number, e.g. 'Help line:'."),
            *(StringSpec(f"name.{code}", f"The name of {name} in this language.") for code, name in REGION_NAMES),
            *(
                StringSpec(f"police.{code}", f"{name}: what state law says about local police and immigration agents.")
                for code, name in REGION_NAMES
            ),
            *(StringSpec(f"identify.{code}", f"{name}: the state's rule on giving your name to police.") for code, name in REGION_NAMES),
        ),
    ),
)

SITE = FAMILIES.add(
    "site",
    Family(
        "site",
        (
            StringSpec("skip", "Web page: link at the very top that skips to the guide."),
            StringSpec("home_link", "Web page: link to the start page listing every language and state."),
            StringSpec("languages", "Web page: heading over the links to the guide in other languages."),
            StringSpec("regions", "Web page: heading over the links to each state's page."),
            StringSpec("region_heading", "Web page: heading of the part about the reader's state.", placeholders=frozenset({"region"})),
            StringSpec("hotline_heading", "Web page: heading of the help line."),
            StringSpec("hotline_call", "Web page: text of the link that calls the state's help line.", placeholders=frozenset({"region"})),
            StringSpec("identify_heading", "Web page: heading of the state's rule on giving your name to police."),
            StringSpec("card_heading", "Web page: heading of the translation of the card's English side."),
            StringSpec("card_intro", "Web page: sentence before the translation of the card's English side."),
            StringSpec("door_heading", "Web page: heading of the translation of the door sign."),
            StringSpec("door_intro", "Web page: sentence before the translation of the door sign."),
            StringSpec("workplace_heading", "Web page: heading of the translation of the workplace sign."),
            StringSpec("sources_heading", "Web page: heading of the list of sources."),
            StringSpec("sources_intro", "Web page: sentence before the list of sources."),
            StringSpec("version_line", "Web page: the content version and its effective date.", placeholders=frozenset({"version", "date"})),
            StringSpec("changes_heading", "Web page: heading of what changed in this version.", placeholders=frozenset({"version"})),
            StringSpec("changes", "Web page: what changed in this version, for holders of older cards."),
            StringSpec("draft_notice", "Web page: notice shown while the translation is an unreviewed draft."),
            StringSpec("contents", "Web page: heading of the list of the page's sections."),
            StringSpec("qr_caption", "Printed pieces: caption under a QR code that leads to the guide in the reader's language."),
        ),
    ),
)

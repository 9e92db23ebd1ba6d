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
            StringSpec("front.rights.silent", "Remain silent; say so out loud.", markup=True),
            StringSpec("front.rights.door", "Do not open the door; a warrant signed by a judge goes under the door.", markup=True),
            StringSpec("front.rights.sign", "Sign nothing without a lawyer.", markup=True),
            StringSpec("front.rights.truth", "Do not lie or show false papers.", markup=True),
            StringSpec("front.rights.leave", "In public, ask whether you are free to leave.", markup=True),
            StringSpec("front.rights.card", "Show or hand this card to the agent.", markup=True),
            StringSpec("front.qr_caption", "Caption under the QR code: scan for more help."),
            StringSpec(
                "front.version_line",
                "Small line with the content version and its effective date.",
                placeholders=frozenset({"version", "date"}),
            ),
            StringSpec("statement.heading", "Heading of the statement to the officer."),
            StringSpec("statement.silence", "Fifth Amendment: I remain silent, will not sign or hand over papers without a lawyer."),
            StringSpec("statement.entry", "Fourth Amendment: no consent to entry or search; a judge-signed warrant goes under the door."),
            StringSpec("statement.choice", "I choose to exercise these rights."),
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
            StringSpec("door.inside", "Door sign: reminder for the people inside (do not open the door)."),
            StringSpec("door.qr_caption", "Door sign: caption under the QR code."),
            StringSpec("workplace.heading", "Workplace sign: private area, employees only."),
            StringSpec("workplace.entry", "Workplace sign: no entry without a judicial warrant."),
            StringSpec("workplace.administrative", "Workplace sign: I-200/I-205 are not judge-signed warrants."),
            StringSpec("workplace.manager", "Workplace sign: officers ask for the named manager; others cannot consent."),
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
        "public": ("If agents stop you in public", ("silent", "name", "leave", "truth")),
        "home": ("If agents come to your home", ("door", "warrant", "administrative", "caveat", "search")),
        "detained": ("If you are detained or arrested", ("silent", "sign", "calm", "document")),
        "work": ("At work", ("employer_duties", "areas", "employer_rights", "retaliation")),
        "police": ("Local police and jails", ("detainer", "local")),
        "crime": ("What is legal and what is a crime", ("legal", "lying", "harbouring")),
        "steps": ("What to do, step by step", ("calm", "silent", "warrant", "consent", "sign", "record")),
        "help": ("Get help", ("hotline", "lawyer")),
    }
    for section, (about, keys) in sections.items():
        specs.append(StringSpec(f"{section}.heading", f"Guide section heading: {about}."))
        for key in keys:
            specs.append(StringSpec(f"{section}.{key}", f"Guide, {about.lower()}: {key.replace('_', ' ')}.", cited=True))
    return tuple(specs)


GUIDE = FAMILIES.add("guide", Family("guide", _guide_specs(), cited=True))


REGIONS = FAMILIES.add(
    "regions",
    Family(
        "regions",
        (
            StringSpec("hotline_label", "Label before a region's help line number, e.g. 'Help line:'."),
            *(
                StringSpec(f"police.{code}", f"{name}: what state law says about local police and immigration agents.")
                for code, name in (
                    ("us", "United States (national default)"),
                    ("il", "Illinois"),
                    ("ca", "California"),
                    ("ny", "New York"),
                    ("tx", "Texas"),
                )
            ),
        ),
    ),
)

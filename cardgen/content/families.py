"""Product families and the strings each needs, as data.

A family is the unit of translation: one YAML file per locale. Several products may share a
family (later, the door and workplace signs share ``signs``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.content.schema import StringSpec
from cardgen.registry import Registry


@dataclass(frozen=True)
class Family:
    name: str
    strings: tuple[StringSpec, ...]

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

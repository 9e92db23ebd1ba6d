"""Per-string review: who approved which translated string, and whether a piece is still a draft.

``<locale>/review/<family>.yaml`` maps a string key to ``{by: NAME, on: DATE, fingerprint: F}``,
where F is :func:`approval_fingerprint` of the English and the translation as approved. An
approval holds while both texts are unchanged: editing either puts the string back to review.

:func:`is_draft` is the one rule for the draft mark and for ``--require-reviewed``: a piece is
final only when every string it prints in the reader's language is approved, or its file says
``status: reviewed`` with a reviewer.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from cardgen.content.loader import SOURCE_LOCALE, normalise
from cardgen.content.yamltree import Located, read_data_file
from cardgen.errors import ContentError, Problem

FOLDER = "review"
HEADER = "# Per-string approvals (cardgen approve, or reviewed units of an imported XLIFF file).\n"


@dataclass(frozen=True)
class Approval:
    """A reviewer's approval of one string: who, when, and what they approved."""

    by: str
    on: datetime.date
    fingerprint: str  # of the English and the translation as approved


def approval_fingerprint(english: str, translation: str) -> str:
    joined = normalise(english) + "\x00" + normalise(translation)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def review_path(root: Path, code: str, family: str) -> Path:
    return Path(root) / code / FOLDER / f"{family}.yaml"


def read_approvals(root: Path, code: str, family: str) -> dict[str, Approval]:
    """The recorded approvals of one family in one locale; ContentError lists every problem."""
    path = review_path(root, code, family)
    if not path.is_file():
        return {}
    shown = f"{code}/{FOLDER}/{family}.yaml"
    problems: list[Problem] = []
    node = read_data_file(path, shown, problems)
    approvals: dict[str, Approval] = {}
    if node is not None and not isinstance(node.value, dict):
        problems.append(Problem(shown, node.line, "", "must map string keys to {by, on, fingerprint}."))
    elif node is not None:
        for key, entry in node.value.items():
            approval = _approval(entry)
            if approval is None:
                problems.append(Problem(shown, entry.line, key, "must be {by: NAME, on: YYYY-MM-DD, fingerprint: HEX}. Record it again with 'cardgen approve'."))
            else:
                approvals[key] = approval
    if problems:
        raise ContentError(problems)
    return approvals


def _approval(entry: Located) -> Approval | None:
    if not isinstance(entry.value, dict):
        return None
    values = {k: v.value for k, v in entry.value.items()}
    by, on, fingerprint = values.get("by"), values.get("on"), values.get("fingerprint")
    if isinstance(on, str):  # written quoted, as text
        try:
            on = datetime.date.fromisoformat(on)
        except ValueError:
            return None
    if not (isinstance(by, str) and by.strip() and isinstance(on, datetime.date) and isinstance(fingerprint, str)):
        return None
    return Approval(by.strip(), on, fingerprint)


def approvals_file(approvals: Mapping[str, Approval]) -> bytes:
    data = {key: {"by": a.by, "on": a.on.isoformat(), "fingerprint": a.fingerprint} for key, a in approvals.items()}
    return (HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)).encode("utf-8")


def approved_keys(tree, code: str, family: str) -> set[str]:
    """Keys of ``family`` in ``code`` whose approval still holds (both texts as approved).

    ``tree`` is a :class:`~cardgen.content.loader.ContentTree`.
    """
    approvals = read_approvals(tree.root, code, family)
    if not approvals:
        return set()
    text, source = tree.families([(code, family), (SOURCE_LOCALE, family)])
    return {
        key for key, approval in approvals.items()
        if key in text.strings and approval.fingerprint == approval_fingerprint(source.strings[key], text.strings[key])
    }


def family_reviewed(tree, code: str, family: str) -> bool:
    """The whole file is reviewed: the source, or ``status: reviewed`` with a reviewer."""
    translation = tree.family(code, family).meta.translation
    return translation.status == "source" or (translation.status == "reviewed" and bool(translation.reviewer))


def is_draft(tree, code: str, printed: Iterable[tuple[str, str]]) -> bool:
    """The one draft rule: does a piece that prints the ``printed`` (family, key) strings in
    locale ``code`` still carry the draft mark?"""
    by_family: dict[str, set[str]] = {}
    for family, key in printed:
        by_family.setdefault(family, set()).add(key)
    for family, keys in by_family.items():
        if family_reviewed(tree, code, family):
            continue
        if not keys <= approved_keys(tree, code, family):
            return True
    return False

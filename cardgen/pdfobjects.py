"""PDF objects written straight to their bytes, as ReportLab would format them.

ReportLab formats a dictionary or an array element by element in Python, a good share of
writing a card's file. Objects whose values are known when they are made (a structure element,
a font's dictionary and descriptor: object numbers are given at registration) are written here
at once, in ReportLab's exact layout (keys sorted, a line break after every six entries of a
dictionary and every ten elements of an array), so files keep their bytes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence


def dictionary(entries: Mapping[str, str]) -> str:
    """``<< ... >>`` of ``entries`` (name without its slash: written value), keys sorted."""
    items = [f"/{key} {entries[key]}" for key in sorted(entries)]
    for index in reversed(range(6, len(items), 6)):
        items.insert(index, "\n ")
    return "<<\n" + " ".join(items) + "\n>>"


def array(items: Sequence[str]) -> str:
    """``[ ... ]`` of written values."""
    items = list(items)
    for index in reversed(range(10, len(items), 10)):
        items.insert(index, "\n ")
    return "[ " + " ".join(items) + " ]"


def reference(doc: object, obj: object, name: "str | None" = None) -> str:
    """Register ``obj`` in ReportLab's document ``doc`` (or find it) and write its reference."""
    ref = doc.Reference(obj, name)  # type: ignore[attr-defined]
    return "%s %s R" % doc.idToObjectNumberAndVersion[ref.name]  # type: ignore[attr-defined]


def written(text: str, indirect: bool = False) -> object:
    """A ReportLab PDF object that writes ``text``; ``indirect``: always an object of its own,
    referred to wherever it is a value (as ReportLab's fonts are)."""
    return _classes()[indirect](text)


@lru_cache(maxsize=None)
def _classes() -> "tuple[type, type]":
    from reportlab.pdfbase import pdfdoc

    class Written(pdfdoc.PDFObject):
        """A PDF object given as its written text."""

        def __init__(self, text: str) -> None:
            self.data = text.encode("latin-1")

        def format(self, document: object) -> bytes:
            return self.data

    class IndirectWritten(Written):
        __RefOnly__ = 1

    return Written, IndirectWritten

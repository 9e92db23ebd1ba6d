"""The Unicode bidirectional algorithm (UAX #9): embedding levels and visual order of a line.

Levels come from python-bidi's implementation of the algorithm; reordering a line (rules L1
and L2) is done here, because only the layout knows where lines end.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence


# Runs of Latin letters and digits joined by - . / : @ _ + (phone numbers, form numbers, links).
_LTR_ISLAND = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._/:@+#%=?&~-]*[A-Za-z0-9/])?")
_LRE, _PDF = "\u202a", "\u202c"
# Marks and embeddings that steer the algorithm and are never drawn.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of a paragraph (even = LTR, odd = RTL).

    In right-to-left paragraphs, phone numbers, form numbers and links are embedded as
    left-to-right islands first: the bare algorithm would turn 1-844-363-1423 after Arabic
    letters into Arabic numbers and show the groups in reverse order.
    """
    if not rtl and not any(unicodedata.bidirectional(c) in ("R", "AL", "RLE", "RLO", "RLI") for c in text):
        return [0] * len(text)  # the common case needs no work
    if rtl:
        marked, origin = [], []  # islands wrapped in LRE ... PDF; origin: index in text, or -1
        position = 0
        for match in _LTR_ISLAND.finditer(text):
            for i in range(position, match.start()):
                marked.append(text[i])
                origin.append(i)
            marked.append(_LRE)
            origin.append(-1)
            for i in range(match.start(), match.end()):
                marked.append(text[i])
                origin.append(i)
            marked.append(_PDF)
            origin.append(-1)
            position = match.end()
        for i in range(position, len(text)):
            marked.append(text[i])
            origin.append(i)
        levels = _levels("".join(marked), rtl)
        return [level for source, level in zip(origin, levels) if source >= 0]
    return _levels(text, rtl)


def _levels(text: str, rtl: bool) -> list[int]:
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = storage["chars"]
    levels: list[int] = []
    index = 0
    base = 1 if rtl else 0
    for char in text:
        if index < len(resolved) and resolved[index]["ch"] == char:
            levels.append(resolved[index]["level"])
            index += 1
        else:  # a formatting character the algorithm removed (rule X9): it takes its neighbour's level
            levels.append(levels[-1] if levels else base)
    return levels


def line_levels(text: str, levels: Sequence[int], base: int) -> list[int]:
    """Rule L1 for one line: trailing whitespace (and whitespace before separators) takes the base level."""
    result = list(levels)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[i])
        if kind in ("S", "B"):
            result[i] = base
            trailing = True
        elif trailing and (kind in ("WS", "BN") or text[i].isspace()):
            result[i] = base
        else:
            trailing = False
    return result


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: the logical indices of a line's characters in visual (left-to-right) order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order

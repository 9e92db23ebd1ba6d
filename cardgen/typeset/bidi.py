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
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_NEUTRAL_REMOVED = "\u200b"  # a boundary neutral: the algorithm removes it (rule X9)
# Marks, embeddings and isolates that steer the algorithm and are never drawn.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _isolates_as_embeddings(text: str) -> str:
    """``text`` with the isolates U+2066-U+2069 replaced one for one by the embeddings of the
    same direction, which the bidi implementation understands (it predates isolates).

    An isolate and an embedding differ only in how the text around them sees them, and the
    layout never lets an embedding span an isolate boundary, so the levels inside come out the
    same. FSI takes the direction of the first strong letter before its PDI; a PDI without an
    opening isolate does nothing (as UAX #9 says) and an isolate left open ends with the
    paragraph (the same for an embedding).
    """
    if not any(_LRI <= c <= _PDI for c in text):
        return text
    out = list(text)
    open_count = 0
    for i, char in enumerate(text):
        if char == _LRI:
            out[i], open_count = _LRE, open_count + 1
        elif char == _RLI:
            out[i], open_count = _RLE, open_count + 1
        elif char == _FSI:
            out[i], open_count = (_RLE if _first_strong_is_rtl(text, i + 1) else _LRE), open_count + 1
        elif char == _PDI:
            if open_count:
                out[i], open_count = _PDF, open_count - 1
            else:
                out[i] = _NEUTRAL_REMOVED
    return "".join(out)


def _first_strong_is_rtl(text: str, start: int) -> bool:
    """Whether the first strong letter from ``start`` to the matching PDI is right-to-left
    (rule P2 applied to the text of a first-strong isolate; nested isolates are skipped)."""
    depth = 0
    for char in text[start:]:
        if char in (_LRI, _RLI, _FSI):
            depth += 1
        elif char == _PDI:
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return True
            if kind == "L":
                return False
    return False


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of a paragraph (even = LTR, odd = RTL).

    In right-to-left paragraphs, phone numbers, form numbers and links are embedded as
    left-to-right islands first: the bare algorithm would turn 1-844-363-1423 after Arabic
    letters into Arabic numbers and show the groups in reverse order.
    """
    text = _isolates_as_embeddings(text)  # one for one: the indices stay those of the caller's text
    if not rtl and not any(unicodedata.bidirectional(c) in ("R", "AL", "RLE", "RLO") for c in text):
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

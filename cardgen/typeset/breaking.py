"""Where lines may break: Unicode line breaking (UAX #14) with ICU's dictionaries.

ICU breaks between CJK characters with the usual kinsoku rules (no line starts with closing
punctuation such as 。，、」) and finds word boundaries in scripts written without spaces
(Khmer, Burmese, Thai) with its dictionaries.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def segments(text: str, language: str) -> tuple[str, ...]:
    """``text`` cut at every line-break opportunity; each piece keeps its trailing spaces."""
    from icu4py.breakers import LineBreaker

    return tuple(LineBreaker(text, language))

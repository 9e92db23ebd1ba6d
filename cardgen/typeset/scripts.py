"""The script of each character, with Common and Inherited characters resolved from context."""

from __future__ import annotations

from functools import lru_cache

NEUTRAL = ("Zyyy", "Zinh", "Zzzz")  # Common, Inherited, Unknown


@lru_cache(maxsize=None)
def char_script(char: str) -> str:
    from fontTools import unicodedata

    return unicodedata.script(char)


def resolve_scripts(text: str, default: str) -> list[str]:
    """ISO 15924 script of every character; neutral ones take the script around them.

    Combining marks and punctuation join the preceding run; leading neutrals join the first
    real script, or ``default`` in a text with none.
    """
    scripts = [char_script(c) for c in text]
    last = None
    for i, script in enumerate(scripts):
        if script in NEUTRAL:
            if last is not None:
                scripts[i] = last
        else:
            last = script
    following = default if last is None else None
    for i in range(len(scripts) - 1, -1, -1):
        if scripts[i] in NEUTRAL:
            scripts[i] = following or default
        else:
            following = scripts[i]
    return scripts

"""Where lines may break: Unicode line breaking (UAX #14) with ICU's dictionaries, graded.

ICU breaks between CJK characters with the usual kinsoku rules (no line starts with closing
punctuation such as 。，、」) and finds word boundaries in scripts written without spaces
(Khmer, Burmese, Thai) with its dictionaries. Not every such opportunity is as good as the next:
:func:`breaks` grades each one, and the line breaker takes a worse grade only where a unit of
the better grades alone is wider than the line:

- Korean breaks between its space-separated phrases (ICU's phrase mode), not between syllables.
- Japanese breaks between phrases (ICU's phrase mode) that are also word boundaries, and not
  before hiragana that continue a phrase: ICU cuts ください into くだ|さい.
- Chinese breaks between the words ICU's dictionary finds (可以, 帮助), not inside them.
- Burmese breaks at the spaces between phrases and between words, never before a particle
  (ပါ, သည်, ကို, ...), which stays with the word it ends, nor inside a syllable.
- Names, phone numbers and form numbers ('I-213') break only when nothing else fits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

# Grades of a break opportunity; the line breaker prefers the lowest.
PHRASE = 0  # between words or phrases
BETWEEN_WORDS = 1  # between the words of one phrase (Japanese)
INSIDE_WORD = 2  # inside a word, or before a Burmese particle
INSIDE_SYLLABLE = 3  # inside a Burmese syllable (ICU's dictionary sometimes cuts there)
KEPT = 4  # added inside a name or number kept whole

# Numbers that must read whole: phone numbers (855-435-7693, +1 555 0100, (312) 555-0100),
# dates and form numbers (I-213, DS-160).
UNBREAKABLE = re.compile(
    r"\+?\(?\d+\)?(?:[ .\-\u2010\u2011]\(?\d+\)?){2,}"
    r"|\b[A-Z]{1,3}-\d+[A-Z]?\b"
)

# Burmese particles and endings that close the word before them.
_MY_PARTICLES = tuple(sorted({
    "ပါ", "သည်", "များ", "ကို", "မှာ", "မှ", "၏", "တွင်", "နှင့်", "လည်း", "လား", "သလား", "ရန်", "ခြင်း",
    "၍", "ပြီး", "လျှင်", "က", "သို့", "တို့", "ခဲ့", "မည်", "နိုင်", "ချင်", "နေ", "ရ", "စွာ", "ပေး", "ထား",
    "တယ်", "ဘူး", "ရင်", "လို့", "ဟု",
}, key=len, reverse=True))
_MY_MEDIALS_AND_MARKS = {chr(c) for c in range(0x102B, 0x103F)} - {"\u103f"}


@lru_cache(maxsize=8192)
def segments(text: str, language: str) -> tuple[str, ...]:
    """``text`` cut at every line-break opportunity; each piece keeps its trailing spaces."""
    from icu4py.breakers import LineBreaker

    return tuple(LineBreaker(text, _icu(language)))


def breaks(text: str, language: str, keep: Sequence[str] = ()) -> tuple[tuple[int, int], ...]:
    """Every line-break opportunity inside ``text`` as (offset, grade), offsets after the spaces
    that end a line, in order. ``keep`` are substrings (names) whose inner breaks are graded
    :data:`KEPT` higher; numbers matching :data:`UNBREAKABLE` are kept whole too."""
    graded = _graded(text, language)
    kept = _kept_ranges(text, tuple(keep))
    if not kept:
        return graded
    return tuple((at, grade + KEPT if any(a < at < b for a, b in kept) else grade) for at, grade in graded)


def _icu(language: str) -> str:
    return language.split("-")[0] if language.startswith("zh") else language


def _offsets(pieces: Sequence[str]) -> list[int]:
    out, position = [], 0
    for piece in pieces[:-1]:
        position += len(piece)
        out.append(position)
    return out


@lru_cache(maxsize=8192)
def _graded(text: str, language: str) -> tuple[tuple[int, int], ...]:
    finest = _offsets(segments(text, language))
    base = language.split("-")[0]
    if base == "ko":
        phrases = set(_offsets(segments(text, "ko@lw=phrase")))
        return tuple((at, PHRASE if at in phrases else INSIDE_WORD) for at in finest)
    if base == "ja":
        words = _words(text, "ja")
        phrases = set(_offsets(segments(text, "ja@lw=phrase"))) & words
        return tuple((at, _japanese_grade(text, at, phrases, words)) for at in finest)
    if base == "zh":
        words = _words(text, "zh")
        return tuple((at, PHRASE if at in words else INSIDE_WORD) for at in finest)
    if base == "my":
        words = _words(text, "my")
        return tuple((at, _burmese_grade(text, at, words)) for at in finest)
    return tuple((at, PHRASE) for at in finest)


@lru_cache(maxsize=8192)
def _word_offsets(text: str, language: str) -> frozenset[int]:
    from icu4py.breakers import WordBreaker

    return frozenset(_offsets(list(WordBreaker(text, language)) + [""]))


def _words(text: str, language: str) -> frozenset[int]:
    """Offsets of ICU's word boundaries in ``text``."""
    return _word_offsets(text, language)


def _japanese_grade(text: str, at: int, phrases: set[int], words: frozenset[int]) -> int:
    if _before_particle(text, at):
        return INSIDE_WORD if _hiragana(text[at - 1]) else BETWEEN_WORDS
    return PHRASE if at in phrases else BETWEEN_WORDS if at in words else INSIDE_WORD


def _before_particle(text: str, at: int) -> bool:
    """Whether a Japanese phrase would start with hiragana continuing the one before: a particle,
    an ending or an auxiliary (くだ|さい, 黙秘|する); a phrase after 、 or 。 may."""
    return _hiragana(text[at]) and text[at - 1] not in "、。，．！？ \u3000"


def _hiragana(char: str) -> bool:
    return "\u3041" <= char <= "\u309f"


def _burmese_grade(text: str, at: int, words: frozenset[int]) -> int:
    if text[at - 1].isspace():
        return PHRASE
    rest = text[at:]
    if _continues_syllable(rest) or text[at - 1] == "\u1039":
        return INSIDE_SYLLABLE
    if at not in words:
        return INSIDE_WORD
    return INSIDE_WORD if starts_with_particle(rest) else PHRASE


def starts_with_particle(text: str) -> bool:
    """Whether ``text`` (Burmese) starts with a particle or ending that closes a word: one or
    more particles up to the next space, punctuation or word that is not one."""
    for particle in _MY_PARTICLES:
        if text.startswith(particle) and not _continues_syllable(text[len(particle) :]):
            return True  # ကို closes a word; ကိုယ် (self) is a word of its own
    return False


def _continues_syllable(text: str) -> bool:
    """Whether ``text`` (Burmese) starts with what belongs to the syllable before it: a mark, or
    a consonant that a killer (asat) or stacking sign makes its final."""
    if not text:
        return False
    if text[0] in _MY_MEDIALS_AND_MARKS:
        return True
    following = text[1:3].lstrip("\u1037")
    return following[:1] in ("\u103a", "\u1039")


def _kept_ranges(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    ranges = [(m.start(), m.end()) for m in UNBREAKABLE.finditer(text)]
    for name in keep:
        if not name:
            continue
        start = text.find(name)
        while start >= 0:
            ranges.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return ranges

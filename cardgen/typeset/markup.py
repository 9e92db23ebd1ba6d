"""The inline markup content may use: ``**bold**`` spans, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

# The English words to say inside a translated string, as FamilyText.with_spoken marks them (the
# site makes them <bdi lang="en">, the layout a tagged PDF's /Span with /Lang): Unicode
# non-characters, never in content (check_text)
SPOKEN_START, SPOKEN_END = "\ufdd0", "\ufdd1"


@dataclass(frozen=True)
class Span:
    """A stretch of a string in one weight (``**bold**`` in content)."""

    text: str
    bold: bool


def parse(text: str, bold: bool = False) -> tuple[Span, ...]:
    """Split ``text`` at ``**`` markers into alternating spans; ``bold`` is the base weight.

    Content validation guarantees the markers are paired.
    """
    spans = []
    for i, part in enumerate(text.split("**")):
        if part:
            spans.append(Span(part, bold != (i % 2 == 1)))
    return tuple(spans)

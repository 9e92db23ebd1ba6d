"""The inline markup content may use: ``**bold**`` spans, nothing else."""

from __future__ import annotations

from dataclasses import dataclass


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

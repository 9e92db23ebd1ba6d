"""The one error hierarchy. Every error a user can cause is a :class:`CardgenError`.

Messages say what is wrong, where, and how to fix it. The CLI prints ``str(error)`` and exits
with ``error.exit_code``; nothing below it prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


class CardgenError(Exception):
    """Base of every error cardgen reports to a user."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, located by file, line and key path."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class ContentError(CardgenError):
    """Content files are missing, malformed or invalid. Carries every problem found."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem], heading: str = "") -> None:
        self.problems = tuple(sorted(set(problems)))
        count = len(self.problems)
        heading = heading or f"{count} content problem{'s' if count != 1 else ''}"
        lines = [heading + ":"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


FEW_NAMES = 12  # an unknown name's message lists the valid ones when there are at most this many


class UnknownNameError(CardgenError):
    """A product, size, locale or other registry name that does not exist: the message says
    which valid names are closest ("did you mean"), and lists them all when there are few."""

    exit_code = 2

    def __init__(self, kind: str, name: str, valid: Iterable[str], suggestions: Iterable[str] | None = None) -> None:
        from cardgen.lookup import closest

        self.kind, self.name, self.valid = kind, name, tuple(valid)
        if suggestions is None:
            suggestions = [f"'{s}'" for s in closest(name, self.valid)]
        self.suggestions = tuple(suggestions)
        message = f"unknown {kind} '{name}'."
        if self.suggestions:
            message += f" Did you mean {_either(self.suggestions)}?"
        if len(self.valid) <= FEW_NAMES:
            message += f" Choose one of: {', '.join(self.valid) or '(none)'}."
        else:
            message += f" See 'cardgen list' for all {len(self.valid)}."
        super().__init__(message)


class AmbiguousNameError(UnknownNameError):
    """A name that could mean several things (a bare ``zh``): the message names them."""

    def __init__(self, message: str) -> None:
        CardgenError.__init__(self, message)


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def did_you_mean(name: str, valid: Iterable[str]) -> str:
    """" Did you mean 'x'?" for the valid names closest to ``name``, or ""."""
    from cardgen.lookup import closest

    near = closest(name, tuple(valid))
    return f" Did you mean {_either(tuple(repr(n) for n in near))}?" if near else ""


class FitError(CardgenError):
    """Text that does not fit its box even at the smallest size the layout allows."""

    exit_code = 3

    def __init__(self, product: str, locale: str, size: str, overflows: Iterable[tuple[str, str]]) -> None:
        self.product, self.locale, self.size = product, locale, size
        self.overflows = tuple(overflows)  # (field, detail)
        self.fields = tuple(field for field, _ in self.overflows)
        lines = [f"{product} ({locale}, {size}): the text of '{field}' does not fit. {detail}" for field, detail in self.overflows]
        lines.append("Shorten the text in the content file, or choose a larger --size.")
        super().__init__("\n".join(lines) if len(lines) > 2 else " ".join(lines))


class FontCoverageError(CardgenError):
    """A character that no font in the stack can draw (it would print as a blank or a box)."""

    exit_code = 3

    def __init__(self, missing: Iterable[tuple[str, str, str, str]]) -> None:
        self.missing = tuple(missing)
        lines = ["characters no bundled font can draw (they would print as empty boxes):"]
        for locale, key, char, fonts in self.missing:
            lines.append(f"  {locale} {key}: {char!r} U+{ord(char):04X} (fonts tried: {fonts})")
        lines.append("Replace the characters, or add a font that covers them (see fonts/README.md).")
        super().__init__("\n".join(lines))


class OptionError(CardgenError):
    """An option, or a combination of options, sheet and product, that cannot be used: the
    message names the option and what to give instead."""

    exit_code = 2


class SettingError(CardgenError):
    """A piece that cannot be set as asked: a link too long for its QR code, a character no
    font draws, a number that is not finite. Like text that does not fit, exit 3."""

    exit_code = 3


class OrderError(CardgenError):
    """A batch order that names products, locales or regions that do not exist."""

    exit_code = 2


class Interrupted(CardgenError):
    """The user stopped a command (Ctrl-C, SIGINT): a short message, the shell's code 130."""

    exit_code = 130


class OutputError(CardgenError):
    """A file could not be written."""

    exit_code = 4

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")

"""Where the content, fonts and examples that ship with cardgen live.

A wheel carries them inside the package as ``cardgen/_data/{content,fonts,examples}``; a source
checkout (or an editable install) uses the top-level ``content/``, ``fonts/`` and ``examples/``
folders directly, so edits there are seen at once.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _data_dir(name: str) -> Path:
    bundled = _BUNDLED / name
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / name


def default_content_dir() -> Path:
    """The content tree that ships with cardgen."""
    return _data_dir("content")


def fonts_dir() -> Path:
    """The folder of bundled fonts."""
    return _data_dir("fonts")


def examples_dir() -> Path:
    """The example files an organisation starts from (``cardgen init``)."""
    return _data_dir("examples")


def example_files() -> dict[str, bytes]:
    """Every example file, by its path relative to the examples folder (POSIX form), sorted."""
    root = examples_dir()
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith((".", "__")) for part in path.relative_to(root).parts)
    }

"""Where the content and fonts that ship with cardgen live.

A wheel carries them inside the package as ``cardgen/_data/{content,fonts}``; a source checkout
(or an editable install) uses the top-level ``content/`` and ``fonts/`` folders directly, so edits
there are seen at once.
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

"""Strings to HTML: escaping, bold spans, links, and direction isolation of embedded runs."""

from __future__ import annotations

import re
from html import escape

# The English words to say, as FamilyText.with_spoken(mark_words=True) marks them.
_SPOKEN = r"\ufdd0(?P<say>[^\ufdd1]*)\ufdd1"
_URL = r"(?P<url>https://[^\s<>\"]*[^\s<>\".,;:)])"
_BOLD = r"\*\*(?P<bold>.+?)\*\*"
_TOKEN = re.compile("|".join((_SPOKEN, _URL, _BOLD)))
# A left-to-right run inside right-to-left text: Latin words, digits, form numbers (I-200),
# phone numbers (1-844-363-1423), amounts ($5,000), sections (§ 1001). Starts and ends on a
# letter or digit so that surrounding punctuation and spaces stay with the right-to-left text.
_LTR_RUN = re.compile(r"[$§]?[A-Za-z0-9](?:[A-Za-z0-9 .,:'’\-/§$%]*[A-Za-z0-9%])?")


def _plain(text: str, rtl: bool) -> str:
    if not rtl:
        return escape(text, quote=False)
    out, last = [], 0
    for match in _LTR_RUN.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        out.append(f'<bdi dir="ltr">{escape(match.group(0), quote=False)}</bdi>')
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def to_html(text: str, rtl: bool = False, english_lang: bool = True) -> str:
    """``text`` as HTML: escaped, **bold** as <strong>, https links as links, the English
    words to say marked as English (and isolated left-to-right), and in right-to-left text
    every embedded left-to-right run wrapped in ``<bdi dir="ltr">``."""
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        out.append(_plain(text[last : match.start()], rtl))
        if (say := match.group("say")) is not None:
            lang = ' lang="en"' if english_lang else ""
            out.append(f'<bdi dir="ltr"{lang}>{escape(say, quote=False)}</bdi>')
        elif (url := match.group("url")) is not None:
            link = f'<a href="{escape(url)}">{escape(url, quote=False)}</a>'
            out.append(f'<bdi dir="ltr">{link}</bdi>' if rtl else link)
        else:
            out.append(f"<strong>{to_html(match.group('bold'), rtl, english_lang)}</strong>")
        last = match.end()
    out.append(_plain(text[last:], rtl))
    return "".join(out)


def tel_href(number: str) -> str:
    """The ``tel:`` link of a US number as people dial it: '855-435-7693' -> 'tel:+18554357693'."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}"

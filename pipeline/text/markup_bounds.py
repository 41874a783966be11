"""Bounds on HTML markup, checked before a page reaches lxml and trafilatura.

A page's size is bounded by the fetcher, but parse work is not proportional to size: libxml2
checks each new attribute of an element against all the earlier ones, so one element with 80,000
distinct attributes (about 700 kB) costs 31 s, and 200,000 did not finish in 200 s.  Real pages
never come near: :func:`check_markup` refuses a page with an element carrying more than
``max_attributes`` attributes, or nested more than ``max_depth`` elements deep, as
:class:`~pipeline.errors.PageTooComplex` (``extract.too_complex``).

The scan is linear and cheap: it jumps between ``<``, ``>`` and quote characters with
``str.find`` (quoted values are skipped whole, so a ``>`` inside one does not end the tag), and
counts attribute names only in the unquoted parts of a tag.  Nesting counts start tags less end
tags, leaving out void elements, self-closing tags and elements whose end tag HTML lets a page omit
(``<p>``, ``<li>``, ...), so sloppy but ordinary pages are not refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import PageTooComplex

_NAME_END = re.compile(r"[\s/>]")  # one character class: a linear search
_TAG_SPECIAL = re.compile(r"[>\"']")  # likewise

# Elements with no content, and elements whose end tag may be omitted: neither deepens nesting.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
        "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "caption", "html", "head", "body",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MarkupLimits:
    """How much parse work one page may ask for."""

    max_attributes: int = 256  # per element; real pages stay far below (lxml: quadratic in it)
    max_depth: int = 5000  # elements open at once


def check_markup(html: str, limits: MarkupLimits | None = None) -> str:
    """Return ``html`` unchanged; raise PageTooComplex when it exceeds ``limits``."""
    limits = limits or MarkupLimits()
    depth = 0
    pos = html.find("<")
    while pos >= 0:
        closing = html.startswith("/", pos + 1)
        name_start = pos + 2 if closing else pos + 1
        if name_start >= len(html) or not html[name_start].isalpha():
            pos = html.find("<", pos + 1)  # text, a comment or a declaration: not an element
            continue
        match = _NAME_END.search(html, name_start)
        name_end = match.start() if match else len(html)
        name = html[name_start:name_end].lower()
        end, attributes, self_closing = _tag_end(html, name_end)
        if attributes > limits.max_attributes:
            raise PageTooComplex(
                f"element <{name[:40]}> has more than {limits.max_attributes} attributes ({attributes})"
            )
        if name not in _NOT_NESTING and not self_closing:
            depth += -1 if closing else 1
            depth = max(depth, 0)
            if depth > limits.max_depth:
                raise PageTooComplex(f"elements nested more than {limits.max_depth} deep")
        if end < 0:
            break
        pos = html.find("<", end + 1)
    return html


def _tag_end(html: str, pos: int) -> tuple[int, int, bool]:
    """(index of the ``>`` ending the tag, -1 if none; attribute names seen; whether it ends ``/>``).

    Quoted values are skipped whole; names are counted in the unquoted stretches between them
    (``a=1 b c="x"`` counts a, b and c: an unquoted value counts too, which only overestimates).
    """
    attributes = 0
    while True:
        match = _TAG_SPECIAL.search(html, pos)
        stop = match.start() if match else len(html)
        attributes += len(html[pos:stop].replace("=", " ").split())
        if match is None:
            return -1, attributes, False
        if match.group() == ">":
            return stop, attributes, html.startswith("/", stop - 1)
        close = html.find(match.group(), stop + 1)
        if close < 0:
            return -1, attributes, False
        pos = close + 1

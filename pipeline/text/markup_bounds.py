"""Bounds on HTML markup, checked before a page reaches lxml and trafilatura.

A page's size is bounded by the fetcher, but parse work is not proportional to size: libxml2
checks each new attribute of an element against all the earlier ones, so one element with 80,000
distinct attributes (about 700 kB) costs 31 s, and 200,000 did not finish in 200 s.  Real pages
never come near: :func:`check_markup` refuses a page with an element carrying more than
``max_attributes`` attributes, or nested more than ``max_depth`` elements deep, as
:class:`~pipeline.errors.PageTooComplex` (``extract.too_complex``).

The scan is one regular expression over the page, linear by construction (possessive
quantifiers, and an unterminated quote, comment or raw-text element runs to the end of the page, as
it does in the parser, so no start can fail after a long scan).  Quoted attribute values are
skipped whole, so a ``>`` inside one does not end the tag; attribute names are counted, in the
unquoted parts of a tag, only for tags long enough to hold more than the limit.  Comments and the
contents of ``<script>`` and ``<style>`` are skipped: they hold no elements for the parser, and
inline JavaScript (``for (i=0;i<n.length;i++)``) would otherwise read as huge tags (it refused 11
of the 61 pages of the extraction dev set).  Nesting counts start tags less end tags, leaving out
void elements, self-closing tags and elements whose end tag HTML lets a page omit (``<p>``,
``<li>``, ...), so sloppy but ordinary pages are not refused; it is only walked tag by tag when the
page has more nesting start tags than the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import PageTooComplex

_QUOTED = r"""(?:[^>"']++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+"""  # a tag's inside, quote-aware
_TOKENS = re.compile(
    r"<!--[^-]*+(?:-(?!->)[^-]*+)*+(?:-->|\Z)"  # a comment: no elements inside
    rf"|<(?P<raw>script|style)(?=[\s/>]){_QUOTED}"  # raw text, up to its end tag
    r"(?:>[^<]*+(?:<(?!/(?P=raw))[^<]*+)*+|\Z)"
    rf"|<(/?)([^\W\d_][^\s/>]*)({_QUOTED})(?:>|\Z)",  # an element's start or end tag
    re.IGNORECASE,
)
_QUOTED_VALUE = re.compile(r"\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)")

# Elements with no content, elements whose end tag may be omitted, and raw-text elements (their
# start tag is skipped with their contents): none deepens nesting.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
        "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "caption", "html", "head", "body",
        "script", "style",  # their start tags are skipped with their raw text
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
    # (raw, slash, name, inside) of each token; comments and raw text have no name
    tokens = _TOKENS.findall(html)
    # k attribute names take at least 2k characters (each name and the space before it).
    long_enough = 2 * (limits.max_attributes + 1)
    for _, _, name, inside in [t for t in tokens if len(t[3]) >= long_enough and t[2]]:
        attributes = _attribute_count(inside)
        if attributes > limits.max_attributes:
            raise PageTooComplex(
                f"element <{name[:40].lower()}> has more than {limits.max_attributes} "
                f"attributes ({attributes})"
            )
    if len(tokens) <= limits.max_depth:  # fewer tags than the limit cannot nest deeper (most pages)
        return html
    tags = [t[1:] for t in tokens if t[2]]
    opening = sum(1 for slash, name, inside in tags if not slash and _nests(name, inside))
    if opening > limits.max_depth:  # only then can the nesting exceed the limit
        depth = 0
        for slash, name, inside in tags:
            if _nests(name, inside):
                depth = max(depth - 1, 0) if slash else depth + 1
                if depth > limits.max_depth:
                    raise PageTooComplex(f"elements nested more than {limits.max_depth} deep")
    return html


def _nests(name: str, inside: str) -> bool:
    """Whether the tag opens (or closes) a level of nesting."""
    return not inside.endswith("/") and name.lower() not in _NOT_NESTING


def _attribute_count(inside: str) -> int:
    """Attribute names in a tag's inside: quoted values dropped, the rest split on ``=`` and
    whitespace (``a=1 b c="x"`` counts a, b and c: an unquoted value counts too, which only
    overestimates)."""
    return len(_QUOTED_VALUE.sub(" ", inside).replace("=", " ").split())

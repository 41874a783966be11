"""Normalisation that never changes meaning: code points, spaces and markup leftovers only.

Words are never rewritten: only Unicode composition (NFC), space-like characters, runs of
whitespace, invisible format characters and stray pieces of markup (entities, tags) change.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Space-like characters that should read as a plain space (NBSP, thin, figure, ideographic...).
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters left by CMSs: zero-width space/joiners, BOM, soft hyphen, word joiner.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(r" {2,}")
# Markup that survived extraction: an HTML tag such as "<br/>" or "</p>" (known tag names only:
# "<The Palace: Tale of Jang Noksu>" is a title in angle brackets, not markup), an entity "&amp;".
_TAG_NAMES = (
    "a|abbr|article|aside|audio|b|blockquote|br|button|center|code|div|em|figcaption|figure|font|"
    "footer|h[1-6]|header|hr|i|iframe|img|input|label|li|link|meta|nav|noscript|ol|p|picture|pre|"
    "s|script|section|small|source|span|strong|style|sub|sup|table|tbody|td|th|thead|tr|u|ul|"
    "video|wbr"
)
_STRAY_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def normalize_line(line: str) -> str:
    """One line in canonical form: NFC, plain spaces, no markup leftovers, trimmed."""
    if line.isascii() and "&" not in line and "<" not in line:
        # The common case, the same result for less: ASCII is already NFC, and of it the full
        # path below rewrites only tab, form feed and vertical tab (and runs of spaces).
        if "\t" in line or "\f" in line or "\v" in line:
            line = _ODD_SPACES.sub(" ", line)
        return _SPACE_RUN.sub(" ", line).strip() if "  " in line else line.strip()
    if "&" in line:
        line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    if "<" in line:
        line = _STRAY_TAG.sub(" ", line)
    line = unicodedata.normalize("NFC", line)
    line = _INVISIBLE.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    return _SPACE_RUN.sub(" ", line).strip()


def match_key(line: str) -> str:
    """A comparison key for a line: normalised, case-folded, typographic quotes made plain.

    A leading list marker ("- ") is dropped, so rules match list items too.  Used to compare
    headlines, repeated captions and learned lines; never written to output.
    """
    key = normalize_line(line).casefold().removeprefix("- ")
    if key.isascii():
        return key
    # str.replace per character: several times faster than str.translate with a dict.
    for typographic, plain in _QUOTES:
        if typographic in key:
            key = key.replace(typographic, plain)
    return key


_QUOTES = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
)


_SITE_SUFFIX = re.compile(r"\s*[-|\u2013\u2014:\u00b7]\s*\S.{0,60}")


def is_headline(line: str, title: str) -> bool:
    """Whether ``line`` is the headline ``title``: the same text, or the title is the line plus a
    site-name suffix (``"Headline - Site"``, ``"Headline | Site"``) as in many <title> tags."""
    if abs(len(line) - len(title)) > 70:
        return False
    line_key, title_key = match_key(line), match_key(title)
    if line_key == title_key:
        return True
    return (
        len(line_key) >= 20
        and title_key.startswith(line_key)
        and _SITE_SUFFIX.fullmatch(title_key[len(line_key) :]) is not None
    )

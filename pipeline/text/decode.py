"""Decoding page bytes to text: the declared charset, then the XML declaration and ``<meta charset>``,
then detection.

A declared charset that is unknown to Python, is not a text encoding, or fails on the bytes
(including Python's ``undefined`` codec, which fails on everything) falls through to the next
source; when nothing decodes the page cleanly, :class:`UnknownEncoding` is raised rather than
producing mojibake.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from pipeline.errors import UnknownEncoding

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the head.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_SNIFF_BYTES = 4096
_SINGLE_BYTE = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "iso-8859-15", "cp1252", "windows-1252", "us-ascii", "ascii"}
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode an HTML body; raise UnknownEncoding when no candidate charset decodes it."""
    for candidate in _candidates(body, declared):
        text = _try_decode(body, candidate)
        if text is not None:
            return text
    detected = charset_normalizer.from_bytes(body[:65536]).best()
    if detected is not None and detected.encoding:
        text = _try_decode(body, detected.encoding)
        if text is not None:
            return text
    raise UnknownEncoding(f"no charset decodes the page (declared: {declared or 'none'})")


def _candidates(body: bytes, declared: str | None) -> list[str]:
    """Charsets to try, most trustworthy first: BOM, HTTP header, XML declaration, meta tag, UTF-8.

    One exception: a Latin-1/ASCII label on bytes that are valid UTF-8 with non-ASCII text is a
    mislabelled UTF-8 page (common on the web; real Latin-1 text is almost never valid UTF-8), so
    UTF-8 goes first rather than decoding into mojibake.
    """
    found = [name for bom, name in _BOMS if body.startswith(bom)]
    labels = [declared] if declared else []
    for sniffed in (_XML_ENCODING.search(body[:256]), _META_CHARSET.search(body[:_SNIFF_BYTES])):
        if sniffed:
            labels.append(sniffed.group(1).decode("ascii", "replace"))
    if labels and labels[0].strip().lower() in _SINGLE_BYTE and _is_utf8_text(body):
        found.append("utf-8")
    return [*found, *labels, "utf-8"]


def _is_utf8_text(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _try_decode(body: bytes, charset: str) -> str | None:
    """The body decoded strictly with ``charset``, or None when it is unknown or does not fit.

    A Latin-1 declaration is read as windows-1252, as browsers do (the WHATWG encoding standard).
    """
    name = charset.strip().lower()
    if name in _SINGLE_BYTE - {"iso-8859-15"}:
        name = "cp1252"
    try:
        if not codecs.lookup(name)._is_text_encoding:  # base64, rot13, zlib...: not a charset
            return None
        return body.decode(name)
    except (LookupError, UnicodeError, ValueError):
        # UnicodeError, not only UnicodeDecodeError: Python's "undefined" codec (a name a page
        # may declare) raises the base class on any input.
        return None

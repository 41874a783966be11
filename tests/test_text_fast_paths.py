"""The clean stage's text helpers give the same results as their plain, slower formulations.

SimHash values are stored (records, the story index saved on disk), so a faster computation must
give the same value bit for bit; the normalisation shortcuts must give the same lines and keys.
Each fast path is checked against a straightforward reference on texts chosen to reach every
branch (ASCII and not, control characters, entities and tags, fewer than three words).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

import pytest

from pipeline.text.fingerprint import simhash
from pipeline.text.normalize import (
    _ENTITY,
    _INVISIBLE,
    _ODD_SPACES,
    _SPACE_RUN,
    _STRAY_TAG,
    match_key,
    normalize_line,
)

_WORD = re.compile(r"\w+")


def reference_simhash(text: str) -> int:
    """The SimHash as documented: per distinct lower-cased word 3-shingle, its 8-byte BLAKE2b
    digest votes on each of the 64 bits (bit ``b`` of byte ``p`` is bit ``8p + b``)."""
    words = _WORD.findall(text.lower())
    words += [""] * max(0, 3 - len(words))
    shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    votes = [0] * 64
    for shingle in shingles:
        digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
        for position, byte in enumerate(digest):
            for bit in range(8):
                votes[position * 8 + bit] += (byte >> bit) & 1
    return sum(1 << k for k in range(64) if votes[k] > len(shingles) / 2)


def reference_normalize(line: str) -> str:
    """normalize_line without its ASCII shortcut."""
    line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    line = _STRAY_TAG.sub(" ", line)
    line = unicodedata.normalize("NFC", line)
    line = _INVISIBLE.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    return _SPACE_RUN.sub(" ", line).strip()


def reference_match_key(line: str) -> str:
    quotes = str.maketrans(
        {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    )
    return reference_normalize(line).casefold().removeprefix("- ").translate(quotes)


TEXTS = [
    "",
    "one",
    "two words",
    "exactly three words",
    "Two container cranes arrived at Port Elwin on Thursday, the first to work the harbour since the old "
    "terminal closed.\n\nThe cranes will serve the rebuilt east terminal, the port said.",
    "\u201cWe waited a long time,\u201d said Ilse M\u00e4rten \u2014 who chairs the dockers\u2019 association.",
    "Stra\u00dfe und Gr\u00fc\u00dfe: \u041c\u043e\u0441\u043a\u0432\u0430 \u6771\u4eac 2024 \u0130stanbul caf\u00e9 cafe\u0301",
    "repeat repeat repeat repeat repeat repeat repeat",
    "under_score words_with_digits 42 x_1 \u00b2 \u2460",
]


@pytest.mark.parametrize("text", TEXTS)
def test_simhash_equals_the_reference_computation(text: str) -> None:
    assert simhash(text) == reference_simhash(text)


def test_simhash_equals_the_reference_on_many_varied_texts() -> None:
    vocabulary = [
        "port",
        "Elwin",
        "cranes",
        "\u00e9t\u00e9",
        "na\u00efve",
        "\u6771\u4eac",
        "x",
        "42",
        "the",
        "A",
    ]
    for n in range(60):
        text = " ".join(vocabulary[(n * k + k * k) % len(vocabulary)] for k in range(n))
        assert simhash(text) == reference_simhash(text), text


LINES = [
    "  Plain ASCII line  ",
    "tabs\tand\fform\vfeeds",
    "double  spaces   inside",
    "AT&amp;T says &lt;br&gt; is a tag",
    "Two cranes<br/> arrived <span class='x'>today</span>",
    "\u00a0 a\u00a0\u00a0b \u2009 ",
    "co\u200bop\u00aderation",
    "e\u200b\u0301 composed after removal",
    "- You\u2019re \u201cSubscribed\u201d \u2013 now \u2014 STRASSE Stra\u00dfe",
    "- list item",
    "\r\nline with other whitespace\x1c",
    "",
]


@pytest.mark.parametrize("line", LINES)
def test_normalize_line_equals_the_full_normalisation(line: str) -> None:
    assert normalize_line(line) == reference_normalize(line)


@pytest.mark.parametrize("line", LINES)
def test_match_key_equals_the_translate_formulation(line: str) -> None:
    assert match_key(line) == reference_match_key(line)
    assert match_key(normalize_line(line)) == reference_match_key(reference_normalize(line))

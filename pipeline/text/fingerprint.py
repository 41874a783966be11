"""Content fingerprints: sha256 of the clean text (exact copies) and a 64-bit SimHash of word
shingles (near copies: the same wire story with a different byline, dateline or footer).
"""

from __future__ import annotations

import hashlib
import re

from pipeline.records import Fingerprints

SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+")
# _BIT[b] maps a byte to 1 where bit b is set, else 0: with bytes.translate and bytes.count it
# counts a bit over many hashes in C, instead of 64 Python steps per shingle.
_BIT = tuple(bytes((value >> bit) & 1 for value in range(256)) for bit in range(8))


def fingerprints(text: str) -> Fingerprints:
    """Both fingerprints of a clean text."""
    return Fingerprints(content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        simhash=f"{simhash(text):016x}")


def simhash(text: str) -> int:
    """64-bit SimHash over lower-cased word 3-shingles (each shingle weighs 1)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        words = words + [""] * (SHINGLE_WORDS - len(words))
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    digests = b"".join(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
                       for shingle in shingles)
    half = len(shingles) / 2
    value = 0
    for position in range(8):
        column = digests[position::8]
        for bit in range(8):
            if column.translate(_BIT[bit]).count(1) > half:
                value |= 1 << (position * 8 + bit)
    return value


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()

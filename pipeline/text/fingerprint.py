"""Content fingerprints: sha256 of the clean text (exact copies) and a 64-bit SimHash of word
shingles (near copies: the same wire story with a different byline, dateline or footer).
"""

from __future__ import annotations

import hashlib
import re

from pipeline.records import Fingerprints

SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+")


def fingerprints(text: str) -> Fingerprints:
    """Both fingerprints of a clean text."""
    return Fingerprints(
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), simhash=f"{simhash(text):016x}"
    )


def simhash(text: str) -> int:
    """64-bit SimHash over lower-cased word 3-shingles (each shingle weighs 1).

    Each distinct shingle's 8-byte BLAKE2b digest votes on the 64 bits. The work per shingle is
    kept to the hash call: the words are encoded in one go (a word holds no space, and UTF-8
    puts no space byte inside a multi-byte character, so splitting the encoded, space-joined
    words at spaces gives each word's bytes), and the votes are counted per bit with integer
    masks and ``int.bit_count`` over all digests at once.
    """
    words = _WORD.findall(text.lower())
    encoded = " ".join(words).encode("utf-8").split(b" ") if words else []
    if len(encoded) < SHINGLE_WORDS:
        encoded += [b""] * (SHINGLE_WORDS - len(encoded))
    shingles = set(map(b" ".join, zip(encoded, encoded[1:], encoded[2:], strict=False)))
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(shingle, digest_size=8).digest() for shingle in shingles])
    half = len(shingles) / 2
    # Byte ``position`` of every digest, as one integer; ``ones`` has bit 0 of each of its bytes.
    ones = int.from_bytes(b"\x01" * len(shingles), "little")
    value = 0
    for position in range(8):
        column = int.from_bytes(digests[position::8], "little")
        for bit in range(8):
            if ((column >> bit) & ones).bit_count() > half:
                value |= 1 << (position * 8 + bit)
    return value


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()

"""Reading a command's input files the same way everywhere: bytes first, decoded with care.

A missing file is an input error (not a configuration error); bytes that are not UTF-8 are
decoded as the extractor decodes pages (declared or detected charset), and when nothing decodes
them the error names the first bad byte and its offset.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import InputError


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or of standard input for ``-``."""
    if str(path) == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 when it is; else the charset the extractor would detect; else an error naming the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        from pipeline.errors import UnknownEncoding
        from pipeline.text.decode import decode_html

        try:
            return decode_html(data)
        except UnknownEncoding:
            bad = data[utf8_error.start : utf8_error.start + 1]
            raise InputError(
                f"{name}: byte 0x{bad.hex()} at offset {utf8_error.start} is not UTF-8 and no charset "
                "decodes the file"
            ) from None


def numbered_lines(path: Path) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) for each line of a JSON Lines input; an undecodable line yields its error."""
    if str(path) == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        stream = buffer if buffer is not None else (line.encode("utf-8") for line in sys.stdin)
        yield from _numbered(stream, "stdin")
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        yield from _numbered(handle, str(path))


def _numbered(stream: Iterable[bytes], name: str) -> Iterator[tuple[int, str | InputError]]:
    for number, raw in enumerate(stream, start=1):
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, InputError(f"{name} line {number}: byte at column {exc.start + 1} is not UTF-8")


def write_jsonl_results(rows: Iterable[dict[str, Any]], command: str, failure: str) -> int:
    """The one rule of every ``--jsonl`` command: write each result line (an error line carries its
    line number), carry on past failures, and exit 1 when any line failed, saying how many."""
    failed = 0
    for row in rows:
        failed += "error" in row
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        print(f"newswire {command}: {failed} line(s) {failure} (see their error lines)", file=sys.stderr)
        return 1
    return 0

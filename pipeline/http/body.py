"""Reading a response body within a size limit, decompressing it ourselves.

The HTTP client's own decompression would inflate a whole network chunk at once, so a small gzip
bomb chunk could expand to hundreds of megabytes before any check ran.  The client is told not to
decompress (``auto_decompress=False``); here the raw bytes are read and inflated with a bounded
output size, so neither the compressed nor the decompressed body can exceed the limit by
more than one byte at any moment.
"""

from __future__ import annotations

import zlib

from aiohttp import ClientResponse

from pipeline.errors import NotAllowedContent, TooLarge

SUPPORTED_ENCODINGS = ("gzip", "x-gzip", "deflate", "identity")
ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """Incremental gzip/deflate decoder with bounded output ("deflate" may be zlib-wrapped or raw).

    A gzip body may hold several members one after the other (RFC 1952 2.2; ``cat a.gz b.gz``):
    each is decoded in turn, as ``gzip -d`` does, zero padding after the last one is ignored, and
    anything else after a member is a corrupt body.
    """

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._gzip = "gzip" in encoding
        self._zlib = self._new()
        self._started = False
        self._between_members = False  # a member ended; only another member or zero padding may follow

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``, producing at most ``room + 1`` bytes (one more means: over the limit)."""
        out: list[bytes] = []
        produced = 0
        while data and produced <= room:
            if self._between_members:
                data = data.lstrip(b"\0")
                if not data:
                    break
                self._zlib = self._new()
                self._between_members = False
            chunk = self._inflate(data, room + 1 - produced)
            out.append(chunk)
            produced += len(chunk)
            if self._gzip and self._zlib.eof:
                data = self._zlib.unused_data
                self._between_members = True
            else:
                data = b""  # all consumed, or stopped by the output bound (over the limit)
        return b"".join(out)

    def _inflate(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error:
            if self._started or self._encoding != "deflate":
                raise
            # Some servers send raw deflate without the zlib header.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, limit)
        self._started = True
        return out

    def flush(self) -> bytes:
        return b"" if self._between_members else self._zlib.flush()


def _encoding_of(response: ClientResponse, url: str) -> str:
    header: str = response.headers.get("content-encoding", "")
    encodings: list[str] = [
        e.strip().lower() for e in header.split(",") if e.strip().lower() not in ("", "identity")
    ]
    if not encodings:
        return "identity"
    if len(encodings) > 1 or encodings[0] not in SUPPORTED_ENCODINGS:
        raise NotAllowedContent(
            f"unsupported Content-Encoding {response.headers.get('content-encoding')!r}",
            url=url,
            reason="fetch.unsupported_encoding",
        )
    return encodings[0]


def check_declared_length(response: ClientResponse, *, url: str, max_bytes: int) -> None:
    """Refuse a body whose Content-Length already says it is over the limit."""
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"Content-Length {int(declared)} exceeds the {max_bytes}-byte limit", url=url)


async def read_bounded(response: ClientResponse, *, url: str, max_bytes: int) -> bytes:
    """Read and decode the body of a streamed response; raise TooLarge past ``max_bytes``.

    The limit applies to the compressed bytes received and to the decompressed bytes produced.
    """
    encoding = _encoding_of(response, url)
    inflater = None if encoding == "identity" else _Inflater(encoding)
    received = 0
    parts: list[bytes] = []
    size = 0
    try:
        async for raw in response.content.iter_any():
            received += len(raw)
            if received > max_bytes:
                raise TooLarge(f"body exceeds the {max_bytes}-byte limit", url=url)
            chunk = raw if inflater is None else inflater.decode(raw, max_bytes - size)
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"body exceeds the {max_bytes}-byte limit once decompressed", url=url)
            parts.append(chunk)
        if inflater is not None:
            tail = inflater.flush()
            size += len(tail)
            if size > max_bytes:
                raise TooLarge(f"body exceeds the {max_bytes}-byte limit once decompressed", url=url)
            parts.append(tail)
    except zlib.error as exc:
        raise NotAllowedContent(
            f"corrupt {encoding} body: {exc}", url=url, reason="fetch.corrupt_encoding"
        ) from exc
    return b"".join(parts)

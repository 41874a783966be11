"""robots.txt for article fetches: fetched once per site, cached, read with urllib.robotparser.

Follows RFC 9309 where it decides outcomes: a 4xx robots.txt (none published) allows everything;
a 5xx or an unreachable server means "do not crawl now", which surfaces as the fetch error itself
(retryable) rather than a permanent disallow.  A robots.txt that is not text or over 500 KiB is
ignored (treated as absent).
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from pipeline.errors import FetchError, HTTPStatusError

ROBOTS_MAX_BYTES = 500 * 1024
_MAX_SITES = 10_000

# Fetches robots.txt: (url) -> (status, body); raises FetchError for what prevents an answer.
RobotsGetter = Callable[[str], Awaitable[tuple[int, bytes]]]


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _parser_for(status: int, body: bytes) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    # An empty rule set allows everything: what a missing robots.txt means.
    lines = body.decode("utf-8", "replace").splitlines() if 200 <= status < 300 else []
    parser.parse(lines)
    return parser


class RobotsCache:
    """Answers "may this user agent fetch this URL?" per site, caching each robots.txt for ``ttl_s``."""

    def __init__(self, getter: RobotsGetter, *, agent: str, ttl_s: float) -> None:
        self._get = getter
        self._agent = agent
        self._ttl_s = ttl_s
        self._parsers: OrderedDict[str, tuple[float, urllib.robotparser.RobotFileParser]] = OrderedDict()
        self._pending: dict[str, asyncio.Future[urllib.robotparser.RobotFileParser]] = {}

    async def allowed(self, url: str) -> bool:
        return (await self._parser(_site(url))).can_fetch(self._agent, url)

    async def crawl_delay(self, url: str) -> float | None:
        delay = (await self._parser(_site(url))).crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    async def _parser(self, site: str) -> urllib.robotparser.RobotFileParser:
        cached = self._parsers.get(site)
        if cached is not None and cached[0] > time.monotonic():
            self._parsers.move_to_end(site)
            return cached[1]
        pending = self._pending.get(site)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        self._pending[site] = future
        try:
            parser = await self._load(site)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters, if any, get it too
            raise
        finally:
            del self._pending[site]
        future.set_result(parser)
        self._store(site, parser)
        return parser

    async def _load(self, site: str) -> urllib.robotparser.RobotFileParser:
        try:
            status, body = await self._get(f"{site}/robots.txt")
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                return _parser_for(exc.status, b"")
            raise
        except FetchError as exc:
            if exc.reason in ("fetch.not_allowed_content", "fetch.too_large", "fetch.too_many_redirects"):
                return _parser_for(404, b"")
            raise
        return _parser_for(status, body)

    def _store(self, site: str, parser: urllib.robotparser.RobotFileParser) -> None:
        self._parsers[site] = (time.monotonic() + self._ttl_s, parser)
        self._parsers.move_to_end(site)
        while len(self._parsers) > _MAX_SITES:
            self._parsers.popitem(last=False)

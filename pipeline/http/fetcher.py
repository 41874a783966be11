"""The one HTTP client of newswire: fetches feeds and article pages, safe against the web.

Every fetch goes through the same guards, in this order:

1. the URL must be absolute http(s) (:class:`InvalidURL`);
2. for articles, robots.txt must allow it (:class:`RobotsDisallowed`), cached per site;
3. politeness: a per-host slot and minimum gap between request starts, then a global slot.  A
   caller's :class:`Gate` (the extract stage's byte budget, :mod:`pipeline.budget`) is waited for
   before the host slot, and entered once the slots are held; when it filled up meanwhile, the
   slots are given back (a request held back by its caller never blocks its host) and it waits again;
4. the SSRF guard, at connect time, on every hop (:mod:`pipeline.http.guard`);
5. redirects are followed by hand, each hop guarded again, up to ``max_redirects``, loops refused;
6. the status: 304 is a :class:`Page` with an empty body; any other non-2xx is an
   :class:`HTTPStatusError` carrying ``Retry-After``;
7. the Content-Type must suit the kind of fetch (:class:`NotAllowedContent`);
8. the body is read within ``max_bytes``, compressed and decompressed (:class:`TooLarge`).

Timeouts: ``connect_timeout_s`` per connection, ``total_timeout_s`` for the whole fetch's network
time (redirect hops included; waiting for a politeness slot or at the gate is not counted).

A :class:`Fetcher` owns its connection pool and its asyncio primitives: create it, use it and
close it on one event loop.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, Protocol, Self
from urllib.parse import urljoin, urlsplit

import aiohttp
import yarl

from pipeline.errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotAllowedContent,
    RobotsDisallowed,
    TooManyRedirects,
)
from pipeline.http import Page, parse_content_type
from pipeline.http.body import ACCEPT_ENCODING, check_declared_length, read_bounded
from pipeline.http.guard import AddressGuard, GuardedResolver
from pipeline.http.politeness import HostLimiter
from pipeline.http.robots import ROBOTS_MAX_BYTES, RobotsCache
from pipeline.settings import FetchSettings

FetchKind = Literal["feed", "article"]
_Kind = Literal["feed", "article", "robots"]


class Gate(Protocol):
    """A caller's own hold on its requests (e.g. until its earlier pages were processed)."""

    async def room(self) -> None:
        """Wait until a request may go out."""

    def enter(self) -> AbstractContextManager[object] | None:
        """A hold on a place for one request, kept until its answer is read; None when none is free."""


_ACCEPT: dict[_Kind, str] = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.1",
    "article": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "robots": "text/plain, */*;q=0.1",
}
_ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_CRAWL_DELAY_S = 60.0
_KEEPALIVE_S = 30.0
_MAX_HEADER_BYTES = 16 * 1024  # one header line; longer is a ConnectionFailed


def content_type_allowed(kind: _Kind, media_type: str | None) -> bool:
    """Whether a response's media type suits the fetch.

    Feeds are served under many types in the wild (``text/html`` and ``text/plain`` included), so
    any XML, JSON or text type is accepted and the parser decides; binaries are refused.  Articles
    must be HTML.  A missing Content-Type is accepted and left to the parser.
    """
    if media_type is None or kind == "robots":
        return True
    if kind == "article":
        return media_type in _ARTICLE_TYPES
    return "xml" in media_type or "json" in media_type or media_type.startswith("text/")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def checked_url(url: str) -> str:
    """The URL, stripped, if it is an absolute http(s) URL with a host; else InvalidURL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise InvalidURL(f"not a URL: {exc}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidURL("only absolute http(s) URLs are fetched", url=url)
    return url


def _product_token(user_agent: str) -> str:
    """``newswire/0.1 (+...)`` -> ``newswire``: the name robots.txt groups are matched against."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


@dataclass
class _Budget:
    """What is left of the total timeout; only network time is spent from it."""

    remaining_s: float

    def spend(self, seconds: float) -> None:
        self.remaining_s -= seconds


class Fetcher:
    """Fetches feeds and article pages under the guards listed in the module docstring.

    Built on aiohttp: one session and one connection pool (keep-alive, at most
    ``max_concurrency`` connections in use), cookies never kept, no proxies from the environment,
    no automatic decompression (:mod:`pipeline.http.body` does it within the size limit).  The
    session is opened on first use, on the running event loop.
    """

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._guard = AddressGuard(
            allow_private=settings.allow_private_addresses, allowed_origins=settings.allowed_private_origins
        )
        self._session: aiohttp.ClientSession | None = None
        self._limiter = HostLimiter(
            per_host=settings.per_host_concurrency,
            delay_s=settings.per_host_delay_s,
            global_limit=settings.max_concurrency,
        )
        self._robots = RobotsCache(
            self._fetch_robots, agent=_product_token(settings.user_agent), ttl_s=settings.robots_ttl_s
        )

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._settings.max_concurrency,
                limit_per_host=0,  # the HostLimiter keeps per-host politeness
                resolver=GuardedResolver(self._guard, timeout_s=self._settings.connect_timeout_s),
                keepalive_timeout=_KEEPALIVE_S,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self._settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=self._settings.connect_timeout_s),
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                max_field_size=_MAX_HEADER_BYTES,
                max_line_size=_MAX_HEADER_BYTES,
            )
        return self._session

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def fetch(
        self,
        url: str,
        *,
        kind: FetchKind,
        etag: str | None = None,
        last_modified: str | None = None,
        gate: Gate | None = None,
    ) -> Page:
        """Fetch ``url`` as a feed or an article page; raise a :class:`FetchError` subclass on failure.

        With ``etag`` / ``last_modified`` the request is conditional; a 304 answer is returned as
        ``Page(status=304, body=b"")``.  Each request (redirect hop) goes out through ``gate``.
        """
        url = checked_url(url)
        started = time.monotonic()
        if kind == "article" and self._settings.respect_robots:
            await self._check_robots(url)
        headers = {"Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        page = await self._follow(url, kind, headers, max_bytes=self._settings.max_bytes, gate=gate)
        return Page(
            url=url,
            final_url=page.final_url,
            status=page.status,
            body=page.body,
            content_type=page.content_type,
            charset=page.charset,
            headers=page.headers,
            elapsed_s=time.monotonic() - started,
        )

    async def _check_robots(self, url: str) -> None:
        if not await self._robots.allowed(url):
            raise RobotsDisallowed("robots.txt disallows fetching this URL", url=url)
        delay = await self._robots.crawl_delay(url)
        host = urlsplit(url).hostname
        if delay and host:
            self._limiter.set_delay(host, min(delay, _MAX_CRAWL_DELAY_S))

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        page = await self._follow(url, "robots", {"Accept": _ACCEPT["robots"]}, max_bytes=ROBOTS_MAX_BYTES)
        return page.status, page.body

    async def _follow(
        self, url: str, kind: _Kind, headers: dict[str, str], *, max_bytes: int, gate: Gate | None = None
    ) -> Page:
        """Fetch ``url``, following redirects by hand so that every hop is guarded."""
        budget = _Budget(self._settings.total_timeout_s)
        visited = {url}
        current = url
        for _ in range(self._settings.max_redirects + 1):
            answer = await self._hop(current, kind, headers, budget, max_bytes=max_bytes, gate=gate)
            if isinstance(answer, Page):
                return answer
            if answer in visited:
                raise TooManyRedirects(f"redirect loop back to {answer}", url=url)
            visited.add(answer)
            current = answer
        raise TooManyRedirects(f"more than {self._settings.max_redirects} redirects", url=url)

    async def _hop(
        self,
        url: str,
        kind: _Kind,
        headers: dict[str, str],
        budget: _Budget,
        *,
        max_bytes: int,
        gate: Gate | None = None,
    ) -> Page | str:
        """One request: a Page, or the absolute URL it redirects to."""
        try:
            target = yarl.URL(url)
            host = target.raw_host
            if not host:
                raise InvalidURL("the URL has no host", url=url)
            self._guard.check_literal(host, target.port)  # names: checked by the resolver; literals here
        except ValueError as exc:
            raise InvalidURL(str(exc), url=url) from exc
        except FetchError as exc:
            exc.url = url
            raise
        while True:
            if gate is not None:
                await gate.room()
            async with self._limiter.slot(host):
                place = nullcontext() if gate is None else gate.enter()
                if place is None:
                    continue  # the gate closed while this request waited for its host: wait again
                with place:
                    return await self._request(target, url, kind, headers, budget, max_bytes=max_bytes)

    async def _request(
        self,
        target: yarl.URL,
        url: str,
        kind: _Kind,
        headers: dict[str, str],
        budget: _Budget,
        *,
        max_bytes: int,
    ) -> Page | str:
        """The request of one hop, its politeness slots held."""
        if budget.remaining_s <= 0:
            raise FetchTimeout("total timeout spent on earlier redirects", url=url)
        started = time.monotonic()
        try:
            async with asyncio.timeout(budget.remaining_s):
                request = self._client().get(target, headers=headers, allow_redirects=False)
                async with request as response:
                    return await self._answer(response, url, kind, max_bytes=max_bytes)
        except FetchError as exc:
            exc.url = url  # the guard only knows the host
            raise
        except aiohttp.ConnectionTimeoutError as exc:
            raise FetchTimeout(
                f"connect timed out after {self._settings.connect_timeout_s}s", url=url
            ) from exc
        except TimeoutError as exc:
            raise FetchTimeout(
                f"no complete answer within {self._settings.total_timeout_s}s", url=url
            ) from exc
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise InvalidURL(f"{type(exc).__name__}: {exc}", url=url) from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise ConnectionFailed(f"{type(exc).__name__}: {exc}".rstrip(": "), url=url) from exc
        finally:
            budget.spend(time.monotonic() - started)

    async def _answer(
        self, response: aiohttp.ClientResponse, url: str, kind: _Kind, *, max_bytes: int
    ) -> Page | str:
        status = response.status
        location = response.headers.get("location")
        if status in _REDIRECTS and location:
            return checked_url(urljoin(url, location))
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 304:
            return Page(url=url, final_url=url, status=304, body=b"", headers=headers)
        if not 200 <= status < 300:
            raise HTTPStatusError(
                f"HTTP {status} {response.reason or ''}".strip(),
                url=url,
                status=status,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        media_type, charset = parse_content_type(response.headers.get("content-type"))
        if not content_type_allowed(kind, media_type):
            raise NotAllowedContent(f"{media_type} is not an acceptable {kind} type", url=url)
        check_declared_length(response, url=url, max_bytes=max_bytes)
        body = await read_bounded(response, url=url, max_bytes=max_bytes)
        return Page(
            url=url,
            final_url=url,
            status=status,
            body=body,
            content_type=media_type,
            charset=charset,
            headers=headers,
        )

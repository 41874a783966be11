"""The fetcher against a real HTTP server on 127.0.0.1 (loopback allowed explicitly, except where
a test checks that it is refused)."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from pipeline.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotAllowedContent,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from pipeline.http import Page
from pipeline.http.fetcher import Fetcher, parse_retry_after
from pipeline.http.guard import blocked_reason
from pipeline.settings import FetchSettings
from tests.feeds_http_server import FeedsHTTPServer, Request, Route, serving

HTML = "text/html; charset=ISO-8859-1"
RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        yield srv


def settings(**overrides: Any) -> FetchSettings:
    values: dict[str, Any] = {
        "allow_private_addresses": True,
        "per_host_delay_s": 0.0,
        "respect_robots": False,
        "per_host_concurrency": 4,
        "total_timeout_s": 10.0,
    }
    return FetchSettings(**{**values, **overrides})


def fetch(
    url: str, *, kind: str = "article", fetch_settings: FetchSettings | None = None, **kwargs: Any
) -> Page:
    async def go() -> Page:
        async with Fetcher(fetch_settings or settings()) as fetcher:
            return await fetcher.fetch(url, kind=kind, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_fetch_returns_body_and_declared_charset(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers={"Content-Type": HTML}, body=b"<html>caf\xe9</html>")
    page = fetch(server.url("/a"))
    assert (page.status, page.body, page.content_type, page.charset) == (
        200,
        b"<html>caf\xe9</html>",
        "text/html",
        "iso-8859-1",
    )


def test_fetch_sends_configured_user_agent(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>")
    fetch(server.url("/a"), fetch_settings=settings(user_agent="newswire-test/9"))
    assert server.requests[0].headers["user-agent"] == "newswire-test/9"


def test_fetch_decodes_gzip_body(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(
        headers={"Content-Type": HTML, "Content-Encoding": "gzip"}, body=gzip.compress(b"<html>zipped</html>")
    )
    assert fetch(server.url("/a")).body == b"<html>zipped</html>"


def test_fetch_decodes_raw_deflate_body(server: FeedsHTTPServer) -> None:
    squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = squeezer.compress(b"<html>deflated</html>") + squeezer.flush()
    server.routes["/a"] = Route(headers={"Content-Type": HTML, "Content-Encoding": "deflate"}, body=raw)
    assert fetch(server.url("/a")).body == b"<html>deflated</html>"


def test_fetch_not_modified_returns_empty_304_page(server: FeedsHTTPServer) -> None:
    def conditional(request: Request) -> Route:
        if request.headers.get("if-none-match") == '"v1"':
            return Route(status=304)
        return Route(headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body=RSS)

    server.routes["/feed"] = conditional
    page = fetch(server.url("/feed"), kind="feed", etag='"v1"', last_modified="Mon, 23 Nov 2026 09:00:00 GMT")
    assert (page.status, page.body) == (304, b"")


def test_fetch_sends_if_modified_since(server: FeedsHTTPServer) -> None:
    server.routes["/feed"] = Route(status=304)
    fetch(server.url("/feed"), kind="feed", last_modified="Mon, 23 Nov 2026 09:00:00 GMT")
    assert server.requests[0].headers["if-modified-since"] == "Mon, 23 Nov 2026 09:00:00 GMT"


def test_fetch_429_raises_retryable_status_error_with_retry_after(server: FeedsHTTPServer) -> None:
    server.routes["/feed"] = Route(status=429, headers={"Retry-After": "120"})
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url("/feed"), kind="feed")
    assert (caught.value.status, caught.value.retry_after, caught.value.retryable) == (429, 120.0, True)


def test_fetch_404_raises_permanent_status_error(server: FeedsHTTPServer) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url("/missing"))
    assert (caught.value.status, caught.value.retryable) == (404, False)


def test_fetch_follows_relative_redirect(server: FeedsHTTPServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(headers={"Content-Type": HTML}, body=b"<html>new</html>")
    page = fetch(server.url("/old"))
    assert (page.url, page.final_url) == (server.url("/old"), server.url("/new"))
    assert page.body == b"<html>new</html>"


def test_fetch_redirect_loop_raises_too_many_redirects(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(server.url("/a"))
    assert server.paths() == ["/a", "/b"]


def test_fetch_redirect_chain_over_limit_raises_too_many_redirects(server: FeedsHTTPServer) -> None:
    for hop in range(5):
        server.routes[f"/{hop}"] = Route(status=302, headers={"Location": f"/{hop + 1}"})
    with pytest.raises(TooManyRedirects):
        fetch(server.url("/0"), fetch_settings=settings(max_redirects=3))
    assert len(server.requests) == 4


def test_fetch_redirect_to_metadata_address_is_blocked(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(BlockedAddress) as caught:
        fetch(server.url("/a"))
    assert caught.value.url == "http://169.254.169.254/latest/meta-data/"


def test_fetch_streamed_50mb_body_raises_too_large(server: FeedsHTTPServer) -> None:
    server.routes["/big"] = Route(
        headers={"Content-Type": HTML}, chunks=lambda: (b"x" * 1024 * 1024 for _ in range(50))
    )
    with pytest.raises(TooLarge):
        fetch(server.url("/big"))


def test_fetch_declared_length_over_limit_raises_too_large_before_reading(server: FeedsHTTPServer) -> None:
    server.routes["/big"] = Route(headers={"Content-Type": HTML, "Content-Length": str(50 * 1024 * 1024)})
    with pytest.raises(TooLarge, match="Content-Length"):
        fetch(server.url("/big"))


def test_fetch_gzip_bomb_raises_too_large(server: FeedsHTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < FetchSettings().max_bytes
    server.routes["/bomb"] = Route(headers={"Content-Type": HTML, "Content-Encoding": "gzip"}, body=bomb)
    with pytest.raises(TooLarge, match="decompressed"):
        fetch(server.url("/bomb"))


def test_fetch_refuses_loopback_by_default_without_connecting(server: FeedsHTTPServer) -> None:
    with pytest.raises(BlockedAddress, match="loopback"):
        fetch(server.url("/a"), fetch_settings=settings(allow_private_addresses=False))
    assert server.requests == []


def test_fetch_refuses_private_address_by_default() -> None:
    with pytest.raises(BlockedAddress, match="private"):
        fetch("http://10.0.0.1/feed.xml", kind="feed", fetch_settings=settings(allow_private_addresses=False))


def test_fetch_refuses_host_name_resolving_to_loopback(server: FeedsHTTPServer) -> None:
    url = f"http://localhost:{server.port}/a"
    with pytest.raises(BlockedAddress):
        fetch(url, fetch_settings=settings(allow_private_addresses=False))
    assert server.requests == []


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f.0.0.1", "[::ffff:127.0.0.1]"])
def test_fetch_refuses_other_spellings_of_loopback_without_connecting(
    server: FeedsHTTPServer, host: str
) -> None:
    with pytest.raises((BlockedAddress, InvalidURL)):
        fetch(f"http://{host}:{server.port}/a", fetch_settings=settings(allow_private_addresses=False))
    assert server.requests == []


def test_fetch_does_not_keep_cookies_between_requests(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(
        headers={"Content-Type": HTML, "Set-Cookie": "track=1; Path=/"}, body=b"<html></html>"
    )

    async def go() -> None:
        async with Fetcher(settings()) as fetcher:
            for _ in range(2):  # by name: aiohttp's cookie jar ignores cookies of IP hosts anyway
                await fetcher.fetch(f"http://localhost:{server.port}/a", kind="article")

    asyncio.run(go())
    assert [r.headers.get("cookie") for r in server.requests] == [None, None]


def test_fetch_oversized_response_header_raises_connection_failed(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(
        headers={"Content-Type": HTML, "X-Junk": "x" * 100_000}, body=b"<html></html>"
    )
    with pytest.raises(ConnectionFailed):
        fetch(server.url("/a"))


def test_fetch_refuses_metadata_address_even_when_private_allowed() -> None:
    with pytest.raises(BlockedAddress, match="metadata"):
        fetch("http://[fd00:ec2::254]/latest/", fetch_settings=settings(allow_private_addresses=True))


def test_fetch_refuses_non_http_url() -> None:
    with pytest.raises(InvalidURL):
        fetch("file:///etc/passwd")


def test_fetch_article_refuses_non_html_content(server: FeedsHTTPServer) -> None:
    server.routes["/a.pdf"] = Route(headers={"Content-Type": "application/pdf"}, body=b"%PDF-1.4")
    with pytest.raises(NotAllowedContent):
        fetch(server.url("/a.pdf"))


def test_fetch_feed_accepts_xml_served_as_text_html(server: FeedsHTTPServer) -> None:
    server.routes["/feed"] = Route(headers={"Content-Type": "text/html"}, body=RSS)
    assert fetch(server.url("/feed"), kind="feed").body == RSS


def test_fetch_feed_refuses_image_content(server: FeedsHTTPServer) -> None:
    server.routes["/feed"] = Route(headers={"Content-Type": "image/png"}, body=b"\x89PNG")
    with pytest.raises(NotAllowedContent):
        fetch(server.url("/feed"), kind="feed")


def test_fetch_article_honours_robots_disallow(server: FeedsHTTPServer) -> None:
    server.routes["/robots.txt"] = Route(
        headers={"Content-Type": "text/plain"}, body=b"User-agent: newswire\nDisallow: /private/\n"
    )
    server.routes["/private/a"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>")
    with pytest.raises(RobotsDisallowed):
        fetch(server.url("/private/a"), fetch_settings=settings(respect_robots=True))
    assert server.paths() == ["/robots.txt"]


def test_fetch_article_allowed_when_robots_txt_missing(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>")
    fetch(server.url("/a"), fetch_settings=settings(respect_robots=True))
    assert server.paths() == ["/robots.txt", "/a"]


def test_fetch_reads_robots_txt_once_per_site(server: FeedsHTTPServer) -> None:
    robots = b"User-agent: *\nAllow: /\n"
    server.routes["/robots.txt"] = Route(headers={"Content-Type": "text/plain"}, body=robots)
    for path in ("/a", "/b", "/c"):
        server.routes[path] = Route(headers={"Content-Type": HTML}, body=b"<html></html>")

    async def go() -> None:
        async with Fetcher(settings(respect_robots=True)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url(p), kind="article") for p in ("/a", "/b", "/c")))

    asyncio.run(go())
    assert server.paths().count("/robots.txt") == 1


def test_fetch_slow_answer_raises_fetch_timeout(server: FeedsHTTPServer) -> None:
    server.routes["/slow"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>", delay_s=2.0)
    with pytest.raises(FetchTimeout):
        fetch(server.url("/slow"), fetch_settings=settings(total_timeout_s=0.3))


def test_fetch_refused_connection_raises_connection_failed() -> None:
    with serving() as srv:
        url = srv.url("/a")
    with pytest.raises(ConnectionFailed):
        fetch(url)


def test_fetch_keeps_per_host_concurrency(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>", delay_s=0.05)

    async def go() -> None:
        async with Fetcher(settings(per_host_concurrency=1)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url("/a"), kind="article") for _ in range(4)))

    asyncio.run(go())
    assert server.in_flight_peak == 1


def test_fetch_spaces_requests_to_one_host_by_the_delay(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers={"Content-Type": HTML}, body=b"<html></html>")

    async def go() -> None:
        async with Fetcher(settings(per_host_delay_s=0.2, per_host_concurrency=3)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url("/a"), kind="article") for _ in range(3)))

    asyncio.run(go())
    starts = [r.at for r in server.requests]
    assert starts[-1] - starts[0] >= 0.39


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.1.1",
        "100.64.0.1",
        "::1",
        "fd12::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_guard_refuses_non_global_addresses(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address), allow_private=False) is not None


def test_guard_allows_public_address() -> None:
    assert blocked_reason(ipaddress.ip_address("93.184.216.34"), allow_private=False) is None


def test_retry_after_http_date_is_seconds_from_now() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 23 Nov 2026 09:02:00 GMT", now=now) == 120.0

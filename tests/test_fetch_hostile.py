"""Hostile HTTP answers and addresses (issue 15 items 9 and 10), against a real loopback server."""

from __future__ import annotations

import gzip
import ipaddress
from collections.abc import Iterator

import pytest

from pipeline.errors import BlockedAddress, NotAllowedContent, TooLarge
from pipeline.http.guard import AddressGuard, blocked_reason
from pipeline.settings import FetchSettings
from tests.feeds_http_server import FeedsHTTPServer, Route, serving
from tests.test_fetch import fetch, settings

HTML = "text/html; charset=utf-8"


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        yield srv


def gzip_route(body: bytes, *, chunked: bool = False) -> Route:
    headers = {"Content-Type": HTML, "Content-Encoding": "gzip"}
    if chunked:  # members split across network chunks at awkward places
        return Route(headers=headers, chunks=lambda: [body[i : i + 7] for i in range(0, len(body), 7)])
    return Route(headers=headers, body=body)


def test_every_member_of_a_multi_member_gzip_body_is_decoded(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = gzip_route(gzip.compress(b"<html>first ") + gzip.compress(b"second</html>"))
    assert fetch(server.url("/a")).body == b"<html>first second</html>"


def test_gzip_members_split_across_chunks_are_all_decoded(server: FeedsHTTPServer) -> None:
    parts = [f"<p>part {i}</p>".encode() for i in range(20)]
    body = b"".join(gzip.compress(p) for p in parts) + b"\0\0\0\0"  # zero padding, as gzip -d allows
    server.routes["/a"] = gzip_route(body, chunked=True)
    assert fetch(server.url("/a")).body == b"".join(parts)


def test_the_size_limit_counts_every_gzip_member(server: FeedsHTTPServer) -> None:
    member = gzip.compress(b"x" * 600_000, compresslevel=9)  # each member alone is under the limit
    server.routes["/a"] = gzip_route(member * 4)
    with pytest.raises(TooLarge, match="decompressed"):
        fetch(server.url("/a"), fetch_settings=settings(max_bytes=2_000_000))


def test_garbage_after_a_gzip_member_is_a_corrupt_body(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = gzip_route(gzip.compress(b"<html>ok</html>") + b"not gzip at all")
    with pytest.raises(NotAllowedContent) as caught:
        fetch(server.url("/a"))
    assert caught.value.reason == "fetch.corrupt_encoding"


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "169.254.170.2",
        "169.254.170.23",
        "fd00:ec2::254",
        "fd00:ec2::23",
        "100.100.100.200",
        "168.63.129.16",
        "192.0.0.192",
        "169.254.0.23",
        "::ffff:169.254.170.2",  # the same, mapped into IPv6
    ],
)
def test_metadata_endpoints_are_refused_even_when_private_addresses_are_allowed(address: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(address), allow_private=True)
    assert reason is not None and "metadata" in reason


@pytest.mark.parametrize("address", ["169.254.170.2", "::ffff:169.254.169.254"])
def test_a_refused_metadata_address_suggests_no_setting(address: str) -> None:
    guard = AddressGuard(allow_private=True)
    with pytest.raises(BlockedAddress, match="metadata") as refused:
        guard.check_ip(ipaddress.ip_address(address), host=address)
    assert "ALLOW_PRIVATE_ADDRESSES" not in str(refused.value)  # allowing private ones changes nothing


def test_private_addresses_stay_reachable_when_allowed() -> None:
    for address in ("127.0.0.1", "10.1.2.3", "169.254.1.1", "fd12::1"):
        assert blocked_reason(ipaddress.ip_address(address), allow_private=True) is None


def test_fetch_of_the_ecs_credentials_endpoint_is_refused_without_connecting() -> None:
    with pytest.raises(BlockedAddress, match="metadata"):
        fetch(
            "http://169.254.170.2/v2/credentials/x",
            fetch_settings=FetchSettings(allow_private_addresses=True),
        )

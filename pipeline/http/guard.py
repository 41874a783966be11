"""The SSRF guard: which addresses newswire may connect to, checked at connect time.

A feed or article URL comes from the web and may point anywhere, including the machine newswire
runs on, its private network or the cloud metadata service.  Every host name is resolved once and
*each* address it resolves to is checked; the connection is then made to the checked address, not
to the name again, so a DNS answer that changes between the check and the connect (DNS rebinding)
cannot slip a private address through.  The check runs inside the HTTP transport's network
backend (:class:`GuardedBackend`), so it covers every redirect hop and every new connection.

Refused unless ``allow_private_addresses``: loopback, private (RFC 1918, ULA), link-local,
multicast, reserved, unspecified, shared (CGNAT) and every other non-global address, including
IPv4 addresses mapped or embedded in IPv6.  The metadata endpoints are refused always.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from pipeline.errors import BlockedAddress, ConnectionFailed, FetchTimeout

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata services: never reachable, whatever the settings say.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64 or 6to4), if any."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return None


def blocked_reason(ip: IPAddress, *, allow_private: bool) -> str | None:
    """Why connecting to ``ip`` is refused, or None when it is allowed."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        reason = blocked_reason(inner, allow_private=allow_private)
        return f"{reason} (embedded in {ip})" if reason else None
    if ip in METADATA_ADDRESSES:
        return "metadata address"
    if allow_private:
        return None
    for label in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{label}"):
            return f"{label.replace('_', '-')} address"
    return None if ip.is_global else "non-global address"


class AddressGuard:
    """Resolves host names and refuses the addresses newswire must not reach."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def check_ip(self, ip: IPAddress, *, host: str) -> None:
        reason = blocked_reason(ip, allow_private=self.allow_private)
        if reason is not None:
            raise BlockedAddress(f"{host} resolves to {ip}, a {reason}", url=host)

    def check_literal(self, host: str) -> None:
        """Refuse ``host`` now if it is a blocked IP literal (names are checked when resolved)."""
        literal = _ip_literal(host)
        if literal is not None:
            self.check_ip(literal, host=host)

    async def resolve(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and return its addresses, all of them checked; raise BlockedAddress if any is not.

        A name with one bad address among good ones is refused as a whole: mixing them is what a
        rebinding attack looks like.
        """
        literal = _ip_literal(host)
        if literal is not None:
            self.check_ip(literal, host=host)
            return [str(literal)]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except (socket.gaierror, UnicodeError) as exc:
            raise ConnectionFailed(f"cannot resolve {host}: {exc}", url=host) from exc
        addresses = _unique(str(info[4][0]).split("%", 1)[0] for info in infos)
        if not addresses:
            raise ConnectionFailed(f"{host} has no address", url=host)
        for address in addresses:
            self.check_ip(ipaddress.ip_address(address), host=host)
        return addresses


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard has checked."""

    def __init__(self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self._guard.resolve(host, port), timeout)
        except TimeoutError as exc:
            raise FetchTimeout(f"resolving {host} timed out", url=host) from exc
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not reachable from the web", url=path)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool built on :class:`GuardedBackend`.

    httpx does not take a network backend as an argument, so the pool is rebuilt here with the
    same options plus the backend.  No proxies: a proxy would do the connecting for us.
    """

    def __init__(
        self, guard: AddressGuard, *, limits: httpx.Limits, verify: ssl.SSLContext | bool = True
    ) -> None:
        super().__init__(verify=verify, limits=limits, trust_env=False, http1=True, http2=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(guard),
        )

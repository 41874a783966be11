"""The SSRF guard: which addresses newswire may connect to, checked at connect time.

A feed or article URL comes from the web and may point anywhere, including the machine newswire
runs on, its private network or the cloud metadata service.  Every host name is resolved once and
*each* address it resolves to is checked; the connection is then made to the checked address, not
to the name again, so a DNS answer that changes between the check and the connect (DNS rebinding)
cannot slip a private address through.  The check runs inside the HTTP client's resolver
(:class:`GuardedResolver`), so it covers every redirect hop and every new connection.

Refused unless ``allow_private_addresses``: loopback, private (RFC 1918, ULA), link-local,
multicast, reserved, unspecified, shared (CGNAT) and every other non-global address, including
IPv4 addresses mapped or embedded in IPv6.  The cloud metadata and credential endpoints
(:data:`METADATA_ADDRESSES`, :data:`METADATA_NETWORKS`) are refused always, even with
``allow_private_addresses``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult

from pipeline.errors import BlockedAddress, ConnectionFailed, FetchTimeout

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata and credential services: never reachable, whatever the settings say
# (``allow_private_addresses`` is for loopback test servers, never for these).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle... instance metadata
        "169.254.169.253",  # AWS VPC DNS resolver
        "169.254.169.123",  # AWS time sync
        "169.254.170.2",  # AWS ECS task metadata and credentials
        "169.254.170.23",  # AWS EKS pod identity agent
        "169.254.0.23",  # Tencent Cloud metadata
        "100.100.100.200",  # Alibaba Cloud metadata
        "168.63.129.16",  # Azure WireServer / host agent
        "192.0.0.192",  # Oracle Cloud metadata (legacy)
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "fd00:ec2::23",  # AWS EKS pod identity agent over IPv6
        "fd00:ec2::123",  # AWS time sync over IPv6
    )
)
# Whole ranges the providers reserve for such services.
METADATA_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "169.254.169.0/24",  # the link-local block of the metadata endpoints above
        "169.254.170.0/24",  # AWS container credential and pod identity endpoints
        "fd00:ec2::/64",  # AWS's IPv6 link to instance services
    )
)


def is_metadata_address(ip: IPAddress) -> bool:
    """True for a cloud metadata or credential endpoint (refused even with allow_private)."""
    return ip in METADATA_ADDRESSES or any(
        ip in net for net in METADATA_NETWORKS if ip.version == net.version
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
    if is_metadata_address(ip):
        return "cloud metadata address"
    if allow_private:
        return None
    for label in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{label}"):
            return f"{label.replace('_', '-')} address"
    return None if ip.is_global else "non-global address"


ALLOW_HINT = "set NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES=true to allow it for local testing"


class AddressGuard:
    """Resolves host names and refuses the addresses newswire must not reach.

    ``allowed_origins`` are ``host:port`` pairs of IP literals that may be reached even when
    private addresses are refused: replay's own loopback server, and nothing else on that host.
    """

    def __init__(self, *, allow_private: bool, allowed_origins: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed_origins = frozenset(o.lower() for o in allowed_origins)

    def check_ip(self, ip: IPAddress, *, host: str) -> None:
        reason = blocked_reason(ip, allow_private=self.allow_private)
        if reason is not None:
            # a metadata address is refused whatever the settings: no setting to suggest
            hint = "" if reason.startswith("cloud metadata address") else f" ({ALLOW_HINT})"
            raise BlockedAddress(f"{host} resolves to {ip}, a {reason}{hint}", url=host)

    def check_literal(self, host: str, port: int | None = None) -> None:
        """Refuse ``host`` now if it is a blocked IP literal (names are checked when resolved)."""
        literal = _ip_literal(host)
        if literal is None:
            return
        allowed = port is not None and f"{host}:{port}".lower() in self.allowed_origins
        if allowed and literal not in METADATA_ADDRESSES:
            return
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


class GuardedResolver(AbstractResolver):
    """The aiohttp resolver of newswire's connector: every name it answers for has passed the guard.

    aiohttp connects to the addresses a resolver returns (it never resolves the name again), and
    it skips the resolver for IP literals -- those are checked by :meth:`AddressGuard.check_literal`
    before each request.  :class:`~pipeline.errors.BlockedAddress` is not an ``OSError``, so
    aiohttp passes it through to the caller unchanged.
    """

    def __init__(self, guard: AddressGuard, *, timeout_s: float) -> None:
        self._guard = guard
        self._timeout_s = timeout_s

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            async with asyncio.timeout(self._timeout_s):
                addresses = await self._guard.resolve(host, port)
        except TimeoutError as exc:
            raise FetchTimeout(f"resolving {host} timed out", url=host) from exc
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=socket.IPPROTO_TCP,
                flags=socket.AI_NUMERICHOST,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        return None

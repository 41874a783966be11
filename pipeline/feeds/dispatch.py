"""Which due feeds to start now: a few per host at a time, round-robin across hosts.

The fetcher already keeps per-host politeness (a few requests at a time, spaced by a delay), but a
feed waiting for its host's turn would still hold one of the poller's ``max_in_flight`` slots.
When many due feeds share a host -- a publisher with hundreds of section feeds, or every feed at
a cold start, since due feeds come out of the heap in URL order -- the slots fill with feeds of a
handful of hosts queueing behind their politeness delay while every other host sits idle.

:class:`HostQueues` holds those feeds back instead: at most ``per_host`` feeds of one host are in
flight (twice the fetcher's per-host concurrency, so that parsing one feed overlaps fetching the
next); the others wait in their host's queue, outside the in-flight window, and start as the
host's feeds finish, hosts taking turns.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The politeness key of a feed URL: its lower-cased host name ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostQueues:
    """Per-host in-flight counts and queues of due feeds waiting for their host."""

    def __init__(self, per_host: int) -> None:
        self._per_host = max(1, per_host)
        self._in_flight: dict[str, int] = {}
        self._waiting: dict[str, deque[str]] = {}
        self._ready: deque[str] = deque()  # hosts with waiting feeds and room, in turn order

    def offer(self, url: str) -> bool:
        """A due feed: True if it may start now (counted as in flight), else it waits its turn."""
        host = host_of(url)
        if self._in_flight.get(host, 0) < self._per_host and host not in self._waiting:
            self._in_flight[host] = self._in_flight.get(host, 0) + 1
            return True
        self._waiting.setdefault(host, deque()).append(url)
        return False

    def done(self, url: str) -> None:
        """A feed started through this object has finished; its host may start a waiting one."""
        host = host_of(url)
        left = self._in_flight.get(host, 0) - 1
        if left > 0:
            self._in_flight[host] = left
        else:
            self._in_flight.pop(host, None)
        if host in self._waiting and host not in self._ready:
            self._ready.append(host)

    def take_ready(self, limit: int) -> list[str]:
        """Up to ``limit`` waiting feeds whose host has room, one host at a time, counted as in flight."""
        out: list[str] = []
        while self._ready and len(out) < limit:  # each turn takes a feed or drops a host
            host = self._ready.popleft()
            queue = self._waiting.get(host)
            if not queue or self._in_flight.get(host, 0) >= self._per_host:
                continue
            out.append(queue.popleft())
            self._in_flight[host] = self._in_flight.get(host, 0) + 1
            if not queue:
                del self._waiting[host]
            elif self._in_flight[host] < self._per_host:
                self._ready.append(host)
        return out

    def clear(self) -> list[str]:
        """Drop every waiting feed (they stay due in the state); returns them."""
        dropped = [url for q in self._waiting.values() for url in q]
        self._waiting.clear()
        self._ready.clear()
        return dropped

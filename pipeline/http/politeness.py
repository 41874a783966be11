"""Politeness: at most N requests in flight per host, and a minimum gap between their starts.

One :class:`HostLimiter` belongs to one fetcher and one event loop.  Hosts are keyed by lower-cased
host name (the port does not make it another server).  Idle hosts are forgotten once the table
grows, so memory follows the number of hosts being fetched, not the number ever seen.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

_PRUNE_ABOVE = 4096


class _Host:
    __slots__ = ("in_use", "next_start", "semaphore")

    def __init__(self, concurrency: int) -> None:
        self.semaphore = asyncio.Semaphore(concurrency)
        self.next_start = 0.0
        self.in_use = 0


class HostLimiter:
    """Per-host concurrency and spacing of request starts, plus a global concurrency cap.

    A request first waits for its host (a slot, then its turn in the spacing), and only then for a
    global slot, so requests held back by politeness never occupy global capacity.
    """

    def __init__(self, *, per_host: int, delay_s: float, global_limit: int) -> None:
        self._per_host = per_host
        self._delay_s = delay_s
        self._global = asyncio.Semaphore(global_limit)
        self._hosts: dict[str, _Host] = {}
        self._host_delay: dict[str, float] = {}

    def set_delay(self, host: str, delay_s: float) -> None:
        """Raise the gap for one host (robots.txt Crawl-delay); never below the configured one."""
        self._host_delay[host.lower()] = max(self._delay_s, delay_s)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one request slot for ``host`` for the duration of the block."""
        key = host.lower()
        entry = self._hosts.get(key)
        if entry is None:
            self._prune()
            entry = self._hosts[key] = _Host(self._per_host)
        entry.in_use += 1
        try:
            async with entry.semaphore:
                await self._await_turn(entry, self._host_delay.get(key, self._delay_s))
                async with self._global:
                    yield
        finally:
            entry.in_use -= 1

    @staticmethod
    async def _await_turn(entry: _Host, delay_s: float) -> None:
        now = time.monotonic()
        start = max(now, entry.next_start)
        entry.next_start = start + delay_s
        if start > now:
            await asyncio.sleep(start - now)

    def _prune(self) -> None:
        if len(self._hosts) < _PRUNE_ABOVE:
            return
        now = time.monotonic()
        idle = [k for k, h in self._hosts.items() if h.in_use == 0 and h.next_start <= now]
        for key in idle:
            del self._hosts[key]

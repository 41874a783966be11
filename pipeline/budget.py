"""Backpressure from the extraction workers to the network: a byte budget for fetched pages.

The extract stage may hold thousands of records in flight, most of them waiting for a per-host
politeness slot, which costs almost nothing.  A fetched page is another matter: when the cores
are busy it waits in the extraction pool's queue with its whole body.  So each request waits,
before it goes out, until the pages fetched and not yet extracted are under the budget.  It waits
holding nothing: not its host's politeness slot (others of that host would wait behind it, their
deadlines running), and with its own page deadline paused.  Fetching then follows the
pace of extraction, and memory stays bounded however many records are in flight.

Only pages that arrived count: a request in progress holds no body yet (on the web most of a
request's time is the server's delay), and counting it would throttle the very fetches that take
long, whose early start hides their latency behind the extraction queue.  The pages in progress
come on top of the budget, at most ``fetch.max_concurrency`` of them (the bound that held before
the budget).  A page larger than the whole budget still goes through (nothing waits on its own
size); once it is in, no other request goes out until its extraction ends.
"""

from __future__ import annotations

import asyncio
from collections import deque
from contextlib import AbstractContextManager, nullcontext


class ByteBudget:
    """Bytes of fetched pages held until their extraction ends, kept under ``limit``.

    Used on one event loop: :meth:`release` from another thread goes through
    ``loop.call_soon_threadsafe``.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held_bytes = 0  # pages fetched whose extraction has not ended
        self.held_pages = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    def has_room(self) -> bool:
        """Below the budget: a new request may go out."""
        return self.held_bytes < self.limit

    async def room(self) -> None:
        """Wait until :meth:`has_room` (woken by a release, not by polling)."""
        while not self.has_room():
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if not waiter.done():  # cancelled while waiting
                    self._waiters.remove(waiter)

    def hold(self, size: int) -> None:
        """A fetched page of ``size`` bytes was handed to the extraction pool."""
        self.held_bytes += size
        self.held_pages += 1

    def release(self, size: int) -> None:
        """The extraction of a held page of ``size`` bytes ended (done, failed or cancelled)."""
        self.held_bytes -= size
        self.held_pages -= 1
        self._wake()

    def gate(self, deadline: asyncio.Timeout | None = None) -> BudgetGate:
        """A gate for one fetch's requests (see :class:`pipeline.http.fetcher.Gate`)."""
        return BudgetGate(self, deadline)

    def _wake(self) -> None:
        """Let every waiter check again for room; the first in line takes it first."""
        if not self.has_room():
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)


class BudgetGate:
    """One fetch's way through a :class:`ByteBudget`: its requests wait for room, with the fetch's
    ``deadline`` paused meanwhile (waiting for the extraction workers is not the page's fault)."""

    def __init__(self, budget: ByteBudget, deadline: asyncio.Timeout | None) -> None:
        self._budget = budget
        self._deadline = deadline

    async def room(self) -> None:
        if self._budget.has_room():
            return
        loop = asyncio.get_running_loop()
        when = None if self._deadline is None else self._deadline.when()
        left = None if when is None else when - loop.time()
        if self._deadline is not None:
            self._deadline.reschedule(None)
        try:
            await self._budget.room()
        finally:
            if self._deadline is not None:
                self._deadline.reschedule(None if left is None else loop.time() + left)

    def enter(self) -> AbstractContextManager[None] | None:
        """Nothing to hold while the budget has room (a request in progress holds no page yet);
        None when it filled up while the request waited for its host."""
        return nullcontext() if self._budget.has_room() else None

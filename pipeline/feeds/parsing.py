"""Where feeds are parsed: inline on the event loop, or in worker processes.

Parsing is most of a poll's CPU: ~1.8 ms for a plain 20-item RSS 2.0 or Atom 1.0 feed on the lxml
fast path (:mod:`pipeline.stages.poll_fast`), ~7 ms through feedparser for everything else.  With
``poll.parse_workers`` > 0 parsing runs in that many spawned processes, so the event loop keeps
fetching while feeds are parsed on the other cores.  Spawned, not forked: the poller's process has
threads (the asyncio resolver pool, Kafka clients) that a fork would copy mid-flight.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from types import TracebackType
from typing import Self

from pipeline.records import FeedRef
from pipeline.stages.poll import ParsedFeed, parse_feed


class FeedParsing:
    """Runs :func:`parse_feed` inline (``workers=0``) or in a process pool, within an ``async with``."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> Self:
        if self._workers > 0:
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"))
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    async def parse(
        self, feed: FeedRef, body: bytes, *, fetched_at: datetime, headers: Mapping[str, str], base_url: str
    ) -> ParsedFeed:
        """Parse one feed document; raises what :func:`parse_feed` raises."""
        call = functools.partial(
            parse_feed, feed, body, fetched_at=fetched_at, headers=dict(headers), base_url=base_url
        )
        if self._pool is None:
            return call()
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

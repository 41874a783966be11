"""Where feeds are parsed: never on the poller's event loop, and never for longer than a budget.

Parsing is most of a poll's CPU: ~1.8 ms for a plain 20-item RSS 2.0 or Atom 1.0 feed on the lxml
fast path (:mod:`pipeline.stages.poll_fast`), ~7 ms through feedparser for everything else, and
seconds for a hostile multi-megabyte document.  So a parse never runs on the event loop, where it
would stall every other feed's polling and the health endpoint with it:

* ``poll.parse_workers`` = 0: in a small pool of threads of this process (the parsers are linear
  in their input and lxml releases the GIL, so the loop keeps turning);
* ``poll.parse_workers`` > 0: in that many spawned processes, so the event loop keeps fetching
  while feeds are parsed on the other cores.  Spawned, not forked: the poller's process has
  threads (the asyncio resolver pool, Kafka clients) that a fork would copy mid-flight.

Each parse has a time budget (``poll.parse_timeout_s``); one that outlives it is the feed's
:class:`~pipeline.errors.FeedParseTimeout`.  A thread cannot be stopped, so an overrunning parse
finishes in the background, holding one of the pool's threads; in process mode the pool is
replaced, so the next feeds never queue behind it.  A worker process that dies (killed, out of
memory) is that feed's ``feed.parse_failed``, and the pool is replaced too.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from types import TracebackType
from typing import Self

from pipeline.errors import FeedParseError, FeedParseTimeout
from pipeline.log import get_logger
from pipeline.records import FeedRef
from pipeline.stages.poll import DEFAULT_MAX_ITEMS, ParsedFeed, parse_feed

log = get_logger("newswire.poll")

PARSE_THREADS = 4  # a parse overrunning its budget holds one; the others keep parsing


class FeedParsing:
    """Runs :func:`parse_feed` off the event loop, in threads (``workers=0``) or processes."""

    def __init__(self, workers: int, *, timeout_s: float = 10.0, max_items: int = DEFAULT_MAX_ITEMS) -> None:
        self._workers = workers
        self._timeout_s = timeout_s
        self._max_items = max_items
        self._pool: Executor | None = None

    def _new_pool(self) -> Executor:
        if self._workers > 0:
            return ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"))
        return ThreadPoolExecutor(PARSE_THREADS, thread_name_prefix="feed-parse")

    async def __aenter__(self) -> Self:
        self._pool = self._new_pool()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            # Threads still running an overrunning parse are not waited for: they end with it.
            wait = isinstance(pool, ProcessPoolExecutor)
            await asyncio.to_thread(pool.shutdown, wait=wait, cancel_futures=True)

    def _replace(self, pool: Executor | None) -> None:
        """A new process pool in place of ``pool`` (threads cannot be stopped: they are kept)."""
        if isinstance(pool, ProcessPoolExecutor) and self._pool is pool:
            self._pool = self._new_pool()
            pool.shutdown(wait=False)

    async def parse(
        self, feed: FeedRef, body: bytes, *, fetched_at: datetime, headers: Mapping[str, str], base_url: str
    ) -> ParsedFeed:
        """Parse one feed document; raises what :func:`parse_feed` raises, or FeedParseTimeout."""
        call = functools.partial(
            parse_feed,
            feed,
            body,
            fetched_at=fetched_at,
            headers=dict(headers),
            base_url=base_url,
            max_items=self._max_items,
        )
        pool = self._pool  # None outside ``async with``: a one-off in the loop's default executor
        try:
            future = asyncio.get_running_loop().run_in_executor(pool, call)
            return await asyncio.wait_for(future, self._timeout_s)
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory): this feed's failure
            self._replace(pool)
            raise FeedParseError(f"the parsing process died: {exc}") from None
        except TimeoutError:
            self._replace(pool)  # the overrunning parse keeps the old pool to itself
            log.warning("poll.parse_timeout", feed=feed.url, budget_s=self._timeout_s, bytes=len(body))
            raise FeedParseTimeout(
                f"parsing {len(body)} bytes took longer than {self._timeout_s:g} s"
            ) from None

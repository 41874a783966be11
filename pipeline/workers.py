"""The extraction worker pool: CPU-heavy page extraction on every core, each page time-bounded.

Built on pebble's process pool rather than ``concurrent.futures``: pebble ends a worker that runs
past a task's timeout and starts a fresh one, so one pathological page costs its deadline and no
more, and the pool keeps its size.  Workers are spawned (not forked): the parent holds Kafka
client threads and an event loop that a fork would copy in an undefined state.  Each worker is
replaced after ``MAX_TASKS_PER_WORKER`` pages, bounding any slow growth of lxml's memory.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from pebble import ProcessPool

from pipeline.http import Page
from pipeline.records import Article, FeedItem
from pipeline.stages.extract import ExtractOptions, extract

MAX_TASKS_PER_WORKER = 2000


def _warm_up() -> None:
    """Import the extraction stack once per worker, before its first page."""
    import pipeline.stages.extract  # noqa: F401


class ExtractPool:
    """``workers`` processes running :func:`pipeline.stages.extract.extract`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPool(
            max_workers=workers,
            max_tasks=MAX_TASKS_PER_WORKER,
            initializer=_warm_up,
            context=multiprocessing.get_context("spawn"),
        )

    def extract(
        self, item: FeedItem, page: Page, options: ExtractOptions, timeout_s: float
    ) -> Future[Article]:
        """Extract in a worker; the future ends with the Article, the ExtractError, or TimeoutError
        when the worker ran past ``timeout_s`` (counted from when it started on the page)."""
        return self.run(extract, (item, page, options), timeout_s)

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout_s: float) -> Future[Any]:
        """Run ``fn(*args)`` in a worker; past ``timeout_s`` the worker is ended and replaced."""
        future: Future[Any] = self._pool.schedule(fn, args=args, timeout=timeout_s)
        return future

    def close(self) -> None:
        """Stop the workers; pages still queued are abandoned (their records are re-read)."""
        self._pool.stop()
        self._pool.join(timeout=10)

"""The extraction worker pool: CPU-heavy page extraction on every core, each page time-bounded.

Built on pebble's process pool rather than ``concurrent.futures``: pebble ends a worker that runs
past a task's timeout and starts a fresh one, so one pathological page costs its deadline and no
more, and the pool keeps its size.  Workers are spawned (not forked): the parent holds Kafka
client threads and an event loop that a fork would copy in an undefined state.  Each worker is
replaced after ``MAX_TASKS_PER_WORKER`` pages, bounding any slow growth of lxml's memory.

Ctrl-C in a terminal reaches every process of the foreground group.  pebble's workers ignore
SIGINT once they run, but a spawned worker takes about a second to start, and one that receives
Ctrl-C then dies with a KeyboardInterrupt traceback and breaks the pool (the pages in flight are
dead-lettered) while the parent is still finishing its batch.  So the workers are started at once,
from the thread that builds the pool, with SIGINT ignored for the few milliseconds of the spawn:
they inherit the ignored signal through their whole start-up (a Ctrl-C in those milliseconds is
lost).  Workers pebble spawns later (replacements, from its own threads, where a disposition
cannot be changed) start with SIGINT blocked instead: pebble's threads are created with it
blocked, a spawned process inherits the mask, and a Ctrl-C stays pending in the worker, which
ignores SIGINT once it runs.  The parent's main thread still receives Ctrl-C.

pebble marks its pool broken for good when a worker dies while no task runs (killed, out of
memory); every later task would then fail.  ``run`` replaces a broken pool instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

from pebble import ProcessPool

from pipeline.http import Page
from pipeline.log import get_logger
from pipeline.records import Article, FeedItem
from pipeline.stages.extract import ExtractOptions, extract

MAX_TASKS_PER_WORKER = 2000

log = get_logger("newswire.workers")


def _warm_up() -> None:
    """Import the extraction stack once per worker, before its first page."""
    import pipeline.stages.extract  # noqa: F401


def _ready() -> None:
    """A no-op task: scheduling it starts pebble's workers."""


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Processes spawned within the block start with SIGINT ignored (main thread only: elsewhere a
    signal disposition cannot be changed, and the workers' initializer has to do)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread within the block: threads started meanwhile keep it blocked,
    and so do the processes they spawn (the mask survives exec); it stays pending, not lost."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class ExtractPool:
    """``workers`` processes running :func:`pipeline.stages.extract.extract`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._closed = False
        self._replacing = threading.Lock()
        self._pool = self._start_pool()

    def _start_pool(self) -> ProcessPool:
        pool = ProcessPool(
            max_workers=self.workers,
            max_tasks=MAX_TASKS_PER_WORKER,
            initializer=_warm_up,
            context=multiprocessing.get_context("spawn"),
        )
        with _children_ignore_sigint(), _sigint_blocked():
            pool.schedule(_ready)  # pebble starts its threads and workers on first use: now, here
        return pool

    def extract(
        self, item: FeedItem, page: Page, options: ExtractOptions, timeout_s: float
    ) -> Future[Article]:
        """Extract in a worker; the future ends with the Article, the ExtractError, or TimeoutError
        when the worker ran past ``timeout_s`` (counted from when it started on the page)."""
        return self.run(extract, (item, page, options), timeout_s)

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout_s: float) -> Future[Any]:
        """Run ``fn(*args)`` in a worker; past ``timeout_s`` the worker is ended and replaced.

        A pool that pebble reports broken (a worker died while idle) is replaced first.
        """
        try:
            future: Future[Any] = self._pool.schedule(fn, args=args, timeout=timeout_s)
        except RuntimeError:
            if self._closed:
                raise
            log.warning("extraction pool broken: replaced", workers=self.workers)
            with self._replacing:  # close() may run meanwhile on another thread
                self._stop(self._pool)
                self._pool = self._start_pool()
                if self._closed:
                    self._stop(self._pool)
            future = self._pool.schedule(fn, args=args, timeout=timeout_s)
        return future

    def close(self) -> None:
        """Stop the workers; pages still queued are abandoned (their records are re-read)."""
        with self._replacing:
            self._closed = True
            self._stop(self._pool)

    @staticmethod
    def _stop(pool: ProcessPool) -> None:
        pool.stop()
        pool.join(timeout=10)

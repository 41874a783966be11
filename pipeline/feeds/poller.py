"""The feed poller: polls many feeds concurrently on one event loop and emits new and revised items.

One poll of one feed (:meth:`FeedPoller.poll_feed`):

    conditional GET ──304──▶ not_modified (nothing parsed, nothing emitted)
        │200
        ├── same body as last time ──▶ unchanged (nothing parsed)
        ▼
    parse_feed ──▶ entries not yet published, or changed since (revision + 1) ──▶ emit(item)

Then the feed's next poll is scheduled (:mod:`pipeline.feeds.schedule`) and its new state queued
for the :class:`_Committer`, which every ``commit_interval_s`` calls ``flush`` (the caller's
producer flush) and only then writes the batch to the :class:`StateStore`: an item is remembered as
published only once it is acknowledged.

:meth:`FeedPoller.run` is the long-running service: a due-time heap over the feed list, at most
``max_in_flight`` feeds in flight, the feed list reloaded on change or SIGHUP, feeds owned by other
processes skipped (:class:`FeedOwnership`).  There is no thread per feed: everything but the flush
runs on one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import heapq
import random
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from pipeline.errors import NewswireError
from pipeline.feeds.config import FeedConfig, FeedsSource
from pipeline.feeds.dispatch import HostQueues
from pipeline.feeds.ownership import FeedOwnership, OwnAll
from pipeline.feeds.parsing import FeedParsing
from pipeline.feeds.schedule import Hints, after_failure, after_success, max_age_s
from pipeline.feeds.state import (
    FeedState,
    FeedUpdate,
    Published,
    SeenItem,
    StateStore,
    changed_entries,
    with_validators,
)
from pipeline.http import Page
from pipeline.http.fetcher import Fetcher
from pipeline.log import get_logger
from pipeline.records import FeedItem
from pipeline.settings import FetchSettings, PollSettings
from pipeline.stages.poll import ParsedFeed

# Not bound at import: binding would freeze the logger before configure_logging runs.
log = get_logger("newswire.poll")

PollStatus = Literal["new", "unchanged", "not_modified", "failed", "not_owned"]


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of one feed did."""

    feed_url: str
    status: PollStatus
    items: tuple[FeedItem, ...] = ()  # emitted: new and revised items, oldest first
    reason: str | None = None  # error reason code when failed, e.g. "fetch.timeout"
    error: str | None = None  # error message when failed
    http_status: int | None = None
    next_poll_in_s: float | None = None
    failures: int = 0  # consecutive failures so far
    parked: bool = False
    problem: str | None = None  # the feed was malformed but still yielded entries
    items_cut: int = 0  # entries beyond poll.max_items_per_feed, not read


class _Committer:
    """Batches feed-state updates; writes them only after ``flush`` confirmed the emitted items."""

    def __init__(
        self,
        store: StateStore,
        flush: Callable[[], object] | None,
        clock: Callable[[], float],
        on_progress: Callable[[], None] | None = None,
    ) -> None:
        self._store = store
        self._flush = flush
        self._clock = clock
        self._on_progress = on_progress
        self._pending: dict[str, FeedUpdate] = {}
        self.error: Exception | None = None  # the last failed periodic commit, for poll_once to raise

    def add(self, update: FeedUpdate) -> None:
        queued = self._pending.get(update.state.url)
        if queued is None:
            self._pending[update.state.url] = update
        else:
            queued.state = update.state
            queued.published.extend(update.published)

    def state_of(self, url: str) -> FeedState:
        queued = self._pending.get(url)
        return queued.state if queued is not None else self._store.feed(url)

    def seen(self, url: str) -> dict[str, SeenItem]:
        seen = self._store.seen(url)
        queued = self._pending.get(url)
        for p in queued.published if queued is not None else ():
            seen[p.identity] = SeenItem(p.fingerprint, p.revision)
        return seen

    async def commit(self) -> None:
        """Flush, then write the queued states.  The flush runs even with nothing queued: a sink
        that failed may need it to reconnect (items cannot be emitted until it has), and an idle
        flush that succeeds shows the sink is healthy (liveness)."""
        batch, self._pending = self._pending, {}
        if self._flush is not None:
            await asyncio.to_thread(self._flush)
        if batch:
            self._store.commit(batch.values(), now=self._clock())

    async def run(self, stop: asyncio.Event, period_s: float) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), period_s)
            try:
                await self.commit()
            except Exception as exc:  # the batch is dropped: its items are republished, never lost
                self.error = exc
                log.error("poll.commit_failed", error=f"{type(exc).__name__}: {exc}")
            else:
                if self._on_progress is not None:
                    self._on_progress()  # liveness: the loop turns and what it polled is durable


class _DueHeap:
    """Feed URLs by due time (epoch seconds); rescheduling a URL supersedes its earlier entry."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, str]] = []
        self._due: dict[str, float] = {}

    def __contains__(self, url: str) -> bool:
        return url in self._due

    def push(self, url: str, at: float) -> None:
        self._due[url] = at
        heapq.heappush(self._heap, (at, url))

    def discard(self, url: str) -> None:
        self._due.pop(url, None)

    def next_due(self) -> float | None:
        while self._heap and self._due.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: float, limit: int) -> list[str]:
        out: list[str] = []
        while len(out) < limit:
            at = self.next_due()
            if at is None or at > now:
                break
            _, url = heapq.heappop(self._heap)
            del self._due[url]
            out.append(url)
        return out


class FeedPoller:
    """Polls feeds and emits new and revised :class:`FeedItem` records.

    ``emit`` is called synchronously for every item to publish; ``flush``, if given, must return only
    when every item emitted so far is durably published (raise otherwise): state is committed after it.
    ``on_outcome`` sees every :class:`PollOutcome` (metrics, the benchmark); ``on_progress`` is
    called after every successful state commit, idle or not (liveness: it stops when the loop is
    stuck or nothing can be made durable); ``clock`` gives epoch seconds.

    Nothing one feed does stops the loop: every failure of a poll, expected or not, becomes that
    feed's failed outcome, and the feed is always scheduled again.
    """

    def __init__(
        self,
        feeds_source: FeedsSource,
        fetch_settings: FetchSettings,
        poll_settings: PollSettings,
        state: StateStore,
        emit: Callable[[FeedItem], None],
        ownership: FeedOwnership | None = None,
        *,
        flush: Callable[[], object] | None = None,
        on_outcome: Callable[[PollOutcome], None] | None = None,
        on_progress: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self._source = feeds_source
        self._fetch_settings = fetch_settings
        self._settings = poll_settings
        self._emit = emit
        self._on_outcome = on_outcome
        self._ownership = ownership or OwnAll()
        self._clock = clock
        self._rng = rng or random.Random()
        self._committer = _Committer(state, flush, clock, on_progress)
        self._store = state
        self._parser = self._new_parsing(0)
        self.parked: set[str] = set()
        self._unpark_requested = False
        self._unparking: set[str] = set()  # polled now whatever their state's next poll time says

    def _new_parsing(self, workers: int) -> FeedParsing:
        return FeedParsing(
            workers, timeout_s=self._settings.parse_timeout_s, max_items=self._settings.max_items_per_feed
        )

    def request_unpark(self) -> None:
        """Poll every parked feed at once (SIGHUP; thread-safe: the loop picks it up within
        ``reload_check_s``).  A feed that then succeeds is unparked; one that fails stays parked."""
        self._unpark_requested = True

    @contextlib.asynccontextmanager
    async def _parsing(self) -> AsyncIterator[None]:
        """Parse in worker processes (``poll.parse_workers``) for the duration of the block."""
        async with self._new_parsing(self._settings.parse_workers) as parser:
            self._parser = parser
            try:
                yield
            finally:
                self._parser = self._new_parsing(0)

    # --- one-shot ------------------------------------------------------------------------------

    async def poll_once(self, feeds: Sequence[FeedConfig] | None = None) -> list[PollOutcome]:
        """Poll each feed once now (due or not), commit, and return one outcome per feed, in order."""
        feeds = list(self._source.feeds() if feeds is None else feeds)
        outcomes: list[PollOutcome | None] = [None] * len(feeds)
        queue = iter(enumerate(feeds))
        stop = asyncio.Event()
        self._committer.error = None
        async with Fetcher(self._fetch_settings) as fetcher, self._parsing():

            async def worker() -> None:
                for index, feed in queue:
                    outcomes[index] = await self.poll_feed(fetcher, feed)

            committer = asyncio.create_task(self._committer.run(stop, self._settings.commit_interval_s))
            try:
                await asyncio.gather(
                    *(worker() for _ in range(min(len(feeds), self._settings.max_in_flight)))
                )
            finally:
                stop.set()
                await committer
        await self._committer.commit()
        if self._committer.error is not None:
            raise self._committer.error
        return [o for o in outcomes if o is not None]

    # --- service -------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Poll the feed list until ``stop`` is set; then finish the polls in flight and commit."""
        restore_sighup = self._install_sighup()
        feeds: dict[str, FeedConfig] = {}
        due = _DueHeap()
        running: set[asyncio.Task[None]] = set()
        wake = asyncio.Event()
        queues = HostQueues(2 * self._fetch_settings.per_host_concurrency)
        committer = asyncio.create_task(self._committer.run(stop, self._settings.commit_interval_s))
        next_reload = 0.0
        try:
            async with Fetcher(self._fetch_settings) as fetcher, self._parsing():

                def start(url: str) -> None:
                    feed = feeds.get(url)
                    if feed is None:  # removed from the list while it waited for its host
                        queues.done(url)
                        return
                    task = asyncio.create_task(self._poll_scheduled(fetcher, feed, due))
                    running.add(task)

                    def finished(t: asyncio.Task[None]) -> None:
                        running.discard(t)
                        queues.done(url)
                        wake.set()

                    task.add_done_callback(finished)

                self._sync_feeds(feeds, due)
                while not stop.is_set():
                    wake.clear()  # before dispatching: a poll finishing from here on wakes the wait
                    now = self._clock()
                    if now >= next_reload:
                        next_reload = now + self._settings.reload_check_s
                        if self._source.refresh():
                            self._sync_feeds(feeds, due)
                    if self._unpark_requested:
                        self._unpark_requested = False
                        self._unpark(feeds, due, now)
                    for url in queues.take_ready(self._settings.max_in_flight - len(running)):
                        start(url)
                    while len(running) < self._settings.max_in_flight:
                        popped = due.pop_due(now, self._settings.max_in_flight - len(running))
                        if not popped:
                            break
                        for url in popped:
                            if queues.offer(url):
                                start(url)
                    full = len(running) >= self._settings.max_in_flight
                    await self._sleep_until_due(None if full else due.next_due(), stop, wake)
                if running:
                    await asyncio.wait(running, timeout=self._fetch_settings.total_timeout_s + 5)
        finally:
            for task in running:
                task.cancel()
            queues.clear()  # still due: polled first after a restart
            stop.set()
            await committer
            try:
                await self._committer.commit()
            except Exception as exc:  # nothing of the batch is remembered: republished next start
                log.error("poll.commit_failed", error=f"{type(exc).__name__}: {exc}", at="shutdown")
            restore_sighup()

    def _sync_feeds(self, feeds: dict[str, FeedConfig], due: _DueHeap) -> None:
        """Take the current feed list: schedule new feeds (when their state says, else now)."""
        current = {f.url: f for f in self._source.feeds()}
        for url in feeds.keys() - current.keys():
            due.discard(url)
        known = self._store.next_poll_times()
        now = self._clock()
        for url in current.keys() - feeds.keys():
            due.push(url, known.get(url, now))
        feeds.clear()
        feeds.update(current)
        log.info("poll.feeds", feeds=len(feeds))

    def _unpark(self, feeds: dict[str, FeedConfig], due: _DueHeap, now: float) -> None:
        parked = [url for url in self.parked if url in feeds and url in due]
        for url in parked:
            self._unparking.add(url)
            due.push(url, now)
        log.info("poll.unpark_requested", feeds=len(parked))

    async def _sleep_until_due(self, next_at: float | None, stop: asyncio.Event, wake: asyncio.Event) -> None:
        """Wait until ``next_at`` (None: no feed can start before a poll finishes), a poll finishes
        (``wake``), ``stop``, or the next feed-list check, whichever comes first."""
        timeout = self._settings.reload_check_s if next_at is None else next_at - self._clock()
        timeout = min(max(timeout, 0.0), self._settings.reload_check_s)
        if timeout <= 0 or wake.is_set() or stop.is_set():
            await asyncio.sleep(0)
            return
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()

    async def _poll_scheduled(self, fetcher: Fetcher, feed: FeedConfig, due: _DueHeap) -> None:
        now = self._clock()
        if not self._ownership.owns(feed.url):
            due.push(feed.url, now + self._settings.ownership_recheck_s)
            return
        planned = self._committer.state_of(feed.url).next_poll_at
        if feed.url in self._unparking:
            self._unparking.discard(feed.url)
        elif planned is not None and planned > now + 1:
            due.push(feed.url, planned)  # another poller sharing the state file polled it meanwhile
            return
        next_in_s = self._settings.default_interval_s
        try:
            outcome = await self.poll_feed(fetcher, feed)
            next_in_s = outcome.next_poll_in_s or next_in_s
        except Exception as exc:  # poll_feed turns a feed's failures into outcomes: this is a bug
            log.error("poll.task_failed", feed=feed.url, error=f"{type(exc).__name__}: {exc}")
        finally:  # whatever happened, the feed is polled again
            due.push(feed.url, self._clock() + next_in_s)

    def _install_sighup(self) -> Callable[[], None]:
        """On SIGHUP (when we are on the main thread): reload the feed list, if the source supports
        it, and poll the parked feeds again."""
        if not hasattr(signal, "SIGHUP"):
            return lambda: None
        reload = getattr(self._source, "request_reload", None)

        def on_sighup() -> None:
            if reload is not None:
                reload()
            self.request_unpark()

        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGHUP, on_sighup)
        except (NotImplementedError, RuntimeError, ValueError):
            return lambda: None  # not the main thread: the file is still watched for changes

        def restore() -> None:
            loop.remove_signal_handler(signal.SIGHUP)

        return restore

    # --- one feed ------------------------------------------------------------------------------

    async def poll_feed(self, fetcher: Fetcher, feed: FeedConfig) -> PollOutcome:
        """Poll one feed now: fetch, parse, emit what is new or revised, queue its new state.

        Never raises for anything the feed does: every failure is the returned outcome.
        """
        try:
            outcome = await self._poll(fetcher, feed)
        except Exception as exc:  # an unforeseen failure is still this feed's, not the loop's
            log.error("poll.exception", feed=feed.url, error=f"{type(exc).__name__}: {exc}")
            state = self._committer.state_of(feed.url)
            error = NewswireError(f"{type(exc).__name__}: {exc}", reason="poll.exception")
            outcome = self._failed(feed, state, error, self._clock())
        if self._on_outcome is not None:
            try:
                self._on_outcome(outcome)
            except Exception as exc:  # an observer's bug must not stop polling
                log.error("poll.observer_failed", error=f"{type(exc).__name__}: {exc}")
        return outcome

    async def _poll(self, fetcher: Fetcher, feed: FeedConfig) -> PollOutcome:
        if not self._ownership.owns(feed.url):
            return PollOutcome(feed.url, "not_owned")
        state = self._committer.state_of(feed.url)
        now = self._clock()
        try:
            page = await fetcher.fetch(
                feed.url, kind="feed", etag=state.etag, last_modified=state.last_modified
            )
            if page.status == 304:
                return self._succeeded(
                    feed, with_validators(state, page.headers), page, now, status="not_modified"
                )
            body_hash = hashlib.sha256(page.body).hexdigest()[:32]
            if body_hash == state.body_hash:
                return self._succeeded(
                    feed, with_validators(state, page.headers), page, now, status="unchanged"
                )
            parsed = await self._parser.parse(
                feed.ref,
                page.body,
                fetched_at=datetime.fromtimestamp(now, UTC),
                headers=page.headers,
                base_url=page.final_url,
            )
        except NewswireError as exc:  # fetch.*, feed.* (incl. parse failures and timeouts)
            return self._failed(feed, state, exc, now)
        except Exception as exc:  # a library's failure nothing above translated: still this feed's
            log.error("poll.exception", feed=feed.url, error=f"{type(exc).__name__}: {exc}")
            error = NewswireError(f"{type(exc).__name__}: {exc}", reason="poll.exception")
            return self._failed(feed, state, error, now)
        state = replace(with_validators(state, page.headers), body_hash=body_hash)
        return self._publish(feed, state, page, parsed, now)

    def _publish(
        self, feed: FeedConfig, state: FeedState, page: Page, parsed: ParsedFeed, now: float
    ) -> PollOutcome:
        if parsed.problem:
            log.info(
                "poll.malformed_feed_used", feed=feed.url, problem=parsed.problem, entries=len(parsed.entries)
            )
        if parsed.cut:
            log.warning(
                "poll.items_cut", feed=feed.url, kept=len(parsed.entries) + parsed.skipped, cut=parsed.cut
            )
        if parsed.duplicates:
            log.info("poll.duplicate_entries", feed=feed.url, duplicates=parsed.duplicates)
        changes = changed_entries(parsed.entries, self._committer.seen(feed.url))
        items = [
            e.item.model_copy(update={"revision": rev}) if rev else e.item for e, rev in reversed(changes)
        ]
        try:
            for item in items:
                self._emit(item)
        except Exception as exc:  # the sink failed, not the feed: retry soon, remember nothing
            reason = exc.reason if isinstance(exc, NewswireError) else "emit.failed"
            log.error("poll.emit_failed", feed=feed.url, reason=reason, error=str(exc))
            return PollOutcome(
                feed.url,
                "failed",
                reason=reason,
                error=str(exc),
                http_status=page.status,
                next_poll_in_s=self._settings.min_interval_s,
                failures=state.failures,
            )
        published = [Published(e.identity, e.fingerprint, rev) for e, rev in changes]
        dates = [
            d for d in (e.item.published_at or e.item.updated_at for e in parsed.entries) if d is not None
        ]
        return self._succeeded(
            feed,
            state,
            page,
            now,
            status="new" if items else "unchanged",
            items=tuple(items),
            published=published,
            dates=dates,
            parsed=parsed,
        )

    def _succeeded(
        self,
        feed: FeedConfig,
        state: FeedState,
        page: Page,
        now: float,
        *,
        status: PollStatus,
        items: tuple[FeedItem, ...] = (),
        published: Iterable[Published] = (),
        dates: Sequence[datetime] = (),
        parsed: ParsedFeed | None = None,
    ) -> PollOutcome:
        hints = Hints(
            ttl_s=parsed.ttl_s if parsed else None,
            update_period_s=parsed.update_period_s if parsed else None,
            max_age_s=max_age_s(page.headers.get("cache-control")),
        )
        interval, delay = after_success(
            state.interval_s,
            configured_s=feed.interval_s,
            found_new=bool(items),
            dates=dates,
            hints=hints,
            settings=self._settings,
            rng=self._rng,
        )
        if state.parked:
            log.info("poll.feed_unparked", feed=feed.url)
            self.parked.discard(feed.url)
        new_state = replace(
            state,
            interval_s=interval,
            next_poll_at=now + delay,
            failures=0,
            parked=False,
            last_error=None,
            last_polled_at=now,
        )
        self._committer.add(FeedUpdate(new_state, list(published)))
        log.debug("poll.polled", feed=feed.url, status=status, items=len(items), next_in_s=round(delay))
        return PollOutcome(
            feed.url,
            status,
            items=items,
            http_status=page.status,
            next_poll_in_s=delay,
            problem=parsed.problem if parsed else None,
            items_cut=parsed.cut if parsed else 0,
        )

    def _failed(self, feed: FeedConfig, state: FeedState, exc: NewswireError, now: float) -> PollOutcome:
        failures = state.failures + 1
        parked = failures >= self._settings.max_failures
        retry_after = getattr(exc, "retry_after", None)
        delay = after_failure(failures, retry_after_s=retry_after, settings=self._settings, rng=self._rng)
        if parked and not state.parked:
            log.warning(
                "poll.feed_parked",
                feed=feed.url,
                failures=failures,
                reason=exc.reason,
                error=exc.message,
                retry_in_s=round(delay),
            )
        if parked:
            self.parked.add(feed.url)
        log.info("poll.failed", feed=feed.url, reason=exc.reason, error=exc.message, failures=failures)
        new_state = replace(
            state,
            next_poll_at=now + delay,
            failures=failures,
            parked=parked,
            last_error=f"{exc.reason}: {exc.message}",
            last_polled_at=now,
        )
        self._committer.add(FeedUpdate(new_state))
        return PollOutcome(
            feed.url,
            "failed",
            reason=exc.reason,
            error=exc.message,
            http_status=getattr(exc, "status", None),
            next_poll_in_s=delay,
            failures=failures,
            parked=parked,
        )

"""The poll stage of ``newswire run``: the asyncio feed poller in its own thread, publishing to Kafka.

Feed ownership is shared with other pollers through the consumer group of
``<prefix>poll.assignments`` (see :mod:`pipeline.kafka.feed_assignment`); items are published to
``<prefix>items`` and the poller's state is committed only after the producer confirmed them.

After a broker error the producer is replaced (and the items topic re-created if the broker lost
it), as the stage runners do.  Liveness is progress: the ``poll`` loop beats only when a state
commit succeeds, so a loop that is stuck, or that cannot make anything durable, turns ``/healthz``
red after ``stale_after_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable

from pydantic import BaseModel

from pipeline.feeds import FeedPoller, FileFeedsSource, PollOutcome, StateStore
from pipeline.feeds.ownership import slot_for
from pipeline.feeds.state import FeedSnapshot
from pipeline.health import Health
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.feed_assignment import KafkaFeedOwnership
from pipeline.kafka.producer import ReconnectingProducer
from pipeline.kafka.table import KafkaTables
from pipeline.log import get_logger
from pipeline.metrics import Metrics
from pipeline.settings import Settings
from pipeline.stage import Closeable, Tables
from pipeline.topology import group_for, topics_for

log = get_logger("newswire.poll")


class PollerThread:
    """Runs :class:`FeedPoller` until ``stop`` is set; a daemon thread with its own event loop."""

    def __init__(
        self,
        settings: Settings,
        endpoint: BrokerEndpoint,
        *,
        stop: threading.Event,
        metrics: Metrics,
        health: Health,
    ) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.stop = stop
        self.metrics = metrics
        self.health = health
        self.source = FileFeedsSource(settings.data_file("poll.feeds_file"))
        self.ownership = KafkaFeedOwnership(
            settings.kafka,
            endpoint,
            topic=topics_for(settings.kafka).poll_assignments,
            group_id=group_for(settings.kafka, "poll"),
            slot_of=slot_for,
        )
        self._thread = threading.Thread(target=self._run, name="stage-poll", daemon=True)
        self.crashed: BaseException | None = None
        self._poller: FeedPoller | None = None

    def start(self) -> None:
        self.ownership.start()
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() or self.stop.is_set()

    def join(self, timeout_s: float = 60.0) -> None:
        self._thread.join(timeout_s)
        self.ownership.close()

    def reload(self) -> None:
        """Re-read the feed list now and poll the parked feeds again (SIGHUP)."""
        self.source.request_reload()
        if self._poller is not None:
            self._poller.request_unpark()

    def readiness(self) -> tuple[bool, str]:
        if self.ownership.mismatch is not None:
            return False, f"every feed polled, but {self.ownership.mismatch}"
        slots = len(self.ownership.slots)
        return (True, f"{slots} feed slot(s) owned") if self._thread.is_alive() else (False, "poller stopped")

    def _on_outcome(self, outcome: PollOutcome) -> None:
        self.metrics.feed_poll(
            "parked" if outcome.parked else outcome.status,
            reason=outcome.reason if outcome.status == "failed" else None,
            items_cut=outcome.items_cut,
        )

    def _recreate_items_topic(self) -> None:
        """Create the items topic and the feed-state changelog when missing (a restarted
        memory-only broker lost them)."""
        topics = topics_for(self.settings.kafka)
        changelog = topics.changelog("poll", "feeds")
        ensure_topics(self.settings.kafka, self.endpoint, [topics.items, changelog], compacted=[changelog])

    def _run(self) -> None:
        topic = topics_for(self.settings.kafka).items
        store = StateStore.in_dir(self.settings.path(self.settings.poll.state_dir))
        try:
            reconnect = self._recreate_items_topic
            with (
                contextlib.ExitStack() as stack,
                ReconnectingProducer(self.settings.kafka, self.endpoint, on_reconnect=reconnect) as producer,
            ):
                changelog = topics_for(self.settings.kafka).changelog("poll", "feeds")
                reconnect()  # the changelog must exist before its table is read
                table = share_poll_state(
                    store,
                    KafkaTables(self.settings.kafka, self.endpoint),
                    changelog,
                    send=producer.send,
                    flush=producer.flush,
                )
                stack.callback(table.close)
                poller = self._poller = FeedPoller(
                    self.source,
                    self.settings.fetch,
                    self.settings.poll,
                    store,
                    lambda item: producer.send(topic, item.article_id, item),
                    self.ownership,
                    flush=producer.flush,
                    on_outcome=self._on_outcome,
                    on_progress=lambda: self.health.beat("poll"),
                )
                asyncio.run(self._main(poller))
        except BaseException as exc:
            self.crashed = exc
            log.error("poller crashed", error=f"{type(exc).__name__}: {exc}")
            raise
        finally:
            store.close()

    async def _main(self, poller: FeedPoller) -> None:
        stop = asyncio.Event()

        async def watch() -> None:
            while not self.stop.is_set():
                self.metrics.set_feeds_parked(len(poller.parked))
                await asyncio.sleep(0.5)
            stop.set()

        self.health.beat("poll")

        watcher = asyncio.create_task(watch())
        try:
            await poller.run(stop)
        finally:
            watcher.cancel()


def share_poll_state(
    store: StateStore,
    tables: Tables,
    changelog: str,
    *,
    send: Callable[[str, str, BaseModel], None],
    flush: Callable[[], object],
) -> Closeable:
    """Make ``store`` follow its feeds across pollers through the compacted ``changelog`` topic.

    Every committed batch's feeds are written to it (keyed by feed URL, after the items they
    record were flushed), and every poller applies the snapshots of the feeds it does not own, so
    the poller a feed moves to continues from its validators and seen items: nothing is
    published again.  A snapshot is applied only when it was polled later than what the store
    holds, so a poller's own echo (or a snapshot lost in a crash before it was written) never
    takes its store back in time.
    """

    def publish(snapshots: list[FeedSnapshot]) -> None:
        for snapshot in snapshots:
            send(changelog, snapshot.url, snapshot)
        flush()

    def apply(_topic: str, _key: bytes | None, value: bytes | None) -> None:
        if value is None:
            return
        snapshot = FeedSnapshot.model_validate_json(value)
        known = store.feed(snapshot.url).last_polled_at
        if known is None or (snapshot.last_polled_at or 0.0) > known:
            store.apply(snapshot, now=time.time())

    table = tables.open([changelog], apply)
    store.on_commit = publish
    return table

"""Scale-out of the poller through Kafka consumer-group assignment (no new server).

Every poller process joins one consumer group on the ``<prefix>poll.assignments`` topic, which has
P partitions and carries no records: the group is used only for its membership protocol.  A feed
belongs to slot ``slot_for(url, P)``; a process polls the feeds whose slot is a partition Kafka
has assigned to it.  When a process joins, leaves or dies (its session times out), Kafka
rebalances and its partitions — hence its feeds — move to the others, so no feed is lost, and
each partition has one owner at a time, so no feed is polled by two processes at once.

A background thread keeps the membership alive by polling the consumer.  While a rebalance is in
progress this process owns nothing (revocation comes first), which errs on the side of a short
pause rather than a double poll.  The feed's next due time lives in the poller's state store; the
new owner of a feed honours it when the store is shared (processes on one machine), otherwise it
polls the feed once on taking it over.

The topic's partition count is the slot count every poller hashes with, so it must be exactly
``slots``: the topic is created with it, checked at start, and checked again every
``verify_every_s`` and after any broker error.  The consumer never auto-creates the topic (a
restarted memory-only broker would otherwise give it its default of 4 partitions, and feeds of
slots 4-23 would silently never be polled); a missing topic is re-created with the right count.  A
topic found with another count stops this process with :class:`~pipeline.errors.TopicMismatch`
(:attr:`KafkaFeedOwnership.failure`), owning nothing until then.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from pipeline.errors import BrokerError, TopicMismatch
from pipeline.feeds.ownership import slot_for
from pipeline.kafka.admin import ensure_partitioned_topic
from pipeline.kafka.client import BrokerEndpoint, consumer_config
from pipeline.log import get_logger
from pipeline.settings import KafkaSettings

log = get_logger("newswire.feed_assignment")

DEFAULT_SLOTS = 24


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, owner: KafkaFeedOwnership) -> None:
        self._owner = owner

    def on_partitions_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        self._owner._set_slots(frozenset())

    def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        self._owner._set_slots(frozenset(tp.partition for tp in assigned))


class KafkaFeedOwnership:
    """A :class:`pipeline.feeds.FeedOwnership` backed by a Kafka consumer group; use as a context manager."""

    def __init__(
        self,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        *,
        topic: str,
        group_id: str,
        slots: int = DEFAULT_SLOTS,
        poll_timeout_ms: int = 200,
        verify_every_s: float = 10.0,
    ) -> None:
        self._kafka = kafka
        self._endpoint = endpoint
        self._topic = topic
        self._group_id = group_id
        self.slots_total = slots
        self._poll_timeout_ms = poll_timeout_ms
        self._verify_every_s = verify_every_s
        self.failure: BrokerError | None = None  # set when this process must stop polling
        self._slots: frozenset[int] = frozenset()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._consumer: KafkaConsumer | None = None

    @property
    def slots(self) -> frozenset[int]:
        """The slots (partitions) this process owns right now."""
        return self._slots

    def owns(self, feed_url: str) -> bool:
        return self.failure is None and slot_for(feed_url, self.slots_total) in self._slots

    def start(self) -> KafkaFeedOwnership:
        """Create the topic if needed, join the group and keep the membership alive in a thread."""
        ensure_partitioned_topic(self._kafka, self._endpoint, self._topic, self.slots_total)
        try:
            config = consumer_config(self._kafka, self._endpoint, group_id=self._group_id)
            self._consumer = KafkaConsumer(**config, allow_auto_create_topics=False)
            self._consumer.subscribe([self._topic], listener=_Listener(self))
        except KafkaError as exc:
            raise BrokerError(f"cannot join poller group {self._group_id}: {exc}") from exc
        self._thread = threading.Thread(target=self._keep_alive, name="feed-assignment", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Leave the group (its feeds move to the other pollers at once)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        self._set_slots(frozenset())

    def __enter__(self) -> KafkaFeedOwnership:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _keep_alive(self) -> None:
        assert self._consumer is not None
        next_check = time.monotonic() + self._verify_every_s
        try:
            while not self._stop.is_set() and self.failure is None:
                try:
                    self._consumer.poll(timeout_ms=self._poll_timeout_ms)  # the topic stays empty
                except KafkaError as exc:
                    self._set_slots(frozenset())
                    log.warning("feed_assignment.poll_failed", error=str(exc))
                    next_check = 0.0  # a broker error may be a restart: check the topic first
                    self._stop.wait(1.0)
                if time.monotonic() >= next_check:
                    next_check = time.monotonic() + self._verify_every_s
                    self._verify_topic()
        finally:
            self._consumer.close()

    def _verify_topic(self) -> None:
        """Re-create the topic if a broker restart lost it; stop on a wrong partition count."""
        try:
            ensure_partitioned_topic(self._kafka, self._endpoint, self._topic, self.slots_total)
        except TopicMismatch as exc:
            self._set_slots(frozenset())
            self.failure = exc
            log.error("feed_assignment.topic_mismatch", topic=self._topic, error=exc.message)
        except BrokerError as exc:  # unreachable now: the next check retries
            log.warning("feed_assignment.verify_failed", topic=self._topic, error=exc.message)

    def _set_slots(self, slots: frozenset[int]) -> None:
        if slots != self._slots:
            log.info("feed_assignment.slots", group=self._group_id, slots=sorted(slots))
        self._slots = slots

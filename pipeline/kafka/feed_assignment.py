"""Scale-out of the poller through Kafka consumer-group assignment (no new server).

Every poller process joins one consumer group on the ``<prefix>poll.assignments`` topic, which has
P partitions and carries no records: the group is used only for its membership protocol.  A feed
belongs to slot ``slot_of(url, slots)`` (24 slots; the function is injected, see
:func:`pipeline.feeds.ownership.slot_for`); a process polls the feeds whose slot maps to a
partition Kafka has assigned to it (slot ``s`` maps to partition ``s % P``).  When a process joins,
leaves or dies (its session times out), Kafka rebalances and its partitions — hence its feeds —
move to the others, so no feed is lost, and each partition has one owner at a time, so no feed is
polled by two processes at once.

A background thread keeps the membership alive by polling the consumer.  While a rebalance is in
progress this process owns nothing (revocation comes first), which errs on the side of a short
pause rather than a double poll.  The feed's next due time lives in the poller's state store; the
new owner of a feed honours it when the store is shared (processes on one machine), otherwise it
polls the feed once on taking it over.

The partition count: the topic is created with one partition per slot, and a topic found with
another count at start is refused (:class:`~pipeline.errors.TopicMismatch`, naming both counts).
While running, the topic is checked every ``verify_every_s`` from the consumer's metadata (which
follows broker restarts within seconds): a topic a restarted memory-only broker lost is re-created
with the right count and the group joined again.  A topic that comes back with another count -- the
embedded broker re-creates it with its default of 4 as soon as a member asks, ignoring the client's
"do not auto-create" -- cannot be repaired in place (deleting it leaves the broker's group unable to
rebalance), so it is reported (``feed_assignment.topic_mismatch``, and ``/readyz`` says so) while
the ``s % P`` mapping keeps every feed owned: fewer pollers can share the work until it is fixed,
but no feed is dropped (with slot ownership tied to 24 partitions, 4 left slots 4-23 unpolled).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from pipeline.errors import BrokerError, TopicMismatch
from pipeline.kafka import membership
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
        self._owner._assigned(frozenset(tp.partition for tp in assigned))


class KafkaFeedOwnership:
    """A :class:`pipeline.feeds.FeedOwnership` backed by a Kafka consumer group; use as a context manager."""

    def __init__(
        self,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        *,
        topic: str,
        group_id: str,
        slot_of: Callable[[str, int], int],
        slots: int = DEFAULT_SLOTS,
        poll_timeout_ms: int = 200,
        verify_every_s: float = 10.0,
    ) -> None:
        self._kafka = kafka
        self._endpoint = endpoint
        self._topic = topic
        self._group_id = group_id
        self.slots_total = slots
        self._slot_of = slot_of  # key → slot, injected: this layer knows nothing of feeds
        self._poll_timeout_ms = poll_timeout_ms
        self._verify_every_s = verify_every_s
        self.mismatch: str | None = None  # why the topic's partition count is not ``slots``
        self._slots: frozenset[int] = frozenset()
        self._partitions = slots  # the topic's partition count at the last assignment
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._consumer: KafkaConsumer | None = None

    @property
    def slots(self) -> frozenset[int]:
        """The partitions of the assignment topic this process owns right now."""
        return self._slots

    def owns(self, feed_url: str) -> bool:
        slot = self._slot_of(feed_url, self.slots_total)
        return slot % self._partitions in self._slots

    def start(self) -> KafkaFeedOwnership:
        """Create the topic if needed, join the group and keep the membership alive in a thread."""
        ensure_partitioned_topic(self._kafka, self._endpoint, self._topic, self.slots_total)
        self._consumer = self._join()
        self._thread = threading.Thread(target=self._keep_alive, name="feed-assignment", daemon=True)
        self._thread.start()
        return self

    def _join(self) -> KafkaConsumer:
        try:
            config = consumer_config(self._kafka, self._endpoint, group_id=self._group_id)
            # Fresh metadata every few seconds, so a topic re-created by a restarted broker (with
            # its default count) is seen by the next check.
            consumer = KafkaConsumer(
                **{**config, "allow_auto_create_topics": False, "metadata_max_age_ms": 5000}
            )
            consumer.subscribe([self._topic], listener=_Listener(self))
        except KafkaError as exc:
            raise BrokerError(f"cannot join poller group {self._group_id}: {exc}") from exc
        return consumer

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
        next_check = time.monotonic() + self._verify_every_s
        try:
            while not self._stop.is_set():
                try:
                    if self._consumer is None:  # a rejoin failed: try again
                        self._consumer = self._join()
                    membership.poll(self._consumer, self._poll_timeout_ms)  # the topic stays empty
                except (KafkaError, BrokerError) as exc:
                    self._set_slots(frozenset())
                    log.warning("feed_assignment.poll_failed", error=str(exc))
                    next_check = 0.0  # a broker error may be a restart: check the topic first
                    self._stop.wait(1.0)
                if time.monotonic() >= next_check:
                    next_check = time.monotonic() + self._verify_every_s
                    self._verify_topic()
        finally:
            if self._consumer is not None:
                self._consumer.close()

    def _verify_topic(self) -> None:
        """Re-create the topic if a broker restart lost it; report another partition count.

        The consumer's own metadata answers without a request; the admin client is used only
        when it shows the topic missing or with another count.
        """
        consumer = self._consumer
        known = consumer.partitions_for_topic(self._topic) if consumer is not None else None
        if known is not None and len(known) == self.slots_total:
            self._report_mismatch(None)
            return
        try:
            if ensure_partitioned_topic(self._kafka, self._endpoint, self._topic, self.slots_total):
                # The broker lost the topic (a restart): a new consumer joins the new group at once,
                # where the old one would wait for its next metadata refresh to see the topic.
                log.warning("feed_assignment.topic_recreated", topic=self._topic, partitions=self.slots_total)
                self._rejoin()
            self._report_mismatch(None)
        except TopicMismatch as exc:
            self._report_mismatch(exc.message)
        except BrokerError as exc:  # unreachable now: the next check retries
            log.warning("feed_assignment.verify_failed", topic=self._topic, error=exc.message)

    def _report_mismatch(self, problem: str | None) -> None:
        if problem is not None and problem != self.mismatch:
            log.error(
                "feed_assignment.topic_mismatch",
                topic=self._topic,
                error=problem,
                note="every feed is still polled (slot % partitions); scale-out is limited until fixed",
            )
        self.mismatch = problem

    def _rejoin(self) -> None:
        old, self._consumer = self._consumer, None
        self._set_slots(frozenset())
        if old is not None:
            try:
                old.close()
            except Exception as exc:  # a consumer of the old broker: its close may fail
                log.debug("feed_assignment.close_failed", error=str(exc))
        self._consumer = self._join()

    def _assigned(self, partitions: frozenset[int]) -> None:
        consumer = self._consumer
        known = consumer.partitions_for_topic(self._topic) if consumer is not None else None
        self._partitions = len(known) if known else self.slots_total
        self._set_slots(partitions)

    def _set_slots(self, slots: frozenset[int]) -> None:
        if slots != self._slots:
            log.info("feed_assignment.slots", group=self._group_id, slots=sorted(slots))
        self._slots = slots

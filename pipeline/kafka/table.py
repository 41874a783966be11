"""A global table: every record of some (compacted) topics, applied to local state in this process.

Like a Kafka Streams GlobalKTable: each process that opens the table reads all partitions of its
topics from the beginning (no consumer group, no committed offsets) and keeps applying what
others write.  :meth:`GlobalTable.start` returns once the table is restored: it reads until every
partition reached the end offset observed *before* the restore began and a poll then came back
empty (end offsets are wrong on the embedded broker while producers batch, so they are only a
lower bound; the empty poll confirms nothing more was waiting).  After that a thread tails the
topics; what it applies is ``applied``.

The table knows nothing of what it holds: ``apply(topic, key, value)`` is injected.  Writing to a
table is producing to its topic (a stage's changelog outputs go through the stage runner, which
commits its input offsets only after they were acknowledged).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from pipeline.errors import BrokerError
from pipeline.kafka.client import BrokerEndpoint, consumer_config
from pipeline.log import get_logger
from pipeline.settings import KafkaSettings

Apply = Callable[[str, bytes | None, bytes | None], None]
_TAIL_POLL_MS = 50


class GlobalTable:
    """Reads ``topics`` whole into ``apply``, then keeps tailing them on a thread."""

    def __init__(
        self,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        topics: Sequence[str],
        apply: Apply,
        *,
        restore_timeout_s: float = 120.0,
    ) -> None:
        self._kafka = kafka
        self._endpoint = endpoint
        self.topics = list(topics)
        self._apply = apply
        self._restore_timeout_s = restore_timeout_s
        self._consumer: KafkaConsumer | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.applied = 0  # records applied so far (restore and tail)
        self.restored = 0  # records applied by the restore
        self.failed: BaseException | None = None
        self.log = get_logger("newswire.table", topics=self.topics)

    def start(self) -> GlobalTable:
        """Restore the whole table (blocking), then tail it in the background."""
        try:
            self._consumer = self._assign()
            started = time.monotonic()
            self.restored = self._restore()
        except KafkaError as exc:
            self.close()
            raise BrokerError(f"cannot restore table {', '.join(self.topics)}: {exc}") from exc
        self.log.info("table restored", records=self.restored, seconds=round(time.monotonic() - started, 3))
        self._thread = threading.Thread(target=self._tail, name=f"table-{self.topics[0]}", daemon=True)
        self._thread.start()
        return self

    def _assign(self) -> KafkaConsumer:
        config = consumer_config(self._kafka, self._endpoint, group_id=None)
        consumer = KafkaConsumer(**{**config, "isolation_level": "read_committed"})
        partitions = []
        for topic in self.topics:
            found = consumer.partitions_for_topic(topic)
            if not found:
                raise BrokerError(f"table topic {topic} does not exist (create the pipeline topics first)")
            partitions += [TopicPartition(topic, p) for p in sorted(found)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        return consumer

    def _restore(self) -> int:
        assert self._consumer is not None
        consumer = self._consumer
        ends = consumer.end_offsets(list(consumer.assignment()))
        deadline = time.monotonic() + self._restore_timeout_s
        count = 0
        while time.monotonic() < deadline:
            n = self._poll_once(200)
            count += n
            reached = all(consumer.position(tp) >= end for tp, end in ends.items())
            if reached and n == 0:
                return count
        raise BrokerError(f"table {', '.join(self.topics)} not restored within {self._restore_timeout_s:g}s")

    def _poll_once(self, timeout_ms: int) -> int:
        assert self._consumer is not None
        polled = self._consumer.poll(timeout_ms=timeout_ms, max_records=10_000)
        count = 0
        for tp, messages in polled.items():
            for message in messages:
                self._apply(tp.topic, message.key, message.value)
                count += 1
        self.applied += count
        return count

    def _tail(self) -> None:
        while not self._stop.is_set():
            try:
                self._poll_once(_TAIL_POLL_MS)
            except Exception as exc:  # a broken table must be seen, not silently stale
                self.failed = exc
                self.log.error("table tail failed", error=f"{type(exc).__name__}: {exc}")
                return

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._consumer is not None:
            try:
                self._consumer.close()
            except Exception as exc:
                self.log.debug("table consumer close failed", error=str(exc))
            self._consumer = None


class KafkaTables:
    """The :class:`~pipeline.stage.Tables` of a running process: global tables on this broker."""

    def __init__(self, kafka: KafkaSettings, endpoint: BrokerEndpoint) -> None:
        self._kafka = kafka
        self._endpoint = endpoint

    def open(self, topics: Sequence[str], apply: Apply) -> GlobalTable:
        return GlobalTable(self._kafka, self._endpoint, topics, apply).start()

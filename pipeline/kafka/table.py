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
_RECONNECT_MIN_S, _RECONNECT_MAX_S = 0.5, 8.0


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
        self._reread = threading.Event()
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
                try:
                    self._apply(tp.topic, message.key, message.value)
                except Exception as exc:  # one bad entry must not stop the table
                    self.log.warning(
                        "table entry skipped",
                        topic=tp.topic,
                        partition=tp.partition,
                        offset=message.offset,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                    continue
                count += 1
        self.applied += count
        return count

    def _tail(self) -> None:
        """Apply what others write; on a broker failure, reconnect and read the topics again.

        A memory-only broker that restarted lost the topics, so the old positions mean nothing:
        the table re-reads its topics from the beginning (applying an entry twice is harmless:
        a table holds the latest value per key).
        """
        backoff = _RECONNECT_MIN_S
        while not self._stop.is_set():
            try:
                if self._reread.is_set():
                    self._reread.clear()
                    self._drop_consumer()
                if self._consumer is None:
                    self._consumer = self._assign()
                    self.log.info("table reading its topics again")
                self._poll_once(_TAIL_POLL_MS)
                self.failed, backoff = None, _RECONNECT_MIN_S
            except Exception as exc:
                self.failed = exc  # seen, not silently stale
                self.log.warning(
                    "table tail failed; reconnecting",
                    error=f"{type(exc).__name__}: {exc}",
                    retry_in_s=backoff,
                )
                self._drop_consumer()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, _RECONNECT_MAX_S)

    def reread(self) -> None:
        """Read the topics again from the beginning (the tail thread does it at its next turn).

        For a broker that may have restarted: a memory-only broker re-creates the topics empty,
        and a position kept from before would skip the new entries below it.
        """
        self._reread.set()

    def _drop_consumer(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            try:
                consumer.close()
            except Exception as exc:
                self.log.debug("table consumer close failed", error=str(exc))

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._drop_consumer()


class KafkaTables:
    """The :class:`~pipeline.stage.Tables` of a running process: global tables on this broker."""

    def __init__(self, kafka: KafkaSettings, endpoint: BrokerEndpoint) -> None:
        self._kafka = kafka
        self._endpoint = endpoint
        self._opened: list[GlobalTable] = []

    def open(self, topics: Sequence[str], apply: Apply) -> GlobalTable:
        table = GlobalTable(self._kafka, self._endpoint, topics, apply).start()
        self._opened.append(table)
        return table

    def reread(self) -> None:
        """Every table opened here reads its topics again (after the clients were recreated)."""
        for table in self._opened:
            table.reread()

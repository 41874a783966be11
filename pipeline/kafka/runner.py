"""The generic stage runner: consume a batch → apply a step → produce → commit.

Delivery: at-least-once.  Offsets are committed only after every output and every dead letter
of the batch is acknowledged by the broker (acks=all).  With
``processing_guarantee: exactly_once`` outputs and offsets are committed in one Kafka transaction.

A record a step cannot process becomes a :class:`~pipeline.records.DeadLetter` (original record,
stage, error class, reason) on the dead-letter topic, and the batch goes on.  Retryable errors are
retried ``max_retries`` times with backoff first.  When the broker fails mid-batch nothing is
committed: the clients are recreated (a restarted broker breaks kafka-python's idempotent
producer) and the batch is consumed again from the last committed offset.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import CommitFailedError, KafkaError, MessageSizeTooLargeError
from kafka.structs import OffsetAndMetadata
from pydantic import BaseModel

from pipeline.errors import BrokerError, NewswireError, RecordTooLarge, StageError
from pipeline.kafka import codec
from pipeline.kafka.client import BrokerEndpoint, consumer_config, producer_config
from pipeline.log import get_logger
from pipeline.records import DeadLetter, SourceRecord
from pipeline.settings import KafkaSettings

In = TypeVar("In", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Output:
    """One record a step wants produced."""

    topic: str
    key: str | None
    record: BaseModel


Result = list[Output] | NewswireError


class Step(Protocol[In]):
    """A named processing step: a batch of input records → one result per record, in order.

    A result is the list of outputs for that record, or the NewswireError it failed with.
    """

    name: str
    input_model: type[In]

    def process(self, records: Sequence[In]) -> list[Result]: ...


class RunnerObserver(Protocol):
    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[DeadLetter],
        seconds: float,
    ) -> None: ...

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None: ...

    def on_poll(self, stage: str) -> None:
        """Called after every poll, empty or not: a liveness heartbeat."""
        ...


@dataclass
class _Pending:
    """A consumed message on its way through the batch."""

    message: Any
    record: BaseModel | None = None
    result: Result | None = None
    attempts: int = 0


@dataclass
class RunnerStats:
    batches: int = 0
    records_in: int = 0
    records_out: int = 0
    dead_letters: int = 0
    reconnects: int = 0
    last_poll_at: float = field(default_factory=time.monotonic)
    last_record_at: float = field(default_factory=time.monotonic)


class _Membership(ConsumerRebalanceListener):  # type: ignore[misc]
    """Tracks whether the consumer has joined its group and which partitions it holds."""

    def __init__(self, runner: StageRunner[Any]) -> None:
        self.runner = runner

    def on_partitions_revoked(self, revoked: Any) -> None:
        self.runner.joined = False
        if revoked:
            self.runner.log.info(
                "partitions revoked", partitions=sorted(f"{t.topic}/{t.partition}" for t in revoked)
            )

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.runner.joined = True
        self.runner.log.info(
            "partitions assigned", partitions=sorted(f"{t.topic}/{t.partition}" for t in assigned)
        )


class StageRunner(Generic[In]):
    """Runs one step as a member of the consumer group ``group_id``."""

    def __init__(
        self,
        step: Step[In],
        *,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        input_topics: Sequence[str],
        dead_letter_topic: str,
        group_id: str,
        stop: threading.Event | None = None,
        observer: RunnerObserver | None = None,
        from_beginning: bool = True,
        retry_backoff_s: float = 0.2,
        on_reconnect: Callable[[], None] | None = None,
        state_check_s: float = 5.0,
    ) -> None:
        self.step = step
        self.kafka = kafka
        self.endpoint = endpoint
        self.input_topics = list(input_topics)
        self.dead_letter_topic = dead_letter_topic
        self.group_id = group_id
        self.stop = stop or threading.Event()
        self.observer = observer
        self.from_beginning = from_beginning
        self.retry_backoff_s = retry_backoff_s
        self.on_reconnect = on_reconnect
        self.state_check_s = state_check_s
        self._committed: dict[TopicPartition, int] = {}
        self._last_state_check = time.monotonic()
        self.stats = RunnerStats()
        self.log = get_logger("newswire.runner", stage=step.name, group=group_id)
        self._consumer: KafkaConsumer | None = None
        self._producer: KafkaProducer | None = None
        self._transactional = kafka.processing_guarantee == "exactly_once"
        self.joined = False  # set by the rebalance listener once the group assigned us (maybe nothing)

    # -- client lifecycle -------------------------------------------------------------------
    def _open(self) -> None:
        if self.stats.reconnects and self.on_reconnect is not None:
            self.on_reconnect()  # e.g. re-create topics a restarted memory-only broker lost
        consumer = KafkaConsumer(
            **consumer_config(
                self.kafka, self.endpoint, group_id=self.group_id, from_beginning=self.from_beginning
            )
        )
        consumer.subscribe(self.input_topics, listener=_Membership(self))
        txn_id = f"{self.group_id}-{id(self)}" if self._transactional else None
        producer = KafkaProducer(**producer_config(self.kafka, self.endpoint, transactional_id=txn_id))
        if self._transactional:
            producer.init_transactions()
        self._consumer, self._producer = consumer, producer

    def _close(self, *, timeout_s: float = 5.0) -> None:
        consumer, producer = self._consumer, self._producer
        self._consumer = self._producer = None
        self.joined = False
        self._committed.clear()
        for client in (producer, consumer):
            if client is None:
                continue
            try:
                client.close(timeout_s) if isinstance(client, KafkaProducer) else client.close()
            except Exception as exc:  # closing a client of a dead broker must not mask the cause
                self.log.debug("client close failed", error=str(exc))

    @property
    def assignment(self) -> set[TopicPartition]:
        return set(self._consumer.assignment()) if self._consumer else set()

    def readiness(self) -> tuple[bool, str]:
        """For /readyz: connected to the broker and a member of the group."""
        consumer = self._consumer
        if consumer is None:
            return False, "not connected to the broker"
        if not self.joined:
            return False, "joining consumer group"
        return True, f"{len(self.assignment)} partition(s) assigned"

    # -- main loop --------------------------------------------------------------------------
    def run(self) -> RunnerStats:
        """Process batches until ``stop`` is set; then finish the batch in hand, commit, close."""
        self.log.info("stage started", topics=self.input_topics)
        try:
            while not self.stop.is_set():
                try:
                    if self._consumer is None:
                        self._open()
                    self.run_once()
                except BrokerError as exc:
                    self._recover(exc)
                except KafkaError as exc:
                    self._recover(BrokerError(f"{type(exc).__name__}: {exc}"))
        finally:
            self._close()
            self.log.info(
                "stage stopped",
                records_in=self.stats.records_in,
                records_out=self.stats.records_out,
                dead_letters=self.stats.dead_letters,
            )
        return self.stats

    def _recover(self, exc: BrokerError) -> None:
        """Drop the clients (nothing of the batch was committed) and reconnect after a pause."""
        self.stats.reconnects += 1
        delay = min(0.5 * 2 ** min(self.stats.reconnects - 1, 4), 8.0)
        self.log.warning(
            "broker error; recreating clients, the uncommitted batch will be re-read",
            error=str(exc),
            retry_in_s=delay,
        )
        self._close(timeout_s=1.0)
        self.stop.wait(delay)

    def run_once(self) -> int:
        """Consume and fully handle one batch. Returns the number of records consumed."""
        assert self._consumer is not None
        polled = self._consumer.poll(timeout_ms=self.kafka.poll_timeout_ms, max_records=self.kafka.batch_size)
        messages = [m for tp in sorted(polled, key=lambda t: (t.topic, t.partition)) for m in polled[tp]]
        self.stats.last_poll_at = time.monotonic()
        if self.observer is not None:
            self.observer.on_poll(self.step.name)
        if not messages:
            self._check_broker_state()
            return 0
        self.stats.last_record_at = self.stats.last_poll_at
        started = time.perf_counter()
        pending = [self._decode(m) for m in messages]
        self._apply(pending)
        outputs, dead = self._deliver(pending)
        self._commit(messages)
        elapsed = time.perf_counter() - started
        self._log_records(pending)
        self._account(len(messages), outputs, dead, elapsed)
        return len(messages)

    def _log_records(self, pending: list[_Pending]) -> None:
        """One summary line per processed record, at debug level (dead letters log at warning)."""
        if not self.log.is_enabled_for(logging.DEBUG):
            return
        for item in pending:
            if isinstance(item.result, list):
                m = item.message
                self.log.debug(
                    "record",
                    topic=m.topic,
                    partition=m.partition,
                    offset=m.offset,
                    article_id=getattr(item.record, "article_id", None),
                    outputs=[o.topic for o in item.result],
                    attempts=item.attempts,
                )

    # -- batch steps ------------------------------------------------------------------------
    def _decode(self, message: Any) -> _Pending:
        item = _Pending(message)
        try:
            item.record = codec.decode(message.value, self.step.input_model)
        except NewswireError as exc:
            item.result = exc
        return item

    def _apply(self, pending: list[_Pending]) -> None:
        """Run the step on the decoded records, retrying retryable failures with backoff."""
        todo = [p for p in pending if p.record is not None]
        for attempt in range(self.kafka.max_retries + 1):
            if not todo:
                return
            for item, result in zip(todo, self._process(todo), strict=True):
                item.result, item.attempts = result, attempt + 1
            todo = [p for p in todo if isinstance(p.result, NewswireError) and p.result.retryable]
            if todo and attempt < self.kafka.max_retries and not self.stop.is_set():
                self.stop.wait(self.retry_backoff_s * 2**attempt)
            elif todo:
                return

    def _process(self, items: list[_Pending]) -> list[Result]:
        records = [p.record for p in items]
        try:
            results = self.step.process(records)  # type: ignore[arg-type]
            if len(results) != len(records):
                raise StageError(f"step returned {len(results)} results for {len(records)} records")
            return results
        except Exception:
            # Isolate the record that broke the batch: one at a time, each failure its own dead letter.
            return [self._process_one(r) for r in records]  # type: ignore[arg-type]

    def _process_one(self, record: In) -> Result:
        try:
            return self.step.process([record])[0]
        except NewswireError as exc:
            return exc
        except Exception as exc:
            return StageError.wrap(exc)

    def _deliver(self, pending: list[_Pending]) -> tuple[list[Output], list[DeadLetter]]:
        """Produce every output and dead letter of the batch and wait until all are acknowledged."""
        assert self._producer is not None
        if self._transactional:
            self._producer.begin_transaction()
        sent: list[tuple[_Pending, Output, Any]] = []
        for item in pending:
            if isinstance(item.result, list):
                for out in item.result:
                    future = self._send(out)
                    if isinstance(future, NewswireError):
                        item.result = future
                        break
                    sent.append((item, out, future))
        self._flush()
        outputs: list[Output] = []
        for item, out, future in sent:
            try:
                future.get(timeout=0)
                outputs.append(out)
            except MessageSizeTooLargeError as exc:
                item.result = RecordTooLarge(f"output for {out.topic} too large: {exc}")
            except KafkaError as exc:
                raise BrokerError(f"produce to {out.topic} failed: {exc}") from exc
        dead = [self._dead_letter(p) for p in pending if isinstance(p.result, NewswireError)]
        futures = [self._send(Output(self.dead_letter_topic, d.article_id, d)) for d in dead]
        self._flush()
        for f in futures:
            if isinstance(f, NewswireError):
                raise BrokerError(f"dead letter could not be produced: {f}")
            try:
                f.get(timeout=0)
            except KafkaError as exc:
                raise BrokerError(f"dead letter could not be produced: {exc}") from exc
        return outputs, dead

    def _send(self, out: Output) -> Any:
        assert self._producer is not None
        value, headers = codec.encode(out.record)
        try:
            return self._producer.send(out.topic, key=codec.key_bytes(out.key), value=value, headers=headers)
        except MessageSizeTooLargeError as exc:
            return RecordTooLarge(f"{len(value)} bytes for {out.topic} exceeds max_request_size: {exc}")
        except KafkaError as exc:
            raise BrokerError(f"send to {out.topic} failed: {exc}") from exc

    def _flush(self) -> None:
        assert self._producer is not None
        try:
            self._producer.flush(timeout=self.kafka.max_poll_interval_ms / 1000 / 2)
        except KafkaError as exc:
            raise BrokerError(f"flush failed: {exc}") from exc

    def _dead_letter(self, item: _Pending) -> DeadLetter:
        err = item.result
        assert isinstance(err, NewswireError)
        msg = item.message
        article_id = getattr(item.record, "article_id", None) or codec.peek_field(msg.value, "article_id")
        if not isinstance(article_id, str):
            article_id = None
        self.log.warning(
            "dead letter",
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            article_id=article_id,
            reason=err.reason,
            error=err.message,
        )
        return DeadLetter(
            stage=self.step.name,
            reason=err.reason,
            error_class=type(err).__name__,
            error_message=err.message[:2000],
            retryable=err.retryable,
            article_id=article_id,
            attempts=max(item.attempts, 1),
            source=SourceRecord(
                topic=msg.topic,
                partition=msg.partition,
                offset=msg.offset,
                key=None if msg.key is None else codec.text(msg.key),
                value=codec.text(msg.value),
                headers=codec.headers_dict(msg.headers),
            ),
        )

    def _commit(self, messages: list[Any]) -> None:
        assert self._consumer is not None and self._producer is not None
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for m in messages:
            offsets[TopicPartition(m.topic, m.partition)] = OffsetAndMetadata(m.offset + 1, "", -1)
        try:
            if self._transactional:
                self._producer.send_offsets_to_transaction(offsets, self._consumer.group_metadata())
                self._producer.commit_transaction()
            else:
                self._consumer.commit(offsets)
            self._committed.update({tp: om.offset for tp, om in offsets.items()})
        except CommitFailedError as exc:
            # The group rebalanced under us: the new owner re-reads from the last commit
            # (at-least-once; subscribers deduplicate by article_id).
            self.log.warning(
                "commit failed after rebalance; batch will be re-read by the new owner", error=str(exc)
            )
        except KafkaError as exc:
            raise BrokerError(f"commit failed: {exc}") from exc

    def _check_broker_state(self) -> None:
        """When idle, now and then: has the broker forgotten offsets we committed?

        A memory-only broker that restarted (the embedded Tansu) loses topics, records and
        committed offsets, and kafka-python clients then sit on stale positions or a broken
        idempotent producer.  Seeing our own commit gone, recreate the clients.
        """
        if not self._committed or time.monotonic() - self._last_state_check < self.state_check_s:
            return
        self._last_state_check = time.monotonic()
        assert self._consumer is not None
        tp, ours = next(iter(self._committed.items()))
        try:
            theirs = self._consumer.committed(tp, timeout_ms=2000) if tp in self.assignment else ours
        except KafkaError as exc:
            raise BrokerError(f"cannot read committed offset of {tp.topic}/{tp.partition}: {exc}") from exc
        if theirs is None or theirs < ours:
            raise BrokerError(
                f"broker lost the committed offset of {tp.topic}/{tp.partition} "
                f"(ours {ours}, broker {theirs}): it restarted or expired the group"
            )

    def _account(self, n_in: int, outputs: list[Output], dead: list[DeadLetter], seconds: float) -> None:
        self.stats.batches += 1
        self.stats.records_in += n_in
        self.stats.records_out += len(outputs)
        self.stats.dead_letters += len(dead)
        self.log.info(
            "batch",
            records_in=n_in,
            records_out=len(outputs),
            dead_letters=len(dead),
            seconds=round(seconds, 4),
        )
        if self.observer is not None:
            self.observer.on_batch(
                self.step.name, records_in=n_in, outputs=outputs, dead_letters=dead, seconds=seconds
            )
            self._report_lag()

    def _report_lag(self) -> None:
        assert self._consumer is not None and self.observer is not None
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            if high is None:
                continue
            try:
                position = self._consumer.position(tp, timeout_ms=100)
            except KafkaError:
                continue
            if position is not None:
                self.observer.on_lag(self.step.name, tp.topic, tp.partition, max(0, high - position))


def run_in_thread(
    runner: StageRunner[Any],
    *,
    name: str | None = None,
    on_crash: Callable[[BaseException], None] | None = None,
) -> threading.Thread:
    """Start ``runner.run`` in a daemon thread; ``on_crash`` hears of an unexpected exception."""

    def target() -> None:
        try:
            runner.run()
        except BaseException as exc:
            runner.log.error("stage crashed", error=f"{type(exc).__name__}: {exc}")
            if on_crash is not None:
                on_crash(exc)
            raise

    thread = threading.Thread(target=target, name=name or f"stage-{runner.step.name}", daemon=True)
    thread.start()
    return thread

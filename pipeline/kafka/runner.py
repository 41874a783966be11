"""The generic stage runner: consume → process records concurrently → produce → commit the done prefix.

Records of a partition are worked on many at a time and finish in any order (one slow page does
not hold up the others), so the runner commits, per partition, only the contiguous prefix of
offsets whose outputs or dead letter the broker acknowledged (acks=all), as Confluent's parallel
consumer does (:mod:`pipeline.kafka.offsets`).  Delivery is at-least-once: after a crash or a
rebalance the next owner re-reads from the last commit.  Records with the same key in a partition
are processed one after the other, so revisions of one article keep their order.

Flow control: at most ``kafka.max_in_flight`` records (or the runner's own ``max_in_flight``, for a
step whose waiting records cost little) are held between poll and commit; at the cap the runner
pauses its partitions and keeps calling ``poll()`` (so the consumer never exceeds
``max_poll_interval``) until records finish.  A slow downstream (slow acks) thus slows the poll
instead of growing memory.  No call in the loop waits for a record's processing.

A record a step cannot process becomes a dead letter (built by the injected ``RecordPolicy``: original record,
stage, error class, reason).  Retryable errors are retried ``max_retries`` times, after an
exponential backoff or the ``Retry-After`` the server sent, without holding up other records.
When the broker fails, the clients are recreated (a restarted broker breaks kafka-python's
idempotent producer) and what was not committed is consumed again.

With ``processing_guarantee: exactly_once`` the outputs of the finished prefix and its offsets are
committed in one Kafka transaction; the transactional id is stable per group and partition set, so
a restarted member fences its crashed predecessor.

Stop: the runner stops taking records, lets those in flight finish for up to
``kafka.shutdown_grace_s``, commits the finished prefix and closes; the rest is handed back (re-read
by the next owner).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import CommitFailedError, KafkaError, MessageSizeTooLargeError
from kafka.structs import OffsetAndMetadata
from pydantic import BaseModel

from pipeline.errors import BrokerError, HTTPStatusError, NewswireError, RecordTooLarge, StageError
from pipeline.kafka import codec, membership
from pipeline.kafka.client import BrokerEndpoint, consumer_config, producer_config
from pipeline.kafka.observer import RunnerObserver
from pipeline.kafka.offsets import OffsetTracker
from pipeline.kafka.work import FinishedRound, KeyGate, Work, failure_of
from pipeline.log import get_logger
from pipeline.settings import KafkaSettings
from pipeline.stage import HANDLED_BY_HEADER, ConcurrentStep, Failure, Output, RecordPolicy, Result, Step

__all__ = [
    "ConcurrentStep",
    "Output",
    "Result",
    "RunnerObserver",
    "RunnerStats",
    "StageRunner",
    "Step",
    "run_in_thread",
    "transactional_id",
]

In = TypeVar("In", bound=BaseModel)
_IDLE_WAIT_S = 0.02  # with records in flight: how long the loop sleeps when nothing happened
UNCOMMITTED_PER_IN_FLIGHT = 8  # a partition's uncommitted window is capped at this times the in-flight cap


@dataclass
class RunnerStats:
    batches: int = 0  # groups of finished records reported to the observer (about one per loop turn)
    records_in: int = 0  # records finished (output or dead letter acknowledged)
    records_out: int = 0
    dead_letters: int = 0
    skipped: int = 0  # records a chained stage elsewhere already processed (HANDLED_BY_HEADER)
    reconnects: int = 0
    in_flight: int = 0
    last_poll_at: float = field(default_factory=time.monotonic)
    last_record_at: float = field(default_factory=time.monotonic)  # last record consumed
    last_progress_at: float = field(default_factory=time.monotonic)  # last record finished


def transactional_id(group_id: str, partitions: Sequence[TopicPartition]) -> str:
    """A transactional id stable for one group and set of input partitions.

    A member that restarts and is given the same partitions reuses it, which fences its crashed
    predecessor's producer and aborts that one's open transaction.
    """
    names = ",".join(sorted(f"{tp.topic}/{tp.partition}" for tp in partitions))
    return f"{group_id}-{hashlib.sha256(names.encode()).hexdigest()[:16]}"


class _Membership(ConsumerRebalanceListener):  # type: ignore[misc]
    """Tracks whether the consumer has joined its group and which partitions it holds."""

    def __init__(self, runner: StageRunner[Any]) -> None:
        self.runner = runner

    def on_partitions_revoked(self, revoked: Any) -> None:
        self.runner.joined = False
        if revoked:
            try:
                self.runner.revoke(list(revoked))
            except Exception as exc:  # kafka-python re-raises it without its cause: name it here
                self.runner.log.error("revoke failed", error=f"{type(exc).__name__}: {exc}")
                raise

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.runner.joined = True
        self.runner.hold_until_positioned(list(assigned))
        self.runner.log.info(
            "partitions assigned", partitions=sorted(f"{t.topic}/{t.partition}" for t in assigned)
        )


class StageRunner(Generic[In]):
    """Runs one step as a member of the consumer group ``group_id``."""

    def __init__(
        self,
        step: Step[In] | ConcurrentStep[In],
        *,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        input_topics: Sequence[str],
        dead_letter_topic: str,
        group_id: str,
        records: RecordPolicy,
        stop: threading.Event | None = None,
        observer: RunnerObserver | None = None,
        from_beginning: bool = True,
        retry_backoff_s: float = 0.2,
        on_reconnect: Callable[[], None] | None = None,
        state_check_s: float = 5.0,
        max_in_flight: int | None = None,
    ) -> None:
        self.step = step
        self.kafka = kafka
        self.max_in_flight = kafka.max_in_flight if max_in_flight is None else max_in_flight
        self.endpoint = endpoint
        self.input_topics = list(input_topics)
        self.dead_letter_topic = dead_letter_topic
        self.group_id = group_id
        self.records = records  # record ids and dead letters: the runner knows nothing of the records
        self.stop = stop or threading.Event()
        self.observer = observer
        self.from_beginning = from_beginning
        self.retry_backoff_s = retry_backoff_s
        self.on_reconnect = on_reconnect
        self.state_check_s = state_check_s
        self.stats = RunnerStats()
        self.log = get_logger("newswire.runner", stage=step.name, group=group_id)
        self.joined = False  # set by the rebalance listener once the group assigned us (maybe nothing)
        self._concurrent = callable(getattr(step, "submit", None))
        self._transactional = kafka.processing_guarantee == "exactly_once"
        self._consumer: KafkaConsumer | None = None
        self._producer: KafkaProducer | None = None
        self._txn_partitions: frozenset[TopicPartition] | None = None
        self._committed: dict[TopicPartition, int] = {}
        self._unpositioned: set[TopicPartition] = set()  # assigned, paused until seeked to the commit
        self._last_encoded: tuple[Any, bytes, list[tuple[str, bytes]]] | None = None
        self._handled_mark = (HANDLED_BY_HEADER, step.name.encode())
        self._last_state_check = time.monotonic()
        self._tokens = itertools.count()
        self._work: dict[int, Work] = {}
        self._tracker: OffsetTracker[TopicPartition] = OffsetTracker()
        self._events: queue.SimpleQueue[tuple[str, int, Any]] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._retries: list[tuple[float, int]] = []
        self._handed_back: set[int] = set()  # on stop: retryable failures left for the next owner
        self._keys = KeyGate()
        self._held: dict[TopicPartition, list[Work]] = {}  # exactly-once: finished, not yet produced
        self._round = FinishedRound()
        self._since_commit = 0  # records finished since the last commit, for its log line
        self._last_commit = time.monotonic()

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
        self._consumer = consumer
        if not self._transactional:  # the transactional producer follows the assignment
            self._producer = KafkaProducer(**producer_config(self.kafka, self.endpoint))

    def _close(self, *, timeout_s: float = 5.0) -> None:
        consumer, producer = self._consumer, self._producer
        self._consumer = self._producer = None
        self._txn_partitions = None
        self.joined = False
        self._committed.clear()
        self._unpositioned.clear()
        self._drop_all_work()
        for client in (producer, consumer):
            if client is None:
                continue
            try:
                client.close(timeout_s) if isinstance(client, KafkaProducer) else client.close()
            except Exception as exc:  # closing a client of a dead broker must not mask the cause
                self.log.debug("client close failed", error=str(exc))

    def _drop_all_work(self) -> None:
        """Forget everything in flight: it was not committed and will be re-read."""
        self._work.clear()
        self._tracker.clear()
        self._retries.clear()
        self._handed_back.clear()
        self._keys.clear()
        self._held.clear()
        self.stats.in_flight = 0

    def _txn_producer(self) -> KafkaProducer:
        """The transactional producer for the current assignment, (re)created when it changed."""
        partitions = frozenset(self.assignment)
        if self._producer is None or partitions != self._txn_partitions:
            if self._producer is not None:
                self._producer.close(5)
            txn_id = transactional_id(self.group_id, sorted(partitions, key=lambda t: (t.topic, t.partition)))
            producer = KafkaProducer(**producer_config(self.kafka, self.endpoint, transactional_id=txn_id))
            producer.init_transactions()
            self._producer, self._txn_partitions = producer, partitions
        return self._producer

    @property
    def assignment(self) -> set[TopicPartition]:
        return set(self._consumer.assignment()) if self._consumer else set()

    def readiness(self) -> tuple[bool, str]:
        """For /readyz: connected, a member of the group, and finishing records when it has some."""
        if self._consumer is None:
            return False, "not connected to the broker"
        if not self.joined:
            return False, "joining consumer group"
        in_flight = self.stats.in_flight
        stalled = time.monotonic() - self.stats.last_progress_at
        if in_flight and stalled > self.kafka.stall_after_s:
            return False, f"no record finished for {stalled:.0f}s with {in_flight} in flight"
        return True, f"{len(self.assignment)} partition(s) assigned, {in_flight} record(s) in flight"

    # -- main loop --------------------------------------------------------------------------
    def run(self) -> RunnerStats:
        """Process records until ``stop`` is set; then finish or hand back what is in flight, close."""
        self.log.info("stage started", topics=self.input_topics, concurrent=self._concurrent)
        try:
            while True:
                try:
                    if self._consumer is None:
                        if self.stop.is_set():
                            break
                        self._open()
                    if self.stop.is_set():
                        self._drain()
                        break
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
        """Drop the clients (nothing uncommitted is kept) and reconnect after a pause."""
        self.stats.reconnects += 1
        delay = min(0.5 * 2 ** min(self.stats.reconnects - 1, 4), 8.0)
        self.log.warning(
            "broker error; recreating clients, uncommitted records will be re-read",
            error=str(exc),
            retry_in_s=delay,
        )
        self._close(timeout_s=1.0)
        self.stop.wait(delay)

    def run_once(self) -> int:
        """One turn of the loop: handle finished work, poll what fits, commit. Returns records polled."""
        assert self._consumer is not None
        self._handle_events()
        self._resubmit_due()
        self._report_round()  # before a poll that may block while idle
        polled = self._poll()
        if self.observer is not None:
            self.observer.on_poll(self.step.name)
        self._maybe_commit()
        if not polled and self._work and self._events.empty():
            self._wake.wait(_IDLE_WAIT_S)
            self._wake.clear()
        self._check_broker_state()
        return polled

    def _drain(self) -> None:
        """Stop taking records; let those in flight finish within the grace period; commit."""
        assert self._consumer is not None
        deadline = time.monotonic() + self.kafka.shutdown_grace_s
        self._handed_back.update(token for _, token in self._retries)  # retried by the next owner
        self._retries.clear()
        if self.assignment:
            self._consumer.pause(*self.assignment)
        while len(self._work) > len(self._handed_back) and time.monotonic() < deadline:
            self._handle_events()
            membership.poll(self._consumer, 0)  # keeps the membership alive meanwhile
            if self._events.empty():
                self._wake.wait(_IDLE_WAIT_S)
                self._wake.clear()
        self._report_round()
        self._commit()
        if self._work:
            self.log.info("handing back unfinished records", records=len(self._work))

    # -- consuming --------------------------------------------------------------------------
    def _poll(self) -> int:
        assert self._consumer is not None
        room = self.max_in_flight - len(self._work)
        self._flow(room > 0)
        timeout = 0 if self._work or not self._events.empty() else self.kafka.poll_timeout_ms
        polled = membership.poll(self._consumer, timeout, max(1, min(room, self.kafka.batch_size)))
        if self._unpositioned:  # assigned in this poll: read from the group's commit, not from here
            polled = {tp: batch for tp, batch in polled.items() if tp not in self._unpositioned}
            self._position_assigned()
        now = time.monotonic()
        self.stats.last_poll_at = now
        count = 0
        for tp in sorted(polled, key=lambda t: (t.topic, t.partition)):
            for message in polled[tp]:
                self._start(Work(next(self._tokens), message, tp, consumed_at=now))
                count += 1
        if count:
            self.stats.last_record_at = now
        self.stats.in_flight = len(self._work)
        return count

    def hold_until_positioned(self, partitions: list[TopicPartition]) -> None:
        """Called in the rebalance (on kafka-python's IO thread, inside ``poll``): pause the newly
        assigned partitions until :meth:`_position_assigned` has set where they are read from."""
        if partitions and self._consumer is not None:
            self._unpositioned.update(partitions)
            self._consumer.pause(*partitions)

    def _position_assigned(self) -> None:
        """Read each newly assigned partition from the group's committed offset.

        kafka-python keeps a partition's fetch position across a rebalance that gives it back to
        the same member.  But a revoke dropped that partition's unfinished records, and a broker
        that restarted (the memory-only embedded one) forgot every offset: reading on from the kept
        position would skip records, never to be processed.  So every assigned partition starts
        where the group committed (or, with no commit, where a new group starts), which is what
        at-least-once means after a rebalance.  ``_flow`` resumes the partitions on the next poll.
        """
        assert self._consumer is not None
        partitions, self._unpositioned = self._unpositioned, set()
        for tp in sorted(partitions & self.assignment, key=lambda t: (t.topic, t.partition)):
            committed = self._broker_committed(tp, timeout_ms=10_000)
            if committed is not None:
                self._consumer.seek(tp, committed)
            elif self.from_beginning:
                self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek_to_end(tp)

    def _flow(self, open_: bool) -> None:
        """Pause every assigned partition at the in-flight cap, resume below it.

        A partition whose uncommitted window (records read since its last commit, finished or
        not) reaches ``UNCOMMITTED_PER_IN_FLIGHT`` times the cap stays paused too: behind one
        stuck record, what a crash would make the next owner read again stays bounded.
        """
        assert self._consumer is not None
        assigned = self.assignment
        limit = UNCOMMITTED_PER_IN_FLIGHT * self.max_in_flight
        want = assigned if not open_ else {tp for tp in assigned if self._tracker.open_in(tp) >= limit}
        paused = set(self._consumer.paused())
        if paused - want:
            self._consumer.resume(*(paused - want))
        if want - paused:
            self._consumer.pause(*(want - paused))

    def _start(self, work: Work) -> None:
        self._work[work.token] = work
        self._tracker.add(work.tp, work.message.offset)
        if self._handled_mark in (work.message.headers or ()):
            self.stats.skipped += 1  # processed by this stage chained in the producing process
            self._on_result(work, [])
            return
        try:
            work.record = codec.decode(work.message.value, self.step.input_model)
        except NewswireError as exc:
            self._on_result(work, exc)
            return
        if self._keys.admit(work):
            self._submit(work)

    def _submit(self, work: Work) -> None:
        work.attempts += 1
        work.submitted_at = time.monotonic()
        if not self._concurrent:
            self._on_result(work, self._process_one(work.record))
            return
        try:
            future = self.step.submit(work.record)  # type: ignore[union-attr, arg-type]
        except Exception as exc:
            self._on_result(work, StageError.wrap(exc))
            return
        future.add_done_callback(partial(self._on_future, work.token))

    def _on_future(self, token: int, future: Future[Result]) -> None:
        self._post("result", token, _result_of(future))

    def _process_one(self, record: Any) -> Result:
        try:
            results = self.step.process([record])  # type: ignore[union-attr]
            if len(results) != 1:
                raise StageError(f"step returned {len(results)} results for 1 record")
            return results[0]
        except NewswireError as exc:
            return exc
        except Exception as exc:
            return StageError.wrap(exc)

    def _post(self, kind: str, token: int, value: Any) -> None:
        """From any thread (step futures, producer callbacks): hand an event to the loop."""
        self._events.put((kind, token, value))
        self._wake.set()

    def _handle_events(self) -> None:
        while True:
            try:
                kind, token, value = self._events.get_nowait()
            except queue.Empty:
                return
            work = self._work.get(token)
            if work is None:  # revoked, or dropped by a reconnect: will be re-read
                continue
            if kind == "result":
                self._on_result(work, value)
            elif kind == "ack":
                self._on_ack(work, value)
            else:
                self._on_nack(work, value)

    # -- results ----------------------------------------------------------------------------
    def _on_result(self, work: Work, result: Result) -> None:
        if work.submitted_at:
            work.seconds += time.monotonic() - work.submitted_at
        delay = self._retry_delay(work, result)
        if delay is not None and self.stop.is_set():
            self._handed_back.add(work.token)  # not dead-lettered: the next owner retries it
            return
        if delay is not None:
            heapq.heappush(self._retries, (time.monotonic() + delay, work.token))
            return
        work.result = result
        if self._transactional:
            self._tracker.finish(work.tp, work.message.offset)  # produced with the offsets, in order
            self._held.setdefault(work.tp, []).append(work)
            return
        if isinstance(result, list):
            for out in result:
                self._send_tracked(work, out)
            if isinstance(work.result, NewswireError):  # a send failed at once (too large)
                self._send_dead_letter(work)
        else:
            self._send_dead_letter(work)
        if work.unacked == 0:
            self._finish(work)

    def _retry_delay(self, work: Work, result: Result) -> float | None:
        """Seconds until the next attempt, or None when the result stands."""
        if not isinstance(result, NewswireError) or not result.retryable:
            return None
        if work.attempts > self.kafka.max_retries:
            return None
        delay = self.retry_backoff_s * 2 ** (work.attempts - 1)
        retry_after = result.retry_after if isinstance(result, HTTPStatusError) else None
        if retry_after is not None:
            if retry_after > self.kafka.max_retry_delay_s:
                return None  # dead-lettered now (retryable=True): `dlq replay` once the site is back
            delay = max(delay, retry_after)
        return delay

    def _resubmit_due(self) -> None:
        now = time.monotonic()
        while self._retries and self._retries[0][0] <= now:
            _, token = heapq.heappop(self._retries)
            work = self._work.get(token)
            if work is not None:
                self._submit(work)

    def _send_tracked(self, work: Work, out: Output) -> None:
        future = self._send(out)
        if isinstance(future, NewswireError):
            work.result = future
            return
        work.unacked += 1
        future.add_callback(lambda _meta, t=work.token, o=out: self._post("ack", t, o))
        future.add_errback(lambda exc, t=work.token, o=out: self._post("nack", t, (o, exc)))

    def _send_dead_letter(self, work: Work) -> None:
        work.dead = failure = failure_of(work, self.step.name)
        letter = self.records.dead_letter(failure)
        record_id = self.records.record_id(work.record, failure.value)
        self._log_dead_letter(failure, record_id)
        future = self._send(Output(self.dead_letter_topic, record_id, letter))
        if isinstance(future, NewswireError):
            raise BrokerError(f"dead letter could not be produced: {future}")
        work.unacked += 1
        future.add_callback(lambda _meta, t=work.token: self._post("ack", t, None))
        future.add_errback(lambda exc, t=work.token: self._post("nack", t, (None, exc)))

    def _on_ack(self, work: Work, out: Output | None) -> None:
        work.unacked -= 1
        if out is not None:
            work.acked.append(out)
        if work.unacked == 0:
            self._finish(work)

    def _on_nack(self, work: Work, value: tuple[Output | None, BaseException]) -> None:
        out, exc = value
        work.unacked -= 1
        if out is not None and isinstance(exc, MessageSizeTooLargeError) and work.dead is None:
            work.result = RecordTooLarge(f"output for {out.topic} too large: {exc}")
            self._send_dead_letter(work)
            return
        what = "dead letter" if out is None else f"produce to {out.topic}"
        raise BrokerError(f"{what} failed: {exc}")

    def _finish(self, work: Work) -> None:
        """The record's outputs or dead letter are acknowledged: its offset may be committed."""
        self._work.pop(work.token, None)
        if not self._transactional:  # there the offset was marked when the result came
            self._tracker.finish(work.tp, work.message.offset)
        self.stats.in_flight = len(self._work)
        self._account(work)
        successor = self._keys.release(work)
        if successor is not None:
            self._submit(successor)

    def _account(self, work: Work) -> None:
        now = time.monotonic()
        self.stats.last_progress_at = now
        self.stats.records_in += 1
        self.stats.records_out += len(work.acked)
        self.stats.dead_letters += work.dead is not None
        r = self._round
        r.records += 1
        r.outputs.extend(work.acked)
        if work.dead is not None:
            r.dead.append(work.dead)
        produced = work.result if isinstance(work.result, list) else work.acked  # in chain order
        chained = {o.stage: None for o in produced if o.stage is not None}
        if work.dead is not None and work.dead.stage != self.step.name:
            chained[work.dead.stage] = None
        r.chained.update(chained.keys())
        r.seconds.append(work.seconds)
        r.oldest = work.consumed_at if r.oldest is None else min(r.oldest, work.consumed_at)
        if self.log.is_enabled_for(logging.DEBUG) and work.dead is None:
            m = work.message
            self.log.debug(
                "record",
                topic=m.topic,
                partition=m.partition,
                offset=m.offset,
                record_id=self.records.record_id(work.record, m.value),
                outputs=[o.topic for o in work.acked],
                attempts=work.attempts,
                seconds=round(work.seconds, 4),
            )

    # -- producing --------------------------------------------------------------------------
    def _send(self, out: Output) -> Any:
        producer = self._txn_producer() if self._transactional else self._producer
        assert producer is not None
        last = self._last_encoded
        if last is not None and last[0] is out.record:  # one record to several topics (publish)
            value, headers = last[1], last[2]
        else:
            value, headers = codec.encode(out.record)
            self._last_encoded = (out.record, value, headers)
        if out.headers:
            headers = [*headers, *out.headers]
        try:
            return producer.send(out.topic, key=codec.key_bytes(out.key), value=value, headers=headers)
        except MessageSizeTooLargeError as exc:
            return RecordTooLarge(f"{len(value)} bytes for {out.topic} exceeds max_request_size: {exc}")
        except KafkaError as exc:
            raise BrokerError(f"send to {out.topic} failed: {exc}") from exc

    def _log_dead_letter(self, failure: Failure, record_id: str | None) -> None:
        self.log.warning(
            "dead letter",
            topic=failure.topic,
            partition=failure.partition,
            offset=failure.offset,
            record_id=record_id,
            reason=failure.reason,
            error=failure.error.message[:500],
        )

    # -- committing -------------------------------------------------------------------------
    def _maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self.kafka.commit_interval_s:
            self._commit()

    def _commit(self) -> None:
        """Commit, per partition, the offset after the contiguous prefix of finished records."""
        assert self._consumer is not None
        self._last_commit = time.monotonic()
        ready = self._tracker.committable()
        if not ready:
            return
        offsets = {tp: OffsetAndMetadata(offset, "", -1) for tp, offset in ready.items()}
        try:
            if self._transactional:
                self._commit_transaction(ready, offsets)
            else:
                self._consumer.commit(offsets)
            self._committed.update(ready)
        except CommitFailedError as exc:
            # The group rebalanced under us: the new owner re-reads from the last commit
            # (at-least-once; subscribers deduplicate by article_id).
            self.log.warning("commit failed after rebalance; the new owner re-reads", error=str(exc))
        except KafkaError as exc:
            raise BrokerError(f"commit failed: {exc}") from exc
        self.log.info(
            "committed",
            records=self._since_commit,
            offsets={f"{tp.topic}/{tp.partition}": o for tp, o in ready.items()},
            in_flight=len(self._work),
        )
        self._since_commit = 0
        if self.observer is not None:
            self._report_lag()

    def _commit_transaction(self, ready: dict[TopicPartition, int], offsets: dict[Any, Any]) -> None:
        """Produce the finished prefix's outputs and dead letters, and commit its offsets, atomically."""
        assert self._consumer is not None
        producer = self._txn_producer()
        producer.begin_transaction()
        done: list[Work] = []
        for tp, upto in ready.items():
            held = self._held.get(tp, [])
            done += [w for w in held if w.message.offset < upto]
            self._held[tp] = [w for w in held if w.message.offset >= upto]
        for work in done:
            if isinstance(work.result, list):
                for out in work.result:
                    self._send_tracked(work, out)
            if isinstance(work.result, NewswireError):
                self._send_dead_letter(work)
        producer.flush(timeout=self.kafka.max_poll_interval_ms / 1000 / 2)
        self._handle_events()  # acks (or a nack, raising BrokerError: the transaction is abandoned)
        producer.send_offsets_to_transaction(offsets, self._consumer.group_metadata())
        producer.commit_transaction()
        for work in done:
            if work.token in self._work:
                self._finish(work)

    def revoke(self, partitions: list[TopicPartition]) -> None:
        """A rebalance takes ``partitions`` away: commit their finished prefix, drop the rest."""
        self.log.info("partitions revoked", partitions=sorted(f"{t.topic}/{t.partition}" for t in partitions))
        gone = set(partitions)
        if not self._transactional and self._consumer is not None:
            ready = {tp: o for tp, o in self._tracker.committable().items() if tp in gone}
            if ready:
                self._commit_on_revoke(ready)
        self._tracker.forget(gone)
        for tp in gone:
            self._held.pop(tp, None)
        # What we committed is kept until the clients are recreated: when the partition comes back
        # after a restart of a memory-only broker, the consumer may sit on its old position past
        # the new records, and only our last commit shows that the broker forgot it.
        for token in [t for t, w in self._work.items() if w.tp in gone]:
            del self._work[token]
        self._keys.forget(gone)
        self.stats.in_flight = len(self._work)
        hook = getattr(self.observer, "on_partitions_revoked", None)
        if hook is not None:
            hook(self.step.name, [(tp.topic, tp.partition) for tp in partitions])

    def _commit_on_revoke(self, ready: dict[TopicPartition, int]) -> None:
        """Commit the finished prefix of partitions being taken away, without blocking.

        kafka-python 3 runs the rebalance, and so this listener, on its IO thread, where a
        blocking ``commit`` is refused (RuntimeError).  The asynchronous commit is queued on that
        thread ahead of the JoinGroup request; if it fails, the next owner re-reads those records
        (at-least-once), which is all a failed commit ever costs.
        """
        assert self._consumer is not None
        offsets = {tp: OffsetAndMetadata(o, "", -1) for tp, o in ready.items()}

        def done(_offsets: Any, response: Any) -> None:
            if isinstance(response, BaseException):
                self.log.warning("commit on revoke failed; the new owner re-reads", error=str(response))
            else:
                self._committed.update(ready)

        try:
            self._consumer.commit_async(offsets, callback=done)
        except KafkaError as exc:
            self.log.warning("commit on revoke failed; the new owner re-reads", error=str(exc))

    def _report_round(self) -> None:
        r, self._round = self._round, FinishedRound()
        if not r.records:
            return
        self.stats.batches += 1
        seconds = time.monotonic() - (r.oldest or time.monotonic())
        self._since_commit += r.records
        self.log.debug(
            "batch",
            records_in=r.records,
            records_out=len(r.outputs),
            dead_letters=len(r.dead),
            seconds=round(seconds, 4),
            in_flight=len(self._work),
        )
        if self.observer is None:
            return
        per_record = getattr(self.observer, "on_record_seconds", None)
        if per_record is not None:
            per_record(self.step.name, r.seconds)
        name = self.step.name
        self.observer.on_batch(
            name,
            records_in=r.records,
            outputs=[o for o in r.outputs if o.stage is None],
            dead_letters=[d for d in r.dead if d.stage == name],
            seconds=seconds,
        )
        for stage, records in r.chained.items():  # the stages chained in the step
            self.observer.on_batch(
                stage,
                records_in=records,
                outputs=[o for o in r.outputs if o.stage == stage],
                dead_letters=[d for d in r.dead if d.stage == stage],
                seconds=seconds,
            )

    def _check_broker_state(self) -> None:
        """Now and then (busy or idle): has the broker forgotten offsets we committed?

        A memory-only broker that restarted (the embedded Tansu) loses topics, records and
        committed offsets, and kafka-python clients then sit on stale positions or a broken
        idempotent producer.  Seeing our own commit gone, recreate the clients.  Checked while
        records are in flight too: their outputs may be waiting on that broken producer, which
        would otherwise hold the stage until the producer's delivery timeout (minutes).
        """
        if not self._committed or time.monotonic() - self._last_state_check < self.state_check_s:
            return
        self._last_state_check = time.monotonic()
        assert self._consumer is not None
        for tp, ours in list(self._committed.items()):
            if tp not in self.assignment:
                continue
            theirs = self._broker_committed(tp, timeout_ms=2000)
            # Every partition: after a restart, one partition may have been committed again from
            # zero while another still sits on a stale position past the new records.
            if theirs is None or theirs < ours:
                raise BrokerError(
                    f"broker lost the committed offset of {tp.topic}/{tp.partition} "
                    f"(ours {ours}, broker {theirs}): it restarted or expired the group"
                )

    def _broker_committed(self, tp: TopicPartition, *, timeout_ms: int) -> int | None:
        """The group's committed offset of ``tp`` as the broker has it (None: no commit)."""
        assert self._consumer is not None
        try:
            committed: int | None = self._consumer.committed(tp, timeout_ms=timeout_ms)
        except KafkaError as exc:
            raise BrokerError(f"cannot read committed offset of {tp.topic}/{tp.partition}: {exc}") from exc
        return committed

    def _report_lag(self) -> None:
        """Per partition: records between its end and the committed position (what is not done)."""
        assert self._consumer is not None and self.observer is not None
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            done = self._committed.get(tp)
            if high is None or done is None:
                continue
            self.observer.on_lag(self.step.name, tp.topic, tp.partition, max(0, high - done))


def _result_of(future: Future[Result]) -> Result:
    """A step future's result; an exception it ended with becomes a StageError."""
    try:
        return future.result()
    except NewswireError as exc:
        return exc
    except BaseException as exc:
        return StageError.wrap(exc)


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

"""The pipelined runner over a real broker: out-of-order finishing, prefix commits, flow control,
key order, Retry-After, readiness on stalls and shutdown within the grace period."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

import pytest
from kafka import KafkaConsumer, TopicPartition

from pipeline.deadletter import NEWS_RECORDS
from pipeline.errors import HTTPStatusError
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.runner import Output, Result, StageRunner, transactional_id
from pipeline.settings import Settings
from tests.conftest import settings_for
from tests.kafka_helpers import Ping, produce_raw, read_topic

pytestmark = pytest.mark.kafka


class HeldStep:
    """A concurrent step whose records finish only when the test says so (``finish(n)``)."""

    name = "held"
    input_model = Ping

    def __init__(self, out_topic: str, *, auto: Callable[[Ping], bool] = lambda p: False) -> None:
        self.out_topic = out_topic
        self.auto = auto
        self.futures: dict[int, Future[Result]] = {}
        self.records: dict[int, Ping] = {}
        self.submitted: list[tuple[int, float]] = []
        self.attempt_results: dict[int, list[Result]] = {}
        self._lock = threading.Lock()

    def submit(self, record: Ping) -> Future[Result]:
        future: Future[Result] = Future()
        with self._lock:
            self.futures[record.n] = future
            self.records[record.n] = record
            self.submitted.append((record.n, time.monotonic()))
            queued = self.attempt_results.get(record.n)
        if queued:
            future.set_result(queued.pop(0))
        elif self.auto(record):
            self.finish(record.n)
        return future

    def finish(self, n: int) -> None:
        record = self.records[n]
        self.futures[n].set_result([Output(self.out_topic, record.article_id, record)])

    def in_flight(self) -> list[int]:
        with self._lock:
            return [n for n, f in self.futures.items() if not f.done()]

    def close(self) -> None:
        """Nothing held outside the futures."""


def ping(n: int, key: str | None = None) -> tuple[bytes, bytes]:
    aid = f"{n:016x}"
    return (key or aid).encode(), json.dumps({"article_id": aid, "n": n}).encode()


@pytest.fixture
def setup(kafka_endpoint: BrokerEndpoint) -> tuple[Settings, BrokerEndpoint, dict[str, str]]:
    settings = settings_for(
        kafka_endpoint,
        kafka={"max_in_flight": 4, "commit_interval_s": 0.1, "shutdown_grace_s": 2, "stall_after_s": 1.0},
    )
    p = settings.kafka.topic_prefix
    names = {"in": f"{p}in", "out": f"{p}out", "dlq": f"{p}dlq"}
    ensure_topics(settings.kafka, kafka_endpoint, names.values(), partitions=1)
    return settings, kafka_endpoint, names


def start(
    setup, step: HeldStep, *, max_in_flight: int | None = None
) -> tuple[StageRunner[Ping], threading.Thread]:
    settings, endpoint, names = setup
    runner: StageRunner[Ping] = StageRunner(
        step,
        kafka=settings.kafka,
        endpoint=endpoint,
        input_topics=[names["in"]],
        dead_letter_topic=names["dlq"],
        records=NEWS_RECORDS,
        group_id=f"{settings.kafka.group_prefix}held",
        retry_backoff_s=0.01,
        max_in_flight=max_in_flight,
    )
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    return runner, thread


def wait_for(predicate: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def committed(setup) -> int | None:
    settings, endpoint, names = setup
    consumer = KafkaConsumer(
        bootstrap_servers=endpoint.servers, group_id=f"{settings.kafka.group_prefix}held"
    )
    try:
        return consumer.committed(TopicPartition(names["in"], 0))
    finally:
        consumer.close()


def stop(runner: StageRunner[Ping], thread: threading.Thread) -> None:
    runner.stop.set()
    thread.join(30)
    assert not thread.is_alive()


def test_slow_record_does_not_hold_up_the_records_after_it(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(n) for n in range(4)])
    step = HeldStep(names["out"], auto=lambda p: p.n != 0)
    runner, thread = start(setup, step)
    try:
        out = read_topic(endpoint, names["out"], expect=3)
        assert sorted(json.loads(m.value)["n"] for m in out) == [1, 2, 3]
        assert step.in_flight() == [0]
    finally:
        stop(runner, thread)


def test_only_the_finished_prefix_is_committed(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(n) for n in range(4)])
    step = HeldStep(names["out"], auto=lambda p: p.n not in (0,))
    runner, thread = start(setup, step)
    try:
        wait_for(lambda: runner.stats.records_in == 3)
        time.sleep(0.3)  # several commit intervals pass with offset 0 unfinished
        assert committed(setup) is None
        step.finish(0)
        wait_for(lambda: committed(setup) == 4)
    finally:
        stop(runner, thread)


def test_in_flight_cap_pauses_consumption_and_keeps_polling(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(n) for n in range(10)])
    step = HeldStep(names["out"])
    polls: list[float] = []
    runner, thread = start(setup, step)
    runner.observer = _PollCounter(polls)
    try:
        wait_for(lambda: len(step.in_flight()) == 4)
        before = len(polls)
        time.sleep(0.5)
        assert len(step.submitted) == 4, "no record beyond the cap was taken"
        assert len(polls) - before > 5, "the loop kept calling poll() while paused"
        for n in list(step.in_flight()):
            step.finish(n)
        wait_for(lambda: len(step.submitted) >= 8)
    finally:
        for n in step.in_flight():
            step.finish(n)
        stop(runner, thread)


def test_runner_of_its_own_in_flight_cap_holds_that_many_not_the_kafka_setting(setup) -> None:
    _, endpoint, names = setup  # kafka.max_in_flight is 4 here
    produce_raw(endpoint, names["in"], [ping(n) for n in range(12)])
    step = HeldStep(names["out"])
    polls: list[float] = []
    runner, thread = start(setup, step, max_in_flight=7)
    runner.observer = _PollCounter(polls)
    try:
        wait_for(lambda: len(step.in_flight()) == 7)
        seen = len(polls)
        wait_for(lambda: len(polls) > seen + 10)  # many polls later, paused at the cap
        assert len(step.submitted) == 7, "records beyond the runner's own cap were taken"
    finally:
        for n in step.in_flight():
            step.finish(n)
        stop(runner, thread)


class _PollCounter:
    def __init__(self, polls: list[float]) -> None:
        self.polls = polls

    def on_poll(self, stage: str) -> None:
        self.polls.append(time.monotonic())

    def on_batch(self, stage: str, **_: object) -> None:
        """Rounds are not counted here."""

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        """Nor lag."""


def test_records_with_one_key_are_processed_one_after_the_other(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0, key="same"), ping(1, key="same"), ping(2)])
    step = HeldStep(names["out"], auto=lambda p: p.n == 2)
    runner, thread = start(setup, step)
    try:
        wait_for(lambda: runner.stats.records_in == 1)
        assert [n for n, _ in step.submitted] == [0, 2]
        step.finish(0)
        wait_for(lambda: 1 in step.futures)
        step.finish(1)
        wait_for(lambda: runner.stats.records_in == 3)
    finally:
        stop(runner, thread)


def test_retry_waits_for_the_servers_retry_after(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0)])
    step = HeldStep(names["out"], auto=lambda p: True)
    busy = HTTPStatusError("HTTP 429", url="http://example.invalid/", status=429, retry_after=0.6)
    step.attempt_results[0] = [busy]
    runner, thread = start(setup, step)
    try:
        wait_for(lambda: runner.stats.records_in == 1)
        (first, t0), (second, t1) = step.submitted
        assert first == second == 0
        assert t1 - t0 >= 0.6
        assert runner.stats.dead_letters == 0
    finally:
        stop(runner, thread)


def test_retry_after_beyond_the_limit_dead_letters_at_once(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0)])
    step = HeldStep(names["out"])
    step.attempt_results[0] = [
        HTTPStatusError("HTTP 503", url="http://x.invalid/", status=503, retry_after=3600)
    ]
    runner, thread = start(setup, step)
    try:
        letters = read_topic(endpoint, names["dlq"], expect=1)
        assert json.loads(letters[0].value)["retryable"] is True
        assert len(step.submitted) == 1
    finally:
        stop(runner, thread)


def test_readiness_fails_when_records_in_flight_stop_finishing(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0)])
    step = HeldStep(names["out"])
    runner, thread = start(setup, step)
    try:
        wait_for(lambda: step.in_flight() == [0])
        wait_for(lambda: not runner.readiness()[0], timeout_s=5)
        assert "no record finished" in runner.readiness()[1]
        step.finish(0)
        wait_for(lambda: runner.readiness()[0])
    finally:
        stop(runner, thread)


def test_stop_hands_back_unfinished_records_within_the_grace_period(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(n) for n in range(3)])
    step = HeldStep(names["out"], auto=lambda p: p.n == 0)
    runner, thread = start(setup, step)
    wait_for(lambda: runner.stats.records_in == 1 and len(step.in_flight()) == 2)
    started = time.monotonic()
    stop(runner, thread)
    assert time.monotonic() - started < 2 + 5  # the grace period, plus closing the clients
    assert committed(setup) == 1
    again = HeldStep(names["out"], auto=lambda p: True)
    runner2, thread2 = start(setup, again)
    try:
        wait_for(lambda: runner2.stats.records_in == 2)
        assert sorted(again.records) == [1, 2]
    finally:
        stop(runner2, thread2)


def test_transactional_id_is_stable_for_a_group_and_partition_set() -> None:
    a = [TopicPartition("t", 0), TopicPartition("t", 1)]
    assert transactional_id("g", a) == transactional_id("g", list(reversed(a)))
    assert transactional_id("g", a) != transactional_id("g", a[:1])
    assert transactional_id("g", a) != transactional_id("h", a)


def test_stop_hands_back_a_record_waiting_to_be_retried_without_dead_lettering_it(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0)])
    step = HeldStep(names["out"])
    step.attempt_results[0] = [
        HTTPStatusError("HTTP 503", url="http://x.invalid/", status=503, retry_after=30)
    ]
    runner, thread = start(setup, step)
    wait_for(lambda: len(step.submitted) == 1 and runner.stats.in_flight == 1)
    started = time.monotonic()
    stop(runner, thread)
    assert time.monotonic() - started < 2, "did not wait out the grace period for a retry not due"
    assert runner.stats.dead_letters == 0
    assert committed(setup) is None


class _Recorder(_PollCounter):
    def __init__(self) -> None:
        super().__init__([])
        self.record_seconds: list[float] = []
        self.revoked: list[tuple[str, int]] = []

    def on_record_seconds(self, stage: str, seconds: list[float]) -> None:
        self.record_seconds.extend(seconds)

    def on_partitions_revoked(self, stage: str, partitions: list[tuple[str, int]]) -> None:
        self.revoked.extend(partitions)


def test_observer_hears_each_records_own_time(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0), ping(1)])
    step = HeldStep(names["out"], auto=lambda p: p.n == 1)
    runner, thread = start(setup, step)
    recorder = _Recorder()
    runner.observer = recorder
    try:
        wait_for(lambda: runner.stats.records_in == 1)
        time.sleep(0.4)
        step.finish(0)
        wait_for(lambda: len(recorder.record_seconds) == 2)
    finally:
        stop(runner, thread)
    fast, slow = sorted(recorder.record_seconds)
    assert fast < 0.2 <= 0.4 <= slow


def test_observer_hears_of_revoked_partitions(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(0)])
    step = HeldStep(names["out"], auto=lambda p: True)
    runner, thread = start(setup, step)
    recorder = _Recorder()
    runner.observer = recorder
    wait_for(lambda: runner.stats.records_in == 1)
    stop(runner, thread)  # leaving the group revokes its partitions
    assert recorder.revoked == [(names["in"], 0)]


def test_partition_stuck_behind_one_record_stops_being_read_at_its_window_limit(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    from pipeline.kafka import runner as runner_module

    settings = settings_for(kafka_endpoint, kafka={"max_in_flight": 2, "commit_interval_s": 0.1})
    p = settings.kafka.topic_prefix
    names = {"in": f"{p}in", "out": f"{p}out", "dlq": f"{p}dlq"}
    ensure_topics(settings.kafka, kafka_endpoint, names.values(), partitions=1)
    produce_raw(kafka_endpoint, names["in"], [ping(n) for n in range(40)])
    step = HeldStep(names["out"], auto=lambda p: p.n != 0)
    runner, thread = start((settings, kafka_endpoint, names), step)
    limit = runner_module.UNCOMMITTED_PER_IN_FLIGHT * 2
    try:
        wait_for(lambda: len(step.submitted) >= limit)
        time.sleep(0.5)
        assert len(step.submitted) == limit, "read on past the window behind the stuck record"
        step.finish(0)
        wait_for(lambda: runner.stats.records_in == 40)
    finally:
        stop(runner, thread)


def test_uncommitted_window_follows_the_runners_own_in_flight_cap(kafka_endpoint: BrokerEndpoint) -> None:
    from pipeline.kafka import runner as runner_module

    settings = settings_for(kafka_endpoint, kafka={"max_in_flight": 1, "commit_interval_s": 0.1})
    p = settings.kafka.topic_prefix
    names = {"in": f"{p}in", "out": f"{p}out", "dlq": f"{p}dlq"}
    ensure_topics(settings.kafka, kafka_endpoint, names.values(), partitions=1)
    limit = runner_module.UNCOMMITTED_PER_IN_FLIGHT * 3
    produce_raw(kafka_endpoint, names["in"], [ping(n) for n in range(limit + 8)])
    step = HeldStep(names["out"], auto=lambda p: p.n != 0)
    polls: list[float] = []
    runner, thread = start((settings, kafka_endpoint, names), step, max_in_flight=3)
    runner.observer = _PollCounter(polls)
    try:
        wait_for(lambda: len(step.submitted) >= limit)
        seen = len(polls)
        wait_for(lambda: len(polls) > seen + 10)
        # the window is checked before each poll, which takes up to the room under the cap (3)
        assert limit <= len(step.submitted) < limit + 3, "the window is not the runner's cap times the factor"
        step.finish(0)
        wait_for(lambda: runner.stats.records_in == limit + 8)
    finally:
        stop(runner, thread)


def test_records_dropped_by_a_revoke_are_read_again_when_the_partition_comes_back(setup) -> None:
    """A rebalance drops the unfinished records of revoked partitions; when the member gets the
    partition back, it reads from the group's commit, not from where its fetching had got to
    (kafka-python keeps that position across the rebalance, which skipped them for good)."""
    settings, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(n) for n in range(3)])
    step = HeldStep(names["out"])
    runner, thread = start(setup, step)
    recorder = _Recorder()
    runner.observer = recorder
    k = settings.kafka
    other = KafkaConsumer(  # in the group, reading another topic: the runner keeps its partition
        names["dlq"],
        bootstrap_servers=endpoint.servers,
        group_id=f"{k.group_prefix}held",
        enable_auto_commit=False,
        session_timeout_ms=k.session_timeout_ms,
        heartbeat_interval_ms=k.heartbeat_interval_ms,
    )
    try:
        wait_for(lambda: len(step.in_flight()) == 3)
        # A second member joins: the group rebalances, revoking the runner's partition and giving
        # it back at once.
        wait_for(lambda: bool(other.poll(timeout_ms=50) is not None and recorder.revoked and runner.joined))
        other.close()  # and leaves (a member that stops polling would hold up the next rebalance)
        other = None
        step.auto = lambda p: True
        wait_for(lambda: len(step.submitted) > 3, timeout_s=60)  # read again from the commit
        for n in step.in_flight():
            step.finish(n)
        wait_for(lambda: committed(setup) == 3, timeout_s=60)
        outputs = [json.loads(r.value)["n"] for r in read_topic(endpoint, names["out"], expect=3)]
        # At least once, not exactly once: when the other member leaves, the leader's metadata
        # changes and it rejoins, which can revoke the partition between a record's output and
        # its commit (then the record is processed again).
        assert set(outputs) == {0, 1, 2}, outputs
    finally:
        if other is not None:
            other.close()
        stop(runner, thread)

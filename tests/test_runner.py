"""The generic stage runner over a real broker: dead letters, retries, commits, shutdown."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence

import pytest

from pipeline.deadletter import NEWS_RECORDS
from pipeline.errors import FetchTimeout, NewswireError
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.runner import Output, Result, StageRunner
from pipeline.records import DeadLetter
from pipeline.settings import Settings
from tests.conftest import settings_for
from tests.kafka_helpers import Ping, produce_raw, read_topic, run_until

pytestmark = pytest.mark.kafka


class EchoStep:
    """Copies each Ping to the output topic; fails as told by the record's payload."""

    name = "echo"
    input_model = Ping

    def __init__(self, out_topic: str) -> None:
        self.out_topic = out_topic
        self.calls: dict[int, int] = {}

    def process(self, records: Sequence[Ping]) -> list[Result]:
        results: list[Result] = []
        for r in records:
            self.calls[r.n] = self.calls.get(r.n, 0) + 1
            if r.payload == "raise":
                raise RuntimeError(f"boom on {r.n}")
            if r.payload == "flaky" and self.calls[r.n] == 1:
                results.append(FetchTimeout("slow upstream", url="http://example.invalid"))
                continue
            if r.payload == "huge":
                results.append(
                    [
                        Output(
                            self.out_topic,
                            r.article_id,
                            Ping(article_id=r.article_id, n=r.n, payload="x" * 3_000_000),
                        )
                    ]
                )
                continue
            results.append([Output(self.out_topic, r.article_id, r)])
        return results


def ping(n: int, payload: str = "") -> tuple[bytes, bytes]:
    aid = f"{n:016x}"
    return aid.encode(), json.dumps({"article_id": aid, "n": n, "payload": payload}).encode()


@pytest.fixture
def setup(kafka_endpoint: BrokerEndpoint) -> tuple[Settings, BrokerEndpoint, dict[str, str]]:
    settings = settings_for(kafka_endpoint, kafka={"max_request_size": 1_000_000, "max_retries": 2})
    p = settings.kafka.topic_prefix
    names = {"in": f"{p}in", "out": f"{p}out", "dlq": f"{p}dlq"}
    ensure_topics(settings.kafka, kafka_endpoint, names.values(), partitions=1)
    return settings, kafka_endpoint, names


def make_runner(setup, step: EchoStep, stop: threading.Event | None = None) -> StageRunner[Ping]:
    settings, endpoint, names = setup
    return StageRunner(
        step,
        kafka=settings.kafka,
        endpoint=endpoint,
        input_topics=[names["in"]],
        dead_letter_topic=names["dlq"],
        records=NEWS_RECORDS,
        group_id=f"{settings.kafka.group_prefix}echo",
        stop=stop,
        retry_backoff_s=0.01,
    )


def test_poison_record_is_dead_lettered_and_following_records_flow(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(1), (b"bad", b"{not json"), ping(2), ping(3)])
    runner = make_runner(setup, EchoStep(names["out"]))
    run_until(runner, lambda: runner.stats.records_in >= 4)
    out = read_topic(endpoint, names["out"], expect=3)
    dlq = read_topic(endpoint, names["dlq"], expect=1)
    assert sorted(json.loads(m.value)["n"] for m in out) == [1, 2, 3]
    letter = DeadLetter.model_validate_json(dlq[0].value)
    assert (letter.stage, letter.reason, letter.error_class) == ("echo", "record.decode", "DecodeError")
    assert letter.source.value == "{not json" and letter.source.key == "bad"
    assert letter.source.topic == names["in"]


def test_record_failing_validation_is_dead_lettered_with_the_field(setup) -> None:
    _, endpoint, names = setup
    produce_raw(
        endpoint, names["in"], [(b"k", json.dumps({"article_id": "x", "n": "many"}).encode()), ping(5)]
    )
    runner = make_runner(setup, EchoStep(names["out"]))
    run_until(runner, lambda: runner.stats.records_in >= 2)
    letter = DeadLetter.model_validate_json(read_topic(endpoint, names["dlq"], expect=1)[0].value)
    assert letter.reason == "record.invalid" and "n" in letter.error_message
    assert [json.loads(m.value)["n"] for m in read_topic(endpoint, names["out"], expect=1)] == [5]


def test_step_raising_on_one_record_dead_letters_only_that_record(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(1), ping(2, "raise"), ping(3)])
    runner = make_runner(setup, EchoStep(names["out"]))
    run_until(runner, lambda: runner.stats.records_in >= 3)
    letter = DeadLetter.model_validate_json(read_topic(endpoint, names["dlq"], expect=1)[0].value)
    assert letter.reason == "stage.exception" and "boom on 2" in letter.error_message
    assert letter.article_id == f"{2:016x}"
    assert sorted(json.loads(m.value)["n"] for m in read_topic(endpoint, names["out"], expect=2)) == [1, 3]


def test_retryable_error_is_retried_before_dead_lettering(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(7, "flaky")])
    step = EchoStep(names["out"])
    runner = make_runner(setup, step)
    run_until(runner, lambda: runner.stats.records_in >= 1)
    assert step.calls[7] == 2
    assert runner.stats.dead_letters == 0
    assert [json.loads(m.value)["n"] for m in read_topic(endpoint, names["out"], expect=1)] == [7]


def test_output_too_large_for_producer_becomes_dead_letter(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(1, "huge"), ping(2)])
    runner = make_runner(setup, EchoStep(names["out"]))
    run_until(runner, lambda: runner.stats.records_in >= 2)
    letter = DeadLetter.model_validate_json(read_topic(endpoint, names["dlq"], expect=1)[0].value)
    assert letter.reason == "record.too_large"
    assert [json.loads(m.value)["n"] for m in read_topic(endpoint, names["out"], expect=1)] == [2]


def test_committed_offsets_are_not_processed_again_by_the_group(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(1), ping(2)])
    first = make_runner(setup, EchoStep(names["out"]))
    run_until(first, lambda: first.stats.records_in >= 2)
    produce_raw(endpoint, names["in"], [ping(3)])
    second_step = EchoStep(names["out"])
    second = make_runner(setup, second_step)
    run_until(second, lambda: second.stats.records_in >= 1)
    assert sorted(second_step.calls) == [3]


def test_stop_flag_ends_run_and_returns_stats(setup) -> None:
    _, endpoint, names = setup
    produce_raw(endpoint, names["in"], [ping(1)])
    runner = make_runner(setup, EchoStep(names["out"]))
    thread = run_until(runner, lambda: runner.stats.records_in >= 1)
    assert not thread.is_alive()
    assert runner.stats.records_out == 1


def test_newswire_errors_carry_reason_and_retryable_flag() -> None:
    err: NewswireError = FetchTimeout("t", url="u")
    assert (err.reason, err.retryable) == ("fetch.timeout", True)


def test_exactly_once_mode_commits_outputs_and_offsets_in_a_transaction(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    settings = settings_for(kafka_endpoint, kafka={"processing_guarantee": "exactly_once"})
    p = settings.kafka.topic_prefix
    names = {"in": f"{p}in", "out": f"{p}out", "dlq": f"{p}dlq"}
    ensure_topics(settings.kafka, kafka_endpoint, names.values(), partitions=1)
    produce_raw(kafka_endpoint, names["in"], [ping(1), ping(2, "raise"), ping(3)])
    setup = (settings, kafka_endpoint, names)
    first = make_runner(setup, EchoStep(names["out"]))
    run_until(first, lambda: first.stats.records_in >= 3)
    assert sorted(json.loads(m.value)["n"] for m in read_topic(kafka_endpoint, names["out"], expect=2)) == [
        1,
        3,
    ]
    assert len(read_topic(kafka_endpoint, names["dlq"], expect=1)) == 1
    again = EchoStep(names["out"])
    second = make_runner(setup, again)
    run_until(second, lambda: second.joined, timeout_s=15)
    assert again.calls == {}, "offsets were committed with the transaction"


def test_debug_level_logs_one_line_per_record(setup, capsys) -> None:
    from pipeline.log import configure_logging

    _, endpoint, names = setup
    configure_logging("debug", "json")
    try:
        produce_raw(endpoint, names["in"], [ping(1), ping(2)])
        runner = make_runner(setup, EchoStep(names["out"]))
        run_until(runner, lambda: runner.stats.records_in >= 2)
    finally:
        configure_logging("info", "json")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    records = [line for line in lines if line.get("event") == "record" and line.get("stage") == "echo"]
    assert sorted(r["offset"] for r in records) == [0, 1]
    assert all(r["topic"] == names["in"] and r["outputs"] == [names["out"]] for r in records)

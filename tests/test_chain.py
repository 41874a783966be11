"""Chained stages: a process runs a stage and the stage reading its output in line, every record
still produced to its topic (pipeline/chain.py), and runners elsewhere skip what a chain handled."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

import pytest
from kafka import KafkaProducer

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.chain import ChainStep, Link, chained
from pipeline.cli.replay import await_enriched, poll_feed, publish_items
from pipeline.deadletter import NEWS_RECORDS
from pipeline.errors import NoArticleText, StageError
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.runner import StageRunner
from pipeline.records import DeadLetter, utcnow
from pipeline.replay import CorpusServer
from pipeline.stage import HANDLED_BY_HEADER, Failure, Output, Result
from pipeline.stage_table import CONSUMER_STAGES, chain_groups
from pipeline.steps import MapStep
from pipeline.topology import Topics
from tests.conftest import settings_for
from tests.kafka_helpers import Ping, read_topic, run_until


def _to(topic: str, fail_on: int | None = None) -> Any:
    """A stage function: the Ping to ``topic`` (n + 1), or NoArticleText for ``fail_on``."""

    def fn(p: Ping) -> list[Output]:
        if p.n == fail_on:
            raise NoArticleText(f"nothing in {p.n}")
        return [Output(topic, p.article_id, Ping(article_id=p.article_id, n=p.n + 1))]

    return fn


def _chain(fail_in: str | None = None) -> ChainStep:
    """head a: in → t.a; link b: t.a → t.b; link c: t.b → t.c and t.c2."""

    def both(p: Ping) -> list[Output]:
        return [Output("t.c", p.article_id, p), Output("t.c2", p.article_id, p)]

    head = MapStep("a", Ping, _to("t.a"))
    b = MapStep("b", Ping, _to("t.b", fail_on=2 if fail_in == "b" else None))
    c = MapStep("c", Ping, both)
    return ChainStep(head, [Link("b", "t.a", b), Link("c", "t.b", c)])


def _ping(n: int) -> Ping:
    return Ping(article_id=f"{n:016x}", n=n)


# -- the chain itself ---------------------------------------------------------------------------
def test_a_chain_produces_every_stage_output_and_marks_each_record_a_link_consumed() -> None:
    chain = _chain()
    try:
        result = chain.submit(_ping(1)).result(5)
    finally:
        chain.close()
    assert isinstance(result, list)
    got = [(o.topic, o.stage, dict(o.headers).get(HANDLED_BY_HEADER), o.record.n) for o in result]  # type: ignore[attr-defined]
    assert got == [
        ("t.a", None, b"b", 2),  # the head's output, consumed in line by b
        ("t.b", "b", b"c", 3),  # b's output, consumed by c
        ("t.c", "c", None, 3),  # c's outputs: nothing in the chain reads them
        ("t.c2", "c", None, 3),
    ]


def test_a_failing_link_fails_the_record_and_names_its_stage() -> None:
    chain = _chain(fail_in="b")
    try:
        ok, failed = chain.submit(_ping(5)).result(5), chain.submit(_ping(1)).result(5)
    finally:
        chain.close()
    assert isinstance(ok, list) and len(ok) == 4  # the record before still went through
    assert isinstance(failed, NoArticleText) and failed.stage == "b"


def test_a_link_that_raises_fails_as_a_stage_exception_of_that_link() -> None:
    def boom(p: Ping) -> list[Output]:
        raise ValueError("bug")

    chain = ChainStep(MapStep("a", Ping, _to("t.a")), [Link("b", "t.a", MapStep("b", Ping, boom))])
    try:
        result = chain.submit(_ping(1)).result(5)
    finally:
        chain.close()
    assert isinstance(result, StageError) and result.stage == "b" and "bug" in result.message


def test_a_link_takes_only_the_records_written_to_its_input_topic() -> None:
    def two(p: Ping) -> list[Output]:
        return [Output("t.other", p.article_id, p), Output("t.a", p.article_id, p)]

    seen: list[int] = []

    def b(p: Ping) -> list[Output]:
        seen.append(p.n)
        return []

    chain = ChainStep(MapStep("a", Ping, two), [Link("b", "t.a", MapStep("b", Ping, b))])
    try:
        result = chain.submit(_ping(4)).result(5)
    finally:
        chain.close()
    assert isinstance(result, list) and seen == [4]
    assert [(o.topic, o.headers) for o in result] == [
        ("t.other", ()),
        ("t.a", ((HANDLED_BY_HEADER, b"b"),)),
    ]


class _ConcurrentHead:
    """A concurrent step whose results arrive from another thread, like extract's."""

    name = "head"
    input_model = Ping

    def submit(self, record: Ping) -> Future[Result]:
        done: Future[Result] = Future()
        threading.Timer(0.01, lambda: done.set_result(_to("t.a")(record))).start()
        return done


def test_a_concurrent_head_hands_each_result_to_the_links() -> None:
    chain = ChainStep(_ConcurrentHead(), [Link("b", "t.a", MapStep("b", Ping, _to("t.b")))])
    try:
        results = [f.result(5) for f in [chain.submit(_ping(n)) for n in range(5)]]
    finally:
        chain.close()
    assert [[o.record.n for o in r] for r in results] == [[n + 1, n + 2] for n in range(5)]  # type: ignore[union-attr]


def test_only_a_synchronous_stage_can_be_chained_onto_another() -> None:
    with pytest.raises(TypeError, match="head"):
        ChainStep(MapStep("a", Ping, _to("t.a")), [Link("head", "t.a", _ConcurrentHead())])  # type: ignore[arg-type]


def test_nothing_chained_leaves_the_step_as_it_is() -> None:
    step = MapStep("a", Ping, _to("t.a"))
    assert chained(step, []) is step


def test_stages_are_chained_where_one_reads_what_the_one_before_writes(tmp_path) -> None:
    settings = settings_for(BrokerEndpoint("127.0.0.1:9", embedded=True))
    t = Topics()
    assert chain_groups(CONSUMER_STAGES, settings, t) == [["extract", "clean", "tag", "publish"]]
    assert chain_groups(["clean", "tag", "publish"], settings, t) == [["clean", "tag", "publish"]]
    assert chain_groups(["publish", "extract", "clean"], settings, t) == [["extract", "clean"], ["publish"]]
    assert chain_groups(["extract", "tag"], settings, t) == [["extract"], ["tag"]]


# -- the runner: chained outputs, per-stage reports, dead letters, skipping ------------------------
class _Recorder:
    """A runner observer keeping what each stage reported."""

    def __init__(self) -> None:
        self.records: dict[str, int] = {}
        self.outputs: dict[str, list[str]] = {}
        self.dead: dict[str, list[str]] = {}

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[Failure],
        seconds: float,
    ) -> None:
        self.records[stage] = self.records.get(stage, 0) + records_in
        self.outputs.setdefault(stage, []).extend(o.topic for o in outputs)
        self.dead.setdefault(stage, []).extend(d.reason for d in dead_letters)

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None: ...

    def on_poll(self, stage: str) -> None: ...


@pytest.fixture
def names(kafka_endpoint: BrokerEndpoint) -> dict[str, str]:
    p = f"c{uuid.uuid4().hex[:8]}."
    found = {k: f"{p}{k}" for k in ("in", "a", "b", "dlq")}
    ensure_topics(settings_for(kafka_endpoint).kafka, kafka_endpoint, found.values(), partitions=1)
    return found


def _produce(
    endpoint: BrokerEndpoint, topic: str, records: list[tuple[Ping, list[tuple[str, bytes]]]]
) -> None:
    producer = KafkaProducer(bootstrap_servers=endpoint.servers, acks="all")
    for ping, headers in records:
        producer.send(
            topic, key=ping.article_id.encode(), value=ping.model_dump_json().encode(), headers=headers
        )
    producer.flush()
    producer.close()


def _runner(
    endpoint: BrokerEndpoint, step: Any, names: dict[str, str], observer: Any = None
) -> StageRunner[Any]:
    settings = settings_for(endpoint)
    return StageRunner(
        step,
        kafka=settings.kafka,
        endpoint=endpoint,
        input_topics=[names["in"]],
        dead_letter_topic=names["dlq"],
        records=NEWS_RECORDS,
        group_id=f"{names['in']}.{step.name}",  # one group per test and step
        observer=observer,
        retry_backoff_s=0.01,
    )


@pytest.mark.kafka
def test_a_runner_produces_a_chain_and_reports_each_stage(kafka_endpoint: BrokerEndpoint, names) -> None:
    def fail_two(p: Ping) -> list[Output]:
        if p.n == 3:  # the head made it n + 1
            raise NoArticleText("no text")
        return [Output(names["b"], p.article_id, p)]

    chain = ChainStep(
        MapStep("a", Ping, _to(names["a"])), [Link("b", names["a"], MapStep("b", Ping, fail_two))]
    )
    _produce(kafka_endpoint, names["in"], [(_ping(n), []) for n in range(1, 5)])
    seen = _Recorder()
    runner = _runner(kafka_endpoint, chain, names, seen)
    try:
        run_until(runner, lambda: runner.stats.records_in >= 4)
    finally:
        chain.close()
    a = read_topic(kafka_endpoint, names["a"], expect=3)
    b = read_topic(kafka_endpoint, names["b"], expect=3)
    (letter,) = [
        DeadLetter.model_validate_json(m.value) for m in read_topic(kafka_endpoint, names["dlq"], expect=1)
    ]
    assert sorted(json.loads(m.value)["n"] for m in a) == [2, 4, 5]
    assert all((HANDLED_BY_HEADER, b"b") in m.headers for m in a)
    assert sorted(json.loads(m.value)["n"] for m in b) == [2, 4, 5]
    # the failing link is named; the record dead-lettered is the one the runner consumed
    assert (letter.stage, letter.reason, letter.source.topic) == ("b", "extract.no_text", names["in"])
    assert json.loads(letter.source.value)["n"] == 2
    assert seen.records == {"a": 4, "b": 4}
    assert sorted(seen.outputs["a"]) == [names["a"]] * 3 and sorted(seen.outputs["b"]) == [names["b"]] * 3
    assert seen.dead == {"a": [], "b": ["extract.no_text"]}


@pytest.mark.kafka
def test_a_runner_commits_without_processing_a_record_its_stage_handled_in_a_chain(
    kafka_endpoint: BrokerEndpoint, names
) -> None:
    seen: list[int] = []

    def echo(p: Ping) -> list[Output]:
        seen.append(p.n)
        return [Output(names["a"], p.article_id, p)]

    records = [
        (_ping(1), []),
        (_ping(2), [(HANDLED_BY_HEADER, b"echo")]),  # cleaned in line by the producing process
        (_ping(3), [(HANDLED_BY_HEADER, b"other")]),  # another stage's mark: not this one's business
    ]
    _produce(kafka_endpoint, names["in"], records)
    runner = _runner(kafka_endpoint, MapStep("echo", Ping, echo), names)
    run_until(runner, lambda: runner.stats.records_in >= 3)
    assert sorted(seen) == [1, 3] and runner.stats.skipped == 1
    assert sorted(json.loads(m.value)["n"] for m in read_topic(kafka_endpoint, names["a"], expect=2)) == [
        1,
        3,
    ]
    # the skipped record was committed with the others: the group's next member starts after it
    seen.clear()
    _produce(kafka_endpoint, names["in"], [(_ping(4), [])])
    again = _runner(kafka_endpoint, MapStep("echo", Ping, echo), names)
    run_until(again, lambda: again.stats.records_in >= 1)
    assert seen == [4]


# -- the pipeline: `newswire run` chains its stages; a stage process elsewhere does not redo them --
@pytest.mark.kafka
@pytest.mark.slow
def test_a_chained_pipeline_writes_every_topic_once_beside_a_separate_clean_process(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    settings = settings_for(kafka_endpoint)
    topics = create_pipeline_topics(settings, kafka_endpoint)
    chained_run = Pipeline(settings, kafka_endpoint)  # every consumer stage: one chained runner
    clean_only = Pipeline(settings, kafka_endpoint, ["clean"])  # e.g. a clean pod of the same prefix
    chained_run.start()
    clean_only.start()
    try:
        assert [r.step.name for r in chained_run.runners] == ["extract"]
        assert set(chained_run.runner_of) == set(CONSUMER_STAGES)
        with CorpusServer() as server:
            items = poll_feed(settings, server.feed_url)
            started = int(utcnow().timestamp() * 1000)
            publish_items(settings, kafka_endpoint, topics, items)
            ids = {i.article_id for i in items}
            records, dead = await_enriched(
                settings,
                kafka_endpoint,
                topics,
                ids,
                started_ms=started,
                stop=threading.Event(),
                timeout_s=90,
            )
        assert set(records) == ids and not dead
        articles = read_topic(kafka_endpoint, topics.articles, expect=len(ids))
        clean = read_topic(kafka_endpoint, topics.clean, expect=len(ids) + 1, timeout_s=5)
        tagged = read_topic(kafka_endpoint, topics.tagged, expect=len(ids))
    finally:
        chained_run.stop()
        clean_only.stop()
    assert all((HANDLED_BY_HEADER, b"clean") in m.headers for m in articles)
    assert all((HANDLED_BY_HEADER, b"tag") in m.headers for m in clean)
    assert all((HANDLED_BY_HEADER, b"publish") in m.headers for m in tagged)
    assert len(clean) == len(ids), "the clean process cleaned again what the chain had cleaned"
    assert clean_only.runners[0].stats.skipped == len(ids)

"""Story identity across clean instances: the story index and site memory are global tables read
from compacted changelogs, so a copy of a story finds the first copy whichever instance saw it,
and a restarted (SIGKILLed) instance restores its state from the changelogs."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.producer import RecordProducer
from pipeline.records import Article, CleanArticle, FeedRef, article_id_for
from pipeline.settings import Settings
from pipeline.steps import CleanStep
from pipeline.text.fingerprint import fingerprints, hamming
from pipeline.topology import Topics
from tests.conftest import REPO, settings_for
from tests.kafka_helpers import newswire_env

STORIES = 9
WORDS = [
    "harbour",
    "council",
    "vote",
    "crane",
    "dock",
    "storm",
    "tide",
    "ferry",
    "budget",
    "mayor",
    "port",
    "rail",
    "strike",
    "fishing",
    "fleet",
]
Outcome = dict[str, tuple[str, str | None]]  # article_id → (story_id, duplicate_of)


def _text(seed: int) -> str:
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(WORDS) + f"{rng.randrange(400)}" for _ in range(30)) for _ in range(4)
    )


def _article(url: str, text: str) -> Article:
    return Article(
        article_id=article_id_for(url),
        url=url,
        feed=FeedRef(url=url.rsplit("/", 1)[0] + "/rss"),
        title=None,
        text=text,
        fetched_at=datetime(2024, 3, 14, tzinfo=UTC),
    )


def _near(text: str) -> str:
    """The same story, lightly edited by another outlet: one word differs."""
    first, rest = text.split(" ", 1)
    return f"{first}edited {rest}"


ORIGINALS = [_article(f"https://wire{i % 3}.example/story/{i}", _text(i)) for i in range(STORIES)]
EXACT = [_article(f"https://mirror.example/copy/{i}", a.text) for i, a in enumerate(ORIGINALS)]
NEAR = [_article(f"https://paper{i % 2}.example/near/{i}", _near(a.text)) for i, a in enumerate(ORIGINALS)]
COPIES = EXACT + NEAR


def test_the_near_copies_are_near_and_the_stories_far_apart() -> None:
    """A precondition of the tests below: the fixtures are what they claim to be."""
    prints = [int(fingerprints(a.text).simhash, 16) for a in ORIGINALS]
    assert all(
        hamming(int(fingerprints(n.text).simhash, 16), p) <= 6 for n, p in zip(NEAR, prints, strict=True)
    )
    assert min(hamming(a, b) for i, a in enumerate(prints) for b in prints[i + 1 :]) > 6


def _settings(endpoint: BrokerEndpoint) -> Settings:
    return settings_for(endpoint, clean={"state_dir": None})


def _produce(settings: Settings, endpoint: BrokerEndpoint, topics: Topics, articles: list[Article]) -> None:
    with RecordProducer(settings.kafka, endpoint) as producer:
        for article in articles:
            producer.send(topics.articles, article.article_id, article)
        producer.flush()


def _outcome(endpoint: BrokerEndpoint, topics: Topics, expect: int) -> Outcome:
    """The story of each cleaned article, once ``expect`` distinct articles were cleaned (an
    article re-read after a crash is cleaned again, to the same story)."""
    consumer = KafkaConsumer(
        topics.clean,
        bootstrap_servers=endpoint.servers,
        group_id=f"read-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        session_timeout_ms=2000 if endpoint.embedded else 6000,
        heartbeat_interval_ms=500 if endpoint.embedded else 1500,
    )
    found: Outcome = {}
    deadline = time.monotonic() + 90
    try:
        while len(found) < expect and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                for record in batch:
                    c = CleanArticle.model_validate_json(record.value)
                    found[c.article_id] = (c.story_id, c.duplicate_of)
    finally:
        consumer.close()
    assert len(found) == expect, f"{len(found)} of {expect} articles cleaned in time"
    return found


def _await(condition: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _run_in_process(endpoint: BrokerEndpoint, instances: int) -> Outcome:
    """Originals, then copies, through ``instances`` clean group members (threads, one group)."""
    settings = _settings(endpoint)
    topics = create_pipeline_topics(settings, endpoint)
    pipelines = [Pipeline(settings, endpoint, ["clean"]) for _ in range(instances)]
    for pipeline in pipelines:
        pipeline.start()
    runners = [r for p in pipelines for r in p.runners]
    steps: list[Any] = [r.step for r in runners]
    try:
        _await(
            lambda: (
                all(r.joined for r in runners)
                and sum(len(r.assignment) for r in runners) == settings.kafka.partitions
                and all(r.assignment for r in runners[: settings.kafka.partitions])
            ),
            "every clean instance to hold partitions",
        )
        _produce(settings, endpoint, topics, ORIGINALS)
        _outcome(endpoint, topics, STORIES)
        # every instance's table has the originals' story entries and site observations
        _await(lambda: all(_applied(s) >= 2 * STORIES for s in steps), "the story tables to catch up")
        _produce(settings, endpoint, topics, COPIES)
        return _outcome(endpoint, topics, STORIES + len(COPIES))
    finally:
        for pipeline in pipelines:
            pipeline.stop()


def _applied(step: CleanStep) -> int:
    return step.table.applied if step.table is not None else 0


@pytest.fixture(scope="module")
def single(kafka_endpoint: BrokerEndpoint) -> Outcome:
    return _run_in_process(kafka_endpoint, 1)


def test_one_clean_instance_makes_every_copy_a_duplicate_of_its_original(single: Outcome) -> None:
    for original, exact, near in zip(ORIGINALS, EXACT, NEAR, strict=True):
        first = single[original.article_id]
        assert first == (original.article_id, None)
        assert single[exact.article_id] == (original.article_id, original.article_id)
        assert single[near.article_id][0] == original.article_id


def test_three_clean_instances_give_every_article_the_story_of_one_instance(
    kafka_endpoint: BrokerEndpoint, single: Outcome
) -> None:
    assert _run_in_process(kafka_endpoint, 3) == single


def _start_clean(settings: Settings, state: Path, log: Path) -> subprocess.Popen[bytes]:
    env = newswire_env(
        settings,
        NEWSWIRE_KAFKA__POLL_TIMEOUT_MS="200",
        NEWSWIRE_CLEAN__STATE_DIR=str(state),  # empty: whatever it knows came from the changelog
        NEWSWIRE_METRICS__ENABLED="false",
        NEWSWIRE_LOG__FORMAT="json",
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli.main",
            "--config",
            str(REPO / "config" / "newswire.yaml"),
            "run",
            "--stage",
            "clean",
        ],
        env=env,
        cwd=REPO,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _events(log: Path) -> list[dict[str, Any]]:
    """The process's JSON log events (a line two threads wrote into at once is skipped)."""
    events = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events


def _assigned(log: Path) -> int:
    """How many partitions the process's last assignment held (from its JSON log)."""
    held = [e["partitions"] for e in _events(log) if e.get("event") == "partitions assigned"]
    return len(held[-1]) if held else 0


def _committed(log: Path) -> int:
    """Records the process finished and committed (from its JSON log)."""
    return sum(event.get("records", 0) for event in _events(log) if event.get("event") == "committed")


def _restored(log: Path) -> bool:
    return '"table restored"' in log.read_text(encoding="utf-8", errors="replace")


def test_a_sigkilled_clean_process_restores_its_state_from_the_changelog(
    kafka_endpoint: BrokerEndpoint, single: Outcome, tmp_path: Path
) -> None:
    settings = _settings(kafka_endpoint)
    topics = create_pipeline_topics(settings, kafka_endpoint)
    logs = [tmp_path / "a.log", tmp_path / "b.log", tmp_path / "a2.log"]
    a = _start_clean(settings, tmp_path / "a", logs[0])
    b = _start_clean(settings, tmp_path / "b", logs[1])
    restarted = None
    try:
        _produce(settings, kafka_endpoint, topics, ORIGINALS)
        _outcome(kafka_endpoint, topics, STORIES)
        a.send_signal(signal.SIGKILL)  # no shutdown, no save: only the changelog knows what it learned
        a.wait(10)
        restarted = _start_clean(settings, tmp_path / "a2", logs[2])
        _await(lambda: _restored(logs[2]), "the restarted clean process to restore its tables")
        # The copies of its partitions are cleaned with nothing but what it restored.
        _await(lambda: _assigned(logs[2]) > 0, "the restarted clean process to hold partitions")
        _produce(settings, kafka_endpoint, topics, COPIES)
        assert _outcome(kafka_endpoint, topics, STORIES + len(COPIES)) == single
        _await(lambda: _committed(logs[2]) > 0, "the restarted process to commit copies it cleaned")
    finally:
        for proc in (a, b, restarted):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)

"""The whole pipeline over a real broker: corpus replay, dead letters in flight, subscribe by tag."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.cli.replay import await_enriched, poll_feed, publish_items
from pipeline.corpus import load_corpus
from pipeline.kafka.client import BrokerEndpoint
from pipeline.records import DeadLetter, EnrichedArticle, article_id_for, utcnow
from pipeline.replay import CorpusServer
from pipeline.settings import Settings
from tests.conftest import settings_for
from tests.kafka_helpers import produce_raw, read_topic

pytestmark = pytest.mark.kafka
REPO = Path(__file__).resolve().parents[1]

# The table in ../shared/TOPICS.md: the tags each corpus article must get.
EXPECTED_TAGS = {
    "000_554f2bcfc4ab7e25": {"syria-talks", "us-russia-summit"},
    "001_4f6c05089ed85c55": {"syria-talks", "ceasefire", "us-russia-summit"},
    "002_147982ffce6d3538": {"syria-talks", "us-russia-summit"},
    "003_0af8067bc5f71d72": {"syria-talks", "ceasefire", "us-russia-summit"},
    "004_47bc69430d165779": {"syria-talks", "ceasefire", "us-russia-summit"},
}
ID_TO_DOC = {article_id_for(d.canonical_url): d.doc_id for d in load_corpus()}


def replay(
    settings: Settings, endpoint: BrokerEndpoint, *, inject: list[tuple[bytes | None, bytes | None]] = ()
) -> tuple[dict[str, EnrichedArticle], dict[str, DeadLetter]]:
    """Replay the corpus through all four consumer stages in this process."""
    topics = create_pipeline_topics(settings, endpoint)
    stop = threading.Event()
    pipeline = Pipeline(settings, endpoint, stop=stop)
    pipeline.start()
    try:
        with CorpusServer() as server:
            started = utcnow()
            items = poll_feed(settings, server.feed_url)
            if inject:
                produce_raw(endpoint, topics.items, list(inject))
            publish_items(settings, endpoint, topics, items)
            return await_enriched(
                settings,
                endpoint,
                topics,
                {i.article_id for i in items},
                started_ms=int(started.timestamp() * 1000),
                stop=stop,
                timeout_s=120,
            )
    finally:
        pipeline.stop()


@pytest.fixture(scope="module")
def replayed(kafka_endpoint: BrokerEndpoint, tmp_path_factory: pytest.TempPathFactory):
    settings = settings_for(kafka_endpoint, poll={"state_dir": str(tmp_path_factory.mktemp("state"))})
    # A poison record ahead of the corpus items: it must be dead-lettered and the rest still flow.
    records, dead = replay(settings, kafka_endpoint, inject=[(b"poison", b"\x00not json at all")])
    return settings, records, dead


def test_replay_yields_exactly_five_enriched_records(replayed) -> None:
    _, records, dead = replayed
    assert sorted(ID_TO_DOC[i] for i in records) == sorted(EXPECTED_TAGS)
    assert dead == {}


def test_replay_tags_match_topics_md(replayed) -> None:
    _, records, _ = replayed
    got = {ID_TO_DOC[i]: set(r.topics) for i, r in records.items()}
    assert got == EXPECTED_TAGS


def test_replay_records_carry_lineage_of_every_stage(replayed) -> None:
    _, records, _ = replayed
    for record in records.values():
        assert [step.stage for step in record.lineage] == ["poll", "extract", "clean", "tag"]


def test_replay_records_publish_to_one_topic_per_tag(replayed, kafka_endpoint: BrokerEndpoint) -> None:
    settings, records, _ = replayed
    expected = sum(1 for r in records.values() if "ceasefire" in r.topics)
    got = read_topic(kafka_endpoint, f"{settings.kafka.topic_prefix}tag.ceasefire", expect=expected)
    assert sorted(json.loads(m.value)["article_id"] for m in got) == sorted(
        i for i, r in records.items() if "ceasefire" in r.topics
    )


def test_poison_record_lands_in_dead_letter_topic(replayed, kafka_endpoint: BrokerEndpoint) -> None:
    settings, _, _ = replayed
    letters = [
        DeadLetter.model_validate_json(m.value)
        for m in read_topic(kafka_endpoint, f"{settings.kafka.topic_prefix}deadletter", expect=1)
    ]
    assert [(d.stage, d.reason, d.source.key) for d in letters] == [("extract", "record.decode", "poison")]


def test_replay_is_repeatable(replayed, kafka_endpoint: BrokerEndpoint, tmp_path: Path) -> None:
    _, first, _ = replayed
    settings = settings_for(kafka_endpoint, poll={"state_dir": str(tmp_path)})
    second, _ = replay(settings, kafka_endpoint)
    assert {i: set(r.topics) for i, r in second.items()} == {i: set(r.topics) for i, r in first.items()}


def _cli(settings: Settings, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(settings.kafka.bootstrap_servers),
        "NEWSWIRE_KAFKA__TOPIC_PREFIX": settings.kafka.topic_prefix,
        "NEWSWIRE_CLEAN__STATE_DIR": str(settings.clean.state_dir),
        "NEWSWIRE_POLL__STATE_DIR": str(settings.poll.state_dir),
        "NEWSWIRE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(settings.kafka.session_timeout_ms),
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(settings.kafka.heartbeat_interval_ms),
        "NEWSWIRE_LOG__LEVEL": "warning",
    }
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def cli_replay(kafka_endpoint: BrokerEndpoint) -> tuple[Settings, subprocess.CompletedProcess[str]]:
    settings = settings_for(kafka_endpoint)
    demo = f"{settings.kafka.topic_prefix}demo."
    return settings, _cli(settings, "replay", "--json", "--topic-prefix", demo, "--keep-topics")


def test_replay_cli_json_lines_validate_against_schema(cli_replay) -> None:
    _, proc = cli_replay
    assert proc.returncode == 0, proc.stderr[-2000:]
    schema = json.loads((REPO / "schemas" / "enriched_article.schema.json").read_text())
    lines = proc.stdout.splitlines()
    assert len(lines) == 5
    for line in lines:
        Draft202012Validator(schema).validate(json.loads(line))


def test_replay_cli_prints_progress_per_stage(cli_replay) -> None:
    _, proc = cli_replay
    for stage in ("poll", "extract", "clean", "tag", "publish"):
        assert re.search(rf"^\s*{stage}\s+5/5\s*$", proc.stderr, re.MULTILINE), stage


def test_subscribe_with_tag_sees_exactly_the_tagged_articles(cli_replay) -> None:
    settings, proc = cli_replay
    assert proc.returncode == 0
    demo = f"{settings.kafka.topic_prefix}demo."
    sub = _cli(
        settings,
        "subscribe",
        "--topic-prefix",
        demo,
        "--tag",
        "ceasefire",
        "--from-beginning",
        "--json",
        "--idle-timeout",
        "6",
    )
    assert sub.returncode == 0, sub.stderr[-2000:]
    got = sorted(ID_TO_DOC[json.loads(line)["article_id"]] for line in sub.stdout.splitlines())
    assert got == sorted(d for d, tags in EXPECTED_TAGS.items() if "ceasefire" in tags)


def test_subscribe_json_into_a_closed_pipe_ends_quietly(cli_replay) -> None:
    settings, proc = cli_replay
    assert proc.returncode == 0
    k = settings.kafka
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(k.bootstrap_servers),
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(k.session_timeout_ms),
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(k.heartbeat_interval_ms),
    }
    read_end, write_end = os.pipe()
    os.close(read_end)  # `newswire subscribe --json | head -0`
    try:
        sub = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline.cli.main",
                "subscribe",
                "--topic-prefix",
                f"{k.topic_prefix}demo.",
                "--from-beginning",
                "--json",
                "--idle-timeout",
                "6",
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (sub.returncode, "Traceback" in sub.stderr) == (141, False), sub.stderr

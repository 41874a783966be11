"""Operator commands against the test broker: doctor, topics, dlq replay, retag."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.cli.main import main
from pipeline.corpus import load_corpus
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.producer import RecordProducer
from pipeline.records import Article, DeadLetter, FeedItem, FeedRef, SourceRecord, article_id_for
from pipeline.settings import Settings
from pipeline.stage_table import pipeline_topics
from pipeline.stages.clean import CleanContext, clean
from pipeline.topology import topics_for
from tests.conftest import settings_for
from tests.kafka_helpers import read_topic

pytestmark = pytest.mark.kafka
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def env_settings(kafka_endpoint: BrokerEndpoint, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for the CLI through the environment, as an operator would set them."""
    settings = settings_for(kafka_endpoint)
    k = settings.kafka
    for key, value in {
        "BOOTSTRAP_SERVERS": ",".join(k.bootstrap_servers),
        "TOPIC_PREFIX": k.topic_prefix,
        "GROUP_PREFIX": k.group_prefix,
        "SESSION_TIMEOUT_MS": str(k.session_timeout_ms),
        "HEARTBEAT_INTERVAL_MS": str(k.heartbeat_interval_ms),
        "POLL_TIMEOUT_MS": "200",
    }.items():
        monkeypatch.setenv(f"NEWSWIRE_KAFKA__{key}", value)
    monkeypatch.setenv("NEWSWIRE_METRICS__PORT", "0")
    monkeypatch.chdir(REPO)
    return settings


def test_doctor_reports_missing_topics_in_plain_words(env_settings: Settings, capsys) -> None:
    assert main(["doctor", "--wait", "5"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  topics" in out and "newswire topics --create" in out


def test_topics_says_how_to_create_the_missing_ones(env_settings: Settings, capsys) -> None:
    wanted = len(pipeline_topics(env_settings, topics_for(env_settings.kafka)))
    assert main(["topics"]) == 1
    assert f"{wanted} of {wanted} topics missing" in capsys.readouterr().err
    assert main(["topics", "--create"]) == 0
    assert "missing" not in capsys.readouterr().err


def test_doctor_passes_after_topics_are_created(env_settings: Settings, capsys) -> None:
    assert main(["topics", "--create"]) == 0
    assert main(["doctor", "--roundtrip", "--wait", "5"]) == 0
    assert "checks passed" in capsys.readouterr().out


def test_doctor_names_a_bad_config_key(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("fetch:\n  max_bytes: -1\n")
    assert main(["--config", str(bad), "doctor"]) == 1
    assert "FAIL  configuration      fetch.max_bytes" in capsys.readouterr().out


def test_doctor_names_the_setting_of_a_missing_data_file(tmp_path: Path, capsys) -> None:
    config = tmp_path / "mine.yaml"
    config.write_text("clean:\n  rules_file: nowhere.yaml\n")
    assert main(["--config", str(config), "doctor"]) == 1
    assert (
        f"FAIL  boilerplate rules  clean.rules_file: {tmp_path / 'nowhere.yaml'}" in capsys.readouterr().out
    )


def test_doctor_lines_align_whether_ok_or_failed(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "mine.yaml"
    missing.write_text("tag:\n  taxonomy_file: nowhere.yaml\n")
    assert main(["--config", str(missing), "doctor"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("ok", "FAIL"))]
    assert any(line.startswith("FAIL") for line in lines) and any(line.startswith("ok") for line in lines)
    assert {line.index(line.split()[1]) for line in lines} == {6}, lines


def _item() -> FeedItem:
    url = "https://news.example/story"
    return FeedItem(
        article_id=article_id_for(url),
        url=url,
        link=url,
        feed=FeedRef(url="https://news.example/rss"),
        fetched_at=datetime(2024, 5, 1),
    )


def _letter(settings: Settings, reason: str, stage: str = "extract") -> DeadLetter:
    item = _item()
    return DeadLetter(
        stage=stage,
        reason=reason,
        error_class="FetchTimeout",
        error_message="slow",
        retryable=True,
        article_id=item.article_id,
        source=SourceRecord(
            topic=f"{settings.kafka.topic_prefix}items",
            partition=0,
            offset=7,
            key=item.article_id,
            value=item.model_dump_json(),
            headers={},
        ),
    )


def test_dlq_replay_reinjects_matching_dead_letters_once(
    env_settings: Settings, kafka_endpoint, capsys
) -> None:
    assert main(["topics", "--create"]) == 0
    with RecordProducer(env_settings.kafka, kafka_endpoint) as producer:
        for reason in ("fetch.timeout", "extract.no_text"):
            producer.send(f"{env_settings.kafka.topic_prefix}deadletter", None, _letter(env_settings, reason))
        producer.flush()
    assert main(["dlq", "replay", "--reason", "fetch.timeout"]) == 0
    assert main(["dlq", "replay", "--reason", "fetch.timeout"]) == 0  # already replayed: nothing
    out = capsys.readouterr().out
    assert "1 dead letters replayed" in out and "0 dead letters replayed" in out
    items = read_topic(kafka_endpoint, f"{env_settings.kafka.topic_prefix}items", expect=1)
    assert [FeedItem.model_validate_json(m.value) for m in items] == [_item()]
    assert dict(items[0].headers)["newswire-dlq-replay"] == b"1"


def test_dlq_list_counts_by_stage_and_reason(env_settings: Settings, kafka_endpoint, capsys) -> None:
    assert main(["topics", "--create"]) == 0
    with RecordProducer(env_settings.kafka, kafka_endpoint) as producer:
        for reason in ("fetch.timeout", "fetch.timeout", "extract.no_text"):
            producer.send(f"{env_settings.kafka.topic_prefix}deadletter", None, _letter(env_settings, reason))
        producer.flush()
    assert main(["dlq", "list", "--idle-timeout", "3"]) == 0
    out = capsys.readouterr().out
    assert "fetch.timeout" in out and "3 dead letters" in out


def test_retag_republishes_clean_articles_with_tags(env_settings: Settings, kafka_endpoint, capsys) -> None:
    assert main(["topics", "--create"]) == 0
    doc = load_corpus()[1]
    article = Article(
        article_id=article_id_for(doc.canonical_url),
        url=doc.canonical_url,
        feed=FeedRef(url="https://corpus.example/rss"),
        title=doc.headline,
        text=doc.text,
        fetched_at=datetime(2024, 5, 1),
    )
    cleaned = clean(article, CleanContext.from_rules_file(REPO / "config" / "boilerplate.yaml"))
    with RecordProducer(env_settings.kafka, kafka_endpoint) as producer:
        producer.send(f"{env_settings.kafka.topic_prefix}clean", cleaned.article_id, cleaned)
        producer.flush()
    assert main(["retag", "--idle-timeout", "3"]) == 0
    assert "1 clean articles re-tagged" in capsys.readouterr().out
    enriched = read_topic(kafka_endpoint, f"{env_settings.kafka.topic_prefix}enriched", expect=1)
    record = json.loads(enriched[0].value)
    assert {t["topic"] for t in record["tags"]} == {"syria-talks", "ceasefire", "us-russia-summit"}


def test_dlq_replay_of_one_stage_does_not_make_another_stage_skip_its_letters(
    env_settings: Settings, kafka_endpoint, capsys
) -> None:
    assert main(["topics", "--create"]) == 0
    with RecordProducer(env_settings.kafka, kafka_endpoint) as producer:
        for stage in ("extract", "clean"):
            letter = _letter(env_settings, "fetch.timeout", stage=stage)
            producer.send(f"{env_settings.kafka.topic_prefix}deadletter", None, letter)
        producer.flush()
    capsys.readouterr()
    assert main(["dlq", "replay", "--stage", "extract", "--idle-timeout", "2"]) == 0
    assert main(["dlq", "replay", "--stage", "clean", "--idle-timeout", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("1 dead letters replayed") == 2, out


def test_doctor_roundtrip_prints_only_its_report_on_stdout(env_settings: Settings) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k.startswith("NEWSWIRE_") or k in ("PATH", "HOME")}
    assert main(["topics", "--create"]) == 0
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "doctor", "--roundtrip", "--wait", "5"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    report = [line for line in proc.stdout.splitlines() if line.strip()]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(line.startswith(("ok ", "FAIL")) or "checks passed" in line for line in report), report


def test_subscribe_to_an_unknown_tag_is_an_error_listing_the_known_ones_and_creates_nothing(
    env_settings: Settings, kafka_endpoint, capsys
) -> None:
    from pipeline.kafka.admin import list_topics

    assert main(["subscribe", "--tag", "cesefire", "--idle-timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert "unknown tag cesefire" in err and "ceasefire" in err
    assert not [t for t in list_topics(env_settings.kafka, kafka_endpoint) if "cesefire" in t]


def test_subscribe_never_creates_a_missing_tag_topic(env_settings: Settings, kafka_endpoint, capsys) -> None:
    from pipeline.kafka.admin import list_topics

    assert main(["subscribe", "--tag", "ceasefire", "--idle-timeout", "1"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert f"{env_settings.kafka.topic_prefix}tag.ceasefire" not in list_topics(
        env_settings.kafka, kafka_endpoint
    )


def test_retag_without_a_configured_broker_refuses(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.chdir(REPO)
    assert main(["retag"]) == 2
    assert "kafka.bootstrap_servers: retag needs the broker" in capsys.readouterr().err

"""Shared fixtures: one Kafka-protocol broker per test session, unique topics and groups per test.

Broker choice, in order: ``NEWSWIRE_TEST_BOOTSTRAP`` (an existing cluster), a testcontainers
Apache Kafka when a Docker daemon answers, else the embedded Tansu broker (no Docker needed).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.kafka.broker import EmbeddedBroker
from pipeline.kafka.client import BrokerEndpoint
from pipeline.records import FeedItem, FeedRef, LineageStep, article_id_for, utcnow
from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def docker_daemon_available() -> tuple[bool, str]:
    """Whether a Docker daemon answers (the machines here have a docker client but no daemon)."""
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True, "docker daemon answered"
    except Exception as exc:
        return False, f"no Docker daemon ({type(exc).__name__}: {str(exc)[:120]})"


@pytest.fixture(scope="session")
def kafka_endpoint() -> Iterator[BrokerEndpoint]:
    env = os.environ.get("NEWSWIRE_TEST_BOOTSTRAP")
    if env:
        yield BrokerEndpoint(env, embedded=False)
        return
    available, _why = docker_daemon_available()
    if available and os.environ.get("NEWSWIRE_TEST_DOCKER", "1") != "0":
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer() as container:
            yield BrokerEndpoint(container.get_bootstrap_server(), embedded=False)
        return
    with EmbeddedBroker() as broker:
        yield broker.endpoint


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_endpoint: BrokerEndpoint) -> str:
    return kafka_endpoint.bootstrap


def settings_for(endpoint: BrokerEndpoint, **sections: dict) -> Settings:
    """Repository settings pointed at the test broker, with topics and groups unique to the caller."""
    run = uuid.uuid4().hex[:8]
    kafka = {
        "bootstrap_servers": endpoint.servers,
        "topic_prefix": f"t{run}.",
        "group_prefix": f"g{run}.",
        "session_timeout_ms": 2000 if endpoint.embedded else 6000,
        "heartbeat_interval_ms": 500 if endpoint.embedded else 1500,
        "poll_timeout_ms": 200,
        "connect_timeout_s": 15,
        **sections.pop("kafka", {}),
    }
    fetch = {
        "allow_private_addresses": True,
        "per_host_delay_s": 0.0,
        "per_host_concurrency": 16,
        **sections.pop("fetch", {}),
    }
    state = Path(tempfile.mkdtemp(prefix="newswire-test-state-"))
    clean = {"state_dir": str(state / "clean"), **sections.pop("clean", {})}
    poll = {"state_dir": str(state / "poll"), **sections.pop("poll", {})}
    base = load_settings(REPO / "config" / "newswire.yaml", use_env=False)
    return base.with_overrides(kafka=kafka, fetch=fetch, clean=clean, poll=poll, **sections)


@pytest.fixture
def pipeline_settings(kafka_endpoint: BrokerEndpoint, tmp_path: Path) -> Settings:
    """Settings for one test: the session broker, fresh topics/groups, loopback fetching allowed."""
    return settings_for(kafka_endpoint, poll={"state_dir": str(tmp_path / "state")}, metrics={"port": 0})


def feed_item(url: str) -> FeedItem:
    """A feed item for ``url``, as the poller would emit it (for extract-stage tests)."""
    return FeedItem(
        article_id=article_id_for(url),
        url=url,
        link=url,
        feed=FeedRef(url="http://127.0.0.1/feed.xml", name="test"),
        title=None,
        fetched_at=utcnow(),
        lineage=(LineageStep(stage="poll"),),
    )

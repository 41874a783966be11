"""The corpus replay against real Apache Kafka in a testcontainer, whenever a Docker daemon answers.

The rest of the suite runs on the session broker (which is this same testcontainer when Docker is
available); this test insists on real Kafka and says why it is skipped where there is none.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.cli.replay import await_enriched, poll_feed, publish_items
from pipeline.kafka.client import BrokerEndpoint
from pipeline.records import utcnow
from pipeline.replay import CorpusServer
from tests.conftest import docker_daemon_available, settings_for

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

AVAILABLE, WHY = docker_daemon_available()


@pytest.fixture(scope="module")
def real_kafka() -> Iterator[BrokerEndpoint]:
    if not AVAILABLE:
        pytest.skip(f"testcontainers needs a Docker daemon to run Apache Kafka: {WHY}")
    from testcontainers.kafka import KafkaContainer

    with KafkaContainer() as container:
        yield BrokerEndpoint(container.get_bootstrap_server(), embedded=False)


def test_corpus_replay_on_real_apache_kafka(real_kafka: BrokerEndpoint) -> None:
    settings = settings_for(real_kafka, kafka={"session_timeout_ms": 6000, "heartbeat_interval_ms": 1500})
    topics = create_pipeline_topics(settings, real_kafka)
    stop = threading.Event()
    pipeline = Pipeline(settings, real_kafka, stop=stop)
    pipeline.start()
    try:
        with CorpusServer() as server:
            started = utcnow()
            items = poll_feed(settings, server.feed_url)
            publish_items(settings, real_kafka, topics, items)
            records, dead = await_enriched(
                settings,
                real_kafka,
                topics,
                {i.article_id for i in items},
                started_ms=int(started.timestamp() * 1000),
                stop=stop,
                timeout_s=180,
            )
    finally:
        pipeline.stop()
    assert set(records) == {i.article_id for i in items} and not dead

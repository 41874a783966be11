"""``newswire replay`` on a configured cluster is a guest: its own topics and groups, removed
afterwards, and private addresses allowed only for its own loopback server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.app import create_pipeline_topics
from pipeline.cli.replay import poll_feed, publish_items
from pipeline.errors import BlockedAddress
from pipeline.http.guard import AddressGuard
from pipeline.kafka.admin import list_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.replay import CorpusServer
from tests.conftest import settings_for
from tests.kafka_helpers import read_topic

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.kafka
@pytest.mark.slow
def test_replay_on_a_cluster_leaves_the_pipeline_topics_and_groups_alone(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    production = settings_for(kafka_endpoint)
    topics = create_pipeline_topics(production, kafka_endpoint)
    with CorpusServer() as internal:  # a "private" service an attacker points a feed item at
        items = poll_feed(production, internal.feed_url)
        publish_items(production, kafka_endpoint, topics, items)  # backlog in production news.items
        k = production.kafka
        env = {
            **{key: v for key, v in os.environ.items() if not key.startswith("NEWSWIRE_")},
            "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(k.bootstrap_servers),
            "NEWSWIRE_KAFKA__TOPIC_PREFIX": k.topic_prefix,
            "NEWSWIRE_KAFKA__GROUP_PREFIX": k.group_prefix,
            "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(k.session_timeout_ms),
            "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(k.heartbeat_interval_ms),
        }
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline.cli.main", "replay", "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=240,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert len(proc.stdout.splitlines()) == 5
        assert internal.article_requests == 0, "replay fetched a production item on a private address"
    assert read_topic(kafka_endpoint, topics.enriched, expect=1, timeout_s=3) == []
    left = [t for t in list_topics(k, kafka_endpoint) if t.startswith(f"{k.topic_prefix}replay-")]
    assert left == [], "replay left its topics behind"


def test_replay_refuses_the_pipeline_topic_prefix(tmp_path: Path) -> None:
    env = {key: v for key, v in os.environ.items() if not key.startswith("NEWSWIRE_")}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "replay", "--topic-prefix", "news."],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2 and "is the pipeline's own kafka.topic_prefix" in proc.stderr, proc.stderr


def test_allowed_origin_opens_only_that_port_of_a_private_host() -> None:
    guard = AddressGuard(allow_private=False, allowed_origins=["127.0.0.1:8080"])
    guard.check_literal("127.0.0.1", 8080)
    with pytest.raises(BlockedAddress):
        guard.check_literal("127.0.0.1", 8081)


def test_allowed_origin_never_opens_a_metadata_address() -> None:
    guard = AddressGuard(allow_private=False, allowed_origins=["169.254.169.254:80"])
    with pytest.raises(BlockedAddress):
        guard.check_literal("169.254.169.254", 80)


def test_refused_private_address_says_how_to_allow_it_for_local_testing() -> None:
    with pytest.raises(BlockedAddress, match="NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES=true"):
        AddressGuard(allow_private=False).check_literal("10.0.0.1", 80)

"""Real faults, each asserting that every corpus article ends up enriched and nothing is lost.

These run against dedicated embedded brokers (a proxy must sit on the advertised address, and a
broker must be restartable), whatever broker the rest of the session uses.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.cli.replay import await_enriched, poll_feed, publish_items
from pipeline.kafka.broker import EmbeddedBroker, free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.records import FeedItem, utcnow
from pipeline.replay import CorpusServer
from pipeline.settings import Settings
from tests.conftest import settings_for
from tests.kafka_helpers import produce_raw
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.kafka, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[1]


def wait_for(predicate, timeout_s: float = 30.0, interval_s: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval_s)
    return False


def corpus_items(settings: Settings, server: CorpusServer) -> list[FeedItem]:
    return poll_feed(settings, server.feed_url)


def await_all(
    settings: Settings,
    endpoint: BrokerEndpoint,
    items: list[FeedItem],
    started_ms: int,
    timeout_s: float = 90,
) -> set[str]:
    records, _dead = await_enriched(
        settings,
        endpoint,
        create_pipeline_topics(settings, endpoint),
        {i.article_id for i in items},
        started_ms=started_ms,
        stop=threading.Event(),
        timeout_s=timeout_s,
    )
    return set(records)


def stage_process(settings: Settings, bootstrap: str, log_path: Path) -> subprocess.Popen[bytes]:
    """``newswire run`` with the four consumer stages, in its own process."""
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps([bootstrap]),
        "NEWSWIRE_KAFKA__TOPIC_PREFIX": settings.kafka.topic_prefix,
        "NEWSWIRE_CLEAN__STATE_DIR": str(settings.clean.state_dir),
        "NEWSWIRE_POLL__STATE_DIR": str(settings.poll.state_dir),
        "NEWSWIRE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": "2000",
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": "500",
        "NEWSWIRE_KAFKA__CONNECT_TIMEOUT_S": "120",
        "NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES": "true",
        "NEWSWIRE_FETCH__PER_HOST_DELAY_S": "0",
        "NEWSWIRE_FETCH__PER_HOST_CONCURRENCY": "16",
        "NEWSWIRE_METRICS__PORT": "0",
        "NEWSWIRE_LOG__FORMAT": "json",
    }
    args = [sys.executable, "-m", "pipeline.cli.main", "run"]
    for stage in ("extract", "clean", "tag", "publish"):
        args += ["--stage", stage]
    log = log_path.open("ab")
    return subprocess.Popen(args, env=env, cwd=REPO, stdout=log, stderr=log)


@pytest.fixture
def broker() -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker() as b:
        yield b


@pytest.fixture
def proxied_broker() -> Iterator[tuple[EmbeddedBroker, TcpProxy]]:
    """A broker that advertises a proxy's port, so every client connection goes through the proxy."""
    proxy_port = free_port()
    broker = EmbeddedBroker(advertised_port=proxy_port)
    broker.start()
    proxy = TcpProxy("127.0.0.1", broker.port, listen_port=proxy_port)
    try:
        yield broker, proxy
    finally:
        proxy.stop()
        broker.stop()


def test_stage_process_killed_mid_batch_and_restarted_loses_nothing(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    endpoint = broker.endpoint
    settings = settings_for(endpoint)
    create_pipeline_topics(settings, endpoint)
    with CorpusServer(delay_s=2.0) as server:
        items = corpus_items(settings, server)
        started = int(utcnow().timestamp() * 1000)
        proc = stage_process(settings, endpoint.bootstrap, tmp_path / "run.log")
        publish_items(settings, endpoint, create_pipeline_topics(settings, endpoint), items)
        assert wait_for(lambda: server.article_requests >= 1, 60), "extract never fetched a page"
        proc.send_signal(signal.SIGKILL)  # mid-batch: pages are still being fetched
        proc.wait(10)
        server._server.delay_s = 0.0
        restarted = stage_process(settings, endpoint.bootstrap, tmp_path / "run.log")
        try:
            assert await_all(settings, endpoint, items, started) == {i.article_id for i in items}
        finally:
            restarted.send_signal(signal.SIGTERM)
            assert restarted.wait(60) == 0


def test_broker_unreachable_at_start_is_waited_for(proxied_broker, tmp_path: Path) -> None:
    broker, proxy = proxied_broker
    endpoint = broker.endpoint  # advertises the proxy port, which nothing listens on yet
    settings = settings_for(endpoint)
    log_path = tmp_path / "run.log"
    proc = stage_process(settings, endpoint.bootstrap, log_path)
    try:
        assert wait_for(lambda: "broker unreachable, retrying" in log_path.read_text(), 60)
        assert proc.poll() is None, "the service must wait, not crash"
        proxy.start()
        with CorpusServer() as server:
            items = corpus_items(settings, server)
            started = int(utcnow().timestamp() * 1000)
            publish_items(settings, endpoint, create_pipeline_topics(settings, endpoint), items)
            assert await_all(settings, endpoint, items, started) == {i.article_id for i in items}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0


def test_connection_cut_and_restored_mid_stream_loses_nothing(proxied_broker) -> None:
    broker, proxy = proxied_broker
    proxy.start()
    endpoint = broker.endpoint
    settings = settings_for(endpoint)
    create_pipeline_topics(settings, endpoint)
    pipeline = Pipeline(settings, endpoint)
    pipeline.start()
    try:
        with CorpusServer(delay_s=1.5) as server:
            items = corpus_items(settings, server)
            started = int(utcnow().timestamp() * 1000)
            publish_items(settings, endpoint, create_pipeline_topics(settings, endpoint), items)
            assert wait_for(lambda: server.article_requests >= 1, 60)
            proxy.cut()
            time.sleep(3)
            proxy.restore()
            assert await_all(settings, endpoint, items, started) == {i.article_id for i in items}
    finally:
        pipeline.stop()
    assert not pipeline.crashed


def test_broker_restart_recreates_clients_and_topics(tmp_path: Path) -> None:
    port = free_port()
    broker = EmbeddedBroker(port=port).__enter__()
    endpoint = broker.endpoint
    settings = settings_for(endpoint)
    create_pipeline_topics(settings, endpoint)
    pipeline = Pipeline(settings, endpoint)
    pipeline.start()
    try:
        with CorpusServer() as server:
            items = corpus_items(settings, server)
            started = int(utcnow().timestamp() * 1000)
            publish_items(settings, endpoint, create_pipeline_topics(settings, endpoint), items)
            assert await_all(settings, endpoint, items, started) == {i.article_id for i in items}
            clean = pipeline.steps["clean"]
            applied_before = clean.table.applied
            broker.stop()  # memory only: topics, records, groups and offsets are gone
            broker = EmbeddedBroker(port=port).__enter__()
            time.sleep(1)
            started = int(utcnow().timestamp() * 1000)
            publish_items(settings, endpoint, create_pipeline_topics(settings, endpoint), items)
            assert await_all(settings, endpoint, items, started, timeout_s=120) == {
                i.article_id for i in items
            }
            # clean's table follows its re-created changelogs: each article's story entry and site
            # observation written after the restart is applied (not skipped below a stale position)
            deadline = time.monotonic() + 30
            while clean.table.applied < applied_before + 2 * len(items) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert clean.table.applied >= applied_before + 2 * len(items)
    finally:
        pipeline.stop()
        broker.stop()
    assert sum(r.stats.reconnects for r in pipeline.runners) >= 1


def test_bad_records_are_dead_lettered_while_corpus_flows(broker: EmbeddedBroker) -> None:
    endpoint = broker.endpoint
    settings = settings_for(endpoint, kafka={"max_request_size": 200_000})
    topics = create_pipeline_topics(settings, endpoint)
    pipeline = Pipeline(settings, endpoint)
    pipeline.start()
    try:
        with CorpusServer() as server:
            items = corpus_items(settings, server)
            started = int(utcnow().timestamp() * 1000)
            broken = items[0].model_copy(
                update={"article_id": "00000000000000ff", "link": f"{server.base_url}/articles/missing.html"}
            )
            produce_raw(
                endpoint,
                topics.items,
                [
                    (b"invalid", json.dumps({"article_id": "nope"}).encode()),  # fails validation
                    (b"broken", broken.to_json_bytes()),  # 404: fetch.http_status
                ],
            )
            publish_items(settings, endpoint, topics, items)
            records, dead = await_enriched(
                settings,
                endpoint,
                topics,
                {i.article_id for i in items} | {"00000000000000ff"},
                started_ms=started,
                stop=threading.Event(),
                timeout_s=90,
            )
    finally:
        pipeline.stop()
    assert set(records) == {i.article_id for i in items}
    assert dead["00000000000000ff"].reason == "fetch.http_status"

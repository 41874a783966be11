"""The poll service (``PollerThread``, as ``newswire run`` starts it) across a broker restart, with
hostile feeds beside the good ones (issue 15 items 1, 2 and 4).

A memory-only broker that restarts loses every topic: the poller must re-create
``<prefix>poll.assignments`` (or, when the broker re-created it first with its default 4 partitions,
report that and still poll every feed: slots 4-23 used to be dropped silently), recreate its
producer (kafka-python's idempotent producer never recovers from a restart), and keep publishing
every feed's items.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.errors import TopicMismatch
from pipeline.feeds.ownership import slot_for
from pipeline.health import Health
from pipeline.kafka.admin import ensure_topics, list_topics
from pipeline.kafka.broker import EmbeddedBroker, free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.feed_assignment import DEFAULT_SLOTS, KafkaFeedOwnership
from pipeline.metrics import Metrics
from pipeline.service import PollerThread
from pipeline.topology import topics_for
from tests.conftest import settings_for
from tests.feeds_http_server import FeedsHTTPServer, Request, Route, serving
from tests.kafka_helpers import read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

FEEDS = 24


def wait_for(condition: Callable[[], bool], timeout_s: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class Feeds:
    """``FEEDS`` feeds on a loopback server; while ``epoch`` is n, each feed lists item ``<feed>-<n>``."""

    def __init__(self, server: FeedsHTTPServer) -> None:
        self.server = server
        self.epoch = 1
        for i in range(FEEDS):
            server.routes[f"/feed/{i}"] = self._route(i)

    def _route(self, i: int) -> Callable[[Request], Route]:
        def route(request: Request) -> Route:
            guid = f"f{i}-{self.epoch}"
            body = (
                "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>x</title>"
                f"<link>http://news.example.org/{guid}</link><guid>{guid}</guid></item></channel></rss>"
            )
            return Route(headers={"Content-Type": "application/rss+xml"}, body=body.encode())

        return route

    def urls(self) -> list[str]:
        return [self.server.url(f"/feed/{i}") for i in range(FEEDS)]


def serve_hostile(server: FeedsHTTPServer) -> list[str]:
    """Feeds that crashed the poll task, and one that froze the process, beside the good ones."""
    rss = {"Content-Type": "application/rss+xml"}
    script = "&lt;script " * 40_000  # 440 kB: ~2 min of regex backtracking per parse before the fix
    server.routes["/hostile/empty"] = Route(headers=rss, body=b"")
    server.routes["/hostile/deep"] = Route(
        headers={"Content-Type": "application/feed+json"},
        body=b'{"version":"https://jsonfeed.org/version/1.1","items":'
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}",
    )
    server.routes["/hostile/script"] = Route(
        headers=rss,
        body=(
            "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>s</title>"
            f"<link>http://news.example.org/script</link><guid>script-1</guid><description>{script}"
            "</description></item></channel></rss>"
        ).encode(),
    )
    return [server.url(p) for p in ("/hostile/empty", "/hostile/deep", "/hostile/script")]


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        yield srv


def guids(endpoint: BrokerEndpoint, topic: str, expect: int, timeout_s: float) -> set[str]:
    return {
        json.loads(r.value)["guid"] for r in read_topic(endpoint, topic, expect=expect, timeout_s=timeout_s)
    }


def test_the_assignment_topic_with_another_partition_count_is_refused_at_start(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    kafka = settings_for(kafka_endpoint).kafka
    topic = f"t{uuid.uuid4().hex[:8]}.poll.assignments"
    ensure_topics(kafka, kafka_endpoint, [topic], partitions=4)  # as a broker's auto-creation would
    owner = KafkaFeedOwnership(
        kafka, kafka_endpoint, topic=topic, group_id=f"g-{uuid.uuid4().hex[:8]}", slot_of=slot_for, slots=6
    )
    with pytest.raises(TopicMismatch, match=rf"{topic} has 4 partition\(s\), newswire needs exactly 6"):
        owner.start()


def test_after_a_broker_restart_every_feed_is_polled_and_published_again(
    server: FeedsHTTPServer, tmp_path: Path
) -> None:
    feeds = Feeds(server)
    feeds_file = tmp_path / "feeds.yaml"
    hostile = serve_hostile(server)
    listed = [*feeds.urls(), *hostile]
    feeds_file.write_text("feeds:\n" + "".join(f"  - {u}\n" for u in listed), encoding="utf-8")
    assert len({slot_for(u, DEFAULT_SLOTS) for u in feeds.urls()}) > 4  # feeds beyond slot 3 exist

    port = free_port()
    broker = EmbeddedBroker(port=port)
    endpoint = broker.start()
    settings = settings_for(
        endpoint,
        poll={
            "feeds_file": str(feeds_file),
            "min_interval_s": 0.5,
            "default_interval_s": 1.0,
            "max_interval_s": 2.0,
            "commit_interval_s": 0.2,
        },
    )
    topics = topics_for(settings.kafka)
    ensure_topics(settings.kafka, endpoint, [topics.items])
    stop = threading.Event()
    health = Health(stale_after_s=30)
    metrics = Metrics()
    poller = PollerThread(settings, endpoint, stop=stop, metrics=metrics, health=health)
    poller.ownership._verify_every_s = 1.0  # the production default (10 s) only slows the test
    poller.start()
    try:
        first = {f"f{i}-1" for i in range(FEEDS)} | {"script-1"}
        assert guids(endpoint, topics.items, FEEDS + 1, 60) == first
        exposition = metrics.exposition().decode()
        for reason in ("feed.empty", "feed.parse_failed"):
            assert f'newswire_feed_poll_failures_total{{reason="{reason}"}}' in exposition

        broker.stop()  # memory only: topics, groups and the producer's id are gone
        broker = EmbeddedBroker(port=port)
        broker.start()
        feeds.epoch = 2  # every feed now lists a new item

        second = {f"f{i}-2" for i in range(FEEDS)}
        arrived: set[str] = set()

        def all_arrived() -> bool:
            arrived.update(guids(endpoint, topics.items, 2 * FEEDS, 15))
            return second <= arrived

        assert wait_for(all_arrived, 120), (sorted(second - arrived), sorted(poller.ownership.slots))
        partitions = list_topics(settings.kafka, endpoint)[topics.poll_assignments]
        ready, detail = poller.readiness()
        if partitions == DEFAULT_SLOTS:  # our check re-created the topic before a member asked for it
            assert ready, detail
        else:  # the broker auto-created it with its default: reported, and every feed still polled
            assert not ready and f"has {partitions} partition(s)" in detail, detail
        assert health.heartbeat_ages()["poll"] < 5  # progress again: liveness beats resumed
        assert server.paths().count("/hostile/empty") >= 2  # failed, backed off, polled again
    finally:
        stop.set()
        poller.join(30)
        broker.stop()
    assert poller.crashed is None

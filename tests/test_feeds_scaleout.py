"""Two pollers sharing one feed list through a Kafka consumer group (the session test broker)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from pipeline.feeds import FeedPoller, StateStore, StaticFeedsSource
from pipeline.feeds.ownership import slot_for
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.feed_assignment import KafkaFeedOwnership
from pipeline.settings import FetchSettings, PollSettings
from tests.conftest import settings_for
from tests.feeds_http_server import FeedsHTTPServer, Route, serving

pytestmark = pytest.mark.kafka

SLOTS = 6
FETCH = FetchSettings(allow_private_addresses=True, per_host_delay_s=0.0, per_host_concurrency=8)
POLL = PollSettings(min_interval_s=10, default_interval_s=60, max_interval_s=1000, commit_interval_s=0.05)
RSS = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>x</title>"
    b"<link>https://news.example.org/x</link><guid>x</guid></item></channel></rss>"
)


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        for i in range(30):
            srv.routes[f"/feed/{i}"] = Route(headers={"Content-Type": "application/rss+xml"}, body=RSS)
        yield srv


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def ownership(endpoint: BrokerEndpoint, group: str, topic: str) -> KafkaFeedOwnership:
    kafka = settings_for(endpoint).kafka
    return KafkaFeedOwnership(kafka, endpoint, topic=topic, group_id=group, slot_of=slot_for, slots=SLOTS)


def poll_once(server: FeedsHTTPServer, owner: KafkaFeedOwnership) -> None:
    source = StaticFeedsSource.from_urls([server.url(f"/feed/{i}") for i in range(30)])
    asyncio.run(FeedPoller(source, FETCH, POLL, StateStore.in_memory(), lambda item: None, owner).poll_once())


def test_two_pollers_split_the_feeds_without_polling_one_twice(
    server: FeedsHTTPServer, kafka_endpoint: BrokerEndpoint
) -> None:
    group, topic = f"pollers-{uuid.uuid4().hex[:8]}", f"t{uuid.uuid4().hex[:8]}.poll.assignments"
    with ownership(kafka_endpoint, group, topic) as a, ownership(kafka_endpoint, group, topic) as b:
        wait_for(lambda: a.slots and b.slots and len(a.slots | b.slots) == SLOTS and not a.slots & b.slots)
        poll_once(server, a)
        poll_once(server, b)
    per_feed = Counter(server.paths())
    assert len(per_feed) == 30 and set(per_feed.values()) == {1}


def test_feeds_of_a_poller_that_leaves_move_to_the_other(
    server: FeedsHTTPServer, kafka_endpoint: BrokerEndpoint
) -> None:
    group, topic = f"pollers-{uuid.uuid4().hex[:8]}", f"t{uuid.uuid4().hex[:8]}.poll.assignments"
    with ownership(kafka_endpoint, group, topic) as a:
        b = ownership(kafka_endpoint, group, topic).start()
        wait_for(lambda: a.slots and b.slots and len(a.slots | b.slots) == SLOTS)
        b.close()
        wait_for(lambda: len(a.slots) == SLOTS)
        poll_once(server, a)
    assert len(Counter(server.paths())) == 30

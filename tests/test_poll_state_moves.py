"""A feed's poll state follows it to the next poller through the compacted changelog.poll.feeds
topic: the poller it moves to continues from its validators and seen items."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest

from pipeline.app import create_pipeline_topics
from pipeline.feeds import FeedPoller, StateStore, StaticFeedsSource
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.producer import RecordProducer
from pipeline.kafka.table import KafkaTables
from pipeline.records import FeedItem
from pipeline.service import share_poll_state
from pipeline.settings import FetchSettings, PollSettings
from tests.conftest import settings_for
from tests.feeds_http_server import FeedsHTTPServer, Request, Route, serving

FETCH = FetchSettings(allow_private_addresses=True, per_host_delay_s=0.0, per_host_concurrency=8)
POLL = PollSettings(min_interval_s=10, default_interval_s=60, max_interval_s=1000, commit_interval_s=0.05)
RSS_TYPE = {"Content-Type": "application/rss+xml"}


def rss(*guids: str) -> bytes:
    items = "".join(
        f"<item><title>{g}</title><link>https://news.example.org/{g}</link><guid>{g}</guid></item>"
        for g in guids
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()
    )


class Owned:
    """The feeds a poller holds; moved by the test as a rebalance would."""

    def __init__(self, *urls: str) -> None:
        self.urls = set(urls)

    def owns(self, feed_url: str) -> bool:
        return feed_url in self.urls


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        yield srv


def poll(url: str, store: StateStore, owner: Owned) -> list[FeedItem]:
    emitted: list[FeedItem] = []
    source = StaticFeedsSource.from_urls([url])
    asyncio.run(FeedPoller(source, FETCH, POLL, store, emitted.append, owner).poll_once())
    return emitted


def handed_over(
    server: FeedsHTTPServer, endpoint: BrokerEndpoint, after: Route | None = None
) -> list[FeedItem]:
    """Poller A polls the feed and stops; the feed moves to poller B, which polls it: B's items."""
    settings = settings_for(endpoint)
    topics = create_pipeline_topics(settings, endpoint)
    changelog = topics.changelog("poll", "feeds")
    url = server.url("/feed")
    tables = KafkaTables(settings.kafka, endpoint)
    with RecordProducer(settings.kafka, endpoint) as producer:
        store_a, store_b = StateStore.in_memory(), StateStore.in_memory()
        table_a = share_poll_state(store_a, tables, changelog, send=producer.send, flush=producer.flush)
        table_b = share_poll_state(store_b, tables, changelog, send=producer.send, flush=producer.flush)
        a, b = Owned(url), Owned()
        try:
            assert len(poll(url, store_a, a)) == 2
            table_a.close()  # the first poller stops ...
            store_a.close()
            wait_for(lambda: len(store_b.seen(url)) == 2)  # ... and the second one heard of its feed
            b.urls.add(url)
            if after is not None:
                server.routes["/feed"] = after
            return poll(url, store_b, b)
        finally:
            table_b.close()
            store_b.close()


def test_a_moved_feed_is_asked_with_its_validators_and_republishes_nothing(
    server: FeedsHTTPServer, kafka_endpoint: BrokerEndpoint
) -> None:
    def conditional(request: Request) -> Route:
        if request.headers.get("if-none-match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(headers={**RSS_TYPE, "ETag": '"v1"'}, body=rss("a", "b"))

    server.routes["/feed"] = conditional
    assert handed_over(server, kafka_endpoint) == []
    assert [r.headers.get("if-none-match") for r in server.requests][-1] == '"v1"'


def test_a_moved_feed_publishes_only_the_items_its_old_poller_had_not(
    server: FeedsHTTPServer, kafka_endpoint: BrokerEndpoint
) -> None:
    server.routes["/feed"] = Route(headers=RSS_TYPE, body=rss("a", "b"))
    emitted = handed_over(server, kafka_endpoint, after=Route(headers=RSS_TYPE, body=rss("a", "b", "c")))
    assert [item.link for item in emitted] == ["https://news.example.org/c"]

"""The feed poller against a real HTTP server on 127.0.0.1, with real SQLite state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import BrokerError
from pipeline.feeds import FeedConfig, FeedPoller, FileFeedsSource, PollOutcome, StateStore, StaticFeedsSource
from pipeline.records import FeedItem
from pipeline.settings import FetchSettings, PollSettings
from tests.feeds_http_server import FeedsHTTPServer, Request, Route, serving

DATA = Path(__file__).resolve().parent / "data" / "feeds"
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
FETCH = FetchSettings(
    allow_private_addresses=True, per_host_delay_s=0.0, per_host_concurrency=8, total_timeout_s=5
)
POLL = PollSettings(
    min_interval_s=10,
    default_interval_s=60,
    max_interval_s=1000,
    max_failures=3,
    commit_interval_s=0.05,
    reload_check_s=0.05,
)


def rss(*items: tuple[str, str], build: str = "1") -> bytes:
    """An RSS 2.0 document with (guid, description) items."""
    body = "".join(
        f"<item><title>Story {guid}</title><link>https://news.example.org/{guid}</link><guid>{guid}</guid>"
        f"<description>{text}</description></item>"
        for guid, text in items
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><lastBuildDate>{build}"
        f"</lastBuildDate>{body}</channel></rss>"
    ).encode()


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        yield srv


class Sink:
    """Collects emitted items; can be made to fail."""

    def __init__(self) -> None:
        self.items: list[FeedItem] = []
        self.fail_emit = False
        self.fail_flush = False

    def emit(self, item: FeedItem) -> None:
        if self.fail_emit:
            raise BrokerError("broker down")
        self.items.append(item)

    def flush(self) -> None:
        if self.fail_flush:
            raise BrokerError("flush failed")


def poll(
    store: StateStore,
    urls: list[str],
    sink: Sink | None = None,
    *,
    fetch: FetchSettings = FETCH,
    settings: PollSettings = POLL,
    **kwargs: Any,
) -> list[PollOutcome]:
    sink = sink or Sink()
    source = StaticFeedsSource.from_urls(urls)
    poller = FeedPoller(source, fetch, settings, store, sink.emit, flush=sink.flush, **kwargs)
    return asyncio.run(poller.poll_once())


def test_poller_emits_every_item_of_a_new_feed_oldest_first(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("b", "newer"), ("a", "older")))
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")])
    assert (outcome.status, [i.guid for i in outcome.items]) == ("new", ["a", "b"])


def test_poller_does_not_republish_items_after_restart(server: FeedsHTTPServer, tmp_path: Path) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x"), build="1"))
    poll(StateStore(tmp_path / "state.db"), [server.url("/f")])
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x"), build="2"))
    [outcome] = poll(StateStore(tmp_path / "state.db"), [server.url("/f")])
    assert (outcome.status, outcome.items) == ("unchanged", ())


def test_poller_publishes_only_the_new_item_after_restart(server: FeedsHTTPServer, tmp_path: Path) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))
    poll(StateStore(tmp_path / "state.db"), [server.url("/f")])
    server.routes["/f"] = Route(headers=RSS, body=rss(("b", "y"), ("a", "x")))
    [outcome] = poll(StateStore(tmp_path / "state.db"), [server.url("/f")])
    assert [(i.guid, i.revision) for i in outcome.items] == [("b", 0)]


def test_poller_republishes_revised_item_with_next_revision(server: FeedsHTTPServer) -> None:
    store = StateStore.in_memory()
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "first text")))
    poll(store, [server.url("/f")])
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "corrected text")))
    [outcome] = poll(store, [server.url("/f")])
    assert [(i.guid, i.revision, i.summary) for i in outcome.items] == [("a", 1, "corrected text")]


def test_poller_sends_validators_and_treats_304_as_nothing_new(server: FeedsHTTPServer) -> None:
    def conditional(request: Request) -> Route:
        if request.headers.get("if-none-match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(headers={**RSS, "ETag": '"v1"'}, body=rss(("a", "x")))

    server.routes["/f"] = conditional
    store = StateStore.in_memory()
    poll(store, [server.url("/f")])
    [outcome] = poll(store, [server.url("/f")])
    assert (outcome.status, outcome.items, outcome.http_status) == ("not_modified", (), 304)


def test_poller_skips_parsing_an_identical_body(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))
    store = StateStore.in_memory()
    poll(store, [server.url("/f")])
    [outcome] = poll(store, [server.url("/f")])
    assert (outcome.status, outcome.items) == ("unchanged", ())


def test_poller_waits_at_least_retry_after_on_429(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(status=429, headers={"Retry-After": "500"})
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")])
    assert (outcome.status, outcome.reason, outcome.http_status) == ("failed", "fetch.http_status", 429)
    assert outcome.next_poll_in_s is not None and outcome.next_poll_in_s >= 500


def test_poller_honours_cache_control_max_age(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers={**RSS, "Cache-Control": "public, max-age=700"}, body=rss(("a", "x")))
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")])
    assert outcome.next_poll_in_s is not None and outcome.next_poll_in_s >= 700


def test_poller_parks_feed_after_max_failures(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(status=500)
    store = StateStore.in_memory()
    outcomes = [poll(store, [server.url("/f")])[0] for _ in range(POLL.max_failures)]
    assert [(o.failures, o.parked) for o in outcomes] == [(1, False), (2, False), (3, True)]
    assert (
        outcomes[-1].next_poll_in_s is not None and outcomes[-1].next_poll_in_s >= 0.9 * POLL.max_interval_s
    )


def test_poller_unparks_feed_when_it_recovers(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(status=500)
    store = StateStore.in_memory()
    for _ in range(POLL.max_failures):
        poll(store, [server.url("/f")])
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))
    [outcome] = poll(store, [server.url("/f")])
    assert (outcome.status, outcome.parked, store.feed(server.url("/f")).parked) == ("new", False, False)


def test_poller_uses_malformed_feed_that_yields_entries(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=(DATA / "malformed_with_entries.xml").read_bytes())
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")])
    assert (outcome.status, len(outcome.items), outcome.problem is not None) == ("new", 2, True)


def test_poller_counts_feed_without_entries_as_failure(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=(DATA / "malformed_empty.xml").read_bytes())
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")])
    assert (outcome.status, outcome.reason, outcome.failures) == ("failed", "feed.unusable", 1)


def test_poller_refuses_private_feed_address_by_default() -> None:
    fetch = FetchSettings(allow_private_addresses=False)
    [outcome] = poll(StateStore.in_memory(), ["http://10.0.0.1/feed.xml"], fetch=fetch)
    assert (outcome.status, outcome.reason) == ("failed", "fetch.blocked_address")


def test_poller_republishes_items_whose_flush_failed(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))
    store, sink = StateStore.in_memory(), Sink()
    sink.fail_flush = True
    with pytest.raises(BrokerError):
        poll(store, [server.url("/f")], sink)
    [outcome] = poll(store, [server.url("/f")])
    assert [i.guid for i in outcome.items] == ["a"]


def test_poller_reports_emit_failure_without_counting_it_against_the_feed(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))
    sink = Sink()
    sink.fail_emit = True
    [outcome] = poll(StateStore.in_memory(), [server.url("/f")], sink)
    assert (outcome.status, outcome.reason, outcome.failures) == ("failed", "broker.unavailable", 0)


def test_poller_skips_feeds_another_process_owns(server: FeedsHTTPServer) -> None:
    server.routes["/f"] = Route(headers=RSS, body=rss(("a", "x")))

    class OwnNothing:
        def owns(self, feed_url: str) -> bool:
            return False

    [outcome] = poll(StateStore.in_memory(), [server.url("/f")], ownership=OwnNothing())
    assert (outcome.status, server.requests) == ("not_owned", [])


def run_until(poller: FeedPoller, done: Callable[[], bool], timeout_s: float = 10.0) -> None:
    async def go() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(poller.run(stop))
        for _ in range(int(timeout_s / 0.02)):
            if done():
                break
            await asyncio.sleep(0.02)
        stop.set()
        await task

    asyncio.run(go())


def test_poller_service_polls_each_feed_and_stops_cleanly(server: FeedsHTTPServer) -> None:
    server.routes["/a"] = Route(headers=RSS, body=rss(("a1", "x")))
    server.routes["/b"] = Route(headers=RSS, body=rss(("b1", "x")))
    sink, store = Sink(), StateStore.in_memory()
    source = StaticFeedsSource.from_urls([server.url("/a"), server.url("/b")])
    poller = FeedPoller(source, FETCH, POLL, store, sink.emit, flush=sink.flush)
    run_until(poller, lambda: len(sink.items) == 2)
    assert sorted(i.guid or "" for i in sink.items) == ["a1", "b1"]
    assert store.feed(server.url("/a")).next_poll_at is not None


def test_poller_service_picks_up_feed_added_to_the_file(server: FeedsHTTPServer, tmp_path: Path) -> None:
    server.routes["/a"] = Route(headers=RSS, body=rss(("a1", "x")))
    server.routes["/b"] = Route(headers=RSS, body=rss(("b1", "x")))
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - {server.url('/a')}\n")
    sink = Sink()
    source = FileFeedsSource(feeds_file)
    poller = FeedPoller(source, FETCH, POLL, StateStore.in_memory(), sink.emit)

    def added_once_first_polled() -> bool:
        if sink.items and "/b" not in feeds_file.read_text():
            feeds_file.write_text(
                f"feeds:\n  - {server.url('/a')}\n  - url: {server.url('/b')}\n    name: B\n"
            )
            source.request_reload()
        return len(sink.items) == 2

    run_until(poller, added_once_first_polled)
    assert [(i.guid, i.feed.name) for i in sink.items] == [("a1", None), ("b1", "B")]


def test_poller_service_does_not_repoll_before_the_stored_due_time(
    server: FeedsHTTPServer, tmp_path: Path
) -> None:
    server.routes["/a"] = Route(headers=RSS, body=rss(("a1", "x")))
    poll(StateStore(tmp_path / "s.db"), [server.url("/a")])
    source = StaticFeedsSource([FeedConfig(url=server.url("/a"))])
    poller = FeedPoller(source, FETCH, POLL, StateStore(tmp_path / "s.db"), Sink().emit)
    run_until(poller, lambda: False, timeout_s=0.5)
    assert len(server.requests) == 1


def test_poller_service_does_not_let_one_busy_host_hold_every_slot(server: FeedsHTTPServer) -> None:
    """Many due feeds of one slow host must not keep another host's feed waiting behind them."""
    for n in range(6):
        server.routes[f"/a{n}"] = Route(headers=RSS, body=rss((f"a{n}", "x")), delay_s=2.0)
    server.routes["/b"] = Route(headers=RSS, body=rss(("b1", "x")))
    busy = [server.url(f"/a{n}") for n in range(6)]  # 127.0.0.1 sorts before localhost: due first
    other = f"http://localhost:{server.port}/b"
    fetch = FETCH.model_copy(update={"per_host_concurrency": 1})
    settings = POLL.model_copy(update={"max_in_flight": 3})
    sink = Sink()
    poller = FeedPoller(
        StaticFeedsSource.from_urls([*busy, other]), fetch, settings, StateStore.in_memory(), sink.emit
    )
    run_until(poller, lambda: any(i.guid == "b1" for i in sink.items))
    # The busy host gets two feeds in flight (one fetching, one next in its politeness queue);
    # the third slot goes to the other host at once instead of to a third feed of the busy one.
    assert server.paths()[:2] == ["/a0", "/b"], server.paths()

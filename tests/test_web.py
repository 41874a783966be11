"""The web view without a browser: stores, highlight segments, the status sampler, the HTTP API."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from pipeline.cli.main import main
from pipeline.errors import ConfigError, ConnectionFailed
from pipeline.health import Health, OpsServer
from pipeline.http.scrape import MetricsScraper
from pipeline.kafka.client import BrokerEndpoint
from pipeline.metrics import Metrics
from pipeline.records import (
    DeadLetter,
    EnrichedArticle,
    Entity,
    FeedRef,
    Fingerprints,
    SourceRecord,
    Span,
    Tag,
)
from pipeline.settings import KafkaSettings, WebSettings
from pipeline.web import views
from pipeline.web.app import CONTENT_SECURITY_POLICY, WebState, create_app
from pipeline.web.events import Broadcaster
from pipeline.web.server import WebServer
from pipeline.web.status import MetricsSource, StatusSampler, parse_exposition
from pipeline.web.store import ArticleStore, DeadLetterStore, Filter
from pipeline.web.views import highlight_segments

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def article(
    n: int, *, topics: tuple[str, ...] = (), entities: tuple[str, ...] = (), at: datetime | None = None
) -> EnrichedArticle:
    return EnrichedArticle(
        article_id=f"{n:016x}",
        url=f"https://example.org/{n}",
        feed=FeedRef(url="https://example.org/feed", name="Example"),
        title=f"Article {n}",
        text=f"Article {n}\n\nA ceasefire was agreed.",
        fetched_at=T0,
        fingerprints=Fingerprints(content_sha256="0" * 64, simhash="0" * 16),
        story_id=f"s{n}",
        tags=tuple(Tag(topic=t, score=2.0, evidence=()) for t in topics),
        entities=tuple(Entity(id=e, name=e.title(), kind="person", mentions=()) for e in entities),
        taxonomy_version="test",
        processed_at=at or T0 + timedelta(seconds=n),
    )


def dead_letter(reason: str, stage: str = "extract") -> DeadLetter:
    return DeadLetter(
        stage=stage,
        reason=reason,
        error_class="DecodeError",
        error_message="not JSON",
        retryable=False,
        source=SourceRecord(topic="news.items", partition=0, offset=1, key=None, value="{"),
    )


# --- highlight segments ---------------------------------------------------------------------


def tag(topic: str, *spans: tuple[int, int, str]) -> Tag:
    return Tag(
        topic=topic, score=2.0, evidence=tuple(Span(start=s, end=e, match="", rule=r) for s, e, r in spans)
    )


def test_segments_concatenate_to_the_text() -> None:
    text = "Truce talks began; the truce held."
    segments = highlight_segments(text, [tag("ceasefire", (0, 5, "truce"), (23, 28, "truce"))])
    assert "".join(s["text"] for s in segments) == text


def test_segments_mark_exactly_the_evidence_offsets() -> None:
    text = "Truce talks began; the truce held."
    segments = highlight_segments(text, [tag("ceasefire", (23, 28, "truce"))])
    marked = [(s["start"], s["text"], s["marks"]) for s in segments if s["marks"]]
    assert marked == [(23, "truce", [{"topic": "ceasefire", "rule": "truce"}])]


def test_overlapping_spans_of_two_tags_both_cover_the_overlap() -> None:
    text = "Syria peace talks"
    segments = highlight_segments(
        text, [tag("syria-talks", (0, 17, "talks")), tag("ceasefire", (6, 11, "peace"))]
    )
    overlap = next(s for s in segments if s["text"] == "peace")
    assert {m["topic"] for m in overlap["marks"]} == {"syria-talks", "ceasefire"}


def test_spans_outside_the_text_are_ignored() -> None:
    segments = highlight_segments("short", [tag("x", (3, 99, "bad"), (4, 4, "empty"))])
    assert segments == [{"text": "short", "start": 0, "marks": []}]


def test_offsets_count_code_points_not_utf16_units() -> None:
    text = "🙂 truce"  # one code point, two UTF-16 units
    segments = highlight_segments(text, [tag("ceasefire", (2, 7, "truce"))])
    assert [s["text"] for s in segments if s["marks"]] == ["truce"]


# --- stores -----------------------------------------------------------------------------------


def test_store_lists_newest_first() -> None:
    store = ArticleStore(10)
    for n in (2, 1, 3):
        store.add(article(n))
    assert [a.article_id for a in store.newest()] == [f"{n:016x}" for n in (3, 2, 1)]


def test_store_keeps_one_version_per_article_the_newest() -> None:
    store = ArticleStore(10)
    assert store.add(article(1, topics=("a",), at=T0))
    assert store.add(article(1, topics=("b",), at=T0 + timedelta(minutes=1)))
    assert not store.add(article(1, topics=("c",), at=T0))  # an older re-delivery
    assert [a.topics for a in store.newest()] == [["b"]]


def test_store_drops_the_oldest_beyond_capacity() -> None:
    store = ArticleStore(2)
    for n in (1, 2, 3):
        store.add(article(n))
    assert store.get(f"{1:016x}") is None
    assert len(store) == 2


def test_filter_by_tag_and_entity() -> None:
    store = ArticleStore(10)
    store.add(article(1, topics=("ceasefire",), entities=("putin",)))
    store.add(article(2, topics=("ceasefire",)))
    store.add(article(3, entities=("putin",)))
    assert {a.article_id[-1] for a in store.newest(Filter(tag="ceasefire"))} == {"1", "2"}
    assert {a.article_id[-1] for a in store.newest(Filter(entity="putin"))} == {"1", "3"}
    assert {a.article_id[-1] for a in store.newest(Filter(tag="ceasefire", entity="putin"))} == {"1"}


def test_tag_counts_count_articles_per_tag() -> None:
    store = ArticleStore(10)
    store.add(article(1, topics=("ceasefire", "syria-talks")))
    store.add(article(2, topics=("ceasefire",)))
    assert store.tag_counts() == {"ceasefire": 2, "syria-talks": 1}


def test_dead_letters_are_counted_by_stage_and_reason() -> None:
    store = DeadLetterStore(capacity=1)
    for reason in ("fetch.timeout", "fetch.timeout", "record.decode"):
        store.add(dead_letter(reason))
    assert store.by_reason() == [("extract", "fetch.timeout", 2), ("extract", "record.decode", 1)]
    assert [d.reason for d in store.newest()] == ["record.decode"]  # only the newest kept


# --- status -----------------------------------------------------------------------------------


@dataclass
class Clock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


def registry_source(metrics: Metrics, name: str = "svc") -> MetricsSource:
    async def read() -> str:
        return metrics.exposition().decode()

    return MetricsSource(name, read)


def test_exposition_is_summed_per_stage() -> None:
    metrics = Metrics()
    metrics.record_in("extract", 7)
    metrics.set_lag("extract", "news.items", 0, 3)
    metrics.set_lag("extract", "news.items", 1, 4)
    metrics.dead_letter("extract", "fetch.timeout", 2)
    snap = parse_exposition(metrics.exposition().decode())
    assert (snap.records_in["extract"], snap.lag["extract"], snap.dead_letters["extract"]) == (7, 7, 2)


def test_rate_is_the_counter_increase_over_the_window() -> None:
    metrics, clock = Metrics(), Clock()
    sampler = StatusSampler([registry_source(metrics)], window_s=60, clock=clock)
    asyncio.run(sampler.sample())
    metrics.record_in("clean", 30)
    clock.now += 10
    asyncio.run(sampler.sample())
    assert sampler.status()["stages"][0] == {
        "stage": "clean",
        "in_per_s": 3.0,
        "out_per_s": 0.0,
        "lag": 0.0,
        "dead_letters": 0.0,
    }


def test_rate_forgets_samples_older_than_the_window() -> None:
    metrics, clock = Metrics(), Clock()
    sampler = StatusSampler([registry_source(metrics)], window_s=60, clock=clock)
    metrics.record_in("tag", 100)
    for _ in range(5):
        asyncio.run(sampler.sample())
        clock.now += 30
    assert sampler.status()["stages"][0]["in_per_s"] == 0.0  # nothing new within the last minute


def test_a_restarted_service_counts_from_zero() -> None:
    clock = Clock()
    current = [Metrics()]
    current[0].record_in("tag", 50)

    async def read() -> str:
        return current[0].exposition().decode()

    sampler = StatusSampler([MetricsSource("svc", read)], window_s=60, clock=clock)
    asyncio.run(sampler.sample())
    current[0] = Metrics()  # the service restarted: its counter starts again
    current[0].record_in("tag", 20)
    clock.now += 10
    asyncio.run(sampler.sample())
    assert sampler.status()["stages"][0]["in_per_s"] == 2.0


def test_rates_of_several_services_add_up() -> None:
    clock = Clock()
    a, b = Metrics(), Metrics()
    sampler = StatusSampler([registry_source(a, "a"), registry_source(b, "b")], window_s=60, clock=clock)
    asyncio.run(sampler.sample())
    a.record_in("extract", 10)
    b.record_in("extract", 30)
    clock.now += 10
    asyncio.run(sampler.sample())
    assert sampler.status()["stages"][0]["in_per_s"] == 4.0


def test_an_unreachable_source_is_reported_not_fatal() -> None:
    async def read() -> str:
        raise ConnectionFailed("cannot read http://x/metrics: refused", url="http://x/metrics")

    sampler = StatusSampler([MetricsSource("http://x/metrics", read)])
    asyncio.run(sampler.sample())
    assert sampler.status()["sources"] == [
        {"name": "http://x/metrics", "ok": False, "error": "cannot read http://x/metrics: refused"}
    ]


def test_scraper_reads_a_services_metrics_endpoint() -> None:
    metrics = Metrics()
    metrics.record_in("publish", 5)
    with OpsServer(metrics, Health(), port=0) as ops:

        async def scrape() -> str:
            scraper = MetricsScraper()
            try:
                return await scraper.read(ops.url + "/metrics")
            finally:
                await scraper.close()

        text = asyncio.run(scrape())
    assert parse_exposition(text).records_in == {"publish": 5.0}


def test_scraper_names_a_refused_connection() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: connections are refused

        async def scrape() -> None:
            scraper = MetricsScraper()
            try:
                await scraper.read(f"http://127.0.0.1:{port}/metrics")
            finally:
                await scraper.close()

        with pytest.raises(ConnectionFailed):
            asyncio.run(scrape())


# --- HTTP API ---------------------------------------------------------------------------------


def state() -> WebState:
    return WebState(
        articles=ArticleStore(10),
        dead_letters=DeadLetterStore(10),
        sampler=StatusSampler([]),
        broadcaster=Broadcaster(),
        status_interval_s=0.05,
    )


def with_client(web_state: WebState, body: Callable[[TestClient[Any, Any]], Awaitable[None]]) -> None:
    async def run() -> None:
        async with TestClient(TestServer(create_app(web_state))) as client:
            await body(client)

    asyncio.run(run())


def test_every_response_carries_the_content_security_policy() -> None:
    async def body(client: TestClient[Any, Any]) -> None:
        for path in (
            "/",
            "/dead-letters",
            "/articles/0123456789abcdef",
            "/static/app.css",
            "/api/status",
            "/nope",
        ):
            response = await client.get(path)
            assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
            assert response.headers["X-Content-Type-Options"] == "nosniff"

    with_client(state(), body)


def test_pages_contain_no_inline_script_or_style() -> None:
    async def body(client: TestClient[Any, Any]) -> None:
        for path in ("/", "/dead-letters", "/articles/0123456789abcdef"):
            html = await (await client.get(path)).text()
            assert "<script>" not in html and "<style" not in html and "style=" not in html
            assert "http" not in html.replace('name="viewport"', "")  # nothing fetched from elsewhere

    with_client(state(), body)


def test_api_lists_articles_filtered_by_tag() -> None:
    web_state = state()
    web_state.articles.add(article(1, topics=("ceasefire",)))
    web_state.articles.add(article(2, topics=("syria-talks",)))

    async def body(client: TestClient[Any, Any]) -> None:
        data = await (await client.get("/api/articles?tag=ceasefire")).json()
        assert [a["id"] for a in data["articles"]] == [f"{1:016x}"]
        assert data["tag_counts"] == {"ceasefire": 1, "syria-talks": 1}

    with_client(web_state, body)


def test_api_answers_404_for_an_unknown_or_malformed_id() -> None:
    async def body(client: TestClient[Any, Any]) -> None:
        assert (await client.get("/api/articles/0123456789abcdef")).status == 404
        assert (await client.get("/api/articles/..%2F..%2Fetc")).status == 404

    with_client(state(), body)


def test_event_stream_pushes_new_articles_matching_the_filter() -> None:
    web_state = state()

    async def body(client: TestClient[Any, Any]) -> None:
        response = await client.get("/api/events?tag=ceasefire")
        assert response.headers["Content-Type"].startswith("text/event-stream")
        await response.content.readuntil(b"\n\n")  # the first status event
        web_state.broadcaster.publish("article", article(1, topics=("syria-talks",)))
        web_state.broadcaster.publish("article", article(2, topics=("ceasefire",)))
        while True:
            event = await asyncio.wait_for(response.content.readuntil(b"\n\n"), 5)
            if event.startswith(b"event: article"):
                break
        assert f'"id":"{2:016x}"'.encode() in event  # the syria-talks one was filtered out
        response.close()

    with_client(web_state, body)


# --- command line -----------------------------------------------------------------------------


def test_web_without_a_broker_names_the_setting(capsys: pytest.CaptureFixture[str], monkeypatch: Any) -> None:
    monkeypatch.delenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", raising=False)
    assert main(["web"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "newswire: configuration error: kafka.bootstrap_servers: web needs a running broker"
    )
    assert len(err.strip().splitlines()) == 1


def test_web_port_in_use_is_a_configuration_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        settings = WebSettings(port=busy.getsockname()[1], metrics_urls=())
        server = WebServer(settings, KafkaSettings(), BrokerEndpoint("127.0.0.1:1", embedded=False))
        with pytest.raises(ConfigError, match=r"web\.port: cannot listen on 127\.0\.0\.1"):
            server.start()


def test_web_port_in_use_leaves_no_open_http_session(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as busy, socket.socket() as metrics:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        metrics.bind(("127.0.0.1", 0))
        metrics.listen()  # a /metrics endpoint that accepts and never answers: the sampler is reading
        url = f"http://127.0.0.1:{metrics.getsockname()[1]}/metrics"
        settings = WebSettings(port=busy.getsockname()[1], metrics_urls=(url,))
        server = WebServer(settings, KafkaSettings(), BrokerEndpoint("127.0.0.1:1", embedded=False))
        with pytest.raises(ConfigError):
            server.start()
        del server
        gc.collect()
    assert "Unclosed client session" not in caplog.text


def test_source_falls_back_to_the_host_and_never_fails_on_a_strange_url() -> None:
    plain = article(1).model_copy(update={"feed": FeedRef(url="https://example.org/feed")})
    assert views.source_of(plain) == "example.org"
    odd = plain.model_copy(update={"url": "javascript:alert(1)"})
    assert views.source_of(odd) == "javascript:alert(1)"

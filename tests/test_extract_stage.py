"""The extract stage under slow pages: pages that trickle their bodies cannot livelock it, and the
configured size limit is the one extraction applies."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.corpus import load_corpus, render_html
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.producer import RecordProducer
from pipeline.records import FeedItem, article_id_for
from pipeline.settings import Settings
from pipeline.steps import ExtractStep
from pipeline.topology import topics_for
from tests.conftest import feed_item, settings_for
from tests.feeds_http_server import FeedsHTTPServer, Route, serving
from tests.kafka_helpers import read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

HTML = {"Content-Type": "text/html; charset=utf-8"}


def trickle() -> Iterator[bytes]:
    """An HTML page that sends one byte every half second, for far longer than any deadline."""
    yield b"<html><body><p>"
    for _ in range(600):
        time.sleep(0.5)
        yield b"x"


def publish(settings: Settings, endpoint: BrokerEndpoint, items: list[FeedItem]) -> None:
    with RecordProducer(settings.kafka, endpoint) as producer:
        for it in items:
            producer.send(topics_for(settings.kafka).items, it.article_id, it)
        producer.flush()


def test_pages_trickling_their_bodies_do_not_stall_the_good_ones(kafka_endpoint: BrokerEndpoint) -> None:
    settings = settings_for(
        kafka_endpoint,
        # A batch of the old runner waited for its slowest page (20 s total timeout, retried):
        # longer than this poll interval, so its commit failed and it was read again, forever.
        kafka={"max_poll_interval_ms": 10_000, "max_retries": 1, "commit_interval_s": 0.2},
        extract={"workers": 1, "page_deadline_s": 2.0},
    )
    docs = load_corpus()
    with serving() as server:
        good, slow = _routes(server, docs)
        create_pipeline_topics(settings, kafka_endpoint)
        pipeline = Pipeline(settings, kafka_endpoint, ["extract"])
        pipeline.start()
        try:
            started = time.monotonic()
            publish(settings, kafka_endpoint, [feed_item(u) for u in slow[:5] + good + slow[5:]])
            topics = topics_for(settings.kafka)
            articles = read_topic(kafka_endpoint, topics.articles, expect=len(good), timeout_s=60)
            good_seconds = time.monotonic() - started
            letters = read_topic(kafka_endpoint, topics.deadletter, expect=len(slow), timeout_s=60)
            time.sleep(1.0)  # a re-read batch would show as duplicates by now
            articles = read_topic(kafka_endpoint, topics.articles, expect=len(good) + 1, timeout_s=2)
            letters = read_topic(kafka_endpoint, topics.deadletter, expect=len(slow) + 1, timeout_s=2)
            runner = pipeline.runners[0]
            ready = runner.readiness()
        finally:
            pipeline.stop()
    assert sorted(json.loads(m.value)["url"] for m in articles) == sorted(good)
    assert good_seconds < 20, "good pages waited for the slow ones"
    reasons = [json.loads(m.value)["reason"] for m in letters]
    assert sorted(json.loads(m.value)["article_id"] for m in letters) == sorted(
        article_id_for(u) for u in slow
    )
    assert set(reasons) == {"fetch.timeout"}
    assert runner.stats.reconnects == 0 and ready[0]
    assert runner.max_in_flight == settings.extract.max_in_flight  # the stage table's cap, not kafka's


def _routes(server: FeedsHTTPServer, docs: list) -> tuple[list[str], list[str]]:
    good, slow = [], []
    for k in range(20):
        path = f"/good/{k}.html"
        server.routes[path] = Route(headers=HTML, body=render_html(docs[k % len(docs)]).encode())
        good.append(server.url(path))
    for k in range(10):
        path = f"/slow/{k}.html"
        server.routes[path] = Route(headers=HTML, chunks=trickle)
        slow.append(server.url(path))
    server.routes["/robots.txt"] = Route(
        headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nAllow: /\n"
    )
    return good, slow


def test_extraction_applies_the_configured_size_limit_not_a_fixed_one(kafka_endpoint: BrokerEndpoint) -> None:
    settings = settings_for(kafka_endpoint, fetch={"max_bytes": 8 * 1024 * 1024}, extract={"workers": 1})
    doc = render_html(load_corpus()[0])
    padding = "<!-- " + "x" * (6 * 1024 * 1024) + " -->"
    big = doc.replace("<body>", "<body>" + padding, 1).encode()
    assert len(big) > 6 * 1024 * 1024
    with serving() as server:
        server.routes["/big.html"] = Route(headers=HTML, body=big)
        server.routes["/robots.txt"] = Route(status=404)
        step = ExtractStep(settings, topics_for(settings.kafka))
        try:
            [result] = step.process([feed_item(server.url("/big.html"))])
        finally:
            step.close()
    assert isinstance(result, list), f"dead-lettered: {result!r}"
    assert result[0].record.article_id == article_id_for(server.url("/big.html"))

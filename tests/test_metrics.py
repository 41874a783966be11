"""The metrics registry and the ops endpoint, scraped over a real HTTP server on loopback."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prometheus_client.parser import text_string_to_metric_families

from pipeline.errors import ConfigError
from pipeline.health import Health, OpsServer
from pipeline.metrics import Metrics


@dataclass
class FakeClock:
    """A monotonic clock the test moves by hand, so staleness never depends on machine speed."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def health(clock: FakeClock) -> Health:
    return Health(stale_after_s=30.0, clock=clock)


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def server(metrics: Metrics, health: Health) -> Iterator[OpsServer]:
    with OpsServer(metrics, health, host="127.0.0.1", port=0) as ops:
        yield ops


def get(server: OpsServer, path: str) -> Response:
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as resp:
            return Response(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.headers.get("Content-Type", ""), err.read())


def scrape(server: OpsServer) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Scrape /metrics and index every sample by (name, sorted labels)."""
    text = get(server, "/metrics").body.decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def labels(**kv: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(kv.items()))


def test_server_binds_a_free_port_when_asked_for_port_zero(server: OpsServer) -> None:
    assert server.port > 0


def test_metrics_endpoint_serves_prometheus_text(server: OpsServer) -> None:
    resp = get(server, "/metrics")
    assert resp.status == 200
    assert resp.content_type.startswith("text/plain")
    assert b"# TYPE newswire_records_in_total counter" in resp.body


def test_metrics_count_records_in_per_stage(server: OpsServer, metrics: Metrics) -> None:
    metrics.record_in("clean", 3)
    metrics.record_in("clean")
    metrics.record_in("tag", 2)
    samples = scrape(server)
    assert samples[("newswire_records_in_total", labels(stage="clean"))] == 4
    assert samples[("newswire_records_in_total", labels(stage="tag"))] == 2


def test_metrics_count_records_out_per_stage_and_topic(server: OpsServer, metrics: Metrics) -> None:
    metrics.record_out("clean", "news.articles.clean", 5)
    assert (
        scrape(server)[("newswire_records_out_total", labels(stage="clean", topic="news.articles.clean"))]
        == 5
    )


def test_metrics_count_dead_letters_by_reason(server: OpsServer, metrics: Metrics) -> None:
    metrics.dead_letter("extract", "extract.no_text")
    metrics.dead_letter("extract", "extract.no_text")
    metrics.dead_letter("extract", "fetch.timeout")
    samples = scrape(server)
    assert samples[("newswire_dead_letters_total", labels(stage="extract", reason="extract.no_text"))] == 2
    assert samples[("newswire_dead_letters_total", labels(stage="extract", reason="fetch.timeout"))] == 1


def test_processing_histogram_counts_observations_into_buckets(server: OpsServer, metrics: Metrics) -> None:
    metrics.observe_processing("tag", 0.002)
    metrics.observe_processing("tag", 0.2)
    samples = scrape(server)
    assert samples[("newswire_processing_seconds_count", labels(stage="tag"))] == 2
    assert samples[("newswire_processing_seconds_sum", labels(stage="tag"))] == pytest.approx(0.202)
    assert samples[("newswire_processing_seconds_bucket", labels(stage="tag", le="0.0025"))] == 1
    assert samples[("newswire_processing_seconds_bucket", labels(stage="tag", le="0.25"))] == 2


def test_time_processing_observes_even_when_the_body_raises(metrics: Metrics) -> None:
    with pytest.raises(ValueError), metrics.time_processing("clean"):
        raise ValueError("boom")
    count = metrics.registry.get_sample_value("newswire_processing_seconds_count", {"stage": "clean"})
    assert count == 1


def test_batch_histogram_counts_batches(server: OpsServer, metrics: Metrics) -> None:
    metrics.observe_batch("publish", 0.5)
    assert scrape(server)[("newswire_batch_seconds_count", labels(stage="publish"))] == 1


def test_consumer_lag_is_set_per_partition(server: OpsServer, metrics: Metrics) -> None:
    metrics.set_lag("clean", "news.articles.raw", 2, 17)
    assert (
        scrape(server)[
            ("newswire_consumer_lag", labels(stage="clean", topic="news.articles.raw", partition="2"))
        ]
        == 17
    )


def test_clear_lag_drops_a_revoked_partition(server: OpsServer, metrics: Metrics) -> None:
    metrics.set_lag("clean", "news.articles.raw", 2, 17)
    metrics.clear_lag("clean", "news.articles.raw", 2)
    metrics.clear_lag("clean", "news.articles.raw", 9)  # never set: a no-op
    key = ("newswire_consumer_lag", labels(stage="clean", topic="news.articles.raw", partition="2"))
    assert key not in scrape(server)


def test_feed_polls_are_counted_by_outcome(server: OpsServer, metrics: Metrics) -> None:
    metrics.feed_poll("new")
    metrics.feed_poll("not_modified")
    metrics.feed_poll("not_modified")
    samples = scrape(server)
    assert samples[("newswire_feed_polls_total", labels(outcome="new"))] == 1
    assert samples[("newswire_feed_polls_total", labels(outcome="not_modified"))] == 2
    assert samples[("newswire_feed_polls_total", labels(outcome="failed"))] == 0


def test_feeds_parked_gauge_reports_the_current_count(server: OpsServer, metrics: Metrics) -> None:
    metrics.set_feeds_parked(3)
    assert scrape(server)[("newswire_feeds_parked", ())] == 3


def test_two_metrics_objects_do_not_share_counts() -> None:
    first, second = Metrics(), Metrics()
    first.record_in("tag", 5)
    assert second.registry.get_sample_value("newswire_records_in_total", {"stage": "tag"}) is None


def test_healthz_is_ok_while_the_heartbeat_is_fresh(
    server: OpsServer, clock: FakeClock, health: Health
) -> None:
    clock.now += 29
    resp = get(server, "/healthz")
    assert resp.status == 200
    assert resp.json()["status"] == "alive"


def test_healthz_is_503_when_the_heartbeat_is_stale(server: OpsServer, clock: FakeClock) -> None:
    clock.now += 31
    resp = get(server, "/healthz")
    assert resp.status == 503
    assert resp.json()["status"] == "stale"


def test_healthz_recovers_after_a_new_beat(server: OpsServer, clock: FakeClock, health: Health) -> None:
    clock.now += 31
    health.beat()
    assert get(server, "/healthz").status == 200


def test_healthz_is_503_when_one_loop_hangs_while_another_beats(
    server: OpsServer, clock: FakeClock, health: Health
) -> None:
    health.beat("extract")
    health.beat("clean")
    clock.now += 31
    health.beat("clean")
    resp = get(server, "/healthz")
    assert resp.status == 503
    assert resp.json()["loops"] == {"extract": 31.0, "clean": 0.0}


def test_healthz_ignores_a_loop_that_was_forgotten(
    server: OpsServer, clock: FakeClock, health: Health
) -> None:
    health.beat("extract")
    health.beat("clean")
    clock.now += 31
    health.beat("clean")
    health.forget("extract")
    assert get(server, "/healthz").status == 200


def test_readyz_is_ok_when_every_check_passes(server: OpsServer, health: Health) -> None:
    health.add_check("broker reachable", lambda: (True, "connected"))
    health.add_check("assignments held", lambda: (True, "3 partitions"))
    resp = get(server, "/readyz")
    assert resp.status == 200
    assert resp.json()["failing"] == []


def test_readyz_names_the_failing_check_with_503(server: OpsServer, health: Health) -> None:
    health.add_check("broker reachable", lambda: (True, "connected"))
    health.add_check("assignments held", lambda: (False, "no partitions assigned"))
    resp = get(server, "/readyz")
    assert resp.status == 503
    body = resp.json()
    assert body["failing"] == ["assignments held"]
    assert body["checks"]["assignments held"]["detail"] == "no partitions assigned"


def test_readyz_flips_when_a_check_starts_failing(server: OpsServer, health: Health) -> None:
    state = {"connected": True}
    health.add_check("broker reachable", lambda: (state["connected"], "probe"))
    assert get(server, "/readyz").status == 200
    state["connected"] = False
    assert get(server, "/readyz").status == 503
    state["connected"] = True
    assert get(server, "/readyz").status == 200


def test_readyz_counts_a_check_that_raises_as_failing(server: OpsServer, health: Health) -> None:
    def broken() -> tuple[bool, str]:
        raise RuntimeError("no client yet")

    health.add_check("broker reachable", broken)
    resp = get(server, "/readyz")
    assert resp.status == 503
    assert "RuntimeError" in resp.json()["checks"]["broker reachable"]["detail"]


def test_unknown_path_is_404(server: OpsServer) -> None:
    assert get(server, "/nope").status == 404


def test_start_on_a_taken_port_raises_config_error(metrics: Metrics, health: Health) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ops = OpsServer(metrics, health, host="127.0.0.1", port=taken.getsockname()[1])
        with pytest.raises(ConfigError, match=r"metrics\.port"):
            ops.start()


def test_stop_releases_the_port(metrics: Metrics, health: Health) -> None:
    ops = OpsServer(metrics, health, host="127.0.0.1", port=0).start()
    port = ops.port
    ops.stop()
    ops.stop()  # a second stop is harmless
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))


def test_extract_pending_bytes_are_read_at_each_scrape(server: OpsServer, metrics: Metrics) -> None:
    pending = [0]
    metrics.watch_extract_pending(lambda: pending[0])
    assert scrape(server)[("newswire_extract_pending_bytes", labels())] == 0
    pending[0] = 123_456
    assert scrape(server)[("newswire_extract_pending_bytes", labels())] == 123_456

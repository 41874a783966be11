#!/usr/bin/env python3
"""End-to-end benchmark: the whole pipeline over the embedded broker vs the same stages in-process.

    .venv/bin/python scripts/bench_e2e.py [--articles 2013] [--latency-seconds 20]

Corpus: the 61 real pages of ../shared/extraction-dev served under many URLs by a local HTTP
server in its own process (each URL is a distinct article id); without ../shared, the bundled
corpus pages are used instead.  In one run it measures:

1. in-process: fetch (same fetcher and settings) → extract → clean → tag → publish routing,
   chained in this process with no Kafka, in batches like the runner's;
2. Kafka: one ``newswire run --stage X`` process per consumer stage on the embedded broker; all
   feed items are published at once and the run ends when every enriched record has arrived —
   articles/s, plus per-process peak RSS (VmHWM);
3. latency: items published at half the Kafka throughput measured in (2); p50/p99 from a feed
   item being emitted (what the poller does when an item appears in a feed) to its enriched
   record being appended to the enriched topic (the record's broker timestamp).

All article fetches go to 127.0.0.1, so per-host politeness is switched off for the benchmark
(per_host_delay_s=0, per_host_concurrency=64) in both variants.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.app import create_pipeline_topics
from pipeline.corpus import load_corpus, render_html
from pipeline.kafka.broker import EmbeddedBroker, free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.consumer import iter_records
from pipeline.kafka.producer import RecordProducer
from pipeline.log import configure_logging
from pipeline.records import EnrichedArticle, FeedItem, FeedRef, LineageStep, article_id_for, utcnow
from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "extraction-dev"


# -- the page server (own process, so it does not take the measured processes' CPU) -----------
def load_pages() -> tuple[list[bytes], str]:
    html_dir = DEV / "html"
    if html_dir.is_dir():
        pages = [gzip.decompress(p.read_bytes()) for p in sorted(html_dir.glob("*.html.gz"))]
        return pages, f"{len(pages)} pages of ../shared/extraction-dev"
    return [render_html(d).encode() for d in load_corpus()], "the 5 bundled corpus pages (../shared absent)"


def serve_pages(port: int, ready: multiprocessing.synchronize.Event) -> None:
    pages, _ = load_pages()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                try:
                    body, ctype = (
                        pages[int(self.path.rsplit("/", 1)[1].split(".")[0]) % len(pages)],
                        "text/html",
                    )
                except (ValueError, IndexError):
                    self.send_error(404)
                    return
            self.send_response(200)
            self.send_header("Content-Type", f"{ctype}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    ready.set()
    server.serve_forever()


def make_items(base: str, n: int, run: str) -> list[FeedItem]:
    feed = FeedRef(url=f"{base}/feed.xml", name="bench")
    items = []
    for k in range(n):
        url = f"{base}/a/{run}/{k}.html"
        items.append(
            FeedItem(
                article_id=article_id_for(url),
                url=url,
                link=url,
                feed=feed,
                title=None,
                fetched_at=utcnow(),
                lineage=(LineageStep(stage="poll"),),
            )
        )
    return items


def bench_settings(endpoint: BrokerEndpoint, prefix: str) -> Settings:
    base = load_settings(REPO / "config" / "newswire.yaml", use_env=False)
    return base.with_overrides(
        kafka={
            "bootstrap_servers": endpoint.servers,
            "topic_prefix": prefix,
            "group_prefix": prefix,
            "session_timeout_ms": 2000,
            "heartbeat_interval_ms": 500,
            "partitions": 3,
        },
        fetch={
            "allow_private_addresses": True,
            "per_host_delay_s": 0.0,
            "per_host_concurrency": 64,
            "respect_robots": True,
        },
        log={"level": "warning"},
        clean={"state_dir": tempfile.mkdtemp(prefix="newswire-bench-clean-")},
        poll={"state_dir": tempfile.mkdtemp(prefix="newswire-bench-poll-")},
    )


# -- 1. in-process chain ---------------------------------------------------------------------------
def run_in_process(settings: Settings, items: list[FeedItem], batch: int) -> float:
    from pipeline.steps import ExtractStep, clean_step, publish_step, tag_step
    from pipeline.topology import topics_for

    topics = topics_for(settings.kafka)
    extract, clean, tag, publish = (
        ExtractStep(settings, topics),
        clean_step(settings, topics),
        tag_step(settings, topics),
        publish_step(topics),
    )
    started = time.perf_counter()
    enriched = 0
    for i in range(0, len(items), batch):
        records = items[i : i + batch]
        for step in (extract, clean, tag, publish):
            results = step.process(records)
            records = [r[0].record for r in results if isinstance(r, list) and r]
        enriched += len(records)
    elapsed = time.perf_counter() - started
    extract.close()
    print(f"  in-process: {enriched} enriched, {len(items) - enriched} failed (no article text etc.)")
    return len(items) / elapsed  # every article fully handled: enriched or failed


# -- 2. Kafka pipeline -----------------------------------------------------------------------------
@dataclass
class StageProc:
    stage: str
    proc: subprocess.Popen[bytes]
    metrics_port: int

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/readyz", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def start_stages(settings: Settings) -> list[StageProc]:
    procs = []
    for stage in ("extract", "clean", "tag", "publish"):
        port = free_port()
        env = {
            **os.environ,
            "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(settings.kafka.bootstrap_servers),
            "NEWSWIRE_KAFKA__TOPIC_PREFIX": settings.kafka.topic_prefix,
            "NEWSWIRE_CLEAN__STATE_DIR": str(settings.clean.state_dir),
            "NEWSWIRE_POLL__STATE_DIR": str(settings.poll.state_dir),
            "NEWSWIRE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
            "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": "2000",
            "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": "500",
            "NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES": "true",
            "NEWSWIRE_FETCH__PER_HOST_DELAY_S": "0",
            "NEWSWIRE_FETCH__PER_HOST_CONCURRENCY": "64",
            "NEWSWIRE_METRICS__PORT": str(port),
            "NEWSWIRE_LOG__LEVEL": "warning",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli.main", "run", "--stage", stage],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )
        procs.append(StageProc(stage, proc, port))
    deadline = time.monotonic() + 60
    while not all(p.ready() for p in procs):
        if time.monotonic() > deadline:
            raise SystemExit("stage processes did not become ready within 60 s")
        time.sleep(0.2)
    return procs


def publish(settings: Settings, endpoint: BrokerEndpoint, items: list[FeedItem], rate: float | None) -> None:
    """Emit feed items as the poller does; stamp fetched_at at the moment each is emitted."""
    topic = f"{settings.kafka.topic_prefix}items"
    with RecordProducer(settings.kafka, endpoint) as producer:
        started = time.monotonic()
        for k, item in enumerate(items):
            if rate:
                delay = started + k / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            producer.send(topic, item.article_id, item.model_copy(update={"fetched_at": utcnow()}))
            if rate:
                producer.flush()
        producer.flush()


def collect(
    settings: Settings,
    endpoint: BrokerEndpoint,
    ids: set[str],
    timeout_s: float,
    result: dict[str, float],
    dead: set[str],
    ready: threading.Event,
) -> None:
    """Id → latency (s) from feed-item emission to its enriched record (or dead letter) being appended.

    Dead letters count as handled (a few dev pages have no article text); their ids go to ``dead``
    and only enriched records give latencies.
    """
    deadletters = f"{settings.kafka.topic_prefix}deadletter"
    for message, record in iter_records(
        settings.kafka,
        endpoint,
        [f"{settings.kafka.topic_prefix}enriched", deadletters],
        EnrichedArticle,
        group_id=f"{settings.kafka.group_prefix}bench",
        from_beginning=True,
        deadline=time.monotonic() + timeout_s,
        commit=False,
        on_assigned=ready.set,
    ):
        if message.topic == deadletters:
            article_id = json.loads(message.value).get("article_id")
            if article_id in ids:
                dead.add(article_id)
        elif isinstance(record, EnrichedArticle) and record.article_id in ids:
            result[record.article_id] = message.timestamp / 1000 - record.fetched_at.timestamp()
        if len(result) + len(dead - result.keys()) >= len(ids):
            return


def measure_kafka(
    settings: Settings, endpoint: BrokerEndpoint, items: list[FeedItem], rate: float | None, timeout_s: float
) -> tuple[float, list[float]]:
    result: dict[str, float] = {}
    dead: set[str] = set()
    ready = threading.Event()
    collector = threading.Thread(
        target=collect,
        args=(settings, endpoint, {i.article_id for i in items}, timeout_s, result, dead, ready),
        daemon=True,
    )
    collector.start()
    ready.wait(30)
    started = time.perf_counter()
    publish(settings, endpoint, items, rate)
    collector.join(timeout_s)
    elapsed = time.perf_counter() - started
    handled = len(result) + len(dead - result.keys())
    print(f"  kafka: {len(result)} enriched, {len(dead - result.keys())} dead-lettered")
    if handled < len(items):
        print(f"  warning: {len(items) - handled} articles not handled after {timeout_s}s", file=sys.stderr)
    return handled / elapsed, sorted(result.values())


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2013)
    parser.add_argument("--latency-seconds", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    configure_logging("warning", "console")
    _, source = load_pages()
    http_port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve_pages, args=(http_port, ready), daemon=True)
    server.start()
    ready.wait(30)
    base = f"http://127.0.0.1:{http_port}"
    print(f"corpus: {args.articles} articles from {source}; {os.cpu_count()} cores")

    with EmbeddedBroker() as broker:
        endpoint = broker.endpoint
        settings = bench_settings(endpoint, f"bench{int(time.time())}.")
        create_pipeline_topics(settings, endpoint)

        inproc = run_in_process(settings, make_items(base, args.articles, "inproc"), args.batch)
        print(f"in-process chain: {inproc:.1f} articles/s")

        procs = start_stages(settings)
        try:
            kafka_rate, _ = measure_kafka(
                settings, endpoint, make_items(base, args.articles, "max"), None, timeout_s=600
            )
            print(f"kafka pipeline: {kafka_rate:.1f} articles/s")
            half = kafka_rate / 2
            n_latency = max(50, int(half * args.latency_seconds))
            _, lat = measure_kafka(
                settings, endpoint, make_items(base, n_latency, "lat"), half, timeout_s=300
            )
            rss = {p.stage: p.peak_rss_mb() for p in procs}
        finally:
            for p in procs:
                p.proc.terminate()
            for p in procs:
                p.proc.wait(60)
    server.terminate()

    print("\n| measure | value |\n|---|---|")
    print(f"| articles | {args.articles} ({source}) |")
    print(f"| in-process chain (no Kafka) | {inproc:.1f} articles/s |")
    print(f"| Kafka pipeline (4 stage processes, embedded broker) | {kafka_rate:.1f} articles/s |")
    print(f"| Kafka / in-process | {kafka_rate / inproc:.2f}x |")
    print(
        f"| latency at {half:.1f} articles/s ({len(lat)} articles): p50 | {percentile(lat, 50) * 1000:.0f} ms |"
    )
    print(f"| latency p99 | {percentile(lat, 99) * 1000:.0f} ms |")
    for stage, mb in rss.items():
        print(f"| peak RSS, {stage} process | {mb:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

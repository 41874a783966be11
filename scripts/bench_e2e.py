#!/usr/bin/env python3
"""End-to-end benchmark: `newswire run` against a plain fetch-and-extract script, pages slowed like the web.

    .venv/bin/python scripts/bench_e2e.py [--articles 1000] [--latency-median-ms 300] [--hosts 40]

Corpus: the 61 real pages of ../shared/extraction-dev served under many URLs (each URL a distinct
article id; without ../shared the 5 bundled corpus pages) by a page server in its own process,
on ``--hosts`` loopback addresses 127.0.0.1, 127.0.0.2, ... .  Each response is delayed by a
lognormal time drawn deterministically from its URL (median ``--latency-median-ms``, sigma
``--latency-sigma``, capped at ``--latency-cap-s``); ``--latency-median-ms 0`` gives the old
instant server.  (1) and (2) fetch the same URLs, so every page keeps its delay for both
systems; the server's port is new in every run, and with it every delay.  In one run it measures:

1. baseline: aiohttp (64 requests at once, 4 per host) and a process pool of as many workers as
   cores running ``trafilatura.extract`` on each page as it arrives: articles/s and CPU;
2. newswire: ONE ``newswire run --stage extract --stage clean --stage tag --stage publish``
   process (default settings apart from politeness: 4 per host, no delay) on the embedded broker;
   all feed items published at once, the run ends when every article is enriched or
   dead-lettered: articles/s, CPU (process and its extraction workers), peak RSS per process;
3. latency: items published at half of (2)'s rate; p50/p99 from a feed item being emitted to its
   enriched record being appended to the enriched topic.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import math
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

from pydantic import AwareDatetime, BaseModel

from pipeline.app import create_pipeline_topics
from pipeline.corpus import load_corpus, render_html
from pipeline.kafka.broker import EmbeddedBroker, free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.consumer import iter_records
from pipeline.kafka.producer import RecordProducer
from pipeline.log import configure_logging
from pipeline.records import FeedItem, FeedRef, LineageStep, article_id_for, utcnow
from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "extraction-dev"
CLK_TCK = os.sysconf("SC_CLK_TCK")
STAGES = ("extract", "clean", "tag", "publish")


@dataclass(frozen=True)
class Latency:
    median_s: float
    sigma: float
    cap_s: float

    def delay(self, url_path: str) -> float:
        """The response delay for a URL: lognormal, the same for the same URL in every run."""
        if self.median_s <= 0:
            return 0.0
        digest = hashlib.sha256(url_path.encode()).digest()
        u = (int.from_bytes(digest[:8], "big") + 0.5) / 2**64
        return min(self.median_s * math.exp(self.sigma * NormalDist().inv_cdf(u)), self.cap_s)


# -- the page server (own process, so it does not take the measured processes' CPU) -----------
def load_pages() -> tuple[list[bytes], str]:
    html_dir = DEV / "html"
    if html_dir.is_dir():
        pages = [gzip.decompress(p.read_bytes()) for p in sorted(html_dir.glob("*.html.gz"))]
        return pages, f"{len(pages)} pages of ../shared/extraction-dev"
    return [render_html(d).encode() for d in load_corpus()], "the 5 bundled corpus pages (../shared absent)"


def serve_pages(
    hosts: list[str], port: int, latency: Latency, ready: multiprocessing.synchronize.Event
) -> None:
    from aiohttp import web

    pages, _ = load_pages()

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.path == "/robots.txt":
            return web.Response(text="User-agent: *\nAllow: /\n", content_type="text/plain")
        try:
            page = pages[int(request.path.rsplit("/", 1)[1].split(".")[0]) % len(pages)]
        except (ValueError, IndexError):
            return web.Response(status=404)
        await asyncio.sleep(latency.delay(f"{request.host}{request.path}"))
        return web.Response(body=page, content_type="text/html", charset="utf-8")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for host in hosts:
            await web.TCPSite(runner, host, port, backlog=1024).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def page_urls(hosts: list[str], port: int, n: int, run: str) -> list[str]:
    return [f"http://{hosts[k % len(hosts)]}:{port}/a/{run}/{k}.html" for k in range(n)]


def make_items(urls: list[str]) -> list[FeedItem]:
    feed = FeedRef(url="http://127.0.0.1/feed.xml", name="bench")
    return [
        FeedItem(
            article_id=article_id_for(url),
            url=url,
            link=url,
            feed=feed,
            title=None,
            fetched_at=utcnow(),
            lineage=(LineageStep(stage="poll"),),
        )
        for url in urls
    ]


# -- CPU and memory of a process tree ----------------------------------------------------------
def tree(pid: int) -> list[int]:
    """``pid`` and its descendants, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(parents.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    return total


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def process_name(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    if b"pipeline.cli.main" in cmd:
        stages = [cmd[i + 1].decode() for i, c in enumerate(cmd[:-1]) if c == b"--stage"]
        return "newswire run" + ("" if len(stages) == len(STAGES) else f" ({'+'.join(stages)})")
    return (
        "multiprocessing resource tracker"
        if any(b"resource_tracker" in c for c in cmd)
        else "extraction worker"
    )


# -- 1. the plain baseline ---------------------------------------------------------------------
def extract_plain(body: bytes) -> bool:
    import trafilatura

    return trafilatura.extract(body) is not None


async def _baseline(urls: list[str], pool: ProcessPoolExecutor, done_at: list[float]) -> int:
    import aiohttp

    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector(limit=64, limit_per_host=4)
    extracted = 0
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(url: str) -> None:
            nonlocal extracted
            async with session.get(url) as response:
                body = await response.read()
            ok = await loop.run_in_executor(pool, extract_plain, body)
            extracted += ok
            done_at.append(time.perf_counter())

        await asyncio.gather(*(one(u) for u in urls))
    return extracted


def completion(seconds: list[float]) -> str:
    """When half, 90 %, 99 % and all of a run's articles were done (s from its start)."""
    s = sorted(seconds)
    at = [s[min(len(s) - 1, math.ceil(q * len(s)) - 1)] for q in (0.5, 0.9, 0.99, 1.0)]
    return "done: half at {:.1f} s, 90 % at {:.1f} s, 99 % at {:.1f} s, all at {:.1f} s".format(*at)


def run_baseline(urls: list[str], server_pid: int) -> tuple[float, float, float]:
    """articles/s, CPU cores busy, peak RSS of the baseline's processes (MB, summed)."""
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(extract_plain, [b"<html><body><p>warm up</p></body></html>"] * workers))
        pids = [p for p in tree(os.getpid()) if p != server_pid]
        cpu0, started = cpu_seconds(pids), time.perf_counter()
        done_at: list[float] = []
        extracted = asyncio.run(_baseline(urls, pool, done_at))
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(pids) - cpu0
        rss = sum(peak_rss_mb(p) for p in pids)
    print(f"  baseline: {extracted} extracted, {len(urls) - extracted} without text, {elapsed:.1f} s")
    print(f"  baseline {completion([t - started for t in done_at])}")
    return len(urls) / elapsed, cpu / elapsed, rss


# -- 2. newswire run ---------------------------------------------------------------------------
def bench_settings(endpoint: BrokerEndpoint, prefix: str) -> Settings:
    base = load_settings(REPO / "config" / "newswire.yaml", use_env=False)
    return base.with_overrides(
        kafka={"bootstrap_servers": endpoint.servers, "topic_prefix": prefix, "group_prefix": prefix},
        fetch={"allow_private_addresses": True, "per_host_delay_s": 0.0, "per_host_concurrency": 4},
        log={"level": "warning"},
        clean={"state_dir": tempfile.mkdtemp(prefix="newswire-bench-clean-")},
    )


def start_newswire(
    settings: Settings, workers: int | None, checkout: Path, stages: tuple[str, ...], *, chain: bool = True
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(settings.kafka.bootstrap_servers),
        "NEWSWIRE_KAFKA__TOPIC_PREFIX": settings.kafka.topic_prefix,
        "NEWSWIRE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": "2000",
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": "500",
        "NEWSWIRE_CLEAN__STATE_DIR": str(settings.clean.state_dir),
        "NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES": "true",
        "NEWSWIRE_FETCH__PER_HOST_DELAY_S": "0",
        "NEWSWIRE_FETCH__PER_HOST_CONCURRENCY": "4",
        "NEWSWIRE_METRICS__PORT": str(port),
        "NEWSWIRE_LOG__LEVEL": "warning",
        "PYTHONPATH": str(checkout),
    }
    command = [sys.executable, "-m", "pipeline.cli.main", "run"]
    for stage in stages:
        command += ["--stage", stage]
    if workers is not None and "extract" in stages:
        command += ["--workers", str(workers)]
    if not chain:
        command.append("--no-chain")
    proc = subprocess.Popen(command, env=env, cwd=checkout, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while not _ready(port):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.terminate()
            raise SystemExit("newswire run did not become ready within 90 s")
        time.sleep(0.2)
    return proc, port


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


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


class _Arrived(BaseModel):
    """The two fields of an enriched record the reader needs: parsing only these keeps the
    benchmark's own reader from taking CPU from the measured processes (a full validation of
    each enriched record cost about 0.3 ms)."""

    article_id: str
    fetched_at: AwareDatetime


def collect(
    settings: Settings,
    endpoint: BrokerEndpoint,
    ids: set[str],
    timeout_s: float,
    result: dict[str, float],
    dead: set[str],
    ready: threading.Event,
) -> None:
    """Id → latency (s) from feed-item emission to its enriched record (or dead letter) being appended."""
    deadletters = f"{settings.kafka.topic_prefix}deadletter"
    for message, record in iter_records(
        settings.kafka,
        endpoint,
        [f"{settings.kafka.topic_prefix}enriched", deadletters],
        _Arrived,
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
        elif isinstance(record, _Arrived) and record.article_id in ids:
            result[record.article_id] = message.timestamp / 1000 - record.fetched_at.timestamp()
        if len(result) + len(dead - result.keys()) >= len(ids):
            return


def measure_newswire(
    settings: Settings,
    endpoint: BrokerEndpoint,
    items: list[FeedItem],
    rate: float | None,
    timeout_s: float,
    roots: list[int],
) -> tuple[float, float, list[float]]:
    """articles/s, CPU cores busy (the process and its workers), sorted latencies."""
    result: dict[str, float] = {}
    dead: set[str] = set()
    ready = threading.Event()
    ids = {i.article_id for i in items}
    collector = threading.Thread(
        target=collect, args=(settings, endpoint, ids, timeout_s, result, dead, ready), daemon=True
    )
    collector.start()
    ready.wait(30)
    pids = [p for root in roots for p in tree(root)]
    cpu0, started = {p: cpu_seconds([p]) for p in pids}, time.perf_counter()
    publish(settings, endpoint, items, rate)
    collector.join(timeout_s)
    elapsed = time.perf_counter() - started
    per_process = {p: (cpu_seconds([p]) - cpu0.get(p, 0.0)) / elapsed for r in roots for p in tree(r)}
    cpu = sum(per_process.values())
    print(
        "  cores busy per process: " + ", ".join(f"{process_name(p)} {c:.2f}" for p, c in per_process.items())
    )
    handled = len(result) + len(dead - result.keys())
    print(f"  newswire: {len(result)} enriched, {len(dead - result.keys())} dead-lettered, {elapsed:.1f} s")
    if handled < len(items):
        print(f"  warning: {len(items) - handled} articles not handled after {timeout_s}s", file=sys.stderr)
    return handled / elapsed, cpu, sorted(result.values())


def stage_means(port: int) -> str:
    """Each stage's mean per-record processing time so far, from the service's /metrics."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError as exc:
        return f"(metrics unavailable: {exc})"
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in text.splitlines():
        for suffix, into in (("_sum", sums), ("_count", counts)):
            prefix = f'newswire_processing_seconds{suffix}{{stage="'
            if line.startswith(prefix):
                stage = line[len(prefix) :].split('"', 1)[0]
                into[stage] = float(line.rsplit(" ", 1)[1])
    return ", ".join(f"{s} {sums[s] / counts[s] * 1000:.0f} ms" for s in sums if counts.get(s))


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--latency-median-ms", type=float, default=300.0, help="0: answer at once")
    parser.add_argument("--latency-sigma", type=float, default=1.0)
    parser.add_argument("--latency-cap-s", type=float, default=8.0)
    parser.add_argument("--latency-seconds", type=float, default=20.0, help="length of the half-load run")
    parser.add_argument("--workers", type=int, default=None, help="newswire run --workers (default: cores)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--no-chain", action="store_true", help="newswire run --no-chain: one consumer per stage, as before"
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="two processes: `newswire run --stage extract` and one running clean, tag and publish",
    )
    parser.add_argument(
        "--checkout",
        type=Path,
        default=REPO,
        help="run `newswire run` from this source tree (e.g. an exported older commit, for A/B figures)",
    )
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be 1..250")
    configure_logging("warning", "console")
    latency = Latency(args.latency_median_ms / 1000, args.latency_sigma, args.latency_cap_s)
    _, source = load_pages()
    hosts = [f"127.0.0.{k + 1}" for k in range(args.hosts)]
    http_port = free_port()
    ready = multiprocessing.get_context("spawn").Event()
    server = multiprocessing.get_context("spawn").Process(
        target=serve_pages, args=(hosts, http_port, latency, ready), daemon=True
    )
    server.start()
    if not ready.wait(60):
        raise SystemExit("page server did not start")
    print(
        f"corpus: {args.articles} articles from {source}; {args.hosts} hosts; latency median "
        f"{args.latency_median_ms:g} ms, sigma {args.latency_sigma:g}, cap {args.latency_cap_s:g} s; "
        f"{os.cpu_count()} cores"
    )

    urls = page_urls(hosts, http_port, args.articles, "max")  # the same pages, so the same delays, for both
    base_rate = base_cpu = base_rss = float("nan")
    if not args.skip_baseline:
        base_rate, base_cpu, base_rss = run_baseline(urls, server.pid or 0)
        print(f"baseline: {base_rate:.1f} articles/s")

    with EmbeddedBroker() as broker:
        endpoint = broker.endpoint
        settings = bench_settings(endpoint, f"bench{int(time.time())}.")
        create_pipeline_topics(settings, endpoint)
        groups = [STAGES[:1], STAGES[1:]] if args.split else [STAGES]
        started = [
            start_newswire(settings, args.workers, args.checkout.resolve(), g, chain=not args.no_chain)
            for g in groups
        ]
        roots = [proc.pid for proc, _ in started]
        try:
            items = make_items(urls)
            rate, cpu, done = measure_newswire(settings, endpoint, items, None, 900, roots)
            print(f"newswire run: {rate:.1f} articles/s")
            print(f"  newswire {completion(done)}")
            print(
                "  mean time per record in each stage: " + "; ".join(stage_means(port) for _, port in started)
            )
            half = rate / 2
            n_latency = max(50, int(half * args.latency_seconds))
            lat_items = make_items(page_urls(hosts, http_port, n_latency, "lat"))
            _, _, lat = measure_newswire(settings, endpoint, lat_items, half, 600, roots)
            rss = {f"{process_name(p)} {p}": peak_rss_mb(p) for r in roots for p in tree(r)}
        finally:
            for proc, _ in started:
                proc.terminate()
            for proc, _ in started:
                proc.wait(60)
    server.terminate()

    print("\n| measure | value |\n|---|---|")
    print(
        f"| articles, hosts, latency | {args.articles} ({source}); {args.hosts} hosts; median "
        f"{args.latency_median_ms:g} ms, sigma {args.latency_sigma:g}, cap {args.latency_cap_s:g} s |"
    )
    print(
        f"| baseline (aiohttp 64/4 per host + {os.cpu_count()} trafilatura processes) | {base_rate:.1f} articles/s, "
        f"{base_cpu:.2f} cores busy, {base_rss:.0f} MB peak RSS in all |"
    )
    print(
        f"| `newswire run` (extract, clean, tag, publish; one command) | {rate:.1f} articles/s, {cpu:.2f} cores busy |"
    )
    print(f"| newswire / baseline | **{rate / base_rate:.2f}x** |")
    print(
        f"| latency at {half:.1f} articles/s ({len(lat)} articles): p50 | {percentile(lat, 50) * 1000:.0f} ms |"
    )
    print(f"| latency p99 | **{percentile(lat, 99) * 1000:.0f} ms** |")
    for name, mb in rss.items():
        print(f"| peak RSS, {name} | {mb:.0f} MB |")
    print(f"| peak RSS, newswire in all | {sum(rss.values()):.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

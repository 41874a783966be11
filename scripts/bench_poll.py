#!/usr/bin/env python
"""Benchmark the feed poller: N feeds served from loopback, polled by one FeedPoller process.

A separate server process (asyncio, keep-alive HTTP/1.1) serves N feeds spread over H loopback
addresses (127.0.0.2 ... 127.0.0.H+1, one port) so that per-host politeness applies as it would
to H real sites.  Feed i behaves by ``i % 20``:

    0-7   fresh      20 items, ETag; each round publishes 5 new items (200 with new ETag)
    8-12  static     20 items, ETag; 304 once the poller has its ETag
    13-14 slow       20 static items, answered after --slow-s seconds
    15-16 error      HTTP 500
    17    malformed  broken XML that still yields 20 items
    18    garbage    broken XML that yields nothing (a feed error)
    19    no-cache   20 static items, no validators (unchanged body: not parsed again)

Round 1 is a cold start (empty state: every item is new); round 2 is the steady state (the
clock is moved past every feed's next poll time, all feeds are polled again).  Each round runs
``FeedPoller.run`` — the production service loop — until every feed has one outcome.  Items go to
a counting sink (no Kafka).  A baseline in the same run fetches every feed with the same Fetcher
and settings but does not parse, track state or emit: the ratio shows the poller's own cost.

    .venv/bin/python scripts/bench_poll.py --feeds 1000 10000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import multiprocessing as mp
import os
import resource
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.feeds import FeedConfig, FeedPoller, PollOutcome, StateStore, StaticFeedsSource
from pipeline.feeds.dispatch import host_of
from pipeline.http.fetcher import Fetcher
from pipeline.log import configure_logging
from pipeline.records import FeedItem
from pipeline.settings import FetchSettings, PollSettings

ITEMS = 20
NEW_PER_ROUND = 5

# --- the feed server (its own process) ---------------------------------------------------------


_KINDS = ["fresh"] * 8 + ["static"] * 5 + ["slow"] * 2 + ["error"] * 2 + ["malformed", "garbage", "nocache"]


def _rss(feed: int, first: int, host: str) -> bytes:
    items = "".join(
        f"<item><title>Feed {feed} story {n}: talks resume in Geneva</title>"
        f"<link>http://{host}/story/{feed}/{n}?utm_source=rss</link>"
        f"<guid isPermaLink='false'>f{feed}-{n}</guid>"
        f"<description>Delegations from both sides met for a further round of talks, story {n} of feed "
        f"{feed}, with officials describing the atmosphere as constructive.</description>"
        f"<pubDate>Mon, 23 Nov 2026 {n // 60 % 24:02d}:{n % 60:02d}:00 GMT</pubDate></item>"
        for n in range(first + ITEMS - 1, first - 1, -1)
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Feed {feed}</title>"
        f"<link>http://{host}/</link><description>bench</description>{items}</channel></rss>"
    ).encode()


class _FeedServer(asyncio.Protocol):
    round: Any = None
    slow_s = 2.0

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.buffer = b""
        self.pending: set[asyncio.Future[None]] = set()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            task = asyncio.ensure_future(self.answer(head))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

    async def answer(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1]
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
        host = headers.get("host", "127.0.0.2")
        feed = int(path.rsplit("/", 1)[1])
        kind = _KINDS[feed % 20]
        rnd = self.round.value
        status, extra, body = 200, "", b""
        if kind == "fresh":
            etag = f'"r{rnd}"'
            if headers.get("if-none-match") == etag:
                status = 304
            else:
                extra, body = f"ETag: {etag}\r\n", _rss(feed, rnd * NEW_PER_ROUND, host)
        elif kind == "static":
            if headers.get("if-none-match") == '"s"':
                status = 304
            else:
                extra, body = 'ETag: "s"\r\n', _rss(feed, 0, host)
        elif kind == "slow":
            await asyncio.sleep(self.slow_s)
            body = _rss(feed, 0, host)
        elif kind == "error":
            status, body = 500, b"internal error"
        elif kind == "malformed":
            body = _rss(feed, 0, host).replace(b"</channel></rss>", b"<item><title>& broken")
        elif kind == "garbage":
            body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>x<</title><<<"
        else:
            body = _rss(feed, 0, host)
        reason = {200: "OK", 304: "Not Modified", 500: "Internal Server Error"}[status]
        head_out = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n"
        )
        if not self.transport.is_closing():
            self.transport.write(head_out.encode() + body)


def _serve(hosts: list[str], port: int, round_value: Any, slow_s: float, ready: Any) -> None:
    _FeedServer.round = round_value
    _FeedServer.slow_s = slow_s

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(
            _FeedServer, host=hosts, port=port, backlog=4096
        )
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


# --- the poller side -----------------------------------------------------------------------


@dataclass
class Tally:
    expected: int
    done: asyncio.Event = field(default_factory=asyncio.Event)
    outcomes: int = 0
    items: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def on_outcome(self, outcome: PollOutcome) -> None:
        if outcome.feed_url in self.seen:
            return
        self.seen.add(outcome.feed_url)
        self.outcomes += 1
        key = outcome.reason or outcome.status
        self.by_status[key] = self.by_status.get(key, 0) + 1
        if self.outcomes >= self.expected:
            self.done.set()

    def emit(self, item: FeedItem) -> None:
        self.items += 1


async def _poll_round(
    feeds: list[FeedConfig], fetch: FetchSettings, poll: PollSettings, store: StateStore, clock_offset: float
) -> tuple[float, Tally]:
    tally = Tally(len(feeds))
    poller = FeedPoller(
        StaticFeedsSource(feeds),
        fetch,
        poll,
        store,
        tally.emit,
        on_outcome=tally.on_outcome,
        clock=lambda: time.time() + clock_offset,
    )
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(poller.run(stop))
    await tally.done.wait()
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    return elapsed, tally


async def _baseline(feeds: list[FeedConfig], fetch: FetchSettings, max_in_flight: int) -> float:
    """Fetch every feed once with the same fetcher and limits: no parsing, no state.

    Feeds are taken round-robin across hosts (the best order for politeness), so the baseline
    is a bare fetch not held up by ordering, as the poller's host-aware dispatch also avoids.
    """
    by_host: dict[str, list[FeedConfig]] = {}
    for feed in feeds:
        by_host.setdefault(host_of(feed.url), []).append(feed)
    interleaved = [f for group in itertools.zip_longest(*by_host.values()) for f in group if f]
    queue = iter(interleaved)
    started = time.perf_counter()
    async with Fetcher(fetch) as fetcher:

        async def worker() -> None:
            for feed in queue:
                with contextlib.suppress(Exception):  # failures are part of the mix
                    await fetcher.fetch(feed.url, kind="feed")

        await asyncio.gather(*(worker() for _ in range(max_in_flight)))
    return time.perf_counter() - started


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vm_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


class PeakRSS:
    """Samples the RSS of this process plus its parse workers (not the feed server) every 100 ms."""

    def __init__(self, exclude: int) -> None:
        self.peak_mb = 0.0
        self._exclude = exclude
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.1):
            pids = [me] + [c for c in _children(me) if c != self._exclude]
            self.peak_mb = max(self.peak_mb, sum(_vm_rss_kb(p) for p in pids) / 1024)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench(n: int, args: argparse.Namespace) -> dict[str, Any]:
    hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
    port = _free_port(hosts[0])
    ctx = mp.get_context("spawn")
    round_value, ready = ctx.Value("i", 0), ctx.Event()
    server = ctx.Process(target=_serve, args=(hosts, port, round_value, args.slow_s, ready), daemon=True)
    server.start()
    ready.wait(30)
    # Consecutive feeds share a host, so that every host serves the whole mix of kinds.
    feeds = [FeedConfig(url=f"http://{hosts[i // 20 % len(hosts)]}:{port}/feed/{i}") for i in range(n)]
    fetch = FetchSettings(
        allow_private_addresses=True,
        per_host_concurrency=args.per_host_concurrency,
        per_host_delay_s=args.per_host_delay_s,
        max_concurrency=args.max_concurrency,
        total_timeout_s=20,
    )
    poll = PollSettings(
        max_in_flight=args.max_in_flight,
        parse_workers=args.parse_workers,
        min_interval_s=60,
        default_interval_s=900,
        max_interval_s=21600,
    )
    try:
        base_s = asyncio.run(_baseline(feeds, fetch, args.max_in_flight))
        with tempfile.TemporaryDirectory() as tmp, PeakRSS(exclude=server.pid or 0) as peak:
            store = StateStore(Path(tmp) / "state.sqlite3")
            cold_s, cold = asyncio.run(_poll_round(feeds, fetch, poll, store, 0.0))
            round_value.value = 1
            warm_s, warm = asyncio.run(_poll_round(feeds, fetch, poll, store, poll.max_interval_s * 2))
            store.close()
    finally:
        server.kill()
        server.join()
    return {
        "n": n,
        "baseline_s": base_s,
        "cold_s": cold_s,
        "cold": cold,
        "warm_s": warm_s,
        "warm": warm,
        "rss_mb": _rss_mb(),
        "total_rss_mb": peak.peak_mb,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--hosts", type=int, default=200, help="loopback addresses = simulated sites")
    parser.add_argument("--per-host-concurrency", type=int, default=2)
    parser.add_argument("--per-host-delay-s", type=float, default=0.1)
    parser.add_argument("--max-concurrency", type=int, default=200, help="fetch.max_concurrency")
    parser.add_argument("--max-in-flight", type=int, default=500, help="poll.max_in_flight")
    parser.add_argument("--parse-workers", type=int, default=2, help="poll.parse_workers")
    parser.add_argument("--slow-s", type=float, default=2.0, help="delay of the slow feeds")
    args = parser.parse_args()
    configure_logging("error")
    print(
        f"hosts={args.hosts} per_host_concurrency={args.per_host_concurrency} "
        f"per_host_delay_s={args.per_host_delay_s} max_concurrency={args.max_concurrency} "
        f"max_in_flight={args.max_in_flight} parse_workers={args.parse_workers} slow_s={args.slow_s}",
        flush=True,
    )
    print(
        "| feeds | baseline fetch-only s | round | wall s | feeds/s | items | items/s | x baseline "
        "| peak RSS MB poller | peak RSS MB poller+workers |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.feeds:
        r = bench(n, args)
        for name in ("cold", "warm"):
            t, s = r[f"{name}_s"], r[name]
            print(
                f"| {n:,} | {r['baseline_s']:.1f} | {name} | {t:.1f} | {n / t:,.0f} | {s.items:,} | "
                f"{s.items / t:,.0f} | {t / r['baseline_s']:.2f} | {r['rss_mb']:.0f} | "
                f"{r['total_rss_mb']:.0f} |",
                flush=True,
            )
        print(
            f"<!-- n={n} cold outcomes: {r['cold'].by_status}; warm outcomes: {r['warm'].by_status} -->",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``newswire replay``: the bundled corpus through the whole pipeline over a real broker."""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.cli.common import CliContext
from pipeline.cli.signals import stop_on_signals
from pipeline.kafka.broker import broker_endpoint
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.consumer import iter_records
from pipeline.kafka.producer import RecordProducer
from pipeline.kafka.runner import Output
from pipeline.log import configure_logging
from pipeline.records import DeadLetter, EnrichedArticle, FeedItem, FeedRef, utcnow
from pipeline.replay import CorpusServer
from pipeline.settings import Settings
from pipeline.stages import CONSUMER_STAGES
from pipeline.topology import Topics
from pipeline.web import demo as web_demo


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "replay",
        help="replay the bundled corpus through the whole pipeline and show the enriched records",
        description="Serve the five bundled articles as an RSS feed and HTML pages on loopback, poll the "
        "feed, push every item through extract → clean → tag → publish over Kafka, and print the "
        "enriched records. Uses the embedded broker unless kafka.bootstrap_servers is set.",
    )
    p.add_argument("--json", action="store_true", help="print the enriched records as JSON lines")
    p.add_argument(
        "--timeout", type=float, default=180.0, help="give up after this many seconds (default 180)"
    )
    p.add_argument("--topic-prefix", default=None, help="override kafka.topic_prefix for this replay")
    p.add_argument(
        "--web",
        action="store_true",
        help="also serve the live web view (web.host:web.port) and keep it up after the replay until Ctrl-C",
    )
    p.set_defaults(func=run_replay)


def replay_settings(settings: Settings, topic_prefix: str | None = None) -> Settings:
    """The replay server is on loopback and is ours: allow private addresses, no politeness delay.

    The clean stage learns in memory only, so a replay never changes the service's learned state
    and every replay starts from the same state (repeatable).
    """
    kafka = {"topic_prefix": topic_prefix} if topic_prefix else {}
    return settings.with_overrides(
        fetch={"allow_private_addresses": True, "per_host_delay_s": 0.0, "per_host_concurrency": 16},
        kafka=kafka,
        clean={"state_dir": None},
    )


@dataclass
class Progress:
    """Prints one line per stage batch: how many of the expected records each stage has passed."""

    expected: int
    out: TextIO
    done: dict[str, int] = field(default_factory=dict)
    dead: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def stage_line(self, stage: str, n: int, n_dead: int = 0) -> None:
        with self._lock:
            self.done[stage] = self.done.get(stage, 0) + n
            self.dead[stage] = self.dead.get(stage, 0) + n_dead
            extra = f"  ({self.dead[stage]} dead-lettered)" if self.dead[stage] else ""
            print(f"  {stage:<8} {self.done[stage]}/{self.expected}{extra}", file=self.out, flush=True)

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[DeadLetter],
        seconds: float,
    ) -> None:
        self.stage_line(stage, records_in - len(dead_letters), len(dead_letters))

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        """Lag is not shown in replay progress."""

    def on_poll(self, stage: str) -> None:
        """Idle polls are not shown either."""


def run_replay(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = replay_settings(ctx.settings, args.topic_prefix)
    # The demo shows progress lines and the table; per-batch logs only with --log-level info/debug.
    configure_logging(ctx.log_level or "warning", settings.log.format)
    progress_out = sys.stderr if args.json else sys.stdout
    stop = threading.Event()
    with stop_on_signals(stop), broker_endpoint(settings.kafka) as endpoint, CorpusServer() as server:
        topics = create_pipeline_topics(settings, endpoint)
        expected = len(server.docs)
        progress = Progress(expected, progress_out)
        observer = (
            web_demo.start_replay_web(settings, endpoint, progress, progress_out) if args.web else progress
        )
        print(
            f"newswire replay: {expected} corpus articles, feed {server.feed_url}, broker {endpoint.bootstrap}"
            f"{' (embedded)' if endpoint.embedded else ''}",
            file=progress_out,
            flush=True,
        )
        pipeline = Pipeline(settings, endpoint, CONSUMER_STAGES, observer=observer, stop=stop)
        pipeline.start()
        try:
            started = utcnow()
            items = poll_feed(settings, server.feed_url)
            publish_items(settings, endpoint, topics, items)
            progress.stage_line("poll", len(items))
            records, dead = await_enriched(
                settings,
                endpoint,
                topics,
                {i.article_id for i in items},
                started_ms=int(started.timestamp() * 1000),
                stop=stop,
                timeout_s=args.timeout,
            )
            web_demo.serve_until_stopped(observer, stop, progress_out)
        finally:
            pipeline.stop()
    return report(records, dead, expected, as_json=args.json, out=sys.stdout)


def poll_feed(settings: Settings, feed_url: str) -> list[FeedItem]:
    """Fetch and parse the replay feed once."""
    from pipeline.http.fetcher import Fetcher
    from pipeline.stages.poll import parse_feed

    async def fetch() -> list[FeedItem]:
        async with Fetcher(settings.fetch) as fetcher:
            page = await fetcher.fetch(feed_url, kind="feed")
        parsed = parse_feed(
            FeedRef(url=feed_url, name="bundled corpus"), page.body, fetched_at=utcnow(), headers=page.headers
        )
        return list(parsed.items)

    return asyncio.run(fetch())


def publish_items(
    settings: Settings, endpoint: BrokerEndpoint, topics: Topics, items: list[FeedItem]
) -> None:
    with RecordProducer(settings.kafka, endpoint) as producer:
        for item in items:
            producer.send(topics.items, item.article_id, item)
        producer.flush()


def await_enriched(
    settings: Settings,
    endpoint: BrokerEndpoint,
    topics: Topics,
    ids: set[str],
    *,
    started_ms: int,
    stop: threading.Event,
    timeout_s: float,
) -> tuple[dict[str, EnrichedArticle], dict[str, DeadLetter]]:
    """Consume enriched records and dead letters until every id has one or the other."""
    records: dict[str, EnrichedArticle] = {}
    dead: dict[str, DeadLetter] = {}
    for message, record in iter_records(
        settings.kafka,
        endpoint,
        [topics.enriched, topics.deadletter],
        EnrichedArticle,
        group_id=f"newswire.replay-watch.{uuid.uuid4().hex[:8]}",
        from_beginning=True,
        stop=stop,
        deadline=time.monotonic() + timeout_s,
        not_before_ms=started_ms - 1000,
        commit=False,
    ):
        if message.topic == topics.deadletter:
            try:
                letter = DeadLetter.model_validate_json(message.value)
            except ValueError:
                continue
            if letter.article_id in ids:
                dead[letter.article_id] = letter
        elif isinstance(record, EnrichedArticle) and record.article_id in ids:
            records[record.article_id] = record
        if len(set(records) | set(dead)) >= len(ids):
            break
    return records, dead


def report(
    records: dict[str, EnrichedArticle],
    dead: dict[str, DeadLetter],
    expected: int,
    *,
    as_json: bool,
    out: TextIO,
) -> int:
    ordered = sorted(records.values(), key=lambda r: r.published_at or r.fetched_at)
    if as_json:
        for r in ordered:
            print(r.model_dump_json(), file=out)
    else:
        print_table(ordered, out)
    for article_id, letter in dead.items():
        if article_id not in records:
            print(
                f"dead letter: {article_id} at {letter.stage}: {letter.reason}: {letter.error_message}",
                file=sys.stderr,
            )
    if len(records) == expected:
        print(f"replay complete: {len(records)}/{expected} enriched records published", file=sys.stderr)
        return 0
    print(f"replay incomplete: {len(records)}/{expected} enriched records published", file=sys.stderr)
    return 1


def print_table(records: Sequence[EnrichedArticle], out: TextIO) -> None:
    rows = [(r.article_id, _clip(r.title or "", 58), ", ".join(r.topics) or "-") for r in records]
    headers = ("article", "title", "tags")
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print("\n" + line.rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
    print(file=out)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

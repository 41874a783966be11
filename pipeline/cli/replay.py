"""``newswire replay``: the bundled corpus through the whole pipeline over a real broker.

Replay is a guest on whatever broker it runs on: its topics and consumer groups carry a prefix of
their own, unique per run (``<topic_prefix>replay-<run>.``, ``<group_prefix>replay-<run>.``), so it
never reads the production topics nor joins the production groups; its topics are deleted when it
ends (``--keep-topics`` keeps them for a subscriber).  Private addresses are allowed only for its
own loopback server (``fetch.allowed_private_origins``); every other one stays refused.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals

if TYPE_CHECKING:
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.kafka.runner import Output
    from pipeline.records import DeadLetter, EnrichedArticle, FeedItem
    from pipeline.settings import Settings
    from pipeline.stage import Failure
    from pipeline.topology import Topics


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "replay",
        help="replay the bundled corpus through the whole pipeline and show the enriched records",
        description="Serve the five bundled articles as an RSS feed and HTML pages on loopback, poll the "
        "feed, push every item through extract → clean → tag → publish over Kafka, and print the "
        "enriched records. Uses the embedded broker unless kafka.bootstrap_servers is set; on a cluster "
        "it works in topics and consumer groups of its own (unique per run, deleted afterwards) and never "
        "touches the pipeline's.",
    )
    p.add_argument("--json", action="store_true", help="print the enriched records as JSON lines")
    p.add_argument(
        "--timeout", type=float, default=180.0, help="give up after this many seconds (default 180)"
    )
    p.add_argument(
        "--topic-prefix",
        default=None,
        help="topic prefix for this replay (default: <kafka.topic_prefix>replay-<run id>.); must differ "
        "from kafka.topic_prefix",
    )
    p.add_argument(
        "--keep-topics",
        action="store_true",
        help="keep the replay's topics afterwards (e.g. for `newswire subscribe --topic-prefix ...`)",
    )
    p.add_argument(
        "--web",
        action="store_true",
        help="also serve the live web view (web.host:web.port) and keep it up after the replay until Ctrl-C",
    )
    p.set_defaults(func=run_replay)


def replay_settings(
    settings: Settings, *, run_id: str, origin: str, topic_prefix: str | None = None
) -> Settings:
    """The settings of one replay run: its own namespace, and its own server as the one private origin.

    The clean stage learns in memory only, so a replay never changes the service's learned state
    and every replay starts from the same state (repeatable).
    """
    from pipeline.errors import ConfigError

    prefix = topic_prefix or f"{settings.kafka.topic_prefix}replay-{run_id}."
    if prefix == settings.kafka.topic_prefix:
        raise ConfigError("replay --topic-prefix", f"{prefix!r} is the pipeline's own kafka.topic_prefix")
    return settings.with_overrides(
        fetch={"allowed_private_origins": [origin], "per_host_delay_s": 0.0, "per_host_concurrency": 16},
        kafka={"topic_prefix": prefix, "group_prefix": f"{settings.kafka.group_prefix}replay-{run_id}."},
        clean={"state_dir": None},
    )


@dataclass
class Progress:
    """Prints one line per stage batch: how many of the expected records each stage has passed.

    Stage threads call it; when the reader of ``out`` has gone (a closed pipe) it stops printing
    and sets ``closed`` (and ``stop``), instead of crashing the stage thread.
    """

    expected: int
    out: TextIO
    stop: threading.Event | None = None
    done: dict[str, int] = field(default_factory=dict)
    dead: dict[str, int] = field(default_factory=dict)
    closed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def stage_line(self, stage: str, n: int, n_dead: int = 0) -> None:
        with self._lock:
            self.done[stage] = self.done.get(stage, 0) + n
            self.dead[stage] = self.dead.get(stage, 0) + n_dead
            extra = f"  ({self.dead[stage]} dead-lettered)" if self.dead[stage] else ""
            self.write(f"  {stage:<8} {self.done[stage]}/{self.expected}{extra}")

    def write(self, line: str) -> None:
        if self.closed:
            return
        try:
            print(line, file=self.out, flush=True)
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed under us
            self.closed = True
            if self.stop is not None:
                self.stop.set()

    def summary(self) -> str:
        """What each stage had done, for the line printed when replay is interrupted."""
        stages = ("poll", "extract", "clean", "tag", "publish")
        return ", ".join(f"{s} {self.done.get(s, 0)}/{self.expected}" for s in stages)

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[Failure],
        seconds: float,
    ) -> None:
        self.stage_line(stage, records_in - len(dead_letters), len(dead_letters))

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        """Lag is not shown in replay progress."""

    def on_poll(self, stage: str) -> None:
        """Idle polls are not shown either."""


def run_replay(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.app import Pipeline, create_pipeline_topics
    from pipeline.kafka.broker import broker_endpoint
    from pipeline.log import configure_logging
    from pipeline.records import utcnow
    from pipeline.replay import CorpusServer
    from pipeline.stage_table import CONSUMER_STAGES
    from pipeline.web import demo as web_demo

    base = ctx.settings
    # The demo shows progress lines and the table; per-batch logs only with --log-level info/debug.
    configure_logging(ctx.log_level or "warning", base.log.format)
    progress_out = sys.stderr if args.json else sys.stdout
    stop = StopFlag()
    run_id = uuid.uuid4().hex[:8]
    records: dict[str, EnrichedArticle] = {}
    dead: dict[str, DeadLetter] = {}
    served = False
    with stop_on_signals(stop), broker_endpoint(base.kafka) as endpoint, CorpusServer() as server:
        settings = replay_settings(base, run_id=run_id, origin=server.origin, topic_prefix=args.topic_prefix)
        topics = create_pipeline_topics(settings, endpoint, quiet=True)
        expected = len(server.docs)
        progress = Progress(expected, progress_out, stop)
        observer = (
            web_demo.start_replay_web(settings, endpoint, progress, progress_out) if args.web else progress
        )
        progress.write(
            f"newswire replay: {expected} corpus articles, feed {server.feed_url}, broker {endpoint.bootstrap}"
            f"{' (embedded)' if endpoint.embedded else f', topics {settings.kafka.topic_prefix}*'}"
        )
        pipeline = Pipeline(settings, endpoint, CONSUMER_STAGES, observer=observer, stop=stop)
        try:
            pipeline.start()
            started = utcnow()
            items = poll_feed(settings, server.feed_url)
            if not stop.is_set():
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
            # With --web, Ctrl-C after a complete replay is how the page is closed, not an interruption.
            served = args.web and not stop.is_set()
            web_demo.serve_until_stopped(observer, stop, progress_out)
        finally:
            pipeline.stop()
            if not endpoint.embedded and not args.keep_topics:
                _remove_topics(settings, endpoint, topics)
    if progress.closed:
        raise BrokenPipeError
    if stop.interrupted and not served:
        print(
            f"newswire replay: interrupted (Ctrl-C); {progress.summary()}; {len(records)}/{expected} "
            "enriched records received, nothing else was changed",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return report(records, dead, expected, as_json=args.json, out=sys.stdout)


def _remove_topics(settings: Settings, endpoint: BrokerEndpoint, topics: Topics) -> None:
    from pipeline.errors import BrokerError
    from pipeline.kafka.admin import delete_topics
    from pipeline.stage_table import pipeline_topics

    names = pipeline_topics(settings, topics)
    try:
        delete_topics(settings.kafka, endpoint, names)
    except BrokerError as exc:
        print(f"newswire replay: could not delete its topics {topics.prefix}*: {exc}", file=sys.stderr)


def poll_feed(settings: Settings, feed_url: str) -> list[FeedItem]:
    """Fetch and parse the replay feed once."""
    import asyncio

    from pipeline.http.fetcher import Fetcher
    from pipeline.records import FeedRef, utcnow
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
    from pipeline.kafka.producer import RecordProducer

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
    from pipeline.kafka.consumer import iter_records
    from pipeline.records import DeadLetter, EnrichedArticle

    records: dict[str, EnrichedArticle] = {}
    dead: dict[str, DeadLetter] = {}
    for message, record in iter_records(
        settings.kafka,
        endpoint,
        [topics.enriched, topics.deadletter],
        EnrichedArticle,
        group_id=f"{settings.kafka.group_prefix}replay-watch.{uuid.uuid4().hex[:8]}",
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

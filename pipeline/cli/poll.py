"""``newswire poll --once [URL...]``: poll feeds once and print (and publish) their new items.

Items are published to the configured cluster and remembered in ``poll.state_dir`` so the next
run prints only what is new.  With no cluster configured there is nowhere durable to publish to,
so nothing is published and no state is kept (as with ``--dry-run``): remembering items that a
throwaway broker then forgot would lose them for the real pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext

if TYPE_CHECKING:
    from pipeline.feeds import PollOutcome, StateStore
    from pipeline.feeds.config import FeedsSource
    from pipeline.records import FeedItem
    from pipeline.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "poll",
        help="poll feeds once and print their new items",
        description="Poll the given feeds (default: the configured feed list) once, print the new and "
        "revised items, and publish them to the items topic of kafka.bootstrap_servers. State (what was "
        "already published, ETags) is kept in poll.state_dir, so a second run prints only what is new. "
        "With --dry-run, or with no broker configured, nothing is published and no state is read or "
        "written: every current item is printed. `newswire run` polls continuously.",
    )
    p.add_argument("urls", nargs="*", metavar="URL", help="feed URLs (default: poll.feeds_file)")
    p.add_argument("--once", action="store_true", required=True, help="poll once and exit (required)")
    p.add_argument("--dry-run", action="store_true", help="print only: nothing to Kafka, no state kept")
    p.add_argument("--json", action="store_true", help="print items as JSON lines (FeedItem records)")
    p.set_defaults(func=run_poll)


def run_poll(args: argparse.Namespace, ctx: CliContext) -> int:
    import asyncio

    from pipeline.feeds import FeedPoller
    from pipeline.log import configure_logging

    settings = ctx.settings
    # Every feed's outcome is printed below; the poller's own warning per failure would repeat it.
    configure_logging(ctx.log_level or "error", settings.log.format)
    source = _source(args.urls, settings)
    dry_run = args.dry_run or settings.kafka.embedded
    if not args.dry_run and settings.kafka.embedded:
        print(
            "newswire poll: no kafka.bootstrap_servers configured: printing only, nothing published and "
            "no state kept (as --dry-run)",
            file=sys.stderr,
        )
    with _sink(settings, dry_run=dry_run) as (emit, flush), _state(settings, dry_run=dry_run) as state:
        poller = FeedPoller(source, settings.fetch, settings.poll, state, emit, flush=flush)
        outcomes = asyncio.run(poller.poll_once())
    if not outcomes and not args.urls:
        print(
            f"newswire poll: no feeds to poll: {settings.path(settings.poll.feeds_file)} lists none "
            "(give feed URLs, or add feeds to poll.feeds_file)",
            file=sys.stderr,
        )
    for outcome in outcomes:
        _print_items(outcome.items, as_json=args.json)
        print(_summary(outcome), file=sys.stderr)
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _source(urls: Sequence[str], settings: Settings) -> FeedsSource:
    from pipeline.feeds import FileFeedsSource, StaticFeedsSource

    if urls:
        return StaticFeedsSource.from_urls(urls)
    return FileFeedsSource(settings.data_file("poll.feeds_file"))


@contextlib.contextmanager
def _state(settings: Settings, *, dry_run: bool) -> Iterator[StateStore]:
    from pipeline.feeds import StateStore
    from pipeline.statedir import ensure_state_dir

    if dry_run:
        store = StateStore.in_memory()
    else:
        store = StateStore.in_dir(ensure_state_dir(settings.path(settings.poll.state_dir), "poll.state_dir"))
    try:
        yield store
    finally:
        store.close()


Emit = Callable[["FeedItem"], None]


@contextlib.contextmanager
def _sink(settings: Settings, *, dry_run: bool) -> Iterator[tuple[Emit, Callable[[], object] | None]]:
    """Where items go: nowhere on a dry run, else the items topic (created if missing)."""
    if dry_run:
        yield (lambda item: None), None
        return
    from pipeline.kafka.admin import ensure_topics
    from pipeline.kafka.broker import broker_endpoint
    from pipeline.kafka.producer import RecordProducer
    from pipeline.topology import topics_for

    topic = topics_for(settings.kafka).items
    with broker_endpoint(settings.kafka) as endpoint:
        ensure_topics(settings.kafka, endpoint, [topic], quiet=True)
        with RecordProducer(settings.kafka, endpoint) as producer:
            yield (lambda item: producer.send(topic, item.article_id, item)), producer.flush


def _print_items(items: Sequence[FeedItem], *, as_json: bool) -> None:
    for item in items:
        if as_json:
            print(item.model_dump_json())
        else:
            revised = f" (revision {item.revision})" if item.revision else ""
            print(f"{item.title or '(untitled)'}{revised}\n    {item.url}")


def _summary(outcome: PollOutcome) -> str:
    line = f"{outcome.feed_url}: {outcome.status}, {len(outcome.items)} item(s)"
    if outcome.reason:
        line += f" — {outcome.reason}: {outcome.error}"
    if outcome.problem:
        line += f" — malformed but used: {outcome.problem}"
    return line

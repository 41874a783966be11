"""``newswire subscribe``: a downstream consumer printing enriched records as they arrive.

A subscriber never creates topics: ``--tag`` must name a topic of the configured taxonomy, and
its topic must exist (the pipeline creates it with the configured partition count).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals

if TYPE_CHECKING:
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.records import EnrichedArticle
    from pipeline.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "subscribe",
        help="print enriched records as they arrive",
        description="Consume enriched records (all, or only those with the given tags) and print them for "
        "as long as it runs. Needs a running broker: kafka.bootstrap_servers, or the address printed by "
        "`newswire broker`. Never creates topics: a tag must be one of the taxonomy's topics.",
    )
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="only articles with this tag (repeatable); reads the news.tag.<TAG> topics",
    )
    p.add_argument(
        "--from-beginning",
        action="store_true",
        help="start at the oldest record (default: only records published from now on)",
    )
    p.add_argument(
        "--group",
        default=None,
        help="consumer group; members of one group share the records and resume where it "
        "stopped (default: a new private group)",
    )
    p.add_argument(
        "--topic-prefix",
        default=None,
        help="read the topics under this prefix instead of kafka.topic_prefix (e.g. a replay's)",
    )
    p.add_argument("--json", action="store_true", help="print JSON lines instead of readable text")
    p.add_argument("--limit", type=int, default=None, help="exit after this many records")
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="exit when no record arrived for this long",
    )
    p.set_defaults(func=run_subscribe)


def run_subscribe(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.errors import ConfigError
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.kafka.consumer import iter_records
    from pipeline.records import EnrichedArticle
    from pipeline.topology import Topics, private_group

    settings = ctx.settings
    if settings.kafka.embedded:
        raise ConfigError(
            "kafka.bootstrap_servers",
            "subscribe needs a running broker; start one with "
            "`newswire broker` and set NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS to the address it prints",
        )
    topics = Topics(args.topic_prefix or settings.kafka.topic_prefix)
    _check_tags(settings, args.tag)
    names = [topics.tag(t) for t in args.tag] or [topics.enriched]
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    _check_topics_exist(settings, endpoint, names)
    group = args.group or private_group(settings.kafka, "subscribe")
    not_before = None if args.from_beginning or args.group else int(time.time() * 1000) - 2000
    seen: OrderedDict[tuple[str, str], None] = OrderedDict()  # the same article under two tags: print once
    printed = 0
    stop = StopFlag()
    with stop_on_signals(stop):
        for message, record in iter_records(
            settings.kafka,
            endpoint,
            names,
            EnrichedArticle,
            group_id=group,
            from_beginning=True,
            stop=stop,
            idle_timeout_s=args.idle_timeout,
            not_before_ms=not_before,
        ):
            if not isinstance(record, EnrichedArticle):
                print(
                    f"skipping undecodable record at {message.topic}/{message.partition}@{message.offset}: "
                    f"{record}",
                    file=sys.stderr,
                )
                continue
            identity = (record.article_id, record.processed_at.isoformat())
            if identity in seen:
                continue
            seen[identity] = None
            if len(seen) > 100_000:
                seen.popitem(last=False)
            print(record.model_dump_json() if args.json else format_record(record), flush=True)
            printed += 1
            if args.limit is not None and printed >= args.limit:
                break
    if stop.interrupted:
        print(f"newswire subscribe: stopped (Ctrl-C) after {printed} record(s)", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _check_tags(settings: Settings, tags: list[str]) -> None:
    """An unknown tag is an error listing the known ones (no junk topic for a typo)."""
    if not tags:
        return
    from pipeline.errors import ConfigError
    from pipeline.steps import taxonomy_topic_ids

    known = taxonomy_topic_ids(settings)
    unknown = [t for t in tags if t not in known]
    if unknown:
        raise ConfigError(
            "subscribe --tag",
            f"unknown tag {', '.join(unknown)}; the taxonomy's tags are: {', '.join(known)}",
        )


def _check_topics_exist(settings: Settings, endpoint: BrokerEndpoint, names: list[str]) -> None:
    from pipeline.errors import ConfigError
    from pipeline.kafka.admin import missing_topics

    missing = missing_topics(settings.kafka, endpoint, names)
    if missing:
        raise ConfigError(
            "kafka.topic_prefix",
            f"topic {', '.join(missing)} does not exist on {endpoint.bootstrap}; subscribers never create "
            "topics: start the pipeline (`newswire run`) or `newswire topics --create` first",
        )


def format_record(record: EnrichedArticle) -> str:
    tags = ", ".join(f"{t.topic} ({t.score:.2f})" for t in record.tags) or "-"
    people = ", ".join(e.name for e in record.entities[:8]) or "-"
    when = (record.published_at or record.fetched_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"{record.article_id}  {when}  {record.title or '(untitled)'}\n"
        f"    tags: {tags}\n    entities: {people}\n    {record.url}"
    )

"""``newswire retag``: republish enriched records under the current taxonomy (backfill)."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals

if TYPE_CHECKING:
    from pipeline.records import CleanArticle


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "retag",
        help="re-tag clean articles from Kafka under the current taxonomy and republish them",
        description="Read every clean article from the clean topic (consumer group newswire.retag.<taxonomy "
        "version>, so a new taxonomy version starts from the beginning and a re-run resumes), tag it with "
        "the current taxonomy and publish the enriched records again. Exits once caught up.",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="consider the backfill done after this long without records (default 10)",
    )
    p.set_defaults(func=run_retag)


def run_retag(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.app import create_pipeline_topics
    from pipeline.deadletter import NEWS_RECORDS
    from pipeline.errors import ConfigError
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.kafka.runner import StageRunner, run_in_thread
    from pipeline.steps import retag_step
    from pipeline.topology import group_for, topics_for

    settings = ctx.settings
    if settings.kafka.embedded:
        # An embedded broker starts empty: there would be nothing to re-tag and nowhere to keep it.
        raise ConfigError("kafka.bootstrap_servers", "retag needs the broker the pipeline runs on")
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    topics = topics_for(settings.kafka)
    stop = StopFlag()
    with stop_on_signals(stop):
        create_pipeline_topics(settings, endpoint, quiet=True)
        step, version = retag_step(settings, topics)
        runner: StageRunner[CleanArticle] = StageRunner(
            step,
            kafka=settings.kafka,
            endpoint=endpoint,
            input_topics=[topics.clean],
            dead_letter_topic=topics.deadletter,
            group_id=group_for(settings.kafka, f"retag.{version}"),
            records=NEWS_RECORDS,
            stop=stop,
        )
        thread = run_in_thread(runner)
        while not stop.wait(0.5):
            idle = time.monotonic() - runner.stats.last_record_at
            if runner.joined and idle > args.idle_timeout:
                break
        stop.set()
        thread.join(60)
    print(
        f"retag: {runner.stats.records_in} clean articles re-tagged under taxonomy {version}, "
        f"{runner.stats.records_out} records published, {runner.stats.dead_letters} dead-lettered"
        + (" (stopped by Ctrl-C; a re-run resumes)" if stop.interrupted else "")
    )
    if stop.interrupted:
        return EXIT_INTERRUPTED
    return 0

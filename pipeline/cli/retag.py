"""``newswire retag``: republish enriched records under the current taxonomy (backfill)."""

from __future__ import annotations

import argparse
import threading
import time

from pipeline.app import create_pipeline_topics
from pipeline.cli.common import CliContext
from pipeline.cli.signals import stop_on_signals
from pipeline.kafka.broker import broker_endpoint
from pipeline.kafka.runner import StageRunner, run_in_thread
from pipeline.records import CleanArticle
from pipeline.steps import retag_step
from pipeline.topology import group_for, topics_for


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
    settings = ctx.settings
    topics = topics_for(settings.kafka)
    stop = threading.Event()
    with stop_on_signals(stop), broker_endpoint(settings.kafka) as endpoint:
        create_pipeline_topics(settings, endpoint)
        step, version = retag_step(settings, topics)
        runner: StageRunner[CleanArticle] = StageRunner(
            step,
            kafka=settings.kafka,
            endpoint=endpoint,
            input_topics=[topics.clean],
            dead_letter_topic=topics.deadletter,
            group_id=group_for(settings.kafka, f"retag.{version}"),
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
    )
    return 0

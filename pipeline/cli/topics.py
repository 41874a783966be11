"""``newswire topics``: list or create the pipeline's topics."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.common import CliContext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "topics",
        help="list or create the pipeline's Kafka topics",
        description="Show the topics newswire reads and writes, with their partition counts; "
        "--create creates the missing ones (idempotent).",
    )
    p.add_argument("--create", action="store_true", help="create missing topics")
    p.set_defaults(func=run_topics)


def run_topics(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.app import create_pipeline_topics
    from pipeline.errors import ConfigError
    from pipeline.kafka.admin import list_topics
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.stage_table import pipeline_topics
    from pipeline.topology import topics_for

    settings = ctx.settings
    topics = topics_for(settings.kafka)
    wanted = pipeline_topics(settings, topics)
    if settings.kafka.embedded:
        print(
            "no kafka.bootstrap_servers configured; the pipeline would use these topics on its embedded broker:"
        )
        for name in wanted:
            print(f"  {name}")
        if args.create:
            raise ConfigError("kafka.bootstrap_servers", "--create needs a broker to create topics on")
        return 0
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    if args.create:
        create_pipeline_topics(settings, endpoint, quiet=True)
    existing = list_topics(settings.kafka, endpoint)
    for name in wanted:
        state = f"{existing[name]} partitions" if name in existing else "missing"
        print(f"  {name:<40} {state}")
    missing = [n for n in wanted if n not in existing]
    if missing:
        print(
            f"newswire topics: {len(missing)} of {len(wanted)} topics missing on {endpoint.bootstrap}: "
            "`newswire topics --create` creates them (or `newswire run` does at start)",
            file=sys.stderr,
        )
        return 1
    return 0

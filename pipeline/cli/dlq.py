"""``newswire dlq``: inspect dead letters and re-inject them once their cause is fixed."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals

if TYPE_CHECKING:
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.records import DeadLetter
    from pipeline.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "dlq",
        help="list or replay dead letters",
        description="Dead letters hold the original record, the stage, the error class and a "
        "reason code (e.g. fetch.timeout, extract.no_text, record.invalid).",
    )
    dsub = p.add_subparsers(dest="dlq_command", metavar="ACTION", required=True)
    ls = dsub.add_parser("list", help="count dead letters by stage and reason")
    ls.add_argument("--idle-timeout", type=float, default=3.0, help="stop reading after this long idle")
    ls.set_defaults(func=run_list)
    rp = dsub.add_parser(
        "replay",
        help="re-inject dead letters into the topic they came from",
        description="Re-produce each matching dead letter's original record (key, value, headers) to its "
        "source topic so the stage processes it again. Progress is kept in the consumer group "
        "newswire.dlq-replay.<stage|all>.<reason|all>: each dead letter is re-injected once per filter.",
    )
    rp.add_argument("--reason", default=None, help="only this reason code (e.g. fetch.timeout)")
    rp.add_argument("--stage", default=None, help="only dead letters of this stage")
    rp.add_argument("--dry-run", action="store_true", help="show what would be replayed")
    rp.add_argument(
        "--idle-timeout", type=float, default=3.0, help="stop after this long without dead letters"
    )
    rp.set_defaults(func=run_replay)


def _endpoint(settings: Settings) -> BrokerEndpoint:
    """The configured cluster, once it answers (one line after kafka.connect_timeout_s if not)."""
    from pipeline.errors import ConfigError
    from pipeline.kafka.admin import wait_for_broker
    from pipeline.kafka.client import BrokerEndpoint

    if settings.kafka.embedded:
        raise ConfigError("kafka.bootstrap_servers", "dlq needs the broker the pipeline runs on")
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    wait_for_broker(settings.kafka, endpoint)
    return endpoint


def replay_group(settings: Settings, *, stage: str | None, reason: str | None) -> str:
    """The consumer group of one dlq replay filter: each (stage, reason) filter has its own progress,
    so replaying one stage's letters never makes a later replay of another stage skip its own."""
    return f"{settings.kafka.group_prefix}dlq-replay.{stage or 'all'}.{reason or 'all'}"


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.kafka.consumer import iter_records
    from pipeline.records import DeadLetter
    from pipeline.topology import topics_for

    settings = ctx.settings
    counts: Counter[tuple[str, str]] = Counter()
    for _msg, letter in iter_records(
        settings.kafka,
        _endpoint(settings),
        [topics_for(settings.kafka).deadletter],
        DeadLetter,
        group_id=None,
        from_beginning=True,
        idle_timeout_s=args.idle_timeout,
        commit=False,
    ):
        if isinstance(letter, DeadLetter):
            counts[(letter.stage, letter.reason)] += 1
    for (stage, reason), n in sorted(counts.items()):
        print(f"  {stage:<10} {reason:<32} {n}")
    print(f"{sum(counts.values())} dead letters")
    return 0


def run_replay(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.kafka.consumer import iter_records
    from pipeline.kafka.producer import RecordProducer
    from pipeline.records import DeadLetter
    from pipeline.topology import topics_for

    settings = ctx.settings
    endpoint = _endpoint(settings)
    group = replay_group(settings, stage=args.stage, reason=args.reason)
    replayed = 0
    stop = StopFlag()
    with stop_on_signals(stop), RecordProducer(settings.kafka, endpoint) as producer:
        for _msg, letter in iter_records(
            settings.kafka,
            endpoint,
            [topics_for(settings.kafka).deadletter],
            DeadLetter,
            group_id=None if args.dry_run else group,
            from_beginning=True,
            stop=stop,
            idle_timeout_s=args.idle_timeout,
            commit=not args.dry_run,
        ):
            if not isinstance(letter, DeadLetter) or not matches(letter, args.reason, args.stage):
                continue
            print(
                f"{'would replay' if args.dry_run else 'replaying'} {letter.article_id or '-'} "
                f"({letter.stage}: {letter.reason}) → {letter.source.topic}"
            )
            if not args.dry_run:
                src = letter.source
                headers = [(k, v.encode()) for k, v in src.headers.items()] + [("newswire-dlq-replay", b"1")]
                producer.send_raw(
                    src.topic,
                    None if src.key is None else src.key.encode(),
                    src.value.encode("utf-8"),
                    headers,
                )
                producer.flush()  # acknowledged before the group commits past this dead letter
            replayed += 1
    print(f"{replayed} dead letters {'would be ' if args.dry_run else ''}replayed")
    if stop.interrupted:
        print("newswire dlq replay: stopped (Ctrl-C); the letters above were replayed", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def matches(letter: DeadLetter, reason: str | None, stage: str | None) -> bool:
    return (reason is None or letter.reason == reason) and (stage is None or letter.stage == stage)

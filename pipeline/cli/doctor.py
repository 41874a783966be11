"""``newswire doctor``: check configuration, data files, the broker, topics and permissions."""

from __future__ import annotations

import argparse
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext

if TYPE_CHECKING:
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.settings import Settings


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "doctor",
        help="check configuration, broker reachability, topics and permissions",
        description="Runs every check and prints what is wrong in plain words. Exit code 0 "
        "when all checks pass, 1 otherwise.",
    )
    p.add_argument(
        "--roundtrip",
        action="store_true",
        help="also create <prefix>doctor and produce + consume one record (write permission)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=None,
        help="seconds to wait for the broker (default kafka.connect_timeout_s)",
    )
    p.set_defaults(func=run_doctor)


def run_doctor(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.errors import ConfigError
    from pipeline.log import configure_logging
    from pipeline.settings import load_settings

    checks: list[Check] = []
    try:
        settings = load_settings(ctx.config_path)
        checks.append(Check("configuration", True, f"valid ({settings.config_dir})"))
    except ConfigError as exc:
        checks.append(Check("configuration", False, str(exc)))
        return _print(checks)
    # stdout is the report: library log lines (e.g. a topic created by --roundtrip) stay off it,
    # and below warning they would only repeat what the checks say.
    configure_logging(ctx.log_level or "error", settings.log.format)
    checks.extend(_data_files(settings))
    checks.extend(_state_dirs(settings))
    checks.append(_port_check(settings))
    wait_s = settings.kafka.connect_timeout_s if args.wait is None else args.wait
    checks.extend(_broker_checks(settings, wait_s=wait_s, roundtrip=args.roundtrip))
    return _print(checks)


def _attempt(name: str, fn: Callable[[], str], *, key: str | None = None) -> Check:
    """Run one check; a failure names ``key``, the setting that points at what failed."""
    from pipeline.errors import NewswireError

    where = f"{key}: " if key else ""
    try:
        return Check(name, True, fn())
    except NewswireError as exc:
        return Check(name, False, f"{where}{exc}")
    except Exception as exc:
        return Check(name, False, f"{where}{type(exc).__name__}: {exc}")


def _data_files(settings: Settings) -> list[Check]:
    def taxonomy() -> str:
        from pipeline.tagging import load_tagging

        # Loaded beside the gazetteer: a role the taxonomy names must have holders there.
        tax, _ = load_tagging(
            settings.path(settings.tag.taxonomy_file), settings.path(settings.tag.gazetteer_file)
        )
        return f"version {tax.version}, topics {', '.join(tax.topic_ids)}"

    def gazetteer() -> str:
        from pipeline.tagging import load_gazetteer

        load_gazetteer(settings.path(settings.tag.gazetteer_file))
        return str(settings.path(settings.tag.gazetteer_file))

    def rules() -> str:
        from pipeline.stages.clean import load_rules

        load_rules(settings.path(settings.clean.rules_file))
        return str(settings.path(settings.clean.rules_file))

    def feeds() -> str:
        from pipeline.feeds.config import load_feed_list

        return f"{len(load_feed_list(settings.path(settings.poll.feeds_file)))} feeds"

    return [
        _attempt("taxonomy", taxonomy, key="tag.taxonomy_file"),
        _attempt("gazetteer", gazetteer, key="tag.gazetteer_file"),
        _attempt("boilerplate rules", rules, key="clean.rules_file"),
        _attempt("feed list", feeds, key="poll.feeds_file"),
    ]


def _state_dirs(settings: Settings) -> list[Check]:
    """Every state folder the service writes to must be writable (checked without creating it)."""
    from pipeline.statedir import state_dir_problem

    folders = [("poll.state_dir", settings.poll.state_dir), ("clean.state_dir", settings.clean.state_dir)]
    checks = []
    for key, folder in folders:
        if folder is None:
            checks.append(Check(key, True, "not set: state kept in memory only"))
            continue
        path = settings.path(folder)
        problem = state_dir_problem(path)
        checks.append(
            Check(key, problem is None, f"{path}" + (f": {problem}" if problem else " is writable"))
        )
    return checks


def _port_check(settings: Settings) -> Check:
    if not settings.metrics.enabled:
        return Check("metrics endpoint", True, "disabled")
    try:
        with socket.socket(socket.AF_INET6 if ":" in settings.metrics.host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((settings.metrics.host, settings.metrics.port))
        return Check("metrics endpoint", True, f"{settings.metrics.host}:{settings.metrics.port} is free")
    except OSError as exc:
        return Check(
            "metrics endpoint",
            False,
            f"cannot bind {settings.metrics.host}:{settings.metrics.port}: "
            f"{exc.strerror} (another newswire running? set metrics.port)",
        )


def _broker_checks(settings: Settings, *, wait_s: float, roundtrip: bool) -> list[Check]:
    from pipeline.kafka.client import BrokerEndpoint

    if settings.kafka.embedded:

        def binary() -> str:
            from pipeline.kafka.broker import tansu_binary

            return f"no bootstrap servers: the embedded in-memory broker will be used ({tansu_binary()})"

        return [_attempt("broker", binary)]
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    reach = _attempt("broker reachable", lambda: _reach(settings, endpoint, wait_s))
    if not reach.ok:
        reach.detail += " (check kafka.bootstrap_servers, network, and TLS/SASL settings)"
        return [reach]
    checks = [reach, _attempt("topics", lambda: _topics(settings, endpoint))]
    if roundtrip:
        checks.append(_attempt("produce/consume", lambda: _roundtrip(settings, endpoint)))
    return checks


def _reach(settings: Settings, endpoint: BrokerEndpoint, wait_s: float) -> str:
    from pipeline.kafka.admin import connect_admin

    admin = connect_admin(settings.kafka, endpoint, wait_s=wait_s, quiet=True)
    try:
        admin.list_topics()
    finally:
        admin.close()
    return endpoint.bootstrap


def _topics(settings: Settings, endpoint: BrokerEndpoint) -> str:
    from pipeline.errors import ConfigError
    from pipeline.kafka.admin import missing_topics
    from pipeline.stage_table import pipeline_topics
    from pipeline.topology import topics_for

    wanted = pipeline_topics(settings, topics_for(settings.kafka))
    missing = missing_topics(settings.kafka, endpoint, wanted)
    if missing:
        raise ConfigError(
            "kafka.topic_prefix",
            f"missing topics {', '.join(missing)}; create them with "
            "`newswire topics --create` (or let `newswire run` create them)",
        )
    return f"all {len(wanted)} pipeline topics exist"


def _roundtrip(settings: Settings, endpoint: BrokerEndpoint) -> str:
    from pipeline.errors import NewswireError
    from pipeline.kafka.admin import ensure_topics
    from pipeline.kafka.consumer import iter_records
    from pipeline.kafka.producer import RecordProducer
    from pipeline.records import FeedRef

    topic = f"{settings.kafka.topic_prefix}doctor"
    ensure_topics(settings.kafka, endpoint, [topic], partitions=1, quiet=True)
    marker = FeedRef(url=f"doctor:{uuid.uuid4().hex}")
    with RecordProducer(settings.kafka, endpoint) as producer:
        producer.send(topic, None, marker)
        producer.flush()
    for _msg, record in iter_records(
        settings.kafka,
        endpoint,
        [topic],
        FeedRef,
        group_id=None,
        from_beginning=True,
        idle_timeout_s=10,
        commit=False,
    ):
        if record == marker:
            return f"wrote and read back a record on {topic}"
    raise NewswireError(f"the record written to {topic} was not read back within 10 s")


def _print(checks: list[Check]) -> int:
    for check in checks:
        print(f"{'ok' if check.ok else 'FAIL':<4}  {check.name:<18} {check.detail}")
    failed = [c for c in checks if not c.ok]
    print(
        f"\n{len(checks) - len(failed)}/{len(checks)} checks passed"
        + (": fix the FAIL lines above" if failed else "")
    )
    return 1 if failed else 0

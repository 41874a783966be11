"""The ``newswire`` command: a thin layer over the stages, the Kafka runner and the settings.

Each subcommand lives in its own module under ``pipeline/cli/`` exposing
``register(subparsers) -> None``; the parser it adds sets ``func`` to a handler
``(args, ctx: CliContext) -> int``.

Start-up is kept fast (``newswire --help`` well under 0.3 s): this module and the subcommand
modules import only the standard library at module level; heavy libraries (pydantic, trafilatura,
kafka-python, aiohttp, feedparser, prometheus-client) are imported inside the handler that needs
them.  No command prints a traceback: configuration and newswire errors become one line, Ctrl-C
exits 130 and a closed pipe (``newswire ... | head``) ends quietly like any Unix tool.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from pathlib import Path

from pipeline.cli.signals import EXIT_INTERRUPTED

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

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what Unix tools report when their reader went away


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

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
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("interrupted (Ctrl-C) before anything was done")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _main(argv: list[str] | None) -> int:
    from pipeline.cli.common import CliContext
    from pipeline.errors import ConfigError, NewswireError

    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext(config_path=args.config, log_level=args.log_level)
    try:
        code = int(args.func(args, ctx))
        sys.stdout.flush()  # a closed pipe surfaces here, inside the handler below, not at exit
        return code
    except ConfigError as exc:
        _say(f"configuration error: {exc}")
        return 2
    except NewswireError as exc:
        _say(f"{exc.reason}: {exc}")
        return 1
    except KeyboardInterrupt:
        _say(f"{args.command}: interrupted (Ctrl-C) before it finished")
        return EXIT_INTERRUPTED


def _say(line: str) -> None:
    with contextlib.suppress(OSError):  # stderr is gone too: nothing left to tell
        print(f"newswire: {line}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())

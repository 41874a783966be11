"""structlog, configured once: readable key=value lines, or JSON lines for the service off a terminal.

Loggers are obtained with :func:`get_logger` and carry bound context (stage, topic, partition,
offset, article_id) where it applies.  Logs go to stderr so stdout stays clean for records.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Literal

import structlog

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def configure_logging(
    level: str = "info", fmt: Literal["auto", "json", "console"] = "auto", *, service: bool = False
) -> None:
    """Configure structlog (and the stdlib loggers of libraries) once, at process start.

    ``auto`` means JSON lines for the service (``newswire run``) when stderr is not a terminal,
    where a log collector reads them; every other command is used by a person, so its log lines
    stay readable even when redirected (``2>&1 | less`` shows one readable stream, not JSON
    between the results).
    """
    use_json = fmt == "json" or (fmt == "auto" and service and not sys.stderr.isatty())
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any
    if use_json:
        renderer = structlog.processors.JSONRenderer()
        shared.append(structlog.processors.format_exc_info)
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(_LEVELS[level]),
        logger_factory=_StderrLogger,
        cache_logger_on_first_use=False,
    )
    # kafka-python logs connection chatter at INFO/WARNING; keep only its errors.
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
    for noisy in ("kafka", "trafilatura", "htmldate", "courlan", "aiohttp", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL if level != "debug" else logging.WARNING)


class _StderrLogger:
    """Writes each rendered line to the *current* sys.stderr (which tests and tools may swap)."""

    def __init__(self, *args: Any) -> None:
        pass

    def msg(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


def get_logger(name: str | None = None, **context: Any) -> structlog.stdlib.BoundLogger:
    logger = structlog.get_logger(name) if name else structlog.get_logger()
    return logger.bind(**context) if context else logger  # type: ignore[no-any-return]

"""``newswire run``: the long-lived service — the poller and/or consumer stages, until SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from pipeline.cli.common import CliContext
from pipeline.cli.signals import EXIT_INTERRUPTED, StopFlag, stop_on_signals

if TYPE_CHECKING:
    import structlog

    from pipeline.health import Health
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.metrics import Metrics
    from pipeline.settings import Settings


def _log() -> structlog.stdlib.BoundLogger:
    from pipeline.log import get_logger

    return get_logger("newswire.run")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run",
        help="run the service: poll feeds and process articles until stopped",
        description="Run newswire's stages as a long-lived service. Every stage is a Kafka consumer-group "
        "member: start the same stage on several machines to share its work. /metrics, /healthz and "
        "/readyz are served on metrics.host:metrics.port. SIGTERM/SIGINT finish the batch in hand, "
        "commit and exit 0.",
    )
    p.add_argument(
        "--stage",
        action="append",
        default=None,
        metavar="STAGE",
        help="a stage of the stage table (poll, extract, clean, ...) to run in this process "
        "(repeatable; default: all)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="extraction worker processes (default: extract.workers; 0 = one per CPU core)",
    )
    p.add_argument(
        "--no-chain",
        action="store_true",
        help="give every stage its own consumer, even where it reads what another stage of this "
        "process writes (default: run.chain, such stages run in line)",
    )
    p.set_defaults(func=run_service)


def selected_stages(requested: list[str] | None) -> list[str]:
    """The stages to run, in table order; a name the stage table does not declare is a one-line
    usage error naming the known ones.  (Checked here, not by argparse, so that ``--help`` does
    not import the table and with it pydantic.)"""
    from pipeline.errors import ConfigError
    from pipeline.stage_table import STAGE_NAMES

    unknown = sorted(set(requested or ()) - {*STAGE_NAMES, "all"})
    if unknown:
        raise ConfigError("--stage", f"unknown stage {unknown[0]!r} (known: {', '.join(STAGE_NAMES)}, all)")
    if not requested or "all" in requested:
        return list(STAGE_NAMES)
    return [s for s in STAGE_NAMES if s in requested]


@contextlib.contextmanager
def _ops(settings: Settings, health: Health, metrics: Metrics) -> Iterator[None]:
    """The ops endpoints, up before the broker is reached so probes see the process waiting for it."""
    from pipeline.health import OpsServer

    server = OpsServer(metrics, health, settings.metrics.host, settings.metrics.port)
    if settings.metrics.enabled:
        server.start()
        _log().info("metrics and health endpoints", url=server.url)
    try:
        yield
    finally:
        server.stop()


@contextlib.contextmanager
def _beating(health: Health, loop: str) -> Iterator[None]:
    """Beat ``loop`` once a second from a side thread while the main thread blocks (broker wait)."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(1.0):
            health.beat(loop)

    health.beat(loop)
    thread = threading.Thread(target=beat, name=f"beat-{loop}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def check_state_dirs(settings: Settings, stages: list[str]) -> None:
    """Fail at start, in one line naming the key, when a stage's state folder is unusable."""
    from pipeline.statedir import ensure_state_dir

    if "poll" in stages:
        ensure_state_dir(settings.path(settings.poll.state_dir), "poll.state_dir")
    if "clean" in stages and settings.clean.state_dir is not None:
        ensure_state_dir(settings.path(settings.clean.state_dir), "clean.state_dir")


def run_service(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.app import create_pipeline_topics
    from pipeline.health import Health
    from pipeline.kafka.broker import broker_endpoint
    from pipeline.log import configure_logging
    from pipeline.metrics import Metrics

    settings = ctx.settings
    configure_logging(ctx.log_level or settings.log.level, settings.log.format, service=True)
    if args.workers is not None:
        settings = settings.with_overrides(extract={"workers": args.workers})
    if args.no_chain:
        settings = settings.with_overrides(run={"chain": False})
    stages = selected_stages(args.stage)
    check_state_dirs(settings, stages)
    stop = StopFlag()
    metrics = Metrics()
    metrics.declare_stages(stages)
    # A batch may take up to max.poll.interval before Kafka itself declares the member dead.
    health = Health(stale_after_s=settings.kafka.max_poll_interval_ms / 1000)
    broker_state = {"ok": False, "detail": "connecting to the broker"}
    health.add_check("broker", lambda: (bool(broker_state["ok"]), str(broker_state["detail"])))
    with stop_on_signals(stop), _ops(settings, health, metrics), contextlib.ExitStack() as stack:
        with _beating(health, "main"):
            endpoint = stack.enter_context(broker_endpoint(settings.kafka))
            create_pipeline_topics(settings, endpoint)  # waits for the broker, with a log line per retry
        broker_state.update(ok=True, detail=endpoint.bootstrap)
        code = _serve(settings, endpoint, stages, stop, metrics, health)
    if stop.interrupted and code == 0:  # a stage that failed is reported as a failure even so
        code = EXIT_INTERRUPTED
    _log().info("newswire stopped", exit_code=code)
    if code == EXIT_INTERRUPTED:
        print("newswire run: stopped (Ctrl-C); every stage finished its batch and committed", file=sys.stderr)
    return code


def _serve(
    settings: Settings,
    endpoint: BrokerEndpoint,
    stages: list[str],
    stop: threading.Event,
    metrics: Metrics,
    health: Health,
) -> int:
    from pipeline.app import Pipeline
    from pipeline.observe import MetricsObserver

    log = _log()
    from pipeline.stage_table import CONSUMER_STAGES

    consumers = [s for s in stages if s in CONSUMER_STAGES]
    pipeline = Pipeline(settings, endpoint, consumers, stop=stop, observer=MetricsObserver(metrics, health))
    pipeline.start()
    for name, runner in pipeline.runner_of.items():  # a chained stage is as ready as its chain
        health.add_check(f"stage:{name}", runner.readiness)
    if "extract" in pipeline.steps:  # the extract step's fetched pages
        metrics.watch_extract_pending(partial(getattr, pipeline.steps["extract"], "pending_bytes"))
    poller = None
    if "poll" in stages:
        from pipeline.service import PollerThread

        poller = PollerThread(settings, endpoint, stop=stop, metrics=metrics, health=health)
        poller.start()
        health.add_check("stage:poll", poller.readiness)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGHUP, lambda *_: poller.reload())  # re-read the feed list now
    log.info("newswire running", stages=stages, bootstrap=endpoint.bootstrap, embedded=endpoint.embedded)
    code = 0
    while not stop.wait(1.0):
        health.beat("main")
        if not pipeline.alive or (poller is not None and not poller.alive):
            log.error("a stage stopped unexpectedly; shutting down")
            code = 1
            stop.set()
    if poller is not None:
        poller.join()
    pipeline.stop()
    return code

"""``newswire run``: the long-lived service — the poller and/or consumer stages, until SIGTERM."""

from __future__ import annotations

import argparse
import threading

from pipeline.app import Pipeline, create_pipeline_topics
from pipeline.cli.common import CliContext
from pipeline.cli.signals import stop_on_signals
from pipeline.health import Health, OpsServer
from pipeline.metrics import Metrics
from pipeline.observe import MetricsObserver
from pipeline.kafka.broker import broker_endpoint
from pipeline.log import get_logger
from pipeline.stages import CONSUMER_STAGES, STAGE_NAMES

log = get_logger("newswire.run")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run", help="run the service: poll feeds and process articles until stopped",
        description="Run newswire's stages as a long-lived service. Every stage is a Kafka consumer-group "
        "member: start the same stage on several machines to share its work. SIGTERM/SIGINT finish the "
        "batch in hand, commit and exit 0.",
    )
    p.add_argument("--stage", action="append", choices=[*STAGE_NAMES, "all"], default=None,
                   help="stage(s) to run in this process (repeatable; default: all)")
    p.set_defaults(func=run_service)


def selected_stages(requested: list[str] | None) -> list[str]:
    if not requested or "all" in requested:
        return list(STAGE_NAMES)
    return [s for s in STAGE_NAMES if s in requested]


def run_service(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = ctx.settings
    stages = selected_stages(args.stage)
    stop = threading.Event()
    with stop_on_signals(stop), broker_endpoint(settings.kafka) as endpoint:
        create_pipeline_topics(settings, endpoint)
        consumers = [s for s in stages if s in CONSUMER_STAGES]
        metrics, health = Metrics(), Health()
        pipeline = Pipeline(settings, endpoint, consumers, stop=stop, observer=MetricsObserver(metrics, health))
        pipeline.start()
        for runner in pipeline.runners:
            health.add_check(f"stage:{runner.step.name}", runner.readiness)
        ops = OpsServer(metrics, health, settings.metrics.host, settings.metrics.port)
        if settings.metrics.enabled:
            ops.start()
            log.info("metrics and health endpoints", url=ops.url)
        poller = None
        if "poll" in stages:
            from pipeline.service import PollerThread

            poller = PollerThread(settings, endpoint, stop=stop, metrics=metrics, health=health)
            poller.start()
        log.info("newswire running", stages=stages, bootstrap=endpoint.bootstrap, embedded=endpoint.embedded)
        while not stop.wait(1.0):
            if not pipeline.alive or (poller is not None and not poller.alive):
                log.error("a stage stopped unexpectedly; shutting down")
                stop.set()
                pipeline.stop()
                ops.stop()
                return 1
        if poller is not None:
            poller.join()
        pipeline.stop()
        if settings.metrics.enabled:
            ops.stop()
    log.info("newswire stopped")
    return 0

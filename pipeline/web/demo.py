"""``newswire replay --web``: the demo's pipeline feeds a metrics registry the web view reads.

:class:`ReplayWebObserver` is the replay's runner observer: it passes every call on to the
replay's progress printer and to a :class:`~pipeline.metrics.Metrics` registry, whose exposition
(the same text a service serves on /metrics) is the status strip's source.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TextIO

from pipeline.health import Health
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.runner import Output, RunnerObserver
from pipeline.metrics import Metrics
from pipeline.observe import MetricsObserver
from pipeline.settings import Settings
from pipeline.stage import Failure
from pipeline.web.server import WebServer
from pipeline.web.status import MetricsSource


class ReplayWebObserver:
    """Progress lines and Prometheus metrics from one pipeline, and the web view showing both."""

    def __init__(self, settings: Settings, endpoint: BrokerEndpoint, progress: RunnerObserver) -> None:
        self.progress = progress
        self.metrics = Metrics()
        self._metrics = MetricsObserver(self.metrics, Health())

        async def read() -> str:
            return self.metrics.exposition().decode("utf-8")

        self.server = WebServer(
            settings.web, settings.kafka, endpoint, sources=[MetricsSource("replay", read)]
        )

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[Failure],
        seconds: float,
    ) -> None:
        for observer in (self.progress, self._metrics):
            observer.on_batch(
                stage, records_in=records_in, outputs=outputs, dead_letters=dead_letters, seconds=seconds
            )

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        self.progress.on_lag(stage, topic, partition, lag)
        self._metrics.on_lag(stage, topic, partition, lag)

    def on_poll(self, stage: str) -> None:
        self.progress.on_poll(stage)
        self._metrics.on_poll(stage)


def start_replay_web(
    settings: Settings, endpoint: BrokerEndpoint, progress: RunnerObserver, out: TextIO
) -> ReplayWebObserver:
    """Start the web view before the replay, so its page shows the articles as they arrive."""
    observer = ReplayWebObserver(settings, endpoint, progress)
    observer.server.start()
    print(f"newswire replay: web view at {observer.server.url}", file=out, flush=True)
    return observer


def serve_until_stopped(observer: RunnerObserver, stop: threading.Event, out: TextIO) -> None:
    """After the replay: keep the page up until Ctrl-C (or SIGTERM) sets ``stop``."""
    if not isinstance(observer, ReplayWebObserver):
        return
    print(f"newswire replay: serving {observer.server.url} until Ctrl-C", file=out, flush=True)
    stop.wait()
    observer.server.stop()

"""Connects the stage runners to the process's metrics and health (``/metrics``, ``/healthz``, ``/readyz``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pipeline.health import Health
from pipeline.kafka.runner import Output
from pipeline.metrics import Metrics
from pipeline.stage import Failure


class MetricsObserver:
    """A RunnerObserver feeding the Prometheus metrics and the liveness heartbeat."""

    def __init__(self, metrics: Metrics, health: Health) -> None:
        self.metrics = metrics
        self.health = health

    def on_poll(self, stage: str) -> None:
        self.health.beat(stage)  # one heartbeat per stage loop: a hung stage shows on /healthz

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[Failure],
        seconds: float,
    ) -> None:
        self.metrics.record_in(stage, records_in)
        for topic, n in Counter(o.topic for o in outputs).items():
            self.metrics.record_out(stage, topic, n)
        for reason, n in Counter(d.reason for d in dead_letters).items():
            self.metrics.dead_letter(stage, reason, n)
        self.metrics.observe_batch(stage, seconds)

    def on_record_seconds(self, stage: str, seconds: Sequence[float]) -> None:
        """Each finished record's own time in the stage (not the batch's time shared out)."""
        for s in seconds:
            self.metrics.observe_processing(stage, s)

    def on_partitions_revoked(self, stage: str, partitions: Sequence[tuple[str, int]]) -> None:
        """A partition this member lost is no longer its lag to report."""
        for topic, partition in partitions:
            self.metrics.clear_lag(stage, topic, partition)

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        self.metrics.set_lag(stage, topic, partition, lag)

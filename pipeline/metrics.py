"""Prometheus metrics for the stage runners and the feed poller.

One :class:`Metrics` object per process owns its own ``CollectorRegistry`` (no module-global
registry, so tests and several runners in one process never collide).  The runner calls the
small typed methods below; :mod:`pipeline.health` serves :meth:`Metrics.exposition` on
``/metrics``.  Every metric carries the step name as its ``stage`` label, the same name used as
consumer group, log field and dead letter ``stage``.

    newswire_records_in_total{stage}                    records a stage consumed
    newswire_records_out_total{stage,topic}             records a stage produced, per output topic
    newswire_dead_letters_total{stage,reason}           records dead-lettered, by error reason code
    newswire_processing_seconds{stage}                  each record's own time in the stage, submit to
                                                        result, retries included (histogram)
    newswire_batch_seconds{stage}                       per group of records finished in one loop turn:
                                                        the oldest one's consume to its finish (histogram)
    newswire_consumer_lag{stage,topic,partition}        end offset minus committed position
    newswire_feed_polls_total{outcome}                  feed polls by outcome (new, not_modified, ...)
    newswire_feed_poll_failures_total{reason}           failed feed polls by error reason code
    newswire_feed_items_cut_total                       feed entries dropped by poll.max_items_per_feed
    newswire_feeds_parked                               feeds parked after repeated failures
    newswire_extract_pending_bytes                      fetched pages waiting for or in extraction
                                                        (bounded by extract.max_pending_mb)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
"""The ``Content-Type`` of :meth:`Metrics.exposition` (Prometheus text format 0.0.4)."""

# Per record: sub-millisecond for clean/tag, up to tens of seconds for a slow page fetch.
PROCESSING_BUCKETS = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)
# Per batch: a few ms for a small batch of cheap records, up to minutes for a batch of fetches.
BATCH_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)

# Outcomes shown at zero from the start, so a dashboard's rate() has a series before the first poll:
# the poller's statuses (pipeline.feeds.PollStatus, less not_owned), with "parked" counted instead
# of "failed" for a parked feed's failure.  tests/test_poll_liveness.py keeps the two in step.
KNOWN_POLL_OUTCOMES = ("new", "not_modified", "unchanged", "failed", "parked")


class Metrics:
    """The process's metrics, in a registry this object owns."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._records_in = Counter(
            "newswire_records_in", "Records consumed by a stage.", ["stage"], registry=self.registry
        )
        self._records_out = Counter(
            "newswire_records_out",
            "Records produced by a stage, per output topic.",
            ["stage", "topic"],
            registry=self.registry,
        )
        self._dead_letters = Counter(
            "newswire_dead_letters",
            "Records dead-lettered by a stage, by error reason code.",
            ["stage", "reason"],
            registry=self.registry,
        )
        self._processing = Histogram(
            "newswire_processing_seconds",
            "Time a stage spent on one record.",
            ["stage"],
            buckets=PROCESSING_BUCKETS,
            registry=self.registry,
        )
        self._batch = Histogram(
            "newswire_batch_seconds",
            "Time a stage spent on one batch, from consume to commit.",
            ["stage"],
            buckets=BATCH_BUCKETS,
            registry=self.registry,
        )
        self._lag = Gauge(
            "newswire_consumer_lag",
            "Records between a partition's end and the stage's position.",
            ["stage", "topic", "partition"],
            registry=self.registry,
        )
        self._feed_polls = Counter(
            "newswire_feed_polls", "Feed polls by outcome.", ["outcome"], registry=self.registry
        )
        self._feed_poll_failures = Counter(
            "newswire_feed_poll_failures",
            "Failed feed polls by error reason code.",
            ["reason"],
            registry=self.registry,
        )
        self._feed_items_cut = Counter(
            "newswire_feed_items_cut",
            "Feed entries beyond poll.max_items_per_feed, dropped unread.",
            registry=self.registry,
        )
        self._feeds_parked = Gauge(
            "newswire_feeds_parked", "Feeds parked after repeated failures.", registry=self.registry
        )
        self._extract_pending = Gauge(
            "newswire_extract_pending_bytes",
            "Bytes of fetched pages waiting for or in extraction.",
            registry=self.registry,
        )
        for outcome in KNOWN_POLL_OUTCOMES:
            self._feed_polls.labels(outcome=outcome)

    def declare_stages(self, stages: Sequence[str]) -> None:
        """Export every stage's series from the start (at 0), so a stage that has seen nothing yet
        is visible as such rather than missing; the names come from the stage table."""
        for stage in stages:
            self._records_in.labels(stage=stage)

    def record_in(self, stage: str, n: int = 1) -> None:
        """Count ``n`` records consumed by ``stage``."""
        self._records_in.labels(stage=stage).inc(n)

    def record_out(self, stage: str, topic: str, n: int = 1) -> None:
        """Count ``n`` records ``stage`` produced to ``topic`` (counted once acknowledged)."""
        self._records_out.labels(stage=stage, topic=topic).inc(n)

    def dead_letter(self, stage: str, reason: str, n: int = 1) -> None:
        """Count dead letters by the error's stable ``reason`` code (e.g. ``extract.no_text``)."""
        self._dead_letters.labels(stage=stage, reason=reason).inc(n)

    def observe_processing(self, stage: str, seconds: float) -> None:
        """Record how long ``stage`` took over one record."""
        self._processing.labels(stage=stage).observe(seconds)

    def observe_batch(self, stage: str, seconds: float) -> None:
        """Record how long ``stage`` took over one batch, consume to commit."""
        self._batch.labels(stage=stage).observe(seconds)

    @contextmanager
    def time_processing(self, stage: str) -> Iterator[None]:
        """Time the body as one record's processing, whether it succeeds or raises."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.observe_processing(stage, time.perf_counter() - started)

    def set_lag(self, stage: str, topic: str, partition: int, lag: int) -> None:
        """Set a partition's consumer lag as last measured by ``stage``."""
        self._lag.labels(stage=stage, topic=topic, partition=str(partition)).set(max(lag, 0))

    def clear_lag(self, stage: str, topic: str, partition: int) -> None:
        """Drop a partition's lag series, e.g. when a rebalance revokes it from this process."""
        with suppress(KeyError):  # never measured here: nothing to drop
            self._lag.remove(stage, topic, str(partition))

    def feed_poll(self, outcome: str, *, reason: str | None = None, items_cut: int = 0) -> None:
        """Count one feed poll by outcome (new, not_modified, unchanged, failed, parked); a failed
        one also by its error ``reason``, and the entries it cut."""
        self._feed_polls.labels(outcome=outcome).inc()
        if reason is not None:
            self._feed_poll_failures.labels(reason=reason).inc()
        if items_cut:
            self._feed_items_cut.inc(items_cut)

    def set_feeds_parked(self, count: int) -> None:
        """Set how many feeds are currently parked."""
        self._feeds_parked.set(count)

    def watch_extract_pending(self, pending_bytes: Callable[[], float]) -> None:
        """Report the extract step's pending page bytes, read at each scrape."""
        self._extract_pending.set_function(pending_bytes)

    def exposition(self) -> bytes:
        """The registry in Prometheus text format, as served on ``/metrics``."""
        return generate_latest(self.registry)

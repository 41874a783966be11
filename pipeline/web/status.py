"""The status strip: per-stage records/s, consumer lag and dead letters, from the services' /metrics.

The numbers are the Prometheus ones, read the way Prometheus reads them: the strip samples the
text exposition of every configured ``/metrics`` endpoint (or, in ``newswire replay --web``, of
the replay's own registry) every ``web.status_interval_s`` and computes rates over
``web.rate_window_s``, like ``rate(newswire_records_in_total[1m])`` would.  A counter that went
down (a restarted service) counts from zero, as in Prometheus.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from pipeline.errors import NewswireError

STAGE_ORDER = ("poll", "extract", "clean", "tag", "publish")

MetricsReader = Callable[[], Awaitable[str]]
"""Returns one service's Prometheus text exposition; raises NewswireError when it cannot."""


@dataclass(frozen=True)
class MetricsSource:
    name: str
    read: MetricsReader


@dataclass
class Snapshot:
    """The newswire series of one exposition, summed per stage."""

    records_in: dict[str, float] = field(default_factory=dict)
    records_out: dict[str, float] = field(default_factory=dict)
    dead_letters: dict[str, float] = field(default_factory=dict)
    lag: dict[str, float] = field(default_factory=dict)
    feed_polls: float = 0.0
    feeds_parked: float = 0.0


def parse_exposition(text: str) -> Snapshot:
    """Sum the newswire series of a Prometheus text exposition per stage."""
    snap = Snapshot()
    sums: dict[str, defaultdict[str, float]] = {
        "newswire_records_in_total": defaultdict(float),
        "newswire_records_out_total": defaultdict(float),
        "newswire_dead_letters_total": defaultdict(float),
        "newswire_consumer_lag": defaultdict(float),
    }
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name in sums:
                sums[sample.name][sample.labels.get("stage", "")] += sample.value
            elif sample.name == "newswire_feed_polls_total":
                snap.feed_polls += sample.value
            elif sample.name == "newswire_feeds_parked":
                snap.feeds_parked += sample.value
    snap.records_in = dict(sums["newswire_records_in_total"])
    snap.records_out = dict(sums["newswire_records_out_total"])
    snap.dead_letters = dict(sums["newswire_dead_letters_total"])
    snap.lag = dict(sums["newswire_consumer_lag"])
    return snap


async def _read(source: MetricsSource) -> Snapshot | str:
    """The source's snapshot, or why it could not be read."""
    try:
        return parse_exposition(await source.read())
    except (NewswireError, ValueError) as exc:
        return str(exc)


def _increase(now: float, before: float) -> float:
    return now if now < before else now - before  # a reset counter starts again from zero


class StatusSampler:
    """Samples every source and turns the counters into rates over a sliding window."""

    def __init__(
        self,
        sources: Sequence[MetricsSource],
        *,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sources = list(sources)
        self.window_s = window_s
        self._clock = clock
        self._history: dict[str, deque[tuple[float, Snapshot]]] = {s.name: deque() for s in self.sources}
        self._errors: dict[str, str] = {}

    async def sample(self) -> None:
        """Read every source once, concurrently; a source that fails is reported and keeps its history."""
        results = await asyncio.gather(*(_read(source) for source in self.sources))
        now = self._clock()
        for source, result in zip(self.sources, results, strict=True):
            if isinstance(result, str):
                self._errors[source.name] = result
                continue
            self._errors.pop(source.name, None)
            history = self._history[source.name]
            history.append((now, result))
            while len(history) > 2 and now - history[1][0] >= self.window_s:
                history.popleft()

    def status(self) -> dict[str, Any]:
        """The strip's numbers: per stage records in/out per second, lag and dead letters."""
        rows: dict[str, dict[str, float]] = defaultdict(
            lambda: {"in_per_s": 0.0, "out_per_s": 0.0, "lag": 0.0, "dead_letters": 0.0}
        )
        polls_per_s = parked = 0.0
        for history in self._history.values():
            if not history:
                continue
            (t0, first), (t1, last) = history[0], history[-1]
            elapsed = t1 - t0
            for stage, value in last.records_in.items():
                rows[stage]["in_per_s"] += _rate(value, first.records_in.get(stage, 0.0), elapsed)
            for stage, value in last.records_out.items():
                rows[stage]["out_per_s"] += _rate(value, first.records_out.get(stage, 0.0), elapsed)
            for stage, value in last.lag.items():
                rows[stage]["lag"] += value
            for stage, value in last.dead_letters.items():
                rows[stage]["dead_letters"] += value
            polls_per_s += _rate(last.feed_polls, first.feed_polls, elapsed)
            parked += last.feeds_parked
        order = {s: i for i, s in enumerate(STAGE_ORDER)}
        stages = sorted(rows, key=lambda s: (order.get(s, len(order)), s))
        return {
            "stages": [{"stage": s, **{k: round(v, 3) for k, v in rows[s].items()}} for s in stages],
            "dead_letters": sum(r["dead_letters"] for r in rows.values()),
            "feed_polls_per_s": round(polls_per_s, 3),
            "feeds_parked": parked,
            "window_s": self.window_s,
            "sources": [
                {"name": s.name, "ok": s.name not in self._errors, "error": self._errors.get(s.name)}
                for s in self.sources
            ],
        }


def _rate(now: float, before: float, elapsed: float) -> float:
    return _increase(now, before) / elapsed if elapsed > 0 else 0.0

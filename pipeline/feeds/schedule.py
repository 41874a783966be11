"""When to poll a feed next: pure functions of its history, its hints and the settings.

- Success: a configured ``interval_s`` wins; otherwise the interval adapts to the feed — half the
  median gap between its recent entries' dates when it dates them, else 25% shorter after a poll
  that found something new and 25% longer after one that did not.
- The feed's and the server's own hints (RSS ttl, sy:updatePeriod, Cache-Control max-age) are a
  floor: newswire never polls more often than the publisher asks.
- Failure: exponential backoff from the floor interval with jitter, at least any Retry-After; after
  ``max_failures`` in a row the feed is parked and retried at the ceiling interval.
- Everything is clamped to ``[min_interval_s, max_interval_s]`` and spread by a little jitter so
  feeds added together do not stay in lockstep.
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pipeline.settings import PollSettings

_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_SUCCESS_JITTER = 0.1
_FASTER, _SLOWER = 0.75, 1.25
_RECENT_ENTRIES = 10


@dataclass(frozen=True, slots=True)
class Hints:
    """How often the publisher says the feed may be polled (all optional, in seconds)."""

    ttl_s: float | None = None
    update_period_s: float | None = None
    max_age_s: float | None = None

    @property
    def floor_s(self) -> float:
        return max((h for h in (self.ttl_s, self.update_period_s, self.max_age_s) if h), default=0.0)


def max_age_s(cache_control: str | None) -> float | None:
    """``max-age`` of a Cache-Control header, in seconds; None when absent or ``no-store``."""
    if not cache_control or "no-store" in cache_control.lower():
        return None
    match = _MAX_AGE.search(cache_control)
    return float(match.group(1)) if match else None


def clamp(seconds: float, settings: PollSettings) -> float:
    return min(settings.max_interval_s, max(settings.min_interval_s, seconds))


def adaptive_interval(
    previous_s: float | None, *, found_new: bool, dates: Sequence[datetime], settings: PollSettings
) -> float:
    """The interval that follows the feed's publishing rate (before hints, clamping and jitter)."""
    recent = sorted(dates, reverse=True)[:_RECENT_ENTRIES]
    if len(recent) >= 3:
        gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(recent)]
        gap = statistics.median(gaps)
        if gap > 0:
            return gap / 2
    base = previous_s or settings.default_interval_s
    return base * (_FASTER if found_new else _SLOWER)


def after_success(
    previous_s: float | None,
    *,
    configured_s: float | None,
    found_new: bool,
    dates: Sequence[datetime],
    hints: Hints,
    settings: PollSettings,
    rng: random.Random,
) -> tuple[float, float]:
    """(interval to remember, delay until the next poll) after a successful poll or a 304."""
    interval = configured_s or adaptive_interval(
        previous_s, found_new=found_new, dates=dates, settings=settings
    )
    interval = clamp(max(interval, hints.floor_s), settings)
    delay = interval * rng.uniform(1 - _SUCCESS_JITTER, 1 + _SUCCESS_JITTER)
    return interval, clamp(max(delay, hints.floor_s), settings)


def after_failure(
    failures: int, *, retry_after_s: float | None, settings: PollSettings, rng: random.Random
) -> float:
    """Delay until the next attempt after ``failures`` consecutive failures."""
    if failures >= settings.max_failures:
        return settings.max_interval_s * rng.uniform(1 - _SUCCESS_JITTER, 1.0)
    backoff = settings.min_interval_s * 2 ** max(0, failures - 1)
    delay = clamp(backoff, settings) * rng.uniform(0.5, 1.0)  # "equal jitter": at least half the backoff
    if retry_after_s is not None:
        delay = max(delay, retry_after_s)
    return clamp(delay, settings)

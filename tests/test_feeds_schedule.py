"""When a feed is polled next: adaptive intervals, publisher hints, backoff and parking."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from pipeline.feeds.schedule import Hints, adaptive_interval, after_failure, after_success, max_age_s
from pipeline.settings import PollSettings

SETTINGS = PollSettings(min_interval_s=60, default_interval_s=900, max_interval_s=21600, max_failures=5)
NO_HINTS = Hints()


def rng() -> random.Random:
    return random.Random(7)


def test_adaptive_interval_shortens_after_new_items() -> None:
    assert adaptive_interval(900, found_new=True, dates=[], settings=SETTINGS) < 900


def test_adaptive_interval_lengthens_when_nothing_new() -> None:
    assert adaptive_interval(900, found_new=False, dates=[], settings=SETTINGS) > 900


def test_adaptive_interval_follows_publishing_rate() -> None:
    start = datetime(2026, 11, 23, tzinfo=UTC)
    dates = [start + timedelta(minutes=20 * i) for i in range(6)]
    assert adaptive_interval(900, found_new=False, dates=dates, settings=SETTINGS) == 600


def test_configured_interval_wins_over_adaptation() -> None:
    interval, _ = after_success(
        900, configured_s=300, found_new=True, dates=[], hints=NO_HINTS, settings=SETTINGS, rng=rng()
    )
    assert interval == 300


def test_feed_ttl_is_a_floor() -> None:
    interval, delay = after_success(
        60, configured_s=60, found_new=True, dates=[], hints=Hints(ttl_s=3600), settings=SETTINGS, rng=rng()
    )
    assert interval == 3600 and delay >= 3600


def test_interval_is_clamped_to_the_ceiling() -> None:
    interval, delay = after_success(
        20000, configured_s=None, found_new=False, dates=[], hints=NO_HINTS, settings=SETTINGS, rng=rng()
    )
    assert interval == SETTINGS.max_interval_s and delay <= SETTINGS.max_interval_s


def test_interval_is_clamped_to_the_floor() -> None:
    _, delay = after_success(
        60, configured_s=1, found_new=True, dates=[], hints=NO_HINTS, settings=SETTINGS, rng=rng()
    )
    assert delay >= SETTINGS.min_interval_s


def test_success_delay_is_jittered() -> None:
    r = rng()
    delays = {
        after_success(
            900, configured_s=900, found_new=False, dates=[], hints=NO_HINTS, settings=SETTINGS, rng=r
        )[1]
        for _ in range(5)
    }
    assert len(delays) == 5 and all(810 <= d <= 990 for d in delays)


def test_failures_back_off_exponentially() -> None:
    ceilings = [SETTINGS.min_interval_s * 2 ** (n - 1) for n in (1, 2, 3, 4)]
    delays = [after_failure(n, retry_after_s=None, settings=SETTINGS, rng=rng()) for n in (1, 2, 3, 4)]
    assert all(c / 2 <= d <= c or d == SETTINGS.min_interval_s for d, c in zip(delays, ceilings, strict=True))
    assert delays == sorted(delays)


def test_retry_after_is_honoured_on_failure() -> None:
    assert after_failure(1, retry_after_s=3000, settings=SETTINGS, rng=rng()) >= 3000


def test_retry_after_is_capped_at_the_ceiling() -> None:
    assert after_failure(1, retry_after_s=10**9, settings=SETTINGS, rng=rng()) == SETTINGS.max_interval_s


def test_parked_feed_is_retried_near_the_ceiling() -> None:
    delay = after_failure(SETTINGS.max_failures, retry_after_s=None, settings=SETTINGS, rng=rng())
    assert 0.9 * SETTINGS.max_interval_s <= delay <= SETTINGS.max_interval_s


def test_max_age_read_from_cache_control() -> None:
    assert max_age_s("public, max-age=300, s-maxage=600") == 300


def test_max_age_ignored_with_no_store() -> None:
    assert max_age_s("no-store, max-age=300") is None

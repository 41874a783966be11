"""The extraction pool ends a worker that runs past its deadline and keeps its size."""

from __future__ import annotations

import operator
import time

import pytest

from pipeline.workers import ExtractPool


def test_task_past_its_deadline_times_out_and_the_pool_carries_on() -> None:
    pool = ExtractPool(1)
    try:
        started = time.monotonic()
        stuck = pool.run(time.sleep, (30,), timeout_s=0.5)
        with pytest.raises(TimeoutError):
            stuck.result(timeout=20)
        assert time.monotonic() - started < 15, "the worker was not ended at its deadline"
        assert pool.run(operator.add, (2, 3), timeout_s=20).result(timeout=30) == 5
    finally:
        pool.close()

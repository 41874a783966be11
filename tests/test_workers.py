"""The extraction pool ends a worker that runs past its deadline and keeps its size; its workers
survive a Ctrl-C while they start, and a worker that dies while idle does not break the pool."""

from __future__ import annotations

import multiprocessing
import operator
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

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


def test_workers_ignore_ctrl_c_while_they_start(capfd: pytest.CaptureFixture[str]) -> None:
    before = set(multiprocessing.active_children())
    pool = ExtractPool(2)
    try:
        starting = [p for p in multiprocessing.active_children() if p not in before]
        assert len(starting) == 2, "the workers are not started with the pool"
        for process in starting:
            assert process.pid is not None
            os.kill(process.pid, signal.SIGINT)  # still importing: the window before any initializer
        pids = {pool.run(os.getpid, (), timeout_s=20).result(timeout=60) for _ in range(8)}
        assert pids <= {p.pid for p in starting}, "a worker died of Ctrl-C and was replaced"
    finally:
        pool.close()
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def test_a_replacement_worker_ignores_ctrl_c_while_it_starts(capfd: pytest.CaptureFixture[str]) -> None:
    """pebble spawns a replacement from its own thread (here for a page past its deadline); a
    Ctrl-C reaching it while it still imports must neither kill it nor print a traceback."""
    pool = ExtractPool(1)
    try:
        first = pool.run(os.getpid, (), timeout_s=20).result(timeout=60)
        stuck = pool.run(time.sleep, (30,), timeout_s=0.5)
        deadline = time.monotonic() + 30
        replacement = None
        while replacement is None:
            assert time.monotonic() < deadline, "no replacement worker was started"
            fresh = [p for p in multiprocessing.active_children() if p.pid != first and p.is_alive()]
            replacement = next((p.pid for p in fresh if p.pid is not None), None)
        os.kill(replacement, signal.SIGINT)  # still starting: pebble's thread spawned it
        with pytest.raises(TimeoutError):
            stuck.result(timeout=20)
        pids = {pool.run(os.getpid, (), timeout_s=20).result(timeout=60) for _ in range(4)}
        assert pids == {replacement}, "the replacement died of Ctrl-C and was replaced again"
    finally:
        pool.close()
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def test_worker_dying_while_idle_does_not_break_the_pool() -> None:
    pool = ExtractPool(1)
    try:
        pid = pool.run(os.getpid, (), timeout_s=20).result(timeout=60)
        os.kill(pid, signal.SIGKILL)  # e.g. the out-of-memory killer picking an idle worker
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # until pebble has reaped it (and so seen it die)
        while True:
            try:
                assert pool.run(operator.add, (2, 3), timeout_s=20).result(timeout=60) == 5
                break
            except BrokenProcessPool:  # a task caught in the pool as it broke; the next one must run
                assert time.monotonic() < deadline, "the pool never recovered"
    finally:
        pool.close()

"""Graceful shutdown: SIGINT/SIGTERM set a stop flag; loops finish their batch, commit and exit.

The flag remembers which signal stopped it, so a command can tell Ctrl-C (exit 130, with a line
saying what was done) from SIGTERM (a service's normal stop, exit 0).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


class StopFlag(threading.Event):
    """A stop event that also records the signal that set it (None: set by the program)."""

    def __init__(self) -> None:
        super().__init__()
        self.signum: int | None = None

    @property
    def interrupted(self) -> bool:
        """Whether Ctrl-C (SIGINT) stopped the command."""
        return self.signum == signal.SIGINT


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Within the block, SIGINT and SIGTERM set ``stop`` (a second SIGINT interrupts at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers can only be installed from the main thread (e.g. under tests)
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        if isinstance(stop, StopFlag) and stop.signum is None:
            stop.signum = signum
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

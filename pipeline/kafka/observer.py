"""What a stage runner reports, and to whom: the observer protocol (metrics, progress lines)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.stage import Failure, Output


class RunnerObserver(Protocol):
    """Hears what a runner did.  Two more hooks are optional (looked up by name):

    ``on_record_seconds(stage, seconds: Sequence[float])`` — each finished record's time in the stage
    (submit to result); ``on_partitions_revoked(stage, partitions: Sequence[tuple[str, int]])``.
    """

    def on_batch(
        self,
        stage: str,
        *,
        records_in: int,
        outputs: Sequence[Output],
        dead_letters: Sequence[Failure],
        seconds: float,
    ) -> None:
        """Records finished (outputs or dead letters acknowledged) since the last call, at most one
        call per loop turn; ``seconds`` from the oldest one's consume to now."""
        ...

    def on_lag(self, stage: str, topic: str, partition: int, lag: int) -> None: ...

    def on_poll(self, stage: str) -> None:
        """Called on every loop turn, busy or idle: a liveness heartbeat."""
        ...

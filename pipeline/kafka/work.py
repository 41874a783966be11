"""A consumed record on its way through a stage runner, and the rules that follow it.

* :class:`Work` — one record from poll until its offset may be committed;
* :class:`KeyGate` — records with the same key in a partition run one after the other;
* :func:`failure_of` — what the runner knows of a record that failed (its dead letter is built
  by the injected :class:`~pipeline.stage.RecordPolicy`);
* :class:`FinishedRound` — what finished since the runner last told its observer.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kafka import TopicPartition
from pydantic import BaseModel

from pipeline.errors import NewswireError
from pipeline.stage import Failure, Output, Result

Key = tuple[TopicPartition, bytes]


@dataclass(eq=False)
class Work:
    """One consumed record, from poll until its offset may be committed."""

    token: int
    message: Any
    tp: TopicPartition
    consumed_at: float
    record: BaseModel | None = None
    result: Result | None = None
    attempts: int = 0
    submitted_at: float = 0.0
    seconds: float = 0.0  # time in the step, summed over attempts
    unacked: int = 0
    holds_key: bool = False  # the record its key's later records in the partition wait for
    acked: list[Output] = field(default_factory=list)
    dead: Failure | None = None

    @property
    def key(self) -> tuple[TopicPartition, bytes] | None:
        return None if self.message.key is None else (self.tp, self.message.key)


class KeyGate:
    """Admits one record per (partition, key) at a time; later ones wait in arrival order."""

    def __init__(self) -> None:
        self._waiting: dict[Key, deque[Work]] = {}

    def admit(self, work: Work) -> bool:
        """True when ``work`` may start now; else it is queued behind its key's earlier record."""
        key = work.key
        if key is None:
            return True
        waiting = self._waiting.get(key)
        if waiting is not None:
            waiting.append(work)
            return False
        self._waiting[key] = deque()
        work.holds_key = True
        return True

    def release(self, work: Work) -> Work | None:
        """``work`` finished: the next record of its key, now admitted, if one waits."""
        key = work.key
        if not work.holds_key or key is None or key not in self._waiting:
            return None
        waiting = self._waiting[key]
        if not waiting:
            del self._waiting[key]
            return None
        successor = waiting.popleft()
        successor.holds_key = True
        return successor

    def forget(self, partitions: Iterable[TopicPartition]) -> None:
        gone = set(partitions)
        for key in [k for k in self._waiting if k[0] in gone]:
            del self._waiting[key]

    def clear(self) -> None:
        self._waiting.clear()


def failure_of(work: Work, stage: str) -> Failure:
    """The failure of a record whose result is an error, with the original record verbatim.

    ``stage`` is the runner's; an error of a chained stage names its own (``error.stage``).
    """
    err = work.result
    assert isinstance(err, NewswireError)
    msg = work.message
    return Failure(
        stage=err.stage or stage,
        error=err,
        attempts=max(work.attempts, 1),
        record=work.record,
        topic=msg.topic,
        partition=msg.partition,
        offset=msg.offset,
        key=msg.key,
        value=msg.value or b"",
        headers=list(msg.headers or []),
    )


@dataclass
class FinishedRound:
    """What finished since the runner last told its observer."""

    records: int = 0
    outputs: list[Output] = field(default_factory=list)
    dead: list[Failure] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    oldest: float | None = None
    chained: Counter[str] = field(default_factory=Counter)  # records each chained stage finished

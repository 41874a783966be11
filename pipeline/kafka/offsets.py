"""Which offsets a stage may commit when records finish out of order.

A stage works on many records of a partition at once, and they finish in any order (a slow page
does not hold up the fast ones).  Kafka stores one committed offset per partition, meaning "every
record below this one is done", so a stage may only commit the contiguous prefix of finished
offsets (the way Confluent's parallel consumer and Kafka Connect do it).  After a crash or a
rebalance the next owner re-reads from that commit: records finished beyond a gap are processed
again (at-least-once), none are lost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

P = TypeVar("P")  # a partition key (kafka's TopicPartition in the runner; anything hashable in tests)


class PartitionWindow:
    """Offsets of one partition handed out and not yet committed, in the order they were read."""

    __slots__ = ("_done", "_open", "committed")

    def __init__(self) -> None:
        self._open: deque[int] = deque()
        self._done: set[int] = set()
        self.committed: int | None = None  # the next offset to read after the last commit

    def add(self, offset: int) -> None:
        """Track ``offset`` (offsets of one partition arrive in increasing order)."""
        if self._open and offset <= self._open[-1]:
            raise ValueError(f"offset {offset} is not after {self._open[-1]}")
        self._open.append(offset)

    def finish(self, offset: int) -> None:
        """Mark ``offset`` done: its outputs or its dead letter are acknowledged."""
        self._done.add(offset)

    def advance(self) -> int | None:
        """Drop the finished prefix; return the offset to commit (last finished + 1), or None."""
        last = None
        while self._open and self._open[0] in self._done:
            last = self._open.popleft()
            self._done.discard(last)
        if last is None:
            return None
        self.committed = last + 1
        return self.committed

    @property
    def open_count(self) -> int:
        """Offsets read and not yet committable (unfinished, or finished behind a gap)."""
        return len(self._open)

    @property
    def oldest_open(self) -> int | None:
        return self._open[0] if self._open else None


class OffsetTracker(Generic[P]):
    """A :class:`PartitionWindow` per partition."""

    def __init__(self) -> None:
        self._windows: dict[P, PartitionWindow] = {}

    def add(self, partition: P, offset: int) -> None:
        self._windows.setdefault(partition, PartitionWindow()).add(offset)

    def finish(self, partition: P, offset: int) -> None:
        window = self._windows.get(partition)
        if window is not None:  # finished after its partition was revoked: nothing to commit
            window.finish(offset)

    def committable(self) -> dict[P, int]:
        """Per partition whose finished prefix grew: the offset to commit now."""
        ready = {}
        for partition, window in self._windows.items():
            offset = window.advance()
            if offset is not None:
                ready[partition] = offset
        return ready

    def forget(self, partitions: Iterable[P]) -> None:
        """Drop revoked partitions: what was not committed is re-read by their next owner."""
        for partition in partitions:
            self._windows.pop(partition, None)

    def clear(self) -> None:
        self._windows.clear()

    def open_in(self, partition: P) -> int:
        """Offsets of ``partition`` read and not yet committable."""
        window = self._windows.get(partition)
        return 0 if window is None else window.open_count

    def __iter__(self) -> Iterator[P]:
        return iter(self._windows)

    @property
    def open_count(self) -> int:
        return sum(w.open_count for w in self._windows.values())

"""Committing what finished out of order: only the contiguous finished prefix of a partition."""

from __future__ import annotations

import pytest

from pipeline.kafka.offsets import OffsetTracker, PartitionWindow


def test_window_commits_nothing_while_the_first_offset_is_unfinished() -> None:
    window = PartitionWindow()
    for offset in (10, 11, 12):
        window.add(offset)
    window.finish(11)
    window.finish(12)
    assert window.advance() is None
    assert window.open_count == 3


def test_window_commits_past_the_prefix_once_the_gap_closes() -> None:
    window = PartitionWindow()
    for offset in (10, 11, 12, 13):
        window.add(offset)
    for offset in (11, 12, 10):
        window.finish(offset)
    assert window.advance() == 13
    assert (window.open_count, window.oldest_open) == (1, 13)


def test_window_handles_offset_gaps_from_compaction_or_transactions() -> None:
    window = PartitionWindow()
    for offset in (3, 7, 20):
        window.add(offset)
    window.finish(3)
    window.finish(7)
    assert window.advance() == 8


def test_window_refuses_offsets_out_of_order() -> None:
    window = PartitionWindow()
    window.add(5)
    with pytest.raises(ValueError, match="not after"):
        window.add(5)


def test_tracker_reports_only_partitions_whose_prefix_grew() -> None:
    tracker: OffsetTracker[str] = OffsetTracker()
    tracker.add("a", 0)
    tracker.add("b", 0)
    tracker.add("b", 1)
    tracker.finish("b", 1)
    tracker.finish("a", 0)
    assert tracker.committable() == {"a": 1}
    assert tracker.committable() == {}
    assert tracker.open_count == 2


def test_tracker_ignores_finishes_of_forgotten_partitions() -> None:
    tracker: OffsetTracker[str] = OffsetTracker()
    tracker.add("a", 0)
    tracker.forget(["a"])
    tracker.finish("a", 0)
    assert tracker.committable() == {}

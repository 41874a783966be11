"""Polling a group member so that a rebalance always completes (a kafka-python 3.0 defect).

kafka-python 3.0.12 runs a group join as a task on its IO thread, and ``poll`` waits for it
only as long as its timeout.  Two things then go wrong when a join takes longer than the poll:

- if the task finishes between two polls, the next poll discards its result and sends a new
  JoinGroup, so a member that polls with ``timeout_ms=0`` (a runner with records in flight) can
  rejoin again and again without ever completing;
- if the rejoin was asked for by the consumer's own checks (the group leader's metadata changed,
  or its subscription did) rather than by the broker, those checks turn false while the join is
  in flight, ``poll`` stops waiting for it, and its result is never applied: no assignment, no
  heartbeats again, the broker drops the member, and the consumer believes it is still in the
  group (measured: a runner stuck so for good, its partition never read again).

:func:`poll` avoids both: while a join is in progress it keeps the rejoin requested and waits at
least :data:`JOIN_WAIT_MS` for it, so the join completes inside a ``poll``.
"""

from __future__ import annotations

from typing import Any

from kafka import KafkaConsumer

# Long enough for a join on the embedded broker (it holds a JoinGroup about session_timeout/2)
# to finish within a poll or two; a real cluster's join returns when every member has joined.
JOIN_WAIT_MS = 500


def joining(consumer: KafkaConsumer) -> bool:
    """Whether ``consumer`` is in the middle of a group join; keeps an orphaned join requested."""
    coordinator = getattr(consumer, "_coordinator", None)
    if coordinator is None or not getattr(coordinator, "rejoining", False):
        return False
    if not coordinator.need_rejoin():  # the join's own trigger turned false: still finish it
        coordinator.request_rejoin()
    return True


def poll(consumer: KafkaConsumer, timeout_ms: int, max_records: int | None = None) -> dict[Any, list[Any]]:
    """``consumer.poll``, waiting for a group join in progress to complete (see the module)."""
    if joining(consumer):
        timeout_ms = max(timeout_ms, JOIN_WAIT_MS)
    if max_records is None:
        return consumer.poll(timeout_ms=timeout_ms)  # type: ignore[no-any-return]
    return consumer.poll(timeout_ms=timeout_ms, max_records=max_records)  # type: ignore[no-any-return]

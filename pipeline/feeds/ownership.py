"""Which feeds this process polls, when several share one feed list.

Each feed hashes to one of P slots (:func:`slot_for`); a coordinator hands each process a set of
slots.  The default owns everything (one process); :mod:`pipeline.kafka.feed_assignment` hands out
slots as the partitions of a Kafka consumer group, so that when a process joins or dies its slots
move to the others.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class FeedOwnership(Protocol):
    """Decides whether this process polls a feed right now."""

    def owns(self, feed_url: str) -> bool: ...


class OwnAll:
    """A single poller: every feed is ours."""

    def owns(self, feed_url: str) -> bool:
        return True


def slot_for(feed_url: str, slots: int) -> int:
    """The slot (partition) a feed belongs to: stable across processes, machines and restarts."""
    digest = hashlib.blake2b(feed_url.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % slots

"""Server-sent events: every open page gets each new article and status as it happens."""

from __future__ import annotations

import asyncio
import json
from typing import Any

QUEUE_SIZE = 1000


def sse(event: str, data: Any) -> bytes:
    """One server-sent event; JSON never contains a raw newline, so one ``data:`` line suffices."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


class Broadcaster:
    """Fans events out to one bounded queue per open page, on the event loop's thread only.

    A page that stops reading (its queue is full) is dropped rather than let memory grow; its
    EventSource reconnects and reloads the list.
    """

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[tuple[str, Any] | None]] = set()

    def subscribe(self) -> asyncio.Queue[tuple[str, Any] | None]:
        queue: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[tuple[str, Any] | None]) -> None:
        self._queues.discard(queue)

    def publish(self, kind: str, payload: Any) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait((kind, payload))
            except asyncio.QueueFull:
                self._queues.discard(queue)
                _close(queue)

    def close(self) -> None:
        """End every open stream (server shutdown)."""
        for queue in list(self._queues):
            _close(queue)
        self._queues.clear()

    def __len__(self) -> int:
        return len(self._queues)


def _close(queue: asyncio.Queue[tuple[str, Any] | None]) -> None:
    while True:
        try:
            queue.put_nowait(None)
            return
        except asyncio.QueueFull:
            queue.get_nowait()

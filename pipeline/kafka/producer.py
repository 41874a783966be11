"""A confirmed-delivery producer for code outside the stage runner (poller, replay, DLQ replay)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError
from pydantic import BaseModel

from pipeline.errors import BrokerError, RecordTooLarge
from pipeline.kafka import codec
from pipeline.kafka.client import BrokerEndpoint, producer_config
from pipeline.settings import KafkaSettings


class RecordProducer:
    """Sends records as JSON with type headers; :meth:`flush` raises unless all were acknowledged."""

    def __init__(self, kafka: KafkaSettings, endpoint: BrokerEndpoint) -> None:
        try:
            self._producer = KafkaProducer(**producer_config(kafka, endpoint))
        except KafkaError as exc:
            raise BrokerError(f"cannot connect a producer to {endpoint.bootstrap}: {exc}") from exc
        self._futures: list[Any] = []

    def send(self, topic: str, key: str | None, record: BaseModel) -> None:
        value, headers = codec.encode(record)
        try:
            self._futures.append(
                self._producer.send(topic, key=codec.key_bytes(key), value=value, headers=headers)
            )
        except KafkaError as exc:
            if "too large" in str(exc).lower() or "MessageSizeTooLarge" in type(exc).__name__:
                raise RecordTooLarge(f"{len(value)} bytes for {topic}: {exc}") from exc
            raise BrokerError(f"send to {topic} failed: {exc}") from exc

    def send_raw(
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> None:
        """Send bytes as they are (tests use this to inject malformed records)."""
        self._futures.append(self._producer.send(topic, key=key, value=value, headers=headers or []))

    def flush(self, timeout_s: float = 60.0) -> int:
        """Wait until every record sent so far is acknowledged; return how many were."""
        futures, self._futures = self._futures, []
        try:
            self._producer.flush(timeout=timeout_s)
            for f in futures:
                f.get(timeout=0)
        except KafkaError as exc:
            raise BrokerError(f"produce failed: {exc}") from exc
        return len(futures)

    def close(self) -> None:
        self._producer.close(timeout=5)

    def __enter__(self) -> RecordProducer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ReconnectingProducer:
    """A :class:`RecordProducer` that replaces its client after a broker error.

    kafka-python's idempotent producer is broken for good once its broker restarts, so a
    long-running poller must drop it and start a new one, as the stage runners do.  Records sent
    through a dropped client may be lost -- including records sent while a failing flush was under
    way in another thread -- so the flush after a drop raises too, even when the new client has
    nothing pending: whoever waits for it (the poller's state commit) then keeps nothing as
    published, and the items are sent again (at least once, never lost).

    :meth:`send` runs on the poller's event loop and never connects: while the client is being
    replaced it raises BrokerError at once.  The new client is made by :meth:`flush`, which runs in
    a worker thread, after ``on_reconnect`` (e.g. re-create the topics a memory-only broker lost).
    """

    def __init__(
        self,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        *,
        on_reconnect: Callable[[], None] | None = None,
    ) -> None:
        self._kafka = kafka
        self._endpoint = endpoint
        self._on_reconnect = on_reconnect
        self._producer: RecordProducer | None = RecordProducer(kafka, endpoint)
        self._lost = False
        self.reconnects = 0

    def _drop(self, producer: RecordProducer) -> None:
        if self._producer is not producer:
            return  # already replaced
        self._producer = None
        self._lost = True
        self.reconnects += 1
        with contextlib.suppress(Exception):  # closing a client of a dead broker
            producer.close()

    def send(self, topic: str, key: str | None, record: BaseModel) -> None:
        producer = self._producer
        if producer is None:
            raise BrokerError("the producer is being replaced after a broker error")
        try:
            producer.send(topic, key, record)
        except RecordTooLarge:
            raise
        except BrokerError:
            self._drop(producer)
            raise

    def flush(self, timeout_s: float = 60.0) -> int:
        """Like :meth:`RecordProducer.flush`; raises too when records went with a dropped client."""
        producer = self._producer
        if producer is None:
            if self._on_reconnect is not None:
                self._on_reconnect()
            producer = self._producer = RecordProducer(self._kafka, self._endpoint)
        lost, self._lost = self._lost, False
        if lost:
            raise BrokerError(
                "the producer was replaced after a broker error; unacknowledged records dropped"
            )
        try:
            return producer.flush(timeout_s)
        except BrokerError:
            self._drop(producer)  # and the next flush raises too: sends made meanwhile went with it
            raise

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close()

    def __enter__(self) -> ReconnectingProducer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

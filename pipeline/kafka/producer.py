"""A confirmed-delivery producer for code outside the stage runner (poller, replay, DLQ replay)."""

from __future__ import annotations

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

"""Tail several topics at once, each decoded as its own record model (the web view's reader).

Reads from the oldest record still on each topic, then follows new ones, in a private consumer
group that never commits: every reader sees the whole retained history, and no reader moves
another's position.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer
from kafka.errors import KafkaError
from pydantic import BaseModel

from pipeline.errors import BrokerError, NewswireError
from pipeline.kafka import codec, membership
from pipeline.kafka.client import BrokerEndpoint, consumer_config
from pipeline.settings import KafkaSettings


@dataclass(frozen=True, slots=True)
class Tailed:
    """One record read: where it came from, and the record or the error it failed to decode with."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    record: BaseModel | NewswireError


def tail_topics(
    kafka: KafkaSettings,
    endpoint: BrokerEndpoint,
    models: Mapping[str, type[BaseModel]],
    *,
    stop: threading.Event,
    group_id: str,
) -> Iterator[Tailed]:
    """Yield every record of ``models``' topics, oldest first per partition, until ``stop`` is set.

    ``group_id`` is a group of the caller's own, never committed to.
    """
    try:
        consumer = KafkaConsumer(**consumer_config(kafka, endpoint, group_id=group_id, from_beginning=True))
        consumer.subscribe(list(models))
    except KafkaError as exc:
        raise BrokerError(f"cannot consume from {endpoint.bootstrap}: {exc}") from exc
    try:
        while not stop.is_set():
            try:
                polled = membership.poll(consumer, kafka.poll_timeout_ms)
            except KafkaError as exc:
                raise BrokerError(f"lost {endpoint.bootstrap} while tailing: {exc}") from exc
            for tp in sorted(polled, key=lambda t: (t.topic, t.partition)):
                for message in polled[tp]:
                    yield _decoded(message, models[message.topic])
    finally:
        consumer.close(autocommit=False)


def _decoded(message: Any, model: type[BaseModel]) -> Tailed:
    record: BaseModel | NewswireError
    try:
        record = codec.decode(message.value, model)
    except NewswireError as exc:
        record = exc
    return Tailed(message.topic, message.partition, message.offset, message.timestamp, record)

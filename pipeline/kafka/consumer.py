"""Reading records for downstream use (subscribe, replay's wait, DLQ replay, retag)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from kafka import ConsumerRebalanceListener, KafkaConsumer
from kafka.errors import KafkaError
from pydantic import BaseModel

from pipeline.errors import BrokerError, NewswireError
from pipeline.kafka import codec, membership
from pipeline.kafka.client import BrokerEndpoint, consumer_config
from pipeline.settings import KafkaSettings

M = TypeVar("M", bound=BaseModel)


class _Assigned(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback

    def on_partitions_revoked(self, revoked: Any) -> None:
        """Nothing to release: offsets are committed after each yielded batch."""

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.callback()


def iter_records(
    kafka: KafkaSettings,
    endpoint: BrokerEndpoint,
    topics: Sequence[str],
    model: type[M],
    *,
    group_id: str | None,
    from_beginning: bool,
    stop: threading.Event | None = None,
    idle_timeout_s: float | None = None,
    deadline: float | None = None,
    not_before_ms: int | None = None,
    commit: bool = True,
    on_assigned: Callable[[], None] | None = None,
) -> Iterator[tuple[Any, M | NewswireError]]:
    """Yield (message, record or the error it failed to decode with) until stopped, idle or past
    ``deadline`` (a ``time.monotonic()`` value).

    ``not_before_ms`` skips records whose broker timestamp is older (Tansu's "latest" reset can
    replay a tail, so a live subscriber filters by time instead).  Offsets are committed after
    each batch has been yielded when ``commit`` and a group are given.
    """
    stop = stop or threading.Event()
    try:
        consumer = KafkaConsumer(
            **consumer_config(kafka, endpoint, group_id=group_id, from_beginning=from_beginning)
        )
        consumer.subscribe(list(topics), listener=_Assigned(on_assigned) if on_assigned else None)
    except KafkaError as exc:
        raise BrokerError(f"cannot consume from {endpoint.bootstrap}: {exc}") from exc
    last_seen = time.monotonic()
    try:
        while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
            polled = membership.poll(consumer, kafka.poll_timeout_ms)
            if not polled:
                if idle_timeout_s is not None and time.monotonic() - last_seen > idle_timeout_s:
                    return
                continue
            last_seen = time.monotonic()
            for tp in sorted(polled, key=lambda t: (t.topic, t.partition)):
                for message in polled[tp]:
                    if not_before_ms is not None and message.timestamp < not_before_ms:
                        continue
                    try:
                        yield message, codec.decode(message.value, model)
                    except NewswireError as exc:
                        yield message, exc
            if commit and group_id:
                consumer.commit()
    finally:
        consumer.close()

"""Helpers for tests that talk to the session broker: produce raw values, read a topic to the end,
a test record, and the environment that points a ``newswire`` subprocess at the test's broker."""

from __future__ import annotations

import os
import threading
import time
import uuid
from typing import Any

from kafka import KafkaConsumer, KafkaProducer
from pydantic import BaseModel

from pipeline.kafka.client import BrokerEndpoint
from pipeline.settings import Settings


class Ping(BaseModel):
    """The runner tests' record: an id, a number, and a payload a step may read instructions from."""

    article_id: str
    n: int
    payload: str = ""


def newswire_env(settings: Settings, **extra: str) -> dict[str, str]:
    """This process's environment plus the test's broker, topic and group prefixes and session
    timings, for a ``newswire`` subprocess (``extra``: more NEWSWIRE_ variables)."""
    k = settings.kafka
    return {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": ",".join(k.bootstrap_servers),
        "NEWSWIRE_KAFKA__TOPIC_PREFIX": k.topic_prefix,
        "NEWSWIRE_KAFKA__GROUP_PREFIX": k.group_prefix,
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(k.session_timeout_ms),
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(k.heartbeat_interval_ms),
        **extra,
    }


def produce_raw(
    endpoint: BrokerEndpoint, topic: str, values: list[tuple[bytes | None, bytes | None]]
) -> None:
    producer = KafkaProducer(bootstrap_servers=endpoint.servers, acks="all")
    for key, value in values:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()


def read_topic(endpoint: BrokerEndpoint, topic: str, *, expect: int, timeout_s: float = 30.0) -> list[Any]:
    """Consume ``topic`` from the beginning until ``expect`` records arrived (never by comparing
    offsets: Tansu's watermarks are wrong when producers batch), or the timeout passes."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=endpoint.servers,
        group_id=f"read-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=2000 if endpoint.embedded else 6000,
        heartbeat_interval_ms=500 if endpoint.embedded else 1500,
    )
    records: list[Any] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(records) < expect and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def run_until(runner: Any, predicate: Any, timeout_s: float = 30.0) -> threading.Thread:
    """Run a StageRunner in a thread until ``predicate()`` holds (or timeout), then stop it."""
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.05)
    runner.stop.set()
    thread.join(30)
    return thread

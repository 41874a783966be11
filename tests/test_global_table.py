"""The global table behind clean's shared state: restore, tail, a bad entry, a broker restart."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.broker import EmbeddedBroker, free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.table import GlobalTable
from tests.conftest import settings_for
from tests.kafka_helpers import produce_raw

pytestmark = pytest.mark.kafka


class Recorder:
    """The table's injected ``apply``: key → value; a value of b"bad" raises, as a corrupt entry would."""

    def __init__(self) -> None:
        self.values: dict[bytes | None, bytes | None] = {}
        self._lock = threading.Lock()

    def __call__(self, topic: str, key: bytes | None, value: bytes | None) -> None:
        if value == b"bad":
            raise ValueError("not a valid entry")
        with self._lock:
            self.values[key] = value

    def has(self, key: bytes, value: bytes) -> bool:
        with self._lock:
            return self.values.get(key) == value


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_the_table_restores_tails_and_skips_an_entry_it_cannot_apply(kafka_endpoint: BrokerEndpoint) -> None:
    settings = settings_for(kafka_endpoint)
    topic = f"{settings.kafka.topic_prefix}changelog.test"
    ensure_topics(settings.kafka, kafka_endpoint, [topic], partitions=2)
    produce_raw(kafka_endpoint, topic, [(b"a", b"1"), (b"b", b"1")])
    seen = Recorder()
    table = GlobalTable(settings.kafka, kafka_endpoint, [topic], seen).start()
    try:
        assert seen.has(b"a", b"1") and seen.has(b"b", b"1")  # restored before start returned
        produce_raw(kafka_endpoint, topic, [(b"a", b"bad"), (b"a", b"2")])
        wait_for(lambda: seen.has(b"a", b"2"), "the entry after a bad one to be applied")
        assert table.failed is None
    finally:
        table.close()


def test_the_table_follows_its_topic_again_after_a_broker_restart() -> None:
    port = free_port()
    broker = EmbeddedBroker(port=port).__enter__()
    endpoint = broker.endpoint
    settings = settings_for(endpoint)
    topic = f"{settings.kafka.topic_prefix}changelog.test"
    ensure_topics(settings.kafka, endpoint, [topic], partitions=1)
    produce_raw(endpoint, topic, [(b"k", b"before")])
    seen = Recorder()
    table = GlobalTable(settings.kafka, endpoint, [topic], seen).start()
    try:
        assert seen.has(b"k", b"before")
        broker.stop()  # memory only: the topic and its records are gone
        broker = EmbeddedBroker(port=port).__enter__()
        ensure_topics(settings.kafka, endpoint, [topic], partitions=1)
        produce_raw(endpoint, topic, [(b"k", b"after")])
        # kafka-python keeps its position (1) on the re-created topic, past the new entry at 0;
        # the pipeline asks its tables to re-read whenever a stage recreated its clients.
        table.reread()
        wait_for(lambda: seen.has(b"k", b"after"), "the table to apply an entry written after the restart")
    finally:
        table.close()
        broker.stop()

"""A group member that polls without waiting (a runner with records in flight) still completes a
rebalance that its own consumer asked for (pipeline/kafka/membership.py).

With kafka-python 3.0.12's bare ``poll(timeout_ms=0)`` the member below never gets its new
partition: the join runs past the poll, the consumer's own reason to rejoin (its subscription
changed) turns false once the JoinGroup is sent, and the join's result is never applied.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition

from pipeline.kafka import membership
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint, consumer_config
from tests.conftest import settings_for


def poll_until(consumer: KafkaConsumer, done, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        membership.poll(consumer, 0)
    return True


def test_a_member_polling_without_waiting_completes_the_rejoin_its_subscription_asked_for(
    kafka_endpoint: BrokerEndpoint,
) -> None:
    settings = settings_for(kafka_endpoint)
    k = settings.kafka
    first, second = f"{k.topic_prefix}first", f"{k.topic_prefix}second"
    ensure_topics(k, kafka_endpoint, [first, second], partitions=1)
    consumer = KafkaConsumer(**consumer_config(k, kafka_endpoint, group_id=f"{k.group_prefix}member"))
    try:
        consumer.subscribe([first])
        assert poll_until(consumer, lambda: bool(consumer.assignment()), 30), "never joined"
        consumer.subscribe([first, second])  # a rejoin the consumer itself asks for
        both = {TopicPartition(first, 0), TopicPartition(second, 0)}
        assert poll_until(consumer, lambda: consumer.assignment() == both, 30), (
            f"the rejoin did not complete: assigned {consumer.assignment()}"
        )
        assert not membership.joining(consumer)
    finally:
        consumer.close()


def test_a_consumer_outside_a_join_is_polled_as_asked(kafka_endpoint: BrokerEndpoint) -> None:
    """No join in progress: the poll keeps its own timeout (a busy runner is not slowed down)."""
    settings = settings_for(kafka_endpoint)
    k = settings.kafka
    topic = f"{k.topic_prefix}only"
    ensure_topics(k, kafka_endpoint, [topic], partitions=1)
    consumer = KafkaConsumer(**consumer_config(k, kafka_endpoint, group_id=f"{k.group_prefix}member"))
    try:
        consumer.subscribe([topic])
        assert poll_until(consumer, lambda: bool(consumer.assignment()), 30), "never joined"
        assert not membership.joining(consumer)
        started = time.monotonic()
        for _ in range(20):
            membership.poll(consumer, 0)
        assert time.monotonic() - started < membership.JOIN_WAIT_MS / 1000
    finally:
        consumer.close()

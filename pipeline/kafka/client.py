"""kafka-python client settings derived from the one settings object.

Knows nothing of news: only how to talk to a broker.  The embedded Tansu broker holds a group
join for about session_timeout/2 (../shared/kafka-notes.md), so sessions are short there; real
Kafka rejects sessions under 6000 ms by default, so they are 10 s there unless configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.settings import KafkaSettings

EMBEDDED_SESSION_MS = 2000
EMBEDDED_HEARTBEAT_MS = 500
CLUSTER_SESSION_MS = 10_000


@dataclass(frozen=True, slots=True)
class BrokerEndpoint:
    """Where the broker is, and whether it is the embedded in-memory one."""

    bootstrap: str
    embedded: bool

    @property
    def servers(self) -> list[str]:
        return [s for s in self.bootstrap.split(",") if s]


def session_timeouts(kafka: KafkaSettings, endpoint: BrokerEndpoint) -> tuple[int, int]:
    """(session_timeout_ms, heartbeat_interval_ms) for this broker."""
    default = EMBEDDED_SESSION_MS if endpoint.embedded else CLUSTER_SESSION_MS
    session = kafka.session_timeout_ms or default
    heartbeat = kafka.heartbeat_interval_ms or max(100, session // 4)
    return session, min(heartbeat, session // 3 or 1)


def client_config(kafka: KafkaSettings, endpoint: BrokerEndpoint) -> dict[str, Any]:
    """Connection settings shared by producers, consumers and the admin client (TLS/SASL passed through)."""
    config: dict[str, Any] = {
        "bootstrap_servers": endpoint.servers,
        "client_id": kafka.client_id,
        "security_protocol": kafka.security_protocol,
        "request_timeout_ms": 30_000,
        "bootstrap_timeout_ms": 5_000,
        "reconnect_backoff_ms": 100,
        "reconnect_backoff_max_ms": 5_000,
    }
    if kafka.sasl_mechanism:
        config["sasl_mechanism"] = kafka.sasl_mechanism
        if kafka.sasl_username is not None:
            config["sasl_plain_username"] = kafka.sasl_username
        if kafka.sasl_password is not None:
            config["sasl_plain_password"] = kafka.sasl_password.get_secret_value()
    if kafka.security_protocol in ("SSL", "SASL_SSL"):
        config["ssl_check_hostname"] = kafka.ssl_check_hostname
        for key in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
            value = getattr(kafka, key)
            if value is not None:
                config[key] = str(value)
    return config


def producer_config(
    kafka: KafkaSettings, endpoint: BrokerEndpoint, *, transactional_id: str | None = None
) -> dict[str, Any]:
    """acks=all and idempotence: a send is confirmed only when the cluster has it durably."""
    config = client_config(kafka, endpoint)
    config.update(
        acks="all",
        enable_idempotence=True,
        linger_ms=kafka.linger_ms,
        batch_size=256 * 1024,
        max_request_size=kafka.max_request_size,
        retries=2**31 - 1,
        # A send not confirmed within 30 s fails, and the stage recreates its clients and re-reads
        # what it had not committed (no loss). Kafka's 120 s default would hold a stage for two
        # minutes behind a producer that a broker restart broke for good (kafka-notes.md).
        request_timeout_ms=15_000,
        delivery_timeout_ms=30_000,
        max_in_flight_requests_per_connection=5,
    )
    if kafka.compression_type:
        config["compression_type"] = kafka.compression_type
    if transactional_id:
        config["transactional_id"] = transactional_id
    return config


def consumer_config(
    kafka: KafkaSettings, endpoint: BrokerEndpoint, *, group_id: str | None, from_beginning: bool = True
) -> dict[str, Any]:
    """Manual commits, earliest reset (Tansu's "latest" can replay a tail), short sessions on Tansu."""
    session, heartbeat = session_timeouts(kafka, endpoint)
    config = client_config(kafka, endpoint)
    config.update(
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        session_timeout_ms=session,
        heartbeat_interval_ms=heartbeat,
        max_poll_interval_ms=kafka.max_poll_interval_ms,
        max_poll_records=kafka.batch_size,
        fetch_max_bytes=max(52_428_800, kafka.max_request_size),
        max_partition_fetch_bytes=max(1_048_576, kafka.max_request_size),
        # A reader never creates topics: a mistyped name would become a junk topic with the
        # broker's defaults instead of the configured partition count.
        allow_auto_create_topics=False,
    )
    if kafka.processing_guarantee == "exactly_once":
        config["isolation_level"] = "read_committed"
    return config

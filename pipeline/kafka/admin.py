"""Topic administration and broker reachability."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from pipeline.errors import BrokerError, TopicMismatch
from pipeline.kafka.client import BrokerEndpoint, client_config
from pipeline.log import get_logger
from pipeline.settings import KafkaSettings

log = get_logger("newswire.kafka")


def connect_admin(
    kafka: KafkaSettings, endpoint: BrokerEndpoint, *, wait_s: float | None = None, quiet: bool = False
) -> KafkaAdminClient:
    """An admin client; waits up to ``wait_s`` (default ``kafka.connect_timeout_s``) for the broker.

    A broker that is down at start is normal during deploys: the service waits and retries with
    backoff (a warning per attempt) instead of crash-looping.  One-shot commands pass ``quiet``:
    their retries are logged at debug and the failure is the one line of the BrokerError.
    """
    wait_s = kafka.connect_timeout_s if wait_s is None else wait_s
    deadline = time.monotonic() + wait_s
    delay = 0.5
    attempt = 0
    while True:
        attempt += 1
        config = client_config(kafka, endpoint)
        # One attempt never outlasts the wait: kafka-python's own bootstrap timeout (5 s) would
        # otherwise stretch a 3 s wait to 5.
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        config["bootstrap_timeout_ms"] = max(100, min(config["bootstrap_timeout_ms"], remaining_ms))
        try:
            return KafkaAdminClient(**config)
        except (KafkaError, OSError) as exc:
            if time.monotonic() + delay > deadline:
                raise BrokerError(
                    f"broker {endpoint.bootstrap} unreachable: no answer within {wait_s:g} s "
                    f"({attempt} attempts; kafka.connect_timeout_s sets the wait): {exc}"
                ) from exc
            (log.debug if quiet else log.warning)(
                "broker unreachable, retrying",
                bootstrap=endpoint.bootstrap,
                attempt=attempt,
                retry_in_s=round(delay, 1),
                error=str(exc) or type(exc).__name__,
            )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def wait_for_broker(kafka: KafkaSettings, endpoint: BrokerEndpoint) -> None:
    """Return once the broker answers; BrokerError (one line) after ``kafka.connect_timeout_s``."""
    admin = connect_admin(kafka, endpoint, quiet=True)
    try:
        admin.list_topics()
    except KafkaError as exc:
        raise BrokerError(f"broker {endpoint.bootstrap} does not answer: {exc}") from exc
    finally:
        admin.close()


def ensure_topics(
    kafka: KafkaSettings,
    endpoint: BrokerEndpoint,
    names: Iterable[str],
    *,
    partitions: int | None = None,
    compacted: Collection[str] = (),
    quiet: bool = False,
) -> list[str]:
    """Create the topics that do not exist yet (idempotent); return the names created.

    Those named in ``compacted`` (changelogs) get ``cleanup.policy=compact``: a real cluster then
    keeps the last record of every key for ever instead of deleting by age.
    """
    admin = connect_admin(kafka, endpoint, quiet=quiet)
    try:
        existing = set(admin.list_topics())
        wanted = [n for n in dict.fromkeys(names) if n not in existing]
        created = []
        for name in wanted:
            try:
                admin.create_topics(
                    [
                        NewTopic(
                            name,
                            partitions or kafka.partitions,
                            kafka.replication_factor,
                            topic_configs={"cleanup.policy": "compact"} if name in compacted else {},
                        )
                    ]
                )
                created.append(name)
            except TopicAlreadyExistsError:
                pass  # another process won the race: fine
            except KafkaError as exc:
                raise BrokerError(f"cannot create topic {name}: {exc}") from exc
        if created:
            log.info("topics created", topics=created, partitions=partitions or kafka.partitions)
        return created
    finally:
        admin.close()


def delete_topics(kafka: KafkaSettings, endpoint: BrokerEndpoint, names: Iterable[str]) -> list[str]:
    """Delete the given topics that exist; return the names deleted."""
    admin = connect_admin(kafka, endpoint, quiet=True)
    try:
        existing = set(admin.list_topics())
        doomed = [n for n in dict.fromkeys(names) if n in existing]
        if doomed:
            try:
                admin.delete_topics(doomed, timeout_ms=30_000)
            except KafkaError as exc:
                raise BrokerError(f"cannot delete topics {', '.join(doomed)}: {exc}") from exc
        return doomed
    finally:
        admin.close()


def list_topics(kafka: KafkaSettings, endpoint: BrokerEndpoint, *, quiet: bool = True) -> dict[str, int]:
    """Topic name → partition count."""
    admin = connect_admin(kafka, endpoint, quiet=quiet)
    try:
        names = admin.list_topics()
        described = admin.describe_topics(names) if names else []
        return {d.get("name") or d.get("topic"): len(d.get("partitions") or []) for d in described}
    finally:
        admin.close()


def missing_topics(kafka: KafkaSettings, endpoint: BrokerEndpoint, names: Iterable[str]) -> list[str]:
    """Those of ``names`` that do not exist on the broker, in the order given."""
    existing = list_topics(kafka, endpoint)
    return [name for name in names if name not in existing]


def partition_count(kafka: KafkaSettings, endpoint: BrokerEndpoint, topic: str) -> int | None:
    """How many partitions ``topic`` has now; None when it does not exist."""
    return list_topics(kafka, endpoint).get(topic)


def ensure_partitioned_topic(
    kafka: KafkaSettings, endpoint: BrokerEndpoint, topic: str, partitions: int
) -> bool:
    """Create ``topic`` with exactly ``partitions`` partitions, or check that it has them; True if
    it had to be created (it did not exist: a first start, or a memory-only broker restarted).

    Raises TopicMismatch, naming the topic and both counts, when it exists with another count
    (e.g. auto-created with the broker's default after a restart): newswire must not run on it.
    """
    created = bool(ensure_topics(kafka, endpoint, [topic], partitions=partitions))
    found = partition_count(kafka, endpoint, topic)
    if found is not None and found != partitions:
        raise TopicMismatch(
            f"topic {topic} has {found} partition(s), newswire needs exactly {partitions}; "
            "delete it (it holds no records) and newswire re-creates it"
        )
    return created

"""Per-key order inside a partition: one record of a key at a time, the rest in arrival order."""

from __future__ import annotations

from types import SimpleNamespace

from kafka import TopicPartition

from pipeline.kafka.work import KeyGate, Work

TP = TopicPartition("t", 0)


def work(token: int, key: bytes | None, tp: TopicPartition = TP) -> Work:
    return Work(token, SimpleNamespace(key=key, offset=token), tp, consumed_at=0.0)


def test_records_without_a_key_are_always_admitted() -> None:
    gate = KeyGate()
    assert gate.admit(work(0, None)) and gate.admit(work(1, None))


def test_a_second_record_of_a_key_waits_for_the_first() -> None:
    gate = KeyGate()
    first, second, third = work(0, b"a"), work(1, b"a"), work(2, b"a")
    assert gate.admit(first)
    assert not gate.admit(second) and not gate.admit(third)
    assert gate.release(first) is second
    assert gate.release(second) is third
    assert gate.release(third) is None
    assert gate.admit(work(3, b"a")), "the key is free again"


def test_the_same_key_in_another_partition_does_not_wait() -> None:
    gate = KeyGate()
    assert gate.admit(work(0, b"a"))
    assert gate.admit(work(1, b"a", TopicPartition("t", 1)))


def test_forgetting_a_partition_frees_its_keys() -> None:
    gate = KeyGate()
    first = work(0, b"a")
    gate.admit(first)
    gate.admit(work(1, b"a"))
    gate.forget([TP])
    assert gate.release(first) is None
    assert gate.admit(work(2, b"a"))

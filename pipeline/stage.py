"""The stage contract: what a processing step gives the stage runner, and what the runner gives back.

It sits outside ``pipeline/kafka/`` so that steps never import the Kafka layer, and the Kafka layer
(which imports this module) stays free of news: the record models, the record id used in logs and
dead letters and the dead letter itself are injected through :class:`RecordPolicy`.

A step is named (the name is its consumer group, log field, metric label and dead letter
``stage``) and declares the record model it reads.  It comes in one of two shapes:

* :class:`Step` (synchronous, cheap per record: clean, tag, publish): ``process(records)`` returns
  one :data:`Result` per record, in order.  The runner calls it with one record at a time, on its
  own thread, and times each call.
* :class:`ConcurrentStep` (slow, I/O-bound or CPU-heavy: extract): ``submit(record)`` returns at
  once with a ``concurrent.futures.Future`` that completes with the record's :data:`Result`.  The
  runner keeps up to ``kafka.max_in_flight`` records submitted at a time and handles each result
  as soon as it completes, in any order.

A step never raises for a bad record: the failure is the :class:`~pipeline.errors.NewswireError`
it returns (a runner still catches anything raised and dead-letters it as ``stage.exception``).

Chained stages (:mod:`pipeline.chain`): a step may run the following stages in-process on its
record's output.  Every record is still produced to its topic; an :class:`Output` then names the
chained ``stage`` that produced it (for metrics and progress), and the record that a chained stage
already consumed carries the :data:`HANDLED_BY_HEADER` naming that stage, so that a runner of that
stage elsewhere (a stage process of a split deployment) commits it without processing it again.
An error of a chained stage names that stage in :attr:`~pipeline.errors.NewswireError.stage`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from pipeline.errors import NewswireError

In = TypeVar("In", bound=BaseModel)
In_contra = TypeVar("In_contra", bound=BaseModel, contravariant=True)


HANDLED_BY_HEADER = "handled-by"
"""Header of a record that a chained stage already processed; its value is that stage's name."""


@dataclass(frozen=True, slots=True)
class Output:
    """One record a step wants produced.

    ``stage``: the chained stage that produced it (None: the step's own stage).  ``headers``: added
    to the codec's headers (e.g. :data:`HANDLED_BY_HEADER`).
    """

    topic: str
    key: str | None
    record: BaseModel
    stage: str | None = None
    headers: tuple[tuple[str, bytes], ...] = ()


Result = list[Output] | NewswireError
"""A record's outcome: the outputs to produce (maybe none), or the error it failed with."""


class Step(Protocol[In]):
    """A named synchronous step: input records → one result per record, in order."""

    name: str
    input_model: type[In]

    def process(self, records: Sequence[In]) -> list[Result]: ...


class ConcurrentStep(Protocol[In]):
    """A named step that works on many records at once and completes them in any order."""

    name: str
    input_model: type[In]

    def submit(self, record: In) -> Future[Result]:
        """Start work on ``record``; the future completes with its result (never with an exception)."""
        ...

    def close(self) -> None:
        """Release workers and connections; results not yet delivered are abandoned."""
        ...


@dataclass(frozen=True, slots=True)
class Failure:
    """A record a step could not process, as the runner saw it: the input verbatim and the error."""

    stage: str
    error: NewswireError
    attempts: int
    record: BaseModel | None  # None when the input did not decode
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: Sequence[tuple[str, bytes]]

    @property
    def reason(self) -> str:
        """The error's reason code (``fetch.timeout`` ...), the metric label of a dead letter."""
        return self.error.reason


class RecordPolicy(Protocol):
    """What the runner must know of the records it moves, injected so it knows nothing of news."""

    def record_id(self, record: BaseModel | None, value: bytes) -> str | None:
        """The id a record is logged under (and its dead letter keyed by); None when it has none."""
        ...

    def dead_letter(self, failure: Failure) -> BaseModel:
        """The record written to the dead-letter topic for ``failure``."""
        ...


def close_step(step: Any) -> None:
    """Release what a step holds, for steps that hold something (``close`` is optional)."""
    close = getattr(step, "close", None)
    if close is not None:
        close()


TableApply = Callable[[str, bytes | None, bytes | None], None]
"""Applies one changelog record (topic, key, value) to a stage's local state."""


class Closeable(Protocol):
    def close(self) -> None: ...


class Tables(Protocol):
    """The runtime's state service: opens a table over changelog topics for a stateful step.

    ``open`` returns once every record already in ``topics`` was applied (the state is restored),
    then keeps applying what other instances write; ``close`` stops it.  A step writes to its
    changelogs by returning :class:`Output` records for them, so the runner commits its input
    offsets only after the state change was acknowledged.
    """

    def open(self, topics: Sequence[str], apply: TableApply) -> Closeable: ...

"""Chained stages: a process that runs a stage and the stage reading its output runs them in line.

``newswire run`` runs every stage in one process by default.  Without chaining, each record goes
to Kafka after every stage and is read back by the next stage of the same process: four consumers,
four decodes and four runners' bookkeeping per article.  With chaining (Kafka Streams and Flink
call it operator fusion), the head stage's runner hands each result straight on to the following
stages in this process, on one thread of their own (clean keeps its order and its state).

What does not change:

* every record is still produced to its topic (``articles``, ``clean``, the changelogs,
  ``tagged``, ``enriched`` and the tag topics), so subscribers, ``retag`` and stage processes of a
  split deployment read what they always read;
* the head's input offset is committed only once every output of the whole chain was
  acknowledged, so delivery stays at-least-once over the chain;
* metrics and progress lines are per stage (:attr:`pipeline.stage.Output.stage`).

What a chain adds:

* the record a chained stage consumed carries the header ``handled-by: <stage>``
  (:data:`pipeline.stage.HANDLED_BY_HEADER`): a runner of that stage in another process commits it
  without processing it again, so chained processes and stage processes can share a topic prefix;
* a chained stage's failure dead-letters the head's input record (e.g. the feed item), with the
  failing stage named: ``newswire dlq replay`` puts it back on the head's topic and the chain
  runs again.  Nothing of that record's chain is produced (its earlier outputs follow on replay).

``run.chain: false`` (or ``newswire run --no-chain``) gives every stage its own consumer again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline.errors import NewswireError, StageError
from pipeline.stage import HANDLED_BY_HEADER, ConcurrentStep, Result, Step, close_step


@dataclass(frozen=True, slots=True)
class Link:
    """A chained stage: its name, the topic it reads (written by the stage before it) and its step."""

    name: str
    input_topic: str
    step: Step[Any]


class ChainStep:
    """A :class:`~pipeline.stage.ConcurrentStep`: the head step, then every link in turn.

    Each link processes the records the stage before it produced to the link's input topic.  The
    head may be concurrent (extract: its results arrive from its own threads) or synchronous; the
    links are synchronous and run on the chain's one thread, so they see records one at a time.
    """

    def __init__(self, head: Step[Any] | ConcurrentStep[Any], links: Sequence[Link]) -> None:
        for link in links:
            if callable(getattr(link.step, "submit", None)):
                raise TypeError(f"stage {link.name} is concurrent: it can only head a chain")
        self.name = head.name
        self.input_model: type[BaseModel] = head.input_model
        self.links = list(links)
        self._head = head
        self._concurrent_head = callable(getattr(head, "submit", None))
        self._thread = ThreadPoolExecutor(1, thread_name_prefix=f"chain-{head.name}")

    def submit(self, record: BaseModel) -> Future[Result]:
        done: Future[Result] = Future()
        if self._concurrent_head:
            head: ConcurrentStep[Any] = self._head  # type: ignore[assignment]
            head.submit(record).add_done_callback(lambda f: self._then(f.result(), done))
        else:
            self._then(None, done, record)
        return done

    def _then(self, result: Result | None, done: Future[Result], record: BaseModel | None = None) -> None:
        """From any thread: continue on the chain's thread (or fail the record if it is closed)."""
        try:
            self._thread.submit(self._run, result, done, record)
        except RuntimeError as exc:  # closed: the runner has stopped and hands the record back
            done.set_result(StageError.wrap(exc))

    def _run(self, result: Result | None, done: Future[Result], record: BaseModel | None) -> None:
        try:
            if result is None:
                head: Step[Any] = self._head  # type: ignore[assignment]
                result = head.process([record])[0]
            done.set_result(self.follow(result))
        except Exception as exc:  # a bug in a step: the record fails as data, the chain goes on
            done.set_result(StageError.wrap(exc))

    def follow(self, result: Result) -> Result:
        """The head's ``result`` carried through every link: all the outputs, or the first error."""
        if isinstance(result, NewswireError):
            return result
        outputs = list(result)
        previous = list(range(len(outputs)))  # indexes of the outputs of the stage before the link
        for link in self.links:
            produced: list[int] = []
            for i in previous:
                out = outputs[i]
                if out.topic != link.input_topic:
                    continue
                linked = link.step.process([out.record])[0]
                if isinstance(linked, NewswireError):
                    linked.stage = link.name
                    return linked
                outputs[i] = dataclasses.replace(
                    out, headers=(*out.headers, (HANDLED_BY_HEADER, link.name.encode()))
                )
                produced += range(len(outputs), len(outputs) + len(linked))
                outputs += [o if o.stage else dataclasses.replace(o, stage=link.name) for o in linked]
            previous = produced
        return outputs

    def close(self) -> None:
        """Stop the head (no new results), finish the chain's queue, then release the links."""
        close_step(self._head)
        self._thread.shutdown(wait=True, cancel_futures=True)
        for link in self.links:
            close_step(link.step)


def chained(head: Step[Any] | ConcurrentStep[Any], links: Sequence[Link]) -> Any:
    """``head`` alone when nothing is chained to it, else a :class:`ChainStep`."""
    return ChainStep(head, links) if links else head

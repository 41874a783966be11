"""Composition: the consumer stages as runner threads in this process, sharing one stop flag.

Each runner is a consumer group member of its (head) stage, so the same stage started in several
processes (or machines) splits the partitions of its input topic between them.  Stages of this
process that read what another of its stages writes are chained onto it (:mod:`pipeline.chain`,
``run.chain``): ``newswire run`` with every stage has one runner, extract, carrying clean, tag and
publish.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from pipeline.deadletter import NEWS_RECORDS
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.runner import RunnerObserver, StageRunner, run_in_thread
from pipeline.kafka.table import KafkaTables
from pipeline.log import get_logger
from pipeline.settings import Settings
from pipeline.stage import close_step
from pipeline.stage_table import CONSUMER_STAGES, chain_groups, changelog_topics, pipeline_topics, stage
from pipeline.topology import Topics, group_for, topics_for

log = get_logger("newswire.app")


def create_pipeline_topics(settings: Settings, endpoint: BrokerEndpoint, *, quiet: bool = False) -> Topics:
    """Create the pipeline's topics that are missing (``quiet``: one-shot commands log no retries)."""
    topics = topics_for(settings.kafka)
    ensure_topics(
        settings.kafka,
        endpoint,
        pipeline_topics(settings, topics),
        compacted=changelog_topics(topics),
        quiet=quiet,
    )
    return topics


class Pipeline:
    """The consumer stages of newswire running as threads of this process."""

    def __init__(
        self,
        settings: Settings,
        endpoint: BrokerEndpoint,
        stages: Sequence[str] = CONSUMER_STAGES,
        *,
        observer: RunnerObserver | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        unknown = set(stages) - set(CONSUMER_STAGES)
        if unknown:
            raise ValueError(f"unknown stages: {sorted(unknown)}")
        self.settings = settings
        self.endpoint = endpoint
        self.stages = list(stages)
        self.observer = observer
        self.stop_event = stop or threading.Event()
        self.topics = topics_for(settings.kafka)
        self.runners: list[StageRunner[Any]] = []
        self.steps: dict[str, Any] = {}  # every stage's step, chained or not
        self.runner_of: dict[str, StageRunner[Any]] = {}  # every stage → the runner carrying it
        self.threads: list[threading.Thread] = []
        self.crashed: list[BaseException] = []
        self.tables = KafkaTables(settings.kafka, endpoint)

    def start(self) -> None:
        from pipeline.chain import Link, chained

        if self.settings.run.chain:
            groups = chain_groups(self.stages, self.settings, self.topics)
        else:
            groups = [[name] for name in self.stages]
        for group in groups:
            inputs: dict[str, str] = {}
            for name in group:
                spec = stage(name)
                assert spec.build is not None and spec.input_topic is not None  # a consumer stage
                self.steps[name] = spec.build(self.settings, self.topics, self.tables)
                inputs[name] = spec.input_topic(self.topics)
            head, *rest = group
            runner: StageRunner[Any] = StageRunner(
                chained(self.steps[head], [Link(n, inputs[n], self.steps[n]) for n in rest]),
                kafka=self.settings.kafka,
                endpoint=self.endpoint,
                input_topics=[inputs[head]],
                dead_letter_topic=self.topics.deadletter,
                group_id=group_for(self.settings.kafka, head),
                records=NEWS_RECORDS,
                stop=self.stop_event,
                observer=self.observer,
                on_reconnect=self._recreate_topics,
                max_in_flight=in_flight(self.settings) if (in_flight := stage(head).in_flight) else None,
            )
            self.runners.append(runner)
            self.runner_of.update(dict.fromkeys(group, runner))
            self.threads.append(run_in_thread(runner, on_crash=self._crashed))

    def _recreate_topics(self) -> None:
        """A stage recreated its clients after a broker error: the broker may have restarted
        (the embedded one forgets everything), so re-create the topics and re-read the tables."""
        create_pipeline_topics(self.settings, self.endpoint)
        self.tables.reread()

    def _crashed(self, exc: BaseException) -> None:
        self.crashed.append(exc)
        self.stop_event.set()

    @property
    def alive(self) -> bool:
        return all(t.is_alive() for t in self.threads)

    def stop(self, timeout_s: float | None = None) -> None:
        """Ask every stage to finish what is in flight (within ``kafka.shutdown_grace_s``), commit
        and close; wait for them, then release the steps' workers."""
        self.stop_event.set()
        deadline = time.monotonic() + (
            self.settings.kafka.shutdown_grace_s + 10 if timeout_s is None else timeout_s
        )
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for runner in self.runners:
            close_step(runner.step)

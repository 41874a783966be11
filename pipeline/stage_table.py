"""The stage table: every stage of newswire, declared once.

A row names the stage, the record model it reads and the topic it reads it from, the topics it
writes, how its step is built and the partitioned state it keeps.  Everything else derives from
it: the runner threads (:mod:`pipeline.app`), ``newswire run --stage`` choices, topic creation
(``newswire topics``, ``doctor``, start-up), the changelog topics of stateful stages, and the
deploy manifests (``tests/test_deploy.py`` fails when a declared stage has no Deployment, compose
service or systemd instance).  Adding a stage is a row here, its pure function in
``pipeline/stages/``, its step factory in :mod:`pipeline.steps` and its deploy entries.

The stage's name is its consumer group suffix, log field, metric label and dead letter ``stage``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline import steps
from pipeline.records import Article, CleanArticle, EnrichedArticle, FeedItem
from pipeline.settings import Settings
from pipeline.stage import ConcurrentStep, Step, Tables
from pipeline.topology import Topics

AnyStep = Step[Any] | ConcurrentStep[Any]


@dataclass(frozen=True, slots=True)
class StageSpec:
    """One stage: what it reads, writes and keeps, and how its step is built."""

    name: str
    summary: str
    outputs: Callable[[Topics, Settings], list[str]]
    input_model: type[BaseModel] | None = None  # None: a source stage (poll), fed by HTTP not Kafka
    input_topic: Callable[[Topics], str] | None = None
    build: Callable[[Settings, Topics, Tables | None], AnyStep] | None = None  # None: its own loop
    state: tuple[str, ...] = ()  # partitioned key-value stores, each backed by a changelog topic
    in_flight: Callable[[Settings], int] | None = None  # the runner's cap; None: kafka.max_in_flight

    @property
    def consumes(self) -> bool:
        """True for a consumer-group stage run by the stage runner."""
        return self.input_topic is not None and self.build is not None

    def changelogs(self, topics: Topics) -> list[str]:
        """The compacted changelog topic of each of this stage's stores."""
        return [topics.changelog(self.name, store) for store in self.state]


STAGES: tuple[StageSpec, ...] = (
    StageSpec(
        name="poll",
        summary="feeds (HTTP) → FeedItem",
        outputs=lambda t, _s: [t.items],
        state=("feeds",),  # validators and seen items per feed, follow a feed to its next poller
    ),
    StageSpec(
        name="extract",
        summary="FeedItem + fetched page → Article",
        input_model=FeedItem,
        input_topic=lambda t: t.items,
        outputs=lambda t, _s: [t.articles],
        build=lambda s, t, _tables: steps.ExtractStep(s, t),
        # Most records in flight wait for a host's politeness slot and cost nothing; fetched pages
        # are bounded apart, in bytes (extract.max_pending_mb).
        in_flight=lambda s: s.extract.max_in_flight,
    ),
    StageSpec(
        name="clean",
        summary="Article → CleanArticle (boilerplate cut, fingerprints, story id)",
        input_model=Article,
        input_topic=lambda t: t.articles,
        outputs=lambda t, _s: [t.clean],
        build=steps.clean_step,
        state=("stories", "memory"),
    ),
    StageSpec(
        name="tag",
        summary="CleanArticle → EnrichedArticle (topics, entities)",
        input_model=CleanArticle,
        input_topic=lambda t: t.clean,
        outputs=lambda t, _s: [t.tagged],
        build=lambda s, t, _tables: steps.tag_step(s, t),
    ),
    StageSpec(
        name="publish",
        summary="EnrichedArticle → the enriched topic and one topic per tag",
        input_model=EnrichedArticle,
        input_topic=lambda t: t.tagged,
        outputs=lambda t, s: [t.enriched, *(t.tag(i) for i in steps.taxonomy_topic_ids(s))],
        build=lambda s, t, _tables: steps.publish_step(t),
    ),
)

STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)
CONSUMER_STAGES: tuple[str, ...] = tuple(s.name for s in STAGES if s.consumes)


def stage(name: str) -> StageSpec:
    """The row of stage ``name``; ValueError naming the known stages otherwise."""
    for spec in STAGES:
        if spec.name == name:
            return spec
    raise ValueError(f"unknown stage {name!r} (known: {', '.join(STAGE_NAMES)})")


def chain_groups(names: Sequence[str], settings: Settings, topics: Topics) -> list[list[str]]:
    """The consumer stages ``names`` in table order, grouped into chains: a stage that reads what
    the stage before it in the group writes is chained onto it (:mod:`pipeline.chain`)."""
    groups: list[list[str]] = []
    for spec in STAGES:
        if spec.name not in names or not spec.consumes:
            continue
        assert spec.input_topic is not None
        if groups and spec.input_topic(topics) in stage(groups[-1][-1]).outputs(topics, settings):
            groups[-1].append(spec.name)
        else:
            groups.append([spec.name])
    return groups


def pipeline_topics(settings: Settings, topics: Topics) -> list[str]:
    """Every topic the pipeline writes, for creation at start: outputs, dead letters, changelogs."""
    names: dict[str, None] = {}
    for spec in STAGES:
        names.update(dict.fromkeys(spec.outputs(topics, settings)))
    names[topics.deadletter] = None
    names.update(dict.fromkeys(changelog_topics(topics)))
    return list(names)


def changelog_topics(topics: Topics) -> list[str]:
    """The compacted changelog topics of every stateful stage's stores."""
    return [changelog for spec in STAGES for changelog in spec.changelogs(topics)]

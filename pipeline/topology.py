"""Topic and consumer-group names: which stage reads what and writes where.

    poll ──▶ {p}items ──extract──▶ {p}articles ──clean──▶ {p}clean ──tag──▶ {p}tagged
         ──publish──▶ {p}enriched  +  {p}tag.<topic-id> (one per tag)
    every consumer stage ──▶ {p}deadletter

``{p}`` is ``kafka.topic_prefix`` (default ``news.``).  Consumer groups are
``kafka.group_prefix + stage`` (default ``newswire.extract`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.settings import KafkaSettings


@dataclass(frozen=True, slots=True)
class Topics:
    prefix: str = "news."

    @property
    def items(self) -> str:
        return f"{self.prefix}items"

    @property
    def articles(self) -> str:
        return f"{self.prefix}articles"

    @property
    def clean(self) -> str:
        return f"{self.prefix}clean"

    @property
    def tagged(self) -> str:
        return f"{self.prefix}tagged"

    @property
    def enriched(self) -> str:
        return f"{self.prefix}enriched"

    @property
    def deadletter(self) -> str:
        return f"{self.prefix}deadletter"

    @property
    def poll_assignments(self) -> str:
        return f"{self.prefix}poll.assignments"

    def tag(self, topic_id: str) -> str:
        return f"{self.prefix}tag.{topic_id}"

    def input_of(self, stage: str) -> str:
        return {"extract": self.items, "clean": self.articles, "tag": self.clean, "publish": self.tagged}[
            stage
        ]

    def pipeline_topics(self, tag_ids: list[str]) -> list[str]:
        """Every topic the pipeline writes, for creation at start."""
        return [
            self.items,
            self.articles,
            self.clean,
            self.tagged,
            self.enriched,
            self.deadletter,
            *(self.tag(t) for t in tag_ids),
        ]


def topics_for(kafka: KafkaSettings) -> Topics:
    return Topics(kafka.topic_prefix)


def group_for(kafka: KafkaSettings, stage: str) -> str:
    return f"{kafka.group_prefix}{stage}"

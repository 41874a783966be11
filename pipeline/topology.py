"""Topic and consumer-group names: which stage reads what and writes where.

    poll ──▶ {p}items ──extract──▶ {p}articles ──clean──▶ {p}clean ──tag──▶ {p}tagged
         ──publish──▶ {p}enriched  +  {p}tag.<topic-id> (one per tag)
    every consumer stage ──▶ {p}deadletter
    a stateful stage's store ──▶ {p}changelog.<stage>.<store> (compacted)

Which stage reads and writes what is declared once, in :mod:`pipeline.stage_table`.

``{p}`` is ``kafka.topic_prefix`` (default ``news.``).  Consumer groups are
``kafka.group_prefix + stage`` (default ``newswire.extract`` ...).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the topic names are plain data: stages (publish) may use them
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

    def changelog(self, stage: str, store: str) -> str:
        """The compacted changelog topic backing ``stage``'s partitioned store ``store``."""
        return f"{self.prefix}changelog.{stage}.{store}"


def topics_for(kafka: KafkaSettings) -> Topics:
    return Topics(kafka.topic_prefix)


def group_for(kafka: KafkaSettings, stage: str) -> str:
    return f"{kafka.group_prefix}{stage}"


def private_group(kafka: KafkaSettings, purpose: str) -> str:
    """A consumer group of its own for one reader (``subscribe``, the web view), under
    ``kafka.group_prefix`` like every group newswire joins, so prefix ACLs cover it."""
    return f"{kafka.group_prefix}{purpose}.{uuid.uuid4().hex[:12]}"

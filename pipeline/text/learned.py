"""What the clean stage learns, as records for its changelog topics (one per store).

Every clean instance reads both changelogs whole (:class:`~pipeline.kafka.table.GlobalTable`) and
applies them to its own story index and site memory, so a copy of a story finds the first copy
whichever instance saw it, and a site's boilerplate is learned from all its articles.  Both are
keyed so that compaction keeps what matters: a story entry by article id, an observation by site
and content (applying either twice changes nothing).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StoryEntry(BaseModel):
    """One article's place in the story index (changelog key: the article id)."""

    model_config = ConfigDict(frozen=True)

    article_id: str
    simhash: str  # 16 hex digits
    story_id: str
    duplicate_of: str | None = None


class SiteObservation(BaseModel):
    """The short lines one article (content) of a site carried (changelog key: ``site|content``)."""

    model_config = ConfigDict(frozen=True)

    site: str
    content_key: str
    keys: tuple[str, ...]

    @property
    def changelog_key(self) -> str:
        return f"{self.site}|{self.content_key}"

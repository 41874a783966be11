"""JSON the pages render: plain data, never HTML.  The pages put every string in the DOM as text.

Evidence highlighting is computed here rather than in the browser: span offsets count Python code
points, JavaScript strings count UTF-16 units, so the text is cut into segments on the server and
each segment lists the evidence spans covering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import DeadLetter, EnrichedArticle, Tag

MAX_LIST_ENTITIES = 6


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def source_of(article: EnrichedArticle) -> str:
    """A short name for where the article came from: the site, else the feed, else the host."""
    return article.site_name or article.feed.name or urlsplit(article.url).hostname or article.url


def summary(article: EnrichedArticle) -> dict[str, Any]:
    """One row of the live list."""
    return {
        "id": article.article_id,
        "title": article.title or "(untitled)",
        "url": article.url,
        "source": source_of(article),
        "published_at": _iso(
            article.published_at or (article.published.value if article.published else None)
        ),
        "processed_at": _iso(article.processed_at),
        "tags": [{"topic": t.topic, "score": round(t.score, 2)} for t in article.tags],
        "entities": [{"id": e.id, "name": e.name} for e in article.entities[:MAX_LIST_ENTITIES]],
    }


def detail(article: EnrichedArticle) -> dict[str, Any]:
    """The article view: text in highlight segments, tags, entities, removals and lineage."""
    return {
        **summary(article),
        "authors": list(article.authors),
        "language": article.language,
        "taxonomy_version": article.taxonomy_version,
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of,
        "segments": highlight_segments(article.text, article.tags),
        "tags": [
            {
                "topic": t.topic,
                "score": round(t.score, 2),
                "evidence": [
                    {"start": s.start, "end": s.end, "match": s.match, "rule": s.rule} for s in t.evidence
                ],
            }
            for t in article.tags
        ],
        "entities": [
            {"id": e.id, "name": e.name, "kind": e.kind, "mentions": len(e.mentions)}
            for e in article.entities
        ],
        "removed": [{"line": r.line, "rule": r.rule, "block": r.block} for r in article.removed],
        "lineage": [{"stage": s.stage, "version": s.version, "at": _iso(s.at)} for s in article.lineage],
    }


def highlight_segments(text: str, tags: Sequence[Tag]) -> list[dict[str, Any]]:
    """Cut ``text`` at every evidence boundary: ``[{"text", "start", "marks": [{topic, rule}]}]``.

    Concatenating the segments' text gives ``text`` back; a segment's marks are the evidence spans
    covering it (spans may overlap).  Spans outside the text or empty are ignored, not trusted.
    """
    spans = [
        (s.start, s.end, t.topic, s.rule)
        for t in tags
        for s in t.evidence
        if 0 <= s.start < s.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    segments = []
    for start, end in pairwise(cuts):
        marks = [{"topic": topic, "rule": rule} for s, e, topic, rule in spans if s <= start and end <= e]
        segments.append({"text": text[start:end], "start": start, "marks": marks})
    return segments


def dead_letter(letter: DeadLetter) -> dict[str, Any]:
    """One row of the dead-letter view (the original record is not sent: it can be megabytes)."""
    return {
        "stage": letter.stage,
        "reason": letter.reason,
        "error_class": letter.error_class,
        "message": letter.error_message,
        "retryable": letter.retryable,
        "article_id": letter.article_id,
        "failed_at": _iso(letter.failed_at),
        "attempts": letter.attempts,
        "source": f"{letter.source.topic}/{letter.source.partition}@{letter.source.offset}",
    }

"""What the web view shows: the latest enriched articles and dead letters, bounded, in memory.

The Kafka reader thread adds records; the web handlers read.  Articles are keyed by
``article_id`` (a re-delivered or re-tagged article replaces its earlier version) and ordered by
the time newswire published them, newest first.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from pipeline.records import DeadLetter, EnrichedArticle


@dataclass(frozen=True, slots=True)
class Filter:
    """The list's filter, as given in the page URL (``?tag=ceasefire&entity=vladimir-putin``)."""

    tag: str | None = None
    entity: str | None = None

    def matches(self, article: EnrichedArticle) -> bool:
        if self.tag and self.tag not in article.topics:
            return False
        return not (self.entity and all(e.id != self.entity for e in article.entities))


class ArticleStore:
    """The newest ``capacity`` enriched articles, one version per ``article_id``."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._articles: OrderedDict[str, EnrichedArticle] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, article: EnrichedArticle) -> bool:
        """Keep ``article``; False when an equal or newer version of it is already kept."""
        with self._lock:
            kept = self._articles.get(article.article_id)
            if kept is not None and kept.processed_at >= article.processed_at:
                return False
            self._articles.pop(article.article_id, None)
            self._articles[article.article_id] = article
            while len(self._articles) > self.capacity:
                self._articles.popitem(last=False)
            return True

    def get(self, article_id: str) -> EnrichedArticle | None:
        """The kept article with this id; None means "not (or no longer) kept", the caller's 404."""
        with self._lock:
            return self._articles.get(article_id)

    def newest(self, where: Filter = Filter(), limit: int | None = None) -> list[EnrichedArticle]:
        """Kept articles matching ``where``, newest first."""
        with self._lock:
            articles = list(self._articles.values())
        ordered = sorted(articles, key=lambda a: a.processed_at, reverse=True)
        matching = [a for a in ordered if where.matches(a)]
        return matching if limit is None else matching[:limit]

    def tag_counts(self) -> dict[str, int]:
        """How many kept articles carry each tag, most frequent first."""
        with self._lock:
            counts = Counter(t for a in self._articles.values() for t in a.topics)
        return dict(counts.most_common())

    def entity_counts(self, limit: int = 20) -> list[tuple[str, str, int]]:
        """(id, name, articles) of the entities named in most kept articles."""
        with self._lock:
            articles = list(self._articles.values())
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        for article in articles:
            for entity in article.entities:
                counts[entity.id] += 1
                names[entity.id] = entity.name
        return [(eid, names[eid], n) for eid, n in counts.most_common(limit)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._articles)


class DeadLetterStore:
    """Every dead letter counted by stage and reason; the newest ``capacity`` kept for the view."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._recent: list[DeadLetter] = []
        self._by_reason: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def add(self, letter: DeadLetter) -> None:
        with self._lock:
            self._by_reason[(letter.stage, letter.reason)] += 1
            self._recent.append(letter)
            if len(self._recent) > self.capacity:
                del self._recent[: len(self._recent) - self.capacity]

    def by_reason(self) -> list[tuple[str, str, int]]:
        """(stage, reason, count), most frequent first."""
        with self._lock:
            return [(stage, reason, n) for (stage, reason), n in self._by_reason.most_common()]

    def newest(self, reason: str | None = None) -> list[DeadLetter]:
        with self._lock:
            letters = list(reversed(self._recent))
        return [d for d in letters if reason is None or d.reason == reason]

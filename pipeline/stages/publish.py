"""publish: route an enriched article to the topics subscribers read."""

from __future__ import annotations

from pipeline.records import EnrichedArticle
from pipeline.topology import Topics


def publish(article: EnrichedArticle, topics: Topics) -> list[tuple[str, EnrichedArticle]]:
    """The enriched topic always, plus one ``tag.<topic>`` topic per tag the article carries."""
    routes = [(topics.enriched, article)]
    routes.extend((topics.tag(tag.topic), article) for tag in article.tags)
    return routes

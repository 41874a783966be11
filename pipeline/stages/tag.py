"""The tag stage: CleanArticle → EnrichedArticle, with topic tags, their evidence and entities.

Tags follow the taxonomy (``config/topics.yaml``), entities the gazetteer
(``config/gazetteer.yaml``); both are loaded once by the caller and passed in, so the stage stays
a pure function and a taxonomy change is a new ``taxonomy_version`` on the records it produces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.records import CleanArticle, EnrichedArticle, Entity, LineageStep, Tag
from pipeline.tagging.gazetteer import Gazetteer
from pipeline.tagging.layout import find_title, is_paragraph, layout
from pipeline.tagging.phrases import PhraseIndex
from pipeline.tagging.roles import RoleResolver, role_resolver
from pipeline.tagging.roles import check_roles as check_roles_held
from pipeline.tagging.scoring import Analysed, score_topics
from pipeline.tagging.taxonomy import Taxonomy

STAGE = "tag"


@dataclass(frozen=True, slots=True)
class TagResult:
    """Tags (taxonomy order) and entities (order of first mention) of one text."""

    tags: tuple[Tag, ...]
    entities: tuple[Entity, ...]

    @property
    def topics(self) -> list[str]:
        return [t.topic for t in self.tags]


def tag_text(
    title: str | None, text: str, taxonomy: Taxonomy, gazetteer: Gazetteer, date: dt.date | None = None
) -> TagResult:
    """Tag ``text`` (clean or raw corpus-format text); evidence offsets index into ``text``.

    ``title`` is the headline when known: where it occurs near the top of the text, that
    occurrence is the headline and anything before it is site furniture; where it does not, it
    is scored as the headline but has no offsets to show. Without a title, the first line of
    the text is taken as the headline. ``date`` (the article's publication date) decides which
    office holders count for the taxonomy's roles; without it, anyone who ever held the office.
    """
    index, roles = _joint(taxonomy, gazetteer)
    analysed = _analyse(title, text, taxonomy, index)
    entities = gazetteer.entities_from(text, analysed.hits, analysed.shift, date=date)
    analysed = replace(analysed, hits=roles.expand(analysed.hits, date))
    return TagResult(tags=score_topics(analysed, taxonomy), entities=entities)


@lru_cache(maxsize=8)
def _joint(taxonomy: Taxonomy, gazetteer: Gazetteer) -> tuple[PhraseIndex, RoleResolver]:
    """Taxonomy and gazetteer phrases in one index, so a text is scanned once for both, and the
    taxonomy's roles resolved against the gazetteer's offices."""
    return taxonomy.index.union(gazetteer.index), role_resolver(taxonomy, gazetteer)


def check_roles(taxonomy: Taxonomy, gazetteer: Gazetteer) -> None:
    """TaxonomyError unless every role the taxonomy names is held by a gazetteer entity; call at
    start-up so a typo is a configuration error, not a failure on the first article
    (:func:`pipeline.tagging.load_tagging` does, for callers that load both files)."""
    check_roles_held(taxonomy, gazetteer)


def _analyse(title: str | None, text: str, taxonomy: Taxonomy, index: PhraseIndex) -> Analysed:
    title = (title or "").strip()
    if title:
        headline = find_title(title, text)
        if headline is None:
            working = f"{title}\n\n{text}"
            return Analysed(
                working, index.find(working), layout(working, (0, len(title)), taxonomy), shift=len(title) + 2
            )
    else:
        headline = _first_line(text)
    return Analysed(text, index.find(text), layout(text, headline, taxonomy), shift=0)


def _first_line(text: str) -> tuple[int, int] | None:
    stripped = text.lstrip()
    if not stripped:
        return None
    start = len(text) - len(stripped)
    end = text.find("\n", start)
    end = len(text[: len(text) if end < 0 else end].rstrip())
    # A first line of several sentences is the body's first paragraph: the headline is missing.
    return None if is_paragraph(text, start, end) else (start, end)


def _published_date(article: CleanArticle) -> dt.date | None:
    """The article's publication date: the page's or feed's date, else the feed entry's time."""
    if article.published is not None:
        return article.published.value.date()
    return article.published_at.date() if article.published_at is not None else None


def tag(article: CleanArticle, taxonomy: Taxonomy, gazetteer: Gazetteer) -> EnrichedArticle:
    """The enriched record of ``article``: its fields plus tags, entities and taxonomy version."""
    result = tag_text(article.title, article.text, taxonomy, gazetteer, date=_published_date(article))
    fields = {name: getattr(article, name) for name in CleanArticle.model_fields}
    fields["lineage"] = (*article.lineage, LineageStep(stage=STAGE))
    return EnrichedArticle(
        **fields,
        tags=result.tags,
        entities=result.entities,
        taxonomy_version=taxonomy.version,
    )

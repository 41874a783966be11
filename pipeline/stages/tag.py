"""The tag stage: CleanArticle → EnrichedArticle, with topic tags, their evidence and entities.

Tags follow the taxonomy (``config/topics.yaml``), entities the gazetteer
(``config/gazetteer.yaml``); both are loaded once by the caller and passed in, so the stage stays
a pure function and a taxonomy change is a new ``taxonomy_version`` on the records it produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.records import CleanArticle, EnrichedArticle, Entity, LineageStep, Tag
from pipeline.tagging.gazetteer import Gazetteer
from pipeline.tagging.layout import find_title, layout
from pipeline.tagging.phrases import PhraseIndex
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


def tag_text(title: str | None, text: str, taxonomy: Taxonomy, gazetteer: Gazetteer) -> TagResult:
    """Tag ``text`` (clean or raw corpus-format text); evidence offsets index into ``text``.

    ``title`` is the headline when known: where it occurs near the top of the text, that
    occurrence is the headline and anything before it is site furniture; where it does not, it
    is scored as the headline but has no offsets to show. Without a title, the first line of
    the text is taken as the headline.
    """
    index = _joint_index(taxonomy, gazetteer)
    analysed = _analyse(title, text, taxonomy, index)
    entities = gazetteer.entities_from(text, analysed.hits, analysed.shift)
    return TagResult(tags=score_topics(analysed, taxonomy), entities=entities)


@lru_cache(maxsize=8)
def _joint_index(taxonomy: Taxonomy, gazetteer: Gazetteer) -> PhraseIndex:
    """Taxonomy and gazetteer phrases in one index, so a text is scanned once for both."""
    return taxonomy.index.union(gazetteer.index)


def _analyse(title: str | None, text: str, taxonomy: Taxonomy, index: PhraseIndex) -> Analysed:
    title = (title or "").strip()
    if title:
        headline = find_title(title, text)
        if headline is None:
            working = f"{title}\n\n{text}"
            return Analysed(working, index.find(working), layout(working, (0, len(title)), taxonomy),
                            shift=len(title) + 2)
    else:
        headline = _first_line(text)
    return Analysed(text, index.find(text), layout(text, headline, taxonomy), shift=0)


def _first_line(text: str) -> tuple[int, int] | None:
    stripped = text.lstrip()
    if not stripped:
        return None
    start = len(text) - len(stripped)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return start, len(text[:end].rstrip())


def tag(article: CleanArticle, taxonomy: Taxonomy, gazetteer: Gazetteer) -> EnrichedArticle:
    """The enriched record of ``article``: its fields plus tags, entities and taxonomy version."""
    result = tag_text(article.title, article.text, taxonomy, gazetteer)
    fields = {name: getattr(article, name) for name in CleanArticle.model_fields}
    fields["lineage"] = (*article.lineage, LineageStep(stage=STAGE))
    return EnrichedArticle(
        **fields,
        tags=result.tags,
        entities=result.entities,
        taxonomy_version=taxonomy.version,
    )

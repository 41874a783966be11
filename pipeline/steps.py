"""The four consumer steps: pure stage functions wired to their topics for the stage runner.

Each step maps a batch of input records to one result per record: the outputs to produce, or the
NewswireError the record failed with (the runner turns that into a dead letter).  The stage
functions themselves live in ``pipeline/stages/`` and know nothing of Kafka.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from pipeline.errors import NewswireError, StageError
from pipeline.http import Page
from pipeline.kafka.runner import Output, Result
from pipeline.records import Article, CleanArticle, EnrichedArticle, FeedItem
from pipeline.settings import Settings
from pipeline.stages.publish import publish
from pipeline.topology import Topics

In = TypeVar("In", bound=BaseModel)


def _guard(fn: Callable[[], list[Output]]) -> Result:
    """Run one record's work; a failure is returned as data, never raised."""
    try:
        return fn()
    except NewswireError as exc:
        return exc
    except Exception as exc:
        return StageError.wrap(exc)


class MapStep(Generic[In]):
    """A step that applies a pure per-record function."""

    def __init__(
        self,
        name: str,
        input_model: type[In],
        fn: Callable[[In], list[Output]],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.input_model = input_model
        self._fn = fn
        self._on_close = on_close

    def process(self, records: Sequence[In]) -> list[Result]:
        return [_guard(lambda r=r: self._fn(r)) for r in records]  # type: ignore[misc]

    def close(self) -> None:
        """Release what the step holds (e.g. save learned state)."""
        if self._on_close is not None:
            self._on_close()


class ExtractStep:
    """Fetch a batch of article pages concurrently, then extract each (CPU) in order."""

    name = "extract"
    input_model = FeedItem

    def __init__(self, settings: Settings, topics: Topics) -> None:
        from pipeline.http.fetcher import Fetcher
        from pipeline.stages.extract import extract

        self._extract = extract
        self._topics = topics
        self._loop = asyncio.new_event_loop()
        self._fetcher = Fetcher(settings.fetch)

    def process(self, records: Sequence[FeedItem]) -> list[Result]:
        pages = self._loop.run_until_complete(self._fetch_all(records))
        results: list[Result] = []
        for item, page in zip(records, pages, strict=True):
            if isinstance(page, BaseException):
                results.append(page if isinstance(page, NewswireError) else StageError.wrap(page))
                continue
            results.append(_guard(partial(self._extract_one, item, page)))
        return results

    def _extract_one(self, item: FeedItem, page: Page) -> list[Output]:
        return [Output(self._topics.articles, item.article_id, self._extract(item, page))]

    async def _fetch_all(self, records: Sequence[FeedItem]) -> list[Any]:
        return await asyncio.gather(
            *(self._fetcher.fetch(r.link, kind="article") for r in records), return_exceptions=True
        )

    def close(self) -> None:
        self._loop.run_until_complete(self._fetcher.aclose())
        self._loop.close()


def clean_step(settings: Settings, topics: Topics) -> MapStep[Article]:
    from pipeline.stages.clean import CleanContext, clean

    ctx = CleanContext.from_settings(settings)
    return MapStep(
        "clean", Article, lambda a: [Output(topics.clean, a.article_id, clean(a, ctx))], on_close=ctx.save
    )  # learned boilerplate and story index survive restarts


def tag_step(settings: Settings, topics: Topics) -> MapStep[CleanArticle]:
    from pipeline.stages.tag import tag
    from pipeline.tagging import load_gazetteer, load_taxonomy

    taxonomy = load_taxonomy(settings.path(settings.tag.taxonomy_file))
    gazetteer = load_gazetteer(settings.path(settings.tag.gazetteer_file))
    return MapStep(
        "tag", CleanArticle, lambda a: [Output(topics.tagged, a.article_id, tag(a, taxonomy, gazetteer))]
    )


def publish_step(topics: Topics) -> MapStep[EnrichedArticle]:
    return MapStep(
        "publish", EnrichedArticle, lambda a: [Output(t, a.article_id, r) for t, r in publish(a, topics)]
    )


def build_step(stage: str, settings: Settings, topics: Topics) -> Any:
    """The step object for a consumer stage name."""
    if stage == "extract":
        return ExtractStep(settings, topics)
    if stage == "clean":
        return clean_step(settings, topics)
    if stage == "tag":
        return tag_step(settings, topics)
    if stage == "publish":
        return publish_step(topics)
    raise ValueError(f"unknown consumer stage {stage!r}")


def taxonomy_topic_ids(settings: Settings) -> list[str]:
    """The topic ids of the configured taxonomy (one Kafka topic each)."""
    from pipeline.tagging import load_taxonomy

    return list(load_taxonomy(settings.path(settings.tag.taxonomy_file)).topic_ids)


def retag_step(settings: Settings, topics: Topics) -> tuple[MapStep[CleanArticle], str]:
    """tag + publish in one step over clean articles, for backfilling a new taxonomy version.

    Returns the step and the taxonomy version (part of the retag consumer group, so a new version
    re-reads every clean article while re-running the same version resumes where it stopped).
    """
    from pipeline.stages.tag import tag
    from pipeline.tagging import load_gazetteer, load_taxonomy

    taxonomy = load_taxonomy(settings.path(settings.tag.taxonomy_file))
    gazetteer = load_gazetteer(settings.path(settings.tag.gazetteer_file))

    def retag(article: CleanArticle) -> list[Output]:
        enriched = tag(article, taxonomy, gazetteer)
        return [Output(t, enriched.article_id, r) for t, r in publish(enriched, topics)]

    return MapStep("retag", CleanArticle, retag), taxonomy.version

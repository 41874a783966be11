"""The four consumer steps: pure stage functions wired to their topics for the stage runner.

Each step maps a batch of input records to one result per record: the outputs to produce, or the
NewswireError the record failed with (the runner turns that into a dead letter).  The stage
functions themselves live in ``pipeline/stages/`` and know nothing of Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from pipeline.budget import ByteBudget
from pipeline.errors import ExtractTimeout, FetchTimeout, NewswireError, StageError
from pipeline.records import Article, CleanArticle, EnrichedArticle, FeedItem
from pipeline.settings import Settings
from pipeline.stage import Output, Result, Tables
from pipeline.stages.publish import publish
from pipeline.topology import Topics

if TYPE_CHECKING:
    from pipeline.stages.clean import CleanContext
    from pipeline.stages.extract import ExtractOptions
    from pipeline.tagging import Gazetteer, Taxonomy

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
    """Fetch article pages continuously and extract each on a pool of worker processes.

    A :class:`~pipeline.stage.ConcurrentStep`: :meth:`submit` returns at once.  Fetches run on
    this step's own event loop thread (bounded by the fetcher's global cap and per-host
    politeness), and each page goes to the extraction pool as soon as it has arrived, so the
    network and every core are busy at once and one slow page holds up nothing else.

    ``extract.page_deadline_s`` bounds a page twice: its fetch (politeness waits included), then
    its extraction (a worker that runs past it is ended and the page dead-lettered as
    ``extract.timeout``).

    Fetched pages waiting for or in extraction are bounded in bytes (``extract.max_pending_mb``,
    :class:`~pipeline.budget.ByteBudget`): at the budget, requests wait to go out until
    extractions end.  That wait is for the CPU, not the site, so it is kept off the page deadline.
    """

    name = "extract"
    input_model = FeedItem

    def __init__(self, settings: Settings, topics: Topics, *, workers: int | None = None) -> None:
        from pipeline.http.fetcher import Fetcher
        from pipeline.workers import ExtractPool

        self._topics = topics
        self._options = extract_options(settings)
        self._deadline_s = settings.extract.page_deadline_s
        self.workers = workers or settings.extract.worker_count()
        self._pool = ExtractPool(self.workers)
        self._fetcher = Fetcher(settings.fetch)
        self._budget = ByteBudget(settings.extract.max_pending_mb * 1024 * 1024)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="extract-fetch", daemon=True)
        self._thread.start()

    def submit(self, record: FeedItem) -> Future[Result]:
        """Fetch and extract ``record``'s page; the future completes with its outputs or error."""
        done: Future[Result] = Future()
        asyncio.run_coroutine_threadsafe(self._fetch_then_extract(record, done), self._loop)
        return done

    @property
    def pending_bytes(self) -> int:
        """Bytes of fetched pages waiting for or in extraction."""
        return self._budget.held_bytes

    @property
    def pending_pages(self) -> int:
        """Fetched pages waiting for or in extraction."""
        return self._budget.held_pages

    def process(self, records: Sequence[FeedItem]) -> list[Result]:
        """All of ``records`` at once, waiting for every result (for callers without a runner)."""
        return [f.result() for f in [self.submit(r) for r in records]]

    async def _fetch_then_extract(self, item: FeedItem, done: Future[Result]) -> None:
        try:
            async with asyncio.timeout(self._deadline_s) as deadline:
                gate = self._budget.gate(deadline)
                page = await self._fetcher.fetch(item.link, kind="article", gate=gate)
        except NewswireError as exc:
            done.set_result(exc)
            return
        except TimeoutError:
            done.set_result(
                FetchTimeout(
                    f"page not fetched within the {self._deadline_s:g}s page deadline", url=item.link
                )
            )
            return
        except Exception as exc:
            done.set_result(StageError.wrap(exc))
            return
        try:
            extracting = self._pool.extract(item, page, self._options, self._deadline_s)
        except Exception as exc:  # the pool is shutting down or broken: the record fails as data
            done.set_result(StageError.wrap(exc))
            return
        size = len(page.body)
        self._budget.hold(size)
        extracting.add_done_callback(partial(self._extracted, item, done))
        extracting.add_done_callback(partial(self._release, size))

    def _release(self, size: int, _extracted: Future[Any]) -> None:
        """From the pool's callback thread: the page's bytes leave the budget, on the loop."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: the step is gone
            self._loop.call_soon_threadsafe(self._budget.release, size)

    async def _shutdown(self) -> None:
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self._fetcher.aclose()

    def _extracted(self, item: FeedItem, done: Future[Result], extracted: Future[Any]) -> None:
        try:
            done.set_result([Output(self._topics.articles, item.article_id, extracted.result())])
        except NewswireError as exc:
            done.set_result(exc)
        except TimeoutError:
            done.set_result(
                ExtractTimeout(f"extraction of {item.link} ran past the {self._deadline_s:g}s page deadline")
            )
        except Exception as exc:
            done.set_result(StageError.wrap(exc))

    def close(self) -> None:
        """Cancel fetches still running (their records were handed back), stop the loop and pool."""
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._pool.close()


def extract_options(settings: Settings) -> ExtractOptions:
    """Extraction options for the running pipeline: the size limit follows the fetcher's."""
    from pipeline.stages.extract import ExtractOptions

    return ExtractOptions(max_bytes=settings.fetch.max_bytes)


def clean_context(settings: Settings) -> CleanContext:
    """The clean stage's context in a running process; saved state is loaded from ``clean.state_dir``."""
    from pipeline.stages.clean import MEMORY_FILE, STORIES_FILE, CleanContext
    from pipeline.text.memory import SourceMemory
    from pipeline.text.rules import load_rules
    from pipeline.text.stories import StoryIndex

    conf = settings.clean
    context = CleanContext(
        rules=load_rules(settings.data_file("clean.rules_file")),
        memory=SourceMemory(
            min_articles=conf.learn_min_sites_articles,
            max_lines=conf.learn_max_lines_per_site,
            max_sites=conf.learn_max_sites,
            max_words=conf.learn_max_words,
        ),
        stories=StoryIndex(max_entries=conf.story_index_size, max_distance=conf.near_duplicate_bits),
        state_dir=settings.path(conf.state_dir) if conf.state_dir else None,
    )
    if context.state_dir is not None:
        context.memory.load(context.state_dir / MEMORY_FILE)
        context.stories.load(context.state_dir / STORIES_FILE)
    return context


class CleanStep:
    """The clean stage with its learned state shared by every clean instance.

    The story index and the per-site memory are restored from, and kept up to date with, the
    ``changelog.clean.stories`` and ``changelog.clean.memory`` topics (a global table: every
    instance applies every entry).  Each cleaned article also yields its story entry and site
    observation as outputs to those changelogs, so its offset is committed only once they were
    acknowledged.  Without ``tables`` (no broker) the state stays in this process.
    """

    name = "clean"
    input_model = Article

    def __init__(self, ctx: CleanContext, topics: Topics, tables: Tables | None) -> None:
        self._ctx = ctx
        self._topics = topics
        self._stories = topics.changelog("clean", "stories")
        self._memory = topics.changelog("clean", "memory")
        self._lock = threading.Lock()  # the table applies others' entries from its own thread
        self._table = tables.open([self._stories, self._memory], self._apply) if tables else None

    @property
    def table(self) -> Any:
        """The global table over the changelogs (``applied`` counts entries), None without one."""
        return self._table

    def process(self, records: Sequence[Article]) -> list[Result]:
        with self._lock:
            return [_guard(lambda r=r: self._one(r)) for r in records]  # type: ignore[misc]

    def _one(self, article: Article) -> list[Output]:
        from pipeline.stages.clean import clean_and_learn

        done = clean_and_learn(article, self._ctx)
        outputs = [Output(self._topics.clean, article.article_id, done.article)]
        if self._table is not None:
            outputs += [
                Output(self._stories, article.article_id, done.story),
                Output(self._memory, done.observation.changelog_key, done.observation),
            ]
        return outputs

    def _apply(self, topic: str, key: bytes | None, value: bytes | None) -> None:
        from pipeline.text.learned import SiteObservation, StoryEntry

        if value is None:  # a tombstone: nothing to learn
            return
        with self._lock:
            if topic == self._stories:
                e = StoryEntry.model_validate_json(value)
                self._ctx.stories.put(e.article_id, int(e.simhash, 16), e.story_id, e.duplicate_of)
            elif topic == self._memory:
                o = SiteObservation.model_validate_json(value)
                self._ctx.memory.observe(o.site, o.content_key, o.keys)

    def close(self) -> None:
        """Stop following the changelogs; save to ``clean.state_dir`` when one is set."""
        if self._table is not None:
            self._table.close()
        self._ctx.save()


def clean_step(settings: Settings, topics: Topics, tables: Tables | None = None) -> CleanStep:
    return CleanStep(clean_context(settings), topics, tables)


def _tagging(settings: Settings) -> tuple[Taxonomy, Gazetteer]:
    """The configured taxonomy and gazetteer, checked against each other at load (roles held)."""
    from pipeline.tagging import load_tagging

    return load_tagging(settings.data_file("tag.taxonomy_file"), settings.data_file("tag.gazetteer_file"))


def tag_step(settings: Settings, topics: Topics) -> MapStep[CleanArticle]:
    from pipeline.stages.tag import tag

    taxonomy, gazetteer = _tagging(settings)
    return MapStep(
        "tag", CleanArticle, lambda a: [Output(topics.tagged, a.article_id, tag(a, taxonomy, gazetteer))]
    )


def publish_step(topics: Topics) -> MapStep[EnrichedArticle]:
    return MapStep(
        "publish", EnrichedArticle, lambda a: [Output(t, a.article_id, r) for t, r in publish(a, topics)]
    )


def taxonomy_topic_ids(settings: Settings) -> list[str]:
    """The topic ids of the configured taxonomy (one Kafka topic each)."""
    from pipeline.tagging import load_taxonomy

    return list(load_taxonomy(settings.data_file("tag.taxonomy_file")).topic_ids)


def retag_step(settings: Settings, topics: Topics) -> tuple[MapStep[CleanArticle], str]:
    """tag + publish in one step over clean articles, for backfilling a new taxonomy version.

    Returns the step and the taxonomy version (part of the retag consumer group, so a new version
    re-reads every clean article while re-running the same version resumes where it stopped).
    """
    from pipeline.stages.tag import tag

    taxonomy, gazetteer = _tagging(settings)

    def retag(article: CleanArticle) -> list[Output]:
        enriched = tag(article, taxonomy, gazetteer)
        return [Output(t, enriched.article_id, r) for t, r in publish(enriched, topics)]

    return MapStep("retag", CleanArticle, retag), taxonomy.version

"""Runs the web view: the aiohttp app on a thread with its own event loop, and the topic reader.

Used by ``newswire web`` (status from the services' /metrics URLs) and ``newswire replay --web``
(status from the replay's own metrics registry).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

from aiohttp import web

from pipeline.errors import ConfigError
from pipeline.http.scrape import MetricsScraper
from pipeline.kafka.client import BrokerEndpoint
from pipeline.log import get_logger
from pipeline.records import DeadLetter, EnrichedArticle
from pipeline.settings import KafkaSettings, WebSettings
from pipeline.web.app import WebState, create_app
from pipeline.web.events import Broadcaster
from pipeline.web.reader import TopicReader
from pipeline.web.status import MetricsSource, StatusSampler
from pipeline.web.store import ArticleStore, DeadLetterStore

log = get_logger("newswire.web")


def url_sources(urls: Sequence[str], scraper: MetricsScraper) -> list[MetricsSource]:
    """One status source per configured /metrics URL."""

    def reader(url: str) -> MetricsSource:
        async def read() -> str:
            return await scraper.read(url)

        return MetricsSource(url, read)

    return [reader(u) for u in urls]


class WebServer:
    """The web view of one broker's topics, served on ``web.host:web.port`` until :meth:`stop`."""

    def __init__(
        self,
        web_settings: WebSettings,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        *,
        sources: Sequence[MetricsSource] | None = None,
    ) -> None:
        self.settings = web_settings
        self._scraper = MetricsScraper()
        self.state = WebState(
            articles=ArticleStore(web_settings.max_articles),
            dead_letters=DeadLetterStore(web_settings.max_dead_letters),
            sampler=StatusSampler(
                sources if sources is not None else url_sources(web_settings.metrics_urls, self._scraper),
                window_s=web_settings.rate_window_s,
            ),
            broadcaster=Broadcaster(),
            status_interval_s=web_settings.status_interval_s,
        )
        self._stop = threading.Event()
        self.reader = TopicReader(
            kafka,
            endpoint,
            self.state.articles,
            self.state.dead_letters,
            stop=self._stop,
            on_article=self._push_article,
            on_dead_letter=self._push_dead_letter,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._failed: BaseException | None = None
        self.port = web_settings.port

    @property
    def url(self) -> str:
        host = self.settings.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    def start(self) -> WebServer:
        """Bind and serve; raise ConfigError naming web.port when the address cannot be bound."""
        self._thread = threading.Thread(target=self._serve, name="web-http", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._failed is not None:
            raise self._failed
        self.reader.start()
        log.info("web view listening", url=self.url)
        return self

    def stop(self) -> None:
        """Close every page's stream, stop serving and reading; safe to call twice."""
        self._stop.set()
        loop, self._loop = self._loop, None
        if loop is not None and self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.reader.join()

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        runner = self._runner = web.AppRunner(
            create_app(self.state), access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            loop.run_until_complete(site.start())
            self.port = int(runner.addresses[0][1])
        except OSError as exc:
            self._failed = ConfigError(
                "web.port",
                f"cannot listen on {self.settings.host}:{self.settings.port}: {exc.strerror or exc}",
            )
            loop.run_until_complete(runner.cleanup())
            loop.run_until_complete(self._scraper.close())  # the sampler may have started reading
            self._started.set()
            loop.close()
            return
        self._loop = loop
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _shutdown(self) -> None:
        self.state.broadcaster.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self._scraper.close()

    def _push_article(self, article: EnrichedArticle) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.state.broadcaster.publish, "article", article)

    def _push_dead_letter(self, letter: DeadLetter) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.state.broadcaster.publish, "dead_letter", letter.reason)

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

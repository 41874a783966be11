"""Reads news.enriched and news.deadletter into the web view's stores, on a thread of its own."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pydantic import BaseModel

from pipeline.errors import BrokerError, NewswireError
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.tail import tail_topics
from pipeline.log import get_logger
from pipeline.records import DeadLetter, EnrichedArticle
from pipeline.settings import KafkaSettings
from pipeline.topology import private_group, topics_for
from pipeline.web.store import ArticleStore, DeadLetterStore

log = get_logger("newswire.web")

RETRY_S = 2.0


class TopicReader:
    """Tails the enriched and dead-letter topics until ``stop``; reconnects after broker errors.

    ``on_article`` is called (on this thread) with each article the store kept, ``on_dead_letter``
    with each dead letter.
    """

    def __init__(
        self,
        kafka: KafkaSettings,
        endpoint: BrokerEndpoint,
        articles: ArticleStore,
        dead_letters: DeadLetterStore,
        *,
        stop: threading.Event,
        on_article: Callable[[EnrichedArticle], None] = lambda _a: None,
        on_dead_letter: Callable[[DeadLetter], None] = lambda _d: None,
    ) -> None:
        self.kafka = kafka
        self.endpoint = endpoint
        self.articles = articles
        self.dead_letters = dead_letters
        self.stop = stop
        self.on_article = on_article
        self.on_dead_letter = on_dead_letter
        self.undecodable = 0
        self._thread = threading.Thread(target=self._run, name="web-reader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout_s: float = 10.0) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        topics = topics_for(self.kafka)
        models: dict[str, type[BaseModel]] = {topics.enriched: EnrichedArticle, topics.deadletter: DeadLetter}
        while not self.stop.is_set():
            try:
                for tailed in tail_topics(
                    self.kafka,
                    self.endpoint,
                    models,
                    stop=self.stop,
                    group_id=private_group(self.kafka, "web"),
                ):
                    self._keep(tailed.topic, tailed.record)
            except BrokerError as exc:
                log.warning("web reader lost the broker; retrying", error=str(exc), retry_s=RETRY_S)
                self.stop.wait(RETRY_S)

    def _keep(self, topic: str, record: object) -> None:
        if isinstance(record, EnrichedArticle):
            if self.articles.add(record):
                self.on_article(record)
        elif isinstance(record, DeadLetter):
            self.dead_letters.add(record)
            self.on_dead_letter(record)
        elif isinstance(record, NewswireError):
            self.undecodable += 1
            log.warning("web reader skipped an undecodable record", topic=topic, error=str(record))

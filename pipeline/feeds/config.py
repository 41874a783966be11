"""The feed list: ``config/feeds.yaml`` (or ``poll.feeds_file``), reloadable without a restart.

    feeds:
      - https://example.org/rss.xml                 # a bare URL
      - url: https://example.com/atom.xml
        name: Example                               # optional, carried on every FeedItem
        interval_s: 300                             # optional fixed interval (still within floor/ceiling)

:class:`FileFeedsSource` re-reads the file when its modification time changes or when
:meth:`FileFeedsSource.request_reload` is called (the poller wires SIGHUP to it).  A file that no
longer validates is reported and the previous list kept: a typo must not stop polling.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.configfile import read_yaml
from pipeline.errors import ConfigError, InvalidURL
from pipeline.http.fetcher import checked_url
from pipeline.log import get_logger
from pipeline.records import FeedRef

log = get_logger("newswire.feeds")


class FeedConfig(BaseModel):
    """One configured feed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    name: str | None = None
    interval_s: float | None = Field(default=None, gt=0)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            return checked_url(value)
        except InvalidURL as exc:
            raise ValueError("must be an absolute http(s) URL") from exc

    @property
    def ref(self) -> FeedRef:
        return FeedRef(url=self.url, name=self.name)


def parse_feed_list(data: Any, *, source: str) -> list[FeedConfig]:
    """Validate the loaded YAML; duplicates (same URL) keep their first entry."""
    if data is None:
        return []
    entries = (data.get("feeds") or []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: feeds", "expected a list under 'feeds:'")
    feeds: dict[str, FeedConfig] = {}
    for index, entry in enumerate(entries):
        raw = {"url": entry} if isinstance(entry, str) else entry
        try:
            feed = FeedConfig.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"])
            raise ConfigError(f"{source}: feeds[{index}]{'.' + key if key else ''}", err["msg"]) from None
        feeds.setdefault(feed.url, feed)
    return list(feeds.values())


def load_feed_list(path: Path) -> list[FeedConfig]:
    """Read and validate a feed list file; raise ConfigError naming the file and the entry."""
    data = read_yaml(path)
    return parse_feed_list(data, source=str(path))


class FeedsSource(Protocol):
    """Where the poller gets its feed list from."""

    def feeds(self) -> Sequence[FeedConfig]:
        """The current list."""
        ...

    def refresh(self) -> bool:
        """Reload if the list may have changed; True when :meth:`feeds` now returns a new list."""
        ...


class StaticFeedsSource:
    """A fixed list (``newswire poll --once URL...``, tests, the benchmark)."""

    def __init__(self, feeds: Sequence[FeedConfig]) -> None:
        self._feeds = list(feeds)

    @classmethod
    def from_urls(cls, urls: Sequence[str]) -> StaticFeedsSource:
        return cls(parse_feed_list({"feeds": list(urls)}, source="command line"))

    def feeds(self) -> Sequence[FeedConfig]:
        return self._feeds

    def refresh(self) -> bool:
        return False


class FileFeedsSource:
    """The feed list file, reloaded when it changes on disk or on request (SIGHUP)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._feeds = load_feed_list(path)
        self._stamp = self._current_stamp()
        self._reload_requested = False

    def feeds(self) -> Sequence[FeedConfig]:
        return self._feeds

    def request_reload(self) -> None:
        """Ask for a reload at the next :meth:`refresh` (safe to call from a signal handler)."""
        self._reload_requested = True

    def refresh(self) -> bool:
        stamp = self._current_stamp()
        if stamp == self._stamp and not self._reload_requested:
            return False
        self._reload_requested = False
        self._stamp = stamp
        try:
            feeds = load_feed_list(self.path)
        except ConfigError as exc:
            log.error("feeds.reload_failed", file=str(self.path), error=str(exc), kept=len(self._feeds))
            return False
        changed = feeds != self._feeds
        self._feeds = feeds
        log.info("feeds.reloaded", file=str(self.path), feeds=len(feeds), changed=changed)
        return changed

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

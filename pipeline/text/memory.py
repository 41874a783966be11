"""Per-source learned boilerplate: a short line that recurs in many articles of one site is that
site's furniture ("Follow us on Twitter", a desk's sign-off), even if no configured rule names it.

Bounded: at most ``max_sites`` sites and ``max_lines`` remembered lines per site, the least
recently seen forgotten first; only lines of at most ``max_words`` words are counted.  An article
counts once per line however often it is revised.  ``save``/``load`` keep it across restarts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.text.state import read_json_state, write_json_atomic

_RECENT_ARTICLES = 256  # per site: ids already counted, so revisions do not count twice


@dataclass
class _Site:
    lines: OrderedDict[str, int] = field(default_factory=OrderedDict)
    articles: OrderedDict[str, None] = field(default_factory=OrderedDict)


class SourceMemory:
    """Counts, per site, in how many articles each short line occurred."""

    def __init__(
        self, *, min_articles: int = 5, max_lines: int = 2000, max_sites: int = 1000, max_words: int = 20
    ) -> None:
        self.min_articles = min_articles
        self.max_lines = max_lines
        self.max_sites = max_sites
        self.max_words = max_words
        self._sites: OrderedDict[str, _Site] = OrderedDict()

    def observe(self, site: str, article_id: str, keys: Iterable[str]) -> None:
        """Count the article's short lines (``keys`` are :func:`match_key` forms) for ``site``."""
        memory = self._site(site)
        if article_id in memory.articles:
            return
        memory.articles[article_id] = None
        if len(memory.articles) > _RECENT_ARTICLES:
            memory.articles.popitem(last=False)
        for key in dict.fromkeys(keys):
            if key and len(key.split()) <= self.max_words:
                memory.lines[key] = memory.lines.get(key, 0) + 1
                memory.lines.move_to_end(key)
        while len(memory.lines) > self.max_lines:
            memory.lines.popitem(last=False)

    def is_boilerplate(self, site: str, key: str) -> bool:
        """True when ``key`` recurred in at least ``min_articles`` articles of ``site``."""
        memory = self._sites.get(site)
        return memory is not None and memory.lines.get(key, 0) >= self.min_articles

    def _site(self, site: str) -> _Site:
        memory = self._sites.get(site)
        if memory is None:
            memory = self._sites[site] = _Site()
            while len(self._sites) > self.max_sites:
                self._sites.popitem(last=False)
        else:
            self._sites.move_to_end(site)
        return memory

    def save(self, path: Path) -> None:
        """Write the memory atomically (JSON)."""
        write_json_atomic(
            path,
            {
                "version": 1,
                "sites": {
                    site: {"lines": list(m.lines.items()), "articles": list(m.articles)}
                    for site, m in self._sites.items()
                },
            },
        )

    def load(self, path: Path) -> None:
        """Replace the contents with a saved memory; a missing file leaves it empty."""
        data = read_json_state(path)
        self._sites.clear()
        try:
            for site, saved in data.get("sites", {}).items():
                memory = self._site(site)
                memory.lines.update((str(k), int(n)) for k, n in saved["lines"][-self.max_lines :])
                memory.articles.update((str(a), None) for a in saved["articles"][-_RECENT_ARTICLES:])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(str(path), f"source memory is malformed: {exc}") from exc

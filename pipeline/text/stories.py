"""Story ids: near-duplicate copies of one story (a wire story run by several outlets) share one.

A bounded index of recent SimHashes.  Two hashes within ``max_distance`` bits of each other are
the same story; with 64-bit hashes split into ``max_distance + 1`` bands, two such hashes agree
exactly on at least one band (pigeonhole), so lookups only compare against band-mates.

A story's id is the article_id of its first article; a later copy gets that story id and
``duplicate_of`` = the closest earlier article.  Revisions of an article keep their story.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.text.fingerprint import hamming
from pipeline.text.state import read_json_state, write_json_atomic


@dataclass(frozen=True, slots=True)
class StoryMatch:
    story_id: str
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class _Entry:
    simhash: int
    story_id: str
    duplicate_of: str | None


class StoryIndex:
    """Bounded near-duplicate index (oldest entries are forgotten first)."""

    def __init__(self, max_entries: int = 50_000, max_distance: int = 6) -> None:
        self.max_entries = max_entries
        self.max_distance = max_distance
        self._bands = max_distance + 1
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._buckets: list[dict[int, set[str]]] = [{} for _ in range(self._bands)]

    def __len__(self) -> int:
        return len(self._entries)

    def assign(self, article_id: str, simhash: int) -> StoryMatch:
        """The story of an article; the article joins the index."""
        known = self._entries.get(article_id)
        if known is not None:
            self._remove(article_id)
            entry = _Entry(simhash, known.story_id, known.duplicate_of)
        else:
            closest = self._closest(simhash)
            entry = (
                _Entry(simhash, article_id, None)
                if closest is None
                else _Entry(simhash, self._entries[closest].story_id, closest)
            )
        self._add(article_id, entry)
        return StoryMatch(story_id=entry.story_id, duplicate_of=entry.duplicate_of)

    def put(self, article_id: str, simhash: int, story_id: str, duplicate_of: str | None) -> None:
        """Record an article another instance placed (from the changelog); idempotent.

        An article already known keeps the place it has: the first placement of an article wins,
        as :meth:`assign` keeps a revision's story.
        """
        if article_id not in self._entries:
            self._add(article_id, _Entry(simhash, story_id, duplicate_of))

    def _closest(self, simhash: int) -> str | None:
        """The nearest known article; among equally near ones the story's first article, then the
        lowest id, so the answer does not depend on which copies this instance happened to see
        first (copies on different partitions arrive in any order)."""
        best: tuple[int, bool, str] | None = None
        for band, key in enumerate(self._band_keys(simhash)):
            for candidate in self._buckets[band].get(key, ()):
                entry = self._entries[candidate]
                distance = hamming(simhash, entry.simhash)
                rank = (distance, entry.story_id != candidate, candidate)
                if distance <= self.max_distance and (best is None or rank < best):
                    best = rank
        return best[2] if best else None

    def _band_keys(self, simhash: int) -> list[int]:
        width = 64 // self._bands
        return [(simhash >> (band * width)) & ((1 << width) - 1) for band in range(self._bands)]

    def _add(self, article_id: str, entry: _Entry) -> None:
        self._entries[article_id] = entry
        for band, key in enumerate(self._band_keys(entry.simhash)):
            self._buckets[band].setdefault(key, set()).add(article_id)
        while len(self._entries) > self.max_entries:
            self._remove(next(iter(self._entries)))

    def _remove(self, article_id: str) -> None:
        entry = self._entries.pop(article_id)
        for band, key in enumerate(self._band_keys(entry.simhash)):
            bucket = self._buckets[band].get(key)
            if bucket is not None:
                bucket.discard(article_id)
                if not bucket:
                    del self._buckets[band][key]

    def save(self, path: Path) -> None:
        """Write the index atomically (JSON), oldest first."""
        data = {
            "version": 1,
            "entries": [
                [aid, f"{e.simhash:016x}", e.story_id, e.duplicate_of] for aid, e in self._entries.items()
            ],
        }
        write_json_atomic(path, data)

    def load(self, path: Path) -> None:
        """Replace the contents with a saved index; a missing file leaves it empty."""
        data = read_json_state(path)
        self._entries.clear()
        self._buckets = [{} for _ in range(self._bands)]
        try:
            for article_id, simhash, story_id, duplicate_of in data.get("entries", []):
                self._add(article_id, _Entry(int(simhash, 16), story_id, duplicate_of))
        except (TypeError, ValueError) as exc:
            raise ConfigError(str(path), f"story index is malformed: {exc}") from exc

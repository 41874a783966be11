"""Restart-safe poll state in SQLite (``poll.state_dir/poll-state.sqlite3``).

Per feed: its HTTP validators (ETag, Last-Modified), a hash of the last body, its adaptive
interval, when it is next due, its consecutive failures and whether it is parked.  Per item (by
feed and identity): the fingerprint and revision last published.

SQLite (WAL mode) is the poller's local copy: it survives restarts on one machine, is shared
safely by several pollers there, and costs one small transaction per batch of polls.  What makes
a feed's state follow the feed to another machine is the compacted ``changelog.poll.feeds``
topic: after each commit the store hands the feeds' :class:`FeedSnapshot` to ``on_commit`` (the
poll service writes them, keyed by feed URL), and every poller applies (:meth:`StateStore.apply`) the
snapshots others wrote (see :func:`pipeline.service.share_poll_state`), so the poller a feed moves
to asks with its validators and skips the items already published.

Writes are committed by the poller *after* the items they record were emitted and flushed, so a
crash in between publishes them again rather than losing them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from pipeline.stages.poll import ParsedEntry

STATE_FILE = "poll-state.sqlite3"
_ITEMS_KEPT_PER_FEED = 2000  # far more than any feed lists at once, so nothing still listed is forgotten

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_state (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    body_hash      TEXT,
    interval_s     REAL,
    next_poll_at   REAL,
    failures       INTEGER NOT NULL DEFAULT 0,
    parked         INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    last_polled_at REAL
);
CREATE TABLE IF NOT EXISTS seen_item (
    feed_url    TEXT NOT NULL,
    identity    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    first_seen  REAL NOT NULL,
    PRIMARY KEY (feed_url, identity)
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class FeedState:
    """What newswire remembers about one feed between polls and restarts."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    interval_s: float | None = None
    next_poll_at: float | None = None  # epoch seconds
    failures: int = 0
    parked: bool = False
    last_error: str | None = None
    last_polled_at: float | None = None


@dataclass(frozen=True, slots=True)
class SeenItem:
    fingerprint: str
    revision: int


@dataclass(frozen=True, slots=True)
class Published:
    """An entry published at some revision, to remember."""

    identity: str
    fingerprint: str
    revision: int


@dataclass(slots=True)
class FeedUpdate:
    """The outcome of one poll to record: the feed's new state and the items it published."""

    state: FeedState
    published: list[Published] = field(default_factory=list)


class FeedSnapshot(BaseModel):
    """A feed's whole poll state (its row and every item remembered), as written to the
    ``changelog.poll.feeds`` topic keyed by feed URL: compaction keeps the latest per feed, which
    is all a poller taking the feed over needs to continue without republishing."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    interval_s: float | None = None
    next_poll_at: float | None = None
    failures: int = 0
    parked: bool = False
    last_error: str | None = None
    last_polled_at: float | None = None
    seen: list[tuple[str, str, int]] = []  # (identity, fingerprint, revision), oldest first

    def state(self) -> FeedState:
        return FeedState(**self.model_dump(exclude={"seen"}))


def changed_entries(
    entries: Sequence[ParsedEntry], seen: dict[str, SeenItem]
) -> list[tuple[ParsedEntry, int]]:
    """Entries that are new (revision 0) or whose fingerprint changed (previous revision + 1)."""
    out: list[tuple[ParsedEntry, int]] = []
    for entry in entries:
        before = seen.get(entry.identity)
        if before is None:
            out.append((entry, 0))
        elif before.fingerprint != entry.fingerprint:
            out.append((entry, before.revision + 1))
    return out


class StateStore:
    """The SQLite poll state.  One connection, used from the poller's event-loop thread."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        # Told of every committed batch's feeds (the poll service writes them to the changelog).
        self.on_commit: Callable[[list[FeedSnapshot]], None] | None = None

    @classmethod
    def in_dir(cls, state_dir: Path) -> StateStore:
        return cls(state_dir.expanduser() / STATE_FILE)

    @classmethod
    def in_memory(cls) -> StateStore:
        """State that lives as long as the process (``--dry-run``, tests)."""
        return cls(":memory:")

    def close(self) -> None:
        self._db.close()

    def feed(self, url: str) -> FeedState:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, body_hash, interval_s, next_poll_at, failures, parked,"
                " last_error, last_polled_at FROM feed_state WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            return FeedState(url=url)
        return FeedState(
            url, row[0], row[1], row[2], row[3], row[4], int(row[5]), bool(row[6]), row[7], row[8]
        )

    def next_poll_times(self) -> dict[str, float]:
        """When each known feed is next due (to schedule at start without a query per feed)."""
        with self._lock:
            rows = self._db.execute("SELECT url, next_poll_at FROM feed_state WHERE next_poll_at IS NOT NULL")
            return {url: float(at) for url, at in rows}

    def seen(self, feed_url: str) -> dict[str, SeenItem]:
        with self._lock:
            rows = self._db.execute(
                "SELECT identity, fingerprint, revision FROM seen_item WHERE feed_url = ?", (feed_url,)
            )
            return {identity: SeenItem(fp, int(rev)) for identity, fp, rev in rows}

    def commit(self, updates: Iterable[FeedUpdate], *, now: float) -> None:
        """Record a batch of poll outcomes in one transaction."""
        updates = list(updates)
        if not updates:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for update in updates:
                    self._write(update, now)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        if self.on_commit is not None:
            self.on_commit([self.snapshot(u.state.url) for u in updates])

    def snapshot(self, url: str) -> FeedSnapshot:
        """The feed's whole remembered state."""
        with self._lock:
            rows = self._db.execute(
                "SELECT identity, fingerprint, revision FROM seen_item WHERE feed_url = ? ORDER BY first_seen",
                (url,),
            ).fetchall()
        return FeedSnapshot(**asdict(self.feed(url)), seen=[(i, f, int(r)) for i, f, r in rows])

    def apply(self, snapshot: FeedSnapshot, *, now: float) -> None:
        """Replace what is remembered of a feed with another poller's snapshot (a handover)."""
        published = [Published(i, f, r) for i, f, r in snapshot.seen]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM seen_item WHERE feed_url = ?", (snapshot.url,))
                self._write(FeedUpdate(snapshot.state(), published), now)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _write(self, update: FeedUpdate, now: float) -> None:
        s = update.state
        self._db.execute(
            "INSERT OR REPLACE INTO feed_state (url, etag, last_modified, body_hash, interval_s,"
            " next_poll_at, failures, parked, last_error, last_polled_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                s.url,
                s.etag,
                s.last_modified,
                s.body_hash,
                s.interval_s,
                s.next_poll_at,
                s.failures,
                int(s.parked),
                s.last_error,
                s.last_polled_at,
            ),
        )
        if not update.published:
            return
        self._db.executemany(
            "INSERT INTO seen_item (feed_url, identity, fingerprint, revision, first_seen)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (feed_url, identity) DO UPDATE SET fingerprint = excluded.fingerprint,"
            " revision = excluded.revision",
            [(s.url, p.identity, p.fingerprint, p.revision, now) for p in update.published],
        )
        self._db.execute(
            "DELETE FROM seen_item WHERE feed_url = ? AND identity NOT IN (SELECT identity FROM seen_item"
            " WHERE feed_url = ? ORDER BY first_seen DESC LIMIT ?)",
            (s.url, s.url, _ITEMS_KEPT_PER_FEED),
        )


def with_validators(state: FeedState, headers: dict[str, str]) -> FeedState:
    """The state with the response's ETag / Last-Modified (kept when a 304 omits them)."""
    return replace(
        state,
        etag=headers.get("etag") or state.etag,
        last_modified=headers.get("last-modified") or state.last_modified,
    )

"""The poll stage: feed bytes in, :class:`FeedItem` records out.  Pure: no I/O, no state.

RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 are read by feedparser; JSON Feed 1.0/1.1 with :mod:`json`.
Plain, well-formed RSS 2.0 and Atom 1.0 in UTF-8 take a fast path (:mod:`pipeline.stages.poll_fast`,
lxml) that yields exactly what feedparser would and declines anything else.
A malformed feed that still yields entries is used (the problem is reported in
:attr:`ParsedFeed.problem`); one that yields nothing is a :class:`FeedError`.

Item identity, which decides "already published", is the entry's guid/id, else its canonical link
(tracking parameters stripped).  The item's ``url`` (hence its ``article_id``) is the canonical
form of the entry's ``feedburner:origLink`` when present, else of its link; ``link`` is what the
extract stage fetches.  Each entry also gets a fingerprint of its content and updated date: when it
changes, the poller republishes the item as a revision.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from pipeline.errors import FeedError, FeedParseError
from pipeline.records import FeedItem, FeedRef, LineageStep, canonical_url
from pipeline.stages.poll_fast import RawEntry, RawFeed, read_simple_feed

STAGE = "poll"

_PERIOD_S = {
    "hourly": 3600,
    "daily": 86_400,
    "weekly": 7 * 86_400,
    "monthly": 30 * 86_400,
    "yearly": 365 * 86_400,
}
_SPACE = re.compile(r"\s+")  # linear: one pass, no backtracking (tests/test_regex_audit.py)
_SURROGATE = re.compile("[\ud800-\udfff]")  # one character class: linear
_RAW_TEXT = ("script", "style")  # elements whose content is not text
DEFAULT_MAX_ITEMS = 1000


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One feed entry as a FeedItem (revision 0), with what the poller needs to track it."""

    item: FeedItem
    identity: str = ""  # guid/id, else canonical link
    fingerprint: str = ""  # changes when the content or updated date changes


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its entries (newest first, as the feed lists them) and scheduling hints."""

    feed: FeedRef
    entries: tuple[ParsedEntry, ...]
    title: str | None = None
    ttl_s: float | None = None  # RSS <ttl>
    update_period_s: float | None = None  # sy:updatePeriod / sy:updateFrequency
    problem: str | None = None  # why the feed is malformed, when it still yielded entries
    skipped: int = 0  # entries without a usable link
    cut: int = 0  # entries beyond ``max_items``, dropped unread
    duplicates: int = 0  # entries for an article an earlier entry of this document already gave

    @property
    def items(self) -> tuple[FeedItem, ...]:
        return tuple(e.item for e in self.entries)


def parse_feed(
    feed: FeedRef,
    body: bytes,
    *,
    fetched_at: datetime,
    headers: Mapping[str, str] | None = None,
    base_url: str | None = None,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> ParsedFeed:
    """Parse a feed document; raise FeedError when it is not a feed or yields nothing usable.

    ``headers`` are the HTTP response headers (the charset is taken from Content-Type);
    ``base_url`` is where the document was fetched from (after redirects; default the feed URL),
    against which relative links are resolved.  Only the first ``max_items`` entries are read
    (feeds list the newest first); the others are counted in :attr:`ParsedFeed.cut`.

    Whatever the bytes hold, the only exception is a :class:`FeedError`: an empty body is
    ``feed.empty``, and anything a parser raises on a hostile document (a lone surrogate, JSON
    nested past the recursion limit, an unusable declared encoding) is ``feed.parse_failed``.
    """
    if not body.strip():
        raise FeedError("empty body", reason="feed.empty")
    try:
        return _parse(feed, body, fetched_at, headers or {}, base_url or feed.url, max_items)
    except FeedError:
        raise
    except RecursionError as exc:
        raise FeedParseError("document nested too deeply to parse") from exc
    except Exception as exc:  # a library's own failure on hostile bytes: the feed's outcome, not a crash
        raise FeedParseError(f"{type(exc).__name__}: {exc}") from exc


def _parse(
    feed: FeedRef, body: bytes, fetched_at: datetime, headers: Mapping[str, str], base: str, max_items: int
) -> ParsedFeed:
    headers = {k.lower(): v for k, v in headers.items()}
    if _looks_like_json(body, headers.get("content-type", "")):
        return _parse_json_feed(feed, body, fetched_at, base, max_items)
    simple = read_simple_feed(body, headers) if "content-location" not in headers else None
    if simple is not None:
        return _interpret(feed, simple, fetched_at, base, max_items=max_items)
    return _parse_xml_feed(feed, body, fetched_at, headers, base, max_items)


def _looks_like_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type.lower() or body.lstrip()[:1] == b"{"


# --- XML feeds (feedparser) -------------------------------------------------------------------


def _parse_xml_feed(
    feed: FeedRef,
    body: bytes,
    fetched_at: datetime,
    headers: dict[str, str],
    base: str,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> ParsedFeed:
    # A file object, never bytes or str: feedparser would treat a URL-like string as something to fetch.
    # No HTML sanitising or URI rewriting inside content: summaries are reduced to plain text and
    # content is only fingerprinted, and skipping both makes parsing ~40% faster.  No base URL is
    # given to feedparser either, as it would also "resolve" relative guids ("1234" -> "http://..."),
    # changing item identities; links are resolved here instead.
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    channel = parsed.feed
    raw = RawFeed(
        entries=[_raw_of(e) for e in parsed.entries],
        title=channel.get("title"),
        ttl=channel.get("ttl"),
        update_period=channel.get("sy_updateperiod"),
        update_frequency=channel.get("sy_updatefrequency"),
    )
    return _interpret(
        feed,
        raw,
        fetched_at,
        base,
        max_items=max_items,
        known_format=bool(parsed.version),
        problem=_bozo_problem(parsed),
    )


def _interpret(
    feed: FeedRef,
    raw: RawFeed,
    fetched_at: datetime,
    base: str,
    *,
    max_items: int,
    known_format: bool = True,
    problem: str | None = None,
) -> ParsedFeed:
    """Records from a feed's raw values, read by feedparser or by the fast path alike."""
    cut = max(0, len(raw.entries) - max_items)
    collected = _collect(_raw_entry(feed, e, fetched_at, base) for e in raw.entries[:max_items])
    entries, skipped = collected.entries, collected.skipped
    if not entries:
        if not known_format:
            raise FeedError("not a feed: neither RSS, Atom nor JSON Feed")
        if problem is not None:
            raise FeedError(f"malformed feed with no usable entries: {problem}")
        if skipped:
            raise FeedError(f"none of the {skipped} entries has a usable link")
    return ParsedFeed(
        feed=feed,
        entries=entries,
        title=_text(raw.title),
        ttl_s=_ttl_s(raw.ttl),
        update_period_s=_update_period_s(raw.update_period, raw.update_frequency),
        problem=problem,
        skipped=skipped,
        cut=cut,
        duplicates=collected.duplicates,
    )


def _bozo_problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    # A declared charset that differs from the HTTP one is harmless: feedparser handles it.
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return None
    return f"{type(exc).__name__}: {exc}" if exc is not None else "malformed"


def _raw_of(entry: Any) -> RawEntry:
    """A feedparser entry's values, as the fast path reports them too."""
    return RawEntry(
        link=_first_link(entry),
        origlink=entry.get("feedburner_origlink"),
        guid=entry.get("id"),
        title=entry.get("title"),
        summary=entry.get("summary"),
        published=_from_struct(dict.get(entry, "published_parsed")),
        updated=_from_struct(dict.get(entry, "updated_parsed")),
        contents=[c.get("value", "") for c in entry.get("content", []) if isinstance(c, Mapping)],
    )


def _raw_entry(feed: FeedRef, raw: RawEntry, fetched_at: datetime, base: str) -> ParsedEntry | None:
    link = _absolute(base, raw.link)
    if link is None:
        return None
    origin = _absolute(base, raw.origlink) or link
    return _entry(
        feed,
        link=link,
        origin=origin,
        guid=_guid(raw.guid),
        title=_text(raw.title),
        summary=_plain(raw.summary),
        published=raw.published,
        updated=raw.updated,
        contents=raw.contents,
        fetched_at=fetched_at,
    )


def _first_link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        alternates = [lk.get("href") for lk in entry.get("links", []) if lk.get("href")]
        link = alternates[0] if alternates else None
    if not link and entry.get("guidislink"):
        link = entry.get("id")
    return link if isinstance(link, str) else None


def _absolute(base: str, link: Any) -> str | None:
    """``link`` resolved against ``base`` if it is (or becomes) an http(s) URL, else None."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        url = urljoin(base, _valid_unicode(link.strip()))
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) else None


def _from_struct(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _ttl_s(value: Any) -> float | None:
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        return None
    return minutes * 60 if minutes > 0 else None


def _update_period_s(period: Any, frequency: Any) -> float | None:
    if not period:
        return None
    seconds = _PERIOD_S.get(str(period).strip().lower())
    if seconds is None:
        return None
    try:
        times = max(1, int(str(frequency).strip())) if frequency else 1
    except ValueError:
        times = 1
    return seconds / times


# --- JSON Feed ---------------------------------------------------------------------------------


def _parse_json_feed(
    feed: FeedRef, body: bytes, fetched_at: datetime, base: str, max_items: int
) -> ParsedFeed:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not a JSON Feed: invalid JSON: {exc}") from exc
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/"
    ):
        raise FeedError("not a JSON Feed: no jsonfeed.org version")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("JSON Feed without an items list")
    collected = _collect(
        _json_entry(feed, i, fetched_at, base) for i in items[:max_items] if isinstance(i, dict)
    )
    if not collected.entries and collected.skipped:
        raise FeedError(f"none of the {collected.skipped} entries has a usable link")
    return ParsedFeed(
        feed=feed,
        entries=collected.entries,
        title=_text(document.get("title")),
        skipped=collected.skipped,
        cut=max(0, len(items) - max_items),
        duplicates=collected.duplicates,
    )


def _json_entry(feed: FeedRef, item: dict[str, Any], fetched_at: datetime, base: str) -> ParsedEntry | None:
    link = _absolute(base, item.get("url") or item.get("external_url"))
    if link is None:
        return None
    return _entry(
        feed,
        link=link,
        origin=link,
        guid=_guid(item.get("id")),
        title=_text(item.get("title")),
        summary=_plain(item.get("summary") or item.get("content_text") or item.get("content_html")),
        published=_from_iso(item.get("date_published")),
        updated=_from_iso(item.get("date_modified")),
        contents=[str(item.get("content_html") or ""), str(item.get("content_text") or "")],
        fetched_at=fetched_at,
    )


def _from_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- shared ------------------------------------------------------------------------------------


def _entry(
    feed: FeedRef,
    *,
    link: str,
    origin: str,
    guid: str | None,
    title: str | None,
    summary: str | None,
    published: datetime | None,
    updated: datetime | None,
    contents: Iterable[str],
    fetched_at: datetime,
) -> ParsedEntry | None:
    try:
        url = canonical_url(origin)
        item = FeedItem(
            article_id=_id_of_canonical(url),
            url=url,
            link=link,
            feed=feed,
            guid=guid,
            title=title,
            summary=summary,
            published_at=published,
            updated_at=updated,
            fetched_at=fetched_at,
            lineage=(LineageStep(stage=STAGE, at=fetched_at),),
        )
    except ValueError:  # an unparseable URL or a field pydantic refuses: skip the entry, not the feed
        return None
    fingerprint = hashlib.sha256(
        "\x1f".join([title or "", summary or "", *contents, updated.isoformat() if updated else ""]).encode(
            "utf-8", "surrogatepass"
        )
    ).hexdigest()[:32]
    return ParsedEntry(item=item, identity=guid or url, fingerprint=fingerprint)


def _id_of_canonical(url: str) -> str:
    """``article_id_for(url)`` for a URL that is canonical already, without canonicalising it twice
    (tests/test_poll.py checks the two agree)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Collected:
    entries: tuple[ParsedEntry, ...]
    skipped: int  # no usable link
    duplicates: int  # an identity or an article seen earlier in the document


def _collect(entries: Iterable[ParsedEntry | None]) -> _Collected:
    """Usable entries, the first of each identity and of each article kept.

    One entry per article per poll: entries with distinct guids but one link would otherwise all
    be published under one ``article_id``.
    """
    kept: dict[str, ParsedEntry] = {}
    articles: set[str] = set()
    skipped = duplicates = 0
    for entry in entries:
        if entry is None:
            skipped += 1
        elif entry.identity in kept or entry.item.article_id in articles:
            duplicates += 1
        else:
            kept[entry.identity] = entry
            articles.add(entry.item.article_id)
    return _Collected(tuple(kept.values()), skipped, duplicates)


def _guid(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    guid = _valid_unicode(str(value)).strip()
    return guid or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = _SPACE.sub(" ", html.unescape(_valid_unicode(str(value)))).strip()
    return text or None


def _valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (which no UTF-8 encoder accepts) replaced by U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _plain(value: Any) -> str | None:
    """Feed summaries are HTML fragments: keep their text."""
    if not isinstance(value, str):
        return None
    return _text(strip_markup(value))


def strip_markup(value: str) -> str:
    """``value`` with its tags, and ``<script>``/``<style>`` elements whole, replaced by spaces.

    A scanner over ``str.find``, not a regular expression: every character is looked at a bounded
    number of times, so the time is linear in the input whatever it holds (the regular expressions
    this replaces were quadratic on ``<script`` repeated without a closing tag).  A tag is ``<``, at
    least one character, then ``>``; a script or style element ends at ``</script\\s*>`` (any case),
    and one without that end is an ordinary tag whose content stays text.
    """
    if "<" not in value:
        return value
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # raw-text elements with no end tag after some point: none later either
    while True:
        start = value.find("<", pos)
        if start < 0:
            break
        if value.startswith(">", start + 1):  # "<>" is text, not an empty tag
            out.append(value[pos : start + 2])
            pos = start + 2
            continue
        end = value.find(">", start + 2)
        if end < 0:  # no ">" after this "<": no later tag can close either
            break
        out.append(value[pos:start])
        out.append(" ")
        name = _raw_text_element(value, start)
        close = -1 if name is None or name in unclosed else _end_tag(value, name, end + 1)
        if name is not None and close < 0:
            unclosed.add(name)
        pos = (close if close >= 0 else end) + 1
    out.append(value[pos:])
    return "".join(out)


def _raw_text_element(value: str, start: int) -> str | None:
    """``script`` or ``style`` when a start tag of one begins at ``value[start]`` (``<``)."""
    for name in _RAW_TEXT:
        after = start + 1 + len(name)
        if value[start + 1 : after].lower() == name and not (after < len(value) and _is_word(value[after])):
            return name
    return None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _end_tag(value: str, name: str, pos: int) -> int:
    """Index of the ``>`` ending the first ``</name\\s*>`` at or after ``pos``; -1 when there is none."""
    while True:
        at = value.find("</", pos)
        if at < 0:
            return -1
        after = at + 2 + len(name)
        if value[at + 2 : after].lower() == name:
            while after < len(value) and value[after].isspace():
                after += 1
            if after < len(value) and value[after] == ">":
                return after
        pos = at + 2

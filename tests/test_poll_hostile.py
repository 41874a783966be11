"""Hostile feed documents: every one ends as a typed FeedError or a bounded result, in bounded time.

The documents are generated here (issue 15 items 1, 2, 7 and 8); the poller-level behaviour, with a
good feed flowing beside them, is in tests/test_poll_liveness.py.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from pipeline.errors import FeedError, FeedParseError
from pipeline.records import FeedRef
from pipeline.stages.poll import parse_feed, strip_markup

FEED = FeedRef(url="http://feeds.example.org/feed.xml")
FETCHED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
JSON_FEED = {"content-type": "application/feed+json"}
RSS = {"content-type": "application/rss+xml"}


def parse(body: bytes, headers: dict[str, str] | None = None, **kwargs: int) -> object:
    return parse_feed(FEED, body, fetched_at=FETCHED, headers=headers or RSS, **kwargs)  # type: ignore[arg-type]


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f'{declaration}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_empty_body_is_a_feed_empty_error() -> None:
    with pytest.raises(FeedError) as caught:
        parse(b"")
    assert caught.value.reason == "feed.empty"


def test_whitespace_body_is_a_feed_empty_error() -> None:
    with pytest.raises(FeedError) as caught:
        parse(b" \r\n\t ")
    assert caught.value.reason == "feed.empty"


def test_json_feed_with_a_lone_surrogate_title_yields_a_publishable_item() -> None:
    body = (
        b'{"version":"https://jsonfeed.org/version/1.1","title":"\\ud800",'
        b'"items":[{"id":"1","url":"http://e.org/a","title":"a \\ud800 b","summary":"\\udfff"}]}'
    )
    parsed = parse(body, JSON_FEED)
    (item,) = parsed.items  # type: ignore[attr-defined]
    assert item.title == "a \ufffd b"
    assert parsed.title == "\ufffd"  # type: ignore[attr-defined]
    assert json.loads(item.model_dump_json())["summary"] == "\ufffd"


def test_json_feed_nested_far_past_the_recursion_limit_is_a_parse_error() -> None:
    depth = 100_000
    body = b'{"version":"https://jsonfeed.org/version/1.1","items":' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(FeedParseError) as caught:
        parse(body, JSON_FEED)
    assert caught.value.reason == "feed.parse_failed"


def test_xml_declaring_the_undefined_encoding_is_a_parse_error() -> None:
    body = rss(
        "<item><link>http://e.org/a</link></item>", declaration='<?xml version="1.0" encoding="undefined"?>'
    )
    with pytest.raises(FeedError) as caught:
        parse(body)
    assert caught.value.reason == "feed.parse_failed"


def test_items_beyond_the_cap_are_cut_and_counted() -> None:
    body = rss("".join(f"<item><guid>g{i}</guid><link>http://e.org/{i}</link></item>" for i in range(250)))
    parsed = parse(body, max_items=100)
    assert len(parsed.entries) == 100  # type: ignore[attr-defined]
    assert parsed.cut == 150  # type: ignore[attr-defined]
    assert parsed.entries[0].item.link == "http://e.org/0"  # type: ignore[attr-defined]  # newest kept


def test_json_feed_items_beyond_the_cap_are_cut_and_counted() -> None:
    items = [{"id": str(i), "url": f"http://e.org/{i}"} for i in range(30)]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    parsed = parse(body, JSON_FEED, max_items=10)
    assert (len(parsed.entries), parsed.cut) == (10, 20)  # type: ignore[attr-defined]


def test_many_guids_with_one_link_give_one_item_per_poll() -> None:
    body = rss(
        "".join(f"<item><guid>g{i}</guid><link>http://e.org/same</link></item>" for i in range(10_000))
    )
    parsed = parse(body, max_items=10_000)
    assert [e.item.link for e in parsed.entries] == ["http://e.org/same"]  # type: ignore[attr-defined]
    assert parsed.duplicates == 9_999  # type: ignore[attr-defined]


def test_repeated_script_openings_in_a_summary_parse_in_linear_time() -> None:
    # 352 kB froze the service for ~93 s with the old regular expression; linear now.
    summary = "&lt;script " * 32_000
    body = rss(f"<item><link>http://e.org/a</link><description>{summary}</description></item>")
    started = time.perf_counter()
    parsed = parse(body)
    assert time.perf_counter() - started < 2.0
    assert parsed.entries[0].item.summary  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("a<script>var x = '<p>';</script>b", "a b"),
        ("a<STYLE type=x>p{}</style >b", "a b"),
        ("a<script>never closed b", "a never closed b"),
        ("3 <> 4", "3 <> 4"),
        ("x < y, never closed", "x < y, never closed"),
        ("x <scripts>y</scripts> z", "x y z"),
    ],
)
def test_strip_markup_keeps_the_text(markup: str, text: str) -> None:
    assert " ".join(strip_markup(markup).split()) == text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script " * 50_000,
        "<" * 200_000,
        "<a" * 100_000,
        "</script" * 50_000,
        "<style>" + "</style " * 50_000,
    ],
)
def test_strip_markup_is_linear_on_hostile_input(hostile: str) -> None:
    started = time.perf_counter()
    strip_markup(hostile)
    assert time.perf_counter() - started < 1.0

"""Records: stable ids, canonical URLs, immutability, wire round trips."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from pipeline.records import FeedItem, FeedRef, article_id_for, canonical_url


def item(**overrides) -> FeedItem:
    data = dict(
        article_id=article_id_for("https://example.com/a"),
        url="https://example.com/a",
        link="https://example.com/a",
        feed=FeedRef(url="https://example.com/feed"),
        fetched_at=datetime(2024, 1, 1, 12, 0),
    )
    data.update(overrides)
    return FeedItem(**data)


def test_article_id_is_sixteen_hex_digits() -> None:
    assert len(article_id_for("https://example.com/a")) == 16
    int(article_id_for("https://example.com/a"), 16)


def test_article_id_ignores_tracking_parameters_and_fragment() -> None:
    assert article_id_for("https://example.com/a?utm_source=rss&fbclid=x#top") == article_id_for(
        "https://example.com/a"
    )


def test_article_id_ignores_host_case_and_default_port() -> None:
    assert article_id_for("HTTPS://Example.COM:443/a") == article_id_for("https://example.com/a")


def test_article_id_keeps_meaningful_query_parameters() -> None:
    assert article_id_for("https://example.com/story?id=1") != article_id_for(
        "https://example.com/story?id=2"
    )


def test_canonical_url_sorts_query_parameters() -> None:
    assert canonical_url("https://example.com/a?b=2&a=1") == "https://example.com/a?a=1&b=2"


def test_article_id_is_stable_across_processes() -> None:
    # sha256 of the canonical URL: a fixed value, not Python's randomised hash()
    assert article_id_for("https://example.com/a") == "2dce0a4c50441bfc"


def test_records_are_frozen() -> None:
    record = item()
    with pytest.raises(ValidationError):
        record.title = "changed"  # type: ignore[misc]


def test_naive_datetimes_are_read_as_utc() -> None:
    assert item().fetched_at.utcoffset() is not None


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        item(surprise=1)


def test_bad_article_id_is_rejected() -> None:
    with pytest.raises(ValidationError):
        item(article_id="not-an-id")


def test_feed_item_round_trips_through_json() -> None:
    record = item(title="Héadline")
    assert FeedItem.model_validate_json(record.to_json_bytes()) == record

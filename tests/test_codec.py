"""Wire format: JSON values with record-type and schema-version headers."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.errors import DecodeError, ValidationFailed
from pipeline.kafka import codec
from pipeline.records import FeedItem, FeedRef, article_id_for


def feed_item() -> FeedItem:
    return FeedItem(
        article_id=article_id_for("https://e.com/a"),
        url="https://e.com/a",
        link="https://e.com/a",
        feed=FeedRef(url="https://e.com/f"),
        fetched_at=datetime(2024, 1, 1),
    )


def test_encode_sets_record_type_and_schema_version_headers() -> None:
    _, headers = codec.encode(feed_item())
    assert dict(headers) == {"record-type": b"feed_item", "schema-version": b"1"}


def test_decode_round_trips() -> None:
    value, _ = codec.encode(feed_item())
    assert codec.decode(value, FeedItem) == feed_item()


def test_decode_rejects_non_json() -> None:
    with pytest.raises(DecodeError):
        codec.decode(b"\xff\xfe", FeedItem)


def test_decode_rejects_tombstone() -> None:
    with pytest.raises(DecodeError, match="tombstone"):
        codec.decode(None, FeedItem)


def test_decode_names_the_invalid_field() -> None:
    with pytest.raises(ValidationFailed, match="article_id"):
        codec.decode(b'{"article_id": 5}', FeedItem)

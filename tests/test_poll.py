"""The pure poll stage: feed documents from tests/data/feeds parsed into FeedItems."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import FeedError
from pipeline.records import FeedRef, article_id_for
from pipeline.stages.poll import ParsedFeed, parse_feed

DATA = Path(__file__).resolve().parent / "data" / "feeds"
FETCHED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def parse(
    name: str,
    *,
    url: str = "https://feeds.example.org/feed",
    content_type: str = "application/xml",
    body: bytes | None = None,
) -> ParsedFeed:
    data = (DATA / name).read_bytes() if body is None else body
    return parse_feed(
        FeedRef(url=url, name="Example"), data, fetched_at=FETCHED, headers={"Content-Type": content_type}
    )


def test_parse_rss20_yields_every_item_in_feed_order() -> None:
    titles = [i.title for i in parse("rss20.xml").items]
    assert titles == [
        "US and Russia agree to convene for Syria talks",
        "Ceasefire holds for a second day in Aleppo",
        "Lavrov and Kerry meet on the sidelines of the G20",
    ]


def test_parse_uses_feedburner_origlink_as_canonical_url() -> None:
    item = parse("rss20.xml").items[0]
    assert item.url == "https://news.example.org/world/2016/09/us-russia-syria-talks"
    assert item.article_id == article_id_for(item.url)


def test_parse_keeps_feed_link_as_link_to_fetch() -> None:
    assert parse("rss20.xml").items[0].link.startswith("https://feeds.example.org/~r/world/")


def test_parse_identity_is_guid_when_present() -> None:
    assert parse("rss20.xml").entries[0].identity == "news.example.org-2016-0917-001"


def test_parse_identity_without_guid_is_link_without_tracking_parameters() -> None:
    assert parse("rss20.xml").entries[1].identity == "https://news.example.org/world/2016/09/ceasefire-aleppo"


def test_parse_summary_is_plain_text() -> None:
    assert parse("rss20.xml").items[0].summary == "Diplomats said the talks would resume in Geneva."


def test_parse_reads_publication_date_as_utc() -> None:
    assert parse("rss20.xml").items[0].published_at == datetime(2016, 9, 17, 10, 0, tzinfo=UTC)


def test_parse_reads_ttl_and_update_period_hints() -> None:
    parsed = parse("rss20.xml")
    assert (parsed.ttl_s, parsed.update_period_s) == (1800.0, 900.0)


def test_parse_item_carries_feed_and_fetch_time() -> None:
    item = parse("rss20.xml").items[0]
    assert (item.feed.name, item.fetched_at, item.revision, item.lineage[0].stage) == (
        "Example",
        FETCHED,
        0,
        "poll",
    )


def test_parse_rss091_decodes_declared_charset() -> None:
    assert parse("rss091.xml").items[0].title == "Sommet de Genève : la réunion est reportée"


def test_parse_rss10_rdf() -> None:
    assert parse("rss10.rdf").items[0].url == "https://rdf.example.com/story/1"


def test_parse_atom10_resolves_relative_links_against_feed_url() -> None:
    links = [i.link for i in parse("atom10.xml", url="https://atom.example.com/feed.xml").items]
    assert links[1] == "https://atom.example.com/2017/02/relative"


def test_parse_atom10_reads_updated_date() -> None:
    assert parse("atom10.xml").items[0].updated_at == datetime(2017, 2, 1, 10, 30, tzinfo=UTC)


def test_parse_atom03() -> None:
    assert parse("atom03.xml").items[0].title == "Truce extended by 48 hours"


def test_parse_json_feed_items_with_links() -> None:
    items = parse("jsonfeed.json", content_type="application/feed+json").items
    assert [i.guid for i in items] == ["2", "1"]


def test_parse_json_feed_counts_items_without_link_as_skipped() -> None:
    assert parse("jsonfeed.json", content_type="application/feed+json").skipped == 1


def test_parse_json_feed_detected_without_json_content_type() -> None:
    assert len(parse("jsonfeed.json", content_type="text/plain").items) == 2


def test_parse_malformed_feed_with_entries_is_used_and_reports_problem() -> None:
    parsed = parse("malformed_with_entries.xml")
    assert [i.link for i in parsed.items] == [
        "https://broken.example.com/first",
        "https://broken.example.com/second",
    ]
    assert parsed.problem is not None


def test_parse_malformed_feed_without_entries_raises_feed_error() -> None:
    with pytest.raises(FeedError, match="malformed"):
        parse("malformed_empty.xml")


def test_parse_html_page_raises_feed_error() -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse("not_a_feed.html", content_type="text/html")


def test_parse_invalid_json_feed_raises_feed_error() -> None:
    with pytest.raises(FeedError):
        parse(
            "",
            body=b'{"version": "https://jsonfeed.org/version/1", "items": [',
            content_type="application/json",
        )


def test_parse_well_formed_empty_feed_yields_no_items() -> None:
    assert parse("empty_channel.xml").items == ()


def test_parse_fingerprint_changes_when_content_changes() -> None:
    body = (DATA / "rss20.xml").read_bytes()
    before = parse("", body=body).entries[0]
    after = parse("", body=body.replace(b"would resume in Geneva", b"resumed in Geneva")).entries[0]
    assert (before.identity, before.fingerprint != after.fingerprint) == (after.identity, True)

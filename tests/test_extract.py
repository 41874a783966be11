"""The extract stage: corpus-format text, metadata, and a typed outcome for every bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.corpus import CorpusDoc, load_corpus, render_html
from pipeline.errors import EmptyDocument, NoArticleText, PageTooLarge, UnknownEncoding
from pipeline.http import Page
from pipeline.records import FeedItem, FeedRef, article_id_for, canonical_url
from pipeline.stages.extract import ExtractOptions, extract, extract_html
from pipeline.text.blocks import split_blocks
from pipeline.text.normalize import normalize_line

DATA = Path(__file__).parent / "data" / "extract"
ARTICLE_URL = "https://www.coastal-courier.example/news/2024/harbour-cranes-return?utm_source=rss"
CORPUS = load_corpus()


def _item(url: str = ARTICLE_URL) -> FeedItem:
    return FeedItem(
        article_id=article_id_for(url),
        url=canonical_url(url),
        link=url,
        feed=FeedRef(url="https://www.coastal-courier.example/rss", name="Courier"),
        title="Feed title",
        published_at=datetime(2024, 3, 14, 7, 0, tzinfo=UTC),
        fetched_at=datetime(2024, 3, 14, 9, 0, tzinfo=UTC),
        revision=2,
    )


def _page(
    body: bytes, *, url: str = ARTICLE_URL, content_type: str | None = "text/html", charset: str | None = None
) -> Page:
    return Page(url=url, final_url=url, status=200, body=body, content_type=content_type, charset=charset)


def _article_html() -> bytes:
    return (DATA / "article.html").read_bytes()


@pytest.mark.parametrize("doc", CORPUS, ids=lambda d: d.doc_id)
def test_extract_gives_back_the_corpus_blocks_of_a_rendered_corpus_page(doc: CorpusDoc) -> None:
    extracted = extract_html(render_html(doc).encode("utf-8"), url=doc.canonical_url)
    expected = [tuple(normalize_line(line) for line in block) for block in split_blocks(doc.text)]
    assert list(extracted.blocks) == expected


@pytest.mark.parametrize("doc", CORPUS, ids=lambda d: d.doc_id)
def test_extract_reads_title_date_and_canonical_url_of_a_corpus_page(doc: CorpusDoc) -> None:
    extracted = extract_html(render_html(doc), url=doc.canonical_url + "?utm_source=replay")
    assert (extracted.title, extracted.canonical_url) == (doc.headline, doc.canonical_url)
    assert extracted.published is not None
    assert (extracted.published.value, extracted.published.source) == (doc.published, "page")


def test_extract_text_is_headline_first_with_blank_lines_between_paragraphs() -> None:
    text = extract(_item(), _page(_article_html())).text
    blocks = text.split("\n\n")
    assert blocks[0] == "Harbour cranes return to Port Elwin after a decade"
    assert blocks[1].startswith("Two container cranes arrived at Port Elwin on Thursday")


def test_extract_keeps_a_line_break_inside_a_paragraph_as_a_single_newline() -> None:
    text = extract(_item(), _page(_article_html())).text
    assert (
        '"We waited a long time for this," said Ilse Marten, who chairs the dockers\' association.\n'
        '"Half of us had moved away to find work.'
    ) in text


def test_extract_text_has_no_trailing_spaces_or_blank_line_runs() -> None:
    text = extract(_item(), _page(_article_html())).text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_extract_prepends_the_headline_when_the_body_lacks_it() -> None:
    html = (
        "<html><head><title>Dockers vote to end the strike</title></head><body><article>"
        "<p>Dockers at Port Elwin voted on Friday to end a strike that had closed the harbour for nine "
        "days, after the port authority agreed to review the new shift rota with the union.</p>"
        "</article></body></html>"
    )
    assert extract_html(html).text.split("\n\n")[0] == "Dockers vote to end the strike"


def test_extract_fills_metadata_the_page_states() -> None:
    article = extract(_item(), _page(_article_html()))
    assert article.title == "Harbour cranes return to Port Elwin after a decade"
    assert article.authors == ("Mara Lindqvist",)
    assert article.site_name == "The Coastal Courier"
    assert article.language == "en"
    assert article.canonical_url == "https://www.coastal-courier.example/news/2024/harbour-cranes-return"
    assert article.published is not None
    assert article.published.value == datetime(2024, 3, 14, 8, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.published.source == "page"


def test_extract_leaves_unstated_metadata_null() -> None:
    html = (
        "<html><body><article><p>Dockers at Port Elwin voted on Friday to end a strike that had closed "
        "the harbour for nine days, after the port authority agreed to review the rota.</p>"
        "</article></body></html>"
    )
    extracted = extract_html(html, url="https://news.example/a/b")
    assert (
        extracted.title,
        extracted.authors,
        extracted.published,
        extracted.site_name,
        extracted.language,
        extracted.canonical_url,
    ) == (None, (), None, None, None, None)


def test_extract_labels_a_date_found_only_in_the_url() -> None:
    html = (
        "<html><head><title>Dockers vote</title></head><body><article><p>Dockers at Port Elwin "
        "voted on Friday to end a strike that had closed the harbour for nine days.</p></article>"
        "</body></html>"
    )
    published = extract_html(html, url="https://news.example/2024/03/14/dockers-vote").published
    assert published is not None
    assert (published.value, published.source) == (datetime(2024, 3, 14, tzinfo=UTC), "url")


def test_extract_falls_back_to_the_feed_date_labelled_as_such() -> None:
    html = (
        "<html><head><title>Dockers vote to end the strike</title></head><body><article>"
        "<p>Dockers at Port Elwin voted on Friday to end a strike that had closed the harbour for nine "
        "days, after the port authority agreed to review the new shift rota with the union.</p>"
        "</article></body></html>"
    )
    published = extract(_item(), _page(html.encode())).published
    assert published is not None
    assert (published.value, published.source) == (datetime(2024, 3, 14, 7, 0, tzinfo=UTC), "feed")


def test_extract_takes_identity_fields_from_the_feed_item() -> None:
    item = _item()
    article = extract(item, _page(_article_html()))
    assert (
        article.article_id,
        article.url,
        article.feed,
        article.fetched_at,
        article.published_at,
        article.revision,
    ) == (item.article_id, item.url, item.feed, item.fetched_at, item.published_at, 2)


def test_extract_appends_its_lineage_step() -> None:
    assert extract(_item(), _page(_article_html())).lineage[-1].stage == "extract"


def test_extract_decodes_a_page_by_its_meta_charset() -> None:
    extracted = extract_html((DATA / "windows-1251.html").read_bytes())
    assert extracted.title == "Новый мост через Неву открыт для движения"
    assert "Санкт-Петербурге" in extracted.text


def test_extract_prefers_the_declared_http_charset() -> None:
    body = (DATA / "windows-1251.html").read_bytes().replace(b"windows-1251", b"utf-8")
    article = extract(_item(), _page(body, charset="windows-1251"))
    assert "Санкт-Петербурге" in article.text


def test_extract_rejects_an_empty_body() -> None:
    with pytest.raises(EmptyDocument) as caught:
        extract(_item(), _page(b""))
    assert caught.value.reason == "extract.empty_document"


def test_extract_rejects_a_whitespace_body() -> None:
    with pytest.raises(EmptyDocument):
        extract(_item(), _page(b" \r\n\t \n"))


def test_extract_rejects_a_non_html_content_type() -> None:
    with pytest.raises(EmptyDocument):
        extract(_item(), _page(_article_html(), content_type="application/pdf"))


def test_extract_rejects_a_binary_body() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(EmptyDocument):
        extract(_item(), _page(png, content_type=None))


def test_extract_rejects_plain_text_without_markup() -> None:
    with pytest.raises(EmptyDocument):
        extract_html(b"Just a sentence of plain text, with no markup at all, served as a page.")


def test_extract_rejects_a_page_without_article_text() -> None:
    with pytest.raises(NoArticleText) as caught:
        extract(_item(), _page((DATA / "nav-only.html").read_bytes()))
    assert caught.value.reason == "extract.no_text"


def test_extract_rejects_bytes_no_charset_decodes() -> None:
    with pytest.raises(UnknownEncoding) as caught:
        extract(_item(), _page((DATA / "unknown-encoding.html").read_bytes()))
    assert caught.value.reason == "extract.unknown_encoding"


def test_extract_rejects_a_page_over_the_size_limit() -> None:
    with pytest.raises(PageTooLarge) as caught:
        extract(_item(), _page(_article_html()), ExtractOptions(max_bytes=1024))
    assert (caught.value.reason, caught.value.retryable) == ("extract.too_large", False)


def test_extract_html_applies_the_size_limit_to_text_too() -> None:
    with pytest.raises(PageTooLarge):
        extract_html(_article_html().decode("utf-8"), options=ExtractOptions(max_bytes=1024))

"""The extract stage: a fetched page → an :class:`Article` in the corpus text format.

Pure: no I/O.  The bytes are decoded (declared charset, ``<meta charset>``, detection), parsed once,
and handed to trafilatura with the options chosen by measurement on the extraction dev set (see
``docs/bench_extract.md``): comments excluded, no fallback extractors.  The text is built from
trafilatura's XML body so paragraph breaks and line breaks stay distinct; the headline comes
first (prepended when the body does not already hold it).

Bad input raises an :class:`ExtractError` with a stable reason, which the runner dead-letters:

    EmptyDocument     extract.empty_document   empty, binary or non-HTML body
    PageTooLarge      extract.too_large        body over ``ExtractOptions.max_bytes``
    UnknownEncoding   extract.unknown_encoding no charset decodes the bytes
    NoArticleText     extract.no_text          trafilatura finds no article text
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from pipeline.errors import EmptyDocument, NoArticleText, PageTooLarge
from pipeline.page import Page
from pipeline.records import Article, DateInfo, FeedItem, LineageStep
from pipeline.text.blocks import Block, blocks_from_body, join_blocks
from pipeline.text.decode import decode_html
from pipeline.text.markup_bounds import check_markup
from pipeline.text.metadata import page_metadata
from pipeline.text.normalize import is_headline

STAGE = "extract"
Favor = Literal["balanced", "precision", "recall"]
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Content types that may hold an HTML page; any other is refused (a missing type is sniffed).
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"})
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|article|title|meta|h[1-6])\b", re.IGNORECASE)

# trafilatura logs every discarded page at WARNING; the outcome is our typed error instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How pages are extracted; the defaults are the measured best (docs/bench_extract.md)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    favor: Favor = "balanced"  # trafilatura's precision / recall modes
    include_tables: bool = True
    include_comments: bool = False  # reader comments are not the article
    min_words: int = 10  # fewer words after the headline: not an article (a menu, a stub)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What one HTML page yields: the text blocks and the metadata the page states."""

    blocks: tuple[Block, ...]
    title: str | None
    authors: tuple[str, ...] = ()
    published: DateInfo | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None

    @property
    def text(self) -> str:
        """Corpus-format text: headline first, one block per paragraph."""
        return join_blocks(list(self.blocks))


def extract(item: FeedItem, page: Page, options: ExtractOptions | None = None) -> Article:
    """Extract the article of ``page``, announced by ``item``; raise ExtractError on bad input."""
    options = options or ExtractOptions()
    _check_content_type(page)
    extracted = extract_html(
        page.body, url=page.final_url or item.link, options=options, charset=page.charset
    )
    return Article(
        article_id=item.article_id,
        url=item.url,
        feed=item.feed,
        title=extracted.title or item.title,
        text=extracted.text,
        authors=extracted.authors,
        published=extracted.published or _feed_date(item),
        site_name=extracted.site_name,
        language=extracted.language,
        canonical_url=extracted.canonical_url,
        published_at=item.published_at,
        fetched_at=item.fetched_at,
        revision=item.revision,
        lineage=(*item.lineage, LineageStep(stage=STAGE)),
    )


def _feed_date(item: FeedItem) -> DateInfo | None:
    """The feed's publication time, when the page states none."""
    return DateInfo(value=item.published_at, source="feed") if item.published_at else None


def extract_html(
    html: bytes | str,
    url: str | None = None,
    options: ExtractOptions | None = None,
    *,
    charset: str | None = None,
) -> ExtractedPage:
    """Extract text and metadata from one HTML page (bytes are decoded, ``charset`` first)."""
    options = options or ExtractOptions()
    _sized(html, options)
    text = decode_html(_sniffed(html), charset) if isinstance(html, bytes) else html
    tree = _parse(check_markup(text))
    meta = page_metadata(tree, url)
    body = _article_body(tree, url, options)
    blocks = _headline_first(blocks_from_body(body), meta.title)
    _check_enough_text(blocks, meta.title, options, url)
    return ExtractedPage(
        blocks=tuple(blocks),
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        site_name=meta.site_name,
        language=meta.language,
        canonical_url=meta.canonical_url,
    )


def _check_enough_text(
    blocks: list[Block], title: str | None, options: ExtractOptions, url: str | None
) -> None:
    words = sum(len(line.split()) for block in blocks for line in block if not _is_title(line, title))
    if words < options.min_words:
        raise NoArticleText(f"no article text found in {url or 'the page'} ({words} words)")


def _sized(html: bytes | str, options: ExtractOptions) -> None:
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > options.max_bytes:
        raise PageTooLarge(f"page is {size} bytes, over the {options.max_bytes}-byte limit")


def _sniffed(body: bytes) -> bytes:
    """The body, unless it is certainly not a text document (empty, or NULs outside UTF-16)."""
    if not body.strip():
        raise EmptyDocument("empty body")
    if b"\x00" in body[:1024] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EmptyDocument("body is binary, not an HTML document")
    return body


def _check_content_type(page: Page) -> None:
    media = (page.content_type or "").split(";")[0].strip().lower()
    if media and media not in _HTML_TYPES:
        raise EmptyDocument(f"content type {media} is not an HTML page")


def _parse(text: str) -> lxml_html.HtmlElement:
    """Parse decoded HTML; an empty, binary or markup-free document is an EmptyDocument."""
    if not text.strip():
        raise EmptyDocument("empty body")
    if "\x00" in text[:4096] or not _MARKUP.search(text[:65536]):
        raise EmptyDocument("body is not an HTML document")
    # trafilatura's loader (lxml with its repairs): lxml's own document parser can lose article
    # parts on malformed pages (measured: half the body of two dev-set pages).
    tree = trafilatura.load_html(text)
    if tree is None:
        raise EmptyDocument("body does not parse as HTML")
    return tree


def _article_body(tree: lxml_html.HtmlElement, url: str | None, options: ExtractOptions) -> etree._Element:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,
        as_dict=False,
        include_comments=options.include_comments,
        include_tables=options.include_tables,
        favor_precision=options.favor == "precision",
        favor_recall=options.favor == "recall",
    )
    if not isinstance(document, Document) or document.body is None or not len(document.body):
        raise NoArticleText(f"no article text found in {url or 'the page'}")
    return document.body


def _headline_first(blocks: list[Block], title: str | None) -> list[Block]:
    """Prepend the headline unless the body already holds it (then it stays where it is, and the
    clean stage cuts any page chrome above it)."""
    if not title or any(_is_title(" ".join(block), title) for block in blocks):
        return blocks
    return [(title,), *blocks]


def _is_title(line: str, title: str | None) -> bool:
    return title is not None and is_headline(line, title)

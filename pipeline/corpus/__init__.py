"""The bundled replay corpus: five real articles and their rendering as HTML pages and an RSS feed.

The text files are raw extraction output in the corpus format (blocks separated by blank lines,
boilerplate included); :func:`render_html` turns one back into a plain article page whose
extraction gives the same blocks, so replay exercises extract and clean for real.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from importlib import resources

import yaml

CANONICAL_BASE = "https://corpus.newswire.example/articles/"


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    """One bundled article."""

    doc_id: str  # e.g. "000_554f2bcfc4ab7e25"
    slug: str
    headline: str
    published: datetime
    text: str

    @property
    def canonical_url(self) -> str:
        return f"{CANONICAL_BASE}{self.slug}"

    @property
    def blocks(self) -> list[str]:
        return [b for b in self.text.split("\n\n") if b.strip()]


def load_corpus() -> list[CorpusDoc]:
    """Read the bundled corpus (package data), in file order."""
    root = resources.files(__name__)
    manifest = yaml.safe_load(root.joinpath("manifest.yaml").read_text(encoding="utf-8"))
    docs = []
    for entry in manifest["documents"]:
        text = root.joinpath(entry["file"]).read_text(encoding="utf-8")
        docs.append(
            CorpusDoc(
                doc_id=entry["file"].removesuffix(".txt"),
                slug=entry["slug"],
                headline=entry["headline"],
                published=datetime.fromisoformat(entry["published"]),
                text=text,
            )
        )
    return docs


def render_html(doc: CorpusDoc) -> str:
    """An article page for ``doc``: every block a paragraph (lines joined by <br>), the headline an <h1>."""
    parts = []
    for block in doc.blocks:
        inner = "<br>\n".join(html.escape(line) for line in block.split("\n"))
        tag = "h1" if block.strip() == doc.headline else "p"
        parts.append(f"<{tag}>{inner}</{tag}>")
    body = "\n".join(parts)
    title = html.escape(doc.headline)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{html.escape(doc.canonical_url)}">\n'
        f'<meta property="article:published_time" content="{doc.published.isoformat()}">\n'
        f"</head><body><article>\n{body}\n</article></body></html>\n"
    )


def render_rss(docs: list[CorpusDoc], page_url: dict[str, str], *, feed_url: str) -> str:
    """An RSS 2.0 feed announcing ``docs``: <link> is where to fetch each page (``page_url`` by
    doc_id), <guid> and feedburner:origLink the stable canonical URL newswire keys the article by."""
    items = []
    for doc in docs:
        items.append(
            "<item>"
            f"<title>{html.escape(doc.headline)}</title>"
            f"<link>{html.escape(page_url[doc.doc_id])}</link>"
            f'<guid isPermaLink="false">{html.escape(doc.canonical_url)}</guid>'
            f"<feedburner:origLink>{html.escape(doc.canonical_url)}</feedburner:origLink>"
            f"<pubDate>{format_datetime(doc.published)}</pubDate>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
        "<channel><title>newswire bundled corpus</title>"
        f"<link>{html.escape(feed_url)}</link>"
        "<description>Five real articles replayed as a test feed</description>"
        + "".join(items)
        + "</channel></rss>\n"
    )

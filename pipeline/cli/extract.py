"""``newswire extract``: run the extract and clean stages on one page, or on a JSON Lines file of
pages, without Kafka.

    newswire extract https://example.com/news/1        fetch (with the pipeline's fetcher) and print
    newswire extract page.html --url https://...        a saved page; --url sets the page's address
    newswire extract page.html --json                   the CleanArticle record instead of the text
    newswire extract --jsonl pages.jsonl                lines of {"id", "url", "html"} → one line each
                                                        of {"id", "record"} or {"id", "error"}

Learned per-source boilerplate starts empty and is not saved: the command never touches the
running pipeline's state.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.cli.common import CliContext

if TYPE_CHECKING:
    from pipeline.http import Page
    from pipeline.records import CleanArticle
    from pipeline.settings import Settings
    from pipeline.stages.clean import CleanContext
    from pipeline.stages.extract import ExtractOptions

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

FEED_URL = "newswire:extract"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract and clean one article page (URL or file), or a JSON Lines file of pages",
        description="Run the extract and clean stages on a page and print the clean article: its text by "
        'default, the CleanArticle record with --json. With --jsonl, read lines of {"id", "url", '
        '"html"} and write one line per input with the id and the clean record or the error.',
    )
    p.add_argument("source", nargs="?", help="an http(s) URL to fetch, or an HTML file")
    p.add_argument("--url", help="the page's address when SOURCE is a file (for metadata and the id)")
    p.add_argument("--json", action="store_true", help="print the CleanArticle record as JSON")
    p.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help="bulk mode: a JSON Lines file of pages ('-' for stdin); writes JSON Lines to stdout",
    )
    p.set_defaults(func=run_extract)


def run_extract(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.errors import ConfigError
    from pipeline.stages.clean import CleanContext
    from pipeline.steps import extract_options

    settings = ctx.settings
    context = CleanContext.from_rules_file(settings.data_file("clean.rules_file"))
    options = extract_options(settings)
    if args.jsonl is not None:
        if args.source:
            raise ConfigError("extract", "give either SOURCE or --jsonl, not both")
        return _run_jsonl(args.jsonl, context, options)
    if not args.source:
        raise ConfigError("extract", "give a URL or a file to extract (or --jsonl FILE)")
    page = _load(args.source, args.url, settings)
    article = _extract_and_clean(page, context, options)
    print(article.model_dump_json(indent=2) if args.json else article.text)
    return 0


def _load(source: str, url: str | None, settings: Settings) -> Page:
    """The page to extract: fetched when ``source`` is a URL, read from disk otherwise."""
    import asyncio

    from pipeline.cli.inputs import read_bytes
    from pipeline.errors import InputError
    from pipeline.http import Page

    if source.lower().startswith(("http://", "https://")):
        return asyncio.run(_fetch(source, settings))
    scheme = _SCHEME.match(source)
    if scheme and len(scheme.group(1)) > 1:  # "C:" is a Windows drive, not a scheme
        raise InputError(
            f"{source}: {scheme.group(1)}: URLs are not supported; give an http(s) URL or a file"
        )
    path = Path(source)
    body = read_bytes(path)
    address = url or ("urn:newswire-extract:stdin" if source == "-" else path.resolve().as_uri())
    return Page(url=address, final_url=address, status=200, body=body)


async def _fetch(url: str, settings: Settings) -> Page:
    from pipeline.http.fetcher import Fetcher

    async with Fetcher(settings.fetch) as fetcher:
        return await fetcher.fetch(url, kind="article")


def _extract_and_clean(page: Page, context: CleanContext, options: ExtractOptions) -> CleanArticle:
    from pipeline.records import FeedItem, FeedRef, article_id_for, canonical_url
    from pipeline.stages.clean import clean
    from pipeline.stages.extract import extract

    item = FeedItem(
        article_id=article_id_for(page.url),
        url=canonical_url(page.url),
        link=page.url,
        feed=FeedRef(url=FEED_URL, name="newswire extract"),
        fetched_at=datetime.now(UTC),
    )
    return clean(extract(item, page, options), context)


def _run_jsonl(path: Path, context: CleanContext, options: ExtractOptions) -> int:
    """One output line per input line; a bad line or a failed page becomes an error line with its
    number, the run carries on, and the exit code is 1 when any line failed (as ``tag --jsonl``)."""
    from pipeline.cli.inputs import numbered_lines, write_jsonl_results

    def rows() -> Iterator[dict[str, Any]]:
        for number, line in numbered_lines(path):
            if isinstance(line, str) and not line.strip():
                continue
            if isinstance(line, str):
                yield _jsonl_result(line, number, context, options)
            else:
                error = _error("input.undecodable", "InputError", line.message)
                yield {"id": None, "line": number, "error": error}

    return write_jsonl_results(rows(), "extract", "failed")


def _jsonl_result(line: str, number: int, context: CleanContext, options: ExtractOptions) -> dict[str, Any]:
    from pipeline.errors import NewswireError
    from pipeline.http import Page

    try:
        entry = json.loads(line)
    except ValueError as exc:
        return {"id": None, "line": number, "error": _error("input.invalid_json", "ValueError", str(exc))}
    if not isinstance(entry, dict) or not isinstance(entry.get("html"), str):
        return {
            "id": _id(entry),
            "line": number,
            "error": _error("input.invalid", "ValueError", "need an object with an 'html' string"),
        }
    given = entry.get("url")
    url = given if isinstance(given, str) and given else f"urn:newswire-extract:{number}"
    page = Page(url=url, final_url=url, status=200, body=entry["html"].encode("utf-8"), charset="utf-8")
    try:
        record = _extract_and_clean(page, context, options)
    except NewswireError as exc:
        return {
            "id": _id(entry),
            "line": number,
            "error": _error(exc.reason, type(exc).__name__, exc.message),
        }
    return {"id": _id(entry), "record": record.model_dump(mode="json")}


def _id(entry: Any) -> Any:
    return entry.get("id") if isinstance(entry, dict) else None


def _error(reason: str, error_class: str, message: str) -> dict[str, str]:
    return {"reason": reason, "error_class": error_class, "message": message}

"""The aiohttp application: three static pages, a JSON API and one event stream.

Pages are fixed files bundled in ``pipeline/web/static`` and never contain data: their scripts
fetch JSON and put every string into the DOM as text.  Every response carries a strict
Content-Security-Policy (scripts, styles and connections from this origin only; no inline
script or style, no frames, no plugins), so even a rendering bug cannot run a page's script.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import web

from pipeline.records import EnrichedArticle
from pipeline.web import views
from pipeline.web.events import Broadcaster, sse
from pipeline.web.status import StatusSampler
from pipeline.web.store import ArticleStore, DeadLetterStore, Filter

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
PAGES = {"/": "index.html", "/dead-letters": "deadletters.html"}
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
LIST_LIMIT = 500
FILTER_MAX = 200


@dataclass
class WebState:
    """What the handlers share: the stores, the status sampler and the event fan-out."""

    articles: ArticleStore
    dead_letters: DeadLetterStore
    sampler: StatusSampler
    broadcaster: Broadcaster
    status_interval_s: float = 2.0


STATE: web.AppKey[WebState] = web.AppKey("state", WebState)


def load_static() -> dict[str, tuple[bytes, str]]:
    """Every bundled file, read once: name -> (bytes, content type)."""
    files: dict[str, tuple[bytes, str]] = {}
    for entry in resources.files("pipeline.web").joinpath("static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            files[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return files


def create_app(state: WebState) -> web.Application:
    app = web.Application()
    app[STATE] = state
    static = load_static()
    app.on_response_prepare.append(_secure)
    app.cleanup_ctx.append(_status_loop)
    app.on_shutdown.append(_close_streams)

    def page(name: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(_request: web.Request) -> web.Response:
            body, content_type = static[name]
            return web.Response(body=body, headers={"Content-Type": content_type})

        return handler

    async def static_file(request: web.Request) -> web.Response:
        found = static.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        return web.Response(body=found[0], headers={"Content-Type": found[1], "Cache-Control": "no-cache"})

    for path, name in PAGES.items():
        app.router.add_get(path, page(name))
    app.router.add_get("/articles/{id}", page("article.html"))
    app.router.add_get("/static/{name}", static_file)
    app.router.add_get("/api/articles", list_articles)
    app.router.add_get("/api/articles/{id}", get_article)
    app.router.add_get("/api/status", get_status)
    app.router.add_get("/api/dead-letters", list_dead_letters)
    app.router.add_get("/api/events", events)
    return app


async def _secure(_request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    response.headers.setdefault("Cache-Control", "no-store")


async def _status_loop(app: web.Application) -> AsyncIterator[None]:
    """Sample the metrics every interval and push the status to every open page."""
    state = app[STATE]

    async def loop() -> None:
        while True:
            await state.sampler.sample()
            state.broadcaster.publish("status", state.sampler.status())
            await asyncio.sleep(state.status_interval_s)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _close_streams(app: web.Application) -> None:
    app[STATE].broadcaster.close()


def _filter(request: web.Request) -> Filter:
    tag = request.query.get("tag", "").strip()[:FILTER_MAX] or None
    entity = request.query.get("entity", "").strip()[:FILTER_MAX] or None
    return Filter(tag=tag, entity=entity)


def _list_payload(state: WebState) -> dict[str, Any]:
    return {
        "tag_counts": state.articles.tag_counts(),
        "entities": [{"id": i, "name": n, "count": c} for i, n, c in state.articles.entity_counts()],
        "total": len(state.articles),
    }


async def list_articles(request: web.Request) -> web.Response:
    state = request.app[STATE]
    where = _filter(request)
    articles = state.articles.newest(where, limit=LIST_LIMIT)
    return web.json_response(
        {
            "filter": {"tag": where.tag, "entity": where.entity},
            "articles": [views.summary(a) for a in articles],
            **_list_payload(state),
        }
    )


async def get_article(request: web.Request) -> web.Response:
    article_id = request.match_info["id"]
    article = request.app[STATE].articles.get(article_id) if ARTICLE_ID.match(article_id) else None
    if article is None:
        return web.json_response({"error": "no such article (or no longer kept)"}, status=404)
    return web.json_response(views.detail(article))


async def get_status(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATE].sampler.status())


async def list_dead_letters(request: web.Request) -> web.Response:
    store = request.app[STATE].dead_letters
    reason = request.query.get("reason", "").strip()[:FILTER_MAX] or None
    return web.json_response(
        {
            "by_reason": [{"stage": s, "reason": r, "count": n} for s, r, n in store.by_reason()],
            "letters": [views.dead_letter(d) for d in store.newest(reason)[:LIST_LIMIT]],
            "reason": reason,
        }
    )


async def events(request: web.Request) -> web.StreamResponse:
    """``article`` events (matching the page's filter) and ``status`` events, until the page leaves."""
    state = request.app[STATE]
    where = _filter(request)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
    await response.prepare(request)
    queue = state.broadcaster.subscribe()
    try:
        await response.write(sse("status", state.sampler.status()))
        while (event := await queue.get()) is not None:
            kind, payload = event
            if isinstance(payload, EnrichedArticle):
                if not where.matches(payload):
                    continue
                payload = {"article": views.summary(payload), **_list_payload(state)}
            await response.write(sse(kind, payload))
    except ConnectionResetError:
        pass  # the page went away
    finally:
        state.broadcaster.unsubscribe(queue)
    return response

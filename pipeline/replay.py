"""Replay the bundled corpus as a real feed: a loopback HTTP server with an RSS 2.0 feed and one
HTML page per article, for ``newswire replay``, the demo and the integration tests."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pipeline.corpus import CorpusDoc, load_corpus, render_html, render_rss


class _Handler(BaseHTTPRequestHandler):
    server: _CorpusHTTPServer

    def do_GET(self) -> None:
        routes = self.server.routes
        if self.path not in routes:
            self.send_error(404)
            return
        content_type, body = routes[self.path]
        if self.path.startswith("/articles/"):
            self.server.article_requests += 1
            if self.server.delay_s:
                time.sleep(self.server.delay_s)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the pipeline logs what it fetched."""


class _CorpusHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, tuple[str, bytes]]
    delay_s: float = 0.0
    article_requests: int = 0


class CorpusServer:
    """Serves ``/feed.xml``, ``/articles/<doc_id>.html`` and ``/robots.txt`` on 127.0.0.1."""

    def __init__(
        self,
        docs: list[CorpusDoc] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        delay_s: float = 0.0,
    ) -> None:
        """``delay_s`` slows every article response (fault tests use it to act mid-batch)."""
        self.docs = docs if docs is not None else load_corpus()
        self._server = _CorpusHTTPServer((host, port), _Handler)
        self._server.delay_s = delay_s
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        pages = {d.doc_id: f"{self.base_url}/articles/{d.doc_id}.html" for d in self.docs}
        self._server.routes = {
            "/feed.xml": (
                "application/rss+xml; charset=utf-8",
                render_rss(self.docs, pages, feed_url=self.feed_url).encode("utf-8"),
            ),
            "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
            **{
                f"/articles/{d.doc_id}.html": ("text/html; charset=utf-8", render_html(d).encode("utf-8"))
                for d in self.docs
            },
        }
        self._thread: threading.Thread | None = None

    @property
    def article_requests(self) -> int:
        return self._server.article_requests

    @property
    def origin(self) -> str:
        """``host:port`` of this server, the one private origin replay may fetch from."""
        return self.base_url.removeprefix("http://")

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"

    def start(self) -> CorpusServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="corpus-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> CorpusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

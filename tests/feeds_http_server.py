"""A real HTTP server on 127.0.0.1 for the fetcher, poller and feed tests.

Routes map a path to a :class:`Route` (status, headers, body or streamed chunks, delay), or to a
callable that builds one from the request (for conditional GETs).  Every request is logged with its
headers so tests can check what the client sent; ``in_flight_peak`` records the most requests
handled at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size limits, timeouts) are expected here


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks: Callable[[], Iterable[bytes]] | None = None  # streamed without Content-Length
    delay_s: float = 0.0


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


RouteSpec = Route | Callable[[Request], Route]


class FeedsHTTPServer:
    """Serves ``routes`` on a free loopback port in a background thread."""

    def __init__(self) -> None:
        self.routes: dict[str, RouteSpec] = {}
        self.requests: list[Request] = []
        self.in_flight_peak = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _enter(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.in_flight_peak = max(self.in_flight_peak, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                request = Request(self.path, headers, time.monotonic())
                server._enter(request)
                try:
                    self._serve(request)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    server._leave()

            def _serve(self, request: Request) -> None:
                spec = server.routes.get(request.path, Route(status=404, body=b"not found"))
                route = spec(request) if callable(spec) else spec
                if route.delay_s:
                    time.sleep(route.delay_s)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunks is not None:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for chunk in route.chunks():
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if "content-length" not in {k.lower() for k in route.headers}:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        return Handler


@contextmanager
def serving() -> Iterator[FeedsHTTPServer]:
    server = FeedsHTTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()

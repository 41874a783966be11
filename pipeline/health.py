"""Liveness, readiness and the operations HTTP endpoint (``/metrics``, ``/healthz``, ``/readyz``).

* **Liveness** (``/healthz``): each runner loop calls :meth:`Health.beat` with its name every
  iteration; the process is alive while every loop's last beat is younger than ``stale_after_s``.
  A loop that hangs (a stuck call, a deadlock) stops beating and the orchestrator restarts the
  process.
* **Readiness** (``/readyz``): the runner registers named checks ``() -> (ok, detail)`` such as
  "broker reachable" or "assignments held"; the process is ready only when every check is ok.
  Checks run on the HTTP thread at each probe, so they must be cheap: read state the loop keeps
  up to date rather than call the broker.

:class:`OpsServer` serves both, plus the Prometheus text of a :class:`pipeline.metrics.Metrics`,
from a stdlib ``ThreadingHTTPServer`` on a daemon thread.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pipeline.errors import ConfigError
from pipeline.log import get_logger
from pipeline.metrics import CONTENT_TYPE, Metrics

ReadinessCheck = Callable[[], tuple[bool, str]]
"""A named readiness condition: returns ``(ok, detail)``; ``detail`` says why when not ok."""

Clock = Callable[[], float]

log = get_logger("newswire.health")


@dataclass(frozen=True)
class CheckResult:
    """One readiness check's answer at one probe."""

    name: str
    ok: bool
    detail: str


class Health:
    """Heartbeats for liveness and named checks for readiness, shared by the loops and the server.

    Each loop beats under its own name (one per stage in a process running several), so one hung
    loop is seen even while another keeps beating: the process is alive only while every loop
    that has beaten keeps beating.  Before the first beat, start-up counts as alive for one stale
    period.
    """

    def __init__(self, stale_after_s: float = 60.0, clock: Clock = time.monotonic) -> None:
        self.stale_after_s = stale_after_s
        self._clock = clock
        self._started = clock()
        self._beats: dict[str, float] = {}
        self._checks: dict[str, ReadinessCheck] = {}
        self._lock = threading.Lock()

    def beat(self, loop: str = "main") -> None:
        """Record that the loop called ``loop`` is making progress."""
        self._beats[loop] = self._clock()

    def forget(self, loop: str) -> None:
        """Stop watching a loop that has ended on purpose (e.g. a stage shut down)."""
        self._beats.pop(loop, None)

    def heartbeat_ages(self) -> dict[str, float]:
        """Seconds since each loop's last beat."""
        now = self._clock()
        return {loop: now - at for loop, at in dict(self._beats).items()}

    def heartbeat_age(self) -> float:
        """Seconds since the stalest loop's last beat (since start-up before any beat)."""
        return max(self.heartbeat_ages().values(), default=self._clock() - self._started)

    def alive(self) -> bool:
        """True while no loop's last beat is older than ``stale_after_s``."""
        return self.heartbeat_age() <= self.stale_after_s

    def add_check(self, name: str, check: ReadinessCheck) -> None:
        """Register (or replace) the readiness check called ``name``."""
        with self._lock:
            self._checks[name] = check

    def remove_check(self, name: str) -> None:
        """Forget the readiness check called ``name``, if registered."""
        with self._lock:
            self._checks.pop(name, None)

    def readiness(self) -> list[CheckResult]:
        """Run every registered check; a check that raises counts as failing, naming the exception."""
        with self._lock:
            checks = list(self._checks.items())
        return [_run_check(name, check) for name, check in checks]


def _run_check(name: str, check: ReadinessCheck) -> CheckResult:
    try:
        ok, detail = check()
    except Exception as exc:  # a broken check must fail the probe, not the server thread
        return CheckResult(name, False, f"check raised {type(exc).__name__}: {exc}")
    return CheckResult(name, bool(ok), str(detail))


class OpsServer:
    """Serves ``/metrics``, ``/healthz`` and ``/readyz`` on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, metrics: Metrics, health: Health, host: str = "127.0.0.1", port: int = 9464) -> None:
        self.metrics = metrics
        self.health = health
        self._host = host
        self._requested_port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (differs from the requested one when that was 0)."""
        if self._server is None:
            raise RuntimeError("OpsServer is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. ``http://127.0.0.1:9464``."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    def start(self) -> OpsServer:
        """Bind and serve from a daemon thread; raise ConfigError when the address cannot be bound."""
        if self._server is not None:
            return self
        self._server = _bind(self._host, self._requested_port, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ops-http-{self.port}",
            daemon=True,
        )
        self._thread.start()
        log.info("ops endpoint listening", host=self._host, port=self.port)
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> OpsServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _bind(host: str, port: int, ops: OpsServer) -> _Server:
    server_class: type[_Server] = _IPv6Server if ":" in host else _Server
    try:
        server = server_class((host, port), _Handler)
    except OSError as exc:
        raise ConfigError("metrics.port", f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.ops = ops
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    ops: OpsServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves its own FQDN, which stalls where DNS is unreachable.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    """Routes the three endpoints; anything else is 404."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        routes = {"/metrics": self._metrics, "/healthz": self._healthz, "/readyz": self._readyz}
        route = routes.get(path)
        if route is None:
            self._send_json(HTTPStatus.NOT_FOUND, {"error": "not found", "paths": sorted(routes)})
            return
        route()

    def _metrics(self) -> None:
        self._send(HTTPStatus.OK, self.server.ops.metrics.exposition(), CONTENT_TYPE)

    def _healthz(self) -> None:
        health = self.server.ops.health
        alive = health.alive()
        body = {
            "status": "alive" if alive else "stale",
            "heartbeat_age_s": round(health.heartbeat_age(), 3),
            "loops": {loop: round(age, 3) for loop, age in health.heartbeat_ages().items()},
            "stale_after_s": health.stale_after_s,
        }
        self._send_json(HTTPStatus.OK if alive else HTTPStatus.SERVICE_UNAVAILABLE, body)

    def _readyz(self) -> None:
        results = self.server.ops.health.readiness()
        failing = [r.name for r in results if not r.ok]
        body = {
            "status": "not ready" if failing else "ready",
            "failing": failing,
            "checks": {r.name: {"ok": r.ok, "detail": r.detail} for r in results},
        }
        self._send_json(HTTPStatus.SERVICE_UNAVAILABLE if failing else HTTPStatus.OK, body)

    def _send_json(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode() + b"\n", "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Probes hit these endpoints every few seconds: keep them out of the info log.
        log.debug("ops request", client=self.client_address[0], request=format % args)

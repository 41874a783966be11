"""A small TCP proxy for fault tests: forwards loopback connections to a target and can cut them.

    proxy = TcpProxy("127.0.0.1", broker_port).start()
    ...  # clients connect to 127.0.0.1:proxy.port
    proxy.cut()       # reset every open connection; new ones are reset too (or held silent)
    proxy.restore()   # forward again
    proxy.stop()

Kafka clients connect to the address a broker *advertises* after the first metadata request, so
a broker under test must advertise the proxy's address (start the proxy first with
``listen_port`` chosen, or point the broker's advertised listener at ``proxy.port``); otherwise
clients bypass the proxy after bootstrap.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading
from collections.abc import Callable
from typing import Literal

CutMode = Literal["reset", "blackhole"]
"""How connections made while cut are treated: ``reset`` closes them at once with a TCP RST;
``blackhole`` accepts them and never answers, as a silent network does, until restored."""

_CHUNK = 64 * 1024


def _abort(sock: socket.socket) -> None:
    """Close with an RST rather than a FIN, as a broken network path looks to the peer.

    ``shutdown(SHUT_RD)`` first: on Linux a bare ``close()`` neither wakes a thread blocked in
    ``recv`` on the socket nor releases it (so no RST would be sent); SHUT_RD does both, silently.
    """
    with contextlib.suppress(OSError):  # already closed
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    sock.close()


class _Link:
    """One proxied connection: the client's socket, the upstream socket, and a pump each way."""

    def __init__(
        self, client: socket.socket, upstream: socket.socket, on_close: Callable[[_Link], None]
    ) -> None:
        self.client = client
        self.upstream = upstream
        self._on_close = on_close
        self._lock = threading.Lock()
        self._open_directions = 2
        self._closed = False

    def start(self) -> None:
        for src, dst, name in ((self.client, self.upstream, "up"), (self.upstream, self.client, "down")):
            pump = threading.Thread(target=self._pump, args=(src, dst), name=f"tcp-proxy-{name}", daemon=True)
            pump.start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(_CHUNK):
                dst.sendall(data)
        except OSError:
            self.abort()  # reset or cut: the whole connection is gone
            return
        self._half_close(dst)

    def _half_close(self, dst: socket.socket) -> None:
        """Pass an orderly EOF on; close the link once both directions have ended."""
        with self._lock:
            if self._closed:  # aborted: the EOF was our own SHUT_RD, not the peer's
                return
            with contextlib.suppress(OSError):  # peer already gone
                dst.shutdown(socket.SHUT_WR)
            self._open_directions -= 1
            done = self._open_directions == 0
        if done:
            self.close()

    def close(self) -> None:
        self._finish(socket.socket.close)

    def abort(self) -> None:
        self._finish(_abort)

    def _finish(self, closer: Callable[[socket.socket], None]) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        closer(self.client)
        closer(self.upstream)
        self._on_close(self)


class TcpProxy:
    """Forwards connections on ``127.0.0.1:port`` to ``target_host:target_port`` until cut."""

    def __init__(
        self, target_host: str, target_port: int, *, listen_port: int = 0, connect_timeout_s: float = 5.0
    ) -> None:
        self.target = (target_host, target_port)
        self._listen_port = listen_port
        self._connect_timeout_s = connect_timeout_s
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._links: set[_Link] = set()
        self._held: list[socket.socket] = []
        self._cut_mode: CutMode | None = None
        self.connections_accepted = 0

    @property
    def port(self) -> int:
        """The loopback port clients connect to."""
        if self._listener is None:
            raise RuntimeError("TcpProxy is not started")
        return int(self._listener.getsockname()[1])

    @property
    def is_cut(self) -> bool:
        return self._cut_mode is not None

    @property
    def open_connections(self) -> int:
        """Connections currently forwarded (not counting black-holed ones)."""
        with self._lock:
            return len(self._links)

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._listen_port))
        listener.listen(128)
        listener.setblocking(False)
        self._listener = listener
        self._stopping.clear()
        self._thread = threading.Thread(target=self._accept_loop, name="tcp-proxy-accept", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and close every connection; safe to call twice."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._reset(links=True, held=True)

    def cut(self, mode: CutMode = "reset") -> None:
        """Break the path: reset every open connection and treat new ones per ``mode``."""
        with self._lock:
            self._cut_mode = mode
        self._reset(links=True, held=mode == "reset")

    def restore(self) -> None:
        """Forward new connections again; black-holed ones are reset so their clients reconnect."""
        with self._lock:
            self._cut_mode = None
        self._reset(links=False, held=True)

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _reset(self, *, links: bool, held: bool) -> None:
        """Abort the forwarded connections and/or the black-holed ones."""
        with self._lock:
            to_abort = list(self._links) if links else []
            silent, self._held = (self._held, []) if held else ([], self._held)
        for link in to_abort:
            link.abort()
        for sock in silent:
            _abort(sock)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            while not self._stopping.is_set():
                if not selector.select(timeout=0.05):
                    continue
                try:
                    client, _ = self._listener.accept()
                except (BlockingIOError, OSError):
                    continue
                client.setblocking(True)
                self.connections_accepted += 1
                self._admit(client)

    def _admit(self, client: socket.socket) -> None:
        with self._lock:
            mode = self._cut_mode
            if mode == "blackhole":
                self._held.append(client)
                return
        if mode == "reset":
            _abort(client)
            return
        try:
            upstream = socket.create_connection(self.target, timeout=self._connect_timeout_s)
        except OSError:
            _abort(client)  # target down: the client sees a reset, as it would from the target
            return
        upstream.settimeout(None)
        link = _Link(client, upstream, self._forget)
        with self._lock:
            admitted = self._cut_mode is None  # not cut while we were connecting upstream
            if admitted:
                self._links.add(link)
        if admitted:
            link.start()
        else:
            _abort(client)
            _abort(upstream)

    def _forget(self, link: _Link) -> None:
        with self._lock:
            self._links.discard(link)

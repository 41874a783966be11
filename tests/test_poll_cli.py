"""``newswire poll --once``: against a real HTTP server on 127.0.0.1 (and the test broker)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli.main import main
from pipeline.kafka.client import BrokerEndpoint
from pipeline.log import configure_logging
from tests.conftest import settings_for
from tests.feeds_http_server import FeedsHTTPServer, Route, serving
from tests.kafka_helpers import read_topic

DATA = Path(__file__).resolve().parent / "data" / "feeds"
RSS = {"Content-Type": "application/rss+xml"}


@pytest.fixture(autouse=True)
def _logging_back_to_real_stderr() -> Iterator[None]:
    """The CLI configures logging onto the captured stderr; point it back once capture ends."""
    yield
    configure_logging("warning")


@pytest.fixture
def server() -> Iterator[FeedsHTTPServer]:
    with serving() as srv:
        srv.routes["/rss"] = Route(headers=RSS, body=(DATA / "rss20.xml").read_bytes())
        srv.routes["/broken"] = Route(headers=RSS, body=(DATA / "malformed_empty.xml").read_bytes())
        yield srv


def write_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "newswire.yaml"
    config.write_text(
        "fetch:\n  allow_private_addresses: true\n  per_host_delay_s: 0\n"
        f"poll:\n  state_dir: {tmp_path / 'state'}\n{extra}"
    )
    return config


def test_poll_once_dry_run_prints_items_as_json_lines(
    server: FeedsHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--config", str(write_config(tmp_path)), "poll", "--once", "--dry-run", "--json", server.url("/rss")]
    )
    lines = capsys.readouterr().out.splitlines()
    assert (code, json.loads(lines[0])["guid"]) == (
        0,
        "https://news.example.org/world/2016/09/lavrov-kerry-g20",
    )
    assert len(lines) == 3


def test_poll_once_dry_run_keeps_no_state(
    server: FeedsHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(write_config(tmp_path))
    main(["--config", config, "poll", "--once", "--dry-run", server.url("/rss")])
    assert not (tmp_path / "state").exists()


def test_poll_once_with_an_empty_feed_list_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "feeds.yaml").write_text("feeds: []\n")
    assert main(["--config", str(write_config(tmp_path)), "poll", "--once", "--dry-run"]) == 0
    assert f"no feeds to poll: {tmp_path / 'feeds.yaml'} lists none" in capsys.readouterr().err


def test_poll_once_with_a_feed_list_that_is_not_there_names_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, f"  feeds_file: {tmp_path / 'nope.yaml'}\n")
    assert main(["--config", str(config), "poll", "--once", "--dry-run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"newswire: configuration error: poll.feeds_file: {tmp_path / 'nope.yaml'}: no such file"]


def test_poll_once_exits_1_and_reports_a_failed_feed(
    server: FeedsHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--config", str(write_config(tmp_path)), "poll", "--once", "--dry-run", server.url("/broken")]
    )
    assert (code, "feed.unusable" in capsys.readouterr().err) == (1, True)


@pytest.mark.kafka
def test_poll_once_publishes_items_then_only_new_ones(
    server: FeedsHTTPServer,
    tmp_path: Path,
    kafka_endpoint: BrokerEndpoint,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(kafka_endpoint)
    servers = ",".join(kafka_endpoint.servers)
    config = write_config(
        tmp_path,
        f"kafka:\n  bootstrap_servers: '{servers}'\n  topic_prefix: '{settings.kafka.topic_prefix}'\n",
    )
    assert main(["--config", str(config), "poll", "--once", server.url("/rss")]) == 0
    assert main(["--config", str(config), "poll", "--once", server.url("/rss")]) == 0
    # Both runs flushed before returning: a duplicate would already be on the topic.
    records = read_topic(kafka_endpoint, f"{settings.kafka.topic_prefix}items", expect=4, timeout_s=5)
    assert sorted(r.key for r in records) == sorted({r.key for r in records}) and len(records) == 3


def test_poll_once_without_a_broker_publishes_nothing_and_keeps_no_state(
    server: FeedsHTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", raising=False)
    config = str(write_config(tmp_path))
    runs = []
    for _ in range(2):
        code = main(["--config", config, "poll", "--once", "--json", server.url("/rss")])
        runs.append((code, len(capsys.readouterr().out.splitlines())))
    # Nothing reached a durable broker, so the second run must still print every item.
    assert (runs, (tmp_path / "state").exists()) == ([(0, 3), (0, 3)], False)

"""`newswire run` as a service: polls the configured feeds, runs every stage, serves /metrics,
exits 0 on SIGTERM, and does not publish an item again after a restart."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli.replay import await_enriched
from pipeline.corpus import load_corpus
from pipeline.kafka.broker import free_port
from pipeline.kafka.client import BrokerEndpoint
from pipeline.records import article_id_for
from pipeline.replay import CorpusServer
from pipeline.topology import Topics
from tests.conftest import settings_for
from tests.kafka_helpers import newswire_env, read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[1]


def start_service(config: Path, settings, metrics_port: int, log: Path) -> subprocess.Popen[bytes]:
    env = newswire_env(settings, NEWSWIRE_METRICS__PORT=str(metrics_port), NEWSWIRE_LOG__FORMAT="json")
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli.main", "--config", str(config / "newswire.yaml"), "run"],
        env=env,
        cwd=REPO,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def scrape(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def test_run_polls_feeds_through_every_stage_and_restarts_without_duplicates(
    kafka_endpoint: BrokerEndpoint, tmp_path: Path
) -> None:
    with CorpusServer() as server:
        config = tmp_path / "config"
        shutil.copytree(REPO / "config", config)
        (config / "feeds.yaml").write_text(f"feeds:\n  - url: {server.feed_url}\n    name: corpus\n")
        text = (config / "newswire.yaml").read_text()
        text = text.replace("allow_private_addresses: false", "allow_private_addresses: true")
        text = text.replace("per_host_delay_s: 1.0", "per_host_delay_s: 0")
        text = text.replace("state_dir: ~/.local/state/newswire/clean", f"state_dir: {tmp_path / 'clean'}")
        text = text.replace("state_dir: ~/.local/state/newswire", f"state_dir: {tmp_path / 'poll'}")
        (config / "newswire.yaml").write_text(text)
        settings = settings_for(kafka_endpoint)
        topics = Topics(settings.kafka.topic_prefix)
        port = free_port()
        log = tmp_path / "run.log"
        ids = {article_id_for(d.canonical_url) for d in load_corpus()}

        proc = start_service(config, settings, port, log)
        try:
            records, dead = await_enriched(
                settings, kafka_endpoint, topics, ids, started_ms=0, stop=threading.Event(), timeout_s=120
            )
            assert set(records) == ids and not dead, log.read_text()[-3000:]
            status, body = scrape(port, "/metrics")
            assert status == 200 and 'newswire_records_in_total{stage="tag"} 5.0' in body, body
            assert scrape(port, "/healthz")[0] == 200
            assert scrape(port, "/readyz")[0] == 200
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0

        restarted = start_service(config, settings, port, log)
        try:
            time.sleep(8)  # the feed is polled again at start; nothing in it is new
        finally:
            restarted.send_signal(signal.SIGTERM)
            assert restarted.wait(60) == 0
    items = read_topic(kafka_endpoint, topics.items, expect=6, timeout_s=8)
    assert sorted(json.loads(m.value)["article_id"] for m in items) == sorted(ids)
    assert (tmp_path / "clean").is_dir(), "learned clean state is saved on shutdown"

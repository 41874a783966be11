"""`newswire web` as a user runs it: a process pointed at a running broker, stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.app import create_pipeline_topics
from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.producer import RecordProducer
from tests.conftest import settings_for
from tests.test_web import article, dead_letter

pytestmark = pytest.mark.kafka
REPO = Path(__file__).resolve().parents[1]
UNREACHABLE_METRICS = "http://127.0.0.1:9/metrics"


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)  # polling another process over HTTP: no event to await


def test_web_command_serves_the_records_under_its_topic_prefix(kafka_endpoint: BrokerEndpoint) -> None:
    settings = settings_for(kafka_endpoint)
    topics = create_pipeline_topics(settings, kafka_endpoint)
    with RecordProducer(settings.kafka, kafka_endpoint) as producer:
        producer.send(topics.enriched, f"{7:016x}", article(7, topics=("ceasefire",)))
        producer.send(topics.deadletter, None, dead_letter("fetch.timeout"))
        producer.flush()
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(settings.kafka.bootstrap_servers),
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(settings.kafka.session_timeout_ms),
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(settings.kafka.heartbeat_interval_ms),
        "NEWSWIRE_WEB__STATUS_INTERVAL_S": "0.2",
        "NEWSWIRE_LOG__LEVEL": "warning",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli.main",
            "web",
            "--port",
            "0",
            "--topic-prefix",
            settings.kafka.topic_prefix,
            "--metrics-url",
            UNREACHABLE_METRICS,
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("newswire web: serving http://127.0.0.1:"), line
        base = line.split("serving ", 1)[1].split(" ", 1)[0].rstrip("/")
        wait_for(lambda: bool(get_json(base + "/api/articles")["articles"]), "the article")
        assert [a["id"] for a in get_json(base + "/api/articles?tag=ceasefire")["articles"]] == [f"{7:016x}"]
        wait_for(lambda: bool(get_json(base + "/api/dead-letters")["by_reason"]), "the dead letter")
        assert get_json(base + "/api/dead-letters")["by_reason"] == [
            {"stage": "extract", "reason": "fetch.timeout", "count": 1}
        ]
        wait_for(lambda: not get_json(base + "/api/status")["sources"][0]["ok"], "the status sample")
        source = get_json(base + "/api/status")["sources"][0]
        assert source["name"] == UNREACHABLE_METRICS and UNREACHABLE_METRICS in source["error"]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 130  # Ctrl-C, as for every command
    rest = proc.stderr.read() if proc.stderr else ""
    assert "newswire web: stopped (Ctrl-C)" in rest and "Traceback" not in rest

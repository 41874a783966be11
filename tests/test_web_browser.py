"""`newswire replay --web` driven by headless Chromium against the session's real broker.

One replay (a ``newswire replay --web`` process) and one browser per module.  Screenshots of each
view are written to ``test-artifacts/web/`` (git-ignored), printed at the end of the run.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.kafka.client import BrokerEndpoint
from pipeline.kafka.consumer import iter_records
from pipeline.kafka.producer import RecordProducer
from pipeline.records import EnrichedArticle, FeedRef, Fingerprints, Span, Tag
from pipeline.settings import Settings
from pipeline.topology import topics_for
from tests.conftest import settings_for
from tests.kafka_helpers import produce_raw

pytestmark = [pytest.mark.kafka, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
CONSUMER_STAGES = ("extract", "clean", "tag", "publish")
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quotes"'
WAIT_S = 30


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"newswire-chromium-{uuid.uuid4().hex[:8]}"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        if ARTIFACTS.exists():
            print(f"\nweb screenshots: {ARTIFACTS}")


class Replay:
    """A running ``newswire replay --web`` and the enriched records it published."""

    def __init__(self, settings: Settings, proc: subprocess.Popen[str], url: str) -> None:
        self.settings = settings
        self.proc = proc
        self.url = url.rstrip("/")
        self.records: dict[str, EnrichedArticle] = {}


@pytest.fixture(scope="module")
def replay(kafka_endpoint: BrokerEndpoint, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    base = settings_for(kafka_endpoint)
    # Replay runs in a namespace of its own inside the configured prefix; name it so the test can read it.
    settings = settings_for(
        kafka_endpoint,
        kafka={"topic_prefix": f"{base.kafka.topic_prefix}demo.", "group_prefix": base.kafka.group_prefix},
    )
    out = tmp_path_factory.mktemp("replay-web") / "stdout.txt"
    env = {
        **os.environ,
        "NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS": json.dumps(settings.kafka.bootstrap_servers),
        "NEWSWIRE_KAFKA__TOPIC_PREFIX": base.kafka.topic_prefix,
        "NEWSWIRE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
        "NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS": str(settings.kafka.session_timeout_ms),
        "NEWSWIRE_KAFKA__HEARTBEAT_INTERVAL_MS": str(settings.kafka.heartbeat_interval_ms),
        "NEWSWIRE_WEB__PORT": "0",
        "NEWSWIRE_WEB__STATUS_INTERVAL_S": "0.5",
        "NEWSWIRE_LOG__LEVEL": "warning",
    }
    with out.open("w") as stdout:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline.cli.main",
                "replay",
                "--web",
                "--topic-prefix",
                settings.kafka.topic_prefix,
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
    try:
        url = _await_line(proc, out, "until Ctrl-C")
        running = Replay(settings, proc, url)
        running.records = _enriched(settings, kafka_endpoint, expect=5)
        yield running
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, (proc.stderr.read() if proc.stderr else "")[-2000:]


def _await_line(proc: subprocess.Popen[str], out: Path, marker: str) -> str:
    """Wait for the replay to print ``marker``; return the web view's URL it printed."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        text = out.read_text()
        for line in text.splitlines():
            if marker in line:
                return line.split("serving ", 1)[1].split(" ", 1)[0]
        if proc.poll() is not None:
            pytest.fail(f"replay --web exited {proc.returncode}: {text[-1000:]}")
        time.sleep(0.2)  # polling a file another process writes: there is no event to await
    pytest.fail(f"replay --web did not finish the replay: {out.read_text()[-1000:]}")


def _enriched(settings: Settings, endpoint: BrokerEndpoint, expect: int) -> dict[str, EnrichedArticle]:
    """The enriched records on the topic, read independently of the web view."""
    records: dict[str, EnrichedArticle] = {}
    for _message, record in iter_records(
        settings.kafka,
        endpoint,
        [topics_for(settings.kafka).enriched],
        EnrichedArticle,
        group_id=f"test-web-{uuid.uuid4().hex[:8]}",
        from_beginning=True,
        deadline=time.monotonic() + 60,
        commit=False,
    ):
        if isinstance(record, EnrichedArticle):
            records[record.article_id] = record
        if len(records) >= expect:
            break
    assert len(records) == expect
    return records


def _open(browser: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.loaded === '1'")
    )


def _until(browser: Any, condition: Any, message: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT_S).until(condition, message)


def _listed_ids(browser: Any) -> list[str]:
    return list(
        browser.execute_script("return [...document.querySelectorAll('li.article')].map(li => li.dataset.id)")
    )


def _screenshot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_list_shows_the_five_corpus_articles_newest_first(browser: Any, replay: Replay) -> None:
    _open(browser, replay.url + "/")
    _until(browser, lambda d: len(_listed_ids(d)) == 5, "the list never showed five articles")
    _screenshot(browser, "list")
    newest_first = sorted(replay.records.values(), key=lambda r: r.processed_at, reverse=True)
    assert _listed_ids(browser) == [r.article_id for r in newest_first]
    headlines = browser.execute_script(
        "return [...document.querySelectorAll('li.article .headline')].map(a => a.textContent)"
    )
    assert headlines == [r.title for r in newest_first]


def test_list_counts_articles_per_tag(browser: Any, replay: Replay) -> None:
    _open(browser, replay.url + "/")
    chips = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#tags .chip')].map(c => [c.dataset.topic, c.textContent]))"
    )
    for topic in {t for r in replay.records.values() for t in r.topics}:
        count = sum(topic in r.topics for r in replay.records.values())
        assert chips[topic] == f"{topic} {count}"


def test_ceasefire_filter_shows_exactly_the_ceasefire_articles(browser: Any, replay: Replay) -> None:
    expected = {i for i, r in replay.records.items() if "ceasefire" in r.topics}
    assert 0 < len(expected) < len(replay.records)  # the filter has something to leave out
    _open(browser, replay.url + "/?tag=ceasefire")
    _until(browser, lambda d: len(_listed_ids(d)) >= len(expected), "the filtered list stayed short")
    _screenshot(browser, "list-ceasefire")
    assert set(_listed_ids(browser)) == expected


def test_entity_filter_in_the_url_shows_articles_naming_it(browser: Any, replay: Replay) -> None:
    entity = "bashar-al-assad"
    expected = {i for i, r in replay.records.items() if any(e.id == entity for e in r.entities)}
    assert expected
    _open(browser, replay.url + f"/?entity={entity}")
    _until(browser, lambda d: len(_listed_ids(d)) >= len(expected), "the filtered list stayed short")
    assert set(_listed_ids(browser)) == expected


_MARKS_JS = """
const box = document.getElementById('text');
const marks = []; let pos = 0;
for (const node of box.childNodes) {
  const n = Array.from(node.textContent).length;  // code points, as the record's offsets count
  if (node.nodeName === 'MARK') marks.push({start: pos, end: pos + n, title: node.title});
  pos += n;
}
return {text: box.textContent, marks: marks};
"""


def test_article_view_highlights_every_evidence_span_at_its_offsets(browser: Any, replay: Replay) -> None:
    record = max(replay.records.values(), key=lambda r: sum(len(t.evidence) for t in r.tags))
    _open(browser, f"{replay.url}/articles/{record.article_id}")
    _screenshot(browser, "article")
    shown = browser.execute_script(_MARKS_JS)
    assert shown["text"] == record.text
    marks = shown["marks"]
    for tag in record.tags:
        for span in tag.evidence:
            label = f"{tag.topic} — rule {span.rule}"
            covering = sorted(
                (m["start"], m["end"])
                for m in marks
                if span.start <= m["start"] and m["end"] <= span.end and label in m["title"].split("\n")
            )
            assert covering, f"no highlight for {label} at {span.start}-{span.end}"
            assert covering[0][0] == span.start and covering[-1][1] == span.end
            assert all(a[1] == b[0] for a, b in itertools.pairwise(covering))  # contiguous
            assert record.text[span.start : span.end] == span.match
    spans = [(s.start, s.end) for t in record.tags for s in t.evidence]
    assert all(any(s <= m["start"] and m["end"] <= e for s, e in spans) for m in marks)  # nothing else


def test_article_view_shows_entities_removals_and_lineage(browser: Any, replay: Replay) -> None:
    record = next(iter(replay.records.values()))
    _open(browser, f"{replay.url}/articles/{record.article_id}")
    texts = browser.execute_script(
        "return {e: [...document.querySelectorAll('#entities .entity')].map(a => a.textContent),"
        " l: [...document.querySelectorAll('#lineage b')].map(b => b.textContent),"
        " r: [...document.querySelectorAll('#removed .line')].map(s => s.textContent)}"
    )
    assert texts["e"] == [e.name for e in record.entities]
    assert texts["l"] == [s.stage for s in record.lineage]
    assert texts["r"] == [r.line for r in record.removed]


def test_status_strip_shows_nonzero_rates_for_every_stage(browser: Any, replay: Replay) -> None:
    _open(browser, replay.url + "/")
    rates_js = "return Object.fromEntries([...document.querySelectorAll('#status .stage[data-stage]')].map(s => [s.dataset.stage, s.querySelector('.rate').textContent]))"
    _until(
        browser,
        lambda d: all(d.execute_script(rates_js).get(s, "0/s") != "0/s" for s in CONSUMER_STAGES),
        "the status strip never showed a rate for every stage",
    )
    _screenshot(browser, "status")
    rates = browser.execute_script(rates_js)
    assert all(float(rates[s].removesuffix("/s")) > 0 for s in CONSUMER_STAGES)


def test_dead_letter_view_counts_a_poison_record_by_reason(
    browser: Any, replay: Replay, kafka_endpoint: BrokerEndpoint
) -> None:
    _open(browser, replay.url + "/dead-letters")
    produce_raw(kafka_endpoint, topics_for(replay.settings.kafka).items, [(b"poison", b"{not json")])
    rows_js = "return [...document.querySelectorAll('#reasons tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))"
    _until(
        browser,
        lambda d: d.execute_script(rows_js) == [["extract", "record.decode", "1"]],
        "no dead letter shown",
    )
    dead_js = "return document.querySelector('#status .stage[data-stage=extract] .dead').textContent"
    _until(browser, lambda d: d.execute_script(dead_js) == "dead 1", "the status strip never counted it")
    _screenshot(browser, "dead-letters")


def test_hostile_title_renders_as_text_and_runs_no_script(
    browser: Any, replay: Replay, kafka_endpoint: BrokerEndpoint
) -> None:
    _open(browser, replay.url + "/")
    hostile = _hostile_record()
    with RecordProducer(replay.settings.kafka, kafka_endpoint) as producer:
        producer.send(topics_for(replay.settings.kafka).enriched, hostile.article_id, hostile)
        producer.flush()
    # Pushed to the open page over server-sent events, no reload.
    _until(browser, lambda d: hostile.article_id in _listed_ids(d), "the hostile record never arrived")
    _screenshot(browser, "hostile-list")
    headline = browser.execute_script(
        "return document.querySelector(`li.article[data-id='${arguments[0]}'] .headline`).textContent",
        hostile.article_id,
    )
    assert headline == HOSTILE_TITLE
    assert (
        browser.execute_script("return document.querySelectorAll('#articles img, #articles script').length")
        == 0
    )
    _open(browser, f"{replay.url}/articles/{hostile.article_id}")
    _screenshot(browser, "hostile-article")
    assert browser.execute_script("return document.getElementById('title').textContent") == HOSTILE_TITLE
    assert browser.execute_script("return document.getElementById('text').textContent") == hostile.text
    assert (
        browser.execute_script(
            "return document.querySelectorAll('article img, article script, article b').length"
        )
        == 0
    )
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelector('#meta a.ext')") is None  # javascript: URL


def test_pages_send_a_strict_content_security_policy(replay: Replay) -> None:
    for path in ("/", "/articles/0000000000000000", "/dead-letters", "/static/app.js", "/api/articles"):
        with urllib.request.urlopen(replay.url + path) as response:
            policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy


def _hostile_record() -> EnrichedArticle:
    text = f"{HOSTILE_TITLE}\n\nA body with <b>markup</b> and <script>window.__pwned=3</script> in it."
    start = text.index("markup")
    return EnrichedArticle(
        article_id=uuid.uuid4().hex[:16],
        url="javascript:window.__pwned=4",
        feed=FeedRef(url="http://hostile.example/feed", name="<i>hostile</i>"),
        title=HOSTILE_TITLE,
        text=text,
        fetched_at=datetime.now(UTC),
        fingerprints=Fingerprints(content_sha256="0" * 64, simhash="0" * 16),
        story_id="hostile",
        tags=(
            Tag(
                topic="<svg onload=alert(1)>",
                score=2.0,
                evidence=(
                    Span(start=start, end=start + 6, match="markup", rule='x"><img src=x onerror=alert(1)>'),
                ),
            ),
        ),
        taxonomy_version="test",
    )

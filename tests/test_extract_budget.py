"""The extract step's byte budget: fetched pages waiting for (or in) extraction stay within
``extract.max_pending_mb`` however many records are submitted at once, every record completes, and
a page larger than the whole budget still goes through.

Extraction runs on one worker, far slower than fetching from a local server, so without the budget
every page would be fetched at once and queued for the worker.  The server measures what the step
holds independently of the step's own accounting: at each page request, the bytes of the pages
requested so far (this one included) minus those of the records already completed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

import pytest

from pipeline.corpus import load_corpus, render_html
from pipeline.kafka.runner import Result
from pipeline.settings import load_settings
from pipeline.steps import ExtractStep
from pipeline.topology import topics_for
from tests.conftest import REPO, feed_item
from tests.feeds_http_server import FeedsHTTPServer, Request, Route, serving

pytestmark = pytest.mark.slow

MIB = 1024 * 1024
BUDGET = 1 * MIB
PAGE = 200 * 1024
BIG = 3 * MIB // 2
CONCURRENCY = 4  # fetch.max_concurrency: requests in progress at once
HTML = {"Content-Type": "text/html; charset=utf-8"}


PARAGRAPH = (
    b"<p>" + b"The council met again on Tuesday to discuss the budget and the new bridge. " * 3 + b"</p>\n"
)


def page_of(size: int, k: int) -> bytes:
    """A real news page grown with paragraphs (work for the extractor), padded to ``size`` bytes."""
    docs = load_corpus()
    html = render_html(docs[k % len(docs)]).encode()
    room = size - len(html) - len(b"<!--  -->")
    paragraphs = PARAGRAPH * (room // len(PARAGRAPH))
    padding = room - len(paragraphs)
    assert paragraphs and padding >= 0
    return html.replace(b"</body>", paragraphs + b"<!-- " + b"x" * padding + b" --></body>", 1)


@dataclass
class Outstanding:
    """Bytes of pages requested from the server and not yet completed by the step, at their peak."""

    step: ExtractStep
    peak: int = 0
    peak_reported: int = 0  # the step's own ``pending_bytes``, at the same moments
    requested: int = 0
    completed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, body: bytes) -> Callable[[Request], Route]:
        def serve(_request: Request) -> Route:
            with self._lock:
                self.requested += len(body)
                self.peak = max(self.peak, self.requested - self.completed)
                self.peak_reported = max(self.peak_reported, self.step.pending_bytes)
            return Route(headers=HTML, body=body)

        return serve

    def done(self, size: int) -> Callable[[Future[Result]], None]:
        def count(_future: Future[Result]) -> None:
            with self._lock:
                self.completed += size

        return count


def budgeted_step(**extract: object) -> ExtractStep:
    settings = load_settings(REPO / "config" / "newswire.yaml", use_env=False).with_overrides(
        fetch={
            "allow_private_addresses": True,
            "per_host_delay_s": 0.0,
            "per_host_concurrency": 64,
            "max_concurrency": CONCURRENCY,
        },
        extract={"workers": 1, "max_pending_mb": BUDGET // MIB, **extract},
    )
    return ExtractStep(settings, topics_for(settings.kafka))


@pytest.fixture(scope="module")
def step() -> Iterator[ExtractStep]:
    extract = budgeted_step()
    try:
        yield extract
    finally:
        extract.close()


def submit_all(step: ExtractStep, server: FeedsHTTPServer, sizes: list[int]) -> tuple[Outstanding, list]:
    """Serve one page per size, submit every record at once, wait for all; the peak and results."""
    seen = Outstanding(step)
    server.routes["/robots.txt"] = Route(status=404)
    futures = []
    for k, size in enumerate(sizes):
        path = f"/page/{k}.html"
        server.routes[path] = seen.route(page_of(size, k))
        future = step.submit(feed_item(server.url(path)))
        future.add_done_callback(seen.done(size))
        futures.append(future)
    results = [f.result(timeout=120) for f in futures]
    deadline = time.monotonic() + 10
    while step.pending_bytes and time.monotonic() < deadline:  # released on the step's loop, just after
        time.sleep(0.01)
    return seen, results


def test_fetched_pages_waiting_for_extraction_stay_within_the_byte_budget(step: ExtractStep) -> None:
    with serving() as server:
        seen, results = submit_all(step, server, [PAGE] * 30)
    failed = [r for r in results if not isinstance(r, list)]
    assert not failed, f"dead-lettered: {failed[:3]}"
    assert seen.requested == 30 * PAGE
    # requests in progress come on top of the budget: at most fetch.max_concurrency pages
    assert seen.peak <= BUDGET + CONCURRENCY * PAGE, f"{seen.peak} bytes fetched and not yet extracted"
    assert seen.peak_reported <= BUDGET + CONCURRENCY * PAGE
    assert step.pending_bytes == 0 and step.pending_pages == 0


def test_a_page_larger_than_the_byte_budget_still_goes_through(step: ExtractStep) -> None:
    sizes = [PAGE] * 3 + [BIG] + [PAGE] * 9
    with serving() as server:
        seen, results = submit_all(step, server, sizes)
    failed = [r for r in results if not isinstance(r, list)]
    assert not failed, f"dead-lettered: {failed[:3]}"
    assert seen.peak <= BUDGET + BIG + CONCURRENCY * PAGE, f"{seen.peak} bytes fetched and not yet extracted"
    assert step.pending_bytes == 0 and step.pending_pages == 0


def test_waiting_for_the_extraction_workers_is_not_counted_against_the_page_deadline() -> None:
    """Queued behind seconds of extraction, pages are still fetched within a short deadline that
    each page's own fetch and extraction (a few milliseconds) fit many times over."""
    deadline_s = 0.3
    step = budgeted_step(page_deadline_s=deadline_s)
    try:
        with serving() as server:
            started = time.monotonic()
            _, results = submit_all(step, server, [PAGE] * 150)
            seconds = time.monotonic() - started
    finally:
        step.close()
    failed = [r for r in results if not isinstance(r, list)]
    assert not failed, f"{len(failed)} dead-lettered, e.g. {failed[:2]}"
    assert seconds > 3 * deadline_s, "extraction was too fast for any page to wait past its deadline"

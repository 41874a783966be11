"""Benchmark extraction quality and speed on the extraction dev set (../shared/extraction-dev).

Compares, in one run and on the same bytes:

  (a) raw trafilatura:  ``trafilatura.extract(html, url=url)`` with its defaults
  (b) newswire:         ``extract()`` then ``clean()`` (the pipeline's two stages)

Quality is token-level precision, recall and F1 against ``articleBody`` as the dev set's README
defines it: lower-cased word tokens (``\\w+``), multiset overlap, computed per page and averaged
over pages (a page with no output scores 0).  The dev set's bodies exclude the headline, so (b) is
scored on its text after the headline block, and also reported with the headline included.

Speed is documents per second of process CPU time over all pages, each system timed in
alternating rounds; the median round is reported, with (b)'s speed as a ratio of (a)'s measured
in the same run.

    .venv/bin/python scripts/bench_extract.py [--data DIR] [--rounds 5] [--worst 10] [--variants]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from pipeline.errors import ExtractError
from pipeline.http import Page
from pipeline.records import FeedItem, FeedRef, article_id_for, canonical_url
from pipeline.settings import PACKAGE_CONFIG_DIR
from pipeline.stages.clean import CleanContext, clean
from pipeline.stages.extract import ExtractOptions, extract
from pipeline.text.blocks import split_blocks

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "extraction-dev"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DevPage:
    page_id: str
    url: str
    html: bytes
    truth: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def score(predicted: str, truth: str) -> Score:
    """Token-level P/R/F1 of one page (multiset overlap of lower-cased word tokens)."""
    pred, true = tokens(predicted), tokens(truth)
    overlap = sum((pred & true).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(true.values()) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def mean_score(scores: list[Score]) -> Score:
    return Score(*(statistics.fmean(getattr(s, f) for s in scores) for f in ("precision", "recall", "f1")))


def load_pages(data: Path) -> list[DevPage]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    html = data / "html"
    return [
        DevPage(page_id, entry["url"], _gunzip(html / f"{page_id}.html.gz"), entry["articleBody"])
        for page_id, entry in sorted(truth.items())
    ]


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def raw_trafilatura(page: DevPage) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


class Newswire:
    """The pipeline's extract + clean over one dev page; returns the clean text."""

    def __init__(self, options: ExtractOptions | None = None, *, clean_text: bool = True) -> None:
        self.context = CleanContext.from_rules_file(PACKAGE_CONFIG_DIR / "boilerplate.yaml")
        self.fetched_at = datetime.now(UTC)
        self.options = options or ExtractOptions()
        self.clean_text = clean_text

    def __call__(self, page: DevPage) -> str:
        item = FeedItem(
            article_id=article_id_for(page.url),
            url=canonical_url(page.url),
            link=page.url,
            feed=FeedRef(url="bench:extraction-dev"),
            fetched_at=self.fetched_at,
        )
        fetched = Page(url=page.url, final_url=page.url, status=200, body=page.html, content_type="text/html")
        try:
            article = extract(item, fetched, self.options)
            return clean(article, self.context).text if self.clean_text else article.text
        except ExtractError:
            return ""


def body_after_headline(text: str) -> str:
    return "\n\n".join("\n".join(block) for block in split_blocks(text)[1:])


def timed(system: Callable[[DevPage], str], pages: list[DevPage]) -> tuple[list[str], float]:
    """Outputs and documents per second of CPU time of this process (the machine is shared:
    CPU time is not inflated by other processes' load the way wall-clock time is)."""
    start = time.process_time()
    outputs = [system(page) for page in pages]
    return outputs, len(pages) / (time.process_time() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the extraction dev set folder")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per system (median reported)")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages of (b)")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also score (b) under other extraction settings (quality only)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"dev set not found at {args.data} (expected ../shared/extraction-dev)", file=sys.stderr)
        return 2
    pages = load_pages(args.data)
    raw, newswire = raw_trafilatura, Newswire()
    raw(pages[0]), newswire(pages[0])  # warm-up: imports, compiled patterns
    speeds: dict[str, list[float]] = {"a": [], "b": []}
    outputs: dict[str, list[str]] = {}
    for _ in range(args.rounds):
        for name, system in (("a", raw), ("b", newswire)):
            outputs[name], speed = timed(system, pages)
            speeds[name].append(speed)
    truths = [p.truth for p in pages]
    a = mean_score([score(o, t) for o, t in zip(outputs["a"], truths, strict=True)])
    b_scores = [score(body_after_headline(o), t) for o, t in zip(outputs["b"], truths, strict=True)]
    b = mean_score(b_scores)
    b_head = mean_score([score(o, t) for o, t in zip(outputs["b"], truths, strict=True)])
    speed_a, speed_b = statistics.median(speeds["a"]), statistics.median(speeds["b"])
    print(f"{len(pages)} pages, {args.rounds} timed rounds each, trafilatura {trafilatura.__version__}\n")
    print("| system | precision | recall | F1 | docs/s (CPU) | speed vs (a) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(_row("(a) raw `trafilatura.extract(html, url=url)`", a, speed_a, 1.0))
    print(_row("(b) newswire extract + clean (body after headline)", b, speed_b, speed_b / speed_a))
    print(_row("(b) newswire extract + clean (headline included)", b_head, speed_b, speed_b / speed_a))
    if args.variants:
        _print_variants(pages)
    if args.worst:
        print("\nworst pages of (b):")
        ranked = sorted(zip(b_scores, pages, strict=True), key=lambda pair: pair[0].f1)
        for s, page in ranked[: args.worst]:
            print(f"  {page.page_id[:10]} F1={s.f1:.3f} P={s.precision:.3f} R={s.recall:.3f} {page.url[:80]}")
    return 0


# Extraction settings tried for (b), quality only (the chosen one is ExtractOptions()).
VARIANTS: dict[str, tuple[ExtractOptions, bool]] = {
    "chosen: balanced, comments excluded, + clean": (ExtractOptions(), True),
    "chosen extraction, without clean": (ExtractOptions(), False),
    "comments included (trafilatura default), + clean": (ExtractOptions(include_comments=True), True),
    "favor_precision, + clean": (ExtractOptions(favor="precision"), True),
    "favor_recall, + clean": (ExtractOptions(favor="recall"), True),
    "tables excluded, + clean": (ExtractOptions(include_tables=False), True),
}


def _print_variants(pages: list[DevPage]) -> None:
    print("\nextraction variants of (b), body after headline:\n")
    print("| variant | precision | recall | F1 |")
    print("|---|---:|---:|---:|")
    for label, (options, clean_text) in VARIANTS.items():
        system = Newswire(options, clean_text=clean_text)
        s = mean_score([score(body_after_headline(system(p)), p.truth) for p in pages])
        print(f"| {label} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} |")


def _row(label: str, s: Score, speed: float, ratio: float) -> str:
    return f"| {label} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {speed:.1f} | {ratio:.2f}x |"


if __name__ == "__main__":
    sys.exit(main())

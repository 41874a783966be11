#!/usr/bin/env python
"""Benchmark the tagger on the tagging dev set: per-topic precision/recall/F1 and articles/s.

Compares newswire's tagger with a naive keyword baseline (a topic applies when any of its
``keywords`` in config/topics.yaml appears anywhere in the title or text) in the same run, and
measures tagging speed on one core (this process, single-threaded; CPU time, so other processes
on a shared machine do not count against it, and wall time), best of ``--rounds`` passes.
The dev set lives outside the repository (../shared/tagging-dev/articles.jsonl, see its README).

    .venv/bin/python scripts/bench_tag.py [--dev PATH] [--rounds 5] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.stages.tag import tag_text
from pipeline.tagging import Gazetteer, Taxonomy, load_gazetteer, load_taxonomy
from pipeline.tagging.phrases import PhraseIndex

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT / ".." / "shared" / "tagging-dev" / "articles.jsonl"

Tagger = Callable[[dict[str, str]], set[str]]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def newswire_tagger(taxonomy: Taxonomy, gazetteer: Gazetteer) -> Tagger:
    def run(article: dict[str, str]) -> set[str]:
        return set(tag_text(article["title"], article["text"], taxonomy, gazetteer).topics)
    return run


def baseline_tagger(taxonomy: Taxonomy) -> Tagger:
    """Any of the topic's keywords anywhere in title or text (same word matching as newswire)."""
    index = PhraseIndex()
    for topic in taxonomy.topics:
        index.add_all(topic.topic.keywords, topic.topic.id)
    index.freeze()

    def run(article: dict[str, str]) -> set[str]:
        text = f"{article['title']}\n\n{article['text']}"
        return {key for hit in index.find(text) for key in hit.keys}
    return run


def evaluate(tagger: Tagger, articles: list[dict], topics: tuple[str, ...]) -> dict[str, Counts]:
    counts = {t: Counts() for t in topics}
    for article in articles:
        predicted = tagger(article)
        for topic in topics:
            counts[topic].add(topic in predicted, bool(article["labels"][topic]))
    return counts


def speed(tagger: Tagger, articles: list[dict], rounds: int) -> tuple[float, float]:
    """Articles per second of wall time and of this process's CPU time, best of ``rounds`` passes.

    The CPU figure is what one core delivers when other processes share the machine."""
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for article in articles:
            tagger(article)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return len(articles) / best_wall, len(articles) / max(best_cpu, 1e-9)


def print_errors(tagger: Tagger, articles: list[dict], topics: tuple[str, ...]) -> None:
    for article in articles:
        predicted = tagger(article)
        for topic in topics:
            gold = bool(article["labels"][topic])
            if (topic in predicted) != gold:
                kind = "FN" if gold else "FP"
                print(f"{kind} {topic:17} {article['id']:28} {article['title'][:90]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set (JSON lines with labels)")
    parser.add_argument("--taxonomy", type=Path, default=ROOT / "config" / "topics.yaml")
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "config" / "gazetteer.yaml")
    parser.add_argument("--rounds", type=int, default=5, help="timing passes; the best is reported")
    parser.add_argument("--errors", action="store_true", help="list newswire's false positives/negatives")
    args = parser.parse_args(argv)
    if not args.dev.is_file():
        print(f"dev set not found: {args.dev} (it lives in ../shared/tagging-dev)", file=sys.stderr)
        return 2
    lines = args.dev.read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines if line.strip()]
    taxonomy = load_taxonomy(args.taxonomy)
    newswire = newswire_tagger(taxonomy, load_gazetteer(args.gazetteer))
    baseline = baseline_tagger(taxonomy)
    topics = taxonomy.topic_ids
    if args.errors:
        print_errors(newswire, articles, topics)
    ours, naive = evaluate(newswire, articles, topics), evaluate(baseline, articles, topics)
    print(f"dev set: {len(articles)} articles ({args.dev.name}), taxonomy {taxonomy.version}\n")
    print("| topic | gold | newswire P | R | F1 | baseline P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for topic in topics:
        o, b = ours[topic], naive[topic]
        print(f"| {topic} | {o.tp + o.fn} | {o.precision:.2f} | {o.recall:.2f} | **{o.f1:.2f}** "
              f"| {b.precision:.2f} | {b.recall:.2f} | {b.f1:.2f} |")
    ours_wall, ours_cpu = speed(newswire, articles, args.rounds)
    naive_wall, naive_cpu = speed(baseline, articles, args.rounds)
    print(f"\nspeed, one process on one core, best of {args.rounds} passes over the set:")
    print(f"  newswire (tags + entities): {ours_cpu:,.0f} articles/s CPU time, {ours_wall:,.0f} wall")
    print(f"  keyword baseline:           {naive_cpu:,.0f} articles/s CPU time, {naive_wall:,.0f} wall")
    print(f"  newswire / baseline: {ours_cpu / naive_cpu:.2f} (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

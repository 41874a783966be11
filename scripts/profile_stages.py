#!/usr/bin/env python
"""CPU per article of the clean and tag stages, as ``newswire run`` feeds them in the end-to-end
benchmark, and a digest of their outputs to check that an optimisation changed nothing.

The 61 pages of ../shared/extraction-dev are extracted once (not timed), then served as
``--articles`` articles (default 1,000) under distinct URLs spread over 40 sites, the way
``scripts/bench_e2e.py`` serves them, so the learned boilerplate and the story index see the same
repeats as in the benchmark. Each round runs, per article and on one core, what the main process
does for the two stages: decode the record from JSON, ``clean`` (fresh learned state each round),
encode, decode, ``tag``, encode. Process CPU time; the best of ``--rounds`` rounds is reported
(CPU time is not inflated by other processes on a shared machine, the minimum removes the
remaining noise). The digest is the SHA-256 of every clean and enriched record's JSON, with the
wall-clock times fixed; the script runs itself with ``PYTHONHASHSEED=0`` because the story index
breaks ties between equally near earlier articles in set order, which follows string hashing.

    .venv/bin/python scripts/profile_stages.py [--articles 1000] [--rounds 5]
    .venv/bin/python scripts/profile_stages.py --profile clean   # cProfile of one clean round
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import hashlib
import json
import os
import pstats
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import NewswireError
from pipeline.http import Page
from pipeline.kafka.codec import decode, encode
from pipeline.records import Article, CleanArticle, FeedItem, FeedRef, LineageStep, article_id_for
from pipeline.settings import PACKAGE_CONFIG_DIR
from pipeline.stages.clean import CleanContext, clean
from pipeline.stages.extract import extract
from pipeline.stages.tag import tag
from pipeline.tagging import load_tagging

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "extraction-dev"
SITES = 40
FIXED_TIME = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # fixed, so the digest is reproducible


def extracted_pages(data: Path) -> list[Article]:
    """Each dev page extracted once (pages without article text are left out)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    articles = []
    for page_id, entry in sorted(truth.items()):
        url = entry["url"]
        body = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        item = FeedItem(
            article_id=article_id_for(url),
            url=url,
            link=url,
            feed=FeedRef(url="bench:extraction-dev"),
            fetched_at=FIXED_TIME,
            lineage=(LineageStep(stage="poll", at=FIXED_TIME),),
        )
        page = Page(url=url, final_url=url, status=200, body=body, content_type="text/html")
        try:
            articles.append(extract(item, page))
        except NewswireError:
            continue
    return articles


def workload(pages: list[Article], n: int) -> list[bytes]:
    """``n`` extracted-article records as the clean step receives them: JSON, each under its own
    URL on one of 40 sites (round-robin, as in bench_e2e), pages reused in turn."""
    records = []
    for k in range(n):
        url = f"http://127.0.0.{k % SITES + 1}:8080/a/profile/{k}.html"
        article = pages[k % len(pages)].model_copy(update={"url": url, "article_id": article_id_for(url)})
        records.append(encode(article)[0])
    return records


def fixed_lineage(record: Any) -> Any:
    """The record with its wall-clock times fixed (lineage steps, the tag stage's processed_at)."""
    update: dict[str, Any] = {
        "lineage": tuple(s.model_copy(update={"at": FIXED_TIME}) for s in record.lineage)
    }
    if "processed_at" in type(record).model_fields:
        update["processed_at"] = FIXED_TIME
    return record.model_copy(update=update)


class Stages:
    """The clean and tag steps' work on one article each, timed separately."""

    def __init__(self) -> None:
        self.taxonomy, self.gazetteer = load_tagging(
            PACKAGE_CONFIG_DIR / "topics.yaml", PACKAGE_CONFIG_DIR / "gazetteer.yaml"
        )
        self.rules = PACKAGE_CONFIG_DIR / "boilerplate.yaml"

    def run(self, records: list[bytes], digest: Any = None) -> dict[str, float]:
        """One round over ``records``: CPU seconds spent per part (the digest, when given, is
        updated with every output)."""
        spent = {"decode": 0.0, "clean": 0.0, "tag": 0.0, "encode": 0.0}
        self.tag_pass(self.clean_pass(records, spent, digest), spent, digest)
        return spent

    def clean_pass(self, records: list[bytes], spent: dict[str, float], digest: Any = None) -> list[bytes]:
        """Decode, clean (fresh learned state) and encode each record; the clean records."""
        context = CleanContext.from_rules_file(self.rules)
        clock = time.process_time
        out = []
        for value in records:
            start = clock()
            article = decode(value, Article)
            middle = clock()
            spent["decode"] += middle - start
            try:
                cleaned = clean(article, context)
            except NewswireError as exc:
                spent["clean"] += clock() - middle
                if digest is not None:
                    digest.update(f"dead:{article.article_id}:{exc.reason}".encode())
                continue
            end = clock()
            spent["clean"] += end - middle
            out.append(encode(cleaned)[0])
            spent["encode"] += clock() - end
            if digest is not None:
                digest.update(fixed_lineage(cleaned).model_dump_json().encode())
        return out

    def tag_pass(self, records: list[bytes], spent: dict[str, float], digest: Any = None) -> None:
        """Decode, tag and encode each clean record."""
        clock = time.process_time
        for value in records:
            start = clock()
            cleaned = decode(value, CleanArticle)
            middle = clock()
            enriched = tag(cleaned, self.taxonomy, self.gazetteer)
            end = clock()
            encode(enriched)
            spent["decode"] += middle - start
            spent["tag"] += end - middle
            spent["encode"] += clock() - end
            if digest is not None:
                digest.update(fixed_lineage(enriched).model_dump_json().encode())


def main(argv: list[str] | None = None) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # a reproducible digest (see the docstring)
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", choices=["clean", "tag"], help="cProfile one round of this stage")
    parser.add_argument("--top", type=int, default=30, help="functions shown with --profile")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no dev set at {args.data} (../shared/extraction-dev)", file=sys.stderr)
        return 2
    pages = extracted_pages(args.data)
    records = workload(pages, args.articles)
    stages = Stages()
    digest = hashlib.sha256()
    stages.run(records, digest)  # warm-up (lazy imports, caches) and the output digest
    if args.profile:
        spent = dict.fromkeys(("decode", "clean", "tag", "encode"), 0.0)
        clean_records = stages.clean_pass(records, spent)
        profiler = cProfile.Profile()
        profiler.enable()
        if args.profile == "clean":
            stages.clean_pass(records, spent)
        else:
            stages.tag_pass(clean_records, spent)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        return 0
    rounds = [stages.run(records) for _ in range(args.rounds)]
    print(
        f"{len(pages)} pages as {args.articles} articles, best of {args.rounds} rounds, CPU ms per article:"
    )
    for part in ("decode", "clean", "tag", "encode"):
        best = min(r[part] for r in rounds)
        print(f"  {part:<7} {1000 * best / args.articles:6.2f}")
    print(f"output digest {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

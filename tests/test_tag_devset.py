"""On the tagging dev set and the written probes (../shared, not in the repository), newswire beats
the naive keyword baseline on every topic. The full table and the speed come from scripts/bench_tag.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.test_tagging_support import REPO, gazetteer, taxonomy

DEV = REPO.parent / "shared" / "tagging-dev" / "articles.jsonl"
PROBES = REPO.parent / "shared" / "tagging-probes" / "probes.jsonl"


def bench_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_tag", REPO / "scripts" / "bench_tag.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_tag", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("labelled", [DEV, PROBES], ids=["dev", "probes"])
@pytest.mark.parametrize("topic", ["syria-talks", "ceasefire", "us-russia-summit"])
def test_tagger_beats_keyword_baseline(labelled: Path, topic: str) -> None:
    if not labelled.is_file():
        pytest.skip(f"labelled set absent ({labelled})")
    bench = bench_module()
    articles = bench.read_set(labelled)
    topics = taxonomy().topic_ids
    ours = bench.evaluate(bench.newswire_tagger(taxonomy(), gazetteer()), articles, topics)[topic]
    naive = bench.evaluate(bench.baseline_tagger(taxonomy()), articles, topics)[topic]
    assert ours.f1 > naive.f1

"""On the tagging dev set (../shared/tagging-dev, not in the repository), newswire beats the naive
keyword baseline on every topic. The full table and the speed come from scripts/bench_tag.py."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from tests.test_tagging_support import REPO, gazetteer, taxonomy

DEV = REPO.parent / "shared" / "tagging-dev" / "articles.jsonl"
pytestmark = pytest.mark.skipif(not DEV.is_file(), reason=f"tagging dev set absent ({DEV})")


def bench_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_tag", REPO / "scripts" / "bench_tag.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_tag", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("topic", ["syria-talks", "ceasefire", "us-russia-summit"])
def test_tagger_beats_keyword_baseline_on_dev_set(topic: str) -> None:
    bench = bench_module()
    articles = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    topics = taxonomy().topic_ids
    ours = bench.evaluate(bench.newswire_tagger(taxonomy(), gazetteer()), articles, topics)[topic]
    naive = bench.evaluate(bench.baseline_tagger(taxonomy()), articles, topics)[topic]
    assert ours.f1 > naive.f1

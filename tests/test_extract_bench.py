"""The extraction benchmark's metric (scripts/bench_extract.py): the dev set README's token P/R/F1."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench_extract.py"
DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "extraction-dev"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extract", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_extract"] = module
    spec.loader.exec_module(module)
    return module


def test_score_counts_lower_cased_word_tokens_as_a_multiset(bench: ModuleType) -> None:
    result = bench.score("The the cat, sat!", "the cat sat on the mat")
    assert (result.precision, result.recall) == (1.0, 4 / 6)


def test_score_of_empty_output_is_zero(bench: ModuleType) -> None:
    assert bench.score("", "the cat sat") == bench.Score(0.0, 0.0, 0.0)


def test_body_after_headline_drops_the_first_block(bench: ModuleType) -> None:
    assert bench.body_after_headline("Headline\n\nFirst.\nSecond.\n\nThird.") == "First.\nSecond.\n\nThird."


@pytest.mark.skipif(
    not (DEV_SET / "ground-truth.json").is_file(), reason="../shared/extraction-dev is absent"
)
def test_dev_set_pages_load_with_their_ground_truth(bench: ModuleType) -> None:
    pages = bench.load_pages(DEV_SET)
    assert len(pages) == 61
    assert all(page.html and page.truth for page in pages)


@pytest.mark.skipif(
    not (DEV_SET / "ground-truth.json").is_file(), reason="../shared/extraction-dev is absent"
)
def test_every_dev_page_passes_the_markup_bounds(bench: ModuleType) -> None:
    """The hostile-page guard refuses no real page (inline scripts once made it refuse 11 of 61)."""
    from pipeline.text.decode import decode_html
    from pipeline.text.markup_bounds import check_markup

    for page in bench.load_pages(DEV_SET):
        html = decode_html(page.html) if isinstance(page.html, bytes) else page.html
        check_markup(html)


@pytest.mark.skipif(
    not (DEV_SET / "ground-truth.json").is_file(), reason="../shared/extraction-dev is absent"
)
def test_newswire_extraction_keeps_its_dev_set_quality(bench: ModuleType) -> None:
    """A guard against regressions, not a claim of quality (the dev set is in-sample): the token F1
    of extract + clean stays near the figure in README "Benchmarks" (0.972) and above raw trafilatura's."""
    pages = bench.load_pages(DEV_SET)
    newswire = bench.Newswire()
    ours = bench.mean_score([bench.score(bench.body_after_headline(newswire(p)), p.truth) for p in pages])
    raw = bench.mean_score([bench.score(bench.raw_trafilatura(p), p.truth) for p in pages])
    assert ours.f1 >= 0.96
    assert ours.f1 > raw.f1

"""Shared by the tagging tests: the bundled taxonomy and gazetteer, and the tagging test texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from pipeline.stages.tag import TagResult, tag_text
from pipeline.tagging import Gazetteer, Taxonomy, load_gazetteer, load_taxonomy

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "config"
DATA = Path(__file__).resolve().parent / "data" / "tagging"


@cache
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG / "topics.yaml")


@cache
def gazetteer() -> Gazetteer:
    return load_gazetteer(CONFIG / "gazetteer.yaml")


def tag_file(name: str) -> TagResult:
    """Tag a text of tests/data/tagging (clean format: headline first line, then paragraphs)."""
    return tag_text(None, (DATA / name).read_text(encoding="utf-8"), taxonomy(), gazetteer())


def topics(result: TagResult) -> set[str]:
    return {tag.topic for tag in result.tags}


# -- written examples of the generalisation audits (test_tagging_generalisation.py, _eras.py) -----
CF, ST, US = "ceasefire", "syria-talks", "us-russia-summit"
D = dt.date


def case(
    case_id: str, title: str, body: str, date: dt.date | None, *expected: str, gap: str | None = None
) -> pytest.ParameterSet:
    """One written example with its whole expected set of topics; ``gap`` names a class the rules
    do not handle yet (a strict xfail: the test fails loudly once the class is fixed, so the mark
    is removed with the fix)."""
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(title, body, date, frozenset(expected), id=case_id, marks=marks)


def topics_of(title: str, text: str, date: dt.date | None) -> frozenset[str]:
    """The topics the bundled taxonomy gives ``text`` (headline ``title``, dated ``date``)."""
    return frozenset(tag_text(title, text, taxonomy(), gazetteer(), date=date).topics)


def headline_first(title: str, body: str, date: dt.date | None) -> frozenset[str]:
    """The topics of a written example as an extracted article: its headline, then its body."""
    return topics_of(title, f"{title}\n\n{body}", date)


def body_only(cases: Sequence[pytest.ParameterSet], case_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """(topics, expected) of case ``case_id`` as a feed item with no headline: the body's first
    paragraph is on the first line, so the lead alone must carry the subject."""
    (params,) = [p for p in cases if p.id == case_id]
    _, body, date, expected = params.values
    return topics_of("", str(body), date), expected

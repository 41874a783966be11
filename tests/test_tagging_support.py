"""Shared by the tagging tests: the bundled taxonomy and gazetteer, and the tagging test texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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

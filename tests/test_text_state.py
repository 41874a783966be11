"""Learned per-source boilerplate and the story index: bounded, and kept across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.text.memory import SourceMemory
from pipeline.text.stories import StoryIndex


def _learn(memory: SourceMemory, site: str, line: str, articles: int) -> None:
    for n in range(articles):
        memory.observe(site, f"{n:016x}", [line])


def test_memory_learns_a_line_after_min_articles() -> None:
    memory = SourceMemory(min_articles=3)
    _learn(memory, "courier.example", "follow us", 2)
    assert not memory.is_boilerplate("courier.example", "follow us")
    _learn(memory, "courier.example", "follow us", 3)
    assert memory.is_boilerplate("courier.example", "follow us")


def test_memory_counts_a_revised_article_once() -> None:
    memory = SourceMemory(min_articles=2)
    for _ in range(3):
        memory.observe("courier.example", "00000000000000aa", ["follow us"])
    assert not memory.is_boilerplate("courier.example", "follow us")


def test_memory_ignores_long_lines() -> None:
    memory = SourceMemory(min_articles=2, max_words=5)
    line = "one two three four five six"
    _learn(memory, "courier.example", line, 3)
    assert not memory.is_boilerplate("courier.example", line)


def test_memory_keeps_at_most_max_lines_per_site() -> None:
    memory = SourceMemory(min_articles=2, max_lines=10)
    memory.observe("s.example", "0000000000000001", [f"line {i}" for i in range(50)])
    memory.observe("s.example", "0000000000000002", [f"line {i}" for i in range(50)])
    assert sum(memory.is_boilerplate("s.example", f"line {i}") for i in range(50)) == 10


def test_memory_keeps_at_most_max_sites() -> None:
    memory = SourceMemory(min_articles=1, max_sites=3)
    for n in range(5):
        memory.observe(f"site{n}.example", "0000000000000001", ["follow us"])
    assert [memory.is_boilerplate(f"site{n}.example", "follow us") for n in range(5)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_memory_survives_save_and_load(tmp_path: Path) -> None:
    memory = SourceMemory(min_articles=2)
    _learn(memory, "courier.example", "follow us", 2)
    memory.save(tmp_path / "memory.json")
    restored = SourceMemory(min_articles=2)
    restored.load(tmp_path / "memory.json")
    assert restored.is_boilerplate("courier.example", "follow us")


def test_memory_load_of_a_missing_file_starts_empty(tmp_path: Path) -> None:
    memory = SourceMemory()
    memory.load(tmp_path / "absent.json")
    assert not memory.is_boilerplate("courier.example", "follow us")


def test_memory_load_of_a_corrupt_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "memory.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"memory\.json"):
        SourceMemory().load(tmp_path / "memory.json")


def test_story_index_groups_hashes_within_max_distance() -> None:
    index = StoryIndex(max_distance=3)
    first = index.assign("000000000000000a", 0b1111_0000)
    copy = index.assign("000000000000000b", 0b1111_0111)
    assert (first.story_id, copy.story_id, copy.duplicate_of) == ("000000000000000a",) * 3


def test_story_index_separates_hashes_beyond_max_distance() -> None:
    index = StoryIndex(max_distance=3)
    index.assign("000000000000000a", 0)
    other = index.assign("000000000000000b", 0b1111)
    assert (other.story_id, other.duplicate_of) == ("000000000000000b", None)


def test_story_index_forgets_the_oldest_entries_beyond_its_size() -> None:
    index = StoryIndex(max_entries=2)
    for n, value in enumerate((0, 1 << 40, 1 << 20)):
        index.assign(f"{n:016x}", value | (0xFFFF << (n * 16)))
    assert len(index) == 2


def test_story_index_survives_save_and_load(tmp_path: Path) -> None:
    index = StoryIndex()
    index.assign("000000000000000a", 0xDEADBEEF)
    index.save(tmp_path / "stories.json")
    restored = StoryIndex()
    restored.load(tmp_path / "stories.json")
    assert restored.assign("000000000000000b", 0xDEADBEEF).duplicate_of == "000000000000000a"

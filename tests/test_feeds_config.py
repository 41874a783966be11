"""The feed list file: validation, reload on change and on request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.feeds import FeedConfig, FileFeedsSource
from pipeline.feeds.config import load_feed_list

REPO = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_bundled_feed_list_is_valid() -> None:
    assert load_feed_list(REPO / "config" / "feeds.yaml") == []


def test_feed_list_accepts_bare_urls_and_mappings(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.yaml",
        "feeds:\n  - https://a.example/rss\n"
        "  - url: https://b.example/atom\n    name: B\n    interval_s: 300\n",
    )
    assert load_feed_list(path) == [
        FeedConfig(url="https://a.example/rss"),
        FeedConfig(url="https://b.example/atom", name="B", interval_s=300),
    ]


def test_feed_list_keeps_first_of_duplicate_urls(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.yaml",
        "feeds:\n  - url: https://a.example/rss\n    name: first\n"
        "  - url: https://a.example/rss\n    name: second\n",
    )
    assert [f.name for f in load_feed_list(path)] == ["first"]


def test_feed_list_error_names_the_entry(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "feeds:\n  - https://a.example/rss\n  - url: ftp://b.example/x\n")
    with pytest.raises(ConfigError, match=r"feeds\[1\]\.url"):
        load_feed_list(path)


def test_feed_list_rejects_unknown_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "feeds:\n  - url: https://a.example/rss\n    intervl: 5\n")
    with pytest.raises(ConfigError, match="intervl"):
        load_feed_list(path)


def bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_file_source_reloads_when_the_file_changes(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "feeds:\n  - https://a.example/rss\n")
    source = FileFeedsSource(path)
    write(path, "feeds:\n  - https://a.example/rss\n  - https://b.example/rss\n")
    bump_mtime(path)
    assert source.refresh() and [f.url for f in source.feeds()] == [
        "https://a.example/rss",
        "https://b.example/rss",
    ]


def test_file_source_reloads_on_request(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "feeds: []\n")
    source = FileFeedsSource(path)
    st = path.stat()
    write(path, "feeds:\n  - https://b.example/rss\n")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime: only the request reveals it
    source.request_reload()
    assert source.refresh() and len(source.feeds()) == 1


def test_file_source_keeps_previous_list_when_the_edit_is_invalid(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "feeds:\n  - https://a.example/rss\n")
    source = FileFeedsSource(path)
    write(path, "feeds:\n  - url: [unclosed\n")
    bump_mtime(path)
    assert not source.refresh() and [f.url for f in source.feeds()] == ["https://a.example/rss"]

"""Configuration mistakes that used to be ignored silently (issue 15 item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.configfile import read_yaml
from pipeline.errors import ConfigError
from pipeline.settings import check_env_sections, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newswire.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_duplicate_section_in_the_settings_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "kafka:\n  partitions: 3\nfetch:\n  max_bytes: 4096\nkafka:\n  partitions: 5\n")
    with pytest.raises(ConfigError, match=r"duplicate key 'kafka' \(line 5, first given on line 1\)"):
        load_settings(path, use_env=False)


def test_a_duplicate_key_inside_a_section_is_refused_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "poll:\n  max_failures: 3\n  max_failures: 30\n")
    with pytest.raises(ConfigError, match="duplicate key 'max_failures'"):
        read_yaml(path)


def test_the_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "a:\n  x: 1\nb:\n  x: 2\nlist:\n  - {x: 1}\n  - {x: 2}\n")
    assert read_yaml(path)["b"] == {"x": 2}


def test_an_environment_variable_naming_an_unknown_section_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        check_env_sections({"NEWSWIRE_KAFKAA__PARTITIONS": "5"})
    assert caught.value.key == "NEWSWIRE_KAFKAA__PARTITIONS"
    assert "unknown settings section 'KAFKAA'" in str(caught.value)


def test_load_settings_refuses_an_unknown_environment_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWIRE_KAFKAA__PARTITIONS", "5")
    with pytest.raises(ConfigError, match="NEWSWIRE_KAFKAA__PARTITIONS"):
        load_settings(write(tmp_path, "kafka:\n  partitions: 3\n"))


def test_known_sections_and_non_settings_variables_are_accepted() -> None:
    check_env_sections(
        {"NEWSWIRE_KAFKA__PARTITIONS": "5", "newswire_poll__max_failures": "3", "NEWSWIRE_CONFIG": "x.yaml"}
    )
    check_env_sections({"NEWSWIRE_TEST_BOOTSTRAP": "a:9092", "OTHER__THING": "1"})


def test_config_dir_is_not_offered_as_a_settings_section() -> None:
    with pytest.raises(ConfigError) as caught:
        check_env_sections({"NEWSWIRE_CONFIG_DIR__X": "1"})
    assert "CONFIG_DIR" not in str(caught.value).split("known:", 1)[1]

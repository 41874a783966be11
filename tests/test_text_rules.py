"""Boilerplate rules: the bundled file loads, and a malformed file names the rule and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import PACKAGE_CONFIG_DIR
from pipeline.text.rules import load_rules


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "boilerplate.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_rules_file_loads_with_named_rules() -> None:
    rules = load_rules(PACKAGE_CONFIG_DIR / "boilerplate.yaml")
    assert {"advertisement", "share-prompt", "read-more"} <= {r.name for r in rules.rules}


def test_line_rule_matches_the_whole_line_only() -> None:
    rules = load_rules(PACKAGE_CONFIG_DIR / "boilerplate.yaml")
    assert rules.line_rule("advertisement") == "advertisement"
    assert rules.line_rule("advertisement revenue fell by a third this year") is None


def test_rule_with_invalid_regex_is_a_config_error_naming_the_rule(tmp_path: Path) -> None:
    path = _write(tmp_path, "rules:\n  - name: broken\n    pattern: '(unclosed'\n")
    with pytest.raises(ConfigError, match=r"rule broken.*not a valid regular expression"):
        load_rules(path)


def test_rule_with_unknown_kind_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "rules:\n  - name: odd\n    kind: paragraph\n    pattern: 'x'\n")
    with pytest.raises(ConfigError, match=r"rule odd.*kind must be one of"):
        load_rules(path)


def test_rule_without_a_name_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rules\[0\].*name"):
        load_rules(_write(tmp_path, "rules:\n  - pattern: 'x'\n"))


def test_rule_without_a_pattern_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rule empty.*pattern"):
        load_rules(_write(tmp_path, "rules:\n  - name: empty\n"))


def test_duplicate_rule_names_are_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "rules:\n  - name: a\n    pattern: 'x'\n  - name: a\n    pattern: 'y'\n")
    with pytest.raises(ConfigError, match=r"rule a.*duplicate"):
        load_rules(path)


def test_rule_matching_the_empty_line_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rule greedy.*empty line"):
        load_rules(_write(tmp_path, "rules:\n  - name: greedy\n    pattern: '.*'\n"))


def test_unknown_structure_setting_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"structure.*unknown"):
        load_rules(_write(tmp_path, "structure:\n  tail_afterr: 0.5\nrules: []\n"))


def test_file_that_is_not_yaml_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_rules(_write(tmp_path, "rules: [\n"))


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "absent.yaml")

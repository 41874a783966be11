"""Settings: one frozen object; bad configuration names the key and the problem, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.errors import ConfigError
from pipeline.settings import PACKAGE_CONFIG_DIR, load_settings

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newswire.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_config_is_valid() -> None:
    settings = load_settings(REPO / "config" / "newswire.yaml", use_env=False)
    assert settings.kafka.embedded and settings.fetch.max_bytes == 5 * 1024 * 1024


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "{}"), use_env=False)
    with pytest.raises(ValidationError):
        settings.kafka = None  # type: ignore[assignment]


def test_wrong_type_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "kafka:\n  partitions: lots\n"), use_env=False)
    assert info.value.key == "kafka.partitions"


def test_unknown_key_is_reported_as_unknown(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "kafka:\n  bootstrap: x\n"), use_env=False)
    assert info.value.key == "kafka.bootstrap" and "unknown setting" in str(info.value)


def test_invalid_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "kafka:\n  partitions: [1\n"), use_env=False)
    assert "not valid YAML" in str(info.value) and "line" in str(info.value)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.yaml")


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", '["k1:9092","k2:9092"]')
    settings = load_settings(write(tmp_path, "kafka:\n  bootstrap_servers: [file:9092]\n"))
    assert settings.kafka.bootstrap_servers == ["k1:9092", "k2:9092"]


def test_bootstrap_servers_accept_a_comma_separated_string(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "kafka:\n  bootstrap_servers: 'a:1, b:2'\n"), use_env=False)
    assert settings.kafka.bootstrap_servers == ["a:1", "b:2"]


def test_sasl_protocol_requires_mechanism(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "kafka:\n  security_protocol: SASL_SSL\n"), use_env=False)
    assert info.value.key == "kafka" and "sasl_mechanism" in str(info.value)


def test_sasl_password_is_secret(tmp_path: Path) -> None:
    settings = load_settings(
        write(tmp_path, "kafka:\n  sasl_mechanism: PLAIN\n  sasl_password: hunter2\n"), use_env=False
    )
    assert "hunter2" not in repr(settings)


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "tag:\n  taxonomy_file: mine.yaml\n"), use_env=False)
    assert settings.path(settings.tag.taxonomy_file) == tmp_path / "mine.yaml"


def test_cli_reports_config_error_in_one_line_without_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "kafka:\n  partitions: -3\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "--config", str(path), "topics"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "kafka.partitions" in proc.stderr and "Traceback" not in proc.stderr


def test_comma_separated_bootstrap_servers_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    assert load_settings(write(tmp_path, "{}")).kafka.bootstrap_servers == ["k1:9092", "k2:9092"]


def test_malformed_environment_value_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS", "[broken")
    with pytest.raises(ConfigError, match="bootstrap_servers"):
        load_settings(write(tmp_path, "{}"))


def test_config_path_that_is_a_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path)


def test_allowed_private_origin_must_be_host_and_port(tmp_path: Path) -> None:
    config = tmp_path / "newswire.yaml"
    config.write_text("fetch:\n  allowed_private_origins: ['127.0.0.1']\n")
    with pytest.raises(ConfigError, match=r"fetch\.allowed_private_origins"):
        load_settings(config, use_env=False)


def test_data_files_a_config_does_not_name_are_the_bundled_ones(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "kafka:\n  partitions: 2\n"), use_env=False)
    for path in (
        settings.tag.taxonomy_file,
        settings.tag.gazetteer_file,
        settings.clean.rules_file,
        settings.poll.feeds_file,
    ):
        assert settings.path(path) == PACKAGE_CONFIG_DIR / path.name and settings.path(path).is_file()


def test_a_data_file_beside_the_config_wins_over_the_bundled_one(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text("feeds: []\n", encoding="utf-8")
    settings = load_settings(write(tmp_path, "{}"), use_env=False)
    assert settings.path(settings.poll.feeds_file) == tmp_path / "feeds.yaml"


def test_tag_works_with_a_config_of_a_few_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "kafka:\n  partitions: 2\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "--config", str(path), "tag", "-"],
        input="Syria ceasefire talks resume in Geneva\n\nThe ceasefire talks on Syria resumed.\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "tag ceasefire" in proc.stdout


@pytest.mark.parametrize(
    ("key", "value"),
    [("max_in_flight", 0), ("max_in_flight", 1_000_000), ("max_pending_mb", 0), ("max_pending_mb", "lots")],
)
def test_extract_bounds_out_of_range_name_the_key_in_one_line(
    tmp_path: Path, key: str, value: object
) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, f"extract:\n  {key}: {value}\n"), use_env=False)
    assert info.value.key == f"extract.{key}" and "\n" not in str(info.value)


def test_extract_stage_holds_its_own_in_flight_cap_and_page_budget(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "kafka:\n  max_in_flight: 64\n"), use_env=False)
    assert settings.extract.max_in_flight == 2048 and settings.kafka.max_in_flight == 64
    assert settings.extract.max_pending_mb == 128

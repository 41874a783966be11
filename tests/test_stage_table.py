"""The stage table drives the runner, `newswire run --stage`, topic creation and metric labels."""

from __future__ import annotations

import pytest

from pipeline.cli.main import build_parser
from pipeline.cli.run import selected_stages
from pipeline.errors import ConfigError
from pipeline.metrics import Metrics
from pipeline.settings import PACKAGE_CONFIG_DIR, KafkaSettings, Settings, load_settings
from pipeline.stage import close_step
from pipeline.stage_table import CONSUMER_STAGES, STAGE_NAMES, STAGES, pipeline_topics, stage
from pipeline.topology import private_group, topics_for


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(PACKAGE_CONFIG_DIR / "newswire.yaml", use_env=False).with_overrides(
        extract={"workers": 1}
    )


def test_run_stage_accepts_exactly_the_declared_stages() -> None:
    parser = build_parser()
    for name in STAGE_NAMES:
        assert selected_stages(parser.parse_args(["run", "--stage", name]).stage) == [name]
    assert selected_stages(None) == list(STAGE_NAMES)
    with pytest.raises(ConfigError, match="--stage: unknown stage 'dedup' \\(known: poll, extract"):
        selected_stages(parser.parse_args(["run", "--stage", "dedup"]).stage)


def test_topic_creation_covers_every_declared_input_and_output(settings: Settings) -> None:
    topics = topics_for(settings.kafka)
    created = set(pipeline_topics(settings, topics))
    for spec in STAGES:
        assert set(spec.outputs(topics, settings)) <= created, spec.name
        if spec.input_topic is not None:
            assert spec.input_topic(topics) in created, spec.name
    assert topics.deadletter in created


@pytest.mark.parametrize("name", CONSUMER_STAGES)
def test_each_consumer_stage_builds_a_step_named_after_it_reading_its_declared_model(
    settings: Settings, name: str
) -> None:
    spec = stage(name)
    assert spec.build is not None
    step = spec.build(settings, topics_for(settings.kafka), None)
    try:
        assert (step.name, step.input_model) == (spec.name, spec.input_model)
    finally:
        close_step(step)


def test_an_unknown_stage_name_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known: poll, extract"):
        stage("dedup")


def test_metrics_export_every_declared_stage_before_it_sees_a_record() -> None:
    metrics = Metrics()
    metrics.declare_stages(STAGE_NAMES)
    exported = metrics.registry.get_sample_value
    for name in STAGE_NAMES:
        assert exported("newswire_records_in_total", {"stage": name}) == 0.0


def test_private_reader_groups_are_under_the_group_prefix_and_unique() -> None:
    kafka = KafkaSettings(group_prefix="acme.")
    first, second = private_group(kafka, "web"), private_group(kafka, "web")
    assert first.startswith("acme.web.") and second.startswith("acme.web.") and first != second


def test_extract_declares_its_own_in_flight_cap_and_the_others_the_kafka_one(settings: Settings) -> None:
    capped = {spec.name: spec.in_flight(settings) for spec in STAGES if spec.in_flight is not None}
    assert capped == {"extract": settings.extract.max_in_flight}

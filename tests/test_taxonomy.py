"""Loading config/topics.yaml: version, validation with clear messages, topics added by YAML alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.errors import ConfigError, TaxonomyError
from pipeline.stages.tag import tag_text
from pipeline.tagging import load_taxonomy
from tests.test_tagging_support import CONFIG, gazetteer, taxonomy

MINIMAL = {
    "version": "test-1",
    "vocabularies": {"war": ["fighting", "rebels"]},
    "topics": [
        {
            "id": "yemen-war",
            "name": "Yemen war",
            "description": "The war in Yemen.",
            "threshold": 2.0,
            "requires": [{"vocabulary": "war"}],
            "rules": [{"id": "yemen", "weight": 1.0, "phrases": ["Yemen", "Houthi", "Houthis"]}],
        }
    ],
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(
        yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data, encoding="utf-8"
    )
    return path


def broken(**changes: object) -> dict:
    topic = {**MINIMAL["topics"][0], **changes}  # type: ignore[index]
    return {**MINIMAL, "topics": [topic]}


def test_bundled_taxonomy_has_a_version() -> None:
    assert taxonomy().version == "2026.12.6"


def test_bundled_taxonomy_defines_the_three_default_topics() -> None:
    assert taxonomy().topic_ids == ("syria-talks", "ceasefire", "us-russia-summit")


def test_topic_added_by_yaml_alone_tags_text(tmp_path: Path) -> None:
    custom = load_taxonomy(write(tmp_path, MINIMAL))
    text = "Houthi rebels step up fighting in Yemen\n\nHouthi rebels attacked a port in Yemen on Monday."
    assert tag_text(None, text, custom, gazetteer()).topics == ["yemen-war"]


def test_taxonomy_error_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_taxonomy(write(tmp_path, broken(threshold=None)))


def test_missing_threshold_names_the_key(tmp_path: Path) -> None:
    data = broken()
    del data["topics"][0]["threshold"]
    with pytest.raises(TaxonomyError, match=r"topics\.0\.threshold: Field required"):
        load_taxonomy(write(tmp_path, data))


def test_unknown_vocabulary_names_the_rule_and_the_defined_ones(tmp_path: Path) -> None:
    rules = [{"id": "yemen", "weight": 1.0, "phrases": ["Yemen"], "with": ["no-such-words"]}]
    with pytest.raises(
        TaxonomyError,
        match=r"topics\.0\.rules\.0\.with: unknown vocabulary 'no-such-words' "
        r"\(defined: war\)",
    ):
        load_taxonomy(write(tmp_path, broken(rules=rules)))


def test_invalid_pattern_is_reported_with_the_regex_error(tmp_path: Path) -> None:
    rules = [{"id": "yemen", "weight": 1.0, "patterns": ["Yemen("]}]
    with pytest.raises(TaxonomyError, match=r"invalid regular expression 'Yemen\('"):
        load_taxonomy(write(tmp_path, broken(rules=rules)))


def test_rule_without_trigger_is_rejected(tmp_path: Path) -> None:
    rules = [{"id": "yemen", "weight": 1.0}]
    with pytest.raises(TaxonomyError, match="a rule needs at least one of"):
        load_taxonomy(write(tmp_path, broken(rules=rules)))


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match=r"topics\.0\.treshold: unknown key"):
        load_taxonomy(write(tmp_path, broken(treshold=2)))


def test_duplicate_topic_id_is_rejected(tmp_path: Path) -> None:
    data = {**MINIMAL, "topics": MINIMAL["topics"] * 2}  # type: ignore[operator]
    with pytest.raises(TaxonomyError, match=r"topics\.1\.id: duplicate topic id 'yemen-war'"):
        load_taxonomy(write(tmp_path, data))


def test_invalid_yaml_reports_the_line(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match=r"not valid YAML \(line \d+\)"):
        load_taxonomy(write(tmp_path, "version: 1\ntopics:\n  - id: [unclosed\n"))


def test_missing_file_is_a_taxonomy_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read file"):
        load_taxonomy(tmp_path / "absent.yaml")


def test_error_message_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, broken(threshold=-1))
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert caught.value.key.startswith(str(path))


def test_bundled_taxonomy_file_is_the_configured_one() -> None:
    assert (CONFIG / "topics.yaml").is_file()


def test_pattern_rule_tags_and_shows_its_match(tmp_path: Path) -> None:
    rules = [{"id": "resolution", "weight": 2.0, "patterns": [r"resolution \d{4}"]}]
    custom = load_taxonomy(write(tmp_path, broken(rules=rules, requires=[])))
    text = "Council votes\n\nRebels welcomed resolution 2254 on Friday after weeks of fighting."
    result = tag_text(None, text, custom, gazetteer())
    assert [(s.match, s.rule) for s in result.tags[0].evidence] == [("resolution 2254", "resolution@lead")]


def test_unknown_background_vocabulary_is_rejected(tmp_path: Path) -> None:
    data = {**MINIMAL, "structure": {"background_vocabulary": "no-such-words"}}
    with pytest.raises(TaxonomyError, match=r"structure\.background_vocabulary: unknown vocabulary"):
        load_taxonomy(write(tmp_path, data))


def test_invalid_chronology_date_is_reported(tmp_path: Path) -> None:
    data = {**MINIMAL, "structure": {"chronology_date": "(19|20"}}
    with pytest.raises(TaxonomyError, match="invalid regular expression"):
        load_taxonomy(write(tmp_path, data))


def test_bundled_rules_take_their_weight_from_a_named_level() -> None:
    levels = taxonomy().structure.levels
    weights = {rule.rule.weight for topic in taxonomy().topics for rule in topic.rules}
    assert weights <= set(levels)
    assert len(levels) <= 3


def test_bundled_vocabularies_each_say_what_they_are_for() -> None:
    data = yaml.safe_load((CONFIG / "topics.yaml").read_text(encoding="utf-8"))
    assert [name for name, vocabulary in data["vocabularies"].items() if not vocabulary.get("about")] == []


def test_unknown_weight_level_names_the_rule_and_the_levels(tmp_path: Path) -> None:
    rules = [{"id": "yemen", "weight": "very-strong", "phrases": ["Yemen"]}]
    with pytest.raises(
        TaxonomyError,
        match=r"topics\.0\.rules\.0\.weight: unknown level 'very-strong' "
        r"\(defined: hint, strong, supporting\)",
    ):
        load_taxonomy(write(tmp_path, broken(rules=rules)))


def test_named_level_weighs_as_defined(tmp_path: Path) -> None:
    rules = [{"id": "yemen", "weight": "supporting", "phrases": ["Houthi"]}]
    custom = load_taxonomy(write(tmp_path, broken(rules=rules, requires=[])))
    text = (
        "Houthi rebels step up fighting in Yemen\n\nHouthi rebels attacked a port on Monday, officials said."
    )
    assert tag_text(None, text, custom, gazetteer()).tags[0].score == 2.5  # 0.5 x 3 + 0.5 x 2


def test_requirement_may_count_any_of_several_vocabularies(tmp_path: Path) -> None:
    data = {
        **broken(requires=[{"vocabulary": ["war", "port"], "min": 2}]),
        "vocabularies": {"war": ["fighting"], "port": ["Hodeidah"]},
    }
    custom = load_taxonomy(write(tmp_path, data))
    text = "Houthi rebels step up fighting in Yemen\n\nHouthi forces attacked Hodeidah on Monday, officials said."
    assert tag_text(None, text, custom, gazetteer()).topics == ["yemen-war"]


def test_requirement_with_max_zero_needs_the_vocabulary_absent(tmp_path: Path) -> None:
    data = {
        **broken(requires=[{"vocabulary": "war", "min": 0, "max": 0}]),
        "vocabularies": {"war": ["fighting"]},
    }
    custom = load_taxonomy(write(tmp_path, data))
    calm = "Houthi leaders meet in Yemen\n\nHouthi leaders met in Yemen on Monday, officials said."
    assert tag_text(None, calm, custom, gazetteer()).topics == ["yemen-war"]
    assert tag_text(None, calm.replace("met in", "met amid fighting in"), custom, gazetteer()).topics == []


def test_requirement_does_not_count_hits_in_a_sentence_naming_an_outside_vocabulary(tmp_path: Path) -> None:
    data = {
        **broken(requires=[{"vocabulary": "war", "outside": ["trade"]}]),
        "vocabularies": {"war": ["fighting"], "trade": ["trade war"]},
    }
    custom = load_taxonomy(write(tmp_path, data))
    base = "Houthi leaders meet in Yemen\n\nHouthi leaders met in Yemen on Monday, officials said. "
    assert tag_text(None, base + "The fighting went on all night.", custom, gazetteer()).topics == [
        "yemen-war"
    ]
    assert (
        tag_text(None, base + "The fighting in the trade war went on all night.", custom, gazetteer()).topics
        == []
    )


def test_requirement_is_waived_when_a_waived_by_vocabulary_occurs(tmp_path: Path) -> None:
    data = {
        **broken(requires=[{"vocabulary": "feud", "min": 0, "max": 0, "waived_by": ["war"]}]),
        "vocabularies": {"war": ["fighting"], "feud": ["feud"]},
    }
    custom = load_taxonomy(write(tmp_path, data))
    base = "Houthi leaders meet in Yemen\n\nHouthi leaders met in Yemen on Monday, officials said. "
    assert (
        tag_text(None, base + "A bitter feud broke out between the two leaders.", custom, gazetteer()).topics
        == []
    )
    assert tag_text(
        None, base + "A bitter feud broke out between the two leaders amid fighting.", custom, gazetteer()
    ).topics == ["yemen-war"]


def test_unless_together_vetoes_only_when_all_its_vocabularies_occur(tmp_path: Path) -> None:
    rules = [
        {
            "id": "yemen",
            "weight": 1.0,
            "phrases": ["Yemen"],
            "unless_together": ["saudi", "iran"],
            "despite": ["war"],
        }
    ]
    data = {
        **broken(rules=rules, requires=[]),
        "vocabularies": {"war": ["fighting"], "saudi": ["Riyadh"], "iran": ["Tehran"]},
    }
    custom = load_taxonomy(write(tmp_path, data))

    def topics(sentence: str) -> list[str]:
        return tag_text(
            None, f"{sentence}\n\n{sentence} Officials said so on Monday.", custom, gazetteer()
        ).topics

    assert topics("Riyadh sends envoy to Yemen") == ["yemen-war"]
    assert topics("Riyadh and Tehran discuss Yemen") == []
    assert topics("Riyadh and Tehran discuss fighting in Yemen") == ["yemen-war"]


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"requires": [{"vocabulary": "war", "outside": ["nope"]}]}, r"topics\.0\.requires\.0\.outside"),
        ({"requires": [{"vocabulary": "war", "waived_by": ["nope"]}]}, r"topics\.0\.requires\.0\.waived_by"),
        (
            {"rules": [{"id": "yemen", "weight": 1.0, "phrases": ["Yemen"], "unless_together": ["nope"]}]},
            r"topics\.0\.rules\.0\.unless_together",
        ),
    ],
)
def test_unknown_vocabulary_in_outside_or_unless_together_names_the_key(
    tmp_path: Path, changes: dict, key: str
) -> None:
    with pytest.raises(TaxonomyError, match=key + r": unknown vocabulary 'nope'"):
        load_taxonomy(write(tmp_path, broken(**changes)))

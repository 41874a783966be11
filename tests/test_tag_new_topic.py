"""A new topic in about twenty lines of YAML: tests/data/tagging/ukraine_peace_talks.yaml, added
to the default taxonomy, tags written examples of Ukraine peace talks and leaves look-alikes alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.stages.tag import tag_text
from pipeline.tagging import Taxonomy, load_taxonomy
from tests.test_tagging_support import CONFIG, DATA, gazetteer

TOPIC = "ukraine-peace-talks"


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    """The default taxonomy with the example's vocabularies and topic pasted in, as a user would."""
    base = yaml.safe_load((CONFIG / "topics.yaml").read_text(encoding="utf-8"))
    example = yaml.safe_load((DATA / "ukraine_peace_talks.yaml").read_text(encoding="utf-8"))
    base["vocabularies"].update(example["vocabularies"])
    base["topics"].extend(example["topics"])
    path: Path = tmp_path_factory.mktemp("taxonomy") / "topics.yaml"
    path.write_text(yaml.safe_dump(base, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_taxonomy(path)


def topics_of(taxonomy: Taxonomy, title: str, *paragraphs: str, date: dt.date | None = None) -> set[str]:
    text = "\n\n".join([title, *paragraphs])
    return set(tag_text(title, text, taxonomy, gazetteer(), date=date).topics)


def test_example_topic_is_about_twenty_lines_of_yaml() -> None:
    lines = (DATA / "ukraine_peace_talks.yaml").read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.strip() and not line.lstrip().startswith("#")]) <= 25


EXAMPLES = {
    "istanbul-round": (
        "Russian and Ukrainian delegations meet in Istanbul",
        "Russian and Ukrainian negotiators held their first direct talks in three years in "
        "Istanbul on Friday. The meeting lasted less than two hours and ended with an agreement "
        "to exchange prisoners.",
        dt.date(2025, 5, 16),
    ),
    "peace-plan": (
        "Kyiv presents ten-point peace plan",
        "Ukraine presented a ten-point peace plan to diplomats on Tuesday, calling for the withdrawal "
        "of Russian troops and a special tribunal. The Kremlin rejected the peace plan as unrealistic.",
        None,
    ),
    "leaders": (
        "Zelensky ready to meet Putin, aide says",
        "Volodymyr Zelensky is prepared to hold talks with Vladimir Putin if they can end the war, an "
        "aide said on Sunday. Moscow said any meeting would need careful preparation by negotiators.",
        dt.date(2025, 5, 11),
    ),
    "body-only": (
        "Wheat futures slip in Chicago",
        "Wheat futures fell on Monday as rain improved crop prospects in the US Midwest. Traders said "
        "demand from Asian buyers was steady.",
        "Traders also watched peace talks between Russia and Ukraine in Geneva. The talks are due to "
        "resume on Wednesday, Ukrainian officials said.",
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(EXAMPLES))
def test_example_topic_tags_peace_talks(extended: Taxonomy, case: str) -> None:
    *parts, date = EXAMPLES[case]
    assert TOPIC in topics_of(extended, *parts, date=date)


LOOK_ALIKES = {
    "battlefield": (
        "Drones hit Kyiv power plant overnight",
        "Russian drones struck a power plant near Kyiv overnight, Ukrainian officials said on "
        "Tuesday. Repair crews restored electricity to most homes by the morning.",
        "Hopes for peace have faded since the spring.",
        "Air raid sirens sounded again at noon.",
    ),
    "grain-deal": (
        "Ukraine and Russia agree on grain exports at Istanbul talks",
        "Russia and Ukraine agreed at talks in Istanbul on Friday to resume grain exports from Black "
        "Sea ports. The grain deal will be monitored by Turkey and the United Nations.",
    ),
    "other-war": (
        "Syrian government and opposition resume Geneva talks",
        "Syrian government and opposition delegations resumed peace talks in Geneva on Monday, the UN "
        "said. The envoy met both sides separately.",
    ),
    "trade-talks": (
        "US and China resume trade talks in London",
        "US and Chinese negotiators resumed trade talks in London on Monday. Tariffs and export "
        "controls topped the agenda.",
    ),
}


@pytest.mark.parametrize("case", sorted(LOOK_ALIKES))
def test_example_topic_leaves_look_alikes_alone(extended: Taxonomy, case: str) -> None:
    assert TOPIC not in topics_of(extended, *LOOK_ALIKES[case])


def test_example_topic_leaves_the_default_topics_unchanged(extended: Taxonomy) -> None:
    title, *body = LOOK_ALIKES["other-war"]
    assert topics_of(extended, title, *body) == {"syria-talks"}

"""Each definition's "Not:" cases, and the positive cases they are told apart from."""

from __future__ import annotations

from tests.test_tagging_support import tag_file, topics


def test_syria_airstrike_report_with_one_truce_line_is_not_ceasefire() -> None:
    assert "ceasefire" not in topics(tag_file("syria_airstrike_one_line_truce.txt"))


def test_syria_airstrike_report_is_not_syria_talks() -> None:
    assert "syria-talks" not in topics(tag_file("syria_airstrike_one_line_truce.txt"))


def test_us_china_trade_truce_is_not_ceasefire() -> None:
    assert topics(tag_file("us_china_trade_truce.txt")) == set()


def test_putin_xi_talks_are_not_us_russia_summit() -> None:
    assert topics(tag_file("putin_xi_talks.txt")) == set()


def test_election_interference_investigation_is_not_us_russia_summit() -> None:
    assert "us-russia-summit" not in topics(tag_file("election_interference_probe.txt"))


def test_related_headlines_list_triggers_no_tag() -> None:
    assert topics(tag_file("related_headlines_list.txt")) == set()


def test_inline_related_headlines_run_triggers_no_tag() -> None:
    assert topics(tag_file("related_headlines_inline.txt")) == set()


def test_ceasefire_in_any_armed_conflict_is_ceasefire() -> None:
    assert topics(tag_file("gaza_ceasefire.txt")) == {"ceasefire"}


def test_geneva_round_with_un_envoy_is_syria_talks() -> None:
    assert topics(tag_file("syria_geneva_talks.txt")) == {"syria-talks"}


def test_presidents_phone_call_is_us_russia_summit() -> None:
    assert topics(tag_file("putin_trump_call.txt")) == {"us-russia-summit"}


def test_headline_mention_alone_is_substantive() -> None:
    result = tag_file("gaza_ceasefire.txt")
    ceasefire = next(t for t in result.tags if t.topic == "ceasefire")
    assert any(span.rule.endswith("@headline") for span in ceasefire.evidence)

"""The scoring mechanics: position weights, the substantive rule, vetoes, windows and phrase forms."""

from __future__ import annotations

from pipeline.stages.tag import tag_text
from tests.test_tagging_support import gazetteer, taxonomy

HEADLINE = "Fighting flares in the north of the country"
LEAD = (
    "Rebels and army troops fought for a third day near the town on Monday, residents said. "
    "Dozens of families fled towards the border as the clashes spread."
)


def article(*body: str) -> str:
    return "\n\n".join([HEADLINE, LEAD, *body])


def topics_of(text: str, title: str | None = None) -> list[str]:
    return tag_text(title, text, taxonomy(), gazetteer()).topics


def test_one_body_sentence_is_a_passing_mention() -> None:
    text = article(
        "Aid workers said the shelling continued.", "A ceasefire agreed in March has not held in the region."
    )
    assert topics_of(text) == []


def test_two_body_sentences_are_substantive() -> None:
    text = article(
        "A ceasefire agreed in March has not held in the region.",
        "Both sides accused each other of violating the truce.",
    )
    assert topics_of(text) == ["ceasefire"]


def test_lead_sentence_alone_is_substantive() -> None:
    text = "\n\n".join([HEADLINE, "Rebels and army troops agreed a ceasefire on Monday, residents said."])
    assert topics_of(text) == ["ceasefire"]


def test_repeated_sentence_counts_once() -> None:
    line = "A ceasefire agreed in March has not held in the region."
    assert topics_of(article(line, line)) == []


def test_caption_block_does_not_count() -> None:
    caption = "Fighters walk past a ceasefire monitoring post near the town. (Photo credit: AFP/John Doe)"
    text = article(caption, "A ceasefire agreed in March has not held in the region.")
    assert topics_of(text) == []


def test_title_not_in_text_counts_as_headline() -> None:
    text = "\n\n".join([LEAD, "Aid workers said the shelling continued."])
    assert topics_of(text, title="Rebels and army agree ceasefire") == ["ceasefire"]


def test_title_evidence_outside_the_text_has_no_span() -> None:
    text = "\n\n".join([LEAD, "A ceasefire agreed in March has not held in the region."])
    result = tag_text("Rebels and army agree ceasefire", text, taxonomy(), gazetteer())
    assert all(text[s.start : s.end] == s.match for t in result.tags for s in t.evidence)


def test_ceasefire_line_is_not_a_ceasefire() -> None:
    text = "\n\n".join(
        [
            "Israeli strike hits village near Golan ceasefire line",
            "An Israeli air strike hit a village near the ceasefire line on the Golan Heights, killing two "
            "fighters.",
        ]
    )
    assert topics_of(text) == []


def test_spelling_variants_of_ceasefire_match() -> None:
    for spelling in ("cease-fire", "cease fire", "ceasefire", "Cease-Fire"):
        lead = f"Rebels and army troops agreed a {spelling} on Monday, residents said."
        text = "\n\n".join([HEADLINE, lead])
        assert topics_of(text) == ["ceasefire"], spelling


def test_leaders_far_apart_in_a_sentence_are_not_a_meeting() -> None:
    text = "\n\n".join(
        [
            "Markets steady ahead of central bank decision",
            "Investors, who had earlier shrugged off comments by Trump about trade and by analysts about oil "
            "prices and the outlook for European growth and emerging markets this quarter, watched Putin "
            "closely, traders said.",
        ]
    )
    assert topics_of(text) == []


def test_reference_back_to_a_truce_is_a_second_sentence() -> None:
    text = article(
        "On February 27 a ceasefire brokered by Russia and the United States took effect.",
        "Militant groups are not covered by the agreement, officials said.",
    )
    assert topics_of(text) == ["ceasefire"]


def test_reference_not_right_after_the_truce_does_not_count() -> None:
    text = article(
        "On February 27 a ceasefire brokered by Russia and the United States took effect.",
        "Aid workers said the shelling continued near the town.",
        "Militant groups are not covered by the agreement, officials said.",
    )
    assert topics_of(text) == []


def test_moratorium_on_air_strikes_is_a_truce() -> None:
    text = "\n\n".join(
        [
            HEADLINE,
            "Officials said a moratorium on bombing raids over the valley would hold until the weekend.",
        ]
    )
    assert topics_of(text) == ["ceasefire"]


TIMELINE = (
    "May 2004 Street protests spread from the port to the capital. "
    "October 2006 Foreign troops arrive to back the government. "
    "June 2008 Mediators broker a nationwide ceasefire between the army and the militias. "
    "Ceasefire breaks down in the hills within weeks. "
    "April 2009 A car bomb explodes near the parliament."
)


def test_timeline_entries_do_not_count() -> None:
    assert topics_of(article(TIMELINE)) == []


def test_timeline_repeated_without_dates_counts_once() -> None:
    undated = (
        "Mediators broker a nationwide ceasefire between the army and the militias. "
        "A car bomb explodes near the parliament."
    )
    assert topics_of(article(TIMELINE, undated)) == []


def test_dated_lead_sentence_is_not_a_timeline() -> None:
    text = "\n\n".join(
        [HEADLINE, "12 Jun 2016 Rebels and army troops agreed a ceasefire on Monday, residents said."]
    )
    assert topics_of(text) == ["ceasefire"]


SYRIA_HEADLINE = "Air strikes kill 30 in Syria's Aleppo, monitor says"
SYRIA_LEAD = (
    "Air strikes killed at least 30 people in rebel-held districts of Aleppo on Monday, the Syrian "
    "Observatory said. Rescue workers searched the rubble of a market in the Syrian city."
)


def test_talks_in_a_background_clause_are_a_passing_mention() -> None:
    text = "\n\n".join(
        [
            SYRIA_HEADLINE,
            SYRIA_LEAD,
            "Scores of civilians have died in the district since negotiations collapsed last spring.",
            "The jihadist brigades were left out of the Geneva peace talks, which Syrian opposition groups attend.",
        ]
    )
    assert "syria-talks" not in topics_of(text)


def test_talks_as_the_subject_of_two_body_sentences_are_substantive() -> None:
    text = "\n\n".join(
        [
            SYRIA_HEADLINE,
            SYRIA_LEAD,
            "Peace talks broke off in April without progress.",
            "The Geneva peace talks are due to resume next month, the UN said.",
        ]
    )
    assert "syria-talks" in topics_of(text)


def test_a_power_s_role_in_the_talks_needs_the_talks_beside_it() -> None:
    # A role in the process is supporting evidence: in the lead with talks named beside it, yes;
    # as the only mention of the process, a passing one.
    lead = (
        "Air strikes killed at least 30 people in Aleppo despite a truce. Activists said Tehran "
        "could no longer pose as a guarantor of the talks."
    )
    again = "The next round of the Astana talks on Syria is due to open on Monday, diplomats said."
    assert "syria-talks" not in topics_of("\n\n".join([SYRIA_HEADLINE, lead]))
    assert "syria-talks" in topics_of("\n\n".join([SYRIA_HEADLINE, lead, again]))


def test_a_sponsor_of_the_talks_as_one_appositive_is_a_passing_mention() -> None:
    lead = (
        "Medics urged the UN, a co-sponsor of the political process in Syria, to protect the "
        "hospitals of Aleppo on Monday. Air strikes killed at least 30 people in the Syrian city."
    )
    text = "\n\n".join([SYRIA_HEADLINE, lead])
    assert "syria-talks" not in topics_of(text)


def test_truce_needs_an_armed_conflict_in_the_story() -> None:
    text = "\n\n".join(
        [
            "Neighbours agree truce over garden hedge",
            "Two neighbours in the village agreed a truce on Monday over a hedge that had divided "
            "them for years, the council said.",
        ]
    )
    assert topics_of(text) == []


def test_ceasefire_needs_no_war_word() -> None:
    text = "\n\n".join(
        [
            "Ceasefire holds for a second day",
            "The ceasefire announced on Friday held for a second day on Sunday, mediators said.",
        ]
    )
    assert topics_of(text) == ["ceasefire"]


def test_bilateral_mark_lifts_the_multilateral_veto() -> None:
    side_by_side = (
        "Trump and Putin attend the G20 summit in Osaka with other leaders on Friday, officials said."
    )
    sidelines = "Trump and Putin met on the sidelines of the G20 summit in Osaka on Friday, officials said."
    headline = "Leaders gather in Japan"
    assert topics_of("\n\n".join([headline, side_by_side])) == []
    assert topics_of("\n\n".join([headline, sidelines])) == ["us-russia-summit"]


def test_one_syria_word_and_a_named_syrian_process_make_a_syria_story() -> None:
    text = "\n\n".join(
        [
            "Erdogan visits Tehran",
            "Turkey's president held talks in Tehran on Wednesday about trade and the Kurdish vote. "
            "The leaders also discussed Syria, officials said.",
            "Both countries act as guarantors of the Astana talks. The next round of those talks "
            "is due later this month.",
        ]
    )
    assert topics_of(text) == ["syria-talks"]

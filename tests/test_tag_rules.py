"""The scoring mechanics: position weights, the substantive rule, vetoes, windows and phrase forms."""

from __future__ import annotations

from pipeline.stages.tag import tag_text
from tests.test_tagging_support import gazetteer, taxonomy

HEADLINE = "Fighting flares in the north of the country"
LEAD = ("Rebels and army troops fought for a third day near the town on Monday, residents said. "
        "Dozens of families fled towards the border as the clashes spread.")


def article(*body: str) -> str:
    return "\n\n".join([HEADLINE, LEAD, *body])


def topics_of(text: str, title: str | None = None) -> list[str]:
    return tag_text(title, text, taxonomy(), gazetteer()).topics


def test_one_body_sentence_is_a_passing_mention() -> None:
    text = article("Aid workers said the shelling continued.",
                   "A ceasefire agreed in March has not held in the region.")
    assert topics_of(text) == []


def test_two_body_sentences_are_substantive() -> None:
    text = article("A ceasefire agreed in March has not held in the region.",
                   "Both sides accused each other of violating the truce.")
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
    assert all(text[s.start:s.end] == s.match for t in result.tags for s in t.evidence)


def test_ceasefire_line_is_not_a_ceasefire() -> None:
    text = "\n\n".join([
        "Israeli strike hits village near Golan ceasefire line",
        "An Israeli air strike hit a village near the ceasefire line on the Golan Heights, killing two "
        "fighters.",
    ])
    assert topics_of(text) == []


def test_spelling_variants_of_ceasefire_match() -> None:
    for spelling in ("cease-fire", "cease fire", "ceasefire", "Cease-Fire"):
        lead = f"Rebels and army troops agreed a {spelling} on Monday, residents said."
        text = "\n\n".join([HEADLINE, lead])
        assert topics_of(text) == ["ceasefire"], spelling


def test_leaders_far_apart_in_a_sentence_are_not_a_meeting() -> None:
    text = "\n\n".join([
        "Markets steady ahead of central bank decision",
        "Investors, who had earlier shrugged off comments by Trump about trade and by analysts about oil "
        "prices and the outlook for European growth and emerging markets this quarter, watched Putin "
        "closely, traders said.",
    ])
    assert topics_of(text) == []


def test_reference_back_to_a_truce_is_a_second_sentence() -> None:
    text = article("On February 27 a ceasefire brokered by Russia and the United States took effect.",
                   "Militant groups are not covered by the agreement, officials said.")
    assert topics_of(text) == ["ceasefire"]


def test_reference_not_right_after_the_truce_does_not_count() -> None:
    text = article("On February 27 a ceasefire brokered by Russia and the United States took effect.",
                   "Aid workers said the shelling continued near the town.",
                   "Militant groups are not covered by the agreement, officials said.")
    assert topics_of(text) == []


def test_moratorium_on_air_strikes_is_a_truce() -> None:
    text = "\n\n".join([HEADLINE, "The Kremlin said a moratorium on Russian air strikes in the city "
                                  "remained in place on Wednesday."])
    assert topics_of(text) == ["ceasefire"]


TIMELINE = ("March 2011 Protests erupt in the southern city and spread across the country. "
            "September 2015 Russia launches air strikes in support of the army. "
            "January 2017 Russia, Iran and Turkey agree to a nationwide ceasefire between the army and rebels. "
            "Ceasefire repeatedly violated by army forces in some areas. "
            "March 2017 Two suicide car bombs detonate in the capital.")


def test_timeline_entries_do_not_count() -> None:
    assert topics_of(article(TIMELINE)) == []


def test_timeline_repeated_without_dates_counts_once() -> None:
    undated = ("Russia, Iran and Turkey agree to a nationwide ceasefire between the army and rebels. "
               "Two suicide car bombs detonate in the capital.")
    assert topics_of(article(TIMELINE, undated)) == []


def test_dated_lead_sentence_is_not_a_timeline() -> None:
    text = "\n\n".join([HEADLINE, "12 Jun 2016 Rebels and army troops agreed a ceasefire on Monday, residents said."])
    assert topics_of(text) == ["ceasefire"]


SYRIA_HEADLINE = "Air strikes kill 30 in Syria's Aleppo, monitor says"
SYRIA_LEAD = ("Air strikes killed at least 30 people in rebel-held districts of Aleppo on Monday, the Syrian "
              "Observatory said. Rescue workers searched the rubble of a market in the Syrian city.")


def test_talks_in_a_background_clause_are_a_passing_mention() -> None:
    text = "\n\n".join([SYRIA_HEADLINE, SYRIA_LEAD,
                        "Hundreds have been killed in the city since peace talks broke off in April.",
                        "The Nusra Front was excluded from a truce and from the Geneva peace talks."])
    assert "syria-talks" not in topics_of(text)


def test_talks_as_the_subject_of_two_body_sentences_are_substantive() -> None:
    text = "\n\n".join([SYRIA_HEADLINE, SYRIA_LEAD,
                        "Peace talks broke off in April without progress.",
                        "The Geneva peace talks are due to resume next month, the UN said."])
    assert "syria-talks" in topics_of(text)


def test_a_power_s_role_in_the_talks_in_the_lead_and_again_is_substantive() -> None:
    # A role mention weighs 0.75: in the lead (x2) it needs one more sentence about the talks.
    lead = ("Air strikes killed at least 30 people in Aleppo despite a truce. The opposition said Moscow "
            "had lost its credibility as a sponsor of the negotiations.")
    again = "It can no longer claim to be a guarantor of the political process in Syria, it said."
    assert "syria-talks" not in topics_of("\n\n".join([SYRIA_HEADLINE, lead]))
    assert "syria-talks" in topics_of("\n\n".join([SYRIA_HEADLINE, lead, again]))


def test_a_sponsor_of_the_talks_as_one_appositive_is_a_passing_mention() -> None:
    lead = ("Rescue workers called on the UN, as the sponsor of the political process in Syria, to protect "
            "civilians in Aleppo on Monday. Air strikes killed at least 30 people in the Syrian city.")
    text = "\n\n".join([SYRIA_HEADLINE, lead])
    assert "syria-talks" not in topics_of(text)

"""Plain news of any conflict and any year gets its TOPICS.md tags; each "Not:" case does not.

The first three texts are the examples of issue 11, which got no tag before; the others were
written for these tests, one or more per class of case, in wire-service style about public
events (no text is copied from a source or from the labelled sets in ../shared).
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.stages.tag import tag_text
from tests.test_tagging_support import gazetteer, taxonomy


def topics_of(title: str, *paragraphs: str, date: dt.date | None = None) -> set[str]:
    return set(tag_text(title, "\n\n".join([title, *paragraphs]), taxonomy(), gazetteer(), date=date).topics)


# --- the three examples of the issue


def test_issue_example_gaza_ceasefire_takes_hold() -> None:
    assert topics_of(
        "Ceasefire takes hold in Gaza",
        "A ceasefire between Israel and Hamas took effect on Sunday morning. The truce, brokered "
        "by Egypt and Qatar, is meant to last six weeks.",
    ) == {"ceasefire"}


def test_issue_example_russia_ukraine_energy_ceasefire() -> None:
    assert topics_of(
        "Russia and Ukraine agree to a 30-day ceasefire",
        "Russia and Ukraine agreed on Tuesday to a 30-day ceasefire on energy infrastructure, the "
        "Kremlin said. Both sides accused each other of violating the truce within hours.",
    ) == {"ceasefire"}


def test_issue_example_biden_putin_meet_in_geneva() -> None:
    assert topics_of(
        "Biden and Putin meet in Geneva",
        "US President Joe Biden and Russian President Vladimir Putin met in Geneva on Wednesday for "
        "their first summit.",
    ) == {"us-russia-summit"}


# --- ceasefire: any armed conflict, any spelling, no war word needed

CEASEFIRES = {
    "yemen": (
        "Saudi-led coalition and Houthis begin two-month truce",
        "A nationwide truce between the Saudi-led coalition and the Houthi movement began on Saturday, the "
        "first in six years. The United Nations said both parties had agreed to halt offensive operations "
        "inside Yemen and across its borders.",
    ),
    "colombia": (
        "Colombia and ELN extend cease-fire by six months",
        "Colombia's government and the ELN agreed on Friday to extend their bilateral cease-fire for "
        "another six months. Monitors from the United Nations and the Catholic Church will keep "
        "verifying it in the regions.",
    ),
    "libya": (
        "Libya's rival sides sign permanent ceasefire",
        "Libya's two rival administrations signed a permanent ceasefire on Friday after five days of "
        "talks mediated by the United Nations. Foreign mercenaries are to leave within three months, the "
        "UN mission said.",
    ),
    "korea": (
        "Korean War armistice turns 70",
        "Veterans gathered in Seoul on Thursday to mark 70 years since the armistice that halted the Korean "
        "War. No peace treaty has ever replaced the armistice, and the two Koreas remain technically at war.",
    ),
    "pause": (
        "Israel agrees to daily humanitarian pauses in northern Gaza",
        "Israel will begin four-hour humanitarian pauses in northern Gaza each day, the White House said on "
        "Thursday. The pauses are meant to let civilians leave and aid enter.",
    ),
    "hostilities": (
        "Ethiopia and Tigray forces sign cessation of hostilities",
        "Ethiopia's government and Tigrayan forces signed an agreement in Pretoria on Wednesday for a "
        "permanent cessation of hostilities. African Union mediators said disarmament would begin "
        "within a month.",
    ),
}


@pytest.mark.parametrize("case", sorted(CEASEFIRES))
def test_ceasefire_in_any_armed_conflict_is_ceasefire(case: str) -> None:
    title, lead = CEASEFIRES[case]
    assert topics_of(title, lead) == {"ceasefire"}


def test_ceasefire_as_the_subject_of_two_body_sentences_is_ceasefire() -> None:
    assert "ceasefire" in topics_of(
        "Oil prices slip as investors weigh supply outlook",
        "Brent crude fell 1 percent on Monday as traders weighed rising output from producers. Stockpiles "
        "in the United States grew for a third week.",
        "Traders also watched the ceasefire in Lebanon, which was extended on Sunday until February. "
        "Mediators said the truce had largely held since November.",
    )


# --- ceasefire: the narrow "Not:" cases


def test_trade_truce_is_not_a_ceasefire() -> None:
    assert (
        topics_of(
            "Washington and Brussels agree tariff truce",
            "The United States and the European Union agreed on Sunday to a truce in their dispute over "
            "steel tariffs. Officials said the trade truce would last a year.",
        )
        == set()
    )


def test_political_truce_is_not_a_ceasefire() -> None:
    assert (
        topics_of(
            "Parties call election campaign truce after floods",
            "The main parties suspended campaigning for three days on Monday after floods killed dozens "
            "in the north. The political truce ends on Thursday, party officials said.",
        )
        == set()
    )


def test_labour_truce_in_sport_is_not_a_ceasefire() -> None:
    assert (
        topics_of(
            "Hockey league and players reach truce in labour dispute",
            "The league and its players' union agreed a truce on Tuesday that ends a two-month lockout. "
            "The season will start in January.",
        )
        == set()
    )


def test_passing_mention_of_a_truce_in_a_battle_report_is_not_a_ceasefire() -> None:
    assert "ceasefire" not in topics_of(
        "Shelling hits frontline towns in the east",
        "Artillery fire hit several towns near the front line on Tuesday, regional officials said. Rescue "
        "teams searched for survivors in two damaged apartment blocks.",
        "Talk of a truce has faded, a local official said.",
        "The regional governor said schools would stay closed all week.",
    )


def test_truce_in_a_related_headlines_list_is_not_a_ceasefire() -> None:
    assert "ceasefire" not in topics_of(
        "Shipping rates climb as carriers avoid the canal",
        "Container rates rose for a fifth week on Friday as carriers sent ships around the cape. Insurers "
        "raised premiums for vessels crossing the region.",
        "Related coverage: Truce Talks Resume In Cairo | Carriers Reroute Ships Around Africa",
    )


def test_truce_in_a_photo_caption_is_not_a_ceasefire() -> None:
    assert "ceasefire" not in topics_of(
        "Farmers count the cost of a dry summer",
        "Farmers in the south said on Monday the harvest would be the smallest in a decade. Prices for wheat "
        "have risen by a third.",
        "A soldier stands at a checkpoint during last year's ceasefire. (Photo: AFP/Staff)",
    )


def test_de_escalation_zone_named_as_a_place_is_not_a_ceasefire() -> None:
    assert "ceasefire" not in topics_of(
        "Air strikes kill 12 in northwest Syria",
        "Air strikes killed 12 people in a village of Idlib province on Sunday, rescue workers said. The "
        "village lies inside a de-escalation zone near the Turkish border.",
    )


def test_de_escalation_zones_agreed_by_the_guarantors_are_ceasefire_and_syria_talks() -> None:
    assert topics_of(
        "Guarantor states agree on four de-escalation zones in Syria",
        "Russia, Turkey and Iran signed a memorandum in Astana on Thursday setting up four de-escalation "
        "zones in Syria. Fighting between government forces and rebels is to stop inside the zones, and "
        "the three guarantors will monitor them.",
    ) == {"ceasefire", "syria-talks"}


# --- syria-talks: any round, envoy or format; not the battlefield


def test_constitutional_committee_round_is_syria_talks() -> None:
    assert topics_of(
        "Syrian constitutional committee ends fifth round without progress",
        "The Syrian constitutional committee ended a week of meetings in Geneva on Friday without "
        "agreeing on any principle. UN envoy Geir Pedersen said the government delegation had "
        "rejected every proposal.",
    ) == {"syria-talks"}


def test_sochi_de_escalation_diplomacy_is_syria_talks() -> None:
    assert "syria-talks" in topics_of(
        "Russia and Turkey agree on demilitarised zone in Syria's Idlib",
        "Russia and Turkey agreed in Sochi on Monday to create a demilitarised zone in Syria's Idlib "
        "province, averting a government offensive. The two guarantors of the Astana process said the zone "
        "would be patrolled jointly.",
    )


def test_envoy_mediating_between_the_parties_is_syria_talks() -> None:
    assert topics_of(
        "UN envoy shuttles between Syrian delegations",
        "UN envoy Lakhdar Brahimi met the Syrian government and opposition delegations separately "
        "on Saturday. He said the two sides would sit in the same room on Sunday for the first time.",
    ) == {"syria-talks"}


def test_battlefield_report_quoting_the_un_envoy_is_not_syria_talks() -> None:
    assert "syria-talks" not in topics_of(
        "Dozens killed as air strikes pound Aleppo",
        "Air strikes killed at least 40 people in rebel-held districts of Aleppo on Tuesday, rescue workers "
        "said. UN envoy Staffan de Mistura said he was appalled by the bombing of a hospital in the Syrian city.",
        "Medics said the main hospital in the east of the city had stopped working.",
        "Residents said bakeries had run out of flour.",
    )


def test_local_evacuation_deal_is_not_syria_talks() -> None:
    assert "syria-talks" not in topics_of(
        "Rebels leave besieged Syrian town under evacuation deal",
        "Hundreds of rebels and their families left the besieged town of Daraya near Damascus on Friday under "
        "a local evacuation deal with the Syrian army. Buses took the fighters to Idlib province.",
    )


# --- us-russia-summit: principals of any era, resolved by role and date


def test_clinton_yeltsin_summit_of_the_1990s_is_us_russia_summit() -> None:
    assert topics_of(
        "Clinton and Yeltsin open Helsinki summit",
        "President Bill Clinton and President Boris Yeltsin began two days of talks in Helsinki on "
        "Thursday, focused on NATO enlargement and arms cuts.",
        date=dt.date(1997, 3, 20),
    ) == {"us-russia-summit"}


def test_foreign_ministers_meeting_in_2025_is_us_russia_summit() -> None:
    assert topics_of(
        "Rubio and Lavrov hold talks in Riyadh",
        "Marco Rubio and Sergei Lavrov held more than four hours of talks in Riyadh on Tuesday, "
        "the first such meeting since 2022.",
        date=dt.date(2025, 2, 18),
    ) == {"us-russia-summit"}


def test_phone_call_between_presidents_is_us_russia_summit() -> None:
    assert topics_of(
        "Trump and Putin speak by phone",
        "Donald Trump and Vladimir Putin spoke for more than two hours on Monday, the Kremlin said, "
        "in their third call since January.",
        date=dt.date(2025, 5, 19),
    ) == {"us-russia-summit"}


def test_meeting_on_summit_sidelines_is_us_russia_summit() -> None:
    assert topics_of(
        "Obama and Putin talk on sidelines of G20",
        "Barack Obama and Vladimir Putin held talks on the sidelines of the G20 summit in Turkey on "
        "Sunday, the White House said, agreeing on the need for a political transition.",
        date=dt.date(2015, 11, 15),
    ) >= {"us-russia-summit"}


def test_joint_announcement_by_the_foreign_ministers_is_us_russia_summit() -> None:
    assert "us-russia-summit" in topics_of(
        "Kerry and Lavrov announce plan to secure chemical weapons",
        "John Kerry and Sergei Lavrov jointly announced a framework on Saturday for removing the chemical "
        "weapons of the Syrian government. The two ministers spoke at a joint news conference in Geneva.",
        date=dt.date(2013, 9, 14),
    )


def test_principals_side_by_side_at_a_multilateral_forum_are_not_us_russia_summit() -> None:
    assert "us-russia-summit" not in topics_of(
        "World leaders gather for G20 summit",
        "Leaders of the world's largest economies gathered on Friday for the G20 summit, with Trump and Putin "
        "among those attending the meeting. Trade and climate dominated the agenda.",
        date=dt.date(2019, 6, 28),
    )


def test_a_former_office_holder_does_not_count_on_a_dated_article() -> None:
    text = (
        "Kerry and Lavrov meet in Vienna",
        "John Kerry and Sergei Lavrov met in Vienna on Monday for talks on the region.",
    )
    assert "us-russia-summit" in topics_of(*text, date=dt.date(2015, 3, 2))
    assert "us-russia-summit" not in topics_of(*text, date=dt.date(2023, 3, 2))


def test_undated_article_counts_anyone_who_held_the_office() -> None:
    assert "us-russia-summit" in topics_of(
        "Kerry and Lavrov meet in Vienna", "John Kerry and Sergei Lavrov met in Vienna on Monday for talks."
    )


def test_election_interference_investigation_is_not_us_russia_summit() -> None:
    assert "us-russia-summit" not in topics_of(
        "Special counsel widens inquiry",
        "The special counsel is examining whether Trump campaign officials discussed a meeting with Putin's "
        "associates, people familiar with the inquiry said.",
        date=dt.date(2018, 2, 1),
    )


def test_diplomacy_on_another_subject_that_mentions_syria_twice_is_not_syria_talks() -> None:
    assert "syria-talks" not in topics_of(
        "Putin and Erdogan hold talks on gas pipeline",
        "Russian President Vladimir Putin and Turkish President Tayyip Erdogan held talks in Ankara on Monday "
        "on a gas pipeline and a nuclear power plant. The two leaders, who back opposing sides in Syria's war, "
        "said trade between their countries should double.",
        "Turkey hosts more than three million Syrian refugees. Erdogan said the pipeline would make Turkey an "
        "energy hub.",
    )


def test_truce_with_hostages_as_its_only_war_context_is_ceasefire() -> None:
    assert topics_of(
        "Israel and Hamas extend truce by two days",
        "Israel and Hamas agreed on Monday to extend their truce by two days, Qatar said. The pause has allowed "
        "the release of dozens of hostages and prisoners.",
    ) == {"ceasefire"}


def test_video_call_between_presidents_is_us_russia_summit() -> None:
    assert topics_of(
        "Biden warns Putin in video call",
        "Joe Biden and Vladimir Putin held a two-hour video call on Tuesday, the White House said.",
        date=dt.date(2021, 12, 7),
    ) == {"us-russia-summit"}


def test_statement_about_the_other_principal_is_not_us_russia_summit() -> None:
    assert "us-russia-summit" not in topics_of(
        "Trump calls Putin reckless after missile strike",
        "US President Donald Trump called Russian President Vladimir Putin reckless on Sunday after a missile "
        "strike on a Ukrainian city. Trump told reporters he was weighing new sanctions on Moscow.",
        date=dt.date(2025, 5, 25),
    )


@pytest.mark.parametrize(
    ("title", "lead", "date"),
    [
        (
            "Trump and Zelensky discuss Putin's offer at White House",
            "Donald Trump and Volodymyr Zelensky discussed Vladimir Putin's latest offer at a meeting in the White "
            "House on Friday. The two leaders agreed to keep talking.",
            dt.date(2025, 10, 17),
        ),
        (
            "Putin and Xi discuss Trump's tariffs at Kremlin talks",
            "Vladimir Putin and Xi Jinping discussed Donald Trump's tariffs during talks at the Kremlin on Thursday. "
            "The two leaders signed a dozen agreements.",
            dt.date(2025, 5, 8),
        ),
        (
            "Biden and Scholz discuss Putin's threats",
            "Joe Biden and German Chancellor Olaf Scholz discussed Vladimir Putin's threats at a meeting in "
            "Washington on Friday. The two leaders agreed to send more air defences.",
            dt.date(2023, 3, 3),
        ),
    ],
)
def test_meeting_with_a_third_country_about_the_other_principal_is_not_us_russia_summit(
    title: str, lead: str, date: dt.date
) -> None:
    assert "us-russia-summit" not in topics_of(title, lead, date=date)


def test_russian_prime_minister_is_not_a_third_party() -> None:
    assert "us-russia-summit" in topics_of(
        "Obama meets Putin over breakfast",
        "Barack Obama met Russian Prime Minister Vladimir Putin over breakfast outside Moscow on Tuesday.",
        date=dt.date(2009, 7, 7),
    )


def test_agreement_to_stop_firing_is_ceasefire() -> None:
    assert topics_of(
        "India and Pakistan agree to stop firing along Kashmir frontier",
        "India and Pakistan agreed on Thursday to stop firing along the Line of Control after months of "
        "artillery duels, the two armies said in a joint statement.",
    ) == {"ceasefire"}


def test_envoy_meeting_a_party_is_syria_talks() -> None:
    assert topics_of(
        "UN envoy meets Assad in Damascus",
        "UN envoy Lakhdar Brahimi met Syrian President Bashar al-Assad in Damascus on Monday to press for talks "
        "with the opposition. He said both sides would have to compromise.",
        date=dt.date(2013, 10, 28),
    ) == {"syria-talks"}


def test_guarantors_summit_on_syria_is_syria_talks() -> None:
    assert "syria-talks" in topics_of(
        "Putin, Erdogan and Rouhani hold Syria summit in Tehran",
        "The leaders of Russia, Turkey and Iran met in Tehran on Friday for a summit on Syria, where they back "
        "opposing sides. They agreed that the conflict could only end through a negotiated political process.",
    )


def test_talks_with_syria_on_refugees_are_not_syria_talks() -> None:
    assert "syria-talks" not in topics_of(
        "Lebanon and Syria hold talks on refugee returns",
        "Lebanese and Syrian ministers held talks in Damascus on Tuesday on the return of refugees. Beirut wants "
        "a timetable for the return of more than a million Syrians.",
    )

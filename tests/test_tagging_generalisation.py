"""Generalisation audit: short wire stories of many conflicts, eras and formats, each with all its tags.

Written for this audit (issue 11) in wire-service style about public events from 1992 to 2025;
no sentence is copied from a source or from the labelled sets in ../shared. Each case names the
class of story it stands for, and the expected set is the whole answer under TOPICS.md (a
ceasefire story must not also come out as a US-Russia summit). Negative cases are TOPICS.md's
"Not:" look-alikes of each class. A rule change that tags one of these only by a phrase fitted to
its text would be caught by the sibling cases of the same class.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_tagging_support import CF, ST, US, D, body_only, case, headline_first

CASES = [
    # ------------------------------------------------------------ ceasefire: any conflict, any era
    case(
        "cf-ukraine-minsk-signed-2014",
        "Ukraine and separatists sign truce in Minsk",
        "Ukraine's government and pro-Russian separatists signed a ceasefire agreement in the Belarusian "
        "capital on Friday after talks mediated by the OSCE. President Petro Poroshenko ordered his forces "
        "to stop firing from 1500 GMT.",
        D(2014, 9, 5),
        CF,
    ),
    case(
        "cf-ukraine-minsk-tested-2015",
        "Shelling around Debaltseve tests Ukraine truce",
        "Heavy shelling was reported around the railway town of Debaltseve on Sunday, hours after a ceasefire "
        "agreed in Minsk came into force. OSCE monitors said they had been unable to reach the town.",
        D(2015, 2, 15),
        CF,
    ),
    case(
        "cf-ukraine-christmas-2023",
        "Putin orders 36-hour Orthodox Christmas ceasefire",
        "Russian President Vladimir Putin ordered his forces in Ukraine to observe a 36-hour ceasefire over "
        "Orthodox Christmas, the Kremlin said on Thursday. Kyiv dismissed the announcement as a cynical ploy.",
        D(2023, 1, 5),
        CF,
    ),
    case(
        "cf-ukraine-mariupol-corridors-2022",
        "Russia declares local ceasefire to let civilians leave Mariupol",
        "Russia's defence ministry announced a temporary ceasefire on Saturday to open humanitarian corridors "
        "from the besieged port of Mariupol and the town of Volnovakha. Ukrainian officials said shelling "
        "continued and the evacuation was postponed.",
        D(2022, 3, 5),
        CF,
    ),
    case(
        "cf-ukraine-jeddah-proposal-2025",
        "Ukraine backs US proposal for 30-day ceasefire",
        "Ukraine said on Tuesday it was ready to accept a US proposal for an immediate 30-day ceasefire with "
        "Russia after talks in Jeddah. Washington said it would now take the offer to Moscow.",
        D(2025, 3, 11),
        CF,
    ),
    case(
        "cf-black-sea-truce-2025",
        "US says Russia and Ukraine agree to Black Sea truce",
        "Russia and Ukraine have agreed to a truce at sea and to work out measures to stop attacks on energy "
        "facilities, the White House said on Tuesday after three days of talks in Saudi Arabia. Kyiv said any "
        "movement of Russian warships outside the eastern Black Sea would violate the deal.",
        D(2025, 3, 25),
        CF,
    ),
    case(
        "cf-karabakh-humanitarian-truce-2020",
        "Armenia and Azerbaijan trade blame as humanitarian truce falters",
        "Armenia and Azerbaijan accused each other on Sunday of breaking a humanitarian truce in "
        "Nagorno-Karabakh minutes after it took effect. The truce was agreed in Moscow to let the two sides "
        "exchange prisoners and the bodies of the dead.",
        D(2020, 10, 18),
        CF,
    ),
    case(
        "cf-karabakh-deal-2020",
        "Russia brokers deal to end Karabakh war",
        "Armenia, Azerbaijan and Russia signed an agreement on Tuesday under which a complete ceasefire took "
        "effect in Nagorno-Karabakh at midnight. Nearly 2,000 Russian peacekeepers will deploy along the "
        "front line.",
        D(2020, 11, 10),
        CF,
    ),
    case(
        "cf-gaza-open-ended-2014",
        "Israel and Hamas agree to open-ended Gaza truce",
        "Israel and Palestinian factions in Gaza agreed to an open-ended ceasefire on Tuesday, ending seven "
        "weeks of conflict, Egypt announced. Celebratory gunfire rang out across Gaza City.",
        D(2014, 8, 26),
        CF,
    ),
    case(
        "cf-gaza-holds-2021",
        "Egypt-brokered truce between Israel and Hamas holds",
        "A ceasefire between Israel and Hamas held through Friday after 11 days of the worst violence in "
        "years. Palestinians in Gaza poured into the streets as the truce took effect at 2 a.m.",
        D(2021, 5, 21),
        CF,
    ),
    case(
        "cf-gaza-hostage-pause-2023",
        "Israel approves four-day pause in Gaza for release of hostages",
        "Israel's government approved a deal on Wednesday for a four-day pause in fighting in Gaza, during "
        "which Hamas is to free 50 women and children it holds. Qatar, which mediated, said the start time "
        "would be announced within 24 hours.",
        D(2023, 11, 22),
        CF,
    ),
    case(
        "cf-gaza-truce-extended-2023",
        "Qatar says Gaza truce extended by two days",
        "The truce between Israel and Hamas has been extended by two days, Qatar's foreign ministry said on "
        "Monday, allowing further exchanges of Israeli captives for Palestinian prisoners.",
        D(2023, 11, 27),
        CF,
    ),
    case(
        "cf-gaza-truce-proposal-no-war-words-2024",
        "Hamas says it accepts Egyptian-Qatari truce proposal",
        "Hamas said on Monday it had accepted a proposal by Egyptian and Qatari mediators for a truce in Gaza. "
        "Israel said the terms fell short of its demands but would send negotiators to Cairo.",
        D(2024, 5, 6),
        CF,
    ),
    case(
        "cf-gaza-phase-two-2025",
        "Talks on second phase of Gaza ceasefire stall",
        "Negotiations on the second stage of the Gaza ceasefire made little progress in Cairo, officials said "
        "on Friday, as the first phase neared its end. Israel wants the first phase extended, while Hamas "
        "insists on moving to a permanent end to the war.",
        D(2025, 2, 28),
        CF,
    ),
    case(
        "cf-gaza-collapse-2025",
        "Israeli strikes kill hundreds in Gaza, shattering truce",
        "Israeli strikes across Gaza killed more than 400 people early on Tuesday, health officials said, "
        "shattering a ceasefire that had held since January. Israel said Hamas had refused to release the "
        "remaining hostages.",
        D(2025, 3, 18),
        CF,
    ),
    case(
        "cf-lebanon-2006",
        "UN-brokered cease-fire takes hold in Lebanon",
        "A U.N.-brokered cease-fire between Israel and Hezbollah took hold on Monday morning, ending a month "
        "of war that killed more than 1,000 people in Lebanon. Thousands of displaced families began driving "
        "south.",
        D(2006, 8, 14),
        CF,
    ),
    case(
        "cf-lebanon-2024",
        "Israel-Hezbollah ceasefire begins after US-brokered deal",
        "A ceasefire between Israel and Hezbollah came into effect at 4 a.m. on Wednesday under a deal "
        "brokered by the United States and France. Israeli forces are to withdraw from southern Lebanon within "
        "60 days.",
        D(2024, 11, 27),
        CF,
    ),
    case(
        "cf-yemen-truce-expires-2022",
        "Yemen truce expires as UN fails to secure extension",
        "A six-month truce in Yemen expired on Sunday after the warring parties failed to agree to a UN "
        "proposal to extend and expand it. UN envoy Hans Grundberg said he would keep working with both sides.",
        D(2022, 10, 2),
        CF,
    ),
    case(
        "cf-yemen-hodeidah-2018",
        "Yemen's warring parties agree to Hodeidah ceasefire in Sweden",
        "Yemen's government and the Houthi movement agreed on Thursday to a ceasefire in the port city of "
        "Hodeidah and a withdrawal of forces, UN Secretary-General Antonio Guterres said at the close of talks "
        "in Sweden.",
        D(2018, 12, 13),
        CF,
    ),
    case(
        "cf-sudan-jeddah-2023",
        "Sudan's warring parties sign week-long truce in Jeddah",
        "Sudan's army and the paramilitary Rapid Support Forces signed an agreement on Saturday for a "
        "seven-day ceasefire, the United States and Saudi Arabia said. Several earlier truces collapsed within "
        "hours.",
        D(2023, 5, 20),
        CF,
    ),
    case(
        "cf-tigray-2022",
        "Ethiopia and Tigray forces agree permanent cessation of hostilities",
        "Ethiopia's government and Tigrayan forces agreed on Wednesday to a permanent cessation of hostilities "
        "after talks in Pretoria led by the African Union. The AU mediator called it the beginning of a new "
        "dawn for Ethiopia.",
        D(2022, 11, 2),
        CF,
    ),
    case(
        "cf-colombia-farc-2016",
        "Colombia and FARC sign definitive ceasefire in Havana",
        "Colombia's government and the FARC signed a bilateral and definitive ceasefire in Havana on Thursday, "
        "a decisive step toward ending Latin America's longest war.",
        D(2016, 6, 23),
        CF,
    ),
    case(
        "cf-colombia-eln-2023",
        "Six-month ceasefire between Colombia and ELN takes effect",
        "A six-month bilateral ceasefire between Colombia's government and the National Liberation Army took "
        "effect at midnight on Thursday, the first of its kind with the group. A UN mission and the Catholic "
        "Church will monitor it.",
        D(2023, 8, 3),
        CF,
    ),
    case(
        "cf-libya-geneva-2020",
        "Libya's rival sides sign permanent ceasefire in Geneva",
        "Libya's warring sides signed a permanent ceasefire agreement in Geneva on Friday, the United Nations "
        "said. Acting UN envoy Stephanie Williams said all foreign mercenaries must leave within three months.",
        D(2020, 10, 23),
        CF,
    ),
    case(
        "cf-kashmir-2003",
        "India and Pakistan ceasefire along Kashmir frontier comes into force",
        "A ceasefire between Indian and Pakistani forces along the Line of Control in Kashmir came into force "
        "at midnight on Tuesday, the first in 14 years. Villagers on both sides said the guns fell silent.",
        D(2003, 11, 26),
        CF,
    ),
    case(
        "cf-india-pakistan-2025",
        "India and Pakistan agree to halt military action after four days of strikes",
        "India and Pakistan agreed on Saturday to stop all firing and military action on land, in the air and "
        "at sea, India's foreign secretary said. Hours later both sides accused each other of violating the "
        "understanding.",
        D(2025, 5, 10),
        CF,
    ),
    case(
        "cf-bosnia-1995",
        "Bosnia cease-fire takes effect after delay",
        "A nationwide cease-fire took effect in Bosnia on Thursday once gas and power were restored to "
        "Sarajevo, the last condition set by the Bosnian government. U.N. officials reported sporadic "
        "gunfire near Sanski Most.",
        D(1995, 10, 12),
        CF,
    ),
    case(
        "cf-israel-iran-2025",
        "Trump announces ceasefire between Israel and Iran",
        "U.S. President Donald Trump announced a ceasefire between Israel and Iran late on Monday, saying it "
        "would end what he called the 12-day war. Both sides accused each other of violations within hours.",
        D(2025, 6, 24),
        CF,
    ),
    case(
        "cf-thailand-cambodia-2025",
        "Thailand and Cambodia agree to immediate ceasefire after border clashes",
        "Thailand and Cambodia agreed to an immediate and unconditional ceasefire on Monday after talks in "
        "Malaysia, ending five days of clashes that killed more than 30 people.",
        D(2025, 7, 28),
        CF,
    ),
    case(
        "cf-undated-truce-violated",
        "Houthis accuse coalition of breaching truce",
        "Yemen's Houthi movement accused the Saudi-led coalition on Tuesday of breaching the truce with dozens "
        "of air raids on Hodeidah province. The coalition said it had responded to attacks on its positions.",
        None,
        CF,
    ),
    # ------------------------------------------------------------ ceasefire: TOPICS.md "Not:" look-alikes
    case(
        "not-cf-trade-truce-2019",
        "US and China agree trade truce at G20",
        "President Donald Trump and Chinese President Xi Jinping agreed on Saturday to a truce in their trade "
        "war, with Washington holding off on new tariffs while talks resume. Markets rallied on the news.",
        D(2019, 6, 29),
    ),
    case(
        "not-cf-tariff-ceasefire-2025",
        "US and EU call tariff ceasefire",
        "The United States and the European Union agreed a 90-day ceasefire in their escalating tariff dispute "
        "on Wednesday. Brussels said it would suspend its planned levies on American whiskey and motorcycles.",
        D(2025, 4, 9),
    ),
    case(
        "not-cf-labour-truce",
        "Rail unions and operators agree Christmas truce in pay dispute",
        "Rail unions and train operators agreed a truce over Christmas in their long-running pay dispute, "
        "calling off walkouts planned for the holiday period. Talks will resume in January.",
        D(2022, 12, 20),
    ),
    case(
        "not-cf-election-campaign-truce-2017",
        "Parties suspend election campaigning after Manchester bombing",
        "Britain's main political parties suspended campaigning for the June 8 election on Tuesday after a "
        "suicide bombing at a concert in Manchester killed 22 people. The truce between the parties is expected "
        "to last until Thursday.",
        D(2017, 5, 23),
    ),
    case(
        "not-cf-passing-mention-battle-2024",
        "Russian forces press toward Pokrovsk",
        "Russian troops advanced on several villages south of Pokrovsk on Monday, Ukraine's general staff said, "
        "as heavy fighting continued along the front. Ukrainian officials ordered families with children to "
        "leave the town. Drones struck an oil depot in the Belgorod region overnight. A ceasefire agreed in "
        "Minsk in 2015 never held.",
        D(2024, 8, 19),
    ),
    case(
        "not-cf-peace-talks-no-ceasefire",
        "Colombia and ELN open new round of peace talks in Mexico",
        "Colombia's government and the ELN guerrillas opened a new round of peace talks in Mexico City on "
        "Monday, with the participation of civil society on the agenda. Negotiators said they hoped to agree a "
        "framework by the end of the year.",
        D(2023, 2, 13),
    ),
    case(
        "not-cf-related-headlines",
        "Floods cut power to thousands in Pakistan",
        "Monsoon floods cut power to thousands of homes in Pakistan's Punjab province on Tuesday, officials "
        "said. Rescue teams evacuated villages along the Ravi river.\n\nRelated: Gaza Ceasefire Talks Resume In "
        "Cairo As Mediators Push For Deal | India Pakistan Border Truce Holds",
        D(2025, 8, 26),
    ),
    case(
        "not-cf-photo-caption",
        "Ukraine's wheat harvest falls for third year",
        "Ukraine's wheat harvest fell for a third year running, the agriculture ministry said on Friday, citing "
        "drought in the south. Exports through Odesa held up.\n\nPhoto: Farmers near Kherson, where a brief "
        "truce allowed the harvest last summer. (AFP / Genya Savilov)",
        D(2024, 9, 6),
    ),
    # ------------------------------------------------------------ us-russia-summit: any era, any format
    case(
        "us-bush-yeltsin-1992",
        "Bush and Yeltsin agree to deep cuts in nuclear arsenals",
        "President George Bush and Russian President Boris Yeltsin agreed at the White House on Tuesday to cut "
        "their long-range nuclear arsenals by about two-thirds. The two leaders signed a charter of friendship "
        "and partnership.",
        D(1992, 6, 16),
        US,
    ),
    case(
        "us-clinton-yeltsin-helsinki-1997",
        "Clinton and Yeltsin open Helsinki summit",
        "President Clinton and Russian President Boris Yeltsin began two days of talks in Helsinki on Thursday, "
        "with NATO's expansion to the east at the top of the agenda.",
        D(1997, 3, 20),
        US,
    ),
    case(
        "us-albright-primakov-1997",
        "Albright and Primakov meet in Moscow on NATO charter",
        "Secretary of State Madeleine Albright and Russian Foreign Minister Yevgeny Primakov met in Moscow on "
        "Friday to try to settle the terms of a charter between NATO and Russia. Both said gaps remained.",
        D(1997, 2, 21),
        US,
    ),
    case(
        "us-bush-putin-ljubljana-2001",
        "Bush and Putin meet for first time in Slovenia",
        "President George W. Bush and Russian President Vladimir Putin held their first meeting at a castle "
        "outside Ljubljana on Saturday. Bush said afterwards that he had found Putin trustworthy.",
        D(2001, 6, 16),
        US,
    ),
    case(
        "us-bush-putin-crawford-2001",
        "Putin visits Bush ranch in Texas",
        "Russian President Vladimir Putin joined George W. Bush at his ranch in Crawford, Texas, on Wednesday "
        "for the last day of a three-day summit. The two presidents remained divided on missile defence.",
        D(2001, 11, 14),
        US,
    ),
    case(
        "us-bush-putin-apec-sidelines-2007",
        "Bush and Putin meet at APEC in Sydney",
        "U.S. President George W. Bush met Russian President Vladimir Putin on the sidelines of the APEC summit "
        "in Sydney on Friday, and the two discussed missile defence and Iran.",
        D(2007, 9, 7),
        US,
    ),
    case(
        "us-obama-medvedev-london-2009",
        "Obama and Medvedev agree to pursue new arms treaty",
        "US President Barack Obama and Russian President Dmitry Medvedev agreed in London on Wednesday to start "
        "negotiations on a new treaty cutting nuclear arsenals. Meeting for the first time on the eve of the "
        "G20 summit, the two leaders pledged to reset relations.",
        D(2009, 4, 1),
        US,
    ),
    case(
        "us-obama-medvedev-prague-2010",
        "Obama and Medvedev sign arms treaty in Prague",
        "Barack Obama and Dmitry Medvedev signed a treaty in Prague on Thursday committing the United States "
        "and Russia to cut their deployed strategic warheads by about 30 percent.",
        D(2010, 4, 8),
        US,
    ),
    case(
        "us-obama-cancels-summit-2013",
        "Obama cancels Moscow summit with Putin over Snowden",
        "President Barack Obama called off a planned summit with Russian President Vladimir Putin in Moscow "
        "next month, the White House said on Wednesday, citing Russia's asylum for Edward Snowden.",
        D(2013, 8, 7),
        US,
    ),
    case(
        "us-tillerson-lavrov-2017",
        "Tillerson and Lavrov hold tense talks in Moscow",
        "U.S. Secretary of State Rex Tillerson held talks with Russian Foreign Minister Sergei Lavrov in Moscow "
        "on Wednesday amid a deep rift over a chemical attack in Syria. Both men said relations were at a low "
        "point.",
        D(2017, 4, 12),
        US,
    ),
    case(
        "us-trump-putin-helsinki-2018",
        "Trump and Putin meet one-on-one in Helsinki",
        "U.S. President Donald Trump and Russian President Vladimir Putin met alone, with only interpreters "
        "present, for more than two hours in Helsinki on Monday. At a joint news conference, Trump declined to "
        "side with his own intelligence agencies.",
        D(2018, 7, 16),
        US,
    ),
    case(
        "us-trump-cancels-g20-meeting-2018",
        "Trump cancels Putin meeting at G20 over ship seizure",
        "U.S. President Donald Trump said on Thursday he had cancelled a planned meeting with Russian President "
        "Vladimir Putin at the G20 summit in Buenos Aires, citing Russia's seizure of Ukrainian navy ships.",
        D(2018, 11, 29),
        US,
    ),
    case(
        "us-kremlin-no-plans-g20-2022",
        "Kremlin says no plans for Putin-Biden meeting",
        "The Kremlin said on Thursday there were no plans for President Vladimir Putin to meet U.S. President "
        "Joe Biden at the G20 summit in Bali next month. Putin has not decided whether he will attend.",
        D(2022, 10, 20),
        US,
    ),
    case(
        "us-biden-putin-call-2021",
        "Biden warns Putin of consequences in phone call",
        "President Joe Biden warned Russian President Vladimir Putin in a 50-minute phone call on Thursday that "
        "Washington would respond decisively if Russia invaded Ukraine, the White House said.",
        D(2021, 12, 30),
        US,
    ),
    case(
        "us-blinken-lavrov-geneva-2022",
        "Blinken and Lavrov meet in Geneva as Ukraine tensions mount",
        "Antony Blinken and Sergei Lavrov met for 90 minutes in Geneva on Friday without a breakthrough, but "
        "agreed to keep talking. Blinken said Washington would send written answers to Moscow's demands next "
        "week.",
        D(2022, 1, 21),
        US,
    ),
    case(
        "us-blinken-lavrov-call-2022",
        "Blinken and Lavrov speak for first time since invasion",
        "U.S. Secretary of State Antony Blinken spoke with Russian Foreign Minister Sergei Lavrov on Friday, "
        "their first conversation since before Russia invaded Ukraine. Blinken said he pressed Moscow to accept "
        "a proposal to free two detained Americans.",
        D(2022, 7, 29),
        US,
    ),
    case(
        "us-blinken-lavrov-g20-sidelines-2023",
        "Blinken and Lavrov talk briefly on sidelines of G20 in Delhi",
        "Antony Blinken and Sergei Lavrov spoke for about ten minutes on the sidelines of a G20 meeting in New "
        "Delhi on Thursday, their first contact in person since the invasion of Ukraine. Blinken said he urged "
        "Russia to return to the New START treaty.",
        D(2023, 3, 2),
        US,
    ),
    case(
        "us-trump-putin-call-2025",
        "Trump says he and Putin agreed to start Ukraine negotiations",
        "U.S. President Donald Trump said on Wednesday he had a lengthy and highly productive phone call with "
        "Russian President Vladimir Putin, and that the two had agreed their teams would start negotiations on "
        "ending the war in Ukraine immediately.",
        D(2025, 2, 12),
        US,
    ),
    case(
        "us-rubio-lavrov-riyadh-2025",
        "US and Russian top diplomats hold talks in Riyadh",
        "U.S. Secretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov held more than four hours "
        "of talks in Riyadh on Tuesday, the first such meeting since the start of the war in Ukraine. The two "
        "sides agreed to restore staffing at their embassies.",
        D(2025, 2, 18),
        US,
    ),
    case(
        "us-witkoff-putin-2025",
        "Witkoff holds three hours of talks with Putin in the Kremlin",
        "U.S. special envoy Steve Witkoff met Russian President Vladimir Putin in the Kremlin for three hours on "
        "Wednesday, the Kremlin said, describing the talks as useful and constructive.",
        D(2025, 8, 6),
        US,
    ),
    case(
        "us-trump-putin-alaska-2025",
        "Trump and Putin hold Alaska summit without Ukraine deal",
        "U.S. President Donald Trump and Russian President Vladimir Putin met for nearly three hours at a "
        "military base in Anchorage on Friday but emerged without a deal on ending the war in Ukraine. Both "
        "leaders spoke of progress without giving details.",
        D(2025, 8, 15),
        US,
    ),
    case(
        "us-budapest-summit-planned-2025",
        "Trump and Putin to meet in Budapest after phone call",
        "Donald Trump said on Thursday he would meet Vladimir Putin in Budapest to discuss ending the war in "
        "Ukraine, after a phone call he described as very productive. Their top diplomats are to meet next "
        "week to prepare the summit.",
        D(2025, 10, 16),
        US,
    ),
    case(
        "us-undated-presidents-call",
        "Kremlin says Putin and Trump discussed prisoner exchange",
        "Vladimir Putin and Donald Trump discussed a possible prisoner exchange in a telephone conversation on "
        "Tuesday, the Kremlin said. The White House confirmed the call.",
        None,
        US,
    ),
    # ------------------------------------------------------------ us-russia-summit: "Not:" look-alikes
    case(
        "not-us-g20-side-by-side-2019",
        "G20 leaders gather in Osaka as trade tensions simmer",
        "Leaders of the Group of 20 economies, among them U.S. President Donald Trump and Russian President "
        "Vladimir Putin, gathered in Osaka on Friday for a two-day summit dominated by trade tensions.",
        D(2019, 6, 28),
    ),
    case(
        "not-us-third-country-merkel-putin-2018",
        "Merkel meets Putin in Sochi",
        "German Chancellor Angela Merkel met Russian President Vladimir Putin in Sochi on Friday, and the two "
        "discussed U.S. President Donald Trump's withdrawal from the Iran nuclear deal.",
        D(2018, 5, 18),
    ),
    case(
        "not-us-third-country-erdogan-biden-2021",
        "Erdogan and Biden meet at NATO summit",
        "Turkish President Tayyip Erdogan met U.S. President Joe Biden on the sidelines of the NATO summit in "
        "Brussels on Monday and told him Turkey would keep the S-400 missiles it bought from Vladimir Putin's "
        "government. Erdogan called the talks fruitful.",
        D(2021, 6, 14),
    ),
    case(
        "not-us-sanctions-2025",
        "US imposes sanctions on Russian oil giants",
        "The U.S. Treasury imposed sanctions on Rosneft and Lukoil on Wednesday, saying Moscow lacked serious "
        "commitment to a peace process in Ukraine. Oil prices jumped five percent.",
        D(2025, 10, 22),
    ),
    case(
        "not-us-statement-2022",
        "Biden calls Putin a war criminal",
        "U.S. President Joe Biden called Russian President Vladimir Putin a war criminal on Wednesday, the "
        "strongest words he has used about the Russian leader. The Kremlin called the remark unforgivable.",
        D(2022, 3, 16),
    ),
    case(
        "not-us-military-incident-2023",
        "Russian jet downs US drone over Black Sea",
        "A Russian fighter jet struck the propeller of a U.S. surveillance drone over the Black Sea on Tuesday, "
        "forcing it down, the U.S. military said. Defense Secretary Lloyd Austin later spoke by phone with his "
        "Russian counterpart, Sergei Shoigu.",
        D(2023, 3, 14),
    ),
    case(
        "not-us-former-secretary-2017",
        "Putin meets Kissinger in Moscow",
        "Russian President Vladimir Putin met former U.S. Secretary of State Henry Kissinger in the Kremlin on "
        "Thursday, and the two discussed relations between Moscow and Washington.",
        D(2017, 6, 29),
    ),
    case(
        "not-us-former-president-2010",
        "Medvedev holds talks with Bill Clinton in Moscow",
        "Russian President Dmitry Medvedev held talks with former U.S. President Bill Clinton in Moscow on "
        "Monday, the Kremlin said, and the two discussed cooperation on climate change.",
        D(2010, 6, 28),
    ),
    case(
        "not-us-security-council-clash-2022",
        "Blinken and Lavrov clash at UN Security Council",
        "Antony Blinken and Sergei Lavrov traded accusations over the war in Ukraine at a U.N. Security Council "
        "meeting on Thursday. Lavrov left the chamber before Blinken spoke.",
        D(2022, 9, 22),
    ),
    case(
        "not-us-summit-mentioned-in-battle-report",
        "Russian strikes hit Kyiv power plants",
        "Russian missiles and drones hit power plants around Kyiv overnight, cutting electricity to 300,000 "
        "homes, Ukraine's energy ministry said. Air defences shot down most of the drones. The attack came a "
        "week after Vladimir Putin and Donald Trump met in Alaska.",
        D(2025, 8, 22),
    ),
    # ------------------------------------------------------------ syria-talks: any round, envoy or format
    case(
        "st-geneva-action-group-2012",
        "World powers agree on Syria transition principles in Geneva",
        "World powers meeting in Geneva agreed on Saturday on principles for a political transition in Syria, "
        "but left open whether President Bashar al-Assad could be part of it. Envoy Kofi Annan said a "
        "transitional government could include members of the present government and the opposition.",
        D(2012, 6, 30),
        ST,
    ),
    case(
        "st-annan-assad-2012",
        "Annan meets Assad in Damascus",
        "U.N.-Arab League envoy Kofi Annan held talks with President Bashar al-Assad in Damascus on Saturday "
        "and urged him to accept a political dialogue with the opposition. Annan is due to meet opposition "
        "figures in Turkey on Sunday.",
        D(2012, 3, 10),
        ST,
    ),
    case(
        "st-geneva-ii-montreux-2014",
        "Syria peace conference opens in Montreux amid bitter exchanges",
        "A peace conference on Syria opened in the Swiss town of Montreux on Wednesday with angry exchanges "
        "between the government and opposition delegations. The two sides are to meet face to face in Geneva "
        "on Friday.",
        D(2014, 1, 22),
        ST,
    ),
    case(
        "st-brahimi-quits-2014",
        "Brahimi quits as UN Syria envoy",
        "Lakhdar Brahimi resigned on Tuesday as the U.N.-Arab League mediator for Syria, after two rounds of "
        "peace talks in Geneva failed to narrow the gap between Damascus and its opponents.",
        D(2014, 5, 13),
        ST,
    ),
    case(
        "st-vienna-timetable-2015",
        "Powers agree timetable for Syria transition in Vienna",
        "Foreign ministers of 17 countries agreed in Vienna on Saturday on a timetable for Syria, with talks "
        "between the government and the opposition by January 1 and elections within 18 months.",
        D(2015, 11, 14),
        ST,
    ),
    case(
        "st-riyadh-opposition-2015",
        "Syrian opposition groups meet in Riyadh to form negotiating team",
        "More than 100 Syrian opposition figures and rebel commanders gathered in Riyadh on Wednesday to agree "
        "on a common position and a team for negotiations with the government.",
        D(2015, 12, 9),
        ST,
    ),
    case(
        "st-geneva-iv-delegations-2017",
        "Syrian delegations arrive in Geneva for new round",
        "Syrian government and opposition delegations arrived in Geneva on Wednesday for the first U.N.-led "
        "round in nearly a year. Staffan de Mistura said he did not expect a breakthrough.",
        D(2017, 2, 22),
        ST,
    ),
    case(
        "st-astana-opens-2017",
        "Syrian government and rebels meet in Kazakhstan",
        "Talks between the Syrian government and armed opposition groups, sponsored by Russia, Turkey and Iran, "
        "opened in Astana on Monday with both delegations in the same room. The rebels refused direct "
        "negotiations.",
        D(2017, 1, 23),
        ST,
    ),
    case(
        "st-cf-astana-idlib-zone-2017",
        "Astana guarantors agree on Idlib de-escalation zone",
        "Russia, Turkey and Iran agreed in Astana on Friday on the boundaries of a de-escalation zone in Idlib "
        "province and on deploying monitors to police it. Syrian government and rebel delegations attended the "
        "round.",
        D(2017, 9, 15),
        ST,
        CF,
    ),
    case(
        "st-sochi-boycott-2018",
        "Syrian opposition to boycott Sochi congress",
        "Syria's main opposition bloc said on Saturday it would boycott a Russian-hosted congress in Sochi next "
        "week, saying Moscow had failed to rein in the government's offensive.",
        D(2018, 1, 27),
        ST,
    ),
    case(
        "st-cf-tehran-guarantors-2018",
        "Putin rejects Erdogan call for Idlib ceasefire at Tehran summit",
        "The leaders of Russia, Turkey and Iran failed to agree on Friday on a ceasefire in Idlib at a summit "
        "in Tehran on the future of Syria. Turkey's President Tayyip Erdogan called for a truce, but Russia's "
        "Vladimir Putin said the rebels were not party to the talks.",
        D(2018, 9, 7),
        ST,
        CF,
    ),
    case(
        "st-committee-launch-2019",
        "Syria's constitutional committee meets for first time",
        "A committee of 150 Syrians from the government, opposition and civil society met for the first time "
        "in Geneva on Wednesday to start drafting a new constitution. U.N. envoy Geir Pedersen called it a "
        "historic moment.",
        D(2019, 10, 30),
        ST,
    ),
    case(
        "st-committee-postponed-2022",
        "Syria constitutional talks postponed over Geneva venue",
        "A ninth session of Syria's constitutional committee planned for Geneva has been postponed after the "
        "government delegation said it would not travel to Switzerland, the U.N. said on Tuesday. Damascus "
        "backed Russian objections to the venue.",
        D(2022, 7, 19),
        ST,
    ),
    case(
        "st-pedersen-damascus-2024",
        "UN envoy urges inclusive transition on Damascus visit",
        "U.N. Syria envoy Geir Pedersen arrived in Damascus on Sunday for talks with the country's new rulers "
        "and called for a credible and inclusive political transition after the fall of Bashar al-Assad.",
        D(2024, 12, 15),
        ST,
    ),
    case(
        "st-aqaba-2024",
        "Arab ministers back peaceful Syria transition at Aqaba meeting",
        "Foreign ministers from eight Arab states, meeting in the Jordanian port of Aqaba, called on Saturday "
        "for an inclusive, Syrian-led political transition under U.N. resolution 2254. U.S. Secretary of State "
        "Antony Blinken and the U.N. envoy attended.",
        D(2024, 12, 14),
        ST,
    ),
    case(
        "st-us-kerry-lavrov-conference-2013",
        "US and Russia agree to push for Syria peace conference",
        "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov agreed in Moscow on "
        "Tuesday to convene an international conference on Syria to bring the government and the opposition "
        "to the negotiating table.",
        D(2013, 5, 7),
        ST,
        US,
    ),
    case(
        "st-cf-munich-issg-2016",
        "Powers agree on cessation of hostilities in Syria within a week",
        "The International Syria Support Group agreed in Munich early on Friday on a nationwide cessation of "
        "hostilities in Syria to begin within a week, and on the resumption of U.N.-led talks in Geneva.",
        D(2016, 2, 12),
        ST,
        CF,
    ),
    # ------------------------------------------------------------ syria-talks: "Not:" look-alikes
    case(
        "not-st-envoy-on-offensive-2024",
        "UN envoy alarmed as rebels sweep into Aleppo",
        "Rebels seized most of Aleppo on Saturday in the biggest offensive in years, and Russian jets struck "
        "Idlib in response. U.N. envoy Geir Pedersen said he was alarmed by the fighting and urged all sides "
        "to protect civilians.",
        D(2024, 11, 30),
    ),
    case(
        "not-st-envoy-death-toll-2016",
        "UN envoy estimates 400,000 killed in Syria war",
        "As many as 400,000 people have been killed in Syria's five-year war, U.N. envoy Staffan de Mistura "
        "said on Friday, giving his own estimate. The figure is far higher than the last U.N. count.",
        D(2016, 4, 22),
    ),
    case(
        "not-st-aid-convoy-2016",
        "Aid convoy reaches besieged Syrian town of Madaya",
        "A convoy of trucks carrying food and medicine reached the besieged Syrian town of Madaya on Monday, "
        "the Red Cross said. Residents described people dying of hunger near Damascus.",
        D(2016, 1, 11),
    ),
    case(
        "not-st-refugee-returns-2025",
        "Turkey says 250,000 Syrians have gone home since Assad's fall",
        "About 250,000 Syrian refugees have returned home from Turkey since the fall of Bashar al-Assad, Turkey's "
        "interior minister said on Thursday. Most crossed at Cilvegozu and went on to Aleppo and Idlib.",
        D(2025, 4, 10),
    ),
    case(
        "not-st-quake-aid-2023",
        "UN aid trucks cross into northwest Syria after quake",
        "The first U.N. aid trucks since the earthquake crossed from Turkey into northwest Syria on Thursday "
        "through Bab al-Hawa. Rescuers in Idlib said they needed heavy machinery, not blankets.",
        D(2023, 2, 9),
    ),
    case(
        "not-st-sanctions-other-subject-2025",
        "US lifts sanctions on Syria",
        "President Donald Trump signed an order on Monday ending most U.S. sanctions on Syria, saying the new "
        "government in Damascus deserved a chance to rebuild. Syria's foreign minister thanked Washington.",
        D(2025, 6, 30),
    ),
    case(
        "not-st-water-talks",
        "Turkey and Syria discuss Euphrates water sharing",
        "Turkish and Syrian officials met in Ankara on Tuesday to discuss sharing the waters of the Euphrates, "
        "the Syrian foreign ministry said. Damascus says dams upstream have cut the river's flow in half.",
        D(2025, 5, 13),
    ),
    # ------------------------------------------------------------ second batch: siblings of the classes above
    case(
        "cf-taliban-eid-truce-2018",
        "Taliban announce three-day Eid truce",
        "The Taliban announced on Saturday a three-day truce with Afghan security forces over the Eid al-Fitr "
        "holiday, days after the government declared its own pause. Foreign troops are excluded.",
        D(2018, 6, 9),
        CF,
    ),
    case(
        "cf-rsf-humanitarian-truce-2025",
        "Sudan's RSF says it accepts humanitarian truce",
        "Sudan's Rapid Support Forces said on Thursday it had accepted a humanitarian truce proposed by the "
        "United States, Saudi Arabia, Egypt and the United Arab Emirates. The army has yet to respond.",
        D(2025, 11, 6),
        CF,
    ),
    case(
        "cf-lebanon-truce-within-reach-undated",
        "Lebanon says truce with Israel within reach",
        "Lebanon's parliament speaker said on Tuesday that a truce between Israel and Hezbollah was within "
        "reach after talks with a U.S. envoy. Israel's security cabinet is due to discuss the draft.",
        None,
        CF,
    ),
    case(
        "cf-security-council-demands-2024",
        "UN Security Council demands immediate ceasefire in Gaza",
        "The U.N. Security Council demanded an immediate ceasefire in Gaza for the month of Ramadan on Monday, "
        "after the United States abstained from the vote. Israel cancelled a planned visit by its delegation "
        "to Washington in protest.",
        D(2024, 3, 25),
        CF,
    ),
    case(
        "not-cf-partisan-truce-after-shooting-2017",
        "Lawmakers call for end to rancour after baseball shooting",
        "Republican and Democratic leaders called for an end to partisan rancour on Wednesday after a gunman "
        "opened fire at a congressional baseball practice, wounding a senior lawmaker. Police said bursts of "
        "gunfire lasted ten minutes. The truce in Congress lasted barely a day.",
        D(2017, 6, 14),
    ),
    case(
        "not-cf-judicial-overhaul-truce-2023",
        "Netanyahu pauses judicial overhaul in truce with opposition",
        "Prime Minister Benjamin Netanyahu paused his judicial overhaul on Monday to allow talks with the "
        "opposition, a truce that followed mass protests and a general strike. The talks will be hosted by "
        "President Isaac Herzog.",
        D(2023, 3, 27),
    ),
    case(
        "not-cf-price-war-truce",
        "Airlines call truce in transatlantic fare war",
        "Europe's biggest airlines have quietly called a truce in a fare war on transatlantic routes, raising "
        "prices for the summer by up to 15 percent, analysts said on Monday.",
        D(2019, 2, 4),
    ),
    case(
        "not-cf-background-in-lead-2025",
        "Lebanon's parliament elects army chief Aoun as president",
        "Lebanon's parliament elected army commander Joseph Aoun as president on Thursday, ending a two-year "
        "vacancy in the post. His election comes weeks after a ceasefire ended the war between Israel and "
        "Hezbollah. Aoun pledged to rebuild the south and to give the state a monopoly on arms.",
        D(2025, 1, 9),
        gap="a ceasefire as the time reference of an unrelated lead sentence counts as the lead's subject; "
        "a background factor for ceasefire cost dev-set recall (violation reports open 'despite the truce')",
    ),
    case(
        "us-clinton-yeltsin-nato-1997",
        "Clinton and Yeltsin fail to bridge gap on NATO expansion",
        "President Bill Clinton and Russian President Boris Yeltsin ended their Helsinki summit on Friday still "
        "divided over NATO's plans to admit former Soviet-bloc states, but agreed to further cuts in nuclear "
        "weapons.",
        D(1997, 3, 21),
        US,
    ),
    case(
        "us-christopher-kozyrev-1994",
        "Christopher and Kozyrev meet in Geneva",
        "Secretary of State Warren Christopher met Russian Foreign Minister Andrei Kozyrev in Geneva on Thursday "
        "to discuss Moscow's objections to NATO's eastward expansion and the war in Bosnia.",
        D(1994, 12, 8),
        US,
    ),
    case(
        "us-call-to-meet-at-g20-2017",
        "Trump and Putin agree in call to meet at G20",
        "Donald Trump and Vladimir Putin agreed in a phone call on Tuesday to meet at the G20 summit in Hamburg "
        "in July, the Kremlin said.",
        D(2017, 5, 2),
        US,
    ),
    case(
        "us-pompeo-lavrov-sochi-2019",
        "Pompeo and Lavrov hold talks in Sochi",
        "U.S. Secretary of State Mike Pompeo held talks with Russian Foreign Minister Sergei Lavrov in Sochi on "
        "Tuesday before meeting President Vladimir Putin at his residence.",
        D(2019, 5, 14),
        US,
    ),
    case(
        "us-obama-medvedev-g8-sidelines-2011",
        "Obama and Medvedev meet at G8 in Deauville",
        "Barack Obama and Dmitry Medvedev met on the sidelines of the G8 summit in Deauville on Thursday and "
        "discussed U.S. plans for missile defence in Europe.",
        D(2011, 5, 26),
        US,
    ),
    case(
        "not-us-both-address-assembly-2025",
        "Lavrov and Rubio address UN General Assembly",
        "Sergei Lavrov and Marco Rubio both addressed the U.N. General Assembly on Saturday. Lavrov spoke after "
        "Rubio had left the hall, accusing the West of prolonging the war in Ukraine.",
        D(2025, 9, 27),
    ),
    case(
        "not-us-kremlin-comment-2021",
        "Kremlin calls Biden's remarks about Putin alarming",
        "The Kremlin said on Thursday that U.S. President Joe Biden's remarks about Russian President Vladimir "
        "Putin were alarming. Spokesman Dmitry Peskov said such comments were unacceptable.",
        D(2021, 3, 18),
    ),
    case(
        "not-us-xi-putin-2023",
        "Xi and Putin pledge closer ties in Moscow",
        "Chinese President Xi Jinping and Russian President Vladimir Putin held talks in the Kremlin on Tuesday "
        "and criticised what they called U.S. attempts to contain their countries.",
        D(2023, 3, 21),
    ),
    case(
        "st-talks-in-body-of-battle-story-2014",
        "Barrel bombs kill dozens in Aleppo",
        "Government helicopters dropped barrel bombs on rebel-held districts of Aleppo on Sunday, killing at "
        "least 40 people, activists said. Rescuers searched the rubble into the night.\n\nIn Geneva, talks "
        "between the government and the opposition were adjourned without a date for a new round. The mediator "
        "said both delegations had agreed to return.",
        D(2014, 2, 15),
        ST,
    ),
    case(
        "st-nur-sultan-round-2019",
        "New round of Syria talks opens in Kazakh capital",
        "Delegations of Russia, Turkey and Iran, the Syrian government and the armed opposition met in the "
        "Kazakh capital on Thursday for the 13th round of the Astana process.",
        D(2019, 8, 1),
        ST,
    ),
    case(
        "not-st-local-talks-between-2021",
        "Rebels in Daraa al-Balad agree to hand over weapons",
        "Talks between the government and rebels in Daraa al-Balad produced a deal on Wednesday for fighters "
        "to hand over their weapons or be evacuated to the north of Syria, state media said. Russian military "
        "police will deploy in the district.",
        D(2021, 9, 1),
    ),
    case(
        "not-st-strikes-with-passing-truce-2025",
        "Israel strikes army headquarters in Damascus",
        "Israeli warplanes struck the Syrian army headquarters in Damascus on Wednesday, as clashes between "
        "Druze fighters and government forces spread in Sweida. Smoke rose over the city centre. A U.S. envoy "
        "later said a truce had been agreed.",
        D(2025, 7, 16),
    ),
    # ------------------------------------------------------------ third batch: more formats and look-alikes
    case(
        "us-met-at-g20-osaka-2019",
        "Trump jokes with Putin about election meddling",
        "U.S. President Donald Trump met Russian President Vladimir Putin at the G20 summit in Osaka on Friday "
        "and, asked by a reporter, told him with a smile not to meddle in the election.",
        D(2019, 6, 28),
        US,
    ),
    case(
        "us-planned-call-2025",
        "Trump says he will speak to Putin on Tuesday",
        "Donald Trump said on Sunday he would speak to Vladimir Putin on Tuesday about ending the war in "
        "Ukraine, after negotiators made progress in Moscow over the weekend.",
        D(2025, 3, 16),
        US,
    ),
    case(
        "us-yeltsin-clinton-kosovo-call-1999",
        "Yeltsin and Clinton discuss Kosovo by telephone",
        "Russian President Boris Yeltsin and President Clinton discussed the Kosovo crisis by telephone on "
        "Saturday, the Kremlin said, and agreed their foreign ministers would keep working on a settlement.",
        D(1999, 5, 1),
        US,
    ),
    case(
        "us-two-leaders-spoke-for-2020",
        "Putin and Trump discuss oil market",
        "Vladimir Putin and Donald Trump spoke for more than an hour on Friday about the collapse in oil prices, "
        "the Kremlin said. The two leaders agreed that their energy ministers would stay in touch.",
        D(2020, 4, 10),
        US,
    ),
    case(
        "cf-congo-m23-2025",
        "Congo and M23 rebels sign ceasefire declaration in Doha",
        "Congo's government and the M23 rebel group signed a declaration of principles in Doha on Saturday, "
        "committing both sides to a permanent ceasefire in the east of the country.",
        D(2025, 7, 19),
        CF,
    ),
    case(
        "cf-myanmar-quake-2025",
        "Myanmar junta announces temporary ceasefire after earthquake",
        "Myanmar's military government announced a temporary ceasefire on Wednesday to support relief efforts "
        "after last week's earthquake, following similar pledges by armed resistance groups.",
        D(2025, 4, 2),
        CF,
    ),
    case(
        "cf-pkk-2025",
        "PKK declares ceasefire with Turkey",
        "The Kurdistan Workers' Party declared an immediate ceasefire with Turkey on Saturday, responding to a "
        "call by its jailed leader Abdullah Ocalan to lay down arms.",
        D(2025, 3, 1),
        CF,
    ),
    case(
        "st-de-mistura-pauses-2016",
        "UN envoy suspends Syria talks until late February",
        "U.N. envoy Staffan de Mistura suspended the Syrian peace negotiations in Geneva on Wednesday until "
        "Feb. 25, saying more work was needed from the powers that back the two sides.",
        D(2016, 2, 3),
        ST,
    ),
    case(
        "st-opposition-chief-negotiator-2016",
        "Syrian opposition names rebel commander as chief negotiator",
        "Syria's main opposition bloc named a rebel commander as its chief negotiator for talks with the "
        "government on Wednesday, days before the Geneva round is due to open.",
        D(2016, 1, 20),
        ST,
    ),
    case(
        "not-st-envoy-humanitarian-briefing-2022",
        "UN envoy says Syria's humanitarian needs at record high",
        "U.N. envoy Geir Pedersen told the Security Council on Tuesday that humanitarian needs in Syria had "
        "never been higher, with 14.6 million people depending on aid. He urged donors to fund the appeal.",
        D(2022, 3, 29),
    ),
    case(
        "not-st-raqqa-battle-2017",
        "US-backed forces push into Raqqa's old city",
        "U.S.-backed Syrian fighters breached the wall of Raqqa's old city on Tuesday, the coalition said. The "
        "U.S. envoy to the coalition said Islamic State was losing its grip on the city.",
        D(2017, 7, 4),
    ),
    case(
        "not-st-captagon-talks-2025",
        "Jordan and Syria agree to fight drug smuggling",
        "Jordan and Syria agreed on Monday to form a joint team to fight the smuggling of drugs and weapons "
        "across their border, after talks in Amman between their foreign ministers.",
        D(2025, 1, 6),
    ),
    case(
        "us-lavrov-met-tillerson-at-forum-2017",
        "Lavrov meets Tillerson at Manila security forum",
        "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Rex Tillerson at a regional "
        "security forum in Manila on Sunday, their first encounter since Congress passed new sanctions.",
        D(2017, 8, 6),
        US,
    ),
    case(
        "not-us-opening-session-side-by-side-2017",
        "Trade and climate dominate G20 opening in Hamburg",
        "Leaders including Donald Trump and Vladimir Putin sat around the table at the opening session of the "
        "G20 in Hamburg on Friday, where trade and climate dominated the agenda.",
        D(2017, 7, 7),
    ),
    # ------------------------------------------------------------ fourth batch: the Syrian war years, wire style
    case(
        "all-kerry-lavrov-geneva-truce-2016",
        "Kerry and Lavrov hold marathon talks on Syria truce",
        "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov met for more than 12 "
        "hours in Geneva on Friday to try to revive a nationwide cessation of hostilities in Syria. They said "
        "a deal would open the way for the U.N. to reconvene talks on a political transition.",
        D(2016, 8, 26),
        CF,
        ST,
        US,
    ),
    case(
        "us-obama-putin-un-2015",
        "Obama and Putin hold talks at UN on Syria and Ukraine",
        "Barack Obama and Vladimir Putin held 90 minutes of talks at the United Nations on Monday, their first "
        "formal meeting in nearly a year, after clashing in speeches to the General Assembly over the fate of "
        "Bashar al-Assad.",
        D(2015, 9, 28),
        ST,  # talks of the two powers on Syria, Assad's fate (the transition) their dispute
        US,
    ),
    case(
        "us-obama-putin-lima-2016",
        "Obama and Putin speak briefly at APEC in Lima",
        "Barack Obama and Vladimir Putin spoke briefly on the sidelines of the APEC summit in Lima on Sunday, "
        "the Kremlin said, in what was likely their last encounter before Obama leaves office.",
        D(2016, 11, 20),
        US,
    ),
    case(
        "st-jaafari-delegation-returns-2016",
        "Syrian government delegation to return to Geneva, Jaafari says",
        "Syria's U.N. ambassador Bashar Jaafari said on Monday the government delegation would return to "
        "Geneva for the next round of indirect negotiations with the opposition, but would not discuss the "
        "president's future.",
        D(2016, 4, 11),
        ST,
    ),
    case(
        "st-riyadh-2-2017",
        "Syrian opposition forms unified delegation at Riyadh meeting",
        "Syrian opposition groups meeting in Riyadh agreed on Thursday to send a single delegation to the next "
        "round of U.N.-led negotiations in Geneva, dropping their demand that Assad leave before a transition "
        "begins.",
        D(2017, 11, 23),
        ST,
    ),
    case(
        "cf-local-truce-zabadani-2015",
        "Truce agreed for Zabadani and two villages in northwest Syria",
        "A six-month truce took effect on Sunday in the besieged town of Zabadani near the Lebanese border and "
        "in the villages of Fouaa and Kefraya in Idlib province, under a deal mediated by Iran and Turkey. The "
        "truce provides for the evacuation of fighters and wounded.",
        D(2015, 9, 27),
        CF,
    ),
    case(
        "cf-aleppo-humanitarian-pause-2016",
        "Russia announces humanitarian pause in Aleppo",
        "Russia said on Monday its forces and the Syrian army would halt air strikes on Aleppo for eight hours "
        "on Thursday in a humanitarian pause to let civilians and rebels leave the city's east. The U.N. said "
        "eight hours was too short to bring in aid.",
        D(2016, 10, 17),
        CF,
    ),
    case(
        "cf-ghouta-daily-pause-2018",
        "Putin orders daily five-hour pause in Eastern Ghouta",
        "Russian President Vladimir Putin ordered a daily five-hour humanitarian pause in Syria's Eastern "
        "Ghouta from Tuesday, the defence minister said, two days after the U.N. Security Council demanded a "
        "30-day truce across the country.",
        D(2018, 2, 26),
        CF,
    ),
    case(
        "not-cf-battle-report-one-truce-sentence-2016",
        "Rebels capture villages south of Aleppo",
        "Rebels captured three villages south of Aleppo on Sunday after heavy fighting with government forces "
        "and Iranian-backed militias, a monitor said. At least 30 fighters were killed on both sides. Warplanes "
        "struck rebel supply lines to the west. The area had been relatively calm during a partial truce in "
        "March.",
        D(2016, 5, 8),
    ),
    case(
        "not-us-lavrov-coalition-coordination-2015",
        "Lavrov says Moscow ready to coordinate with US-led coalition",
        "Russian Foreign Minister Sergei Lavrov said on Wednesday Moscow was ready to coordinate air strikes "
        "against Islamic State with the U.S.-led coalition, but accused Washington of refusing to share "
        "intelligence.",
        D(2015, 10, 14),
    ),
    case(
        "us-kremlin-could-meet-at-g20-2017",
        "Putin and Trump could meet at G20, Kremlin says",
        "The Kremlin said on Monday that Vladimir Putin and Donald Trump could hold their first meeting on the "
        "sidelines of the G20 summit in Hamburg in July, though no date had been set.",
        D(2017, 5, 29),
        US,
    ),
    case(
        "us-tillerson-to-visit-moscow-2017",
        "Tillerson to visit Moscow next week for talks with Lavrov",
        "Rex Tillerson will travel to Moscow next week for talks with Russian Foreign Minister Sergei Lavrov, "
        "the State Department said on Thursday, his first visit as secretary of state.",
        D(2017, 4, 6),
        US,
    ),
    case(
        "us-lavrov-kerry-phone-syria-2016",
        "Lavrov and Kerry discuss Syria in phone call",
        "Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State John Kerry discussed the situation "
        "in Syria in a phone call on Saturday, the Russian foreign ministry said.",
        D(2016, 7, 2),
        US,
    ),
    case(
        "not-st-palmyra-2017",
        "Syrian army retakes Palmyra with Russian air support",
        "Syrian government forces recaptured the ancient city of Palmyra from Islamic State on Thursday with "
        "the help of Russian air strikes, the army said. Engineers began clearing mines from the ruins.",
        D(2017, 3, 2),
    ),
    case(
        "not-cf-read-more-teaser-2019",
        "Syrian troops advance in southern Idlib",
        "Syrian government troops captured two villages in southern Idlib on Tuesday after days of air strikes, "
        "a war monitor said. Thousands of families fled north toward the Turkish border.\n\nREAD MORE: Russia "
        "and Turkey agree new ceasefire for Idlib",
        D(2019, 5, 28),
    ),
    case(
        "us-bush-yeltsin-camp-david-1992",
        "Bush and Yeltsin meet at Camp David",
        "President Bush and Russian President Boris Yeltsin met at Camp David on Saturday and declared an end to "
        "the rivalry of the Cold War between their two countries.",
        D(1992, 2, 1),
        US,
    ),
    case(
        "us-bush-putin-bratislava-2005",
        "Bush and Putin meet in Bratislava",
        "President George Bush and Vladimir Putin met in Bratislava on Thursday and agreed to step up "
        "cooperation on securing nuclear material, though Bush raised concerns about democracy in Russia.",
        D(2005, 2, 24),
        US,
    ),
    case(
        "not-us-former-president-inside-a-shared-alias-2005",
        "Putin receives George H. W. Bush in the Kremlin",
        "Russian President Vladimir Putin met George H. W. Bush in the Kremlin on Tuesday, and the two talked "
        "about fishing and the former president's years in office.",
        D(2005, 5, 10),
    ),
    case(
        "st-cf-astana-safe-zones-2017",
        "Russia, Turkey and Iran agree on Syria safe zones",
        "Russia, Iran and Turkey signed a memorandum in Astana on Thursday to set up four safe zones in Syria, "
        "a plan the rebel delegation rejected and walked out over.",
        D(2017, 5, 4),
        CF,
        ST,
    ),
    case(
        "st-cf-sochi-putin-erdogan-zones-2017",
        "Putin and Erdogan back de-escalation zones for Syria",
        "Vladimir Putin and Tayyip Erdogan agreed in Sochi on Wednesday to support a plan for de-escalation "
        "zones in Syria, and said their envoys would push for it at the next round of talks in Astana.",
        D(2017, 5, 3),
        CF,
        ST,
    ),
    case(
        "all-obama-putin-antalya-2015",
        "Obama and Putin agree on need for Syrian-led transition",
        "Barack Obama and Vladimir Putin met for 35 minutes on the sidelines of the G20 summit in Antalya on "
        "Sunday and agreed on the need for a Syrian-led political transition, preceded by U.N.-mediated "
        "negotiations and a ceasefire, the White House said.",
        D(2015, 11, 15),
        CF,
        ST,
        US,
    ),
    case(
        "us-dmitriev-witkoff-2025",
        "Putin envoy Dmitriev meets Witkoff in Miami",
        "Kirill Dmitriev, Vladimir Putin's envoy for economic cooperation, held talks with U.S. special envoy "
        "Steve Witkoff in Miami on Saturday on a U.S. plan to end the war in Ukraine, the Kremlin said.",
        D(2025, 10, 25),
        US,
    ),
    case(
        "us-lavrov-rubio-call-prepare-summit-2025",
        "Lavrov and Rubio discuss summit preparations by phone",
        "Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State Marco Rubio discussed preparations "
        "for a meeting of their presidents in a phone call on Monday, the Russian foreign ministry said.",
        D(2025, 10, 20),
        US,
    ),
    case(
        "cf-gaza-truce-talks-doha-2024",
        "Israel sends negotiators to Doha for Gaza truce talks",
        "Israel sent a delegation to Doha on Thursday for talks on a truce and the release of hostages, as "
        "mediators pressed Hamas to respond to the latest proposal.",
        D(2024, 8, 15),
        CF,
    ),
    case(
        "not-cf-tariff-truce-extended-2025",
        "US and China extend tariff truce by 90 days",
        "The United States and China extended their tariff truce by another 90 days on Monday, averting a sharp "
        "rise in duties on each other's goods.",
        D(2025, 8, 11),
    ),
    case(
        "not-st-sharaa-putin-2025",
        "Syria's Sharaa meets Putin in Moscow",
        "Syria's interim president Ahmed al-Sharaa met Vladimir Putin in the Kremlin on Wednesday, his first "
        "visit to Russia since the fall of Bashar al-Assad, and discussed the future of Russia's bases in Syria.",
        D(2025, 10, 15),
    ),
    case(
        "not-st-other-war-talks-syria-in-lead-2025",
        "Russia and Ukraine open peace talks in Istanbul",
        "Russian and Ukrainian delegations opened their first direct peace talks in three years in Istanbul on "
        "Friday. Turkey, which also hosts meetings on Syria, offered to mediate further rounds.",
        D(2025, 5, 16),
    ),
    case(
        "not-st-colombia-talks-syria-in-lead-2016",
        "Colombia peace deal signed in Cartagena",
        "Colombia's government and the FARC signed a peace deal in Cartagena on Monday, ending a war that has "
        "killed more than 220,000 people. Foreign ministers flew in from as far as Syria's neighbours.",
        D(2016, 9, 26),
    ),
    case(
        "cf-truce-with-us-party-reactions-2024",
        "Senators split over push for Gaza truce",
        "Hamas and Israel moved closer to a truce on Tuesday, mediators said, as the proposal split U.S. "
        "lawmakers. Republicans said any pause would reward Hamas, while many Democrats urged the White House "
        "to press Israel harder.",
        D(2024, 7, 2),
        CF,
    ),
    case(
        "not-cf-catalan-separatists-truce-2017",
        "Madrid and Catalan separatists call truce over independence",
        "Spain's government and Catalan separatists agreed a truce on Friday in their dispute over independence, "
        "with both sides pledging to avoid unilateral steps before Christmas. The truce drew criticism from "
        "hardliners in Barcelona.",
        D(2017, 12, 1),
    ),
]


@pytest.mark.parametrize(("title", "body", "date", "expected"), CASES)
def test_written_example_gets_exactly_its_topics(
    title: str, body: str, date: dt.date | None, expected: frozenset[str]
) -> None:
    assert headline_first(title, body, date) == expected


# Texts without their headline (a feed item with an empty title, the body's first paragraph on the
# first line): that paragraph is the lead, not a headline, so a passing mention in its third
# sentence stays a passing mention. Syria stories are left out: with the headline gone, several name
# Syria only once, and syria-talks needs two Syria words (a known limit, see the README).
BODY_ONLY = [
    "not-cf-passing-mention-battle-2024",
    "not-cf-battle-report-one-truce-sentence-2016",
    "not-us-summit-mentioned-in-battle-report",
    "not-st-strikes-with-passing-truce-2025",
    "us-obama-medvedev-london-2009",
    "us-rubio-lavrov-riyadh-2025",
    "cf-gaza-collapse-2025",
    "cf-tigray-2022",
    "not-cf-election-campaign-truce-2017",
]


@pytest.mark.parametrize("case_id", BODY_ONLY)
def test_text_without_its_headline_gets_the_same_topics(case_id: str) -> None:
    found, expected = body_only(CASES, case_id)
    assert found == expected

"""Round 3 of the generalisation audit: other eras, other conflicts, other typography.

Short probe-style wire stories (headline and two to five sentences) written for issue 11 about
public events from 1993 to 2025 that the first two rounds did not cover: ceasefires of the 1990s
and 2000s (Chechnya, Northern Ireland, the Basque country, Sri Lanka, Aceh, Darfur, Georgia,
Myanmar, Mindanao, Donbas), US-Russia meetings from Vancouver 1993 to the video calls of 2021 and
the 2025 summits, Syria diplomacy from the Arab League plans of 2011 to the Astana format of 2024,
and easy stories in awkward typography (Unicode hyphens and dashes, curly quotes, HTML entities,
agency datelines, Windows line endings, all capitals). No sentence is copied from a source or from
the labelled sets in ../shared. Each case gives its whole expected set under TOPICS.md; the
negative cases are the "Not:" look-alikes of each class.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_tagging_support import CF, ST, US, D, body_only, case, headline_first

CASES = [
    # ------------------------------------------------------------ ceasefire, 1990s to 2010s
    case(
        "cf-chechnya-khasavyurt-1996",
        "Lebed and Maskhadov sign accord to end Chechen war",
        "Russian security chief Alexander Lebed and Chechen rebel commander Aslan Maskhadov signed an "
        "agreement in the Dagestani town of Khasavyurt on Saturday to end 21 months of fighting. The accord "
        "builds on a truce that has largely held since last week and puts off a decision on Chechnya's status "
        "for five years.",
        D(1996, 8, 31),
        CF,
    ),
    case(
        "cf-ira-cessation-1994",
        "IRA announces complete cessation of military operations",
        "The Irish Republican Army said on Wednesday it would halt its armed campaign from midnight, declaring "
        "a complete cessation of military operations. Crowds gathered in west Belfast as the statement was read "
        "out, while unionist leaders demanded to know whether the ceasefire was permanent.",
        D(1994, 8, 31),
        CF,
    ),
    case(
        "cf-ira-restored-1997",
        "IRA restores ceasefire, opening way for Sinn Fein talks",
        "The IRA said it would restore its ceasefire from noon on Sunday, 17 months after it ended the last one "
        "with a bomb in London's Docklands. The British government said Sinn Fein could join multi-party talks "
        "if the truce held for six weeks.",
        D(1997, 7, 19),
        CF,
    ),
    case(
        "cf-eta-permanent-2006",
        "ETA declares permanent ceasefire",
        "The Basque separatist group ETA announced a permanent ceasefire on Wednesday in a statement sent to "
        "Basque media, raising hopes of an end to nearly four decades of violence. Prime Minister Jose Luis "
        "Rodriguez Zapatero urged caution, saying any peace process would be long and difficult.",
        D(2006, 3, 22),
        CF,
    ),
    case(
        "cf-eta-definitive-2011",
        "ETA announces definitive end to armed campaign",
        "The Basque militant group ETA said on Thursday it was ending its armed activity for good, in a video "
        "statement that followed a ceasefire it declared in January. Spain's government called the announcement "
        "a victory for democracy but said the group must still disarm and dissolve.",
        D(2011, 10, 20),
        CF,
    ),
    case(
        "cf-pkk-ocalan-2013",
        "Jailed PKK leader calls for ceasefire with Turkey",
        "Jailed Kurdish militant leader Abdullah Ocalan called on his fighters to lay down their arms and "
        "withdraw from Turkish soil, in a letter read to a vast crowd in Diyarbakir on Thursday. PKK commanders "
        "in northern Iraq said they would declare a ceasefire within days.",
        D(2013, 3, 21),
        CF,
    ),
    case(
        "cf-sri-lanka-norway-2002",
        "Sri Lanka and Tamil Tigers sign Norwegian-brokered truce",
        "Sri Lanka's government and the Liberation Tigers of Tamil Eelam signed a permanent ceasefire agreement "
        "on Friday, brokered by Norway, in the most serious attempt yet to end 19 years of war. Nordic monitors "
        "will oversee the truce.",
        D(2002, 2, 22),
        CF,
    ),
    case(
        "cf-aceh-geneva-2002",
        "Indonesia and Aceh rebels sign peace accord in Geneva",
        "Indonesia and the Free Aceh Movement signed a cessation of hostilities agreement in Geneva on Monday, "
        "aimed at ending a separatist war that has killed some 10,000 people. Foreign monitors will be deployed "
        "to the province to oversee the deal.",
        D(2002, 12, 9),
        CF,
    ),
    case(
        "cf-darfur-ndjamena-2004",
        "Sudan and Darfur rebels agree humanitarian ceasefire",
        "Sudan's government and two rebel groups from the western Darfur region signed a 45-day humanitarian "
        "ceasefire in the Chadian capital N'Djamena on Thursday. Aid agencies hope the deal will let them reach "
        "hundreds of thousands of people driven from their homes.",
        D(2004, 4, 8),
        CF,
    ),
    case(
        "cf-georgia-six-point-2008",
        "Medvedev accepts Sarkozy's six-point plan to end Georgia war",
        "Russian President Dmitry Medvedev agreed on Tuesday to a six-point peace plan put forward by French "
        "President Nicolas Sarkozy, hours after ordering a halt to military operations in Georgia. The plan "
        "calls for an end to hostilities and a return of forces to their positions before the fighting.",
        D(2008, 8, 12),
        CF,
    ),
    case(
        "cf-gaza-unilateral-2009",
        "Israel declares unilateral ceasefire in Gaza",
        "Israel's prime minister Ehud Olmert announced a unilateral ceasefire in the Gaza Strip from 2 a.m. on "
        "Sunday, three weeks after the offensive began. Hamas said it would keep fighting as long as Israeli "
        "troops remained in the territory.",
        D(2009, 1, 17),
        CF,
    ),
    case(
        "cf-gaza-cairo-2012",
        "Egypt announces Gaza truce after eight days of fighting",
        "Egypt's foreign minister announced in Cairo on Wednesday that Israel and Hamas had agreed to a "
        "ceasefire, to take effect at 9 p.m. local time. US Secretary of State Hillary Clinton, standing beside "
        "him, said the coming days would test the agreement.",
        D(2012, 11, 21),
        CF,
    ),
    case(
        "cf-ivory-coast-rebels-2002",
        "Ivory Coast rebels sign ceasefire",
        "Rebels holding the northern half of Ivory Coast signed a ceasefire on Thursday, a month after their "
        "failed coup attempt plunged the country into civil war. West African mediators said French troops "
        "would monitor the truce line until regional forces arrive.",
        D(2002, 10, 17),
        CF,
    ),
    case(
        "cf-congo-lusaka-1999",
        "Congo war parties sign Lusaka ceasefire",
        "Congo's government and the five foreign states whose armies are fighting there signed a ceasefire "
        "agreement in Lusaka on Saturday. Rebel leaders refused to sign, citing a dispute over who would speak "
        "for their movement.",
        D(1999, 7, 10),
        CF,
    ),
    case(
        "cf-south-sudan-addis-2014",
        "South Sudan government and rebels sign cessation of hostilities",
        "South Sudan's government and rebels loyal to former vice president Riek Machar signed a cessation of "
        "hostilities agreement in Addis Ababa on Thursday after weeks of fighting. The deal is due to take "
        "effect within 24 hours.",
        D(2014, 1, 23),
        CF,
    ),
    case(
        "cf-myanmar-nationwide-2015",
        "Myanmar signs ceasefire with eight ethnic armed groups",
        "Myanmar's government signed what it called a nationwide ceasefire with eight ethnic armed groups on "
        "Thursday, although several of the largest rebel armies stayed away. President Thein Sein said the deal "
        "was a historic gift to future generations.",
        D(2015, 10, 15),
        CF,
    ),
    case(
        "cf-mindanao-milf-2003",
        "Manila and MILF rebels agree to ceasefire",
        "The Philippine government and the Moro Islamic Liberation Front agreed on Friday to a mutual ceasefire "
        "on the southern island of Mindanao. Talks hosted by Malaysia are due to resume once the truce holds.",
        D(2003, 7, 18),
        CF,
    ),
    case(
        "cf-kashmir-dgmo-2021",
        "India and Pakistan agree to observe Kashmir ceasefire",
        "The armies of India and Pakistan said on Thursday they had agreed to strictly observe all agreements "
        "on a ceasefire along the Line of Control in Kashmir from midnight. The rare joint statement followed "
        "talks between their directors general of military operations over a hotline.",
        D(2021, 2, 25),
        CF,
    ),
    case(
        "cf-donbas-silence-regime-2015",
        "School-year truce takes hold in eastern Ukraine",
        "A ceasefire timed for the start of the school year largely held in eastern Ukraine on Tuesday, OSCE "
        "monitors said. Kyiv and the rebels agreed last week to stop shelling along the front line from "
        "September 1.",
        D(2015, 9, 1),
        CF,
    ),
    case(
        "cf-donbas-regime-of-silence-2016",
        "Kyiv and rebels agree new 'regime of silence' in Donbas",
        "Ukraine and the Russian-backed rebels agreed on a new 'regime of silence' along the line of contact from "
        "Saturday, the OSCE said after talks in Minsk. Both sides pledged to stop firing and to pull back "
        "heavy weapons.",
        D(2016, 8, 31),
        CF,
    ),
    case(
        "cf-donbas-full-ceasefire-2020",
        "Ukraine, rebels agree full ceasefire from Monday",
        "Ukraine and Russian-backed separatists agreed to a comprehensive ceasefire in the eastern Donbas region "
        "from July 27, the OSCE said after a video conference of the Trilateral Contact Group. Previous truces "
        "collapsed within weeks.",
        D(2020, 7, 22),
        CF,
    ),
    case(
        "cf-easter-truce-2025",
        "Putin declares Easter truce in Ukraine",
        "Vladimir Putin ordered Russian forces to halt all military activity in Ukraine from Saturday evening "
        "until midnight on Sunday for Easter. President Volodymyr Zelensky said Russian shelling had continued "
        "on several parts of the front despite the Easter truce.",
        D(2025, 4, 19),
        CF,
    ),
    # ------------------------------------------------------------ ceasefire: look-alikes
    case(
        "not-cf-patent-war-truce-2014",
        "Apple and Samsung call truce outside the US",
        "Apple and Samsung agreed on Tuesday to drop all patent lawsuits against each other outside the United "
        "States, easing a bitter legal battle between the two smartphone makers. The truce does not cover cases "
        "in American courts.",
        D(2014, 8, 5),
    ),
    case(
        "not-cf-pilots-strike-truce-2018",
        "Ryanair and pilots agree truce before summer",
        "Ryanair and its Irish pilots' union agreed a truce on Friday, calling off a fresh round of strikes "
        "while a mediator looks at their dispute over seniority. Passengers had faced a fifth day of "
        "cancellations.",
        D(2018, 8, 24),
    ),
    case(
        "not-cf-rappers-feud-truce",
        "Rap rivals announce truce after years of feuding",
        "Two of the best-known rappers in the country said on Monday they had ended their long feud, posting a "
        "photo of themselves together on social media. Fans greeted the truce with relief and some scepticism.",
        None,
    ),
    case(
        "not-cf-coalition-truce-2010",
        "Belgian parties agree truce in coalition talks",
        "Belgium's Flemish and French-speaking parties agreed a truce on Thursday in their long quarrel over "
        "the Brussels region, opening the way for talks on a new coalition government. The king asked a "
        "mediator to report back within two weeks.",
        D(2010, 10, 14),
    ),
    case(
        "not-cf-peace-accord-background-2005",
        "Aceh rebels hand in first weapons under peace deal",
        "Rebels in Indonesia's Aceh province handed over their first batch of weapons on Thursday under a peace "
        "agreement signed in Helsinki last month. European monitors counted the rifles before they were cut up.",
        D(2005, 9, 15),
    ),
    # ------------------------------------------------------------ us-russia-summit, 1993 to 2025
    case(
        "us-clinton-yeltsin-vancouver-1993",
        "Clinton pledges aid to Yeltsin at Vancouver summit",
        "President Bill Clinton promised Russian President Boris Yeltsin $1.6 billion in aid on Saturday at "
        "their first summit, held in Vancouver. The two leaders spent much of the day discussing Russia's "
        "economic reforms.",
        D(1993, 4, 3),
        US,
    ),
    case(
        "us-clinton-yeltsin-moscow-1998",
        "Clinton arrives in Moscow for summit amid rouble crisis",
        "President Clinton arrived in Moscow on Tuesday for two days of talks with President Yeltsin, as Russia's "
        "financial crisis deepened. Aides said the leaders would discuss the economy and a pact on sharing "
        "early warning data on missile launches.",
        D(1998, 9, 1),
        US,
    ),
    case(
        "us-bush-putin-moscow-treaty-2002",
        "Bush and Putin sign treaty to cut nuclear arsenals",
        "President George W. Bush and President Vladimir Putin signed a treaty in the Kremlin on Friday "
        "committing both countries to cut their deployed strategic warheads by about two thirds over ten years.",
        D(2002, 5, 24),
        US,
    ),
    case(
        "us-bush-putin-kennebunkport-2007",
        "Putin and Bush go fishing in Maine",
        "Vladimir Putin arrived at the Bush family estate in Kennebunkport, Maine, on Sunday for two days of "
        "informal talks with President George W. Bush. The two leaders are expected to discuss US missile "
        "defence plans for Europe.",
        D(2007, 7, 1),
        US,
    ),
    case(
        "us-bush-putin-sochi-2008",
        "Bush and Putin hold final summit in Sochi",
        "President George W. Bush met Vladimir Putin at the Russian leader's Black Sea residence in Sochi on "
        "Sunday for their last summit before Putin steps down. They failed to settle their dispute over missile "
        "defence.",
        D(2008, 4, 6),
        US,
    ),
    case(
        "us-clinton-lavrov-reset-2009",
        "Clinton and Lavrov press reset button in Geneva",
        "Secretary of State Hillary Clinton handed Russian Foreign Minister Sergei Lavrov a red button labelled "
        "'reset' at a dinner in Geneva on Friday. The two agreed to work on a successor to the START treaty.",
        D(2009, 3, 6),
        US,
    ),
    case(
        "us-obama-putin-lough-erne-2013",
        "Obama and Putin meet at G8 in Northern Ireland",
        "President Barack Obama and President Vladimir Putin held two hours of talks on the sidelines of the G8 "
        "summit at Lough Erne on Monday, their first meeting in a year. They agreed to resume talks on missile "
        "defence and to work together on security for the Sochi Winter Olympics.",
        D(2013, 6, 17),
        US,
    ),
    case(
        "us-trump-putin-hamburg-2017",
        "Trump and Putin hold first meeting in Hamburg",
        "Donald Trump and Vladimir Putin met for more than two hours on Friday on the sidelines of the G20 summit "
        "in Hamburg, far longer than planned. Secretary of State Rex Tillerson said the two presidents had "
        "discussed Ukraine and election interference.",
        D(2017, 7, 7),
        US,
    ),
    case(
        "us-biden-putin-video-call-2021",
        "Biden warns Putin in video call over Ukraine build-up",
        "President Joe Biden warned Vladimir Putin during a two-hour video call on Tuesday that the West would "
        "respond with strong economic measures if Russia invaded Ukraine. The Kremlin said Putin asked for "
        "guarantees that NATO would not expand eastward.",
        D(2021, 12, 7),
        US,
    ),
    case(
        "us-budapest-called-off-2025",
        "Trump shelves planned Budapest summit with Putin",
        "President Donald Trump said on Wednesday he had called off a planned meeting with Vladimir Putin in "
        "Budapest because it did not feel right. A phone call between Secretary of State Marco Rubio and "
        "Sergei Lavrov had failed to agree on preparations.",
        D(2025, 10, 22),
        US,
    ),
    case(
        "us-rubio-lavrov-un-2025",
        "Rubio and Lavrov meet at the United Nations",
        "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov on the sidelines of the UN "
        "General Assembly in New York on Wednesday. The State Department said Rubio repeated the president's "
        "call for an end to the killing in Ukraine.",
        D(2025, 9, 24),
        US,
    ),
    case(
        "us-powell-ivanov-iraq-2003",
        "Powell and Ivanov fail to bridge gap on Iraq",
        "Secretary of State Colin Powell and Russian Foreign Minister Igor Ivanov met in Geneva on Saturday but "
        "remained divided over a new Security Council resolution on Iraq. Ivanov said Moscow still saw no "
        "need for war.",
        D(2003, 3, 8),
        US,
    ),
    case(
        "us-rice-lavrov-moscow-2006",
        "Rice meets Lavrov ahead of G8 summit",
        "US Secretary of State Condoleezza Rice held talks with Russian Foreign Minister Sergei Lavrov in Moscow "
        "on Friday to prepare for the G8 summit in St Petersburg in July. They discussed Iran's nuclear "
        "programme and Russia's bid to join the WTO.",
        D(2006, 4, 21),
        US,
    ),
    case(
        "us-trump-putin-da-nang-2017",
        "Trump and Putin chat briefly at APEC, back statement on Syria",
        "Donald Trump and Vladimir Putin spoke briefly on the sidelines of the APEC summit in Da Nang on "
        "Saturday and approved a joint statement on Syria, the Kremlin said. A formal meeting between the two "
        "presidents did not take place because of scheduling conflicts, the White House said.",
        D(2017, 11, 11),
        US,
    ),
    case(
        "us-trump-putin-call-mueller-2019",
        "Trump and Putin discuss Mueller report in long phone call",
        "President Donald Trump said on Friday he had spoken with Vladimir Putin for more than an hour, "
        "discussing the Mueller report, North Korea, Venezuela and a possible new nuclear arms agreement. "
        "It was their first known call since the special counsel's investigation ended.",
        D(2019, 5, 3),
        US,
        gap="the investigation named as an agenda item of a call vetoes the call (the veto cannot tell "
        "a call that discussed the Mueller report from the investigation of a call)",
    ),
    case(
        "us-obama-medvedev-moscow-2009",
        "Obama and Medvedev agree on outline of arms cut",
        "Presidents Barack Obama and Dmitry Medvedev agreed in Moscow on Monday on the outline of a treaty to "
        "replace START, committing to reduce their nuclear warheads to between 1,500 and 1,675 each. The two "
        "leaders also agreed to let US military supplies for Afghanistan cross Russian territory.",
        D(2009, 7, 6),
        US,
    ),
    # Round-3 classes, each with siblings and look-alikes (see docs/bench_tag.md, 2026.12.5).
    # A surname two office holders share: the date tells them apart ("Clinton" in 2009 is the
    # secretary of state, in 1997 the president, in 2017 neither).
    case(
        "us-clinton-lavrov-call-libya-2011",
        "Clinton and Lavrov discuss Libya by phone",
        "Clinton spoke with Lavrov by telephone on Monday about the fighting in Libya and a Security Council "
        "vote on a no-fly zone, the State Department said. Moscow has voiced doubts about the plan.",
        D(2011, 3, 14),
        US,
    ),
    case(
        "not-us-clinton-memoir-2017",
        "Clinton's memoir recalls her encounters with Putin",
        "Hillary Clinton's new memoir, published on Tuesday, describes Vladimir Putin as a man who sees "
        "politics as a contest of wills. Clinton writes that she met Putin several times and found him "
        "dismissive.",
        D(2017, 9, 12),
    ),
    # A meal is a meeting of two principals.
    case(
        "us-working-dinner-undated",
        "Top US and Russian diplomats hold working dinner",
        "The US Secretary of State and the Russian Foreign Minister sat down to a working dinner in Geneva on "
        "Thursday night, their first encounter in months. Aides said the meal ran past midnight.",
        None,
        US,
    ),
    case(
        "not-us-forum-dinner-side-by-side-2022",
        "Lavrov and Blinken attend G20 dinner but do not talk",
        "Sergei Lavrov and Antony Blinken both attended the dinner of G20 foreign ministers in Bali on Thursday, "
        "officials said. They sat at opposite ends of the table.",
        D(2022, 7, 7),
    ),
    # "Spoken with", "speaks with": the other forms of a conversation verb.
    case(
        "us-biden-has-spoken-with-putin-2021",
        "Biden proposes summit after call with Putin",
        "President Joe Biden said on Thursday he had spoken with Vladimir Putin and proposed that they meet in "
        "a third country in the coming months. The White House said the call lasted about an hour.",
        D(2021, 4, 15),
        US,
    ),
    case(
        "us-lavrov-speaks-with-rubio-2025",
        "Lavrov speaks with Rubio ahead of planned summit",
        "Russian Foreign Minister Sergei Lavrov speaks with Secretary of State Marco Rubio by phone about "
        "preparing a meeting of the two presidents, the Russian foreign ministry said on Monday.",
        D(2025, 10, 20),
        US,
    ),
    case(
        "not-us-putin-speaks-to-reporters-2025",
        "Putin speaks to reporters in Minsk",
        "Vladimir Putin took questions from reporters in Minsk on Friday, saying Russia was open to ending the "
        "war on its own terms. He said Donald Trump's envoy was welcome in Moscow but gave no dates.",
        D(2025, 6, 27),
    ),
    # A legal or business dispute called a battle or war: its "truce" is no ceasefire.
    case(
        "not-cf-patent-battle-truce-2015",
        "Microsoft and Google agree truce in patent battle",
        "Microsoft and Google said on Wednesday they would drop about 20 patent lawsuits against each other, "
        "ending a five-year legal battle over smartphones and video. The two companies said the truce would "
        "let them cooperate on other matters.",
        D(2015, 9, 30),
    ),
    case(
        "not-cf-court-battle-truce",
        "Feuding heirs call truce in court battle over family fortune",
        "The heirs of a media dynasty agreed a truce on Friday in their court battle over the family trust, "
        "suspending litigation for three months while they negotiate. Shares in the company rose 4%.",
        None,
    ),
    # The terms of a political transition (a unity government, a transfer of power) named in a Syria
    # story are settlement diplomacy; another country's unity government is not.
    case(
        "st-annan-unity-government-2012",
        "Annan proposes national unity government for Syria",
        "UN-Arab League envoy Kofi Annan has proposed a national unity government for Syria that could include "
        "members of the current government and of the opposition, diplomats said on Tuesday. Assad's "
        "opponents said they would accept no deal that left him in power.",
        D(2012, 6, 26),
        ST,
    ),
    case(
        "not-st-palestinian-unity-government-2011",
        "Fatah and Hamas agree to form unity government",
        "The rival Palestinian factions Fatah and Hamas agreed in Cairo on Wednesday to form a unity government "
        "and hold elections within a year. Hamas leader Khaled Meshaal, who is based in Damascus, attended the "
        "signing alongside President Mahmoud Abbas. Some of the group's officials are reconsidering their "
        "presence in Syria as unrest spreads there.",
        D(2011, 5, 4),
    ),
    # A multilateral body's resolution as the subject the two principals met on: an agenda item,
    # not the setting.
    case(
        "us-albright-ivanov-kosovo-resolution-1999",
        "Albright and Ivanov discuss Kosovo in Moscow",
        "Secretary of State Madeleine Albright and Russian Foreign Minister Igor Ivanov held three hours of "
        "meetings in Moscow on Tuesday on the crisis in Kosovo. They disagreed on a draft resolution that "
        "would let the Security Council authorise force.",
        D(1999, 1, 26),
        US,
    ),
    case(
        "not-us-council-meeting-adopts-resolution-2022",
        "Blinken and Lavrov at Security Council as Ukraine resolution fails",
        "Antony Blinken and Sergei Lavrov both attended a Security Council meeting in New York on Thursday that "
        "failed to adopt a draft resolution on Ukraine. Each accused the other's country of prolonging the war.",
        D(2022, 9, 22),
    ),
    # Another war's armed parties are that war, not Syria's settlement, in a sentence with no Syria
    # word.
    case(
        "not-st-doha-palestinian-unity-deal-2012",
        "Abbas to head Palestinian unity government under Doha deal",
        "Fatah leader Mahmoud Abbas and Hamas chief Khaled Meshaal signed a deal in Doha on Monday under which "
        "Abbas will head an interim unity government. Meshaal, long based in Damascus, has been scaling back "
        "his group's presence in Syria during the uprising.",
        D(2012, 2, 6),
    ),
    # ------------------------------------------------------------ us-russia-summit: look-alikes
    case(
        "not-us-new-start-experts-2021",
        "Russian and US experts hold arms control talks in Geneva",
        "Arms control experts from Russia and the United States met in Geneva on Tuesday for technical "
        "consultations on verification under the New START treaty. The delegations were led by officials from "
        "their foreign and defence ministries.",
        D(2021, 9, 28),
    ),
    case(
        "not-us-military-deconfliction-2015",
        "US and Russian militaries discuss Syria air safety",
        "Defence officials from the United States and Russia held a video conference on Thursday on avoiding "
        "incidents between their aircraft over Syria. The Pentagon said the talks were narrowly focused on "
        "flight safety.",
        D(2015, 10, 1),
    ),
    case(
        "not-us-putin-modi-2021",
        "Putin and Modi sign arms and energy deals in Delhi",
        "Russian President Vladimir Putin and Indian Prime Minister Narendra Modi signed a series of arms and "
        "energy deals in New Delhi on Monday. The two leaders said their partnership had withstood pressure "
        "from outside.",
        D(2021, 12, 6),
    ),
    case(
        "not-us-former-secretary-baker-2016",
        "Former secretary of state Baker meets Putin",
        "Former US Secretary of State James Baker met Russian President Vladimir Putin in the Kremlin on "
        "Thursday. Baker said he was visiting in a private capacity.",
        D(2016, 10, 13),
    ),
    # ------------------------------------------------------------ syria-talks, 2011 to 2024
    case(
        "st-arab-league-plan-accepted-2011",
        "Syria accepts Arab League plan to end crisis",
        "Syria agreed on Wednesday to an Arab League plan that calls for the army to withdraw from cities, the "
        "release of detainees and talks with the opposition within two weeks. Arab foreign ministers meeting in "
        "Cairo said Damascus must carry out the plan at once.",
        D(2011, 11, 2),
        ST,
    ),
    case(
        "st-arab-league-transition-plan-2012",
        "Arab League asks Assad to hand power to deputy",
        "The Arab League called on President Bashar al-Assad on Sunday to hand power to his deputy and allow a "
        "national unity government to be formed within two months. Damascus rejected the plan as a "
        "violation of Syria's sovereignty.",
        D(2012, 1, 22),
        ST,
    ),
    case(
        "st-cf-annan-six-point-2012",
        "Syria accepts Annan's six-point peace plan",
        "Syria has accepted a six-point peace plan drawn up by UN-Arab League envoy Kofi Annan, his spokesman "
        "said on Tuesday. The plan calls for a ceasefire monitored by the United Nations and an inclusive "
        "political process led by Syrians.",
        D(2012, 3, 27),
        ST,
        CF,
    ),
    case(
        "st-brahimi-trilateral-2013",
        "Brahimi meets Russian and US officials on Syria peace conference",
        "UN envoy Lakhdar Brahimi met senior Russian and US diplomats in Geneva on Tuesday to prepare for a "
        "peace conference on Syria. They failed to agree on a date or on whether Iran should attend.",
        D(2013, 11, 5),
        ST,
    ),
    case(
        "st-astana-last-round-2023",
        "Kazakhstan says Astana talks on Syria have run their course",
        "Kazakhstan proposed on Wednesday that the 20th round of the Astana talks on Syria be the last, saying "
        "the format had fulfilled its mission. Delegations from Russia, Iran and Turkey, the Syrian government "
        "and the opposition attended the round.",
        D(2023, 6, 21),
        ST,
    ),
    case(
        "st-astana-format-doha-2024",
        "Russia, Iran and Turkey call for political dialogue in Syria",
        "The foreign ministers of Russia, Iran and Turkey, the three Astana format powers, met in Doha on "
        "Saturday as rebels closed in on Damascus. They called for a political dialogue between the Syrian "
        "government and the legitimate opposition.",
        D(2024, 12, 7),
        ST,
    ),
    case(
        "st-geneva-viii-2017",
        "Syria peace talks end in Geneva with no progress",
        "The eighth round of UN-led Syria peace talks ended in Geneva on Thursday without a single face-to-face "
        "meeting between the sides. Envoy Staffan de Mistura said the government delegation had refused to "
        "engage.",
        D(2017, 12, 14),
        ST,
    ),
    # ------------------------------------------------------------ syria-talks: look-alikes
    case(
        "not-st-astana-expo-2017",
        "Astana opens world fair on future energy",
        "Kazakhstan opened the Expo 2017 world fair in Astana on Saturday with a pavilion shaped like a giant "
        "glass sphere. Organisers expect two million visitors over three months.",
        D(2017, 6, 10),
    ),
    case(
        "not-st-arab-league-summit-other-2019",
        "Arab League summit focuses on Golan and Jerusalem",
        "Arab leaders meeting in Tunisia on Sunday rejected the US recognition of Israeli sovereignty over the "
        "Golan Heights. Syria's seat at the summit remained empty.",
        D(2019, 3, 31),
    ),
    # ------------------------------------------------------------ batch 2: written after the first fixes
    case(
        "cf-ira-cessation-no-ceasefire-word-1994",
        "IRA orders its units to end operations",
        "The IRA said in a statement on Wednesday that all its units had been told to end their operations from "
        "midnight, announcing what it called a complete cessation of military operations after 25 years. "
        "Loyalist paramilitaries said they would study the statement.",
        D(1994, 8, 31),
        CF,
    ),
    case(
        "cf-gaza-tactical-pause-2024",
        "Israel announces daily tactical pause in southern Gaza",
        "The Israeli military said on Sunday it would observe a daily tactical pause in military activity along "
        "a road in southern Gaza to allow more aid to reach civilians. The pause will run from 8 a.m. to 7 p.m. "
        "until further notice, while fighting continues in Rafah.",
        D(2024, 6, 16),
        CF,
    ),
    case(
        "cf-eta-cessation-armed-activity-2011",
        "Basque group ETA ends armed activity",
        "ETA announced on Thursday the definitive cessation of its armed activity after more than four decades "
        "of bombings and shootings that killed over 800 people. The group made no mention of handing over its "
        "weapons.",
        D(2011, 10, 20),
        CF,
    ),
    case(
        "not-cf-combat-mission-ends-2014",
        "NATO ends combat mission in Afghanistan",
        "NATO formally ended its combat mission in Afghanistan on Sunday with a low-key ceremony in Kabul, 13 "
        "years after the invasion. A smaller force will stay to train Afghan troops.",
        D(2014, 12, 28),
    ),
    case(
        "us-putin-lands-alaska-2025",
        "Putin lands in Alaska for face-to-face talks with Trump",
        "Vladimir Putin arrived at a military base in Anchorage on Friday for his first face-to-face talks with "
        "Donald Trump since 2019. The two presidents are expected to discuss a possible end to the war in "
        "Ukraine.",
        D(2025, 8, 15),
        US,
    ),
    case(
        "us-clinton-yeltsin-kremlin-1994",
        "Clinton and Yeltsin agree to stop aiming missiles at each other",
        "President Clinton and President Boris Yeltsin agreed at the Kremlin on Friday that from May their "
        "strategic missiles would no longer be targeted at each other's countries. The leaders also signed a "
        "deal on removing nuclear weapons from Ukraine.",
        D(1994, 1, 14),
        US,
    ),
    case(
        "not-us-istanbul-embassy-talks-2025",
        "Russian and US diplomats discuss embassy work in Istanbul",
        "Russian and American diplomats met in Istanbul on Thursday for six hours of talks on restoring the work "
        "of their embassies, the Russian foreign ministry said. The delegations were led by a US deputy assistant "
        "secretary of state and a senior Russian diplomat.",
        D(2025, 2, 27),
    ),
    case(
        "not-st-israel-syria-indirect-talks-2008",
        "Syria and Israel hold indirect peace talks in Turkey",
        "Syria and Israel held a new round of indirect peace talks in Istanbul on Monday through Turkish "
        "mediators, officials said. Damascus wants the return of the Golan Heights, captured by Israel in 1967.",
        D(2008, 6, 16),
    ),
    case(
        "not-st-israel-syria-security-talks-2025",
        "Israeli and Syrian officials hold talks in Paris",
        "Israeli and Syrian officials met in Paris on Tuesday for US-mediated talks on a security arrangement "
        "for southern Syria, a diplomat said. Syria's foreign minister Asaad al-Shaibani attended.",
        D(2025, 8, 19),
    ),
    case(
        "st-geneva-iii-proximity-2016",
        "De Mistura opens proximity talks on Syria in Geneva",
        "UN envoy Staffan de Mistura began indirect talks with the Syrian government delegation in Geneva on "
        "Friday, shuttling between rooms because the opposition had not yet arrived.",
        D(2016, 1, 29),
        ST,
    ),
    case(
        "us-nbsp-names-undated",
        "Putin and Biden hold phone call",
        "U.S.\u00a0President Joe\u00a0Biden and Russian\u00a0President Vladimir\u00a0Putin held a phone call on "
        "Thursday, the White\u00a0House said. They discussed security guarantees in Europe.",
        None,
        US,
    ),
    case(
        "cf-soft-hyphen-and-entities",
        "Libya&#8217;s rivals sign cease&shy;fire",
        "Libya&#8217;s rival forces signed a permanent cease\u00adfire in Geneva on Friday,&nbsp;the UN said. "
        "Foreign fighters must leave within three months.",
        D(2020, 10, 23),
        CF,
    ),
    case(
        "cf-unicode-hyphen-u2010",
        "Sudan\u2019s army and RSF agree week\u2010long cease\u2010fire",
        "Sudan\u2019s army and the paramilitary Rapid Support Forces agreed to a week\u2010long cease\u2010fire "
        "starting on Monday, Saudi Arabia and the United States said.",
        D(2023, 5, 20),
        CF,
    ),
    case(
        "us-caps-body-dateline",
        "TRUMP, PUTIN TO MEET IN HELSINKI",
        "WASHINGTON (AP) \u2014 PRESIDENT DONALD TRUMP WILL MEET RUSSIAN PRESIDENT VLADIMIR PUTIN IN HELSINKI ON "
        "JULY 16, THE WHITE HOUSE SAID THURSDAY.",
        D(2018, 6, 28),
        US,
    ),
    case(
        "st-cf-annan-cessation-of-armed-violence-2012",
        "Annan sets deadline for end to Syria violence",
        "UN-Arab League envoy Kofi Annan told the Security Council on Monday that Syria had agreed to pull its "
        "troops out of cities by April 10 under his six-point plan. A cessation of armed violence in all its "
        "forms by both sides should follow within 48 hours, he said.",
        D(2012, 4, 2),
        ST,
        CF,
    ),
    case(
        "not-cf-end-of-military-operation-2009",
        "Pakistan army declares end of Swat offensive",
        "Pakistan's army said on Wednesday it had ended its military operation in the Swat valley, declaring "
        "that the Taliban had been driven from the main towns. Hundreds of thousands of displaced people have "
        "begun to return.",
        D(2009, 7, 15),
    ),
    case(
        "not-st-shepherdstown-2000",
        "Israeli and Syrian negotiators open talks in West Virginia",
        "Israeli Prime Minister Ehud Barak and Syrian Foreign Minister Farouk al-Sharaa opened peace talks in "
        "Shepherdstown, West Virginia, on Monday with President Bill Clinton as host. Syria wants Israel to "
        "withdraw from the Golan Heights.",
        D(2000, 1, 3),
    ),
    case(
        "st-astana-power-with-ties-to-israel-2017",
        "Moscow to host new round of talks next week",
        "Russia, which keeps close ties with Israel and Iran alike, said on Monday it would host envoys of the "
        "Syrian government and the opposition at a new round of the Astana talks next week.",
        D(2017, 9, 4),
        ST,
    ),
    case(
        "st-geneva-with-israeli-strike-line-2017",
        "Syria peace talks resume in Geneva amid new strikes",
        "A new round of UN-led Syria peace talks opened in Geneva on Tuesday, with envoy Staffan de Mistura "
        "meeting the government delegation first. Israeli jets struck near Damascus overnight, the Syrian army "
        "said.",
        D(2017, 11, 28),
        ST,
    ),
    # ------------------------------------------------------------ batch 3: forms and more eras
    case(
        "cf-question-headline-sudan-2023",
        "Will Sudan's new truce hold?",
        "Sudan's army and the paramilitary Rapid Support Forces began a seven-day ceasefire on Monday evening, "
        "brokered by Saudi Arabia and the United States in Jeddah. Residents of Khartoum reported sporadic "
        "gunfire within the first hour.",
        D(2023, 5, 22),
        CF,
    ),
    case(
        "cf-karabakh-bishkek-1994",
        "Armenia and Azerbaijan agree Karabakh ceasefire",
        "Armenia, Azerbaijan and the ethnic Armenian leaders of Nagorno-Karabakh agreed on a ceasefire to take "
        "effect on Thursday, after talks mediated by Russia in the Kyrgyz capital. Six years of fighting have "
        "killed thousands.",
        D(1994, 5, 11),
        CF,
    ),
    case(
        "cf-colombia-petro-new-year-2022",
        "Colombia's Petro announces ceasefire with five armed groups",
        "President Gustavo Petro said on Saturday his government had agreed a six-month bilateral ceasefire "
        "with five armed groups, including the ELN guerrillas, as part of his plan for 'total peace'.",
        D(2022, 12, 31),
        CF,
    ),
    case(
        "cf-victory-day-truce-2025",
        "Putin orders three-day truce for Victory Day",
        "Vladimir Putin declared a three-day ceasefire in Ukraine for the Victory Day commemorations from May 8, "
        "the Kremlin said. Kyiv called instead for a truce of at least 30 days.",
        D(2025, 4, 28),
        CF,
    ),
    case(
        "cf-title-case-headline-2014",
        "Israel And Hamas Agree To Open-Ended Cease-Fire In Gaza, Egypt Says",
        "Israel and Hamas accepted an Egyptian proposal for an open-ended truce on Tuesday, ending seven weeks "
        "of fighting in the Gaza Strip, Egypt's foreign ministry said.",
        D(2014, 8, 26),
        CF,
    ),
    case(
        "cf-headline-with-site-suffix-2016",
        "Yemen's warring parties begin truce ahead of Kuwait talks - Middle East Eye",
        "A nationwide cessation of hostilities took effect in Yemen at midnight on Sunday, a week before peace "
        "talks are due to open in Kuwait. Residents of Taiz reported shelling shortly afterwards.",
        D(2016, 4, 11),
        CF,
    ),
    case(
        "not-cf-libya-skhirat-unity-deal-2015",
        "Libya's rival factions sign UN deal on unity government",
        "Delegates from Libya's rival parliaments signed a UN-brokered agreement in the Moroccan town of Skhirat "
        "on Thursday to form a national unity government. Leaders of both assemblies stayed away.",
        D(2015, 12, 17),
    ),
    case(
        "us-kremlin-denies-call-2024",
        "Kremlin denies Putin and Trump spoke by phone",
        "The Kremlin on Monday denied a report that Vladimir Putin and President-elect Donald Trump had spoken "
        "by phone, calling it pure fiction. Spokesman Dmitry Peskov said there were no concrete plans yet for a "
        "conversation.",
        None,
        US,
    ),
    case(
        "us-trump-invites-putin-2018",
        "Trump invites Putin to Washington for autumn talks",
        "President Donald Trump has asked his national security adviser to invite Vladimir Putin to Washington "
        "in the autumn, the White House said on Thursday, days after their Helsinki summit.",
        D(2018, 7, 19),
        US,
    ),
    case(
        "us-clinton-yeltsin-istanbul-osce-1999",
        "Clinton and Yeltsin clash over Chechnya in Istanbul",
        "President Bill Clinton and President Boris Yeltsin held a tense meeting on the sidelines of the OSCE "
        "summit in Istanbul on Thursday, with Clinton pressing for a political solution in Chechnya.",
        D(1999, 11, 18),
        US,
    ),
    case(
        "not-us-ambassador-meets-under-secretary-2021",
        "Russian ambassador holds talks at State Department",
        "Russian Ambassador Anatoly Antonov met Under Secretary of State Victoria Nuland in Washington on "
        "Monday to discuss the work of the two countries' embassies, the Russian embassy said.",
        D(2021, 10, 18),
    ),
    case(
        "not-st-karabakh-talks-in-kazakhstan-2024",
        "Armenia and Azerbaijan hold peace talks in Kazakhstan",
        "The foreign ministers of Armenia and Azerbaijan held two days of peace talks in Almaty, Kazakhstan, "
        "ending on Saturday. Kazakhstan also hosted the long-running Astana talks on Syria.",
        D(2024, 5, 11),
    ),
    case(
        "st-caps-dateline-syria-talks",
        "GENEVA TALKS ON SYRIA POSTPONED",
        "GENEVA, Feb 25 (Reuters) - The next round of UN-led talks between the Syrian government and the "
        "opposition has been postponed by two weeks, the UN envoy's office said on Thursday.",
        D(2016, 2, 25),
        ST,
    ),
    # A venue's record of hosting the Syria talks, in another story's lead: background.
    case(
        "not-st-yemen-geneva-venue-record-2018",
        "Yemen peace consultations to open in Geneva",
        "The UN envoy for Yemen said consultations between the government and the Houthis would open in Geneva "
        "on Thursday. The Swiss city has also hosted years of UN-led talks on Syria, which opened in 2012.",
        D(2018, 9, 5),
    ),
    case(
        "st-kazakhstan-hosts-new-round-2018",
        "Kazakhstan hosts new round of Astana talks on Syria",
        "Kazakhstan hosted a new round of the Astana talks on Syria on Tuesday, with delegations from Russia, "
        "Iran and Turkey meeting the Syrian government and the armed opposition.",
        D(2018, 5, 15),
        ST,
    ),
    # ------------------------------------------------------------ batch 4
    case(
        "cf-lebanon-deadline-extended-2025",
        "Lebanon-Israel truce deadline extended to February 18",
        "The White House said on Sunday that the arrangement between Lebanon and Israel would remain in effect "
        "until February 18. Under the November truce, Israeli forces were to have withdrawn from southern "
        "Lebanon within 60 days.",
        D(2025, 1, 26),
        CF,
    ),
    case(
        "cf-karabakh-us-brokered-2020",
        "Armenia and Azerbaijan agree US-brokered humanitarian ceasefire",
        "Armenia and Azerbaijan agreed to a humanitarian ceasefire from Monday morning after talks in "
        "Washington, the two governments and the State Department said in a joint statement.",
        D(2020, 10, 25),
        CF,
    ),
    case(
        "not-cf-streaming-blackout-ceasefire",
        "Ceasefire in the carriage wars as broadcaster and cable firm end blackout",
        "A broadcaster and a large cable company agreed a new carriage deal on Monday, ending a ten-day "
        "blackout that had kept channels off millions of screens. Both sides called the ceasefire a win for "
        "viewers.",
        None,
    ),
    case(
        "not-cf-celebrity-feud-ceasefire",
        "Billionaire and rapper declare ceasefire in online feud",
        "A tech billionaire and a rapper said on Friday they had called a ceasefire in their weeks-long feud on "
        "social media, deleting a string of insulting posts. Fans were unconvinced the peace would last.",
        None,
    ),
    case(
        "st-moscow-consultations-2015",
        "Syrian government and opposition figures meet in Moscow",
        "Representatives of the Syrian government and some opposition figures began talks in Moscow on Monday "
        "aimed at reviving peace negotiations. The main opposition coalition boycotted the meeting.",
        D(2015, 1, 26),
        ST,
    ),
    case(
        "st-cairo-opposition-roadmap-2015",
        "Syrian opposition figures in Cairo agree roadmap for talks",
        "Syrian opposition figures meeting in Cairo on Tuesday agreed a roadmap for a negotiated settlement "
        "with the government in Damascus, based on the 2012 Geneva communique.",
        D(2015, 6, 9),
        ST,
    ),
    # A "ceasefire" in a feud or a business "war" with no fighting in the story is a metaphor; a
    # war story that also names a feud keeps its ceasefire.
    case(
        "not-cf-price-war-ceasefire",
        "Airlines call ceasefire in transatlantic price war",
        "Two of Europe's biggest airlines signalled a ceasefire on Tuesday in the price war on transatlantic "
        "routes, raising fares for the autumn. Analysts said the ceasefire would help margins.",
        None,
    ),
    case(
        "cf-gaza-ceasefire-with-coalition-feud-2025",
        "Gaza ceasefire holds as coalition feud deepens in Israel",
        "The Gaza ceasefire held for a third day on Tuesday as Hamas released more hostages. In Jerusalem, a "
        "feud between coalition partners over the deal threatened the government.",
        D(2025, 1, 21),
        CF,
    ),
    case(
        "cf-states-ceasefire-with-feud-2025",
        "Russia and Ukraine agree energy ceasefire amid feud over terms",
        "Russia and Ukraine agreed on Tuesday to a 30-day ceasefire on strikes against energy facilities, the "
        "White House said. A feud over which facilities were covered broke out within hours.",
        D(2025, 3, 25),
        CF,
    ),
    case(
        "cf-hyphen-at-line-break",
        "Ceasefire takes effect in Tigray",
        "A cease-\nfire between Ethiopia's federal government and Tigrayan forces took effect on Thursday, "
        "the African Union said.\nAid convoys are expected to move within days.",
        D(2022, 11, 3),
        CF,
    ),
    case(
        "us-double-space-in-name",
        "Biden,  Putin  to hold video call on Tuesday",
        "US President Joe  Biden and Russian President Vladimir  Putin will hold a video call on Tuesday, "
        "the White House said.\tThe Kremlin confirmed the date.",
        D(2021, 12, 4),
        US,
    ),
    # ------------------------------------------------------------ batch 5: us-russia-summit phrasings
    case(
        "us-putin-ready-to-meet-undated",
        "Putin says he is ready to meet the US president",
        "Vladimir Putin said on Wednesday he was ready to meet the US president at any time, but that the "
        "initiative should come from Washington. A Kremlin aide said no dates had been discussed.",
        None,
        US,
    ),
    case(
        "us-blinken-no-plans-to-meet-lavrov-2023",
        "Blinken has no plans to meet Lavrov at G20 talks",
        "Secretary of State Antony Blinken has no plans to meet Russian Foreign Minister Sergei Lavrov on the "
        "sidelines of the G20 foreign ministers' meeting in New Delhi, a State Department official said.",
        D(2023, 2, 28),
        US,
    ),
    case(
        "us-tillerson-lavrov-osce-vienna-2017",
        "Tillerson and Lavrov meet on sidelines of OSCE in Vienna",
        "Secretary of State Rex Tillerson and Russian Foreign Minister Sergei Lavrov held talks on the "
        "sidelines of the OSCE ministerial meeting in Vienna on Thursday, focusing on eastern Ukraine.",
        D(2017, 12, 7),
        US,
    ),
    case(
        "us-en-dash-pair-summit-2018",
        "Russia\u2013US summit set for Helsinki on July 16",
        "The Kremlin and the White House announced on Thursday that the Russia\u2013US summit would be held in "
        "Helsinki on July 16. Aides are preparing an agenda.",
        D(2018, 6, 28),
        US,
    ),
    case(
        "us-secy-fm-short-titles-2019",
        "Secy Pompeo, FM Lavrov talk by phone",
        "US Secy of State Mike Pompeo and Russian FM Sergei Lavrov talked by phone on Saturday about "
        "Venezuela and arms control, the State Department said.",
        D(2019, 5, 4),
        US,
    ),
    case(
        "not-us-trump-on-zelensky-call-2025",
        "Trump says Putin may not like what he hears after Zelensky call",
        "Donald Trump said on Friday he had a very good call with Volodymyr Zelensky and that Vladimir Putin "
        "might not like some of what was agreed. He did not say whether he planned to speak with Putin.",
        D(2025, 7, 4),
    ),
    case(
        "not-us-both-at-asean-no-talks-2023",
        "Blinken and Lavrov both in Jakarta for ASEAN talks",
        "Antony Blinken and Sergei Lavrov were both in Jakarta on Thursday for meetings of ASEAN and its "
        "partners, where Lavrov accused the West of militarising Asia.",
        D(2023, 7, 13),
    ),
    # ------------------------------------------------------------ batch 6: syria-talks phrasings
    case(
        "st-cf-russia-turkey-nationwide-2016",
        "Russia and Turkey broker nationwide Syria truce, talks to follow",
        "A nationwide ceasefire brokered by Russia and Turkey took effect across Syria at midnight, with peace "
        "talks between the government and rebel groups planned in the Kazakh capital next month. Several "
        "rebel factions said they would abide by it.",
        D(2016, 12, 30),
        ST,
        CF,
    ),
    case(
        "st-kurds-excluded-from-geneva-2016",
        "Syrian Kurds say they were excluded from Geneva talks",
        "The main Syrian Kurdish party said on Saturday it had been excluded from the UN-led peace talks in "
        "Geneva under pressure from Turkey. The party's leader said no settlement in Syria could work without "
        "the Kurds.",
        D(2016, 1, 30),
        ST,
    ),
    case(
        "st-hnc-chief-resigns-2017",
        "Syrian opposition negotiations chief Hijab resigns",
        "Riad Hijab, who led the High Negotiations Committee of the Syrian opposition, resigned on Monday "
        "days before a meeting in Riyadh meant to prepare for the next round of Geneva talks.",
        D(2017, 11, 20),
        ST,
    ),
    case(
        "not-st-sharaa-riyadh-visit-2025",
        "Syria's new leader visits Saudi Arabia on first trip abroad",
        "Syria's interim president Ahmed al-Sharaa arrived in Riyadh on Sunday on his first foreign trip since "
        "taking power, and met Crown Prince Mohammed bin Salman. Saudi Arabia has pledged to help rebuild the "
        "Syrian economy.",
        D(2025, 2, 2),
    ),
    case(
        "not-st-astana-renamed-2019",
        "Kazakhstan renames capital Astana after Nazarbayev",
        "Kazakhstan's parliament voted on Wednesday to rename the capital Astana as Nur-Sultan in honour of "
        "Nursultan Nazarbayev, who resigned as president a day earlier.",
        D(2019, 3, 20),
    ),
    # ------------------------------------------------------------ batch 7: forms
    case(
        "cf-very-long-sentence-1997",
        "Fighting eases in Congo-Brazzaville",
        "After weeks in which the militias loyal to the president and those of his predecessor shelled each "
        "other's districts of Brazzaville with heavy artillery, leaving hundreds dead and tens of thousands "
        "homeless, mediators from Gabon said on Friday that both camps had accepted a ceasefire to run for at "
        "least a week while talks on a political settlement continue, although residents said that sporadic "
        "gunfire could still be heard after dark.",
        D(1997, 7, 11),
        CF,
    ),
    case(
        "us-subject-only-in-headline-2016",
        "Kerry and Lavrov to meet in Geneva on Friday",
        "Syria's government said on Wednesday its forces had retaken several villages south of Aleppo. "
        "Rebels said they had repelled an attack near Hama.",
        D(2016, 8, 24),
        US,
    ),
    case(
        "us-no-headline-two-body-sentences-2025",
        "",
        "Oil prices rose on Tuesday as traders weighed new US sanctions on Russian exporters. Brent crude "
        "gained 1.2% by midday.\n\nDonald Trump and Vladimir Putin spoke by phone for two hours, the "
        "Kremlin said. The call focused on a limited ceasefire on energy targets in Ukraine.",
        D(2025, 3, 18),
        US,
    ),
    case(
        "not-us-no-headline-one-passing-line-2025",
        "",
        "Oil prices rose on Tuesday as traders weighed new US sanctions on Russian exporters. Brent crude "
        "gained 1.2% by midday.\n\nAnalysts said sentiment was fragile. Markets have swung since Donald "
        "Trump and Vladimir Putin spoke by phone last month. Gold was little changed.",
        D(2025, 4, 15),
    ),
    case(
        "us-negated-headline-2022",
        "Kremlin says Putin will not meet Biden at G20",
        "The Kremlin said on Thursday that Vladimir Putin would not travel to the G20 summit in Bali and had "
        "no plans to meet President Joe Biden there.",
        D(2022, 11, 10),
        US,
    ),
    # ------------------------------------------------------------ batch 8: more conflicts
    case(
        "cf-ethiopia-eritrea-algiers-2000",
        "Ethiopia and Eritrea sign cessation of hostilities in Algiers",
        "Ethiopia and Eritrea signed an agreement on a cessation of hostilities in Algiers on Sunday, ending two "
        "years of border war. UN peacekeepers will patrol a buffer zone along the frontier.",
        D(2000, 6, 18),
        CF,
    ),
    case(
        "cf-iran-iraq-1988",
        "Guns fall silent as Iran-Iraq ceasefire takes effect",
        "A UN-arranged ceasefire took effect on the Iran-Iraq front on Saturday, ending eight years of war. UN "
        "military observers began deploying along the border.",
        D(1988, 8, 20),
        CF,
    ),
    case(
        "cf-nepal-maoists-2006",
        "Nepal government and Maoist rebels declare ceasefire",
        "Nepal's new government announced an indefinite ceasefire on Wednesday, matching a three-month truce "
        "declared by Maoist rebels last week, and said it would invite them to peace talks.",
        D(2006, 5, 3),
        CF,
    ),
    case(
        "cf-uganda-lra-juba-2006",
        "Uganda and LRA rebels sign truce in Juba",
        "Uganda's government and the Lord's Resistance Army signed a cessation of hostilities agreement in Juba "
        "on Saturday, raising hopes of an end to two decades of war in the north.",
        D(2006, 8, 26),
        CF,
    ),
    case(
        "cf-afghan-partial-truce-2020",
        "Partial truce begins in Afghanistan ahead of US-Taliban deal",
        "A week-long partial truce between US and Afghan forces and the Taliban began at midnight on Friday, "
        "meant to pave the way for a deal in Doha on the withdrawal of US troops.",
        D(2020, 2, 21),
        CF,
    ),
    case(
        "cf-mozambique-renamo-2016",
        "Mozambique's Renamo extends truce",
        "Mozambique's former rebel movement Renamo said on Tuesday it would extend a truce with government "
        "forces by two months to allow peace talks to continue. Clashes in the central provinces have killed "
        "dozens this year.",
        D(2016, 12, 27),
        CF,
    ),
    case(
        "not-cf-korea-armistice-anniversary-2023",
        "North Korea marks 70 years since Korean War with parade",
        "North Korea staged a military parade in Pyongyang on Thursday to mark 70 years since the end of the "
        "Korean War, with Chinese and Russian delegations watching. Kim Jong Un presented new drones and "
        "missiles.",
        D(2023, 7, 27),
    ),
    # ------------------------------------------------------------ typography and formats
    case(
        "cf-nb-hyphen-u2011",
        "Yemen cease\u2011fire extended for two months",
        "Yemen's warring parties agreed on Thursday to extend a nationwide cease\u2011fire for two more months, "
        "the UN envoy said. The truce has brought the longest lull in fighting since the war began.",
        D(2022, 6, 2),
        CF,
    ),
    case(
        "cf-en-dash-cease-fire",
        "Cease\u2013fire takes effect in Nagorno\u2013Karabakh",
        "A cease\u2013fire agreed in Moscow between Armenia and Azerbaijan took effect at noon on Saturday, "
        "although both sides accused each other of shelling within minutes.",
        D(2020, 10, 10),
        CF,
    ),
    case(
        "cf-html-entities-dateline",
        "Israel &amp; Hezbollah ceasefire holds on first day",
        "BEIRUT, Nov 27 (Reuters) -  A ceasefire between Israel &amp; Hezbollah held on Wednesday as displaced "
        "families began heading back to southern Lebanon.  The army warned residents not to approach "
        "villages near the border.",
        D(2024, 11, 27),
        CF,
    ),
    case(
        "us-curly-quotes-dateline",
        "\u201cProductive\u201d call between Trump and Putin, Kremlin says",
        "MOSCOW, March 18 (Reuters) - Russian President Vladimir Putin and U.S. President Donald Trump spoke by "
        "phone for more than two hours on Tuesday, in what the Kremlin called a \u201cdetailed and frank\u201d "
        "conversation. Putin\u2019s aide Yuri Ushakov said the two leaders agreed to keep in contact.",
        D(2025, 3, 18),
        US,
    ),
    case(
        "st-windows-line-endings",
        "Syria talks resume in Geneva",
        "GENEVA (AP) \u2014 UN-mediated talks between the Syrian government and the opposition resumed in "
        "Geneva on Monday.\r\n\r\nUN envoy Staffan de Mistura met the government delegation first and was due "
        "to see the opposition later in the day.\r\n",
        D(2016, 3, 14),
        ST,
    ),
    case(
        "us-all-caps-headline",
        "LAVROV AND BLINKEN MEET IN GENEVA AS UKRAINE TENSIONS RISE",
        "Secretary of State Antony Blinken and Russian Foreign Minister Sergei Lavrov met in Geneva on Friday "
        "for talks that both sides described as frank. No breakthrough was reported.",
        D(2022, 1, 21),
        US,
    ),
    case(
        "not-cf-nb-hyphen-trade",
        "U.S.\u2011China trade cease\u2011fire extended",
        "Washington and Beijing agreed on Monday to extend their tariff cease\u2011fire for another 90 days, "
        "putting off steep increases in duties on each other\u2019s goods.",
        D(2025, 8, 11),
    ),
]


@pytest.mark.parametrize(("title", "body", "date", "expected"), CASES)
def test_written_example_gets_exactly_its_topics(
    title: str, body: str, date: dt.date | None, expected: frozenset[str]
) -> None:
    assert headline_first(title, body, date) == expected


# The same texts as a feed item with no headline (the body's first paragraph on the first line):
# the lead alone must carry the subject.
BODY_ONLY = [
    "cf-chechnya-khasavyurt-1996",
    "cf-ira-cessation-no-ceasefire-word-1994",
    "cf-gaza-tactical-pause-2024",
    "cf-html-entities-dateline",
    "not-cf-patent-battle-truce-2015",
    "us-clinton-lavrov-reset-2009",
    "us-powell-ivanov-iraq-2003",
    "us-curly-quotes-dateline",
    "not-us-council-meeting-adopts-resolution-2022",
    "not-st-israel-syria-indirect-talks-2008",
    "not-st-yemen-geneva-venue-record-2018",
    "st-windows-line-endings",
]


@pytest.mark.parametrize("case_id", BODY_ONLY)
def test_text_without_its_headline_gets_the_same_topics(case_id: str) -> None:
    found, expected = body_only(CASES, case_id)
    assert found == expected

"""Round 4 of the generalisation audit: precision on look-alikes, and recent events.

Short probe-style wire stories (headline and two to five sentences) written for issue 11 about
public events. About half are negatives that share a topic's vocabulary but are not the topic
under ../shared/TOPICS.md: US-Russia prisoner swaps, embassy-work delegations, sanctions, space
cooperation, arms-control experts, the NATO-Russia Council, a G20 attended by both without a
meeting, one leader talking about the other in an interview; Syria stories that are not talks
(chemical-weapons inspections, earthquake aid, refugee returns, Captagon, Israeli strikes, a US
troop withdrawal, sanctions relief, the Arab League readmission, the transitional government's
domestic news); "ceasefire" and "truce" outside armed conflict (sport, a celebrity feud, a union
dispute, a price war, parliament, a past armistice's memorial, a ceasefire line as a place, a
passing mention in an unrelated story). The positives are recent ceasefires and US-Russia
contacts (Israel-Hezbollah 2024, India-Pakistan 2025, Gaza's 2025 phases, Thailand-Cambodia 2025,
the 2025 energy and Black Sea ceasefires, DRC-M23 2025, Sudan truce proposals). No sentence is
copied from a source or from the labelled sets in ../shared. Each case gives its whole expected
set under TOPICS.md.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_tagging_support import CF, ST, US, D, body_only, case, headline_first

CASES = [
    # ------------------------------------------------------------ us-russia-summit look-alikes
    case(
        "not-us-spy-swap-vienna-2010",
        "US and Russia swap ten spies on Vienna airport tarmac",
        "Ten people arrested in the United States as Russian sleeper agents were flown to Vienna on Friday "
        "and exchanged for four Russians convicted of spying for the West. The two planes stood side by side "
        "on the tarmac for about an hour before leaving for Moscow and London.",
        D(2010, 7, 9),
    ),
    case(
        "not-us-griner-bout-swap-2022",
        "Brittney Griner freed in exchange for arms dealer Viktor Bout",
        "American basketball star Brittney Griner was released by Russia on Thursday in exchange for Viktor "
        "Bout, the arms dealer serving a 25-year sentence in the United States. The swap took place at the "
        "airport in Abu Dhabi, and Griner was on her way home to Texas, the White House said.",
        D(2022, 12, 8),
    ),
    case(
        "not-us-gershkovich-swap-ankara-2024",
        "Gershkovich among prisoners freed in biggest East-West swap since Cold War",
        "Wall Street Journal reporter Evan Gershkovich and former Marine Paul Whelan were among 16 people "
        "released by Russia on Thursday in a prisoner exchange carried out in Ankara. In return, Germany "
        "freed a Russian convicted of a murder in a Berlin park, and several other countries released "
        "Russian agents. The exchange followed months of secret negotiations between intelligence services.",
        D(2024, 8, 1),
    ),
    case(
        "not-us-istanbul-embassy-delegations-2025",
        "US and Russian delegations hold second round of embassy talks in Istanbul",
        "Diplomats from the United States and Russia met at the Russian consul general's residence in "
        "Istanbul on Thursday for a second round of talks on restoring the normal work of their embassies. "
        "The discussions covered visas for diplomats, banking access for missions and the return of seized "
        "diplomatic property, the Russian foreign ministry said.",
        D(2025, 4, 10),
    ),
    case(
        "not-us-sanctions-announcement-2024",
        "US announces sweeping new sanctions on Russia's oil trade",
        "The Treasury Department on Friday imposed sanctions on two large Russian oil producers and more than "
        "180 tankers of the so-called shadow fleet. Officials said the measures were meant to cut the revenue "
        "Moscow uses to pay for the war in Ukraine. The Kremlin called the sanctions an attempt to damage "
        "relations before the change of administration in Washington.",
        D(2025, 1, 10),
    ),
    case(
        "not-us-iss-seat-swap-2022",
        "NASA and Roscosmos agree to swap seats on flights to the space station",
        "NASA and Russia's space agency Roscosmos signed an agreement on Friday allowing Russian cosmonauts to "
        "fly on American spacecraft and US astronauts on Soyuz rockets. The seat exchange keeps both countries "
        "able to reach the International Space Station if one vehicle is grounded.",
        D(2022, 7, 15),
    ),
    case(
        "not-us-nato-russia-council-2022",
        "NATO-Russia Council meets in Brussels amid troop build-up",
        "Envoys of NATO's 30 members and Russia met in Brussels on Wednesday for the first session of the "
        "NATO-Russia Council in more than two years. Deputy Foreign Minister Alexander Grushko led the Russian "
        "delegation; US Deputy Secretary of State Wendy Sherman attended for Washington. NATO Secretary General "
        "Jens Stoltenberg said there were significant differences that would not be easy to bridge.",
        D(2022, 1, 12),
    ),
    case(
        "not-us-g20-both-attend-no-meeting-2022",
        "Lavrov walks out as G20 foreign ministers meet in Bali",
        "Russian Foreign Minister Sergei Lavrov left a G20 foreign ministers' meeting in Bali on Friday after "
        "Western ministers condemned the war in Ukraine. Secretary of State Antony Blinken, who attended the same "
        "session, stayed in his seat as Lavrov left the room.",
        D(2022, 7, 8),
    ),
    case(
        "not-us-interview-about-other-leader-2023",
        "Biden calls Putin a pariah in television interview",
        "President Joe Biden said in an interview broadcast on Sunday that Russian President Vladimir Putin had "
        "made himself an international pariah by invading Ukraine. Biden told the network that Putin had "
        "miscalculated badly and that the Russian leader could not be trusted.",
        D(2023, 3, 19),
    ),
    case(
        "not-us-arms-control-experts-2023",
        "Russia suspends participation in New START inspections",
        "Russia said on Tuesday it would no longer allow American inspectors to visit its nuclear weapons sites "
        "under the New START treaty. The State Department said Moscow was failing to meet its obligations and "
        "called on Russia to return to compliance.",
        D(2023, 2, 21),
    ),
    # ------------------------------------------------------------ us-russia-summit positives
    case(
        "us-summit-cancelled-2013",
        "Obama cancels Moscow summit with Putin over Snowden asylum",
        "President Barack Obama called off a planned summit with Russian President Vladimir Putin in Moscow next "
        "month, the White House said on Wednesday. Officials cited Russia's decision to grant asylum to Edward "
        "Snowden and a lack of progress on arms control and trade.",
        D(2013, 8, 7),
        US,
    ),
    case(
        "us-riyadh-rubio-lavrov-2025",
        "Rubio and Lavrov hold talks in Riyadh",
        "Secretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov met in Riyadh on Tuesday for "
        "more than four hours of talks on restoring relations and ending the war in Ukraine. Both sides agreed "
        "to appoint teams to work on a settlement.",
        D(2025, 2, 18),
        US,
    ),
    case(
        "us-alaska-summit-2025",
        "Trump and Putin meet in Alaska",
        "President Donald Trump and Russian President Vladimir Putin met at a military base in Anchorage on "
        "Friday for their first summit since Trump returned to office. The two leaders spoke for nearly three "
        "hours but announced no agreement on Ukraine.",
        D(2025, 8, 15),
        US,
    ),
    case(
        "us-summit-proposed-2021",
        "Biden proposes summit with Putin in phone call",
        "President Joe Biden proposed a summit meeting with Vladimir Putin in a third country in the coming "
        "months, the White House said on Tuesday after the two presidents spoke by phone. The Kremlin said the "
        "leaders discussed arms control and the situation in eastern Ukraine.",
        D(2021, 4, 13),
        US,
    ),
    # ------------------------------------------------------------ syria-talks look-alikes
    case(
        "not-st-opcw-inspectors-douma-2018",
        "Chemical weapons inspectors reach site of suspected Douma attack",
        "Inspectors from the Organisation for the Prohibition of Chemical Weapons visited the Syrian town of "
        "Douma on Saturday to collect samples from the site of a suspected poison gas attack. The team had been "
        "held up for days by what Russian and Syrian officials called security concerns.",
        D(2018, 4, 21),
    ),
    case(
        "not-st-earthquake-border-crossing-2023",
        "Syria agrees to open two more border crossings for quake aid",
        "The Syrian government agreed on Monday to let the United Nations deliver earthquake aid to the rebel-held "
        "northwest through two more border crossings from Turkey for three months. UN chief Antonio Guterres "
        "welcomed the decision, saying more aid was urgently needed for survivors.",
        D(2023, 2, 13),
    ),
    case(
        "not-st-refugee-returns-lebanon-2024",
        "Thousands of Syrian refugees return from Lebanon",
        "Thousands of Syrian refugees crossed back into Syria from Lebanon this week, the UN refugee agency said, "
        "as some families decided conditions at home were safe enough. Aid groups warned that many returnees "
        "found their houses destroyed and few jobs.",
        D(2024, 12, 20),
    ),
    case(
        "not-st-captagon-seizure-jordan-2023",
        "Jordan seizes millions of Captagon pills smuggled from Syria",
        "Jordanian border guards seized more than two million Captagon pills hidden in a truck coming from "
        "Syria, the army said on Sunday. Officials accuse smuggling gangs with ties to armed groups in southern "
        "Syria of flooding the Gulf with the amphetamine.",
        D(2023, 5, 14),
    ),
    case(
        "not-st-israeli-strikes-damascus-2024",
        "Israeli strikes hit weapons depots near Damascus",
        "Israeli warplanes struck weapons depots and air defence sites near Damascus overnight, Syrian state "
        "media said on Monday. A war monitor said several soldiers were killed. Israel rarely comments on "
        "individual strikes in Syria.",
        D(2024, 12, 9),
    ),
    case(
        "not-st-us-troop-withdrawal-2025",
        "US begins reducing troop numbers in northeast Syria",
        "The United States has begun withdrawing hundreds of troops from bases in northeastern Syria, the Pentagon "
        "said on Friday, cutting its presence to fewer than a thousand. Officials said the forces left behind "
        "would continue to work with local partners against the Islamic State group.",
        D(2025, 4, 18),
    ),
    case(
        "not-st-caesar-sanctions-relief-2025",
        "US lifts sanctions on Syria under new executive order",
        "President Donald Trump signed an order on Monday ending most US sanctions on Syria, the Treasury said, "
        "while keeping measures against Bashar al-Assad and his associates. Syrian officials said the move would "
        "open the way for reconstruction money and foreign investment. Congress is still debating repeal of the "
        "Caesar Act.",
        D(2025, 6, 30),
    ),
    case(
        "not-st-arab-league-readmission-2023",
        "Arab League readmits Syria after 12-year suspension",
        "Arab foreign ministers meeting in Cairo on Sunday voted to restore Syria's membership of the Arab League, "
        "more than a decade after it was suspended. The decision clears the way for Bashar al-Assad to attend the "
        "league's summit in Saudi Arabia this month.",
        D(2023, 5, 7),
    ),
    case(
        "not-st-transitional-cabinet-2025",
        "Syria's interim president names new cabinet",
        "Syrian interim President Ahmed al-Sharaa announced a new 23-member government in Damascus on Saturday, "
        "replacing the caretaker cabinet formed after the fall of Bashar al-Assad. The ministers include a "
        "woman and members of the Alawite, Druze and Kurdish communities.",
        D(2025, 3, 29),
    ),
    # ------------------------------------------------------------ syria-talks positives (recent)
    case(
        "st-pedersen-constitutional-committee-2022",
        "Syrian constitutional committee ends eighth round in Geneva",
        "The Syrian constitutional committee wrapped up its eighth round of talks in Geneva on Friday without "
        "agreeing on any text, UN envoy Geir Pedersen said. Delegations of the government, the opposition and "
        "civil society discussed draft principles for a new constitution.",
        D(2022, 6, 3),
        ST,
    ),
    # ------------------------------------------------------------ ceasefire look-alikes
    case(
        "not-cf-football-club-truce-2024",
        "Club and manager call truce after touchline row",
        "The club's chairman and its manager said on Tuesday they had agreed a ceasefire after a week of public "
        "sniping over transfer spending. The pair shook hands before training and said they would settle "
        "differences in private from now on.",
        D(2024, 9, 3),
    ),
    case(
        "not-cf-celebrity-feud-ceasefire-2025",
        "Pop stars declare ceasefire in long-running social media spat",
        "Two of the biggest names in pop music have ended their row, posting a joint photo with the caption "
        '"ceasefire" on Wednesday. Fans of both singers had traded insults online for months.',
        D(2025, 2, 12),
    ),
    case(
        "not-cf-union-strike-truce-2023",
        "Union and rail operator agree truce, suspend strikes",
        "The rail workers' union and the national operator agreed a truce on Thursday, suspending strikes planned "
        "for the holiday period while talks on pay continue. The union said it would ballot members on the offer.",
        D(2023, 12, 14),
    ),
    case(
        "not-cf-supermarket-price-war-2024",
        "Supermarkets call ceasefire in milk price war",
        "Britain's biggest supermarkets have stopped cutting the price of milk after weeks of rivalry that "
        "farmers said left them selling at a loss. Analysts said the retailers had quietly agreed a ceasefire.",
        D(2024, 3, 5),
    ),
    case(
        "not-cf-parliament-truce-2024",
        "Parties agree Christmas truce in parliament",
        "Government and opposition parties agreed on Monday to suspend their parliamentary hostilities until the "
        "new year, allowing the budget to pass without amendments. The truce ends a month of late-night votes "
        "and walkouts.",
        D(2024, 12, 16),
    ),
    case(
        "not-cf-armistice-day-memorial-2024",
        "King lays wreath as nation marks Armistice Day",
        "The King laid a wreath at the Cenotaph on Monday as the country fell silent at 11 o'clock to remember "
        "those who died in the First World War and later conflicts. Veterans marched past in the rain.",
        D(2024, 11, 11),
    ),
    case(
        "not-cf-ceasefire-line-place-name-2025",
        "Tourists flock to villages near the old ceasefire line",
        "Guesthouses in the mountain villages near the old ceasefire line in Cyprus report their busiest summer "
        "in years. Visitors come for hiking trails, wine tours and abandoned churches.",
        D(2025, 7, 20),
    ),
    case(
        "not-cf-passing-mention-markets-2025",
        "Oil prices rise on supply worries",
        "Oil prices rose about 2 percent on Tuesday as traders worried about tighter supply from OPEC members. "
        "Brent crude settled at $74 a barrel. Prices had dipped last week after news of the Gaza ceasefire, "
        "analysts noted. Inventories in the United States fell for a third week.",
        D(2025, 1, 21),
    ),
    case(
        "not-cf-tech-giants-truce-2024",
        "Tech giants end app store dispute with licensing truce",
        "Two of the world's largest technology companies announced a truce on Monday in their dispute over app "
        "store fees, agreeing to a licensing deal. The firms said they would withdraw complaints filed with "
        "regulators in Europe.",
        D(2024, 4, 8),
    ),
    # A "ceasefire" or "truce" between people or clubs that quarrel (2026.12.6: spats, squabbles
    # and public rows are dispute metaphors, and the truce rule takes the same test as the
    # ceasefire-term rule), and its look-alikes: real truces reported beside a row or sniping.
    case(
        "not-cf-coaches-squabble-truce-2025",
        "Rival coaches call truce before derby",
        "The two coaches whose squabble dominated the build-up to Sunday's derby said on Friday they had buried "
        "the hatchet. Both men posed for photographers and joked about their earlier ceasefire talk.",
        D(2025, 10, 3),
    ),
    case(
        "not-cf-tv-hosts-quarrel-2024",
        "Talk show hosts end on-air quarrel with truce",
        "Two late-night hosts announced a truce on Tuesday, ending a quarrel that had run through a month of "
        "monologues. One of them sent the other a fruit basket on air.",
        D(2024, 5, 14),
    ),
    case(
        "cf-gaza-truce-bitter-row-hostage-list-2025",
        "Gaza truce delayed by bitter row over hostage list",
        "The start of the truce between Israel and Hamas was delayed by three hours on Sunday as the two sides "
        "were locked in a bitter row over the list of hostages to be freed first. Israeli strikes continued "
        "until the ceasefire took hold shortly before noon.",
        D(2025, 1, 19),
        CF,
    ),
    case(
        "cf-donbas-truce-sniping-2020",
        "Donbas truce largely holds despite sniping",
        "A truce in eastern Ukraine largely held on its first day on Monday, monitors said, although they "
        "recorded sniping near two front-line villages. The separatists and Ukrainian forces accused each "
        "other of breaking the ceasefire.",
        D(2020, 7, 27),
        CF,
    ),
    # A truce between parties in a legislature (2026.12.6: opposition and ruling parties are a
    # political contest), and a look-alike: a war's ceasefire welcomed by opposition parties.
    case(
        "not-cf-opposition-ends-boycott-truce-2023",
        "Opposition ends boycott in truce with ruling party",
        "Opposition parties returned to the chamber on Wednesday after a two-month boycott, under a truce with "
        "the ruling party that lets a reform bill go to committee. The speaker welcomed the end of the standoff.",
        D(2023, 6, 7),
    ),
    case(
        "cf-myanmar-truce-opposition-welcomes-2023",
        "Myanmar army announces temporary ceasefire after cyclone",
        "Myanmar's military announced a temporary ceasefire with ethnic armed groups on Thursday to allow aid "
        "into areas hit by the cyclone. Opposition parties in exile said the truce must be monitored.",
        D(2023, 5, 18),
        CF,
    ),
    # A halt to attacks agreed without the word "ceasefire" (2026.12.6: rule
    # halt-to-military-action), and look-alikes: labour strikes and military aid.
    case(
        "cf-us-houthis-halt-strikes-2025",
        "US to halt strikes on Houthis under Oman-brokered deal",
        "The United States will stop air strikes on Yemen's Houthis after the group agreed not to target "
        "American ships in the Red Sea, Oman's foreign minister said on Tuesday. The president said the "
        "Houthis had told Washington they no longer wanted to fight.",
        D(2025, 5, 6),
        CF,
    ),
    case(
        "cf-energy-strikes-halt-2025",
        "Putin agrees to halt strikes on Ukraine energy for 30 days",
        "Russian President Vladimir Putin agreed on Tuesday to stop strikes on energy infrastructure in Ukraine "
        "for 30 days, the Kremlin said, but rejected a broader pause. Kyiv said it would honour the moratorium "
        "if Moscow did.",
        D(2025, 3, 18),
        CF,
    ),
    case(
        "not-cf-demand-halt-air-strikes-2019",
        "Aid agencies demand halt to air strikes on Idlib hospitals",
        "Aid agencies called on Thursday for an end to air strikes on hospitals in Syria's Idlib province, "
        "saying more than 20 clinics had been hit in a month. They urged the warring parties to spare medical staff.",
        D(2019, 5, 23),
    ),
    case(
        "cf-energy-attacks-ban-implementation-2025",
        "Moscow and Kyiv to work out how to enforce energy truce",
        "Officials from Russia and Ukraine will meet technical experts to settle how their agreement to ban "
        "attacks on each other's power plants and grid is to be checked, the mediators said on Wednesday. Both "
        "sides have accused the other of breaking it since it began last week.",
        D(2025, 3, 26),
        CF,
    ),
    case(
        "not-cf-pilots-end-strikes-2024",
        "Pilots end strikes after pay deal",
        "Pilots at the national airline ended a series of strikes on Monday after accepting a pay rise of 9 "
        "percent over two years. Flights are expected to return to normal by Wednesday.",
        D(2024, 9, 16),
    ),
    case(
        "not-cf-military-aid-pause-2025",
        "US pauses military aid to Ukraine",
        "The United States has paused all military aid to Ukraine, a White House official said on Monday, days "
        "after a heated Oval Office meeting. Deliveries of weapons not yet in the country are on hold.",
        D(2025, 3, 3),
    ),
    # ------------------------------------------------------------ ceasefire positives (recent)
    case(
        "cf-israel-hezbollah-2024",
        "Israel-Hezbollah ceasefire takes effect in Lebanon",
        "A ceasefire between Israel and Hezbollah took effect at dawn on Wednesday, ending more than a year of "
        "cross-border exchanges. Under the deal brokered by the United States and France, Israeli forces are to "
        "withdraw from southern Lebanon within 60 days as the Lebanese army deploys.",
        D(2024, 11, 27),
        CF,
    ),
    case(
        "cf-india-pakistan-2025",
        "India and Pakistan agree to stop all firing",
        "India and Pakistan agreed on Saturday to a full and immediate halt to military action on land, in the air "
        "and at sea, after four days of missile and drone strikes. Military commanders of the two countries spoke "
        "by hotline to settle the terms.",
        D(2025, 5, 10),
        CF,
    ),
    case(
        "cf-gaza-phase-one-2025",
        "First hostages freed as Gaza truce begins",
        "Three Israeli hostages were handed over in Gaza on Sunday hours after a truce between Israel and Hamas "
        "came into force, and Israel released 90 Palestinian prisoners. The first phase of the deal lasts six "
        "weeks, during which negotiations on a second phase are due to begin.",
        D(2025, 1, 19),
        CF,
    ),
    case(
        "cf-gaza-october-2025",
        "Israeli army pulls back as Gaza ceasefire takes hold",
        "Israeli troops withdrew to agreed lines in Gaza on Friday as a ceasefire under the US peace plan took "
        "effect, and thousands of displaced Palestinians began walking north. Hamas has 72 hours to release the "
        "remaining living hostages.",
        D(2025, 10, 10),
        CF,
    ),
    case(
        "cf-thailand-cambodia-2025",
        "Thailand and Cambodia agree unconditional ceasefire",
        "Thailand and Cambodia agreed on Monday to an immediate and unconditional ceasefire after five days of "
        "border clashes that killed more than 30 people, at talks hosted by Malaysia's prime minister in "
        "Putrajaya.",
        D(2025, 7, 28),
        CF,
    ),
    case(
        "cf-black-sea-2025",
        "US says Russia and Ukraine agree to halt strikes at sea",
        "Russia and Ukraine have agreed to stop military strikes in the Black Sea and ensure safe navigation, the "
        "White House said on Tuesday after separate talks with both delegations in Riyadh. Moscow said the deal "
        "would take effect only once some sanctions on its farm exports were lifted.",
        D(2025, 3, 25),
        CF,
    ),
    case(
        "cf-drc-m23-doha-2025",
        "Congo and M23 rebels sign truce declaration in Doha",
        "The Democratic Republic of Congo and the M23 rebel group signed a declaration of principles in Doha on "
        "Saturday committing both sides to a permanent ceasefire in eastern Congo. Qatar, which mediated the "
        "talks, said a final peace agreement should follow within weeks.",
        D(2025, 7, 19),
        CF,
    ),
    case(
        "cf-sudan-humanitarian-truce-proposal-2025",
        "Quartet proposes three-month humanitarian truce in Sudan",
        "The United States, Saudi Arabia, Egypt and the UAE called on Friday for a three-month humanitarian truce "
        "in Sudan's war, to be followed by a permanent ceasefire. The army and the paramilitary Rapid Support "
        "Forces have not yet said whether they accept the plan.",
        D(2025, 9, 12),
        CF,
    ),
    case(
        "cf-putin-easter-truce-2025",
        "Putin orders Easter pause in fighting in Ukraine",
        "Russian President Vladimir Putin ordered his forces to stop combat operations in Ukraine for 30 hours "
        "over Easter, the Kremlin said on Saturday. Ukraine's president said Russian shelling continued in "
        "several places after the pause began.",
        D(2025, 4, 19),
        CF,
    ),
    # ------------------------------------------------------------ batch 2 (run before any fix)
    case(
        "not-us-virtual-climate-summit-2021",
        "Biden opens virtual climate summit with 40 world leaders",
        "President Joe Biden opened a two-day virtual summit on climate change on Thursday, pledging to halve US "
        "emissions by 2030. Chinese President Xi Jinping and Russian President Vladimir Putin were among the "
        "leaders who spoke by video link.",
        D(2021, 4, 22),
    ),
    case(
        "not-us-soyuz-joint-crew-2023",
        "American astronaut and two cosmonauts launch to space station",
        "A Soyuz rocket carrying NASA astronaut Loral O'Hara and two Russian cosmonauts lifted off from Baikonur "
        "on Friday and docked with the International Space Station three hours later. Space remains one of the "
        "few areas where the two countries still work together.",
        D(2023, 9, 15),
    ),
    case(
        "not-us-peskov-on-trump-remarks-2025",
        "Kremlin shrugs off Trump's criticism of Putin",
        "The Kremlin said on Monday it was calm about President Donald Trump's remark that he was disappointed "
        "with Vladimir Putin. Spokesman Dmitry Peskov said Trump was known for his direct style of speaking.",
        D(2025, 7, 14),
    ),
    case(
        "us-trump-putin-phone-2025",
        "Trump and Putin speak by phone, agree to start Ukraine talks",
        "President Donald Trump said he had a long and highly productive phone call with Russian President "
        "Vladimir Putin on Wednesday, and that the two had agreed to have their teams start negotiations at once.",
        D(2025, 2, 12),
        US,
    ),
    case(
        "us-rubio-lavrov-call-budapest-2025",
        "Rubio and Lavrov discuss planned Budapest summit by phone",
        "Secretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov spoke by phone on Monday to "
        "prepare a summit between their presidents in Budapest, the Russian foreign ministry said.",
        D(2025, 10, 20),
        US,
    ),
    case(
        "not-st-un-cross-border-aid-vote-2022",
        "Security Council extends Syria aid through Turkish border crossing",
        "The UN Security Council voted on Tuesday to keep the Bab al-Hawa crossing from Turkey open for UN aid "
        "deliveries to northwest Syria for six more months. Russia had threatened to veto a longer extension.",
        D(2022, 7, 12),
    ),
    case(
        "not-st-assad-falls-2024",
        "Assad flees Syria as rebels enter Damascus",
        "Syrian President Bashar al-Assad left the country on Sunday as rebel fighters swept into Damascus, ending "
        "his family's five decades of rule. Crowds gathered in the capital's main squares to celebrate.",
        D(2024, 12, 8),
    ),
    case(
        "not-st-shaibani-riyadh-investment-2025",
        "Syrian foreign minister seeks Saudi investment in Riyadh visit",
        "Syria's foreign minister Asaad al-Shaibani met Saudi officials in Riyadh on Wednesday to seek investment "
        "in power plants and roads. The two sides signed agreements on energy and trade.",
        D(2025, 1, 15),
    ),
    case(
        "st-pedersen-transition-briefing-2025",
        "UN envoy urges inclusive political transition in Syria",
        "UN envoy Geir Pedersen told the Security Council on Wednesday that Syria's political transition must "
        "include all communities, and offered UN help in drafting a new constitution. He said he had discussed "
        "the timetable with the interim authorities in Damascus.",
        D(2025, 1, 8),
        ST,
    ),
    case(
        "not-cf-racehorse-named-ceasefire-2024",
        "Ceasefire lands the big handicap at Newmarket",
        "Ceasefire, the 8-1 shot, came late on the rails to win the big handicap at Newmarket on Saturday. His "
        "trainer said the colt would now be aimed at the autumn's sprints.",
        D(2024, 9, 28),
    ),
    # "Ceasefire" as the name of a horse or a record (2026.12.6: vocabulary named_thing, with the
    # dispute_metaphor waiver), and a look-alike: a record released as a real truce holds.
    case(
        "not-cf-album-called-ceasefire-2023",
        "Ceasefire tops the album chart in its first week",
        "The band's fourth album, Ceasefire, went straight to number one on Friday, outselling the rest of the "
        "top five combined. The record's title track was written on tour last year.",
        D(2023, 6, 16),
    ),
    case(
        "cf-album-released-as-gaza-truce-holds-2025",
        "Gaza ceasefire holds as aid trucks enter",
        "The ceasefire in Gaza held for a third day on Tuesday as hundreds of aid trucks crossed into the "
        "territory. A charity album recorded by Palestinian musicians to raise money for the relief effort was "
        "released the same day.",
        D(2025, 1, 21),
        CF,
    ),
    case(
        "not-cf-neighbours-hedge-truce-2025",
        "Neighbours call truce in ten-year hedge dispute",
        "Two families who spent a decade in court over a towering garden hedge have agreed a truce, their "
        "solicitors said on Tuesday. The hedge will be cut to two metres and both sides will pay their own costs.",
        D(2025, 3, 11),
    ),
    case(
        "cf-israel-iran-ceasefire-2025",
        "Israel-Iran ceasefire holds after 12 days of strikes",
        "A ceasefire between Israel and Iran held on Wednesday after 12 days of air and missile strikes, with both "
        "sides claiming victory. The truce was announced by the US president, who said it should last forever.",
        D(2025, 6, 25),
        CF,
    ),
    case(
        "cf-colombia-eln-extend-2024",
        "Colombia and ELN rebels extend bilateral ceasefire",
        "Colombia's government and the ELN guerrilla group agreed on Tuesday to extend their bilateral ceasefire "
        "by six months, as peace talks in Caracas continue.",
        D(2024, 2, 6),
        CF,
    ),
    case(
        "cf-rsf-unilateral-humanitarian-truce-2025",
        "Sudan's RSF announces unilateral humanitarian truce",
        "Sudan's Rapid Support Forces declared a unilateral three-month humanitarian truce on Monday, a day after "
        "the army's leader rejected an international proposal for a pause in the fighting.",
        D(2025, 11, 24),
        CF,
    ),
    # ------------------------------------------------------------ batch 3 (run before any fix)
    case(
        "not-us-ambassador-credentials-2025",
        "New US ambassador presents credentials at the Kremlin",
        "The new United States ambassador presented her credentials to President Vladimir Putin at a ceremony in "
        "the Kremlin on Thursday, alongside envoys of 20 other countries. Putin told the group that relations "
        "with Washington were at a low point.",
        D(2025, 5, 22),
    ),
    case(
        "not-us-chess-final-2024",
        "American and Russian grandmasters meet in world rapid final",
        "An American and a Russian grandmaster will meet in the final of the world rapid chess championship in "
        "New York on Sunday. The Russian, who plays under a neutral flag, beat the top seed in the semi-final.",
        D(2024, 12, 28),
    ),
    case(
        "not-us-former-president-speech-2022",
        "Obama says Putin's war shows the fragility of democracy",
        "Former President Barack Obama said in a speech at Stanford on Thursday that Vladimir Putin's invasion "
        "of Ukraine showed how quickly disinformation can erode democracies. He urged tech companies to do more.",
        D(2022, 4, 21),
    ),
    case(
        "us-witkoff-kremlin-talks-2025",
        "Trump envoy Witkoff holds talks with Putin in Kremlin",
        "US special envoy Steve Witkoff met Russian President Vladimir Putin in the Kremlin on Wednesday for "
        "three hours of talks on ending the war in Ukraine, Kremlin aide Yuri Ushakov said. Witkoff is due to "
        "brief President Donald Trump on the meeting.",
        D(2025, 8, 6),
        US,
    ),
    case(
        "not-st-sharaa-ankara-trade-2025",
        "Syria's al-Sharaa and Erdogan discuss trade and energy in Ankara",
        "Syrian interim President Ahmed al-Sharaa met Turkish President Recep Tayyip Erdogan in Ankara on "
        "Tuesday to discuss electricity supplies, trade and the reopening of border posts. The two leaders "
        "also agreed to cooperate on water from the Euphrates.",
        D(2025, 2, 4),
    ),
    case(
        "not-cf-netflix-thriller-ceasefire-2025",
        "Thriller Ceasefire tops Netflix chart",
        "The spy thriller Ceasefire was the most watched series on Netflix last week, the streaming service said. "
        "Its second season premiere drew 18 million viewers.",
        D(2025, 4, 2),
    ),
    case(
        "not-cf-sitcom-ceasefire-renewed-2024",
        "Sitcom Ceasefire renewed for third season",
        "The family sitcom Ceasefire, about two divorced parents sharing a house, has been renewed for a third "
        "season, its network said on Monday. The screenwriter said the new episodes would follow the eldest "
        "daughter to college.",
        D(2024, 5, 13),
    ),
    case(
        "cf-gaza-documentary-netflix-ceasefire-talks-2024",
        "Gaza ceasefire talks resume in Doha",
        "Negotiators resumed talks on a Gaza ceasefire and the release of hostages in Doha on Thursday, with "
        "mediators pressing Israel and Hamas to close the remaining gaps. A documentary on the war's first "
        "months was released on Netflix the same day.",
        D(2024, 8, 15),
        CF,
    ),
    case(
        "cf-hamas-accepts-truce-proposal-2024",
        "Hamas says it accepts Egyptian-Qatari truce proposal",
        "Hamas said on Monday it had accepted a proposal from Egyptian and Qatari mediators for a truce in Gaza. "
        "Israel said the proposal was far from its demands but would send negotiators to Cairo.",
        D(2024, 5, 6),
        CF,
    ),
    case(
        "cf-ukraine-air-sea-truce-proposal-2025",
        "Zelensky proposes truce in the air and at sea",
        "Ukrainian President Volodymyr Zelensky proposed on Wednesday a halt to long-range missile and drone "
        "strikes and to fighting at sea, as a first step towards ending the war. He said Kyiv was ready to move "
        "quickly if Moscow agreed.",
        D(2025, 3, 5),
        CF,
    ),
    case(
        "cf-lebanon-accuses-israel-violations-2025",
        "Lebanon says Israeli strikes violate truce",
        "Lebanon's president accused Israel on Saturday of violating the ceasefire agreed in November, after air "
        "strikes on villages in the south. Israel said it had hit Hezbollah positions.",
        D(2025, 3, 22),
        CF,
    ),
]


@pytest.mark.parametrize(("title", "body", "date", "expected"), CASES)
def test_written_example_gets_exactly_its_topics(
    title: str, body: str, date: dt.date | None, expected: frozenset[str]
) -> None:
    assert headline_first(title, body, date) == expected


# The same texts as a feed item with no headline (the body's first paragraph on the first line).
BODY_ONLY = [
    "not-us-gershkovich-swap-ankara-2024",
    "not-st-earthquake-border-crossing-2023",
    "not-cf-union-strike-truce-2023",
    "cf-india-pakistan-2025",
    "cf-black-sea-2025",
    "cf-energy-strikes-halt-2025",
    "not-cf-pilots-end-strikes-2024",
]


@pytest.mark.parametrize("case_id", BODY_ONLY)
def test_text_without_its_headline_gets_the_same_topics(case_id: str) -> None:
    found, expected = body_only(CASES, case_id)
    assert found == expected

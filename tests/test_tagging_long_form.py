"""Generalisation audit, round 2: long, real-news-shaped stories (issue 11).

Round 1 (tests/test_tagging_generalisation.py) wrote short wire stories whose subject is the
headline and the lead. Real news is longer: a roundup, live blog, opinion piece or analysis of eight
to twenty paragraphs where the subject is one paragraph among many, agency datelines and slugs
("UPDATE 2-", "EXCLUSIVE:", "BEIRUT (Reuters) -"), ALL-CAPS headlines, British spelling, names
transliterated in other ways (Lawrow, Di Mistura, Idleb, Deir al-Zor), state-media and
propaganda-style texts, and texts without a headline. Every story here was written for this audit
about public events; no sentence is copied from a source or from the labelled sets in ../shared.

Each case gives its whole expected set of tags under ../shared/TOPICS.md: a topic named once deep
in the body is a passing mention and must not tag; two body sentences about it, or the headline or
lead, must. Each story is checked in three forms: paragraphs (clean extraction), one run-on
paragraph (scraper output, like the FA-KES texts of the dev set), and, where marked, without its
headline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_tagging_support import CF, ST, US, D, topics_of


def story(
    case_id: str,
    title: str,
    paragraphs: list[str],
    date: dt.date | None,
    *expected: str,
    gap: str | None = None,
) -> pytest.ParameterSet:
    """One written long-form story; ``gap`` names a class the rules do not handle yet (a strict
    xfail, removed with the fix)."""
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(title, tuple(paragraphs), date, frozenset(expected), id=case_id, marks=marks)


STORIES = [
    # ------------------------------------------------------------ ceasefire as the subject, long form
    story(
        "lf-cf-yemen-hodeidah-update-2018",
        "UPDATE 2-Yemen's warring sides trade blame as Hodeidah truce wobbles",
        [
            "ADEN, Dec 19 (Reuters) - Yemen's Houthi movement and the Saudi-led coalition accused each other on "
            "Wednesday of breaching a ceasefire in the port city of Hodeidah, a day after the truce took effect.",
            "Residents said sporadic shelling was heard on the eastern edge of the city overnight, but that the "
            "main front lines were calm by morning.",
            "The deal, reached at United Nations-sponsored consultations in Sweden last week, is the first "
            "significant breakthrough in efforts to end a war that has pushed millions to the brink of famine.",
            "It provides for the withdrawal of armed forces from the city and its three ports, and for a prisoner "
            "swap involving thousands of detainees.",
            "A committee chaired by a retired general is due to oversee the redeployment, and its members were "
            "expected to arrive in the region within days.",
            "Hodeidah is the entry point for most of Yemen's imports of food, fuel and medicine.",
            "The Houthi-run Al Masirah television channel said coalition aircraft had flown over the southern "
            "districts, which it described as a provocation.",
            "A spokesman for the coalition denied that, saying its forces were committed to the agreement and "
            "were responding only to attacks.",
            "Aid agencies welcomed the lull but warned that the economic collapse, which has sent the price of "
            "basic goods soaring, would not be reversed quickly.",
            "The war has killed tens of thousands of people since 2015, according to monitoring groups.",
        ],
        D(2018, 12, 19),
        CF,
    ),
    story(
        "lf-cf-libya-all-caps-geneva-2020",
        "LIBYA'S RIVALS SIGN PERMANENT CEASEFIRE AFTER GENEVA TALKS",
        [
            "GENEVA (AFP) - Libya's two rival military camps signed a permanent ceasefire agreement on Friday "
            "after five days of talks at the United Nations in Geneva, the UN's acting envoy said.",
            "Under the deal, all foreign fighters and mercenaries must leave the country within three months, "
            "and the two sides' units will pull back from the front lines around Sirte.",
            "Turkey, which backs the Tripoli government, has sent Syrian fighters to Libya, according to the "
            "Britain-based Syrian Observatory for Human Rights.",
            "Russia and the United Arab Emirates have supported the eastern forces of commander Khalifa Haftar.",
            "The envoy said the talks had been held in a spirit of patriotism, and that the delegations had agreed "
            "to open roads and resume domestic flights.",
            "Oil production, which fell sharply during a blockade this year, has started to recover.",
            "Analysts cautioned that earlier agreements had collapsed within weeks, and that the armed groups on "
            "the ground were not all bound by the signatories.",
            "Political talks on a unified government are due to begin in Tunisia next month.",
        ],
        D(2020, 10, 23),
        CF,
    ),
    story(
        "lf-cf-colombia-exclusive-2016",
        "EXCLUSIVE: Colombia, FARC rebels close to deal on definitive bilateral ceasefire",
        [
            "BOGOTA (Reuters) - Colombia's government and Marxist FARC rebels are close to agreeing the terms of a "
            "definitive bilateral ceasefire, three people with knowledge of the negotiations told Reuters.",
            "The sources, who asked not to be named because the talks in Havana are confidential, said the two "
            "sides had settled how rebel fighters would gather in designated zones.",
            "A United Nations mission would verify that guerrillas hand over their weapons within six months.",
            "The government's chief negotiator declined to comment on the details.",
            "The talks, which began in 2012, have already produced agreements on land reform, political "
            "participation and the illicit drugs trade.",
            "President Juan Manuel Santos has staked his legacy on ending the five-decade conflict, which has "
            "killed more than 220,000 people.",
            "Opponents led by former President Alvaro Uribe say the deal would let commanders escape prison.",
            "The peso firmed on the report, and Colombian bonds rose.",
        ],
        D(2016, 6, 20),
        CF,
    ),
    story(
        "lf-cf-homs-humanitarian-pause-2014",
        "Aid convoy reaches Old Homs as humanitarian pause holds",
        [
            "HOMS, Syria (AP) - A UN aid convoy entered the besieged Old City of Homs on Saturday as a three-day "
            "humanitarian pause between government forces and rebels held despite sporadic mortar fire.",
            "The pause, negotiated by the United Nations and the local governor, allowed hundreds of women, "
            "children and elderly men to leave the district.",
            "Aid workers said the convoy was briefly hit by shelling on its way in and that one driver was "
            "lightly wounded.",
            "Residents who left described months of eating grass and olives, and said many had died waiting for "
            "medical care.",
            "The city was one of the first centres of the uprising against President Bashar al-Assad.",
            "In Geneva, where talks between the government and the opposition were in recess, diplomats said "
            "they hoped the convoy could build confidence.",
            "The governor said men of fighting age who left would be questioned before being released.",
            "Rights groups said they feared some of them could be detained.",
        ],
        D(2014, 2, 8),
        CF,
    ),
    # ------------------------------------------------------------ the subject deep in the body, substantively
    story(
        "lf-cf-roundup-gaza-item-2023",
        "Middle East live: the latest on the region",
        [
            "Here are the main developments across the region on Friday.",
            "Lebanon: the central bank extended rules that limit cash withdrawals for another six months, and "
            "depositors protested outside its headquarters in Beirut.",
            "Iraq: a heatwave pushed temperatures past 50 degrees Celsius in Basra, and the government shortened "
            "working hours for state employees.",
            "Gaza: a humanitarian truce between Israel and Hamas entered its second day, with no air strikes "
            "reported overnight.",
            "Under the deal brokered by Qatar and Egypt, Hamas is releasing hostages in groups each day in "
            "exchange for Palestinian prisoners, and fuel trucks are entering the enclave.",
            "Mediators said they were working to extend the pause by another two days.",
            "Egypt: the pound slid on the parallel market as the central bank held interest rates.",
            "Gulf: Saudi Arabia and the United Arab Emirates reported record visitor numbers for the year.",
            "Jordan: King Abdullah opened a new session of parliament with a speech on water shortages.",
        ],
        D(2023, 11, 25),
        CF,
    ),
    story(
        "lf-us-apec-asia-tour-body-2017",
        "Trump presses Asia trade message in Vietnam",
        [
            "DA NANG, Vietnam (Reuters) - U.S. President Donald Trump told Asian business leaders on Friday that the "
            "United States would no longer tolerate what he called chronic trade abuses.",
            "His speech at the Asia-Pacific Economic Cooperation summit contrasted with that of China's Xi Jinping, "
            "who defended globalisation.",
            "Trump said he would sign bilateral trade deals with any country that respected fair and reciprocal "
            "trade.",
            "Business leaders in the audience applauded politely.",
            "On Saturday Trump and Russian President Vladimir Putin spoke briefly on the sidelines of the summit and "
            "shook hands at a session with other leaders.",
            "The two leaders approved a joint statement prepared by their foreign ministers, which the Kremlin "
            "published after the meeting.",
            "The White House said a formal bilateral meeting had not been possible because of scheduling "
            "conflicts.",
            "Trump moves on to Hanoi and then to Manila, where he will attend a gathering of Southeast Asian "
            "leaders.",
            "Officials in Tokyo and Seoul said they were watching his statements on North Korea closely.",
        ],
        D(2017, 11, 11),
        US,
    ),
    story(
        "lf-st-moscow-visit-sochi-paragraphs-2017",
        "Erdogan and Putin agree to speed up gas pipeline in Sochi talks",
        [
            "ANKARA (AFP) - Turkish President Tayyip Erdogan and Russian President Vladimir Putin agreed on Monday "
            "to accelerate work on the TurkStream gas pipeline, Turkish officials said.",
            "The two men also discussed Turkish purchases of Russian air defence missiles and tourism.",
            "Trade between the two countries fell sharply after Turkey shot down a Russian warplane in 2015 but has "
            "since recovered.",
            "Officials said Turkish tomato exports to Russia would resume next year.",
            "The leaders also reviewed preparations for a congress of Syrian national dialogue that Moscow wants to "
            "host in Sochi, intended to bring government and opposition representatives together to work on a "
            "new constitution.",
            "Ankara has objected to the presence of Syrian Kurdish groups at the congress, and officials said the "
            "list of invitations was still being negotiated with Iran, the third guarantor of the Astana process.",
            "The UN envoy for Syria, Staffan de Mistura, has said any such meeting must feed into the Geneva talks.",
            "Erdogan flew back to Ankara late in the evening.",
        ],
        D(2017, 11, 13),
        ST,
    ),
    # ------------------------------------------------------------ Syria talks, long, other spellings
    story(
        "lf-st-cf-astana-idleb-2017",
        "Russia, Turkey and Iran agree boundaries of Idleb de-escalation zone",
        [
            "ASTANA (Reuters) - Russia, Turkey and Iran agreed on Friday on the boundaries of a de-escalation zone "
            "in Syria's Idleb province, the last of four such zones, at a sixth round of talks in the Kazakh "
            "capital.",
            "The three guarantor states will deploy observers along the edges of the zone to monitor violations by "
            "government forces and rebel groups, a joint statement said.",
            "The head of the Russian delegation said the zones would last six months and could be extended.",
            "Damascus and the armed opposition both sent delegations, although they did not meet face to face.",
            "The opposition said it had not been consulted on the role of Iranian forces, whom it blames for many "
            "of the sieges around the country.",
            "Idleb is held by an alliance of insurgent groups dominated by a former al Qaeda affiliate, which is not "
            "covered by the arrangement.",
            "Elsewhere, government forces backed by Russian air power pushed east of Deir al-Zor, where Islamic State "
            "fighters are holding out.",
            "The Astana meetings began in January and run parallel to UN-led negotiations in Geneva on a political "
            "transition.",
        ],
        D(2017, 9, 15),
        ST,
        CF,
    ),
    story(
        "lf-st-us-lawrow-di-mistura-2016",
        "Kerry and Lawrow meet in Geneva to revive Syria talks",
        [
            "GENEVA (dpa) - US Secretary of State John Kerry and Russian Foreign Minister Sergej Lawrow met in Geneva "
            "on Friday in a new attempt to bring the Syrian government and opposition back to the negotiating table.",
            "The two ministers held more than ten hours of talks, joined late in the evening by UN envoy Staffan "
            "Di Mistura.",
            "Di Mistura has said he wants to reconvene the intra-Syrian negotiations as soon as the fighting around "
            "Aleppo subsides.",
            "Lawrow told reporters that the two countries had narrowed their differences but that several "
            "technical questions remained open.",
            "Kerry said any agreement had to allow aid to reach besieged areas.",
            "Washington and Moscow back opposing sides in the war, which has killed several hundred thousand people.",
            "Officials from both delegations said they would continue at expert level on Saturday.",
        ],
        D(2016, 8, 26),
        ST,
        US,
    ),
    story(
        "lf-st-opinion-geneva-only-road-2016",
        "COMMENT: Geneva is the only road left for Syria",
        [
            "Five years into Syria's war, every military gamble has failed, and the only serious attempt at a way "
            "out is the stuttering process under way in Geneva.",
            "The talks there have been suspended twice this year, once after the opposition walked out over "
            "sieges and once after a government offensive near Aleppo.",
            "Critics say the format, with the UN envoy shuttling between delegations in separate rooms, is a "
            "charade.",
            "They are wrong. Proximity talks ended wars in the Balkans, and they can work here if the powers behind "
            "the parties push them.",
            "The sticking point remains the fate of President Bashar al-Assad in a political transition.",
            "Moscow insists that Syrians alone must decide, while the opposition demands that he leave before a "
            "transitional governing body is formed.",
            "A compromise that defers the question to elections after a new constitution is drafted is the only one "
            "on offer.",
            "The alternative is another five years of ruins.",
        ],
        D(2016, 5, 2),
        ST,
    ),
    # ------------------------------------------------------------ US-Russia, long form
    story(
        "lf-us-biden-putin-geneva-long-2021",
        "Biden, Putin hold first summit in Geneva amid deep chill",
        [
            "GENEVA (AP) - U.S. President Joe Biden and Russian President Vladimir Putin met for nearly four hours "
            "at a lakeside villa in Geneva on Wednesday, their first summit since Biden took office.",
            "Both men described the talks as constructive but said deep differences remained.",
            "They agreed to return ambassadors to each other's capitals and to begin a dialogue on strategic "
            "stability.",
            "Biden said he had raised cyberattacks on American companies and the treatment of jailed opposition "
            "figure Alexei Navalny.",
            "Putin dismissed the criticism and pointed to the storming of the U.S. Capitol in January.",
            "Outside the villa, a few dozen protesters waved Ukrainian and Belarusian flags.",
            "Relations between the two countries fell to a post-Cold War low this year after a new round of U.S. "
            "sanctions.",
            "Swiss police closed several roads along the lake for the day.",
            "Analysts said expectations had been kept deliberately low.",
        ],
        D(2021, 6, 16),
        US,
    ),
    story(
        "lf-us-no-headline-kerry-lavrov-deal-2016",
        "",
        [
            "GENEVA (Reuters) - The United States and Russia agreed on Friday on a plan to restore a nationwide "
            "cessation of hostilities in Syria from Monday, U.S. Secretary of State John Kerry said after talks with "
            "Russian Foreign Minister Sergei Lavrov.",
            "The two men spoke to reporters after more than 13 hours of negotiations at a Geneva hotel.",
            "If the truce holds for seven days, the two countries will set up a joint centre to coordinate strikes "
            "against Islamist militants, Kerry said.",
            "Lavrov said the deal should create the conditions to resume the political process under the UN.",
            "The UN envoy, Staffan de Mistura, said he hoped to convene a new round of talks between the Syrian "
            "parties in Geneva by October.",
            "Syria's government was informed of the plan and approved it, Lavrov said.",
            "The opposition High Negotiations Committee said it had not yet seen the text.",
            "Previous truces this year broke down amid accusations of violations by both sides.",
        ],
        D(2016, 9, 9),
        ST,
        CF,
        US,
    ),
    # ------------------------------------------------------------ passing mentions deep in long stories: no tag
    story(
        "not-lf-roundup-libya-truce-one-line-2020",
        "World news in brief",
        [
            "Brazil's central bank cut its benchmark interest rate to a record low on Wednesday, citing the "
            "economic damage of the pandemic.",
            "In Australia, firefighters contained a large bushfire north of Sydney after three days.",
            "Kenya's parliament approved a new housing levy after a heated debate.",
            "Japan's prime minister said the country would spend more on coast guard patrols.",
            "In Libya, the United Nations said a truce around the capital Tripoli was broadly holding.",
            "Germany's largest union reached a wage deal with public employers.",
            "A volcano erupted on an uninhabited island in Indonesia, disrupting flights.",
            "Canada's government announced new rules for foreign investment in mining.",
        ],
        D(2020, 6, 3),
    ),
    story(
        "not-lf-battle-idleb-passing-truce-2019",
        "Government forces take town in Idleb push, monitor says",
        [
            "BEIRUT (Reuters) - Syrian government forces captured a town in southern Idleb province on Wednesday "
            "after days of heavy air strikes, a war monitor said.",
            "The Syrian Observatory for Human Rights said at least 23 fighters on both sides were killed.",
            "Rebel commanders said they had withdrawn to defensive lines north of the town.",
            "Russian warplanes struck villages near Maarat al-Numan, residents said.",
            "Thousands of families fled north towards the Turkish border, where camps are already overcrowded.",
            "A Turkish military observation post near the town was surrounded by government troops.",
            "The offensive began in April, weeks after a truce brokered by Russia and Turkey in Sochi last year "
            "began to fray.",
            "Aid groups said hospitals in the area had been hit repeatedly.",
            "The army said it was fighting terrorists who had refused to lay down their weapons.",
        ],
        D(2019, 8, 21),
    ),
    story(
        "not-lf-battle-deir-al-zor-envoy-quoted-2017",
        "Fighting rages in Deir al-Zor as UN warns of civilian toll",
        [
            "BEIRUT (AFP) - Syrian troops and their allies battled Islamic State fighters street by street in "
            "Deir al-Zor on Tuesday, as the United Nations warned that tens of thousands of civilians were trapped.",
            "UN envoy Staffan de Mistura said the situation in the city was extremely worrying and called on all "
            "sides to spare civilians.",
            "De Mistura said aid agencies were ready to move in as soon as it was safe.",
            "Russian warplanes carried out dozens of strikes on the eastern bank of the Euphrates, the army said.",
            "The Syrian Observatory for Human Rights reported that 34 civilians had been killed in two days.",
            "US-backed forces advanced on the same province from the north, raising fears of a clash between the "
            "two campaigns.",
            "Peace talks in Geneva have made little progress this year.",
            "The jihadists seized most of the province in 2014.",
            "Residents who escaped described bodies in the streets and a shortage of bread.",
        ],
        D(2017, 9, 26),
    ),
    story(
        "not-lf-sanctions-analysis-helsinki-once-2018",
        "ANALYSIS-Why new U.S. sanctions on Russia are hitting the rouble hard",
        [
            "MOSCOW (Reuters) - The rouble has lost nearly a tenth of its value this month as investors price in "
            "tougher U.S. sanctions over the poisoning of a former Russian spy in Britain.",
            "The measures, announced by the State Department, restrict exports of sensitive technology and could be "
            "followed by a second round that would hit banks.",
            "Foreign investors have been selling Russian government bonds at the fastest pace in years.",
            "The central bank said it had the tools to keep the financial system stable.",
            "Kremlin spokesman Dmitry Peskov called the sanctions illegal and said Moscow would respond.",
            "Russian Foreign Minister Sergei Lavrov accused Washington of trying to weaken a competitor.",
            "The sanctions come a month after Trump met Putin in Helsinki, a summit that critics in Congress said "
            "had been too friendly.",
            "Economists said the rouble could fall further if Congress passed a separate bill targeting sovereign "
            "debt.",
            "Shares in Russian aluminium and steel makers fell sharply on Thursday.",
        ],
        D(2018, 8, 23),
    ),
    story(
        "not-lf-trade-truce-analysis-2019",
        "ANALYSIS: Markets cheer U.S.-China trade truce, but scars of tariff war remain",
        [
            "SHANGHAI (Reuters) - Asian shares rallied on Monday after the United States and China agreed a truce "
            "in their trade war at the G20 summit in Osaka, but analysts said the damage to supply chains would last.",
            "President Donald Trump said he would hold off on new tariffs on $300 billion of Chinese goods while "
            "negotiations resumed.",
            "Chinese negotiators said talks would focus on technology transfer and purchases of farm goods.",
            "The ceasefire in the trade war comes after more than a year of escalating tariffs on both sides.",
            "Companies have moved production to Vietnam and Mexico to escape the duties, and many say they will not "
            "move it back.",
            "Soybean farmers in the U.S. Midwest said the truce did little to make up for lost sales.",
            "Previous truces, including one agreed in Buenos Aires last December, broke down within months.",
            "The yuan strengthened against the dollar.",
        ],
        D(2019, 7, 1),
    ),
    story(
        "not-lf-opinion-refugees-geneva-once-2016",
        "Europe's refugee bargain is failing the people it was meant to protect",
        [
            "A year after the European Union struck its deal with Turkey, the camps on the Greek islands are more "
            "crowded than ever.",
            "Families who fled Aleppo and Idlib wait months for an asylum interview.",
            "Winter tents were delivered late, and aid groups say children are sleeping in the cold.",
            "Brussels insists the deal has cut the number of arrivals, which is true, but at a cost Europe prefers "
            "not to see.",
            "Syrians who reach Germany still face long waits to bring their families over.",
            "Diplomats in Geneva talk about a political settlement, but nobody in the camps expects to go home "
            "soon.",
            "European governments should open safe and legal routes and share the burden with Greece and Italy.",
            "Until they do, the islands will remain a stain on the continent's conscience.",
        ],
        D(2016, 12, 5),
    ),
    # ------------------------------------------------------------ round 2b: spellings, live blogs, no headline
    story(
        "lf-us-lawrow-kerry-bare-names-2016",
        "Kerry, Lawrow agree to keep talking on Aleppo despite rift",
        [
            "MUNICH (dpa) - Kerry and Lawrow met for two hours on Friday on the margins of the Munich Security "
            "Conference and agreed to keep their teams in contact on Aleppo.",
            "Lawrow said afterwards that the conversation had been frank and businesslike.",
            "Kerry told reporters he had pressed Moscow to halt its bombing of rebel-held districts.",
            "The conference, an annual gathering of defence officials, was dominated by the war in Syria and the "
            "refugee crisis in Europe.",
            "NATO's secretary-general warned of a more assertive Russia on the alliance's eastern flank.",
            "Several delegations left early because of a snowstorm forecast for Saturday.",
        ],
        D(2016, 2, 12),
        US,
    ),
    story(
        "lf-st-idleb-astana-only-place-names-2018",
        "Opposition to skip next Astana round over Idleb offensive",
        [
            "ISTANBUL (Reuters) - Armed opposition factions said on Monday they would boycott the next round of talks "
            "in Astana unless the government halted its offensive in Idleb.",
            "The factions said in a statement that negotiations could not continue while civilians in Idleb and "
            "Hama were being bombed.",
            "Turkey, which backs some of the factions, urged them to reconsider.",
            "Aid workers in the province said several hospitals had closed.",
            "Thousands of people have fled towards the border in recent weeks.",
            "The Astana meetings are sponsored by Russia, Iran and Turkey.",
        ],
        D(2018, 1, 15),
        ST,
    ),
    story(
        "lf-cf-live-blog-ukraine-energy-truce-2025",
        "Russia-Ukraine war live: the latest",
        [
            "09:12 GMT - Air raid alerts sounded across eastern Ukraine overnight, the regional governor of Kharkiv "
            "said.",
            "09:40 GMT - The Kremlin said Russia and Ukraine had agreed to a 30-day halt to strikes on energy "
            "facilities, brokered by Washington.",
            "10:05 GMT - Kyiv said it would abide by the moratorium on strikes on energy infrastructure but "
            "accused Moscow of hitting a power plant in Sloviansk hours after the announcement.",
            "10:31 GMT - Ukraine's foreign minister said monitoring of the pause should be handled by a neutral "
            "party.",
            "11:15 GMT - Ukraine's grain exports through Black Sea ports rose for a third straight month, the "
            "agriculture ministry said.",
            "12:02 GMT - The European Union announced a new package of military aid worth 1.5 billion euros.",
            "12:40 GMT - Poland said it had closed a border crossing for repairs.",
        ],
        D(2025, 3, 25),
        CF,
    ),
    story(
        "not-lf-live-blog-one-line-call-2025",
        "Ukraine war live: the latest",
        [
            "08:30 GMT - Russian drones struck the port of Odesa overnight, damaging grain silos, the regional "
            "administration said.",
            "09:10 GMT - Ukraine's air force said it had shot down 48 of 65 drones launched by Russia.",
            "10:20 GMT - The European Commission proposed new tariffs on Russian fertiliser.",
            "11:05 GMT - Kremlin spokesman Dmitry Peskov said there were no plans for a new phone call between the "
            "two presidents this week.",
            "11:45 GMT - Zelenskiy visited troops near Pokrovsk and handed out medals.",
            "12:30 GMT - Moldova said a drone crashed in a field near its border with Ukraine.",
            "13:15 GMT - Germany announced it would deliver two more air defence systems.",
        ],
        D(2025, 5, 7),
    ),
    story(
        "lf-us-no-headline-trump-putin-call-deep-2025",
        "",
        [
            "KYIV (Reuters) - Russian forces launched one of the largest drone attacks of the war on Kyiv overnight, "
            "killing at least nine people and damaging apartment blocks across the city, Ukrainian officials said.",
            "Emergency crews pulled survivors from the rubble of a nine-storey building in the Sviatoshynskyi "
            "district.",
            "Mayor Vitali Klitschko said the metro stations were again being used as shelters.",
            "Ukraine's air force said it downed most of the drones and several missiles.",
            "Electricity supplies were cut in parts of the capital.",
            "The attack came hours after U.S. President Donald Trump and Russian President Vladimir Putin spoke by "
            "phone for more than an hour, the White House said.",
            "According to the Kremlin, the two presidents discussed a prisoner exchange and agreed that their "
            "advisers would keep working on the terms of a settlement.",
            "Trump said afterwards the call had been productive but that he was not happy about the strikes.",
            "European leaders condemned the attack.",
        ],
        D(2025, 7, 4),
        US,
    ),
    story(
        "not-lf-no-headline-battle-report-truce-once-2017",
        "",
        [
            "BEIRUT (AP) - Syrian government warplanes pounded rebel-held towns in Eastern Ghouta on Sunday, killing at "
            "least 17 civilians, activists said.",
            "The Syrian Civil Defence, also known as the White Helmets, said rescuers were searching for survivors "
            "in Douma and Harasta.",
            "Insurgents fired mortar rounds on the Old City of Damascus, state media reported.",
            "The region has been under siege since 2013, and food prices there have risen sharply.",
            "Eastern Ghouta is one of four de-escalation zones agreed by Russia, Iran and Turkey this year.",
            "Medical charities said they had run out of anaesthetics.",
            "The United Nations appealed for the evacuation of several hundred patients.",
        ],
        D(2017, 11, 19),
    ),
    story(
        "lf-cf-ghouta-deescalation-violated-body-2017",
        "Shelling kills 9 in Damascus suburb, rebels say",
        [
            "BEIRUT (Reuters) - Government shelling killed nine people in the rebel-held town of Douma on Thursday, "
            "rescue workers said.",
            "The army said it had targeted militant positions that fired on the capital.",
            "Rebels accused the government and its Russian allies of violating the de-escalation agreement for "
            "Eastern Ghouta, which Russia guaranteed in July.",
            "Under the deal, Russian military police were to monitor the line between the two sides and aid convoys "
            "were to enter freely.",
            "A UN official said no convoy had reached the enclave for a month.",
            "Residents said bread was being sold at ten times its price in Damascus.",
        ],
        D(2017, 10, 26),
        CF,
    ),
    story(
        "lf-us-fake-news-style-g20-antalya-2015",
        "SHOCK: PUTIN KEPT OBAMA WAITING BEFORE THEIR SECRET G20 TALK",
        [
            "BREAKING - The mainstream media will not tell you this, but Barack Obama and Vladimir Putin huddled for "
            "35 minutes on the sidelines of the G20 in Antalya, and it was Putin who set the terms.",
            "Insiders say Obama asked for the meeting and Putin arrived late, as he always does.",
            "The two leaders talked about Syria and the fight against Islamic State, sitting in armchairs in a "
            "corner of the hotel lobby with only interpreters present.",
            "The White House tried to spin the encounter as constructive.",
            "Wake up, America! The globalists do not want you to know who is really in charge.",
            "Share this before it gets deleted!",
        ],
        D(2015, 11, 15),
        US,
    ),
    story(
        "not-lf-g20-side-by-side-2017",
        "G20 leaders wrap up Hamburg summit with climate split",
        [
            "HAMBURG (Reuters) - Leaders of the world's biggest economies ended their summit on Saturday with a "
            "statement that acknowledged a split between the United States and the other 19 members on climate.",
            "German Chancellor Angela Merkel said she deplored Washington's decision to leave the Paris accord.",
            "Protesters clashed with police in the city for a third night.",
            "The final communique also addressed trade, where leaders agreed to fight protectionism.",
            "Trump, Putin, Xi and Erdogan all attended the closing session, and Putin praised the German hosts.",
            "The next summit will be held in Argentina.",
            "Police said more than 200 officers had been injured during the protests.",
        ],
        D(2017, 7, 8),
    ),
    story(
        "lf-st-caps-walkout-2016",
        "SYRIAN OPPOSITION SUSPENDS PARTICIPATION IN GENEVA TALKS",
        [
            "GENEVA (AFP) - Syria's main opposition bloc said on Monday it was suspending its participation in "
            "UN-brokered peace talks in Geneva in protest at government attacks and the lack of aid deliveries.",
            "Its chief coordinator said the delegation would stay in the city but would not attend formal meetings.",
            "Government shelling has killed dozens of people in Idleb and Homs provinces in recent days, "
            "according to a monitor.",
            "The regime's chief negotiator dismissed the move as theatre.",
            "Fighting around Latakia intensified.",
            "Prices of food in besieged areas have risen sharply.",
        ],
        D(2016, 4, 18),
        ST,
    ),
    # ------------------------------------------------------------ another war's talks at a venue Syria shares
    story(
        "not-st-yemen-talks-geneva-syria-named-2018",
        "Yemen talks in Geneva stall as Houthi delegation fails to arrive",
        [
            "GENEVA (Reuters) - UN-sponsored peace talks on Yemen were in limbo on Friday after the Houthi "
            "delegation failed to leave Sanaa, the UN envoy said.",
            "The envoy said he would keep working with both sides to bring them to Geneva.",
            "The Houthis said they had not received guarantees that their plane would be allowed to return.",
            "The war between the Saudi-led coalition and the Houthis has pushed millions towards famine.",
            "Diplomats compared the stalemate with the Syrian conflict, where years of negotiations have produced "
            "little, and said the Syrian precedent weighed on the mood in the room.",
            "The government delegation said it would wait until Saturday.",
        ],
        D(2018, 9, 7),
    ),
    story(
        "not-st-iran-nuclear-vienna-syria-named-2015",
        "Iran nuclear talks in Vienna run past deadline",
        [
            "VIENNA (AP) - Negotiators from Iran and six world powers extended their talks in Vienna past another "
            "deadline on Tuesday, saying differences over sanctions remained.",
            "Iran's foreign minister said a deal was within reach if the other side showed flexibility.",
            "Western diplomats said the sticking points were inspections of military sites and an arms embargo.",
            "Iran's role in Syria, where it backs President Bashar al-Assad, is not on the agenda, officials said.",
            "Some U.S. lawmakers have demanded that any deal also address Iranian support for armed groups in Syria "
            "and Lebanon.",
            "The talks are expected to continue through the weekend.",
        ],
        D(2015, 7, 7),
    ),
    story(
        "lf-us-riyadh-ukraine-syria-named-2025",
        "Rubio and Lavrov hold talks in Riyadh on Ukraine and restoring ties",
        [
            "RIYADH (Reuters) - U.S. Secretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov held "
            "four and a half hours of talks in Riyadh on Tuesday on ending the war in Ukraine and restoring "
            "relations.",
            "The two sides agreed to appoint teams to negotiate a settlement in Ukraine and to restore the staffing "
            "of their embassies.",
            "Ukraine was not invited, and President Volodymyr Zelenskiy said Kyiv would not accept any outcome "
            "reached without it.",
            "The meeting was the first of its kind since the invasion in 2022.",
            "Saudi Arabia has also hosted meetings on Syria, where the fall of Bashar al-Assad in December left "
            "Russia's military bases in doubt.",
            "Russia has held talks with Syria's new authorities about keeping its naval base at Tartus.",
        ],
        D(2025, 2, 18),
        US,
    ),
    story(
        "lf-st-geneva-syria-with-libya-named-2016",
        "Syria talks to resume in Geneva, UN envoy says",
        [
            "GENEVA (Reuters) - Peace talks on Syria will resume in Geneva next week, UN envoy Staffan de Mistura said "
            "on Thursday, after a pause to allow the parties to consult.",
            "The envoy said the Geneva talks would focus on a political transition, and that he hoped both "
            "delegations would engage on the substance.",
            "Diplomats said the format borrowed from the UN's talks on Libya, where separate delegations were also "
            "kept in different rooms.",
            "The Syrian opposition said it would attend if aid reached the besieged towns.",
            "The government has not yet confirmed its participation.",
        ],
        D(2016, 3, 3),
        ST,
    ),
    # ------------------------------------------------------------ round 2c: venue cities, variants, clutter, analysis
    story(
        "lf-us-pompeo-lavrov-sochi-2019",
        "Pompeo, Lavrov hold talks in Sochi, agree to keep channels open",
        [
            "SOCHI, Russia (Reuters) - U.S. Secretary of State Mike Pompeo and Russian Foreign Minister Sergei Lavrov "
            "held talks in the Black Sea resort of Sochi on Tuesday and agreed to look for ways to improve strained "
            "relations.",
            "Pompeo later met President Vladimir Putin at his residence for about an hour and a half.",
            "The two ministers discussed arms control, Venezuela, Iran, North Korea, Ukraine and Syria, and "
            "acknowledged deep differences on most of them.",
            "Lavrov said Moscow was ready to restore dialogue if Washington stopped treating Russia as an enemy.",
            "Pompeo said the United States would not tolerate interference in its elections.",
            "The visit was the highest-level U.S. trip to Russia since the publication of the special counsel's "
            "report.",
            "Syria's war was not the main focus, officials said.",
        ],
        D(2019, 5, 14),
        US,
    ),
    story(
        "lf-st-astana-delegation-idleb-deir-al-zor-2017",
        "Rebel delegation in Astana demands halt to Idleb bombing",
        [
            "ASTANA (AFP) - The rebel delegation at the talks in the Kazakh capital demanded on Tuesday that Russia "
            "stop air strikes on Idleb province before any new agreement is signed.",
            "The delegation's spokesman said strikes on Idleb had killed dozens of civilians this month.",
            "The government delegation said it had come to discuss the exchange of detainees and the maps of the "
            "de-escalation areas.",
            "Russian officials said the meeting would also consider monitoring arrangements.",
            "Fighting continued near Deir al-Zor, where government forces are advancing against the jihadists.",
        ],
        D(2017, 7, 4),
        ST,
    ),
    story(
        "not-lf-related-headlines-clutter-battle-2016",
        "Regime barrel bombs hit market in Idleb",
        [
            "Related Headlines US and Russia agree Syria ceasefire plan | Ceasefire to start in Aleppo on Monday | "
            "Geneva talks postponed again",
            "At least 15 people were killed when regime helicopters dropped barrel bombs on a crowded market in the "
            "town of Maarat al-Numan in Idleb province on Saturday, activists said.",
            "Rescue workers pulled bodies from the rubble of shops and stalls.",
            "The market had been busy with shoppers buying food ahead of the holiday.",
            "The Syrian Observatory for Human Rights said children were among the dead.",
            "Idleb is controlled by a coalition of rebel and jihadist groups.",
            "Regime aircraft also struck villages in the south of the province.",
        ],
        D(2016, 9, 3),
    ),
    story(
        "lf-cf-analysis-deep-minsk-paragraphs-2015",
        "ANALYSIS-Russia's economy braces for a long recession",
        [
            "MOSCOW (Reuters) - Russia's economy is heading for its longest recession in two decades, as low oil "
            "prices and Western sanctions squeeze incomes.",
            "Real wages fell 9 percent in the year to May, and retail sales slumped.",
            "The central bank has cut interest rates three times this year but warned inflation remained high.",
            "Companies have cut investment plans, and capital flight has resumed.",
            "Much depends on eastern Ukraine, where the ceasefire agreed in Minsk in February has reduced but not "
            "stopped the fighting between government troops and pro-Russian separatists.",
            "OSCE monitors report violations of the truce daily, and both sides have accused each other of moving "
            "heavy weapons back to the front line.",
            "European governments have tied any easing of sanctions to full implementation of the Minsk deal.",
            "Economists at several banks cut their growth forecasts for next year.",
            "The rouble weakened past 60 to the dollar on Friday.",
        ],
        D(2015, 7, 17),
        CF,
    ),
    story(
        "not-lf-analysis-ceasefire-one-passing-line-2015",
        "ANALYSIS-Russian banks struggle to refinance foreign debt",
        [
            "MOSCOW (Reuters) - Russian banks face a wall of foreign debt repayments this year while sanctions keep "
            "them out of Western capital markets.",
            "Several mid-sized lenders have already asked the state for support.",
            "The central bank has opened special refinancing lines in foreign currency.",
            "Bankers say the shortage of long-term funding is hurting lending to industry.",
            "Investors took some comfort from the ceasefire in eastern Ukraine, though few expect sanctions to be "
            "lifted soon.",
            "The rouble has recovered part of its losses since January.",
            "Analysts expect more banks to lose their licences this year.",
        ],
        D(2015, 3, 20),
    ),
    story(
        "lf-us-opinion-helsinki-2018",
        "OPINION: Helsinki was a summit of flattery, and America paid for it",
        [
            "When Donald Trump stood beside Vladimir Putin in Helsinki, the world saw an American president defer "
            "to a Russian one.",
            "The two men met for more than two hours with only interpreters in the room, and no one in Washington "
            "knows what was agreed.",
            "Trump's aides had prepared a list of demands, from Ukraine to arms control, but there is no sign he "
            "raised them.",
            "At the news conference afterwards, he sided with the Kremlin on election interference.",
            "Previous presidents went into summits with Moscow with clear goals and came out with treaties.",
            "This one came out with a photograph.",
            "Congress should demand the interpreter's notes.",
        ],
        D(2018, 7, 18),
        US,
    ),
    story(
        "lf-st-lavrov-on-geneva-talks-no-syria-word-2016",
        "Lavrov says Geneva talks should start without preconditions",
        [
            "MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov said on Monday the Geneva talks should start "
            "on time and without preconditions set by the opposition.",
            "He said the Syrian government had already named its delegation and was ready to attend.",
            "The opposition has demanded an end to sieges and air strikes before it sends negotiators.",
            "Lavrov also criticised Turkey over its border with Syria.",
            "The UN envoy is due to send out invitations this week.",
        ],
        D(2016, 1, 18),
        ST,
    ),
    story(
        "lf-st-us-kerry-lavrov-discuss-syria-talks-2016",
        "Kerry and Lavrov meet in Zurich ahead of Syria talks",
        [
            "ZURICH (AP) - U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov met in "
            "Zurich on Wednesday to try to settle which opposition groups will be invited to the Geneva talks.",
            "The two men also discussed the agenda of the first round once negotiations between the "
            "government and the opposition begin.",
            "Russia objects to the inclusion of two Islamist factions in the opposition delegation.",
            "The talks in Geneva are due to begin on Monday but may be delayed by a few days, diplomats said.",
            "Kerry and Lavrov spoke for more than three hours.",
        ],
        D(2016, 1, 20),
        ST,
        US,
    ),
    # ------------------------------------------------------------ round 2d: captions, factboxes, readouts, slogans
    story(
        "lf-cf-update-headline-oil-gaza-truce-2014",
        "UPDATE 1-Oil edges up as Gaza truce holds, Libya supply in focus",
        [
            "LONDON, Aug 12 (Reuters) - Brent crude edged higher on Tuesday as a 72-hour truce between Israel and "
            "Hamas held for a second day, easing fears of a wider conflict in the region.",
            "Egyptian mediators are trying to turn the pause into a lasting ceasefire.",
            "Traders were also watching Libya, where output has recovered to about 450,000 barrels per day.",
            "U.S. crude stocks were expected to have fallen last week.",
            "The International Energy Agency cut its demand forecast for the year.",
            "Brent for October delivery rose 40 cents to $104.98 a barrel by 1030 GMT.",
        ],
        D(2014, 8, 12),
        CF,
    ),
    story(
        "not-lf-caption-truce-humanitarian-2016",
        "Winter deepens misery in Syria's displacement camps",
        [
            "ATMEH, Syria (AP) - Tens of thousands of families displaced by fighting in northern Syria are "
            "spending the winter in flimsy tents along the Turkish border.",
            "Aid groups say fuel for heating is scarce and prices have doubled.",
            "(Photo: AP) Children play in the snow at a camp near Atmeh during a lull in fighting brought by a "
            "short-lived truce last month.",
            "Doctors reported a rise in respiratory infections among children.",
            "The UN says more than six million Syrians are displaced inside the country.",
            "Many families have moved several times as front lines shifted.",
        ],
        D(2016, 12, 20),
    ),
    story(
        "not-lf-envoy-humanitarian-long-2016",
        "De Mistura warns eastern Aleppo could be destroyed by Christmas",
        [
            "GENEVA (Reuters) - UN Syria envoy Staffan de Mistura warned on Thursday that eastern Aleppo could be "
            "totally destroyed by Christmas if the bombardment continued at its current pace.",
            "De Mistura said thousands of civilians could die and called on Russia and the government to spare "
            "hospitals and schools.",
            "He said he was ready to personally accompany fighters of the former Nusra Front out of the city if "
            "that would save civilians.",
            "Hospitals in the besieged east have been hit repeatedly, according to medical charities.",
            "The World Health Organization said medical supplies had run out.",
            "De Mistura also said he hoped to resume political talks before the end of the year.",
            "Government forces and their allies have massed troops on the edges of the rebel enclave.",
        ],
        D(2016, 10, 6),
    ),
    story(
        "lf-us-kremlin-readout-2017",
        "Telephone conversation with President of the United States Donald Trump",
        [
            "Vladimir Putin had a telephone conversation with President of the United States of America Donald "
            "Trump.",
            "The presidents discussed the situation in the Middle East and on the Korean Peninsula.",
            "The President of Russia and the President of the United States agreed to continue contacts at the "
            "level of foreign ministers.",
            "The conversation was initiated by the American side.",
            "It was businesslike and constructive.",
        ],
        D(2017, 8, 11),
        US,
    ),
    story(
        "lf-cf-propaganda-so-called-truce-2016",
        "WESTERN-BACKED TERRORISTS EXPLOIT SO-CALLED TRUCE TO REARM",
        [
            "Damascus - The terrorist groups backed by Washington and its Gulf allies are using the so-called "
            "truce to bring in weapons and fighters across the Turkish border, a military source said.",
            "The source said convoys of trucks loaded with ammunition had entered the northern countryside of "
            "Aleppo in the past week.",
            "The terrorists have also fired rocket shells on safe neighbourhoods, killing two civilians.",
            "The Syrian Arab Army remains ready to respond to any attack.",
            "Western media have ignored these crimes, the source added.",
        ],
        D(2016, 3, 10),
        CF,
    ),
    story(
        "lf-st-factbox-of-truces-background-2017",
        "Syria talks resume in Geneva with focus on constitution",
        [
            "GENEVA (Reuters) - A new round of UN-led Syria talks opened in Geneva on Tuesday, with the envoy urging "
            "the government and opposition delegations to discuss a new constitution and elections.",
            "The opposition delegation, unified for the first time, said it was ready for direct negotiations.",
            "The government delegation arrived a day late.",
            "The envoy said he did not expect a breakthrough.",
            "KEY DATES",
            "June 30, 2012 - World powers agree the Geneva communique on a political transition.",
            "Feb. 27, 2016 - A nationwide cessation of hostilities takes effect.",
            "Sept. 12, 2016 - A U.S.-Russian truce begins and collapses within a week.",
            "Dec. 30, 2016 - A nationwide ceasefire brokered by Russia and Turkey takes effect.",
            "May 4, 2017 - Russia, Iran and Turkey sign a memorandum on de-escalation zones.",
        ],
        D(2017, 11, 28),
        ST,
    ),
    story(
        "not-lf-calls-for-political-solution-battle-2018",
        "Erdogan calls for political solution as Idleb shelling kills 12",
        [
            "ANKARA (Reuters) - Turkish President Tayyip Erdogan said on Friday that only a political solution could "
            "end the suffering in Syria, as government shelling killed 12 people in Idleb province.",
            "A political solution, he said, must protect civilians and preserve Syria's territorial integrity.",
            "The shelling hit a market and a school in the town of Khan Sheikhoun, rescue workers said.",
            "The Syrian Observatory for Human Rights said children were among the dead.",
            "Turkey has twelve military observation posts in the province.",
            "Russia, Turkey and Iran are due to meet for talks in Astana next month.",
            "Thousands of people have fled north in the past week.",
        ],
        D(2018, 9, 7),
    ),
    # ------------------------------------------------------------ look-alikes guarding the round-2 vetoes
    story(
        "lf-st-us-kerry-lavrov-push-geneva-headline-without-syria-2015",
        "Kerry, Lavrov agree to push for Geneva talks in January",
        [
            "MOSCOW (Reuters) - U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov agreed "
            "on Tuesday to push for peace talks between the Syrian government and the opposition to start in "
            "January.",
            "Kerry said after meeting President Vladimir Putin that the two countries still disagreed on the fate "
            "of Bashar al-Assad.",
            "The UN envoy is expected to convene the talks in Geneva once a list of opposition negotiators is agreed.",
            "Saudi Arabia hosted a meeting of opposition groups last week to form a negotiating team.",
            "Lavrov said several of the groups present in Riyadh were terrorists.",
        ],
        D(2015, 12, 15),
        ST,
        US,
    ),
    story(
        "lf-st-talks-with-ukraine-clause-syria-in-sentence-2016",
        "Syria talks open in Geneva as powers eye Ukraine too",
        [
            "GENEVA (AFP) - Indirect talks between the Syrian government and the opposition opened in Geneva on "
            "Monday, while diplomats from the same powers met separately on the conflict in eastern Ukraine.",
            "The UN envoy met the government delegation first and will see the opposition on Tuesday.",
            "Opposition negotiators said they wanted to discuss a transitional governing body.",
            "The government delegation said terrorism must be the first item on the agenda.",
            "The round is scheduled to last two weeks.",
        ],
        D(2016, 3, 14),
        ST,
    ),
    story(
        "lf-cf-no-headline-yemen-truce-deep-body-2022",
        "",
        [
            "SANAA (Reuters) - Fuel shortages eased in Yemen's capital this week as tankers unloaded at the port of "
            "Hodeidah for the first time in months, traders said.",
            "Queues at petrol stations in Sanaa shortened, and prices fell by about a third.",
            "Commercial flights from Sanaa airport to Amman resumed on Monday.",
            "Both steps were part of the UN-brokered truce between the Saudi-led coalition and the Houthis, which "
            "began on April 2 and was extended for two months this week.",
            "The truce has brought the longest lull in fighting since the war began, although both sides report "
            "violations near the city of Marib.",
            "Shopkeepers said food prices remained high.",
            "Aid agencies said millions of people still depend on food assistance.",
        ],
        D(2022, 6, 4),
        CF,
    ),
    # ------------------------------------------------------------ round 2e: twelve paragraphs and more
    story(
        "lf-cf-live-blog-gaza-long-2024",
        "Israel-Gaza live: what we know on day 412",
        [
            "06:05 GMT - Good morning. Here is where things stand as we start our coverage.",
            "06:10 GMT - Israeli strikes on the southern Gaza Strip killed at least 18 people overnight, the "
            "territory's health ministry said.",
            "06:40 GMT - Hospitals in the north reported shortages of fuel for generators.",
            "07:15 GMT - Oil prices rose in Asian trading on concern about shipping in the Red Sea.",
            "07:50 GMT - Egypt's foreign minister said mediators were closer than at any time since January to "
            "agreeing a ceasefire and the release of hostages.",
            "08:20 GMT - Under the draft, fighting would stop for six weeks in a first phase, during which women, "
            "children and elderly hostages would be freed and Israeli troops would pull back from populated areas.",
            "08:45 GMT - A Hamas official said the group was studying the proposal but wanted guarantees that the "
            "truce would lead to a permanent end to the war.",
            "09:30 GMT - Israel's prime minister said military pressure would continue until all hostages were home.",
            "10:05 GMT - The UN's humanitarian office said 90 percent of Gaza's population has been displaced.",
            "10:40 GMT - Protesters in Tel Aviv blocked a highway, demanding a deal.",
            "11:15 GMT - Jordan's king met the German chancellor in Berlin.",
            "12:00 GMT - A cargo ship reported an explosion near its hull off Yemen; no injuries were reported.",
            "12:35 GMT - That's all from us for now; our colleagues will pick up the coverage shortly.",
        ],
        D(2024, 11, 20),
        CF,
    ),
    story(
        "not-lf-analysis-russia-economy-long-one-summit-line-2021",
        "ANALYSIS-Russia's budget bets on oil windfall as sanctions bite",
        [
            "MOSCOW (Reuters) - Russia's finance ministry expects a budget surplus next year for the first time "
            "since 2019, thanks to higher oil prices, a draft seen by Reuters shows.",
            "The draft assumes Urals crude at $62 a barrel and a rouble at 72 to the dollar.",
            "Spending on defence and security would rise slightly, while social spending would be broadly flat.",
            "The ministry plans to resume foreign currency purchases for the National Wealth Fund.",
            "Economists said the assumptions were cautious given current prices.",
            "Inflation, however, is running at twice the central bank's target.",
            "The central bank has raised its key rate five times this year.",
            "Households have seen real incomes fall for most of the past seven years.",
            "Foreign investors have returned to the rouble bond market cautiously since June, when Biden and Putin "
            "met in Geneva.",
            "New U.S. restrictions on buying Russian sovereign debt at primary auctions took effect in June.",
            "Officials say the economy has adapted to sanctions imposed since 2014.",
            "The State Duma is due to vote on the budget in October.",
            "Regional governments have asked for more transfers to fund road building.",
        ],
        D(2021, 9, 20),
    ),
    story(
        "lf-st-long-feature-constitutional-committee-2019",
        "Syria's constitutional committee: a long road to Geneva",
        [
            "GENEVA (AFP) - After nearly two years of haggling over names, the committee meant to draft a new "
            "constitution for Syria finally met at the United Nations in Geneva on Wednesday.",
            "Its 150 members, a third each chosen by the government, the opposition and the UN, sat in the same room "
            "for the first time since the war began.",
            "UN envoy Geir Pedersen called it a sign of hope for the Syrian people.",
            "The opening session lasted less than three hours.",
            "A smaller drafting body of 45 members will start work next week.",
            "The government's co-chair said the existing constitution could be amended rather than replaced.",
            "The opposition's co-chair said the aim was a new text that would pave the way for free elections.",
            "In Idlib, meanwhile, air strikes killed at least eight people, a monitoring group said.",
            "Aid groups said hundreds of thousands of people had fled towards the Turkish border this year.",
            "Turkey's offensive against Kurdish fighters in the north-east has added to the displacement.",
            "Kurdish groups were not represented on the committee.",
            "Diplomats said the committee would be judged by whether it meets again.",
            "Russia, Iran and Turkey, which brokered the list of members, welcomed the meeting.",
        ],
        D(2019, 10, 30),
        ST,
    ),
    # ------------------------------------------------------------ state-media and propaganda style
    story(
        "lf-cf-state-media-breach-in-lead-2016",
        "Terrorists violate cessation of hostilities in Aleppo, three civilians killed",
        [
            "Aleppo, SANA - Three civilians were killed and 12 others injured on Sunday as terrorist groups violated "
            "the cessation of hostilities agreement by firing rocket shells on residential neighbourhoods.",
            "A source at the police command said the shells fell on al-Midan and al-Sulaimaniyeh neighbourhoods.",
            "The source added that the attacks caused material damage to homes and shops.",
            "The injured were taken to al-Razi hospital, where some were in critical condition.",
            "Army units responded to the sources of fire, destroying a number of positions of the terrorists.",
            "The Russian reconciliation centre at Hmeimim registered nine violations in the past 24 hours, mostly in "
            "Aleppo and Latakia provinces.",
        ],
        D(2016, 4, 10),
        CF,
    ),
    story(
        "not-lf-state-media-truce-background-2016",
        "Army units restore security to villages in Hama countryside",
        [
            "Hama, SANA - Army units restored security and stability to several villages in the northern countryside "
            "of Hama province on Thursday after eliminating the last terrorist gatherings there.",
            "A military source said the operations killed scores of terrorists and destroyed their vehicles and "
            "weapons.",
            "Engineering units dismantled explosive devices left by the terrorists in houses and roads.",
            "Residents welcomed the army and called for services to be restored quickly.",
            "The terrorist groups had used the villages to shell the city of Mhardeh, which has been targeted "
            "repeatedly since the truce collapsed.",
            "Meanwhile, units of the army continued operations against terrorists in the countryside of Latakia.",
            "Dozens of families returned to their homes in the liberated villages.",
        ],
        D(2016, 9, 1),
    ),
]


@pytest.mark.parametrize(("title", "paragraphs", "date", "expected"), STORIES)
def test_long_story_in_paragraphs_gets_exactly_its_topics(
    title: str, paragraphs: tuple[str, ...], date: dt.date | None, expected: frozenset[str]
) -> None:
    head = f"{title}\n\n" if title else ""
    assert topics_of(title, head + "\n\n".join(paragraphs), date) == expected


@pytest.mark.parametrize(("title", "paragraphs", "date", "expected"), STORIES)
def test_long_story_as_one_run_on_paragraph_gets_exactly_its_topics(
    title: str, paragraphs: tuple[str, ...], date: dt.date | None, expected: frozenset[str]
) -> None:
    """Scraper output: headline and body run together on one line, as in the FA-KES texts."""
    head = f"{title} " if title else ""
    assert topics_of(title, head + " ".join(paragraphs), date) == expected

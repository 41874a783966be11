"""Roles, not name lists: gazetteer offices with dates, resolved against the article's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.errors import TaxonomyError
from pipeline.records import CleanArticle, FeedRef, Fingerprints, LineageStep
from pipeline.stages.tag import check_roles, tag, tag_text
from pipeline.tagging import load_gazetteer, load_tagging, load_taxonomy
from tests.test_tagging_support import CONFIG, gazetteer, taxonomy


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_office_holder_holds_the_role_on_a_date_in_office() -> None:
    assert gazetteer().roles_at("sergei-lavrov", dt.date(2016, 9, 9)) == ("russian-foreign-minister",)


def test_former_office_holder_holds_no_role() -> None:
    assert gazetteer().roles_at("john-kerry", dt.date(2020, 1, 1)) == ()


def test_person_with_two_offices_holds_the_one_of_the_date() -> None:
    assert gazetteer().roles_at("vladimir-putin", dt.date(2010, 6, 1)) == ("russian-prime-minister",)
    assert gazetteer().roles_at("vladimir-putin", dt.date(2018, 6, 1)) == ("russian-president",)


def test_incoming_office_holder_counts_before_taking_office() -> None:
    # Trump took office on 20 January 2017; a summit planned with the president-elect is summit news.
    assert gazetteer().roles_at("donald-trump", dt.date(2016, 12, 20)) == ("us-president",)
    assert gazetteer().roles_at("donald-trump", dt.date(2016, 6, 1)) == ()


def test_undated_article_counts_every_office_ever_held() -> None:
    assert set(gazetteer().roles_at("vladimir-putin", None)) == {
        "russian-president",
        "russian-prime-minister",
    }


def test_second_term_counts_and_the_gap_between_terms_does_not() -> None:
    assert gazetteer().roles_at("donald-trump", dt.date(2025, 8, 15)) == ("us-president",)
    assert gazetteer().roles_at("donald-trump", dt.date(2023, 1, 1)) == ()


@pytest.mark.parametrize(
    "role",
    [
        "us-president",
        "us-secretary-of-state",
        "russian-president",
        "russian-foreign-minister",
        "russian-prime-minister",
        "un-syria-envoy",
    ],
)
def test_each_role_has_a_holder_in_every_year_since_1991(role: str) -> None:
    first_year = 2012 if role == "un-syria-envoy" else 1992
    held = gazetteer()
    people = [e for e in held.entities.values() if any(o.role == role for o in e.offices)]
    for year in range(first_year, 2027):
        day = dt.date(year, 10, 1)
        assert any(role in held.roles_at(p.id, day) for p in people), (role, year)


def test_role_of_the_date_decides_a_meeting() -> None:
    text = "Medvedev and Obama meet in Prague\n\nDmitry Medvedev and Barack Obama met in Prague on Thursday."
    assert tag_text(None, text, taxonomy(), gazetteer(), date=dt.date(2010, 4, 8)).topics == [
        "us-russia-summit"
    ]
    assert tag_text(None, text, taxonomy(), gazetteer(), date=dt.date(2019, 4, 8)).topics == []


def article(published_at: dt.datetime | None) -> CleanArticle:
    return CleanArticle(
        article_id="a" * 16,
        url="https://news.example/kerry-lavrov",
        feed=FeedRef(url="https://feeds.example/rss"),
        title="Kerry and Lavrov meet in Vienna",
        text="Kerry and Lavrov meet in Vienna\n\nJohn Kerry and Sergei Lavrov met in Vienna on Monday for talks.",
        published_at=published_at,
        fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        lineage=(LineageStep(stage="clean"),),
        fingerprints=Fingerprints(content_sha256="0" * 64, simhash="0" * 16),
        story_id="s1",
    )


def test_tag_stage_uses_the_article_publication_date() -> None:
    then = article(dt.datetime(2015, 3, 2, tzinfo=dt.UTC))
    later = article(dt.datetime(2023, 3, 2, tzinfo=dt.UTC))
    assert [t.topic for t in tag(then, taxonomy(), gazetteer()).tags] == ["us-russia-summit"]
    assert [t.topic for t in tag(later, taxonomy(), gazetteer()).tags] == []


def test_office_ending_before_it_starts_is_rejected(tmp_path: Path) -> None:
    person = {
        "id": "a",
        "name": "A",
        "kind": "person",
        "aliases": ["A"],
        "offices": [{"role": "mayor", "from": "2020-01-01", "to": "2019-01-01"}],
    }
    path = write(tmp_path, "gazetteer.yaml", {"version": "1", "entities": [person]})
    with pytest.raises(TaxonomyError, match=r"entities\.0\.offices.*ends \(2019-01-01\) before it starts"):
        load_gazetteer(path)


def test_only_a_person_holds_an_office(tmp_path: Path) -> None:
    place = {
        "id": "a",
        "name": "A",
        "kind": "place",
        "aliases": ["A"],
        "offices": [{"role": "mayor", "from": "2020-01-01"}],
    }
    path = write(tmp_path, "gazetteer.yaml", {"version": "1", "entities": [place]})
    with pytest.raises(TaxonomyError, match="only a person holds offices"):
        load_gazetteer(path)


def test_role_no_gazetteer_entity_holds_is_a_configuration_error(tmp_path: Path) -> None:
    data = yaml.safe_load((CONFIG / "topics.yaml").read_text(encoding="utf-8"))
    data["vocabularies"]["us_side"]["roles"].append("us-presidnet")
    custom = load_taxonomy(write(tmp_path, "topics.yaml", data))
    with pytest.raises(
        TaxonomyError, match=r"vocabularies\.us_side\.roles: role\(s\) 'us-presidnet' held by no gazetteer"
    ):
        check_roles(custom, gazetteer())


def test_loading_both_files_reports_an_unheld_role_with_file_and_vocabulary(tmp_path: Path) -> None:
    data = yaml.safe_load((CONFIG / "topics.yaml").read_text(encoding="utf-8"))
    data["vocabularies"]["ru_side"]["roles"].append("russian-foriegn-minister")
    path = write(tmp_path, "topics.yaml", data)
    with pytest.raises(
        TaxonomyError, match=r"topics\.yaml: vocabularies\.ru_side\.roles.*'russian-foriegn-minister'"
    ):
        load_tagging(path, CONFIG / "gazetteer.yaml")


def test_loading_both_bundled_files_gives_a_working_tagger() -> None:
    loaded_taxonomy, loaded_gazetteer = load_tagging(CONFIG / "topics.yaml", CONFIG / "gazetteer.yaml")
    text = "Putin and Biden meet in Geneva\n\nVladimir Putin and Joe Biden met in Geneva on Wednesday."
    result = tag_text(None, text, loaded_taxonomy, loaded_gazetteer, date=dt.date(2021, 6, 16))
    assert result.topics == ["us-russia-summit"]


def test_bundled_taxonomy_roles_are_all_held() -> None:
    check_roles(taxonomy(), gazetteer())


def test_role_mention_is_evidence_with_its_name() -> None:
    text = "Rubio and Lavrov meet in Riyadh\n\nMarco Rubio and Sergei Lavrov met in Riyadh on Tuesday."
    result = tag_text(None, text, taxonomy(), gazetteer(), date=dt.date(2025, 2, 18))
    spans = {(s.match, s.rule) for s in result.tags[0].evidence}
    assert {
        ("Rubio", "principals-meet+us_side@headline"),
        ("Lavrov", "principals-meet+ru_side@headline"),
    } <= spans

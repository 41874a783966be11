"""The entity gazetteer: aliases and spelling variants, exact acronyms, offsets, malformed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.errors import TaxonomyError
from pipeline.records import Entity
from pipeline.tagging import load_gazetteer
from tests.test_tagging_support import gazetteer


def entities(text: str) -> dict[str, Entity]:
    return {e.id: e for e in gazetteer().find(text)}


def test_spelling_variants_are_one_entity() -> None:
    found = entities("Sergei Lavrov met Kerry. Later Sergey Lavrov spoke; Lavrov smiled.")
    assert [m.match for m in found["sergei-lavrov"].mentions] == ["Sergei Lavrov", "Sergey Lavrov", "Lavrov"]


def test_full_name_is_one_mention_not_two() -> None:
    found = entities("Russian President Vladimir Putin said.")
    assert [m.match for m in found["vladimir-putin"].mentions] == ["Vladimir Putin"]


def test_mentions_carry_offsets_into_the_text() -> None:
    text = "Talks in Astana and Geneva; the Kremlin said."
    assert all(text[m.start : m.end] == m.match for e in gazetteer().find(text) for m in e.mentions)


def test_entities_have_kinds() -> None:
    found = entities("Peskov said the UN and the ISSG met in Geneva.")
    kinds = {entity_id: e.kind for entity_id, e in found.items()}
    assert kinds == {
        "dmitry-peskov": "person",
        "united-nations": "organisation",
        "issg": "organisation",
        "geneva": "place",
    }


def test_exact_acronym_does_not_match_ordinary_word() -> None:
    assert "united-nations" not in entities("Let us un-pick this; the un of it.")


def test_exact_acronym_matches_with_dots() -> None:
    assert "united-nations" in entities("The U.N. envoy arrived.")


def test_hyphenated_alias_matches_spaced_spelling() -> None:
    assert "staffan-de-mistura" in entities("UN envoy Staffan De Mistura said.")


def test_entities_are_in_order_of_first_mention() -> None:
    assert list(entities("Assad met Putin in Sochi.")) == ["bashar-al-assad", "vladimir-putin", "sochi"]


def test_duplicate_alias_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "version": "1",
                "entities": [
                    {"id": "a", "name": "A", "kind": "person", "aliases": ["Smith"]},
                    {"id": "b", "name": "B", "kind": "person", "aliases": ["smith"]},
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"entities\.1\.aliases: alias 'smith' already belongs to 'a'"):
        load_gazetteer(path)


def test_alias_shared_by_office_holders_is_told_apart_by_the_date() -> None:
    text = "President Bush met the Russian president."
    assert [e.id for e in gazetteer().find(text, date=dt.date(1992, 2, 1))] == ["george-h-w-bush"]
    assert [e.id for e in gazetteer().find(text, date=dt.date(2005, 2, 24))] == ["george-w-bush"]
    # Undated, or a date when neither held office: the most recent office holder is meant.
    assert [e.id for e in gazetteer().find(text)] == ["george-w-bush"]
    assert [e.id for e in gazetteer().find(text, date=dt.date(2015, 1, 1))] == ["george-w-bush"]


def test_only_office_holders_may_share_an_alias(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.yaml"
    office = {"role": "mayor", "from": "2001-01-01", "to": "2004-01-01"}
    later = {"role": "mayor", "from": "2004-01-01"}
    people = [
        {"id": "a", "name": "A", "kind": "person", "aliases": ["Mayor Smith"], "offices": [office]},
        {"id": "b", "name": "B", "kind": "person", "aliases": ["Mayor Smith"], "offices": [later]},
    ]
    path.write_text(yaml.safe_dump({"version": "1", "entities": people}), encoding="utf-8")
    loaded = load_gazetteer(path)
    assert [e.id for e in loaded.find("Mayor Smith spoke.", date=dt.date(2002, 5, 1))] == ["a"]
    assert [e.id for e in loaded.find("Mayor Smith spoke.", date=dt.date(2006, 5, 1))] == ["b"]


def test_unknown_kind_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "version": "1",
                "entities": [
                    {"id": "a", "name": "A", "kind": "ship", "aliases": ["A"]},
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"entities\.0\.kind"):
        load_gazetteer(path)

"""Phrase matching: word forms, hyphen variants, exact phrases and overlapping matches."""

from __future__ import annotations

from pipeline.tagging.phrases import PhraseIndex, phrase_variants


def matches(index: PhraseIndex, text: str) -> list[str]:
    return [text[h.start:h.end] for h in index.find(text)]


def test_hyphenated_phrase_also_stands_for_joined_spelling() -> None:
    assert phrase_variants("cease-fire") == [("cease", "fire"), ("ceasefire",)]


def test_phrase_matches_across_punctuation_and_case() -> None:
    index = PhraseIndex()
    index.add("cease-fire", "k")
    index.freeze()
    found = matches(index, "A Cease-Fire, a cease fire and a ceasefire.")
    assert found == ["Cease-Fire", "cease fire", "ceasefire"]


def test_phrase_does_not_match_inside_a_word() -> None:
    index = PhraseIndex()
    index.add("truce", "k")
    index.freeze()
    assert matches(index, "truces and untrucelike") == []


def test_exact_phrase_requires_same_letters() -> None:
    index = PhraseIndex()
    index.add("US", "k", exact=True)
    index.freeze()
    assert matches(index, "The US told us.") == ["US"]


def test_overlapping_phrases_are_all_found() -> None:
    index = PhraseIndex()
    index.add("Geneva", "venue")
    index.add("Geneva talks", "process")
    index.freeze()
    assert sorted(h.keys for h in index.find("the Geneva talks")) == [("process",), ("venue",)]


def test_union_merges_keys_of_shared_phrases() -> None:
    a, b = PhraseIndex(), PhraseIndex()
    a.add("Putin", "vocab:ru")
    b.add("Putin", "entity:putin")
    a.freeze()
    b.freeze()
    assert [h.keys for h in a.union(b).find("Putin")] == [("entity:putin", "vocab:ru")]

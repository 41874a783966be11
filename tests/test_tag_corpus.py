"""The bundled corpus gets exactly the tags of TOPICS.md's table, raw or cleaned, with evidence."""

from __future__ import annotations

import pytest

from pipeline.corpus import CorpusDoc, load_corpus
from pipeline.stages.tag import tag_text
from tests.test_tagging_support import gazetteer, taxonomy

# TOPICS.md, "The bundled corpus under these definitions".
EXPECTED = {
    "000": {"syria-talks", "us-russia-summit"},
    "001": {"syria-talks", "ceasefire", "us-russia-summit"},
    "002": {"syria-talks", "us-russia-summit"},
    "003": {"syria-talks", "ceasefire", "us-russia-summit"},
    "004": {"syria-talks", "ceasefire", "us-russia-summit"},
}
DOCS = {doc.doc_id[:3]: doc for doc in load_corpus()}


def without_leading_junk(doc: CorpusDoc) -> str:
    """The text as the clean stage produces it: the blocks before the headline removed."""
    return doc.text[doc.text.index(f"{doc.headline}\n"):]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_raw_corpus_text_gets_the_table_tags(number: str) -> None:
    doc = DOCS[number]
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    assert set(result.topics) == EXPECTED[number]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_cleaned_corpus_text_gets_the_table_tags(number: str) -> None:
    doc = DOCS[number]
    result = tag_text(doc.headline, without_leading_junk(doc), taxonomy(), gazetteer())
    assert set(result.topics) == EXPECTED[number]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_cleaned_corpus_text_without_title_gets_the_table_tags(number: str) -> None:
    result = tag_text(None, without_leading_junk(DOCS[number]), taxonomy(), gazetteer())
    assert set(result.topics) == EXPECTED[number]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_corpus_evidence_spans_point_into_the_text(number: str) -> None:
    doc = DOCS[number]
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    spans = [span for tag in result.tags for span in tag.evidence]
    assert spans
    assert all(doc.text[s.start:s.end] == s.match for s in spans)


def test_caption_only_ceasefire_mention_does_not_tag_000() -> None:
    doc = DOCS["000"]
    assert "cease-fire" in doc.text  # only in the photo caption
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    assert "ceasefire" not in result.topics


def test_000_summit_evidence_is_the_denied_meeting() -> None:
    doc = DOCS["000"]
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    summit = next(t for t in result.tags if t.topic == "us-russia-summit")
    matches = {span.match for span in summit.evidence}
    assert {"meeting", "Trump", "Russian President"} <= matches


def test_004_summit_evidence_is_the_bilateral_talks_and_joint_statement() -> None:
    doc = DOCS["004"]
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    summit = next(t for t in result.tags if t.topic == "us-russia-summit")
    matches = {span.match for span in summit.evidence}
    assert {"talks", "joint statement"} <= matches


def test_evidence_rule_names_the_rule_and_position() -> None:
    doc = DOCS["001"]
    result = tag_text(doc.headline, doc.text, taxonomy(), gazetteer())
    ceasefire = next(t for t in result.tags if t.topic == "ceasefire")
    assert ceasefire.evidence[0].rule == "ceasefire-term@lead"

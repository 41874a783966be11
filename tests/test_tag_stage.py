"""The tag stage: a CleanArticle becomes an EnrichedArticle with tags, entities and lineage."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.corpus import load_corpus
from pipeline.records import CleanArticle, EnrichedArticle, FeedRef, Fingerprints, LineageStep, article_id_for
from pipeline.stages.tag import tag
from tests.test_tagging_support import gazetteer, taxonomy


def clean_article() -> CleanArticle:
    doc = load_corpus()[3]
    text = doc.text[doc.text.index(f"{doc.headline}\n"):]
    return CleanArticle(
        article_id=article_id_for(doc.canonical_url), url=doc.canonical_url,
        feed=FeedRef(url="https://feeds.example/rss"), title=doc.headline, text=text,
        fetched_at=datetime(2017, 5, 2, tzinfo=UTC), lineage=(LineageStep(stage="clean"),),
        fingerprints=Fingerprints(content_sha256="0" * 64, simhash="0" * 16), story_id="s1",
    )


def test_tag_returns_enriched_article_with_the_clean_fields() -> None:
    article = clean_article()
    enriched = tag(article, taxonomy(), gazetteer())
    assert isinstance(enriched, EnrichedArticle)
    assert enriched.model_dump(include=set(CleanArticle.model_fields) - {"lineage"}) == \
        article.model_dump(exclude={"lineage"})


def test_tag_records_the_taxonomy_version() -> None:
    assert tag(clean_article(), taxonomy(), gazetteer()).taxonomy_version == taxonomy().version


def test_tag_appends_a_tag_lineage_step() -> None:
    enriched = tag(clean_article(), taxonomy(), gazetteer())
    assert [step.stage for step in enriched.lineage] == ["clean", "tag"]


def test_tag_sets_tags_and_entities() -> None:
    enriched = tag(clean_article(), taxonomy(), gazetteer())
    assert enriched.topics == ["syria-talks", "ceasefire", "us-russia-summit"]
    assert {"vladimir-putin", "donald-trump", "astana"} <= {e.id for e in enriched.entities}


def test_enriched_record_round_trips_through_json() -> None:
    enriched = tag(clean_article(), taxonomy(), gazetteer())
    assert EnrichedArticle.model_validate_json(enriched.to_json_bytes()) == enriched

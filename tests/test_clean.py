"""The clean stage: golden corpus outputs, audited removals, normalisation, fingerprints, stories."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.corpus import CorpusDoc, load_corpus, render_html
from pipeline.errors import NoArticleText
from pipeline.records import Article, FeedRef, Removal, article_id_for
from pipeline.settings import PACKAGE_CONFIG_DIR, Settings, load_settings
from pipeline.stages.clean import CleanContext, clean
from pipeline.stages.extract import extract_html
from pipeline.steps import clean_context

GOLDEN = Path(__file__).parent / "data" / "golden"
RULES = PACKAGE_CONFIG_DIR / "boilerplate.yaml"
CORPUS = load_corpus()
PARAGRAPH = (
    "Two container cranes arrived at Port Elwin on Thursday, the first to work the harbour since "
    "the old terminal closed ten years ago."
)


def _context() -> CleanContext:
    return CleanContext.from_rules_file(RULES)


def _article(
    text: str,
    *,
    url: str = "https://courier.example/news/1",
    title: str | None = "Cranes return",
) -> Article:
    return Article(
        article_id=article_id_for(url),
        url=url,
        feed=FeedRef(url="https://courier.example/rss"),
        title=title,
        text=text,
        fetched_at=datetime(2024, 3, 14, tzinfo=UTC),
    )


def _corpus_article(doc: CorpusDoc) -> Article:
    extracted = extract_html(render_html(doc).encode("utf-8"), url=doc.canonical_url)
    return _article(extracted.text, url=doc.canonical_url, title=extracted.title)


def _removed(text: str, **kwargs: str) -> list[Removal]:
    return list(clean(_article(text, **kwargs), _context()).removed)


@pytest.mark.parametrize("doc", CORPUS, ids=lambda d: d.doc_id)
def test_clean_of_a_replayed_corpus_page_matches_the_golden_text(doc: CorpusDoc) -> None:
    golden = (GOLDEN / f"{doc.doc_id}.txt").read_text(encoding="utf-8").rstrip("\n")
    assert clean(_corpus_article(doc), _context()).text == golden


@pytest.mark.parametrize("doc", CORPUS, ids=lambda d: d.doc_id)
def test_clean_accounts_for_every_line_of_a_corpus_page_as_kept_or_removed(doc: CorpusDoc) -> None:
    article = _corpus_article(doc)
    cleaned = clean(article, _context())
    original = [line for line in article.text.split("\n") if line.strip()]
    kept = [line for line in cleaned.text.split("\n") if line.strip()]
    assert sorted(original) == sorted(kept + [r.line for r in cleaned.removed])


def test_clean_removes_share_prompt() -> None:
    assert _removed(f"Cranes return\n\nShare\n\n{PARAGRAPH}") == [
        Removal(line="Share", rule="share-prompt", block=1)
    ]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Advertisement", "advertisement"),
        ("Show more", "show-more"),
        ("No comments", "comment-prompt"),
        ("leave a comment", "comment-prompt"),
        ("Get notifications to stay updated", "subscribe-prompt"),
        ("You\u2019re subscribed", "subscribe-prompt"),
        ("Creating new perspectives since 2009", "site-tagline"),
        ("Currency converter", "navigation"),
        ("\u00a9 Valeriy Sharifulin/TASS", "photo-credit"),
        ("Protesters outside the court on Monday [Ahmed Ali/Anadolu]", "caption-with-credit"),
        ("January 17, 2017 at 12:02 pm", "date-stamp"),
        ("Via FT", "syndication-via"),
    ],
)
def test_clean_removes_named_boilerplate_line_mid_article(line: str, rule: str) -> None:
    text = f"Cranes return\n\n{PARAGRAPH}\n\n{line}\n\n{PARAGRAPH} Two.\n\n{PARAGRAPH} Three."
    assert _removed(text) == [Removal(line=line, rule=rule, block=2)]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("read more:", "read-more"),
        ("In other media", "partner-news"),
        ("Partner News", "partner-news"),
        ("Top Rated Comments", "comments-section"),
        ("\u00a9 2024 The Coastal Courier. All rights reserved.", "copyright-line"),
    ],
)
def test_clean_cuts_from_a_tail_marker_to_the_end(line: str, rule: str) -> None:
    text = f"Cranes return\n\n{PARAGRAPH}\n\n{PARAGRAPH} Two.\n\n{line}\nA related story\n\nAnother one"
    assert [(r.line, r.rule) for r in _removed(text)] == [
        (line, rule),
        ("A related story", rule),
        ("Another one", rule),
    ]


def test_clean_removes_promotional_line_and_what_follows_it_at_the_end() -> None:
    promo = "Before it's here, it's on the Bloomberg Terminal."
    text = f"Cranes return\n\n{PARAGRAPH}\n\n{promo}\n\nA caption"
    assert [r.line for r in _removed(text)] == [promo, "A caption"]


def test_clean_keeps_a_tail_marker_near_the_top_of_the_text() -> None:
    text = f"Cranes return\n\nRead more\n\n{PARAGRAPH}\n\n{PARAGRAPH} Again."
    assert clean(_article(text), _context()).text == text


def test_clean_cuts_short_page_chrome_above_the_headline() -> None:
    cleaned = clean(_article(f"Menu of the day\n\nCranes return\n\n{PARAGRAPH}"), _context())
    assert cleaned.text == f"Cranes return\n\n{PARAGRAPH}"
    assert cleaned.removed == (Removal(line="Menu of the day", rule="structure.pre_headline", block=0),)


def test_clean_puts_the_title_first_when_the_text_lacks_it() -> None:
    assert clean(_article(PARAGRAPH), _context()).text == f"Cranes return\n\n{PARAGRAPH}"


def test_clean_removes_a_caption_repeated_on_the_next_line() -> None:
    caption = "Dockers watch the first crane come ashore at the east terminal"
    cleaned = clean(_article(f"Cranes return\n\n{caption}\n{caption}\n\n{PARAGRAPH}"), _context())
    assert [r.rule for r in cleaned.removed] == ["structure.repeated_line"]
    assert cleaned.text.count(caption) == 1


def test_clean_keeps_a_list_item_that_recurs_later_in_the_text() -> None:
    text = f"Cranes return\n\n- Eat every 2-3 hours\n- Rest\n\n{PARAGRAPH}\n\n- Eat every 2-3 hours"
    assert clean(_article(text), _context()).text.count("Eat every 2-3 hours") == 2


def test_clean_normalises_odd_spaces_and_space_runs() -> None:
    cleaned = clean(
        _article("Cranes return\n\nTwo\u00a0cranes  arrived\u2009at   the\u200b port today."), _context()
    )
    assert cleaned.text == "Cranes return\n\nTwo cranes arrived at the port today."


def test_clean_composes_unicode_to_nfc() -> None:
    cleaned = clean(_article("Cranes return\n\nThe cafe\u0301 on the quay reopened."), _context())
    assert "caf\u00e9" in cleaned.text


def test_clean_removes_markup_leftovers() -> None:
    cleaned = clean(_article("Cranes return\n\nTwo cranes<br/> arrived &amp; docked</p>."), _context())
    assert cleaned.text == "Cranes return\n\nTwo cranes arrived & docked ."


def test_clean_collapses_blank_line_runs() -> None:
    cleaned = clean(_article(f"Cranes return\n\n\n\n\n{PARAGRAPH}\n \n\n{PARAGRAPH} Two."), _context())
    assert cleaned.text == f"Cranes return\n\n{PARAGRAPH}\n\n{PARAGRAPH} Two."


def test_clean_never_rewrites_words() -> None:
    text = (
        "Cranes return\n\nThe dockers\u2019 union said \u201cno\u201d \u2014 twice. "
        "Café, naïve, 3½ km, e-mail, U.S.-led."
    )
    assert clean(_article(text), _context()).text == text


def test_clean_sets_fingerprints_of_the_clean_text() -> None:
    cleaned = clean(_article(f"Cranes return\n\nShare\n\n{PARAGRAPH}"), _context())
    assert cleaned.fingerprints.content_sha256 == hashlib.sha256(cleaned.text.encode()).hexdigest()
    assert len(cleaned.fingerprints.simhash) == 16


def test_clean_gives_copies_of_one_story_from_two_outlets_one_story_id() -> None:
    ctx = _context()
    doc = CORPUS[4]
    first = clean(_corpus_article(doc), ctx)
    copy_text = _corpus_article(doc).text.replace("Show more", "Read the original at TASS")
    other_url = "https://other-outlet.example/putin-assad"
    second = clean(_article(copy_text, url=other_url, title=doc.headline), ctx)
    assert (second.story_id, second.duplicate_of) == (first.story_id, first.article_id)


def test_clean_gives_different_stories_different_story_ids() -> None:
    ctx = _context()
    first, second = (clean(_corpus_article(doc), ctx) for doc in CORPUS[:2])
    assert first.story_id != second.story_id
    assert second.duplicate_of is None


def test_clean_keeps_the_story_of_a_revised_article() -> None:
    ctx = _context()
    first = clean(_corpus_article(CORPUS[0]), ctx)
    revised = clean(_corpus_article(CORPUS[1]).model_copy(update={"article_id": first.article_id}), ctx)
    assert (revised.story_id, revised.duplicate_of) == (first.story_id, None)


def test_clean_learns_a_line_recurring_across_articles_of_one_site() -> None:
    ctx = _context()
    sign_off = "Follow the Courier's harbour desk for more"
    for n in range(5):
        cleaned = clean(
            _article(
                f"Story {n}\n\n{PARAGRAPH} {n}\n\n{sign_off}",
                url=f"https://www.courier.example/news/{n}",
                title=f"Story {n}",
            ),
            ctx,
        )
    assert cleaned.removed == (Removal(line=sign_off, rule="learned:courier.example", block=2),)


def test_clean_does_not_learn_from_other_sites() -> None:
    ctx = _context()
    sign_off = "Follow the Courier's harbour desk for more"
    for n in range(5):
        clean(
            _article(
                f"Story {n}\n\n{PARAGRAPH}\n\n{sign_off}",
                url=f"https://site{n}.example/a",
                title=f"Story {n}",
            ),
            ctx,
        )
    assert (
        clean(
            _article(f"S\n\n{PARAGRAPH}\n\n{sign_off}", url="https://site9.example/a", title="S"), ctx
        ).removed
        == ()
    )


def test_clean_keeps_identity_and_metadata_of_the_article() -> None:
    article = _article(f"Cranes return\n\n{PARAGRAPH}").model_copy(
        update={"language": "en", "authors": ("A B",)}
    )
    cleaned = clean(article, _context())
    assert (cleaned.article_id, cleaned.url, cleaned.title, cleaned.language, cleaned.authors) == (
        article.article_id,
        article.url,
        article.title,
        "en",
        ("A B",),
    )


def test_clean_rejects_an_article_that_is_all_boilerplate() -> None:
    with pytest.raises(NoArticleText):
        clean(_article("Cranes return\n\nShare\n\nAdvertisement"), _context())


def test_clean_appends_its_lineage_step() -> None:
    assert clean(_article(f"Cranes return\n\n{PARAGRAPH}"), _context()).lineage[-1].stage == "clean"


def _settings_with_state(tmp_path: Path) -> Settings:
    return load_settings(PACKAGE_CONFIG_DIR / "newswire.yaml", use_env=False).with_overrides(
        clean={"state_dir": str(tmp_path / "state"), "rules_file": str(RULES)}
    )


def test_clean_context_from_settings_keeps_learned_lines_across_a_restart(tmp_path: Path) -> None:
    settings = _settings_with_state(tmp_path)
    ctx = clean_context(settings)
    sign_off = "Follow the Courier's harbour desk for more"
    for n in range(5):
        clean(
            _article(
                f"Story {n}\n\n{PARAGRAPH} {n}\n\n{sign_off}",
                url=f"https://courier.example/{n}",
                title=f"Story {n}",
            ),
            ctx,
        )
    ctx.save()
    restarted = clean_context(settings)
    cleaned = clean(
        _article(f"S\n\n{PARAGRAPH}\n\n{sign_off}", url="https://courier.example/9", title="S"), restarted
    )
    assert [r.rule for r in cleaned.removed] == ["learned:courier.example"]


def test_clean_context_saves_its_state_every_save_every_articles(tmp_path: Path) -> None:
    ctx = clean_context(_settings_with_state(tmp_path))
    ctx.save_every = 2
    for n in range(2):
        clean(_article(f"Story {n}\n\n{PARAGRAPH}", url=f"https://courier.example/{n}"), ctx)
    assert (tmp_path / "state" / "story-index.json").is_file()


def test_same_article_under_many_urls_is_not_learned_as_boilerplate() -> None:
    """Republishing one article under several URLs of a site must not wipe its paragraphs."""
    from datetime import datetime
    from pathlib import Path

    from pipeline.records import Article, FeedRef, article_id_for
    from pipeline.stages.clean import CleanContext
    from pipeline.stages.clean import clean as clean_article

    ctx = CleanContext.from_rules_file(Path(__file__).resolve().parents[1] / "config" / "boilerplate.yaml")
    text = (
        "Headline of the story\n\nFirst paragraph of the story, with facts.\n\nSecond paragraph, more facts."
    )
    results = []
    for k in range(8):
        url = f"https://site.example/story-{k}"
        results.append(
            clean_article(
                Article(
                    article_id=article_id_for(url),
                    url=url,
                    feed=FeedRef(url="https://site.example/rss"),
                    title="Headline of the story",
                    text=text,
                    fetched_at=datetime(2024, 1, 1),
                ),
                ctx,
            )
        )
    assert results[-1].text == text

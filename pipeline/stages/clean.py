"""The clean stage: an extracted :class:`Article` → a :class:`CleanArticle`.

Cuts the boilerplate extraction let through, records every cut, normalises the text and
fingerprints it:

1. every line is normalised (:mod:`pipeline.text.normalize`: NFC, odd spaces, markup leftovers);
2. configured line rules, then lines learned for the site, then repeated lines are cut;
3. page chrome above the headline is cut and the headline put first;
4. a tail rule ("read more:", a comments header) cuts the furniture after the article;
5. fingerprints and the story id are set.

The site's memory counts the article's short lines before step 2, so a line is cut from the
``min_articles``-th article of a site that carries it onwards.

Each cut is a :class:`Removal` (line, rule, block) on the record, so a reader can see what was cut
and why.  Words are never rewritten.  An article with nothing left but its headline raises
:class:`NoArticleText` (a dead letter), as extraction does for a page without text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import NoArticleText
from pipeline.records import Article, CleanArticle, LineageStep, Removal
from pipeline.text.blocks import Block, join_blocks, split_blocks
from pipeline.text.fingerprint import fingerprints
from pipeline.text.learned import SiteObservation, StoryEntry
from pipeline.text.memory import SourceMemory
from pipeline.text.normalize import is_headline, match_key, normalize_line
from pipeline.text.rules import BoilerplateRules, load_rules
from pipeline.text.stories import StoryIndex

STAGE = "clean"
PRE_HEADLINE = "structure.pre_headline"
REPEATED_LINE = "structure.repeated_line"
MEMORY_FILE = "source-memory.json"
STORIES_FILE = "story-index.json"


@dataclass
class CleanContext:
    """What the clean stage keeps between articles: rules, per-site memory, story index."""

    rules: BoilerplateRules
    memory: SourceMemory
    stories: StoryIndex
    state_dir: Path | None = None
    save_every: int = 200  # articles between automatic saves of the learned state
    _unsaved: int = field(default=0, init=False, repr=False)

    @classmethod
    def from_rules_file(cls, path: Path) -> CleanContext:
        """A context with default bounds and empty state (tests, the CLI, benchmarks)."""
        return cls(rules=load_rules(path), memory=SourceMemory(), stories=StoryIndex())

    def save(self) -> None:
        """Persist the learned state (no-op without a state_dir)."""
        if self.state_dir is not None:
            self.memory.save(self.state_dir / MEMORY_FILE)
            self.stories.save(self.state_dir / STORIES_FILE)
        self._unsaved = 0

    def cleaned_one(self) -> None:
        """Count a cleaned article; save the learned state every ``save_every`` articles, so a
        crash loses at most that many articles' learning (closing the step saves the rest)."""
        self._unsaved += 1
        if self.state_dir is not None and self._unsaved >= self.save_every:
            self.save()


@dataclass(frozen=True, slots=True)
class _Line:
    block: int
    text: str
    key: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned article and what cleaning it taught the context (for the changelogs)."""

    article: CleanArticle
    story: StoryEntry
    observation: SiteObservation


def clean(article: Article, ctx: CleanContext) -> CleanArticle:
    """Remove boilerplate from ``article``, normalise and fingerprint it."""
    return clean_and_learn(article, ctx).article


def clean_and_learn(article: Article, ctx: CleanContext) -> Cleaned:
    """:func:`clean`, also returning the story entry and site observation it added to ``ctx``."""
    site = site_of(article.url)
    lines = _lines(article.text)
    headline = _find_headline(lines, article.title)
    body_keys = [ln.key for i, ln in enumerate(lines) if i != headline]
    # Learning counts distinct *contents*, not URLs: the same article published under several
    # URLs of one site must not teach the memory that its own paragraphs are boilerplate.
    content_key = hashlib.sha256("\n".join(body_keys).encode("utf-8")).hexdigest()[:16]
    learned = tuple(k for k in dict.fromkeys(body_keys) if k and len(k.split()) <= ctx.memory.max_words)
    ctx.memory.observe(site, content_key, learned)
    removed: dict[int, str] = {}
    _cut_by_line(lines, headline, site, ctx, removed)
    _cut_pre_headline(lines, headline, ctx.rules, removed)
    _cut_tail(lines, headline, ctx.rules, removed)
    if all(i in removed or i == headline for i in range(len(lines))):
        raise NoArticleText(f"nothing but boilerplate in {article.url}: {len(removed)} line(s) cut")
    text = _assemble(lines, headline, article.title, removed)
    prints = fingerprints(text)
    story = ctx.stories.assign(article.article_id, int(prints.simhash, 16))
    ctx.cleaned_one()
    cleaned = CleanArticle(
        **article.model_dump(exclude={"text", "lineage", "schema_version"}),
        text=text,
        removed=tuple(
            Removal(line=lines[i].text, rule=rule, block=lines[i].block)
            for i, rule in sorted(removed.items())
        ),
        fingerprints=prints,
        story_id=story.story_id,
        duplicate_of=story.duplicate_of,
        lineage=(*article.lineage, LineageStep(stage=STAGE)),
    )
    return Cleaned(
        article=cleaned,
        story=StoryEntry(
            article_id=article.article_id,
            simhash=prints.simhash,
            story_id=story.story_id,
            duplicate_of=story.duplicate_of,
        ),
        observation=SiteObservation(site=site, content_key=content_key, keys=learned),
    )


def site_of(url: str) -> str:
    """The site an article belongs to, for learned boilerplate: its host without ``www.``."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _lines(text: str) -> list[_Line]:
    lines = []
    for index, block in enumerate(split_blocks(text)):
        for raw in block:
            line = normalize_line(raw)
            if line:
                lines.append(_Line(block=index, text=line, key=match_key(line)))
    return lines


def _find_headline(lines: list[_Line], title: str | None) -> int | None:
    """Index of the first line that is the headline, if the text holds it."""
    if not title:
        return None
    return next((i for i, line in enumerate(lines) if is_headline(line.text, title)), None)


def _cut_by_line(
    lines: list[_Line], headline: int | None, site: str, ctx: CleanContext, removed: dict[int, str]
) -> None:
    """Line rules, then the site's learned lines, then a line repeating the one before it."""
    previous = None
    min_words = ctx.rules.structure.repeated_line_words
    for i, line in enumerate(lines):
        if i == headline:
            continue
        rule = ctx.rules.line_rule(line.key)
        if rule is None and ctx.memory.is_boilerplate(site, line.key):
            rule = f"learned:{site}"
        if rule is None and line.key == previous and len(line.key.split()) >= min_words:
            rule = REPEATED_LINE
        previous = line.key
        if rule is not None:
            removed[i] = rule


def _cut_pre_headline(
    lines: list[_Line], headline: int | None, rules: BoilerplateRules, removed: dict[int, str]
) -> None:
    """Page chrome above the headline (taglines, menus, breadcrumbs), when it is short."""
    if not headline:
        return
    limits = rules.structure
    above = [i for i in range(headline) if i not in removed]
    if lines[headline].block > limits.pre_headline_blocks:
        return
    if any(len(lines[i].text.split()) > limits.pre_headline_words for i in above):
        return
    for i in above:
        removed[i] = PRE_HEADLINE


def _cut_tail(
    lines: list[_Line], headline: int | None, rules: BoilerplateRules, removed: dict[int, str]
) -> None:
    """From the first tail marker in the last part of the text, cut every line to the end."""
    start = (headline or 0) + 1 if headline is not None else 0
    words = [len(line.text.split()) if i not in removed else 0 for i, line in enumerate(lines)]
    threshold = rules.structure.tail_after * sum(words[start:])
    before = 0
    for i in range(start, len(lines)):
        rule = rules.tail_rule(lines[i].key) if before >= threshold else None  # not early on
        if rule is not None:
            for j in range(i, len(lines)):
                removed.setdefault(j, rule)
            return
        before += words[i]


def _assemble(lines: list[_Line], headline: int | None, title: str | None, removed: dict[int, str]) -> str:
    """Headline first, then the kept lines in their blocks."""
    blocks: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        if i != headline and i not in removed:
            blocks.setdefault(line.block, []).append(line.text)
    ordered: list[Block] = [tuple(kept) for _, kept in sorted(blocks.items())]
    if headline is not None:
        ordered.insert(0, (lines[headline].text,))
    elif title:
        ordered.insert(0, (normalize_line(title),))
    return join_blocks(ordered)

"""Where each sentence of an article sits: headline, lead, body — or clutter that never counts.

TOPICS.md's "substantive" rule depends on position: the headline and the lead (first two
sentences of the body) count more than the tail, and captions, "related headlines" lists,
navigation and teasers do not count at all. This module finds those positions in either form
newswire sees: the clean text (headline block, then paragraphs) or raw extraction output with
boilerplate lines before the headline, or one long paragraph with the headline run into it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from typing import Literal, NamedTuple

from pipeline.tagging.phrases import WORD
from pipeline.tagging.taxonomy import Taxonomy

Role = Literal["headline", "lead", "body", "clutter"]

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital or digit,
# except after an initial or an abbreviation ("U.S. President", "John F. Kennedy", "Mr. Trump").
# A match starts only at the first mark of a run ("...", "?!"): starting inside the run again at
# each mark made the scan quadratic in the run's length (tests/test_regex_audit.py).
_BOUNDARY = re.compile(  # the punctuation first and the look-behinds after it keep the scan fast
    r"(?<![.!?\u2026])[.!?\u2026](?<![\s.][A-Z].)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|vs).)"
    r"(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec).)"
    r"(?<!\b(?:Capt|Prof|Sept).)"
    r"[.!?\u2026]*[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_PROSE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")
_LONG_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{3,}")
_CAPITALISED_WORD = re.compile(r"[A-Z](?<![\w'\u2019-][A-Z])[\w'\u2019-]{3,}")
_LINE = re.compile(r"[^\n]+")
_TITLE_SEARCH_CHARS = 3000


class Sentence(NamedTuple):
    """A sentence's span and role (a named tuple: an article has dozens, and tuples are the
    cheapest records to create)."""

    start: int
    end: int
    role: Role


@dataclass(frozen=True, slots=True)
class Layout:
    """Sentences by position; text before the headline (site furniture) belongs to none."""

    sentences: tuple[Sentence, ...]
    starts: tuple[int, ...]

    def index_of(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset``, or None."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None


def find_title(title: str, text: str) -> tuple[int, int] | None:
    """Character span of the first occurrence of the title's words near the top of the text.

    Punctuation and case may differ (scraped text often loses apostrophes and quotes)."""
    words = [w.lower() for w in WORD.findall(title)]
    if not words:
        return None
    exact = text.find(title, 0, _TITLE_SEARCH_CHARS)
    if exact >= 0:  # the usual case for clean text: the headline block is the title
        return exact, exact + len(title)
    top = text[:_TITLE_SEARCH_CHARS].lower()
    start = top.find(words[0])
    while start >= 0:
        if start == 0 or not _is_word_char(top[start - 1]):
            found = list(islice(WORD.finditer(top, start), len(words)))
            if [m.group() for m in found] == words:
                return start, found[-1].end()
        start = top.find(words[0], start + 1)
    return None


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def layout(text: str, headline: tuple[int, int] | None, taxonomy: Taxonomy) -> Layout:
    """Split ``text`` after the headline into sentences and give each its role."""
    sentences: list[Sentence] = []
    body_from = 0
    if headline is not None:
        sentences.append(Sentence(headline[0], headline[1], "headline"))
        body_from = headline[1]
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, body_from) if m.group().strip()]
    structured = len(lines) > 1
    captions = _Marks(taxonomy.captions, text)
    seen: set[str] = set()
    candidates: list[tuple[int, int, bool]] = []
    for line_start, line_end in lines:
        line_clutter = structured and (
            not _PROSE_END.search(text, line_start, line_end) or captions.within(line_start, line_end)
        )
        for start, end in _split(text, line_start, line_end):
            # A repeated sentence (a scraper's duplicate, a caption shown twice, a timeline entry
            # repeated without its date) counts once.
            key = _undated(text, start, end, taxonomy)
            clutter = (
                line_clutter
                or key in seen
                or captions.within(start, end)
                or _is_clutter(text, start, end, taxonomy)
            )
            seen.add(key)
            candidates.append((start, end, clutter))
    chronology = _chronology(text, candidates, taxonomy)
    lead_left = taxonomy.structure.lead_sentences
    for i, (start, end, clutter) in enumerate(candidates):
        if clutter or i in chronology:
            role: Role = "clutter"
        elif lead_left > 0:
            role, lead_left = "lead", lead_left - 1
        else:
            role = "body"
        sentences.append(Sentence(start, end, role))
    return Layout(tuple(sentences), tuple(s.start for s in sentences))


# Dated entries at most this many sentences apart belong to one timeline.
_CHRONOLOGY_GAP = 3


def _undated(text: str, start: int, end: int, taxonomy: Taxonomy) -> str:
    """The sentence without a leading date, to recognise a timeline entry repeated undated."""
    date = taxonomy.chronology_date
    match = date.match(text, start, end) if date is not None else None
    return text[match.end() if match else start : end]


def _chronology(text: str, candidates: list[tuple[int, int, bool]], taxonomy: Taxonomy) -> set[int]:
    """Indices of the sentences of a timeline box ("June 2008 Mediators broker a ceasefire
    ..."): runs of sentences opening with a date, and the sentences between them. A chronology
    is background to the story, like a caption, so it never counts."""
    date = taxonomy.chronology_date
    if date is None:
        return set()
    dated = [i for i, (start, end, _) in enumerate(candidates) if date.match(text, start, end)]
    found: set[int] = set()
    run = dated[:1]
    for i in [*dated[1:], None]:
        if i is not None and i - run[-1] <= _CHRONOLOGY_GAP:
            run.append(i)
            continue
        if len(run) >= taxonomy.structure.chronology_min_entries:
            found.update(range(run[0], run[-1] + 1))
        run = [] if i is None else [i]
    return found


class _Marks:
    """Start offsets of regex matches over the whole text: one scan each, then range look-ups."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...], text: str) -> None:
        self.starts = sorted(m.start() for pattern in patterns for m in pattern.finditer(text))

    def within(self, start: int, end: int) -> bool:
        if not self.starts:
            return False
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end


def is_paragraph(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a paragraph of prose (two sentences or more), which no
    headline is: a text without its headline starts with the body."""
    return len(_split(text, start, end)) > 1


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, trailing white space excluded."""
    spans = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        spans.append((begin, match.end()))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return [(s, s + len(text[s:e].rstrip())) for s, e in spans]


def _is_clutter(text: str, start: int, end: int, taxonomy: Taxonomy) -> bool:
    """Too short to be prose, starting as a configured clutter line, or a run of headlines."""
    structure = taxonomy.structure
    if taxonomy.clutter is not None and taxonomy.clutter.match(text, start, end):
        return True
    if text.count(" ", start, end) + 1 < structure.min_sentence_words:
        return True
    needed = structure.title_case_ratio * structure.title_case_min_words
    capitalised = len(_CAPITALISED_WORD.findall(text, start, end))
    if capitalised < needed:  # the usual case, decided without counting every word
        return False
    long_words = len(_LONG_WORD.findall(text, start, end))
    enough_words = long_words >= structure.title_case_min_words
    return enough_words and capitalised >= structure.title_case_ratio * long_words

"""Scoring topics over a laid-out article: per sentence the best matching rule, weighted by position.

A rule matches a sentence when one of its triggers occurs in it, every ``with`` vocabulary
occurs in the same sentence (within ``window`` words of the trigger when set), no topic
exclusion occurs in it, and no ``unless`` vocabulary either unless a ``despite`` one lifts it.
A sentence contributes its position weight times the weight of its best matching rule; a topic
applies when the sum reaches its threshold and its article-level requirements hold (a rule's
own requirements gate that rule). A ``follows`` rule counts only in the sentence right after one
where another rule matched (a reference back continues the subject), and a trigger in a
background clause ("dozens died since negotiations collapsed") keeps the topic's
``background_factor`` of its weight. The matched words of each contributing sentence are the
tag's evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pydantic import TypeAdapter

from pipeline.records import Tag
from pipeline.tagging.layout import Layout
from pipeline.tagging.phrases import Hit, words_between
from pipeline.tagging.taxonomy import CompiledRule, CompiledTopic, Requirement, Taxonomy, rule_key, vocab_key

_TAGS = TypeAdapter(tuple[Tag, ...])  # one validation call per article


@dataclass(frozen=True, slots=True)
class Analysed:
    """An article ready to score: the working text (title prepended when it is not in the text),
    its phrase hits and layout, and ``shift``: where the article text starts in it."""

    text: str
    hits: list[Hit]
    layout: Layout
    shift: int


@dataclass(frozen=True, slots=True)
class _Contribution:
    value: float
    spans: tuple[tuple[Hit, str], ...]


class _HitTable:
    """Hits inside sentences, grouped by key and by (key, sentence index), for the rule checks."""

    def __init__(self, analysed: Analysed, taxonomy: Taxonomy) -> None:
        self.by_key: dict[str, list[tuple[Hit, int]]] = defaultdict(list)
        self.by_key_sentence: dict[tuple[str, int], list[Hit]] = defaultdict(list)
        index_of = analysed.layout.index_of
        for hit in [*analysed.hits, *_pattern_hits(analysed, taxonomy)]:
            index = index_of(hit.start)
            if index is None:
                continue  # before the headline: site furniture
            for key in hit.keys:
                self.by_key[key].append((hit, index))
                self.by_key_sentence[(key, index)].append(hit)


def _pattern_hits(analysed: Analysed, taxonomy: Taxonomy) -> list[Hit]:
    hits = []
    for topic in taxonomy.topics:
        for rule in topic.rules:
            if rule.pattern is None:
                continue
            key = rule_key(topic.topic.id, rule.rule.id)
            for match in rule.pattern.finditer(analysed.text):
                if match.end() > match.start():
                    hits.append(Hit(match.start(), match.end(), (key,)))
    return hits


def score_topics(analysed: Analysed, taxonomy: Taxonomy) -> tuple[Tag, ...]:
    """The tags of the article, in taxonomy order, each with its score and evidence."""
    table = _HitTable(analysed, taxonomy)
    tags = []
    for topic in taxonomy.topics:
        tag = _score_topic(topic, analysed, table, taxonomy)
        if tag is not None:
            tags.append(tag)
    return _TAGS.validate_python(tags)


def _score_topic(
    topic: CompiledTopic, analysed: Analysed, table: _HitTable, taxonomy: Taxonomy
) -> dict[str, object] | None:
    """The tag (as the fields of a Tag) if the topic applies."""
    if not _requirements_hold(topic.topic.requires, analysed, table):
        return None
    best: dict[int, _Contribution] = {}
    for rule in topic.rules:
        if not rule.rule.follows:
            _keep_best(best, _rule_contributions(topic, rule, analysed, table, taxonomy))
    matched = set(best)
    for rule in topic.rules:
        if rule.rule.follows:
            found = _rule_contributions(topic, rule, analysed, table, taxonomy)
            # A reference back outweighs a weaker rule of its own sentence ("those talks, meant to
            # advance a political solution"): each sentence keeps its best contribution.
            _keep_best(best, [(i, c) for i, c in found if _previous_sentence(analysed, i) in matched])
    score = sum(c.value for c in best.values())
    if score < topic.topic.threshold:
        return None
    return {
        "topic": topic.topic.id,
        "score": round(score, 3),
        "evidence": _evidence(best, analysed, taxonomy.structure.max_evidence),
    }


def _keep_best(best: dict[int, _Contribution], found: list[tuple[int, _Contribution]]) -> None:
    """Record each sentence's strongest contribution."""
    for index, contribution in found:
        current = best.get(index)
        if current is None or contribution.value > current.value:
            best[index] = contribution


def _previous_sentence(analysed: Analysed, index: int) -> int | None:
    """Index of the nearest sentence before ``index`` that is not clutter (a caption or a
    duplicate between two sentences does not break the thread), or None."""
    sentences = analysed.layout.sentences
    for previous in range(index - 1, -1, -1):
        if sentences[previous].role != "clutter":
            return previous
    return None


def _requirements_hold(requirements: tuple[Requirement, ...], analysed: Analysed, table: _HitTable) -> bool:
    """Article-level co-occurrence: each required vocabulary often enough outside clutter (and
    outside sentences naming one of the requirement's ``outside`` vocabularies), unless one of its
    ``waived_by`` vocabularies occurs in the story outside clutter."""
    sentences = analysed.layout.sentences
    for requirement in requirements:
        if any(
            sentences[index].role != "clutter"
            for name in requirement.waived_by
            for _, index in table.by_key.get(vocab_key(name), ())
        ):
            continue
        count = 0
        elsewhere = [vocab_key(name) for name in requirement.outside]
        for name in requirement.names:
            for _, index in table.by_key.get(vocab_key(name), ()):
                if sentences[index].role != "clutter" and not any(
                    (key, index) in table.by_key_sentence for key in elsewhere
                ):
                    count += 1
        if count < requirement.min or (requirement.max is not None and count > requirement.max):
            return False
    return True


def _rule_contributions(
    topic: CompiledTopic, rule: CompiledRule, analysed: Analysed, table: _HitTable, taxonomy: Taxonomy
) -> list[tuple[int, _Contribution]]:
    if rule.rule.requires and not _requirements_hold(rule.rule.requires, analysed, table):
        return []
    weights = taxonomy.structure.weights
    sentences = analysed.layout.sentences
    background = _background_markers(taxonomy, topic)
    found: list[tuple[int, _Contribution]] = []
    for key in rule.trigger_keys:
        for hit, index in table.by_key.get(key, ()):
            role = sentences[index].role
            position_weight = 0.0 if role == "clutter" else getattr(weights, role)
            if position_weight == 0 or _vetoed(rule, index, table):
                continue
            companions = _companions(rule, hit, index, table, analysed.text)
            if companions is None:
                continue
            weight = position_weight * rule.weight
            label = f"{rule.rule.id}@{role}"
            if role != "headline" and _in_background_clause(
                hit, index, analysed, table, background, taxonomy.structure.background_window
            ):
                weight *= topic.topic.background_factor
                label = f"{rule.rule.id}@{role}-background"
            spans = ((hit, label), *((c, f"{rule.rule.id}+{name}@{role}") for c, name in companions))
            found.append((index, _Contribution(weight, spans)))
    return found


def _background_markers(taxonomy: Taxonomy, topic: CompiledTopic) -> str | None:
    name = taxonomy.structure.background_vocabulary
    return None if name is None or topic.topic.background_factor == 1.0 else vocab_key(name)


def _in_background_clause(
    hit: Hit, index: int, analysed: Analysed, table: _HitTable, markers: str | None, window: int
) -> bool:
    """Whether a clause opener shortly precedes the trigger in its sentence ("died since
    negotiations collapsed", "left out despite the Geneva talks"): the sentence is then about
    something else. Beyond ``window`` words the main clause has resumed ("After the raid on the
    convoy, the opposition walked out of the talks")."""
    if markers is None:
        return False
    return any(
        m.end <= hit.start and words_between(analysed.text, m, hit) <= window
        for m in table.by_key_sentence.get((markers, index), ())
    )


def _vetoed(rule: CompiledRule, index: int, table: _HitTable) -> bool:
    """A topic exclusion in the sentence, or a rule's ``unless`` (or all of its
    ``unless_together``) not lifted by its ``despite``.

    A veto word inside a longer phrase the rule itself matches does not count: "Prime Minister"
    in "Russian Prime Minister" names the Russian side, not a third party."""
    if any(_present(key, index, rule, table) for key in rule.exclusion_keys):
        return True
    together = rule.unless_together_keys
    vetoed = any(_present(key, index, rule, table) for key in rule.unless_keys) or (
        bool(together) and all(_present(key, index, rule, table) for key in together)
    )
    return vetoed and not any((key, index) in table.by_key_sentence for key in rule.despite_keys)


def _present(key: str, index: int, rule: CompiledRule, table: _HitTable) -> bool:
    """Whether ``key`` occurs in sentence ``index`` outside the rule's own trigger and companion hits."""
    vetoes = table.by_key_sentence.get((key, index))
    if not vetoes:
        return False
    own = [
        h for k in (*rule.trigger_keys, *rule.with_keys) for h in table.by_key_sentence.get((k, index), ())
    ]
    return any(not any(o.start <= v.start and v.end <= o.end and o != v for o in own) for v in vetoes)


def _companions(
    rule: CompiledRule, hit: Hit, index: int, table: _HitTable, text: str
) -> list[tuple[Hit, str]] | None:
    """For each ``with`` vocabulary, its occurrence nearest the trigger; None if one is missing."""
    companions = []
    window = rule.rule.window
    for key in rule.with_keys:
        candidates = [c for c in table.by_key_sentence.get((key, index), ()) if c is not hit]
        if not candidates:
            return None
        nearest = min(candidates, key=lambda c: abs(c.start - hit.start))
        if window is not None:
            in_window = [c for c in candidates if words_between(text, hit, c) <= window]
            if not in_window:
                return None
            nearest = min(in_window, key=lambda c: abs(c.start - hit.start))
        companions.append((nearest, key.removeprefix("vocab:")))
    return companions


def _evidence(best: dict[int, _Contribution], analysed: Analysed, limit: int) -> list[dict[str, object]]:
    """Spans (as the fields of a Span) of the strongest contributing sentences, in the article text."""
    spans: dict[tuple[int, int], dict[str, object]] = {}
    for _, contribution in sorted(best.items(), key=lambda item: (-item[1].value, item[0])):
        for hit, label in contribution.spans:
            start, end = hit.start - analysed.shift, hit.end - analysed.shift
            if start < 0 or (start, end) in spans:
                continue  # a match in a title that is not part of the text has no offsets to show
            spans[(start, end)] = {
                "start": start,
                "end": end,
                "match": analysed.text[hit.start : hit.end],
                "rule": label,
            }
        if len(spans) >= limit:
            break
    strongest = sorted(list(spans)[:limit])
    return [spans[offsets] for offsets in strongest]

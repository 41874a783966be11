"""The topic taxonomy: what ``config/topics.yaml`` may say, and its compiled, ready-to-match form.

A taxonomy file has four parts (see the comments in ``config/topics.yaml``):

* ``version`` — stamped on every enriched record, so a taxonomy change can be backfilled;
* ``structure`` — how much the headline, the lead and the rest of the body count, and which
  sentences are clutter (captions, related-headline lists) that never count;
* ``vocabularies`` — named phrase lists that rules share (the Syria words, the US side, ...),
  each saying what it is for (``about``); a vocabulary may also name ``roles`` of the gazetteer
  ("us-president"), so a person mentioned by name counts when they held the office on the
  article's date;
* ``topics`` — each with rules: trigger phrases or patterns weighted by a named level
  (``structure.levels``: strong, supporting, ...), vocabularies that must co-occur in the same
  sentence (optionally within a token window), and vetoes.

A topic applies when the position-weighted sum of its best rule per sentence reaches the topic's
threshold: with the default weights a headline or lead sentence is enough, a sentence of the
body needs a second one. That is TOPICS.md's "substantive, not passing mention" rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.errors import TaxonomyError
from pipeline.tagging.config import read_yaml, validate
from pipeline.tagging.phrases import PhraseIndex


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Vocabulary(_Strict):
    """Phrases matched case-insensitively, ``exact`` ones matched letter for letter, and the
    people who hold one of ``roles`` (gazetteer offices) on the article's date."""

    about: str = Field(default="", description="what the vocabulary is for")
    phrases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _list_shorthand(cls, value: object) -> object:
        return {"phrases": value} if isinstance(value, list) else value


class Weights(_Strict):
    headline: float = Field(default=3.0, ge=0)
    lead: float = Field(default=2.0, ge=0)
    body: float = Field(default=1.0, ge=0)


DEFAULT_LEVELS = {"strong": 1.0, "supporting": 0.5, "hint": 0.0}


class Structure(_Strict):
    """How positions weigh, the named weight levels of rules, and which sentences are clutter."""

    levels: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_LEVELS),
        description=("named rule weights: a rule's `weight` is one of these names (or a number)"),
    )
    lead_sentences: int = Field(default=2, ge=0)
    min_sentence_words: int = Field(
        default=5, ge=1, description="shorter sentences are datelines or furniture"
    )
    weights: Weights = Field(default_factory=Weights)
    title_case_ratio: float = Field(
        default=0.75, gt=0, le=1, description="share of capitalised long words marking a headline list"
    )
    title_case_min_words: int = Field(default=6, ge=1)
    max_evidence: int = Field(default=12, ge=1)
    clutter_patterns: tuple[str, ...] = ()
    caption_patterns: tuple[str, ...] = ()
    chronology_date: str | None = Field(
        default=None,
        description=(
            "regex for a date opening a sentence: a run of such sentences is a timeline box (background)"
        ),
    )
    chronology_min_entries: int = Field(default=3, ge=2)
    background_vocabulary: str | None = Field(
        default=None,
        description=("vocabulary of clause openers ('since', 'despite'): a trigger after one is background"),
    )
    background_window: int = Field(
        default=6,
        ge=0,
        description=(
            "max words from the clause opener to the trigger: further on, the main clause has resumed"
        ),
    )

    @field_validator("clutter_patterns", "caption_patterns")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            _compile(pattern)
        return patterns

    @field_validator("chronology_date")
    @classmethod
    def _date_compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            _compile(pattern)
        return pattern


class Requirement(_Strict):
    """An article-level condition: a vocabulary (or any of several) occurring at least ``min``
    times, and at most ``max`` times when set (``max: 0``: the story must not name it). Hits in a
    sentence that also names an ``outside`` vocabulary do not count: there the word is about
    something else ("a ceasefire in the trade war" gives a truce no armed conflict). The
    requirement is waived when one of its ``waived_by`` vocabularies occurs in the story (a
    feud's "ceasefire" is a metaphor, unless the story has fighting in it)."""

    vocabulary: str | tuple[str, ...]
    min: int = Field(default=1, ge=0)
    max: int | None = Field(default=None, ge=0)
    outside: tuple[str, ...] = ()
    waived_by: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.vocabulary,) if isinstance(self.vocabulary, str) else self.vocabulary


class Rule(_Strict):
    """A weighted trigger, what must accompany it, and what vetoes it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    weight: float | str = Field(description="a level name of structure.levels, or a positive number")
    phrases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    vocabularies: tuple[str, ...] = Field(default=(), description="vocabularies whose phrases trigger")
    patterns: tuple[str, ...] = Field(default=(), description="regular expressions, case-insensitive")
    with_: tuple[str, ...] = Field(
        default=(), alias="with", description="vocabularies that must each occur in the same sentence"
    )
    window: int | None = Field(default=None, ge=1, description="max tokens between trigger and `with` hits")
    unless: tuple[str, ...] = Field(default=(), description="vocabularies that veto the sentence")
    unless_together: tuple[str, ...] = Field(
        default=(),
        description=(
            "vocabularies that veto the sentence when all of them occur in it (a US and a Russian "
            "principal: the talks are their own meeting); lifted by `despite` like `unless`"
        ),
    )
    despite: tuple[str, ...] = Field(
        default=(),
        description=(
            "vocabularies that lift the rule's `unless` veto in their sentence: a bilateral meeting "
            "'on the sidelines of the G20' is still bilateral"
        ),
    )
    follows: bool = Field(
        default=False,
        description=(
            "match only in the sentence right after one where another rule of the topic matched: a "
            "reference back ('the agreement', 'the talks') makes it a second sentence on the subject"
        ),
    )
    requires: tuple[Requirement, ...] = Field(
        default=(),
        description=("article-level conditions of this rule alone (an ambiguous word needs its context)"),
    )

    @field_validator("weight")
    @classmethod
    def _positive(cls, weight: float | str) -> float | str:
        if isinstance(weight, float | int) and weight <= 0:
            raise ValueError("a numeric weight must be greater than 0")
        return weight

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            _compile(pattern)
        return patterns

    @model_validator(mode="after")
    def _has_trigger(self) -> Rule:
        if not (self.phrases or self.exact or self.vocabularies or self.patterns):
            raise ValueError("a rule needs at least one of phrases, exact, vocabularies or patterns")
        return self


class Topic(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    threshold: float = Field(gt=0)
    keywords: tuple[str, ...] = Field(default=(), description="plain keywords: search terms, naive baseline")
    requires: tuple[Requirement, ...] = ()
    exclusions: tuple[str, ...] = Field(default=(), description="vocabularies that veto any rule's sentence")
    background_factor: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description=("weight kept by a trigger after a clause opener (structure.background_vocabulary)"),
    )
    rules: tuple[Rule, ...] = Field(min_length=1)


class TaxonomyFile(_Strict):
    """The whole of ``topics.yaml``, validated."""

    version: str = Field(min_length=1)
    structure: Structure = Field(default_factory=Structure)
    vocabularies: dict[str, Vocabulary] = Field(default_factory=dict)
    topics: tuple[Topic, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its phrase keys resolved; ``trigger_keys`` index into the taxonomy's PhraseIndex."""

    topic: str
    rule: Rule
    weight: float
    trigger_keys: tuple[str, ...]
    with_keys: tuple[str, ...]
    unless_keys: tuple[str, ...]
    unless_together_keys: tuple[str, ...]
    despite_keys: tuple[str, ...]
    exclusion_keys: tuple[str, ...]
    pattern: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class CompiledTopic:
    topic: Topic
    rules: tuple[CompiledRule, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Taxonomy:
    """A loaded taxonomy: validated file, one phrase index for every rule and vocabulary, regexes."""

    version: str
    structure: Structure
    topics: tuple[CompiledTopic, ...]
    index: PhraseIndex
    clutter: re.Pattern[str] | None
    captions: tuple[re.Pattern[str], ...]
    chronology_date: re.Pattern[str] | None
    role_keys: dict[str, tuple[str, ...]]

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(t.topic.id for t in self.topics)

    @property
    def roles(self) -> frozenset[str]:
        """The gazetteer roles the taxonomy's vocabularies refer to."""
        return frozenset(self.role_keys)


def vocab_key(name: str) -> str:
    return f"vocab:{name}"


def rule_key(topic_id: str, rule_id: str) -> str:
    return f"rule:{topic_id}/{rule_id}"


def load_taxonomy(path: Path) -> Taxonomy:
    """Read, validate and compile ``path``; TaxonomyError (file, key, problem) when malformed."""
    spec = validate(TaxonomyFile, read_yaml(path), path)
    _check_references(spec, path)
    return compile_taxonomy(spec)


def _check_references(spec: TaxonomyFile, path: Path) -> None:
    seen: set[str] = set()
    for t, topic in enumerate(spec.topics):
        if topic.id in seen:
            raise TaxonomyError(f"{path}: topics.{t}.id", f"duplicate topic id {topic.id!r}")
        seen.add(topic.id)
        names = [(f"topics.{t}.exclusions", n) for n in topic.exclusions]
        names += [
            (f"topics.{t}.requires.{i}.{f}", n)
            for i, r in enumerate(topic.requires)
            for f, group in (("vocabulary", r.names), ("outside", r.outside), ("waived_by", r.waived_by))
            for n in group
        ]
        for r, rule in enumerate(topic.rules):
            names += [
                (f"topics.{t}.rules.{r}.requires.{i}.{f}", n)
                for i, q in enumerate(rule.requires)
                for f, group in (("vocabulary", q.names), ("outside", q.outside), ("waived_by", q.waived_by))
                for n in group
            ]
            if isinstance(rule.weight, str) and rule.weight not in spec.structure.levels:
                raise TaxonomyError(
                    f"{path}: topics.{t}.rules.{r}.weight",
                    f"unknown level {rule.weight!r} "
                    f"(defined: {', '.join(sorted(spec.structure.levels)) or 'none'})",
                )
            for field_name in ("vocabularies", "with_", "unless", "unless_together", "despite"):
                label = field_name.rstrip("_")
                names += [(f"topics.{t}.rules.{r}.{label}", n) for n in getattr(rule, field_name)]
        if spec.structure.background_vocabulary is not None:
            names.append(("structure.background_vocabulary", spec.structure.background_vocabulary))
        for key, name in names:
            if name not in spec.vocabularies:
                raise TaxonomyError(
                    f"{path}: {key}",
                    f"unknown vocabulary {name!r} "
                    f"(defined: {', '.join(sorted(spec.vocabularies)) or 'none'})",
                )


def compile_taxonomy(spec: TaxonomyFile) -> Taxonomy:
    """Build the phrase index and regexes of a validated taxonomy (references already checked)."""
    index = PhraseIndex()
    role_keys: dict[str, list[str]] = {}
    for name, vocabulary in spec.vocabularies.items():
        index.add_all(vocabulary.phrases, vocab_key(name))
        index.add_all(vocabulary.exact, vocab_key(name), exact=True)
        for role in vocabulary.roles:
            role_keys.setdefault(role, []).append(vocab_key(name))
    topics = []
    for topic in spec.topics:
        rules = []
        for rule in topic.rules:
            key = rule_key(topic.id, rule.id)
            index.add_all(rule.phrases, key)
            index.add_all(rule.exact, key, exact=True)
            weight = (
                rule.weight if isinstance(rule.weight, float | int) else spec.structure.levels[rule.weight]
            )
            rules.append(
                CompiledRule(
                    topic=topic.id,
                    rule=rule,
                    weight=float(weight),
                    trigger_keys=(key, *(vocab_key(n) for n in rule.vocabularies)),
                    with_keys=tuple(vocab_key(n) for n in rule.with_),
                    unless_keys=tuple(vocab_key(n) for n in rule.unless),
                    unless_together_keys=tuple(vocab_key(n) for n in rule.unless_together),
                    despite_keys=tuple(vocab_key(n) for n in rule.despite),
                    exclusion_keys=tuple(vocab_key(n) for n in topic.exclusions),
                    pattern=_join(rule.patterns),
                )
            )
        topics.append(CompiledTopic(topic, tuple(rules)))
    structure = spec.structure
    return Taxonomy(
        version=spec.version,
        structure=structure,
        topics=tuple(topics),
        index=index.freeze(),
        clutter=_join(structure.clutter_patterns),
        captions=tuple(re.compile(p) for p in structure.caption_patterns),
        chronology_date=None if structure.chronology_date is None else re.compile(structure.chronology_date),
        role_keys={role: tuple(keys) for role, keys in role_keys.items()},
    )


def _join(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return _compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

"""Phrase matching: the one pass over a text that both the taxonomy and the gazetteer use.

All phrases of an index are compiled into a single regular expression over their first words,
shaped as a character trie so the regex engine does one cheap scan per text however many
phrases there are; only where a first word occurs are the following words compared. A phrase is
case-insensitive and written as words: punctuation between words is ignored, so ``cease-fire``
also matches ``cease fire``; a hyphen also allows the words to be written together, so
``cease-fire`` matches ``ceasefire`` too. An *exact* phrase (for acronyms such as ``US`` or ``UN``)
must also match the text letter for letter, so it never fires on the pronoun "us".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

WORD = re.compile(r"\w+")
_MAX_GAP = 3


class Hit(NamedTuple):
    """One phrase occurrence: character offsets and the keys (rules, vocabularies, entities) it serves.

    A named tuple: an article has hundreds, and tuples are the cheapest records to create."""

    start: int
    end: int
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    rest: tuple[str, ...]
    surface: str | None  # exact phrases: the text from first to last word must equal it
    keys: tuple[str, ...]


def phrase_variants(phrase: str) -> list[tuple[str, ...]]:
    """The word sequences a phrase stands for: its words, and with hyphenated words joined."""
    words = tuple(w.lower() for w in WORD.findall(phrase))
    variants = [words] if words else []
    if "-" in phrase:
        joined = tuple(w.lower() for w in WORD.findall(re.sub(r"(?<=\w)-(?=\w)", "", phrase)))
        if joined and joined != words:
            variants.append(joined)
    return variants


def _surface(phrase: str) -> str:
    spans = [m.span() for m in WORD.finditer(phrase)]
    return phrase[spans[0][0]:spans[-1][1]]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly ``words``, factored by common prefixes (fast in ``re``)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_source(trie)


def _trie_source(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _trie_source(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends_here else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if ends_here else body


@dataclass
class PhraseIndex:
    """Phrases grouped by first word, and the trie regex that finds first words in a text."""

    _pending: dict[tuple[tuple[str, ...], str | None], set[str]] = field(default_factory=dict)
    _groups: dict[str, _Group] = field(default_factory=dict)
    _first_words: re.Pattern[str] | None = None

    def add(self, phrase: str, key: str, *, exact: bool = False) -> None:
        """Register ``phrase`` as belonging to ``key`` (a rule, a vocabulary or an entity)."""
        surface = _surface(phrase) if exact else None
        for variant in phrase_variants(phrase):
            self._pending.setdefault((variant, surface), set()).add(key)

    def add_all(self, phrases: Iterable[str], key: str, *, exact: bool = False) -> None:
        for phrase in phrases:
            self.add(phrase, key, exact=exact)

    def union(self, other: PhraseIndex) -> PhraseIndex:
        """A new, frozen index holding the phrases of both (keys of a shared phrase are merged)."""
        joint = PhraseIndex()
        for source in (self, other):
            for phrase, keys in source._pending.items():
                joint._pending.setdefault(phrase, set()).update(keys)
        return joint.freeze()

    def freeze(self) -> PhraseIndex:
        """Compile the registered phrases; call once before :meth:`find`. Returns self."""
        by_first: dict[str, list[_Entry]] = {}
        for (words, surface), keys in self._pending.items():
            by_first.setdefault(words[0], []).append(_Entry(words[1:], surface, tuple(sorted(keys))))
        self._groups = {word: _Group.of(entries) for word, entries in by_first.items()}
        source = trie_pattern(self._groups) if self._groups else r"(?!x)x"
        self._first_words = re.compile(rf"\b(?:{source})\b")
        return self

    def find(self, text: str) -> list[Hit]:
        """Every occurrence of every phrase in ``text``, overlapping ones included, by position."""
        if self._first_words is None:
            raise RuntimeError("PhraseIndex.find called before freeze()")
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lower-cased
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        hits: list[Hit] = []
        append = hits.append
        groups = self._groups
        search_word = WORD.search
        for match in self._first_words.finditer(lower):
            start, end = match.span()
            group = groups[match.group()]
            for entry in group.single:
                if entry.surface is None or text[start:end] == entry.surface:
                    append(Hit(start, end, entry.keys))
            if not group.by_second:
                continue
            second = search_word(lower, end)
            if second is None or not _joins(lower, end, second.start()):
                continue
            for entry in group.by_second.get(second.group(), ()):
                stop = second.end() if len(entry.rest) == 1 else _rest_end(lower, second, entry.rest)
                if stop >= 0 and (entry.surface is None or text[start:stop] == entry.surface):
                    append(Hit(start, stop, entry.keys))
        return hits


def _joins(text: str, end: int, start: int) -> bool:
    """Whether the characters between two words can separate words of one phrase: a space, a
    hyphen, the dots of an abbreviation; not a line break or a longer run of punctuation."""
    return start - end <= _MAX_GAP and "\n" not in text[end:start]


def _rest_end(lower: str, second: re.Match[str], rest: tuple[str, ...]) -> int:
    """End offset of a phrase's remaining words after its (already matched) second word, or -1."""
    end = second.end()
    for expected in rest[1:]:
        word = WORD.search(lower, end)
        if word is None or word.group() != expected or not _joins(lower, end, word.start()):
            return -1
        end = word.end()
    return end


@dataclass(frozen=True, slots=True)
class _Group:
    """The phrases sharing a first word: one-word ones, and longer ones by their second word."""

    single: tuple[_Entry, ...]
    by_second: dict[str, tuple[_Entry, ...]]

    @classmethod
    def of(cls, entries: list[_Entry]) -> _Group:
        by_second: dict[str, list[_Entry]] = {}
        for entry in sorted(entries, key=lambda e: -len(e.rest)):
            if entry.rest:
                by_second.setdefault(entry.rest[0], []).append(entry)
        return cls(tuple(e for e in entries if not e.rest), {w: tuple(es) for w, es in by_second.items()})


def words_between(text: str, a: Hit, b: Hit) -> int:
    """How many words separate two hits (0 when adjacent or overlapping)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.start <= first.end:
        return 0
    return len(WORD.findall(text, first.end, second.start))

"""Named boilerplate rules, loaded from ``config/boilerplate.yaml``.

Two kinds of rule match a whole line (compared case-folded, typographic quotes made plain):

    line   the line is boilerplate ("Advertisement", "Share", a photo credit)
    tail   the line starts the page furniture after the article ("read more:", "Top Rated
           Comments"): it and every line after it are cut, but only when it sits in the last
           part of the text (``tail_after``), so a stray match early on cannot eat an article

Structural checks (chrome above the headline, repeated lines) are parameterised in the same file
under ``structure:``.  A malformed file raises ConfigError naming the rule and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.configfile import read_yaml
from pipeline.errors import ConfigError

KINDS = ("line", "tail")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Structure:
    """Parameters of the structural checks."""

    tail_after: float = 0.5  # a tail rule cuts only past this fraction of the text's words
    pre_headline_blocks: int = 12  # chrome above the headline is cut when the headline is this early
    pre_headline_words: int = 40  # ... and no cut block is longer than this many words
    repeated_line_words: int = 4  # a line seen before in the text is cut when this long or longer


class BoilerplateRules:
    """The compiled rules: ``match(key)`` names the first line rule matching a line key."""

    def __init__(self, rules: list[Rule], structure: Structure) -> None:
        self.rules = tuple(rules)
        self.structure = structure
        self._line = _combine([r for r in rules if r.kind == "line"])
        self._tail = _combine([r for r in rules if r.kind == "tail"])

    def line_rule(self, key: str) -> str | None:
        """Name of the line rule that matches ``key`` (a :func:`match_key`), if any."""
        return _first(self._line, key)

    def tail_rule(self, key: str) -> str | None:
        """Name of the tail rule that matches ``key``, if any."""
        return _first(self._tail, key)


def _combine(rules: list[Rule]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if not rules:
        return None, {}
    groups = {f"r{i}": rule.name for i, rule in enumerate(rules)}
    joined = "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(rules))
    return re.compile(joined, re.IGNORECASE), groups


def _first(compiled: tuple[re.Pattern[str] | None, dict[str, str]], key: str) -> str | None:
    pattern, groups = compiled
    if pattern is None:
        return None
    found = pattern.fullmatch(key)
    return groups[found.lastgroup] if found and found.lastgroup else None


def load_rules(path: Path) -> BoilerplateRules:
    """Load and check the rules file; raise ConfigError naming the rule and the problem."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(str(path), "must be a mapping with a 'rules:' list")
    rules = [_rule(entry, index, path) for index, entry in enumerate(data["rules"])]
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise ConfigError(f"{path}: rule {rule.name}", "duplicate rule name")
        seen.add(rule.name)
    return BoilerplateRules(rules, _structure(data.get("structure") or {}, path))


def _rule(entry: Any, index: int, path: Path) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise ConfigError(f"{path}: rules[{index}]", "each rule needs a non-empty 'name'")
    name = entry["name"].strip()
    where = f"{path}: rule {name}"
    unknown = set(entry) - {"name", "kind", "pattern", "note"}
    if unknown:
        raise ConfigError(where, f"unknown field(s) {sorted(unknown)}")
    kind = entry.get("kind", "line")
    if kind not in KINDS:
        raise ConfigError(where, f"kind must be one of {list(KINDS)}, not {kind!r}")
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(where, "needs a non-empty 'pattern' (a regular expression)")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(where, f"pattern is not a valid regular expression: {exc}") from exc
    if compiled.groupindex:
        raise ConfigError(where, "pattern must not use named groups")
    if compiled.fullmatch(""):
        raise ConfigError(where, "pattern matches the empty line")
    return Rule(name=name, kind=kind, pattern=pattern)


def _structure(data: Any, path: Path) -> Structure:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: structure", "must be a mapping")
    fields = set(Structure.__dataclass_fields__)
    unknown = set(data) - fields
    if unknown:
        raise ConfigError(f"{path}: structure", f"unknown field(s) {sorted(unknown)}")
    for key, value in data.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{path}: structure.{key}", "must be a non-negative number")
    return Structure(**data)

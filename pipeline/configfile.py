"""Reading one YAML file of ``config/``: every problem becomes a ConfigError naming the file.

A key given twice in one mapping is an error naming the key and both lines: YAML parsers
otherwise keep the last value silently, so a pasted-in second ``kafka:`` section would quietly
replace the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, first_line: int, line: int) -> None:
        super().__init__(f"duplicate key {key!r} (line {line}, first given on line {first_line})")
        self.key = key


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: SafeLoader reports it below
                continue
            line = key_node.start_mark.line + 1
            if first is not None:
                raise _DuplicateKey(key, first, line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, *, error: type[ConfigError] = ConfigError) -> Any:
    """The data stored in ``path``; ``error(path, problem)`` when it is unreadable or not YAML."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # a SafeLoader subclass
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise error(str(path), f"cannot read file: {detail}") from None
    except _DuplicateKey as exc:
        raise error(str(path), str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise error(str(path), f"not valid YAML ({where}): {getattr(exc, 'problem', exc)}") from None

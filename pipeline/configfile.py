"""Reading one YAML file of ``config/``: every problem becomes a ConfigError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError


def read_yaml(path: Path, *, error: type[ConfigError] = ConfigError) -> Any:
    """The data stored in ``path``; ``error(path, problem)`` when it is unreadable or not YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise error(str(path), f"cannot read file: {detail}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise error(str(path), f"not valid YAML ({where}): {getattr(exc, 'problem', exc)}") from None

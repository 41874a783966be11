"""Saving the clean stage's learned state (source memory, story index) so restarts keep it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON to ``path`` through a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def read_json_state(path: Path) -> dict[str, Any]:
    """Saved state as a dict; {} when the file does not exist yet; ConfigError when unreadable."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), f"cannot read saved state: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(str(path), "saved state is not a JSON object")
    return data

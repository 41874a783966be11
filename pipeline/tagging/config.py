"""Reading a YAML config file of the tagger and turning any problem into a TaxonomyError.

Shared by the taxonomy and the gazetteer loaders so both report a bad file the same way: the
file, the dotted key inside it, and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.configfile import read_yaml as read_yaml_file
from pipeline.errors import TaxonomyError

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping stored in ``path``; TaxonomyError when missing, unreadable or not a mapping."""
    loaded = read_yaml_file(path, error=TaxonomyError)
    if not isinstance(loaded, dict):
        raise TaxonomyError(str(path), "must be a YAML mapping")
    return loaded


def validate(model: type[M], data: dict[str, Any], path: Path) -> M:
    """``data`` as ``model``; TaxonomyError naming the first offending key (and how many more)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        key = ".".join(str(part) for part in first["loc"]) or "(root)"
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        if len(errors) > 1:
            problem += f" (and {len(errors) - 1} more problem(s))"
        raise TaxonomyError(f"{path}: {key}", problem) from None

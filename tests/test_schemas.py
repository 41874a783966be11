"""schemas/ is generated from the models: a drift between them fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.records import RECORD_TYPES
from pipeline.schema import record_schemas, render

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


@pytest.mark.parametrize("name", sorted(record_schemas()))
def test_schema_file_matches_model(name: str) -> None:
    path = SCHEMAS / name
    assert path.exists(), f"{name} missing: run python scripts/generate_schemas.py"
    assert path.read_text(encoding="utf-8") == render(record_schemas()[name]), (
        f"{name} drifted from its model: run python scripts/generate_schemas.py"
    )


def test_every_record_type_has_a_schema() -> None:
    assert {p.name for p in SCHEMAS.glob("*.schema.json")} == {f"{t}.schema.json" for t in RECORD_TYPES}


def test_schemas_are_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    for path in SCHEMAS.glob("*.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def _undescribed(schema: dict, where: str) -> list[str]:
    """Paths of the properties (in the record and every $def) that carry no description."""
    missing = []
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("description"):
            missing.append(f"{where}.{name}")
    for name, definition in schema.get("$defs", {}).items():
        missing += _undescribed(definition, name)
    return missing


@pytest.mark.parametrize("name", sorted(record_schemas()))
def test_every_record_field_is_described_in_the_schema(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert _undescribed(schema, name.split(".")[0]) == []

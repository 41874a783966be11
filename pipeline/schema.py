"""JSON Schema of every record on the wire, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pipeline.records import RECORD_TYPES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_schemas() -> dict[str, dict[str, Any]]:
    """File name in ``schemas/`` → JSON Schema (serialization mode: what is on the wire)."""
    out = {}
    for record_type, model in sorted(RECORD_TYPES.items()):
        schema = model.model_json_schema(mode="serialization")
        schema = {
            "$schema": SCHEMA_DIALECT,
            "$id": f"newswire/{record_type}.schema.json",
            "x-record-type": record_type,
            **schema,
        }
        out[f"{record_type}.schema.json"] = schema
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

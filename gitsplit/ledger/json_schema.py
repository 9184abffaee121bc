"""JSON Schemas of the records' frontmatter and of ``config.yaml``, from what ``check`` uses.

One source of truth: ``schema.FIELDS_BY_KIND`` drives both ``check`` and the records' schemas,
``config_spec.CONFIG`` both ``config.parse`` and the config's; tests run both judges over
corpora of good and bad input to prove they agree.
"""

from __future__ import annotations

from typing import Any

from gitsplit.ledger import schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = ".workledger/schema"
SCHEMA_URL = "https://gitsplit.dev/schema"  # $id base; the files are local, nothing is fetched
_SHA = "^[0-9a-f]{40}([0-9a-f]{24})?$"
_NON_EMPTY = {"type": "string", "pattern": r"\S"}


def file_name(kind: str) -> str:
    """``workorder.schema.json`` for a kind."""
    return f"{kind}.schema.json"


def record_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind's frontmatter."""
    fields = schema.FIELDS_BY_KIND[kind]
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_URL}/{file_name(kind)}",
        "title": f"gitsplit {kind} frontmatter",
        "type": "object",
        "required": [spec.name for spec in fields if spec.required],
        "properties": {spec.name: _property(spec) for spec in fields},
        "additionalProperties": True,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every record kind and for ``config.yaml``."""
    from gitsplit.ledger.config_schema import config_schema

    found = {file_name(kind): record_schema(kind) for kind in schema.FIELDS_BY_KIND}
    found[file_name("config")] = config_schema(DRAFT, SCHEMA_URL)
    return found


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of a record kind's frontmatter, or of ``config.yaml`` for ``config``."""
    if kind == "config":
        from gitsplit.ledger.config_schema import config_schema

        return config_schema(DRAFT, SCHEMA_URL)
    return record_schema(kind)


def _property(spec: schema.Field) -> dict[str, Any]:
    """The schema of one field: null is allowed unless the field is required and not nullable."""
    shape = {"type": "string"} if spec.type == "text" and not spec.required else _shape(spec)
    if spec.nullable or not spec.required:
        return {"anyOf": [shape, {"type": "null"}]}
    return shape


def _shape(spec: schema.Field) -> dict[str, Any]:
    """The schema of a field's non-null value."""
    kind = spec.type
    if kind == "text":
        return dict(_NON_EMPTY)
    if kind == "texts":
        return {"type": "array", "items": dict(_NON_EMPTY)}
    if kind == "files":
        from gitsplit.ledger.file_entries import PART_MARKS, WELL_FORMED_PART

        item = {
            **_NON_EMPTY,
            "anyOf": [{"not": {"pattern": PART_MARKS}}, {"pattern": WELL_FORMED_PART}],
        }
        return {"type": "array", "items": item}
    if kind == "enum":
        return {"type": "string", "enum": list(spec.choices)}
    if kind == "id":
        return _id(spec.ref)
    if kind == "ids":
        return {"type": "array", "items": _id(spec.ref)}
    if kind == "sha":
        return {"type": "string", "pattern": _SHA}
    if kind == "mapping":
        return {"type": "object"}
    if kind == "number":
        return {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"},
            ]
        }
    if kind == "rejected":
        return {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["option", "reason"],
                "properties": {"option": {"type": "string"}, "reason": {"type": "string"}},
            },
        }
    if kind == "records":
        return {"type": "array", "items": {"type": "object"}}
    raise AssertionError(f"unknown field type {kind}")


def _id(prefix: str) -> dict[str, Any]:
    """An id of one kind: ``WO-12``."""
    return {"type": "string", "pattern": f"^{prefix}-[1-9][0-9]*$"}

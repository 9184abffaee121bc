"""The JSON Schema of ``config.yaml``, made from ``config_spec``, the table ``parse`` reads.

What a schema cannot say is left to ``gitsplit check``: that a class routes to a tier that
exists, a tier to a known agent and a priced model (docs/configuration.md).
"""

from __future__ import annotations

from typing import Any

from gitsplit.ledger.config_spec import CONFIG, Key

_TEXT = {
    "anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}],
}
_TOKENS = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": r"^\s*[0-9][0-9_,]*(\.[0-9]+)?\s*[kKmM]?\s*$"},
    ]
}
_NUMBER = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*\+?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"},
    ]
}


def config_schema(draft: str, base: str) -> dict[str, Any]:
    """The whole schema of ``config.yaml``, with its ``$schema`` draft and ``$id``."""
    body = {**_value(CONFIG), "type": ["object", "null"]}  # an empty file is all defaults
    return {
        "$schema": draft,
        "$id": f"{base}/config.schema.json",
        "title": "gitsplit config.yaml",
        "description": CONFIG.help,
        **body,
    }


def _shape(key: Key) -> dict[str, Any]:
    """The schema of one key's value (null allowed where ``parse`` takes it)."""
    shape = _value(key)
    if key.help:
        shape = {**shape, "description": key.help}
    if key.nullable or key.kind in ("section", "table", "strings"):
        return {"anyOf": [shape, {"type": "null"}]}
    return shape


def _value(key: Key) -> dict[str, Any]:
    """The schema of a key's non-null value."""
    if key.kind == "text":
        if key.name == "branch_pattern":
            return {"type": "string", "pattern": r"\{id\}"}
        return dict(_TEXT)
    if key.kind == "texts":
        return {"type": "array", "items": dict(_TEXT)}
    if key.kind == "count":
        return {"type": "integer", "minimum": 1}
    if key.kind == "tokens":
        return dict(_TOKENS)
    if key.kind == "number":
        return dict(_NUMBER)
    if key.kind == "enum":
        if key.name == "claims":  # YAML 1.1 reads a bare `off` as false, and parse takes it
            return {"enum": [*key.choices, False]}
        return {"type": "string", "enum": list(key.choices)}
    if key.kind == "duration":
        least = 0 if key.name.endswith("_skew") else 1
        return {
            "anyOf": [
                {"type": "integer", "minimum": least},
                {"type": "string", "pattern": r"^\s*(\d+|(\d+\s*[smhd]\s*)+)\s*$"},
            ]
        }
    if key.kind == "strings":
        return _object({}, dict(_TEXT), key.names)
    if key.kind == "section":
        return _section(key, key.required)
    if key.kind == "table":
        entry = _section(key, key.required)
        if not key.defaults:
            return _object({}, entry, key.names)
        known = {name: _section(key, ()) for name in key.defaults}
        return _object(known, entry, key.names)
    raise AssertionError(f"unknown config key kind {key.kind}")


def _section(key: Key, required: tuple[str, ...]) -> dict[str, Any]:
    """An object of fixed keys, nothing else; null is allowed for a table's entry."""
    shape: dict[str, Any] = {
        "type": "object",
        "properties": {child.name: _shape(child) for child in key.keys},
        "additionalProperties": False,
    }
    if required:
        shape["required"] = list(required)
    if key.kind == "table":
        return {"anyOf": [shape, {"type": "null"}]} if not required else shape
    return shape


def _object(known: dict[str, Any], entry: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A mapping whose entries are ``entry`` (``known`` ones their own), keys among ``names``."""
    shape: dict[str, Any] = {"type": "object", "additionalProperties": entry}
    if known:
        shape["properties"] = known
    if names:
        shape["propertyNames"] = {"enum": list(names)}
    return shape

"""The JSON Schemas and `gitsplit check` agree: one set of field specifications drives both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gitsplit.ledger import json_schema, schema
from gitsplit.ledger.fileformat import Document
from tests.conftest import Repo

ROOT = Path(__file__).resolve().parent.parent
SHA = "0123456789abcdef0123456789abcdef01234567"

# Candidate values for each field type: some fit, some do not; the test asks both judges.
CANDIDATES: dict[str, list[Any]] = {
    "text": ["A title", "", "   ", 12, ["a"], None, {"a": 1}],
    "texts": [[], ["src/**"], ["a", ""], "src/**", [1], None],
    "files": [
        *([[], ["src/**"], ["a", ""], "src/**", [1], None]),
        ["src/x.py#L72-158", "src/x.py#L7", "src/x.py#L7-L9", "src/x.py::A.b", "x.py#L9-3"],
        ["src/x.py#L0"],
        ["src/x.py#L"],
        ["src/x.py#Lx"],
        ["src/x.py#L1-"],
        ["a::"],
        ["::A"],
        ["a::b::c"],
        ["a::b c"],
        ["a#L1::b"],
        ["a.py#L1\n"],
        [" a.py#L1 "],
    ],
    "id": ["WO-1", "D-3", "I-2", "CP-4", "WO-01", "wo-1", "WO-0", 5, None],
    "ids": [[], ["WO-2"], ["D-1", "D-2"], ["WO-x"], "WO-2", None],
    "enum": [None, 3, "nonsense"],  # plus every choice, added per field
    "sha": [SHA, SHA[:12], "Z" * 40, None],
    "mapping": [{}, {"turns": 3}, [], "x", None],
    "number": [0, 1.25, "0.42", "x", True, None],
    "rejected": [[], [{"option": "A", "reason": "B"}], [{"option": "A"}], ["A: B"], None],
    "records": [[], [{"name": "pytest"}], ["x"], {}, None],
}


def base_fields(kind: str) -> dict[str, Any]:
    """A frontmatter that both judges accept."""
    good: dict[str, Any] = {}
    for spec in schema.FIELDS_BY_KIND[kind]:
        if not spec.required:
            continue
        if spec.type == "enum":
            good[spec.name] = spec.choices[0]
        elif spec.type == "id":
            good[spec.name] = f"{spec.ref}-1"
        elif spec.type == "sha":
            good[spec.name] = SHA
        else:
            good[spec.name] = "value"
    return good


def corpus() -> list[tuple[str, dict[str, Any]]]:
    """Every kind × every field × every candidate value, and each field left out."""
    cases = []
    for kind, fields in schema.FIELDS_BY_KIND.items():
        cases.append((kind, base_fields(kind)))
        for spec in fields:
            values = list(CANDIDATES[spec.type]) + list(spec.choices)
            for value in values:
                cases.append((kind, {**base_fields(kind), spec.name: value}))
            without = base_fields(kind)
            without.pop(spec.name, None)
            cases.append((kind, without))
    return cases


def test_schema_and_check_agree_on_every_case_of_the_corpus() -> None:
    disagreements = []
    cases = corpus()
    for kind, fields in cases:
        by_check = not schema.validate(kind, fields)
        validator = jsonschema.Draft202012Validator(json_schema.record_schema(kind))
        by_schema = validator.is_valid(fields)
        if by_check != by_schema:
            disagreements.append((kind, fields, by_check, by_schema))
    assert len(cases) > 300
    assert disagreements == []


def test_the_schemas_are_valid_json_schemas() -> None:
    for data in json_schema.all_schemas().values():
        jsonschema.Draft202012Validator.check_schema(data)


def test_this_repository_s_own_records_validate_against_the_schemas() -> None:
    checked = 0
    for kind, folder in (("workorder", "workorders"), ("decision", "decisions")):
        validator = jsonschema.Draft202012Validator(json_schema.record_schema(kind))
        for path in sorted((ROOT / ".workledger" / folder).glob("*.md")):
            doc = Document.parse(path.read_bytes(), path=str(path))
            assert validator.is_valid(doc.fields), path
            checked += 1
    assert checked > 20


def test_schema_write_puts_every_kind_in_the_ledger(repo: Repo) -> None:
    out = repo.ok("schema", "--write")
    assert ".workledger/schema/workorder.schema.json" in out
    written = json.loads(repo.read(".workledger/schema/workorder.schema.json"))
    assert written == json_schema.record_schema("workorder")
    assert "ledger OK" in repo.ok("check")


@pytest.mark.parametrize("args", [(), ("workorder", "--write")])
def test_schema_without_a_kind_or_with_both_says_what_to_do(
    repo: Repo, args: tuple[str, ...]
) -> None:
    result = repo.cli("schema", *args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_the_example_records_in_the_docs_validate_against_the_schemas() -> None:
    from tests.readme_helpers import all_blocks

    checked = 0
    for block in all_blocks():
        lines = list(block.lines)
        if not lines or lines[0] != "---" or "---" not in lines[1:]:
            continue
        text = "\n".join(lines[: lines.index("---", 1) + 1]) + "\n"
        doc = Document.parse(text.encode(), path=block.where)
        fields = doc.fields
        if "wo" in fields and "run" in fields:
            kind = "run"
        else:
            prefix = str(fields.get("id", "")).split("-")[0]
            kind = {"WO": "workorder", "D": "decision", "I": "invariant", "CP": "checkpoint"}.get(
                prefix, ""
            )
        if not kind:
            continue
        validator = jsonschema.Draft202012Validator(json_schema.record_schema(kind))
        errors = [error.message for error in validator.iter_errors(fields)]
        assert errors == [], f"{block.where}: {errors}"
        assert schema.validate(kind, fields) == [], block.where
        checked += 1
    assert checked >= 3

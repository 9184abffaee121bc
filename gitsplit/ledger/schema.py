"""Field specifications of each record kind, and validation of one record's fields."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gitsplit.ledger import ids, vocabulary

WO_STATUSES = ("draft", "ready", "in_progress", "review", "done", "blocked", "cancelled")
CLASSES = vocabulary.CLASSES
PRIORITIES = vocabulary.PRIORITIES
DECISION_STATUSES = ("proposed", "accepted", "superseded", "deprecated")
INVARIANT_STATUSES = ("active", "retired")
LINEAGES = ("branched_from", "rewound_to")
OUTCOMES = ("succeeded", "failed", "abandoned", "timed-out")
VIA = ("branch", "bundle")
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class Field:
    """What one frontmatter field may hold."""

    name: str
    type: str  # text, texts, files, id, ids, enum, sha, rejected, mapping, number, records
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""  # id prefix for id/ids fields
    nullable: bool = False


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ledger file, located by path and line."""

    path: str
    line: int | None
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape of a problem."""
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}


WORKORDER_FIELDS = (
    Field("id", "id", required=True, ref="WO"),
    Field("title", "text", required=True),
    Field("status", "enum", required=True, choices=WO_STATUSES),
    Field("class", "enum", required=True, choices=CLASSES),
    Field("priority", "enum", choices=PRIORITIES),
    Field("depends_on", "ids", ref="WO"),
    Field("scope", "texts"),
    Field("files", "files"),
    Field("decisions", "ids", ref="D"),
    Field("invariants", "ids", ref="I"),
    Field("checks", "texts"),
    Field("created", "text"),
    Field("updated", "text"),
    Field("estimate", "mapping"),
    Field("imported_from", "mapping"),
)
DECISION_FIELDS = (
    Field("id", "id", required=True, ref="D"),
    Field("title", "text", required=True),
    Field("status", "enum", required=True, choices=DECISION_STATUSES),
    Field("date", "text"),
    Field("supersedes", "ids", ref="D"),
    Field("superseded_by", "ids", ref="D"),
    Field("applies_to", "texts"),
    Field("rejected", "rejected"),
    Field("imported_from", "mapping"),
)
INVARIANT_FIELDS = (
    Field("id", "id", required=True, ref="I"),
    Field("title", "text", required=True),
    Field("status", "enum", required=True, choices=INVARIANT_STATUSES),
    Field("applies_to", "texts"),
)
CHECKPOINT_FIELDS = (
    Field("id", "id", required=True, ref="CP"),
    Field("summary", "text", required=True),
    Field("commit", "sha", required=True),
    Field("ledger", "sha", required=True),
    Field("parent", "id", ref="CP", nullable=True),
    Field("lineage", "enum", choices=LINEAGES, nullable=True),
    Field("created", "text"),
)
RUN_FIELDS = (
    Field("wo", "id", required=True, ref="WO"),
    Field("run", "text", required=True),
    Field("branch", "text"),
    Field("base", "sha"),
    Field("briefing_sha256", "text", nullable=True),
    Field("class", "enum", choices=CLASSES),
    Field("tier", "text", nullable=True),
    Field("model", "text", nullable=True),
    Field("price", "text", nullable=True),
    Field("agent_profile", "text", nullable=True),
    Field("agent", "texts"),
    Field("started", "text"),
    Field("ended", "text", nullable=True),
    Field("outcome", "enum", choices=OUTCOMES, nullable=True),
    Field("commits", "texts"),
    Field("denied", "texts"),
    Field("tokens", "mapping", nullable=True),
    Field("cost_usd", "number", nullable=True),
    Field("via", "enum", choices=VIA),
    Field("checks", "records"),
    Field("checks_commit", "sha", nullable=True),
    Field("checks_digest", "text", nullable=True),
    Field("violations", "number", nullable=True),
    Field("verdict", "mapping", nullable=True),
)
FIELDS_BY_KIND: dict[str, tuple[Field, ...]] = {
    "workorder": WORKORDER_FIELDS,
    "decision": DECISION_FIELDS,
    "invariant": INVARIANT_FIELDS,
    "checkpoint": CHECKPOINT_FIELDS,
    "run": RUN_FIELDS,
}


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A `` (did you mean X?)`` suffix when a close choice exists."""
    same_but_case = [choice for choice in choices if choice.lower() == word.lower()]
    import difflib  # only for a word that is not one of the choices

    close = same_but_case or difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_value(spec: Field, value: Any) -> str | None:
    """Why a value does not fit its field, or None when it fits."""
    if value is None:
        return None if spec.nullable or not spec.required else "must not be empty"
    kind = spec.type
    # isprintable() first: true for nearly every value, and it spares a call per field
    if (
        isinstance(value, str)
        and not value.isprintable()
        and (found := _controls(spec.name, value))
    ):
        return f"holds control characters ({', '.join(found)}); write plain text"
    if kind == "text":
        if not isinstance(value, str):
            return f"must be text, not {_type_name(value)}"
        return "must not be empty" if spec.required and not value.strip() else None
    if kind == "enum":
        if not isinstance(value, str) or value not in spec.choices:
            return f"{value!r} is not one of {', '.join(spec.choices)}" + (
                suggest(value, spec.choices) if isinstance(value, str) else ""
            )
        return None
    if kind == "id":
        return _check_id(value, spec.ref)
    if kind in ("ids", "texts", "files"):
        if not isinstance(value, list):
            return f"must be a list, not {_type_name(value)}"
        for item in value:
            problem = (
                _check_id(item, spec.ref)
                if kind == "ids"
                else (
                    (_file_entry(item) if kind == "files" else None)
                    if isinstance(item, str) and item.strip()
                    else f"has an item {item!r} that is not non-empty text"
                )
            )
            if problem:
                return problem
        return None
    if kind == "sha":
        return (
            None
            if isinstance(value, str) and _SHA.match(value)
            else (f"must be a full git object id (40 hex digits), not {value!r}")
        )
    if kind == "mapping":
        return None if isinstance(value, Mapping) else f"must be a mapping, not {_type_name(value)}"
    if kind == "number":
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        return None if ok and _is_number(value) else f"must be a number, not {value!r}"
    if kind == "rejected":
        return _check_rejected(value)
    if kind == "records":
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            return "must be a list of mappings"
        return None
    raise AssertionError(f"unknown field type {kind}")


def _controls(name: str, value: str) -> list[str]:
    """Control characters a field may not hold: none at all in an id or a title."""
    from gitsplit.util import text

    found = text.control_characters(value)
    return found if name in ("id", "title") else [c for c in found if c not in ("\\t", "\\n")]


def validate(kind: str, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (field, message) wrong in a record's fields; unknown fields are allowed."""
    problems: list[tuple[str, str]] = []
    for spec in FIELDS_BY_KIND[kind]:
        if spec.name not in fields:
            if spec.required:
                problems.append((spec.name, f"missing required field '{spec.name}'"))
            continue
        message = check_value(spec, fields[spec.name])
        if message:
            problems.append((spec.name, f"'{spec.name}' {message}"))
    return problems


def references(kind: str, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (field, id) a record points at through its id fields."""
    found: list[tuple[str, str]] = []
    for name, many in _id_fields(kind):
        value = fields.get(name)
        if not many and isinstance(value, str):
            found.append((name, value))
        elif many and isinstance(value, list):
            found.extend((name, item) for item in value if isinstance(item, str))
    return found


@functools.cache
def _id_fields(kind: str) -> tuple[tuple[str, bool], ...]:
    """The fields of a kind that hold ids: (name, True when a list of them)."""
    return tuple(
        (spec.name, spec.type == "ids")
        for spec in FIELDS_BY_KIND[kind]
        if spec.type == "ids" or (spec.type == "id" and spec.name != "id")
    )


def _file_entry(item: str) -> str | None:
    """Why a ``files`` entry (path, ``path#L72-158`` or ``path::Symbol``) is malformed."""
    from gitsplit.ledger.file_entries import entry_problem

    problem = entry_problem(item)
    return f"has an entry {problem}" if problem else None


def _check_id(value: Any, prefix: str) -> str | None:
    """Why a value is not a well-formed id of the given prefix."""
    parts = ids.split_id(value) if isinstance(value, str) else None
    if parts is None or parts[0].prefix != prefix:
        return f"has {value!r}, which is not {prefix}-<number>"
    return None


def _check_rejected(value: Any) -> str | None:
    """Rejected options are a list of {option, reason} mappings."""
    if not isinstance(value, list):
        return f"must be a list of {{option, reason}}, not {_type_name(value)}"
    for item in value:
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("option"), str)
            or not isinstance(item.get("reason"), str)
        ):
            return f"has an entry {item!r} without text 'option' and 'reason'"
    return None


def _is_number(value: Any) -> bool:
    """True for ints, floats and decimal strings."""
    try:
        float(value)
    except ValueError:
        return False
    return True


def _type_name(value: Any) -> str:
    """A reader's name for a YAML value's type."""
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)

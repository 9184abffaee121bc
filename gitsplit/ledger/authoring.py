"""Creating and changing records: work orders, decisions, invariants (validated, atomic)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gitsplit.errors import UnknownIdError, ValidationError
from gitsplit.ledger import dependencies, ids, schema, templates
from gitsplit.ledger.records import Decision, Invariant, Record, WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.util import clock
from gitsplit.util.text import control_characters

SETTABLE_WO_FIELDS = tuple(
    f.name
    for f in schema.WORKORDER_FIELDS
    if f.name not in ("id", "created", "updated", "imported_from")
)
_WO_SPECS = {f.name: f for f in schema.WORKORDER_FIELDS}


@dataclass(frozen=True)
class WorkOrderSpec:
    """Everything ``wo new`` can be told."""

    title: str
    klass: str = "C2"
    priority: str = "P2"
    status: str = "draft"
    depends_on: Sequence[str] = ()
    scope: Sequence[str] = ()
    files: Sequence[str] = ()
    decisions: Sequence[str] = ()
    invariants: Sequence[str] = ()
    checks: Sequence[str] = ()
    body: str | None = None


def workorder_fields(ledger: Ledger, spec: WorkOrderSpec) -> dict[str, Any]:
    """The frontmatter of a new work order, validated (ids must exist)."""
    stamp = clock.timestamp()
    fields: dict[str, Any] = {
        "title": clean_title(spec.title),
        "status": spec.status,
        "class": spec.klass,
        "priority": spec.priority,
        "depends_on": existing_ids(ledger, ids.WORKORDER, spec.depends_on),
        "scope": list(spec.scope),
        "files": list(spec.files),
        "decisions": existing_ids(ledger, ids.DECISION, spec.decisions),
        "invariants": existing_ids(ledger, ids.INVARIANT, spec.invariants),
        "checks": list(spec.checks),
        "created": stamp,
        "updated": stamp,
    }
    _validate(fields, schema.WORKORDER_FIELDS)
    return fields


def new_workorder(ledger: Ledger, spec: WorkOrderSpec) -> WorkOrder:
    """Write a new work order with the next free id, in one atomic write."""
    fields = workorder_fields(ledger, spec)

    def body(record_id: str) -> str:
        if spec.body is not None:
            return spec.body
        values = {"id": record_id, "problem": "", "title": fields["title"]}
        return templates.render(ledger.root, "workorder.md.j2", values)

    deps = list(fields.get("depends_on") or [])
    record = ledger.create(
        ids.WORKORDER, fields, body, vet=lambda new_id: refuse_cycle(ledger, new_id, deps)
    )
    assert isinstance(record, WorkOrder)
    return record


def update_fields(ledger: Ledger, wo_id: str, assignments: Sequence[str]) -> WorkOrder:
    """``set_fields`` on the work order as it is under its lock (no concurrent change lost)."""
    return ledger.update(
        ids.WORKORDER,
        wo_id,
        lambda order: set_fields(ledger, order, assignments, write=False),
        WorkOrder,
    )


def set_fields(
    ledger: Ledger, order: WorkOrder, assignments: Sequence[str], *, write: bool = True
) -> WorkOrder:
    """Apply ``FIELD=VALUE``, ``FIELD+=VALUE`` and ``FIELD-=VALUE`` to a work order."""
    if not assignments:
        raise ValidationError("nothing to set: give FIELD=VALUE (e.g. status=ready)")
    updates: dict[str, Any] = {}
    removals: list[str] = []
    for assignment in assignments:
        name, op, raw = _split_assignment(assignment)
        spec = _WO_SPECS[name]
        current = updates.get(name, order.fields.get(name))
        value = _apply(spec, op, raw, current)
        if name == "title" and isinstance(value, str):
            value = clean_title(value)
        if value is None:
            removals.append(name)
            continue
        problem = schema.check_value(spec, value)
        if problem:
            raise ValidationError(f"{name}: {problem}")
        if spec.type == "ids":
            kind = ids.BY_PREFIX[spec.ref]
            value = existing_ids(ledger, kind, value)
            if name == "depends_on" and order.id in value:
                raise ValidationError(f"{order.id} cannot depend on itself")
            if name == "depends_on":
                refuse_cycle(ledger, order.id, value)
        updates[name] = value
    updates["updated"] = clock.timestamp()
    changed = order.changed(updates, remove=removals)
    if write:
        ledger.write(changed)
    return changed


def decide(
    ledger: Ledger,
    *,
    title: str,
    rejected: Sequence[str],
    supersedes: Sequence[str],
    applies_to: Sequence[str],
    status: str,
    body: str | None,
) -> Decision:
    """Record a decision; when it supersedes others, mark them superseded too."""
    if status not in schema.DECISION_STATUSES:
        raise ValidationError(
            f"status {status!r} is not one of {', '.join(schema.DECISION_STATUSES)}"
        )
    olds = list(
        {
            old.id: old for old in (ledger.get(ids.DECISION, raw, Decision) for raw in supersedes)
        }.values()
    )
    fields: dict[str, Any] = {
        "title": clean_title(title),
        "status": status,
        "date": clock.today(),
        "supersedes": [old.id for old in olds],
        "superseded_by": [],
        "applies_to": list(applies_to),
        "rejected": [parse_rejected(item) for item in rejected],
    }
    text = (
        body
        if body is not None
        else templates.render(ledger.root, "decision.md.j2", {"context": "", "title": title})
    )
    record = ledger.create(ids.DECISION, fields, text)
    for old in olds:
        ledger.update(
            ids.DECISION,
            old.id,
            lambda now: now.changed(
                {"status": "superseded", "superseded_by": [*now.superseded_by, record.id]}
            ),
            Decision,
        )
    assert isinstance(record, Decision)
    return record


def add_invariant(
    ledger: Ledger, *, title: str, body: str | None, applies_to: Sequence[str]
) -> Invariant:
    """Record a new active invariant."""
    fields = {"title": clean_title(title), "status": "active", "applies_to": list(applies_to)}
    text = templates.render(
        ledger.root, "invariant.md.j2", {"body": (body or "").rstrip("\n"), "title": title}
    )
    record = ledger.create(ids.INVARIANT, fields, text)
    assert isinstance(record, Invariant)
    return record


def retire_invariant(ledger: Ledger, raw_id: str) -> Invariant:
    """Mark an invariant retired (it stops appearing in briefings)."""

    def retire(record: Invariant) -> Invariant:
        if record.status == "retired":
            raise ValidationError(f"{record.id} is already retired")
        return record.changed({"status": "retired"})

    return ledger.update(ids.INVARIANT, raw_id, retire, Invariant)


def parse_rejected(text: str) -> dict[str, str]:
    """``"OPTION: REASON"`` → {option, reason}."""
    match = re.match(r"^\s*(.+?):\s+(.+?)\s*$", text, re.S)
    if not match:
        raise ValidationError(
            f'--rejected {text!r}: write it as "OPTION: REASON" '
            "(what was rejected, a colon and a space, then why)"
        )
    return {"option": match.group(1), "reason": match.group(2)}


def refuse_cycle(ledger: Ledger, wo_id: str, depends_on: Sequence[str]) -> None:
    """Refuse dependencies for ``wo_id`` that would close a cycle, printing the cycle."""
    if not depends_on:  # a work order that waits for nothing cannot be in a cycle
        return
    edges = {
        r.id: list(r.depends_on) for r in ledger.records(ids.WORKORDER) if isinstance(r, WorkOrder)
    }
    edges[wo_id] = list(depends_on)
    for cycle in dependencies.find_cycles(edges):
        if wo_id in cycle:
            raise ValidationError(
                f"{wo_id} would be in a dependency cycle: {' → '.join(cycle)}",
                hint="drop one of those dependencies first",
            )


def clean_title(title: str, *, what: str = "title") -> str:
    """A title (or summary) on one line, refusing empty ones."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationError(f"the {what} must not be empty")
    found = control_characters(cleaned)
    if found:
        raise ValidationError(
            f"the {what} holds control characters ({', '.join(found)}), which would "
            "act on the terminal of whoever lists it",
            hint=f"write the {what} as plain text",
        )
    return cleaned


def existing_ids(ledger: Ledger, kind: ids.Kind, raw_ids: Sequence[str]) -> list[str]:
    """Normalise ids and refuse those with no record of that kind."""
    result = []
    for raw in raw_ids:
        record_id = ids.normalize_id(raw, kind)
        if not (ledger.root / kind.path(record_id)).is_file():
            raise UnknownIdError(
                f"no {kind.label} {record_id}", hint=f"`{kind.list_command}` shows what exists"
            )
        if record_id not in result:
            result.append(record_id)
    return result


def _validate(fields: dict[str, Any], specs: Sequence[schema.Field]) -> None:
    """Raise on the first field that does not fit."""
    by_name = {spec.name: spec for spec in specs}
    for name, value in fields.items():
        problem = schema.check_value(by_name[name], value) if name in by_name else None
        if problem:
            raise ValidationError(f"{name}: {problem}")


def _split_assignment(text: str) -> tuple[str, str, str]:
    """``scope+=src/**`` → (scope, +=, src/**), refusing unknown fields."""
    match = re.match(r"^([A-Za-z_]+)\s*(\+=|-=|=)(.*)$", text, re.S)
    if not match:
        raise ValidationError(f"{text!r} is not FIELD=VALUE (also FIELD+=VALUE, FIELD-=VALUE)")
    name, op, raw = match.group(1), match.group(2), match.group(3).strip()
    if name == "id":
        raise ValidationError("the id is the file name; use `gitsplit renumber` to change it")
    if name not in SETTABLE_WO_FIELDS:
        raise ValidationError(
            f"unknown field {name!r}{schema.suggest(name, SETTABLE_WO_FIELDS)};"
            f" fields: {', '.join(SETTABLE_WO_FIELDS)}"
        )
    return name, op, raw


def _apply(spec: schema.Field, op: str, raw: str, current: Any) -> Any:
    """The new value of a field after one assignment (None: remove the field)."""
    if spec.type in ("ids", "texts", "files"):
        # ids may be comma-separated; a glob or a command is one item (it may hold commas)
        items = (
            [ids.normalize_id(p, ids.BY_PREFIX[spec.ref]) for p in raw.split(",") if p.strip()]
            if spec.type == "ids"
            else ([raw] if raw else [])
        )
        existing = list(current) if isinstance(current, list) else []
        if op == "+=":
            return existing + [i for i in items if i not in existing]
        if op == "-=":
            missing = [i for i in items if i not in existing]
            if missing:
                raise ValidationError(f"{spec.name} has no {', '.join(missing)}")
            return [i for i in existing if i not in items]
        return items
    if op != "=":
        raise ValidationError(f"{spec.name} is not a list; use {spec.name}=VALUE")
    if spec.type == "mapping":
        raise ValidationError(f"{spec.name} is a mapping; edit it with `gitsplit wo edit`")
    if not raw:
        if spec.required:
            raise ValidationError(f"{spec.name} is required and cannot be emptied")
        return None
    return raw


def describe(record: Record) -> str:
    """``WO-3 "Title"`` for messages."""
    return f'{record.id} "{record.title}"'

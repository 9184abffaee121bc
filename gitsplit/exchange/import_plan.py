"""What an import would do: which items are new, changed or unchanged, under which ids.

Items are matched with what an earlier import wrote through ``imported_from`` (source and
id), so importing again never duplicates. Dependencies are put in an order where each item
comes after what it depends on; a cycle in the source is broken and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gitsplit.cost.routing import class_for_new
from gitsplit.exchange.import_body import body_digest, body_of
from gitsplit.exchange.items import Source, SourceItem
from gitsplit.ledger import allocate, ids
from gitsplit.ledger.records import Record
from gitsplit.ledger.store import Ledger

# Statuses gitsplit itself moves a work order through; an import never moves one out of them.
OWNED_BY_GITSPLIT = ("in_progress", "review", "done", "cancelled")


@dataclass
class Action:
    """One item's fate: ``new`` (with its predicted id), ``update`` or ``unchanged``."""

    item: SourceItem
    verb: str
    record_id: str
    klass: str = ""
    depends_on: list[str] = field(default_factory=list)  # gitsplit ids
    changes: list[str] = field(default_factory=list)  # fields an update changes
    existing: Record | None = None


@dataclass
class Plan:
    """Every action of one import, in writing order, and what could not be mapped."""

    source: Source
    actions: list[Action] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, verb: str) -> int:
        """How many actions have this verb."""
        return sum(1 for action in self.actions if action.verb == verb)


def imported_records(ledger: Ledger) -> dict[str, Record]:
    """Records an earlier import wrote, by ``source:id``."""
    found: dict[str, Record] = {}
    for kind in (ids.WORKORDER, ids.DECISION):
        for record in ledger.records(kind):
            origin = record.fields.get("imported_from")
            if isinstance(origin, dict) and origin.get("source") and origin.get("id"):
                found[f"{origin['source']}:{origin['id']}"] = record
    return found


def build(ledger: Ledger, source: Source) -> Plan:
    """The plan for importing ``source`` into ``ledger`` (nothing is written)."""
    plan = Plan(source)
    before = imported_records(ledger)
    next_number = {
        kind.name: allocate.highest_number(ledger.root, kind) + 1
        for kind in (ids.WORKORDER, ids.DECISION)
    }
    by_source: dict[str, SourceItem] = {}
    for item in source.items:
        if item.key in by_source:
            plan.problems.append(f"{item.source_id}: appears twice in the source; kept the first")
            continue
        by_source[item.key] = item
    record_ids: dict[str, str] = {}
    for item in _ordered(list(by_source.values()), plan):
        kind = ids.WORKORDER if item.kind == "workorder" else ids.DECISION
        existing = before.get(item.key)
        if existing is None:
            record_id = ids.format_id(kind, next_number[kind.name])
            next_number[kind.name] += 1
        else:
            record_id = existing.id
        record_ids[item.key] = record_id
        depends = _dependencies(item, record_ids, before, plan)
        action = Action(item, "new", record_id, depends_on=depends, existing=existing)
        if existing is None and kind is ids.WORKORDER:
            action.klass = class_for_new(ledger, scope=[], decisions=[], depends_on=depends).klass
        elif existing is not None:
            action.verb, action.changes = _changes(existing, item, depends)
            action.klass = str(existing.fields.get("class", ""))
        plan.actions.append(action)
        plan.problems.extend(f"{item.source_id}: {text}" for text in item.unmapped)
    return plan


def _ordered(items: list[SourceItem], plan: Plan) -> list[SourceItem]:
    """Items with every dependency before its dependent (source order otherwise)."""
    by_key = {item.key: item for item in items}
    placed: set[str] = set()
    visiting: set[str] = set()
    result: list[SourceItem] = []

    def visit(item: SourceItem) -> None:
        visiting.add(item.key)
        for dep in list(item.depends_on):
            key = f"{item.tool}:{dep}"
            if key in visiting:
                item.depends_on.remove(dep)
                plan.problems.append(
                    f"{item.source_id}: depending on {dep} would close a cycle; left out"
                )
            elif key in by_key and key not in placed:
                visit(by_key[key])
        visiting.discard(item.key)
        placed.add(item.key)
        result.append(item)

    for item in items:
        if item.key not in placed:
            visit(item)
    return result


def _dependencies(
    item: SourceItem, record_ids: dict[str, str], before: dict[str, Record], plan: Plan
) -> list[str]:
    """The gitsplit ids of an item's dependencies; unknown ones are reported and left out."""
    found: list[str] = []
    for dep in item.depends_on:
        key = f"{item.tool}:{dep}"
        target = record_ids.get(key) or (before[key].id if key in before else None)
        if target is None:
            plan.problems.append(
                f"{item.source_id}: depends on {dep}, which is neither in this import "
                "nor imported before; left out"
            )
        elif target.startswith("WO-") and target not in found:
            found.append(target)
    return found


def _changes(existing: Record, item: SourceItem, depends: list[str]) -> tuple[str, list[str]]:
    """``update`` with the fields that differ, or ``unchanged`` when the source did not move."""
    origin: dict[str, Any] = existing.fields.get("imported_from") or {}
    if origin.get("sha256") == item.digest():
        return "unchanged", []
    changes = []
    if existing.title != item.title:
        changes.append("title")
    if item.kind == "workorder":
        if existing.fields.get("priority") != item.priority:
            changes.append("priority")
        if list(existing.fields.get("depends_on") or []) != depends:
            changes.append("depends_on")
        if existing.fields.get("files", []) != item.files and item.files:
            changes.append("files")
    movable = existing.status not in OWNED_BY_GITSPLIT or item.kind == "decision"
    if existing.status != item.status and movable:
        changes.append("status")
    if body_digest(existing.body) == origin.get("body_sha256"):
        if existing.body != body_of(item):
            changes.append("body")
    elif body_digest(body_of(item)) != origin.get("body_sha256"):
        item.unmapped.append(
            "its text changed at the source, but the record was edited here "
            "since the last import: the body is kept as it is"
        )
    return "update", changes

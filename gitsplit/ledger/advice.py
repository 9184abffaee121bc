"""What ``gitsplit check`` warns about without failing: records that are not yet usable.

A warning never changes check's exit status (and the pre-commit hook never computes
them): a required section still holding only the template's guidance (D-65).
"""

from __future__ import annotations

from collections.abc import Iterable

from gitsplit.ledger import guidance, ids
from gitsplit.ledger.records import Decision, Invariant, Record, WorkOrder
from gitsplit.ledger.schema import Problem

KINDS = (ids.WORKORDER, ids.DECISION, ids.INVARIANT)

# Statuses whose records no run will read: nothing to warn about.
SETTLED = {
    "workorder": ("draft", "done", "cancelled"),
    "decision": ("superseded", "deprecated"),
    "invariant": ("retired",),
}


def guidance_warnings(records: Iterable[Record]) -> list[Problem]:
    """One warning per record whose required sections are empty or guidance only."""
    found: list[Problem] = []
    for record in records:
        kind = _kind(record)
        if kind is None or record.text("status") in SETTLED[kind]:
            continue
        missing = guidance.empty_sections(kind, record.body)
        if not missing:
            continue
        first = "" if missing == ["body"] else missing[0]
        line = record.doc.body_line + guidance.heading_line(record.body, first) if first else None
        found.append(
            Problem(
                record.path,
                line or record.doc.body_line,
                f"warning: {guidance.describe(kind, missing)} empty or still the template's "
                f"guidance; {_fix(record, 'them' if len(missing) > 1 else 'it')}",
                "guidance",
            )
        )
    return found


def _kind(record: Record) -> str | None:
    """The guidance kind of a record (None for kinds without required sections)."""
    if isinstance(record, WorkOrder):
        return "workorder"
    if isinstance(record, Decision):
        return "decision"
    if isinstance(record, Invariant):
        return "invariant"
    return None


def _fix(record: Record, them: str) -> str:
    """How to fill the record in."""
    if isinstance(record, WorkOrder):
        return f"write {them} (`gitsplit wo edit {record.id}`) before the work order is started"
    return f"write {them} in {record.path}"

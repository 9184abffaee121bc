"""What ``gitsplit check`` warns about without failing: records that are not yet usable.

A warning never changes check's exit status (and the pre-commit hook never computes
them): a required section still holding only the template's guidance (D-65).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

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


class Memo(Protocol):
    """Where plain values derived from a blob are remembered (the index of parsed records)."""

    def memo(self, key: str) -> Any:
        """The value remembered for ``key``, or None."""

    def remember(self, key: str, value: Any) -> None:
        """Remember a plain value for ``key``."""


def guidance_warnings(records: Iterable[Record], memo: Memo | None = None) -> list[Problem]:
    """One warning per record whose required sections are empty or guidance only.

    With ``memo``, what a record's body holds is remembered by its blob id: it depends on
    nothing else, and reading every body again cost ``check`` ~400 ms at 10,000 records.
    """
    found: list[Problem] = []
    for record in records:
        kind = _kind(record)
        if kind is None or record.text("status") in SETTLED[kind]:
            continue
        missing, offset = _empty_sections(kind, record, memo)
        if not missing:
            continue
        found.append(
            Problem(
                record.path,
                record.doc.body_line + offset,
                f"warning: {guidance.describe(kind, missing)} empty or still the template's "
                f"guidance; {_fix(record, 'them' if len(missing) > 1 else 'it')}",
                "guidance",
            )
        )
    return found


def _empty_sections(kind: str, record: Record, memo: Memo | None) -> tuple[list[str], int]:
    """The record's empty required sections, and the body line of the first one's heading
    (0 when there is none to point at)."""
    sha = getattr(record.doc, "sha", None) if memo is not None else None
    key = f"guidance:{kind}:{sha}"
    if memo is not None and sha is not None:
        known = memo.memo(key)
        if isinstance(known, list) and len(known) == 2:
            return [str(name) for name in known[0]], int(known[1])
    missing = guidance.empty_sections(kind, record.body)
    first = "" if missing == ["body"] else (missing[0] if missing else "")
    offset = guidance.heading_line(record.body, first) if first else 0
    if memo is not None and sha is not None:
        memo.remember(key, [missing, offset])
    return missing, offset


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

"""Carry out an import plan: create new records, update changed ones, each write atomic.

New ids are allocated at write time; when one differs from the plan's prediction (another
writer took it), later dependencies follow the real id. A killed import leaves whole
records only, and running it again finishes the job: matching is by ``imported_from``.
"""

from __future__ import annotations

from typing import Any

from gitsplit.exchange.import_body import body_of, imported_from
from gitsplit.exchange.import_plan import Action, Plan
from gitsplit.ledger import ids
from gitsplit.ledger.authoring import refuse_cycle
from gitsplit.ledger.store import Ledger
from gitsplit.util import clock


def write(ledger: Ledger, plan: Plan) -> dict[str, str]:
    """Write every new and changed record; the source key → the id it was written under."""
    written: dict[str, str] = {}
    predicted = {action.record_id: action.record_id for action in plan.actions}
    for action in plan.actions:
        action.depends_on = [predicted.get(dep, dep) for dep in action.depends_on]
        if action.verb == "new":
            real = _create(ledger, action)
            predicted[action.record_id] = real
            action.record_id = real
        elif action.verb == "update":
            _update(ledger, action)
        written[action.item.key] = action.record_id
    return written


def _create(ledger: Ledger, action: Action) -> str:
    """Write one new record and return its id."""
    item = action.item
    body = body_of(item)
    stamp = clock.timestamp()
    if item.kind == "workorder":
        fields: dict[str, Any] = {
            "title": item.title,
            "status": item.status,
            "class": action.klass,
            "priority": item.priority,
            "depends_on": action.depends_on,
            "scope": [],
            "files": item.files,
            "decisions": [],
            "invariants": [],
            "checks": [],
            "created": stamp,
            "updated": stamp,
            "imported_from": imported_from(item, body),
        }
        deps = action.depends_on
        record = ledger.create(
            ids.WORKORDER, fields, body, vet=lambda new_id: refuse_cycle(ledger, new_id, deps)
        )
    else:
        fields = {
            "title": item.title,
            "status": item.status,
            "date": clock.today(),
            "supersedes": [],
            "superseded_by": [],
            "applies_to": [],
            "rejected": [],
            "imported_from": imported_from(item, body),
        }
        record = ledger.create(ids.DECISION, fields, body)
    return record.id


def _update(ledger: Ledger, action: Action) -> None:
    """Rewrite the changed fields of a record an earlier import wrote."""
    record = action.existing
    assert record is not None
    item = action.item
    updates: dict[str, Any] = {}
    body = record.body
    for name in action.changes:
        if name == "body":
            body = body_of(item)
        elif name == "depends_on":
            refuse_cycle(ledger, record.id, action.depends_on)
            updates[name] = action.depends_on
        else:
            updates[name] = getattr(item, name)
    origin = imported_from(item, body)
    if "body" not in action.changes:  # an edited body was kept: keep the digest of the import's
        origin["body_sha256"] = record.fields["imported_from"].get("body_sha256", "")
    updates["imported_from"] = origin
    if item.kind == "workorder":
        updates["updated"] = clock.timestamp()
    ledger.write(record.changed(updates, body=body))

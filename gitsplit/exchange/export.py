"""The ledger as JSON (every record, every field) or CSV (one row per work order)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from gitsplit.ledger import ids
from gitsplit.ledger.store import Ledger

CSV_COLUMNS = (
    "id",
    "title",
    "status",
    "class",
    "priority",
    "depends_on",
    "scope",
    "files",
    "decisions",
    "invariants",
    "checks",
    "created",
    "updated",
    "imported_from",
    "path",
)
KIND_NAMES = {kind.folder: kind for kind in ids.KINDS}


def as_json(ledger: Ledger, kinds: tuple[ids.Kind, ...] = ids.KINDS) -> dict[str, Any]:
    """``{"workorders": [...], "decisions": [...], ...}``: each record's fields, body and path."""
    return {kind.folder: [record.as_json() for record in ledger.records(kind)] for kind in kinds}


def json_text(ledger: Ledger, kinds: tuple[ids.Kind, ...] = ids.KINDS) -> str:
    """The JSON export as text."""
    return json.dumps(as_json(ledger, kinds), indent=2, ensure_ascii=False, default=str) + "\n"


def csv_text(ledger: Ledger) -> str:
    """Work orders as CSV; lists are joined with ``;``, a spreadsheet formula is defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in ledger.records(ids.WORKORDER):
        data = {**record.fields, "path": record.path}
        writer.writerow([_cell(data.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> str:
    """One CSV cell: lists joined, mappings as ``source:id``, no leading ``=+-@`` formulas."""
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = ";".join(str(item) for item in value)
    elif isinstance(value, dict):
        text = (
            f"{value.get('source')}:{value.get('id')}"
            if "source" in value
            else json.dumps(value, ensure_ascii=False, default=str)
        )
    else:
        text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

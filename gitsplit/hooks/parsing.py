"""The hooks' slow path: read a config, work order or run record with the real modules.

Only called when the cache has no entry for a blob; the imports live inside the functions
so that a commit that hits the cache never loads PyYAML.
"""

from __future__ import annotations

from gitsplit.hooks.cache import Entry


def settings_entry(data: bytes, path: str) -> Entry:
    """The hooks' settings from config text; raises ConfigError (file:line) when it is bad."""
    from gitsplit.ledger import config

    parsed = config.parse(data.decode("utf-8", "replace"), path=path)
    return {
        "default_branch": [parsed.default_branch],
        "branch_pattern": [parsed.branch_pattern],
        "protected_paths": list(parsed.protected_paths),
    }


def work_order_entry(data: bytes, path: str) -> Entry:
    """Id, title, class and scope of a work order; raises RecordError when it cannot be read."""
    from gitsplit.ledger.fileformat import Document
    from gitsplit.ledger.records import WorkOrder

    record = WorkOrder(Document.parse(data, path=path))
    return {
        "id": [record.id],
        "title": [record.title],
        "class": [record.klass],
        "scope": record.scope,
    }


def run_entry(data: bytes, path: str) -> Entry:
    """Run id and start time of a run record; raises RecordError when it cannot be read."""
    from gitsplit.ledger.fileformat import Document
    from gitsplit.ledger.records import Run

    record = Run(Document.parse(data, path=path))
    return {"run": [record.id], "started": [record.text("started")]}

"""Links a pull-request body gives: the work order and the decisions that govern the change."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Decision, WorkOrder
from gitsplit.util import globs

_GITHUB = re.compile(r"^(?:https://|ssh://git@|git@)github\.com[:/]([^/]+)/(.+?)(?:\.git)?/?$")


def web_base(root: Path) -> str | None:
    """``https://github.com/OWNER/REPO`` when the origin remote is on GitHub, else None."""
    url = gitio.config_get(root, "remote.origin.url") or ""
    match = _GITHUB.match(url)
    return f"https://github.com/{match.group(1)}/{match.group(2)}" if match else None


def decisions_for(root: Path, rev: str, order: WorkOrder, paths: Iterable[str]) -> list[str]:
    """Decisions the work order names, and those whose applies_to the change touches."""
    wanted = list(order.decisions)
    entries = [e for e in gitio.ls_tree(root, rev, ids.DECISION.dir) if e.path.endswith(".md")]
    blobs = gitio.read_blobs(root, (e.sha for e in entries))
    changed = list(paths)
    for entry in entries:
        try:
            decision = Decision(Document.parse(blobs.get(entry.sha, b""), path=entry.path))
        except RecordError:
            continue
        if decision.status in ("superseded", "deprecated") or decision.id in wanted:
            continue
        if any(globs.first_match(decision.applies_to, path) is not None for path in changed):
            wanted.append(decision.id)
    return sorted(dict.fromkeys(wanted), key=ids.sort_key)


def links(root: Path, rev: str, order: WorkOrder, decision_ids: list[str]) -> dict[str, str]:
    """{id: URL (on GitHub) or repository path} for the work order and its decisions."""
    base = web_base(root)
    paths = {order.id: order.path}
    paths.update({d: ids.DECISION.path(d) for d in decision_ids})
    return {key: f"{base}/blob/{rev}/{path}" if base else path for key, path in paths.items()}

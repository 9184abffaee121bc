"""Read a Beads JSONL export (``bd export`` or ``.beads/issues.jsonl``): one issue per line.

Each line holds id, title, description, status (open, in_progress, blocked, deferred,
closed, tombstone), priority 0–4, issue_type, labels, and dependencies as
``{issue_id, depends_on_id, type}``; only ``blocks`` edges are dependencies in gitsplit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError
from gitsplit.exchange.items import Source, SourceItem, clean_text, clean_title, read_text, too_many

TOOL = "beads"
STATUSES = {
    "open": "ready",
    "in_progress": "ready",
    "blocked": "blocked",
    "deferred": "draft",
    "pinned": "draft",
    "hooked": "ready",
    "closed": "done",
}
PRIORITIES = {0: "P0", 1: "P1", 2: "P2", 3: "P3", 4: "P3"}
WORK_TYPES = {"task", "bug", "feature", "chore", "epic"}
TEXT_FIELDS = (("design", "Design"), ("notes", "Notes"))


def read(path: Path) -> Source:
    """Every issue of a Beads JSONL file (or of the ``.beads/`` folder that holds one)."""
    if path.is_dir():
        path = path / "issues.jsonl" if (path / "issues.jsonl").is_file() else path / "beads.jsonl"
    return parse(read_text(path, "Beads export"), str(path))


def parse(text: str, origin: str) -> Source:
    """Every issue of Beads JSONL text."""
    path = origin
    source = Source(TOOL, origin)
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    too_many(len(lines), origin)
    for number, line in lines:
        try:
            issue = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GitsplitError(f"{path}:{number}: not a JSON object: {exc.msg}") from None
        if not isinstance(issue, dict) or not isinstance(issue.get("id"), str):
            raise GitsplitError(f"{path}:{number}: a Beads issue is a JSON object with an id")
        item = _issue(issue, f"{path}:{number}", source)
        if item is not None:
            source.items.append(item)
    return source


def _issue(issue: dict[str, Any], where: str, source: Source) -> SourceItem | None:
    """One issue as a work order item (None: left out, with the reason in ``source``)."""
    issue_id = clean_title(issue["id"], "?")
    status = str(issue.get("status") or "open")
    kind = str(issue.get("issue_type") or issue.get("type") or "task")
    if status == "tombstone":
        source.skipped.append(f"{issue_id}: deleted in Beads (tombstone)")
        return None
    if kind not in WORK_TYPES:
        source.skipped.append(f"{issue_id}: type {kind!r} is not work (task, bug, feature, …)")
        return None
    item = SourceItem(
        TOOL,
        issue_id,
        "workorder",
        clean_title(issue.get("title"), issue_id),
        status=STATUSES.get(status, "draft"),
    )
    if status not in STATUSES:
        item.unmapped.append(f"status {status!r} is not a Beads status; imported as draft")
    elif status == "in_progress":
        item.unmapped.append("was in_progress in Beads; imported as ready (no run here)")
    priority = issue.get("priority", 2)
    if isinstance(priority, int) and not isinstance(priority, bool) and priority in PRIORITIES:
        item.priority = PRIORITIES[priority]
        if priority == 4:
            item.unmapped.append("priority 4 (backlog) has no gitsplit level; imported as P3")
    else:
        item.unmapped.append(f"priority {priority!r} is not 0–4; kept P2")
    if kind != "task":
        item.labels.append(kind)
    item.labels += [clean_title(label, "label") for label in _strings(issue.get("labels"))]
    item.description = clean_text(issue.get("description"))
    criteria = clean_text(issue.get("acceptance_criteria"))
    item.acceptance = [
        line.lstrip("-*• ").removeprefix("[ ] ").strip()
        for line in criteria.splitlines()
        if line.strip()
    ]
    for key, heading in TEXT_FIELDS:
        text = clean_text(issue.get(key))
        if text:
            item.notes.append(f"### {heading}\n\n{text}")
    for dep in issue.get("dependencies") or []:
        if not isinstance(dep, dict) or not isinstance(dep.get("depends_on_id"), str):
            item.unmapped.append(f"{where}: a dependency without depends_on_id; left out")
        elif dep.get("type", "blocks") == "blocks":
            item.depends_on.append(dep["depends_on_id"])
        else:
            item.unmapped.append(
                f"{dep.get('type')} link to {dep['depends_on_id']} is not a dependency; left out"
            )
    if issue.get("assignee"):
        item.unmapped.append(f"assignee {issue['assignee']!r} has no gitsplit field; not kept")
    return item


def _strings(raw: object) -> list[str]:
    """The strings of a JSON list (anything else gives none)."""
    return [value for value in raw if isinstance(value, str)] if isinstance(raw, list) else []

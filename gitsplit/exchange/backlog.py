"""Read a Backlog.md ``backlog/`` folder: task files, drafts, completed tasks and decisions.

Task files are ``<prefix>-<n> - <Title>.md`` with YAML frontmatter (id, title, status,
labels, dependencies, priority) and a body of ``## Description``, ``## Acceptance Criteria``
(``- [ ] #1 text`` between ``<!-- AC:BEGIN -->`` markers), ``## Implementation Plan`` and
``## Implementation Notes``. They are read with python-frontmatter: other tools' files,
where a byte-exact round trip does not matter (D-30).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from gitsplit.errors import GitsplitError
from gitsplit.exchange.items import (
    MAX_ITEM_BYTES,
    Source,
    SourceItem,
    clean_text,
    clean_title,
    read_text,
    too_many,
)
from gitsplit.exchange.safe_yaml import ImportLoader, problem

TOOL = "backlog"
STATUSES = {"to do": "ready", "in progress": "ready", "done": "done"}
PRIORITIES = {"high": "P1", "medium": "P2", "low": "P3"}
DECISION_STATUSES = {
    "proposed": "proposed",
    "accepted": "accepted",
    "rejected": "deprecated",
    "superseded": "deprecated",
}
# folder → the status its tasks get regardless of their own field (None: keep the field)
TASK_FOLDERS = {"tasks": None, "drafts": "draft", "completed": "done"}
_MARKER = re.compile(r"^\s*<!--.*?-->\s*$")
_CRITERION = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(?:#\d+\s+)?(.*\S)\s*$")
_HEADING = re.compile(r"^##\s+(.+?)\s*$")


def read(folder: Path) -> Source:
    """Every task and decision of a Backlog.md folder (``backlog/`` or the project holding it)."""
    root = folder / "backlog" if (folder / "backlog").is_dir() else folder
    if not (root / "tasks").is_dir() and not (root / "decisions").is_dir():
        raise GitsplitError(
            f"{folder}: no Backlog.md folder here (no tasks/ or decisions/)",
            hint="give the backlog/ folder, or the project that holds it",
        )
    source = Source(TOOL, str(folder))
    files = [
        (path, forced)
        for name, forced in TASK_FOLDERS.items()
        for path in sorted((root / name).glob("*.md"), key=_natural)
    ]
    decisions = sorted((root / "decisions").glob("*.md"), key=_natural)
    too_many(len(files) + len(decisions), str(folder))
    for path, forced in files:
        item = _task(path, forced)
        if item is not None:
            source.items.append(item)
    for path in decisions:
        source.items.append(_decision(path))
    archived = len(list((root / "archive" / "tasks").glob("*.md")))
    if archived:
        source.skipped.append(f"{archived} archived task(s) in archive/tasks/: not imported")
    return source


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    """A file's frontmatter and body, or one error naming the file and line."""
    text = read_text(path, "task file", MAX_ITEM_BYTES)
    try:
        post = frontmatter.loads(text, handler=_Handler())
    except yaml.YAMLError as exc:
        raise GitsplitError(f"{path}: frontmatter {problem(exc)}") from None
    if not isinstance(post.metadata, dict):
        raise GitsplitError(f"{path}: the frontmatter is not a mapping of fields")
    return dict(post.metadata), post.content


class _Handler(frontmatter.YAMLHandler):  # type: ignore[misc,name-defined]
    """python-frontmatter's YAML handler, with the import loader (no aliases, dates as text)."""

    def load(self, fm: str, **kwargs: object) -> object:
        """Parse the frontmatter with ImportLoader."""
        return yaml.load(fm, Loader=ImportLoader)


def _task(path: Path, forced: str | None) -> SourceItem | None:
    """One task file as a work order item."""
    meta, body = _parse(path)
    source_id = _id(meta.get("id"), path)
    sections = _sections(body)
    item = SourceItem(
        TOOL,
        source_id,
        "workorder",
        clean_title(meta.get("title"), fallback=_title_from_name(path)),
        status="draft",
    )
    raw_status = str(meta.get("status") or "").strip()
    if forced:
        item.status = forced
    elif raw_status.lower() in STATUSES:
        item.status = STATUSES[raw_status.lower()]
        if raw_status.lower() == "in progress":
            item.unmapped.append("was In Progress in Backlog.md; imported as ready (no run here)")
    else:
        item.unmapped.append(
            f"status {raw_status or '(none)'!r} is not To Do/In Progress/Done; imported as draft"
        )
    raw_priority = str(meta.get("priority") or "").strip().lower()
    if raw_priority in PRIORITIES:
        item.priority = PRIORITIES[raw_priority]
    elif raw_priority:
        item.unmapped.append(f"priority {raw_priority!r} is not high/medium/low; kept P2")
    item.depends_on = [_id(dep, path) for dep in _listed(meta.get("dependencies"))]
    item.labels = [clean_title(label, "label") for label in _listed(meta.get("labels"))]
    item.description = sections.pop("description", "")
    criteria = sections.pop("acceptance criteria", "")
    item.acceptance = [
        m.group(2) for line in criteria.splitlines() if (m := _CRITERION.match(line))
    ]
    for name in ("implementation plan", "implementation notes"):
        if sections.get(name):
            item.notes.append(f"### {name.capitalize()}\n\n{sections.pop(name)}")
    for name, text in sections.items():
        if text:
            item.notes.append(f"### {name.capitalize()}\n\n{text}")
    for key in ("assignee", "milestone", "parent_task_id"):
        if meta.get(key):
            item.unmapped.append(f"{key} {meta[key]!r} has no gitsplit field; not kept")
    return item


def _decision(path: Path) -> SourceItem:
    """One decision file as a decision item."""
    meta, body = _parse(path)
    raw = str(meta.get("status") or "proposed").strip().lower()
    item = SourceItem(
        TOOL,
        _id(meta.get("id"), path),
        "decision",
        clean_title(meta.get("title"), fallback=_title_from_name(path)),
        status=DECISION_STATUSES.get(raw, "proposed"),
    )
    if raw not in DECISION_STATUSES:
        item.unmapped.append(f"status {raw!r} is not a Backlog.md decision status; kept proposed")
    elif raw in ("rejected", "superseded"):
        item.unmapped.append(f"status {raw!r} has no gitsplit equivalent; imported as deprecated")
    item.description = clean_text(body)
    return item


def _sections(body: str) -> dict[str, str]:
    """``## Heading`` → its text, with Backlog.md's ``<!-- … -->`` markers dropped."""
    found: dict[str, list[str]] = {}
    current = "description"
    for line in clean_text(body).splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = re.sub(r"\s*\(optional\)$", "", heading.group(1).strip().lower())
            found.setdefault(current, [])
            continue
        if not _MARKER.match(line):
            found.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in found.items()}


def _id(raw: object, path: Path) -> str:
    """A task or decision id as Backlog.md writes it, lower-cased (``TASK-7`` is ``task-7``)."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        text = path.name.split(" - ", 1)[0]
    if not re.fullmatch(r"[A-Za-z][\w.-]{0,63}", text):
        raise GitsplitError(f"{path}: id {text!r} is not a Backlog.md id such as task-12")
    return text.lower()


def _listed(raw: object) -> list[str]:
    """A frontmatter list (or one comma-separated string) as strings."""
    if raw is None or raw == "":
        return []
    values = raw if isinstance(raw, list) else str(raw).split(",")
    return [str(value).strip() for value in values if str(value).strip()]


def _natural(path: Path) -> tuple[object, ...]:
    """``task-2`` before ``task-10``: numbers in a file name compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name))


def _title_from_name(path: Path) -> str:
    """The title in a ``task-3 - Title.md`` file name."""
    parts = path.stem.split(" - ", 1)
    return parts[1].replace("-", " ") if len(parts) == 2 else path.stem

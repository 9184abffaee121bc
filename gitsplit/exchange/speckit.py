"""Read a spec-kit ``tasks.md``: checkbox tasks with ``T001`` ids under ``## Phase N`` headings.

A task line is ``- [ ] T012 [P] [US1] Create the model in src/models/user.py``. Phases run in
order and ``[P]`` tasks may run side by side, so each task depends on the group before it: a
run of ``[P]`` tasks is one group, any other task a group of its own. Paths named in a task
become its ``files``; ``(Priority: P1)`` in a phase heading gives its tasks that priority.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from gitsplit.exchange.items import Source, SourceItem, clean_title, too_many

TOOL = "spec-kit"
_PHASE = re.compile(r"^#{2,3}\s+(Phase\s+[^:]+:?.*?)\s*$", re.I)
_TASK = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(T\d{3,})\b\s*(.*)$")
_MARKER = re.compile(r"^\s*\[(P|US\d+|Story\s*\d+)\]\s*", re.I)
_PRIORITY = re.compile(r"\((?:Priority:\s*)?(P[0-3])\)", re.I)
_PATH = re.compile(r"`?((?:[\w.-]+/)+[\w.-]+\.\w+)`?")


def read(text: str, origin: str) -> Source:
    """Every task of a spec-kit tasks.md, with the phase order as dependencies."""
    source = Source(TOOL, origin)
    phase, priority = "", "P2"
    before: list[str] = []  # the group the current group depends on
    group: list[str] = []  # the current group of tasks
    group_parallel, new_phase = False, False
    for line in text.splitlines():
        heading = _PHASE.match(line)
        if heading:
            phase = clean_title(heading.group(1), "")
            found = _PRIORITY.search(phase)
            priority = found.group(1).upper() if found else "P2"
            new_phase = True
            continue
        task = _TASK.match(line)
        if not task:
            continue
        done, task_id, rest = task.group(1) != " ", task.group(2), task.group(3)
        parallel, story = False, ""
        while marker := _MARKER.match(rest):
            if marker.group(1).upper() == "P":
                parallel = True
            else:
                story = marker.group(1).upper()
            rest = rest[marker.end() :]
        if parallel and group_parallel and group and not new_phase:
            group.append(task_id)
        else:
            before = group or before
            group, group_parallel, new_phase = [task_id], parallel, False
        item = SourceItem(
            TOOL,
            task_id,
            "workorder",
            clean_title(rest, task_id),
            status="done" if done else "ready",
            priority=priority,
            depends_on=list(before),
        )
        if story:
            item.labels.append(story)
        if phase:
            item.notes.append(f"### Phase\n\n{phase}")
        item.description = clean_title(rest, task_id)
        item.files = [m.group(1) for m in _PATH.finditer(rest) if _is_relative(m.group(1))]
        source.items.append(item)
    too_many(len(source.items), origin)
    return source


def _is_relative(path: str) -> bool:
    """A path inside the project (no ``..``, not absolute)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and ".." not in parts and not path.startswith("/")

"""What a work order's briefing carries of the latest checkpoint: its summary and next steps,
the open questions that touch the work order, and the paths the architect rejected.

A question or rejected path touches a work order when it names the work order (or one of the
decisions it names) or a path that overlaps its scope. One that names other
work orders or paths only is left out; one that names none is general and always carried.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from gitsplit.briefing import gather
from gitsplit.briefing.paths import overlaps
from gitsplit.briefing.source import Source
from gitsplit.ledger import ids
from gitsplit.ledger.records import Checkpoint, WorkOrder

QUESTIONS = ("open questions", "questions")
REJECTED = ("rejected", "rejected paths", "rejected approaches", "dead ends", "do not retry")
_ID = re.compile(r"\b(?:WO|D|I)-\d+\b")
_PATH = re.compile(
    r"(?<![\w/.-])(?:[\w.*-]+/)+[\w.*-]*|(?<![\w/.-])[\w-]{2,}\.[A-Za-z][A-Za-z0-9]{1,4}\b"
)
_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def latest_checkpoint(source: Source, wo: WorkOrder, in_scope: Sequence[str]) -> dict[str, Any]:
    """The checkpoint with the highest id, as a work order's briefing shows it ({} if none)."""
    found = [cp for cp in source.records(ids.CHECKPOINT) if isinstance(cp, Checkpoint)]
    if not found:
        return {}
    cp = found[-1]
    sections = {name.strip().lower(): text for name, text in cp.sections().items()}
    tops = {path.partition("/")[0] for path in source.tracked() if "/" in path}
    questions = items(_first(sections, QUESTIONS))
    touching = [q for q in questions if touches(q, wo, in_scope, tops)]
    rejected = [r for r in items(_first(sections, REJECTED)) if touches(r, wo, in_scope, tops)]
    return {
        "id": cp.id,
        "summary": cp.title,
        "commit": cp.commit,
        "path": cp.path,
        "next_steps": gather.demote(sections.get("next steps", "")),
        "questions": touching,
        "other_questions": len(questions) - len(touching),
        "rejected": [{"text": text, "checkpoint": cp.id} for text in rejected],
    }


def items(text: str) -> list[str]:
    """A section's list items (continuation lines joined), else its paragraphs."""
    found: list[str] = []
    listed = False
    for line in text.strip().splitlines():
        if _ITEM.match(line):
            found.append(_ITEM.sub("", line).strip())
            listed = True
        elif not line.strip():
            if not listed:
                found.append("")
        elif found and (listed or found[-1]):
            found[-1] = f"{found[-1]} {line.strip()}".strip()
        elif not listed:
            found.append(line.strip())
    return [item for item in found if item]


def touches(text: str, wo: WorkOrder, in_scope: Sequence[str], tops: set[str]) -> bool:
    """True when a question names this work order or its scope, or nothing in particular.

    A word with a slash is a path when it starts with a top-level folder of the repository
    (``and/or`` is not); a word with a file extension (``timed.py``) always is.
    """
    mine = {wo.id, *wo.decisions}
    named = set(_ID.findall(text))
    paths = [p.strip("`'\".,;:()") for p in _PATH.findall(text)]
    paths = [p for p in paths if p and ("/" not in p or p.partition("/")[0] in tops)]
    if named & mine or any(_in_scope(path, wo.scope, in_scope) for path in paths):
        return True
    return not named and not paths


def _in_scope(path: str, scope: Sequence[str], in_scope: Sequence[str]) -> bool:
    """True when a path a question names overlaps the scope (a bare file name: by its name)."""
    if "/" not in path:
        return any(PurePosixPath(p).name == path for p in in_scope)
    return any(overlaps(path, glob, in_scope) for glob in scope)


def _first(sections: dict[str, str], names: Sequence[str]) -> str:
    """The text of the first section present under one of the names."""
    return next((sections[name] for name in names if name in sections), "")

"""The import sources by name, and reading one from a path or standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from gitsplit.errors import GitsplitError
from gitsplit.exchange import backlog, beads, github_issues, speckit
from gitsplit.exchange.items import MAX_SOURCE_BYTES, Source, decode, read_text

NAMES = ("backlog", "beads", "github", "spec-kit")
WHAT = {
    "backlog": "a Backlog.md backlog/ folder",
    "beads": "a Beads JSONL export (bd export, .beads/issues.jsonl)",
    "github": "the JSON of gh issue list --json number,title,body,labels,state,milestone",
    "spec-kit": "a spec-kit tasks.md",
}


def read(name: str, where: str) -> Source:
    """The items of source ``name`` at ``where`` (a path; ``-`` is standard input)."""
    if name == "backlog":
        if where == "-":
            raise GitsplitError("a Backlog.md source is a folder, not standard input")
        return backlog.read(_existing(where))
    if name == "beads":
        return beads.parse(_stdin(), "<stdin>") if where == "-" else beads.read(_existing(where))
    text = _stdin() if where == "-" else read_text(_existing(where), WHAT[name])
    origin = "<stdin>" if where == "-" else where
    return github_issues.read(text, origin) if name == "github" else speckit.read(text, origin)


def _existing(where: str) -> Path:
    """A path that exists, or one clear error."""
    path = Path(where)
    if not path.exists():
        raise GitsplitError(f"{where}: no such file or folder")
    return path


def _stdin() -> str:
    """Standard input as text, bounded."""
    data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise GitsplitError(
            f"standard input is more than the {MAX_SOURCE_BYTES // 1024} KiB an import reads"
        )
    return decode(data, "<stdin>", "standard input")

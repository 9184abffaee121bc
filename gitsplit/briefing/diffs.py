"""A branch's diff cut into one chunk per file, and the one-line summary of a ledger file's.

A review briefing spends its budget on the code: files under ``.workledger/`` (run records,
committed briefings, the work order's own status) are summarised in one line each, since
``gitsplit review``'s findings already judge what changed there.
"""

from __future__ import annotations

import re
from typing import Any

from gitsplit.ledger import ids

_FILE_DIFF = re.compile(r"^diff --git a/(.*?) b/(.*)$", re.MULTILINE)


def split_diff(diff: str) -> list[dict[str, str]]:
    """A unified diff cut into one chunk per file: [{path, text, fence}]."""
    starts = [m.start() for m in _FILE_DIFF.finditer(diff)]
    chunks = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(diff)
        # `index` lines (headers only: hunk lines start with ' ', '+', '-' or '\\') carry
        # abbreviated blob ids whose length depends on the clone, so they are dropped
        text = "\n".join(
            line
            for line in diff[start:end].rstrip("\n").split("\n")
            if not line.startswith("index ")
        )
        match = _FILE_DIFF.match(text)
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        chunks.append(
            {
                "path": match.group(2) if match else "",
                "text": text,
                "fence": "`" * max(3, longest + 1),
            }
        )
    return chunks


def is_ledger(path: str) -> bool:
    """True for a path under ``.workledger/``."""
    return path == ids.LEDGER_DIR or path.startswith(ids.LEDGER_DIR + "/")


def summary(chunk: dict[str, str]) -> dict[str, Any]:
    """One file's diff as one line: its path, what happened to it, lines added and removed."""
    lines = chunk["text"].split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("@@")), len(lines))
    change = "modified"
    for line in lines[:first]:
        if line.startswith("new file mode"):
            change = "added"
        elif line.startswith("deleted file mode"):
            change = "deleted"
        elif line.startswith("rename from"):
            change = "renamed from " + line.removeprefix("rename from ")
    body = [line for line in lines[first:] if not line.startswith("@@")]
    added = sum(1 for line in body if line.startswith("+"))
    removed = sum(1 for line in body if line.startswith("-"))
    return {"path": chunk["path"], "change": change, "added": added, "removed": removed}

"""Where a run began, read from what its branch cannot rewrite later: the run's start commit.

``gitsplit start`` commits the run record in the run's first commit. The fields that say
where the run came from (``PROVENANCE_FIELDS``) are read from that commit, not from the
record at the tip, which the branch may edit; an edit of any of them after the start
commit is a violation. The base read here is then checked against the authority branch
(``target.bounds``), so a branch that rewrites its own history gains nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger.fileformat import Document
from gitsplit.review.findings import Finding, RunInfo, violation, warning

# What `start` records about where a run came from; nothing after the start commit may edit
# them (`finish` adds ended, outcome, commits and checks; usage adds tokens and cost_usd).
PROVENANCE_FIELDS = (
    "wo",
    "run",
    "branch",
    "base",
    "briefing_sha256",
    "class",
    "tier",
    "model",
    "agent_profile",
    "agent",
    "started",
    "via",
)


@dataclass(frozen=True)
class Origin:
    """The run's start commit (the first that added its record) and the record there."""

    commit: str
    fields: dict[str, Any]

    @property
    def base(self) -> str:
        """The base as ``start`` committed it."""
        return str(self.fields.get("base") or "")


def of_run(root: Path, tip: str, run: RunInfo | None) -> Origin | None:
    """The run's start commit in ``tip``'s history, or None when no commit adds its record."""
    if run is None:
        return None
    added = gitio.commits_touching(root, tip, run.path, added=True)
    if not added:
        return None
    fields = _provenance_at(root, added[0], run.path)
    return None if fields is None else Origin(added[0], fields)


def findings(root: Path, tip: str, origin: Origin | None, run: RunInfo | None) -> list[Finding]:
    """A violation for every provenance field edited after the start commit."""
    if run is None:
        return []
    if origin is None:
        return [
            warning(
                "run-origin",
                f"no commit on the branch adds {run.path}, so the run's base is read from "
                "the record at the tip (and checked against the authority branch)",
                path=run.path,
            )
        ]
    edited = [name for name in PROVENANCE_FIELDS if _differs(origin.fields, run.fields, name)]
    if not edited:
        return []
    return [
        violation(
            "provenance-edited",
            f"the branch edits {', '.join(edited)} of run {run.id} after its start commit "
            f"{origin.commit[:10]}; the review uses what `gitsplit start` committed",
            path=run.path,
            commits=tuple(_editing_commits(root, tip, origin, run.path)),
        )
    ]


def _differs(old: dict[str, Any], new: dict[str, Any], name: str) -> bool:
    """True when a field's value is not the same in both (a missing field counts as None)."""
    return old.get(name) != new.get(name)


def _provenance_at(root: Path, commit: str, path: str) -> dict[str, Any] | None:
    """The run record's fields as committed at ``commit`` (None when unreadable)."""
    blob = gitio.read_blob(root, f"{commit}:{path}")
    if blob is None:
        return None
    try:
        return dict(Document.parse(blob, path=path).fields)
    except RecordError:
        return None


def _editing_commits(root: Path, tip: str, origin: Origin, path: str) -> list[str]:
    """The commits after the start commit whose version of the record changed a field."""
    history = gitio.commits_touching(root, tip, path)
    later = history[history.index(origin.commit) + 1 :] if origin.commit in history else history
    blamed = []
    before = origin.fields
    for sha in later:
        fields = _provenance_at(root, sha, path)
        if fields is None:
            continue
        if any(_differs(before, fields, name) for name in PROVENANCE_FIELDS):
            blamed.append(sha)
        before = fields
    return blamed

"""Provenance: the run record at the branch tip, and the trailers every commit carries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.gitio import CommitInfo
from gitsplit.ledger import branch_names, ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run
from gitsplit.ledger.run_note import note_of
from gitsplit.review.findings import Finding, RunInfo, violation, warning
from gitsplit.runs import run_records

WORK_ORDER = "work-order"
RUN = "run"
SKIPPED = "gitsplit-skipped"


def run_at(root: Path, tip: str, wo_id: str, branch: str) -> RunInfo | None:
    """The branch's run record as committed at its tip (the one its name numbers, else newest)."""
    entries = [
        e
        for e in gitio.ls_tree(root, tip, f"{ids.RUNS_DIR}/{wo_id}")
        if e.type == "blob" and run_records.is_run_record(e.path)
    ]
    blobs = gitio.read_blobs(root, (e.sha for e in entries))
    runs = []
    for entry in entries:
        try:
            runs.append(Run(Document.parse(blobs.get(entry.sha, b""), path=entry.path)))
        except RecordError:
            continue  # `check` at the tip reports the file
    if not runs:
        return None
    wanted = run_records.run_id(wo_id, branch_names.attempt_of(branch))
    runs.sort(key=lambda r: (r.id == wanted, r.text("branch") == branch, r.text("started")))
    run = runs[-1]
    return RunInfo(
        run.id,
        run.path,
        run.outcome,
        run.text("started"),
        run.text("ended"),
        result_note(run.body),
        dict(run.fields),
    )


def result_note(body: str) -> str:
    """The run's own result note (what gitsplit logged when it closed the run is not one)."""
    return note_of(body)


def run_findings(run: RunInfo | None, wo_id: str) -> list[Finding]:
    """Whether the run was recorded, finished, succeeded, and left a result note."""
    if run is None:
        return [
            violation(
                "run-missing",
                f"no run record for {wo_id} on the branch "
                f"({ids.RUNS_DIR}/{wo_id}/): it was not opened by `gitsplit start`, or the "
                "record was removed since (a reset branch); a run that cannot be traced fails",
            )
        ]
    found = []
    if not run.outcome:
        found.append(
            warning(
                "run-unfinished",
                f"run {run.id} is not finished (no outcome); "
                "`gitsplit finish` on the branch closes it",
                path=run.path,
            )
        )
    elif run.outcome != "succeeded":
        found.append(
            violation(f"run-{run.outcome}", f"run {run.id} ended {run.outcome}", path=run.path)
        )
    if not run.note:
        found.append(
            warning(
                "note-missing",
                f"run {run.id} has no result note; `gitsplit note TEXT` on the branch adds one",
                path=run.path,
            )
        )
    return found


def values(commit: CommitInfo, key: str) -> list[str]:
    """The values of one trailer (keys compare case-insensitively)."""
    return [value for name, value in commit.trailers if name.lower() == key]


def trailer_findings(
    commits: Iterable[CommitInfo], wo_id: str, run: RunInfo | None
) -> list[Finding]:
    """Commits without this work order's trailer, with another's, or whose hooks were skipped."""
    found = []
    for commit in commits:
        short = f"{commit.sha[:10]} {commit.subject!r}"
        orders = values(commit, WORK_ORDER)
        others = sorted({value for value in orders if value != wo_id})
        if not orders:
            found.append(
                violation(
                    "trailer-missing",
                    f"commit {short} has no 'Work-Order: {wo_id}' trailer",
                    commits=(commit.sha,),
                )
            )
        elif others:
            found.append(
                violation(
                    "trailer-other",
                    f"commit {short} belongs to "
                    f"{', '.join(others)} (Work-Order trailer), not {wo_id}",
                    commits=(commit.sha,),
                )
            )
        skipped = values(commit, SKIPPED)
        if skipped:
            found.append(
                warning(
                    "hooks-skipped",
                    f"commit {short} was made with the {', '.join(skipped)} hook check skipped",
                    commits=(commit.sha,),
                )
            )
        foreign_runs = [r for r in values(commit, RUN) if run is not None and r != run.id]
        if foreign_runs:
            found.append(
                warning(
                    "run-mismatch",
                    f"commit {short} names run "
                    f"{', '.join(foreign_runs)}, not {run.id if run else ''}",
                    commits=(commit.sha,),
                )
            )
    return found

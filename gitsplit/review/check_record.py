"""Whether a succeeded run carries the check results ``gitsplit finish`` recorded for it.

A run record says ``outcome: succeeded`` because ``finish`` ran the work order's checks and
they passed, or because someone wrote it. Review tells the two apart by what ``finish``
leaves (``runs.check_record``): the commit the checks ran at, each exit and a digest.
When review ran the checks itself (``--run-checks``), those results decide and a missing
or altered record only warns; so does a record made before the branch's last changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.gitio import CommitInfo
from gitsplit.ledger import ids
from gitsplit.review.findings import Finding, RunInfo, Target, violation, warning
from gitsplit.runs.check_record import COMMIT_FIELD, DIGEST_FIELD, digest


def findings(
    root: Path,
    where: Target,
    run: RunInfo | None,
    commands: Sequence[str],
    own: Sequence[CommitInfo],
    per_commit: Mapping[str, Sequence[str]],
    *,
    checks_run: bool,
) -> list[Finding]:
    """What is wrong with the check results a succeeded run carries (nothing: no findings)."""
    if run is None or run.outcome != "succeeded" or not commands:
        return []
    problem = _problem(root, where, run, list(commands), own, per_commit)
    if problem is None:
        return []
    code, message = problem
    if checks_run:
        return [warning(code, f"{message} (review ran the checks: see above)", path=run.path)]
    if code == "checks-stale":  # what finish saw passed; the tip was not checked
        return [warning(code, f"{message}; `--run-checks` checks the tip", path=run.path)]
    return [
        violation(
            code,
            f"{message}; `gitsplit review --run-checks` runs them in a clean worktree",
            path=run.path,
        )
    ]


def _problem(
    root: Path,
    where: Target,
    run: RunInfo,
    commands: list[str],
    own: Sequence[CommitInfo],
    per_commit: Mapping[str, Sequence[str]],
) -> tuple[str, str] | None:
    """(code, message) for the first thing that does not hold, else None."""
    items = run.fields.get("checks")
    commit = run.fields.get(COMMIT_FIELD)
    seal = run.fields.get(DIGEST_FIELD)
    records = [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []
    if not records or not isinstance(commit, str) or not commit or not seal:
        return (
            "checks-unrecorded",
            f"run {run.id} says succeeded but carries no check results recorded by "
            "`gitsplit finish`",
        )
    if seal != digest(run.id, commit, records):
        return (
            "checks-altered",
            f"the check results in run {run.id} do not match their digest: they were "
            "written or edited by hand, not by `gitsplit finish`",
        )
    recorded = [str(r.get("command")) for r in records]
    if recorded != commands:
        return (
            "checks-mismatch",
            f"run {run.id} recorded the checks {_listed(recorded)}, not the work order's "
            f"{_listed(commands)}",
        )
    failed = [r for r in records if not r.get("passed")]
    if failed:
        return (
            "checks-failed-recorded",
            f"run {run.id} says succeeded, but `gitsplit finish` recorded "
            f"`{failed[0].get('command')}` failing (exit {failed[0].get('exit')})",
        )
    return _stale(root, where, run, commit, own, per_commit)


def _stale(
    root: Path,
    where: Target,
    run: RunInfo,
    commit: str,
    own: Sequence[CommitInfo],
    per_commit: Mapping[str, Sequence[str]],
) -> tuple[str, str] | None:
    """Whether the branch changed anything but its own records after the checks ran."""
    if gitio.resolve(root, f"{commit}^{{commit}}") is None or not gitio.is_ancestor(
        root, commit, where.tip
    ):
        return (
            "checks-commit",
            f"run {run.id} recorded its checks at {commit[:10]}, which is not in the "
            "branch's history",
        )
    mine = {c.sha for c in own}
    later = gitio.commits_between(root, where.tip, [commit, *where.exclude()])
    changed = sorted(
        {
            path
            for c in later
            if c.sha in mine
            for path in per_commit.get(c.sha, [])
            if not path.startswith(f"{ids.LEDGER_DIR}/")  # review checks the ledger itself
        }
    )
    if not changed:
        return None
    return (
        "checks-stale",
        f"{_listed(changed[:3])}{' …' if len(changed) > 3 else ''} changed after the checks "
        f"of run {run.id} ran at {commit[:10]}",
    )


def _listed(items: Sequence[Any]) -> str:
    """``(a, b)``, or ``(none)``."""
    return "(" + (", ".join(str(i) for i in items) or "none") + ")"

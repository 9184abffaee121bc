"""The authority boundary of a run: which paths it may change, and what its commits broke.

``judge_path`` is the rule the review applies path by path; ``run_violations`` applies it
(and the Work-Order trailer rule) to a run's own commits, so the step that closes a run
can say what the review will say.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger import ids
from gitsplit.util import globs


def own_paths(wo_id: str) -> tuple[str, str]:
    """The work order's own file and its runs folder: a run may always write these."""
    return ids.WORKORDER.path(wo_id), f"{ids.RUNS_DIR}/{wo_id}/"


def judge_path(
    path: str, wo_id: str, scope: Sequence[str], protected: Sequence[str]
) -> tuple[str, str] | None:
    """(code, reason) when the branch may not change ``path``, else None."""
    own_file, own_runs = own_paths(wo_id)
    if path == own_file or path.startswith(own_runs):
        return None
    if path.startswith(f"{ids.WORKORDER.dir}/"):
        return "protected", "is another work order's record"
    if path.startswith(f"{ids.RUNS_DIR}/"):
        return "protected", "holds another work order's runs"
    if globs.first_match(protected, path) is not None:
        return "protected", "is a protected ledger path (config protected_paths)"
    if not scope or globs.first_match(scope, path) is not None:
        return None
    return "scope", f"is outside the scope of {wo_id} ({', '.join(scope)})"


def run_violations(
    root: Path, base: str, wo_id: str, scope: Sequence[str], protected: Sequence[str]
) -> list[str]:
    """What the commits after ``base`` on HEAD break: paths out of bounds, missing trailers.

    One line per path (as the review counts them) and one per commit without this work
    order's ``Work-Order`` trailer; merges are judged by their own edits only.
    """
    commits = gitio.commits_between(root, "HEAD", [base])
    plain = [c.sha for c in commits if len(c.parents) <= 1]
    changes = gitio.commit_changes(root, plain)
    paths: dict[str, None] = {}
    for commit in commits:
        if len(commit.parents) > 1:
            paths.update(dict.fromkeys(gitio.merge_changes(root, commit.sha)))
        else:
            for change in changes.get(commit.sha, []):
                paths.update(dict.fromkeys(p for p in (change.old_path, change.path) if p))
    found = []
    for path in paths:
        verdict = judge_path(path, wo_id, scope, protected)
        if verdict is not None:
            found.append(f"{verdict[0]}: {path} {verdict[1]}")
    for commit in commits:
        orders = [v for k, v in commit.trailers if k.lower() == "work-order"]
        if len(commit.parents) <= 1 and wo_id not in orders:
            found.append(f"trailer: commit {commit.sha[:10]} has no 'Work-Order: {wo_id}' trailer")
    return found

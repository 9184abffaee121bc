"""Helpers for the work-graph tests: write work orders and WO branches directly."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tests.conftest import Repo


def add_wo(
    repo: Repo,
    number: int,
    *,
    status: str = "ready",
    deps: Sequence[str] = (),
    klass: str = "C2",
    priority: str = "P2",
    title: str | None = None,
    created: str | None = None,
    body: str = "Body.\n",
) -> str:
    """Write WO-<number> straight to the ledger (dependencies are not checked)."""
    wo_id = f"WO-{number}"
    stamp = created or f"2026-01-{number:02d}T00:00:00Z"
    repo.write(
        f".workledger/workorders/{wo_id}.md",
        (
            f"---\nid: {wo_id}\ntitle: {json.dumps(title or f'Work {number}')}\nstatus: {status}\n"
            f"class: {klass}\npriority: {priority}\ndepends_on: {json.dumps(list(deps))}\n"
            f"created: '{stamp}'\n---\n{body}"
        ),
    )
    return wo_id


def run_record(
    wo_id: str,
    branch: str,
    *,
    run: str = "r1",
    outcome: str | None = None,
    started: str = "2026-02-01T10:00:00Z",
) -> str:
    """The text of a run record."""
    ended = "2026-02-01T11:00:00Z" if outcome else "null"
    return (
        f"---\nwo: {wo_id}\nrun: {run}\nbranch: {branch}\nstarted: '{started}'\n"
        f"ended: {ended}\noutcome: {outcome or 'null'}\n---\nResult note.\n"
    )


def make_wo_branch(
    repo: Repo,
    wo_id: str,
    branch: str,
    *,
    outcome: str | None = None,
    run: str = "r1",
    started: str = "2026-02-01T10:00:00Z",
    back_to: str = "main",
) -> str:
    """A branch off ``back_to`` with a run record and one change, ahead of it; returns its tip."""
    repo.git("checkout", "-q", "-b", branch, back_to)
    repo.write(
        f".workledger/runs/{wo_id}/{run}.md",
        run_record(wo_id, branch, run=run, outcome=outcome, started=started),
    )
    repo.write(f"src/{wo_id}.txt", f"work on {wo_id}\n")
    tip = repo.commit_all(f"work on {wo_id}")
    repo.git("checkout", "-q", back_to)
    return tip


def queue_json(repo: Repo, *args: str) -> dict[str, Any]:
    """``gitsplit queue --json`` as data."""
    data: dict[str, Any] = json.loads(repo.ok("queue", "--json", *args))
    return data


def bucket_ids(data: dict[str, Any]) -> dict[str, list[str]]:
    """{bucket: [ids]} from queue JSON."""
    return {name: [item["id"] for item in items] for name, items in data["buckets"].items()}

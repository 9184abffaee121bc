"""Helpers for review tests: WO branches built by hand with real commits and run records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gitsplit.ledger.fileformat import Document
from gitsplit.runs import check_record, checks
from tests.conftest import Repo

BODY = """\
## Problem

The done file is missing.

## Acceptance

- src/done.txt exists and says done.
"""


def add_wo(repo: Repo, title: str = "Write the done file", *options: str) -> str:
    """Create a ready work order on main (scope src/** unless options say otherwise)."""
    repo.write("wo-body.md", BODY)
    args = [
        "wo",
        "new",
        title,
        "--class",
        "C1",
        "--status",
        "ready",
        "--body-file",
        str(repo.root / "wo-body.md"),
        *options,
    ]
    if "--scope" not in options:
        args += ["--scope", "src/**"]
    wo_id = repo.ok(*args).strip()
    (repo.root / "wo-body.md").unlink()
    repo.commit_all(f"Add {wo_id}")
    return wo_id


def commit(
    repo: Repo,
    files: dict[str, str | bytes | None],
    message: str,
    trailers: tuple[str, ...] = ("Work-Order: WO-1",),
) -> str:
    """Write (None: delete) files and commit them with --no-verify; return the commit."""
    for rel, content in files.items():
        path = repo.root / rel
        if content is None:
            repo.git("rm", "-q", rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        repo.git("add", rel)
    extra = [arg for trailer in trailers for arg in ("--trailer", trailer)]
    repo.git("commit", "-q", "--no-verify", "-m", message, *extra)
    return repo.git("rev-parse", "HEAD").strip()


def run_fields(repo: Repo, wo: str, run: str, branch: str, base: str) -> dict[str, Any]:
    """The frontmatter of a freshly started run record."""
    return {
        "wo": wo,
        "run": run,
        "branch": branch,
        "base": base,
        "briefing_sha256": "0" * 64,
        "class": "C1",
        "tier": "cheap",
        "model": "gpt-5.4-mini",
        "agent_profile": "manual",
        "agent": [],
        "started": "2026-05-01T10:00:00Z",
        "ended": None,
        "outcome": None,
        "commits": [],
        "tokens": None,
        "cost_usd": None,
        "via": "branch",
    }


def start_branch(
    repo: Repo,
    wo: str = "WO-1",
    slug: str = "write-the-done-file",
    run_number: int = 1,
    base: str = "main",
) -> str:
    """Branch off ``base`` like `gitsplit start`: a run record committed with trailers."""
    branch = f"wo/{wo}-{slug}" + (f"-r{run_number}" if run_number > 1 else "")
    run = f"{wo}-r{run_number}"
    sha = repo.git("rev-parse", base).strip()
    repo.git("checkout", "-q", "-b", branch, sha)
    rel = f".workledger/runs/{wo}/{run}.md"
    doc = Document.new(run_fields(repo, wo, run, branch, sha), "## Result note\n\n", path=rel)
    commit(repo, {rel: doc.render()}, f"Start {wo} run {run}", (f"Work-Order: {wo}", f"Run: {run}"))
    return branch


def finish(
    repo: Repo,
    wo: str = "WO-1",
    run: str = "WO-1-r1",
    outcome: str = "succeeded",
    note: str = "Wrote src/done.txt.",
    *,
    run_checks: bool = True,
) -> str:
    """Close the run like `gitsplit finish`: checks run and recorded, outcome, end time, note.

    ``run_checks=False`` closes it as a hand-edited record would: no check results at all.
    """
    rel = f".workledger/runs/{wo}/{run}.md"
    doc = Document.parse(repo.read(rel), path=rel)
    body = f"## Result note\n\n{note}\n" if note else doc.body
    updates: dict[str, Any] = {"ended": "2026-05-01T11:00:00Z", "outcome": outcome}
    wo_rel = f".workledger/workorders/{wo}.md"
    order = Document.parse(repo.read(wo_rel), path=wo_rel)
    commands = [str(c) for c in order.fields.get("checks") or []]
    if run_checks and commands:
        results = checks.run_checks(commands, cwd=repo.root, timeout=10)
        updates.update(check_record.fields(run, repo.git("rev-parse", "HEAD").strip(), results))
    changed = doc.changed(updates, body=body)
    return commit(
        repo,
        {rel: changed.render()},
        f"Finish {wo} run {run}: {outcome}",
        (f"Work-Order: {wo}", f"Run: {run}"),
    )


def clean_branch(repo: Repo) -> str:
    """WO-1 on main, and a finished branch whose one commit is in scope."""
    add_wo(repo, "Write the done file", "--check", "test -f src/done.txt")
    branch = start_branch(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write the done file")
    finish(repo)
    return branch


def review_json(repo: Repo, *args: str) -> tuple[int, dict[str, Any]]:
    """Run `gitsplit review --format json` in-process: (exit code, parsed output)."""
    result = repo.cli("review", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def codes(data: dict[str, Any], severity: str | None = None) -> list[str]:
    """The finding codes of a JSON review (of one severity)."""
    return [f["code"] for f in data["findings"] if severity in (None, f["severity"])]


def finding(data: dict[str, Any], code: str, path: str | None = None) -> dict[str, Any]:
    """The one finding with this code (and path)."""
    found = [f for f in data["findings"] if f["code"] == code and path in (None, f["path"])]
    assert len(found) == 1, (code, path, data["findings"])
    return found[0]


def worktrees(repo: Repo) -> list[Path]:
    """The worktrees git knows about."""
    out = repo.git("worktree", "list", "--porcelain")
    return [
        Path(line.split(" ", 1)[1]) for line in out.splitlines() if line.startswith("worktree ")
    ]

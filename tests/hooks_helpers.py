"""Helpers for the hook tests: real commits through installed hooks, work-order branches."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import Repo

RUN_RECORD = """\
---
wo: {wo}
run: {run}
branch: {branch}
base: {base}
started: {started}
---
"""


def commit(
    repo: Repo,
    message: str = "change",
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``git commit -m message`` through the installed hooks; never raises."""
    return subprocess.run(
        ["git", "commit", "-q", "-m", message, *args],
        cwd=cwd or repo.root,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def stage(repo: Repo, rel: str, text: str, *, cwd: Path | None = None) -> None:
    """Write a file and stage it."""
    path = (cwd or repo.root) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "--", rel], cwd=cwd or repo.root, check=True)


def message(repo: Repo, rev: str = "HEAD", *, cwd: Path | None = None) -> str:
    """The full message of a commit."""
    return subprocess.run(
        ["git", "log", "-1", "--format=%B", rev],
        cwd=cwd or repo.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def trailers(repo: Repo, rev: str = "HEAD", *, cwd: Path | None = None) -> list[str]:
    """The trailer lines of a commit."""
    out = subprocess.run(
        ["git", "log", "-1", "--format=%(trailers:only,unfold)", rev],
        cwd=cwd or repo.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line]


def work_order(repo: Repo, title: str = "Parser", *scope: str) -> str:
    """Create and commit a work order on the current branch; returns its id."""
    args = [arg for glob in (scope or ("src/**",)) for arg in ("--scope", glob)]
    wo_id = repo.ok("wo", "new", title, *args).strip()
    repo.commit_all(f"add {wo_id}")
    return wo_id


def wo_branch(
    repo: Repo, *scope: str, run: str | None = None, started: str = "2026-05-01T10:00:00Z"
) -> str:
    """WO-n on main, then its branch checked out (and a committed run record if asked)."""
    wo_id = work_order(repo, "Parser", *scope)
    branch = f"wo/{wo_id}-parser"
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", branch)
    if run:
        write_run(repo, wo_id, run, branch=branch, base=base, started=started)
        repo.git("add", "-A")
        repo.git("commit", "-q", "--no-verify", "-m", "start run")
    return wo_id


def write_run(repo: Repo, wo_id: str, run: str, *, branch: str, base: str, started: str) -> None:
    """Write a run record by hand, as `gitsplit start` would."""
    repo.write(
        f".workledger/runs/{wo_id}/{run}.md",
        RUN_RECORD.format(wo=wo_id, run=run, branch=branch, base=base, started=started),
    )


def install(repo: Repo) -> str:
    """Install the hooks through the CLI; returns its output."""
    return repo.ok("hooks", "install")

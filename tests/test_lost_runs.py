"""Agents that take the ground away (issue 16 item 12): each ends as a recorded failed run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import WO_BODY, Repo
from tests.test_runs import add_agent

BRANCH = "wo/WO-1-first-task"
RECORD = ".workledger/runs/WO-1/WO-1-r1.md"
AGENT_DELETES_WORKTREE = """\
import os, shutil, sys
sys.stdin.read()
here = os.getcwd()
os.chdir("/")
shutil.rmtree(here)
"""
AGENT_RESETS = """\
import subprocess, sys
sys.stdin.read()
subprocess.run(["git", "reset", "-q", "--hard", "main"], check=True)
"""
AGENT_DELETES_BRANCH = """\
import subprocess, sys
sys.stdin.read()
subprocess.run(["git", "switch", "-q", "--detach"], check=True)
subprocess.run(["git", "branch", "-q", "-D", "wo/WO-1-first-task"], check=True)
"""


@pytest.fixture
def order(repo: Repo) -> Repo:
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "First task",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
    )
    repo.commit_all("WO-1")
    return repo


def recorded_outcome(repo: Repo) -> str:
    text = repo.git("show", f"{BRANCH}:{RECORD}")
    return next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("outcome:")
    )


def test_agent_that_deletes_its_worktree_is_a_failed_run(order: Repo, tmp_path: Path) -> None:
    add_agent(order, tmp_path, "rm", AGENT_DELETES_WORKTREE)
    result = order.cli("start", "WO-1", "--worktree", "--agent", "rm")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "not installed" not in result.output
    assert "the agent deleted the run's checkout" in result.output
    assert recorded_outcome(order) == "failed"
    note = order.git("show", f"{BRANCH}:{RECORD}")
    assert "deleted the run's checkout" in note
    runs = json.loads(order.ok("runs", "--json"))
    assert [r["outcome"] for r in runs] == ["failed"]


def test_agent_that_deletes_its_worktree_in_dispatch_is_a_failed_run(
    order: Repo, tmp_path: Path
) -> None:
    add_agent(order, tmp_path, "rm", AGENT_DELETES_WORKTREE)
    proc = order.run("dispatch", "--class", "C1", "--agent", "rm")
    assert proc.returncode == 1
    assert "git is not installed" not in proc.stderr and "Traceback" not in proc.stderr
    assert recorded_outcome(order) == "failed"


def test_agent_that_resets_its_branch_is_a_failed_run_and_fails_review(
    order: Repo, tmp_path: Path
) -> None:
    add_agent(order, tmp_path, "reset", AGENT_RESETS)
    result = order.cli("start", "WO-1", "--agent", "reset")
    assert result.exit_code == 1
    assert "cannot read" not in result.output and "Traceback" not in result.output
    assert "does not contain the run's start commit" in result.output
    assert recorded_outcome(order) == "failed"
    assert order.git("status", "--porcelain").strip() == ""
    review = order.cli("review", BRANCH)
    assert review.exit_code == 1, review.output


def test_agent_that_deletes_its_branch_is_a_failed_run(order: Repo, tmp_path: Path) -> None:
    add_agent(order, tmp_path, "del", AGENT_DELETES_BRANCH)
    result = order.cli("start", "WO-1", "--worktree", "--agent", "del")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "deleted the run's branch" in result.output
    assert recorded_outcome(order) == "failed"


def test_review_fails_a_branch_whose_run_record_is_missing(order: Repo) -> None:
    order.git("switch", "-q", "-c", BRANCH)
    order.write("src/x.txt", "x\n")
    order.commit_all("work without a run", "--trailer", "Work-Order: WO-1")
    order.git("switch", "-q", "main")
    review = order.cli("review", BRANCH)
    assert review.exit_code == 1
    assert "no run record for WO-1" in review.output

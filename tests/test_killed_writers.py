"""Writers killed by SIGKILL (the GITSPLIT_KILL_AT seam, real processes): what is left, the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WO_BODY, Repo
from tests.test_runs import AGENT_OK, add_agent, run_record, wo_status

WO = ".workledger/workorders"


@pytest.fixture
def ready(repo: Repo) -> Repo:
    """WO-1 ready (C1, scope src/**, a check that passes once the work is there), on main."""
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
        "--check",
        "test -f src/done.txt",
    )
    repo.ok("wo", "new", *WO_BODY, "Second task", "--class", "C1", "--status", "ready")
    repo.commit_all("WO-1, WO-2")
    return repo


def killed(repo: Repo, at: str, *args: str, cwd: Path | None = None) -> None:
    """Run gitsplit ARGS as a real process and have it SIGKILL itself at event ``at``."""
    proc = repo.run(*args, cwd=cwd, env={"GITSPLIT_KILL_AT": at})
    assert proc.returncode == -9, (proc.returncode, proc.stdout, proc.stderr)


def temp_files(root: Path) -> list[Path]:
    return [p for p in (root / ".workledger").rglob(".*.tmp")]


def test_a_killed_writes_temp_file_is_reported_ignored_and_refused(ready: Repo) -> None:
    killed(ready, "write.temp", "wo", "set", "WO-2", "priority=P0")
    [temp] = temp_files(ready.root)
    assert "priority: P2" in ready.read(f"{WO}/WO-2.md")  # the record itself is whole
    check = ready.cli("check")
    assert check.exit_code == 1
    assert f"rm -f {temp}" in check.output and "killed" in check.output
    # commands that need a clean tree are not stopped by it …
    ready.ok("start", "WO-1", "--no-launch")
    ready.git("switch", "-q", "main")
    # … and the hook refuses to commit it
    ready.ok("hooks", "install")
    ready.git("add", "-A")
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "oops"], cwd=ready.root, capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "temporary file of a gitsplit write" in proc.stdout + proc.stderr
    ready.git("rm", "-q", "--cached", str(temp.relative_to(ready.root)))
    ready.ok("recover")
    assert temp_files(ready.root) == [] and ready.cli("check").exit_code == 0


def test_wo_new_killed_before_its_rename_leaves_no_half_record(ready: Repo) -> None:
    killed(ready, "write.temp", "wo", "new", *WO_BODY, "Third")
    assert not (ready.root / WO / "WO-3.md").exists()
    assert len(temp_files(ready.root)) == 1
    ready.ok("recover")
    ready.ok("wo", "new", *WO_BODY, "Third")
    text = ready.read(f"{WO}/WO-3.md")
    assert "WO-?" not in text and "id: WO-3" in text


def test_finish_killed_before_its_commit_is_completed_by_finish(ready: Repo) -> None:
    ready.ok("start", "WO-1", "--no-launch")
    ready.write("src/done.txt", "done\n")
    ready.commit_all("the work")
    killed(ready, "write.placed@WO-1-r1.md", "finish")  # run record closed, not committed
    assert run_record(ready, "WO-1-r1").fields["outcome"] == "succeeded"
    check = ready.cli("check")
    assert check.exit_code == 1 and "run: gitsplit finish" in check.output
    done = ready.cli("finish")
    assert done.exit_code == 0, done.output
    assert "run WO-1-r1 succeeded: WO-1 is now review" in done.output
    assert ready.git("status", "--porcelain").strip() == ""
    assert ready.git("log", "-1", "--format=%s").startswith("Finish WO-1 run WO-1-r1")
    assert wo_status(ready.root) == "review"
    again = ready.cli("finish")
    assert again.exit_code == 1 and "already finished" in again.output


@pytest.mark.parametrize(
    "at",
    ["git.after@switch", "write.placed@WO-1-r1.md", "write.temp@WO-1.md", "git.after@add"],
)
def test_start_in_place_killed_is_undone_and_starts_again(ready: Repo, at: str) -> None:
    killed(ready, at, "start", "WO-1", "--no-launch")
    check = ready.cli("check")
    assert check.exit_code == 1 and "run: gitsplit recover" in check.output, check.output
    out = ready.ok("recover")
    assert "undid the killed start of WO-1" in out
    assert ready.git("branch", "--show-current").strip() == "main"
    assert ready.git("status", "--porcelain").strip() == ""
    assert ready.git("branch", "--list", "wo/*").strip() == ""
    ready.ok("start", "WO-1", "--no-launch")
    assert ready.cli("check").exit_code == 0


def test_start_in_a_worktree_killed_is_undone_by_starting_again(ready: Repo) -> None:
    killed(ready, "write.placed@WO-1-r1.md", "start", "WO-1", "--no-launch", "--worktree")
    checkout = ready.root.parent / "repo.worktrees" / "WO-1-r1"
    assert checkout.is_dir()
    assert "run: gitsplit recover" in ready.cli("check").output
    started = ready.cli("start", "WO-1", "--no-launch", "--worktree")  # the same run again
    assert started.exit_code == 0, started.output
    assert "started run WO-1-r1 of WO-1" in started.output
    assert ready.cli("check").exit_code == 0
    assert run_record(ready, "WO-1-r1", root=checkout).fields["outcome"] is None


def test_start_killed_after_its_commit_keeps_the_recorded_run(ready: Repo) -> None:
    killed(ready, "git.after@commit", "start", "WO-1", "--no-launch")
    assert ready.git("log", "-1", "--format=%s").startswith("Start WO-1 run WO-1-r1")
    out = ready.ok("recover")
    assert "was recorded on wo/WO-1-first-task" in out and "gitsplit abandon" in out
    assert ready.cli("check").exit_code == 0


def test_two_dispatches_at_once_start_each_work_order_once(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gitsplit", "dispatch", "--class", "C1", "--agent", "ok"],
            cwd=ready.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for _ in range(2)
    ]
    outputs = [p.communicate() for p in procs]
    branches = ready.git("branch", "--list", "wo/*", "--format=%(refname:short)").split()
    assert sorted(branches) == ["wo/WO-1-first-task", "wo/WO-2-second-task"], outputs
    for (_out, err), proc in zip(outputs, procs, strict=True):
        assert "git branch -D" not in err and "worktree remove" not in err, err
        assert proc.returncode == 0, err

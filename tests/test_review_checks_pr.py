"""`gitsplit review --run-checks`, `--format md`, remote-tracking branches and `gitsplit pr`."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import Repo
from tests.reviewkit import (
    add_wo,
    clean_branch,
    codes,
    commit,
    finding,
    finish,
    review_json,
    start_branch,
    worktrees,
)


def test_run_checks_in_a_clean_worktree_failing_and_hanging(repo: Repo) -> None:
    config = repo.read(".workledger/config.yaml").replace("timeout: 600", "timeout: 2")
    repo.write(".workledger/config.yaml", config)
    repo.commit_all("Short check timeout")
    add_wo(
        repo,
        "Write the done file",
        "--check",
        "test -f src/done.txt",
        "--check",
        "echo checking; echo broken >&2; exit 3",
        "--check",
        "sh -c 'sleep 60' & sleep 60",
    )
    start_branch(repo)
    commit(repo, {"src/done.txt": "done\n"}, "Write it")
    finish(repo)
    repo.write("src/uncommitted.txt", "mine\n")  # the user's checkout is never touched
    code, data = review_json(repo, "--run-checks")
    assert code == 1
    passed, failed, hung = data["checks"]
    assert passed["run"] and passed["passed"] and passed["exit"] == 0
    assert failed["passed"] is False and failed["exit"] == 3
    assert "checking" in failed["tail"] and "broken" in failed["tail"]
    assert hung["timed_out"] is True and "killed after 2 s" in hung["tail"]
    assert codes(data, "violation") == ["check-failed", "check-timeout"]
    assert "timed out after 2 s" in finding(data, "check-timeout")["message"]
    assert worktrees(repo) == [repo.root]
    assert repo.read("src/uncommitted.txt") == "mine\n"
    text = repo.cli("review", "--run-checks").stdout
    assert "PASS    test -f src/done.txt" in text and "TIMEOUT" in text
    assert "| broken" in text


def test_checks_see_the_branch_tip_not_the_checkout(repo: Repo) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")  # src/done.txt exists only on the branch
    code, data = review_json(repo, branch, "--run-checks")
    assert code == 0 and data["checks"][0]["passed"] is True


def test_markdown_is_a_pull_request_body(repo: Repo) -> None:
    repo.ok("decide", "Done files are plain text", "--applies-to", "src/**")
    repo.commit_all("D-1")
    clean_branch(repo)
    commit(repo, {"docs/x.md": "x\n"}, "Out of scope")
    result = repo.cli("review", "--format", "md", "--run-checks")
    assert result.exit_code == 1
    body = result.stdout
    assert body.startswith("# WO-1: Write the done file\n")
    for section in (
        "## Summary",
        "## Result note",
        "## Acceptance",
        "## Checks",
        "## Violations",
        "## Changes",
        "## Links",
    ):
        assert f"\n{section}\n" in body, section
    assert "> Wrote src/done.txt." in body
    assert "| `test -f src/done.txt` | ✅ pass | 0 |" in body
    assert "- **scope**: docs/x.md is outside the scope of WO-1" in body
    assert "- Work order: WO-1 (`.workledger/workorders/WO-1.md`)" in body
    assert "- Decisions: D-1 (`.workledger/decisions/D-1.md`)" in body
    assert "❌ FAIL: 1 violation" in body


def test_links_point_at_github_when_origin_is_there(repo: Repo) -> None:
    clean_branch(repo)
    repo.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
    tip = repo.git("rev-parse", "HEAD").strip()
    body = repo.ok("review", "--format", "md")
    url = f"https://github.com/acme/widgets/blob/{tip}/.workledger/workorders/WO-1.md"
    assert f"[WO-1]({url})" in body


def _push_to(repo: Repo, tmp_path: Path) -> Path:
    """A bare remote 'origin' with every branch pushed."""
    remote = tmp_path / "remote.git"
    repo.git("init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "--all")
    repo.git("fetch", "-q", "origin")
    return remote


def test_wo_id_finds_the_newest_branch_also_remote_tracking(repo: Repo, tmp_path: Path) -> None:
    branch = clean_branch(repo)
    repo.git("checkout", "-q", "main")
    start_branch(repo, run_number=2)
    commit(repo, {"src/done.txt": "done again\n"}, "Write it again")  # its check passes
    finish(repo, run="WO-1-r2")
    repo.git("checkout", "-q", "main")
    _push_to(repo, tmp_path)
    repo.git("branch", "-q", "-D", f"{branch}-r2")
    code, data = review_json(repo, "WO-1")
    assert code == 0 and data["ref"] == f"refs/remotes/origin/{branch}-r2"
    assert data["run"]["id"] == "WO-1-r2"
    code, data = review_json(repo, f"origin/{branch}")
    assert data["ref"] == f"refs/remotes/origin/{branch}" and data["run"]["id"] == "WO-1-r1"


def test_own_work_order_edits_do_not_widen_the_scope(repo: Repo) -> None:
    clean_branch(repo)
    own = ".workledger/workorders/WO-1.md"
    widened = repo.read(own).replace("scope: [src/**]", "scope: ['**']")
    commit(repo, {own: widened, "lib/x.py": "x\n"}, "Widen my own scope")
    code, data = review_json(repo)
    assert code == 1
    assert finding(data, "scope", "lib/x.py")
    edited = finding(data, "workorder-edited")
    assert edited["severity"] == "warning" and "scope" in edited["message"]


def test_broken_ledger_at_the_tip_is_a_violation(repo: Repo) -> None:
    clean_branch(repo)
    rel = ".workledger/runs/WO-1/WO-1-r1.md"
    commit(
        repo,
        {rel: repo.read(rel).replace("outcome: succeeded", "outcome: [oops")},
        "Break the run record",
    )
    code, data = review_json(repo)
    assert code == 1
    assert finding(data, "ledger")["path"] == rel


def _fake_gh(tmp_path: Path) -> Path:
    """A stand-in `gh` that records its arguments and stdin and prints a PR URL."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "gh"
    log = tmp_path / "gh.json"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"json.dump({{'argv': sys.argv[1:], 'stdin': sys.stdin.read()}}, "
        f"open({str(log)!r}, 'w'))\nprint('https://github.com/acme/w/pull/7')\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_pr_runs_gh_with_the_review_as_body(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = clean_branch(repo)
    path = f"{_fake_gh(tmp_path)}{os.pathsep}{os.environ['PATH']}"
    unpushed = repo.run("pr", env={"PATH": path})
    assert unpushed.returncode == 1 and f"git push -u origin {branch}" in unpushed.stderr
    _push_to(repo, tmp_path)
    proc = repo.run("pr", "WO-1", "--draft", env={"PATH": path})
    assert proc.returncode == 0, proc.stderr
    assert "https://github.com/acme/w/pull/7" in proc.stdout
    sent = json.loads((tmp_path / "gh.json").read_text())
    assert sent["argv"] == [
        "pr",
        "create",
        "--head",
        branch,
        "--base",
        "main",
        "--title",
        "WO-1: Write the done file",
        "--body-file",
        "-",
        "--draft",
    ]
    assert sent["stdin"].startswith("# WO-1: Write the done file\n")
    monkeypatch.setenv("PATH", path)
    dry = repo.ok("pr", "--dry-run")
    assert dry.startswith("gh pr create --head wo/WO-1-write-the-done-file --base main")


def test_pr_without_gh_says_how_to_do_it_by_hand(repo: Repo, tmp_path: Path) -> None:
    branch = clean_branch(repo)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    git_dir = os.path.dirname(os.popen("command -v git").read().strip())
    proc = repo.run("pr", env={"PATH": f"{empty}{os.pathsep}{git_dir}"})
    assert proc.returncode == 1
    assert "the GitHub CLI (gh) is not on PATH" in proc.stderr
    assert f"gitsplit review {branch} --format md > pr-body.md" in proc.stderr
    assert f"git push -u origin {branch}" in proc.stderr


def test_ci_checkout_detached_with_only_remote_tracking_branches(
    repo: Repo, tmp_path: Path
) -> None:
    branch = clean_branch(repo)
    remote = _push_to(repo, tmp_path)
    ci = tmp_path / "ci"
    repo.git("clone", "-q", str(remote), str(ci))
    repo.git("-C", str(ci), "checkout", "-q", "--detach", f"origin/{branch}")
    repo.git("-C", str(ci), "branch", "-q", "-D", "main")
    assert (
        repo.git("-C", str(ci), "branch", "--list").strip() == "* (HEAD detached at "
        f"origin/{branch})"
    )
    proc = repo.run("review", branch, "--strict", "--format", "md", cwd=ci)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✅ PASS" in proc.stdout
    proc = repo.run("review", "--strict", cwd=ci)
    assert proc.returncode == 2 and "HEAD is detached" in proc.stderr

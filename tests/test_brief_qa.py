"""Briefings under a demanding user: odd `files` entries, clones, stale links, closed WOs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import brief_fixtures
from tests.conftest import Repo, git


@pytest.fixture
def ledger_repo(repo: Repo) -> Repo:
    """The realistic ledger of brief_fixtures, committed."""
    brief_fixtures.build(repo)
    return repo


def _excerpts(text: str) -> str:
    """The excerpts section of a briefing."""
    return text.split("## Likely files", 1)[1].split("## Checks", 1)[0]


@pytest.mark.parametrize("where", [(), ("--worktree",)])
def test_symlinks_and_folders_in_files_are_named_for_what_they_are(
    ledger_repo: Repo, where: tuple[str, ...]
) -> None:
    os.symlink("/etc/passwd", ledger_repo.root / "app/auth/evil")
    os.symlink("login.py", ledger_repo.root / "app/auth/current.py")
    ledger_repo.ok(
        "wo", "set", "WO-3", "files=app/auth/evil", "files+=app/auth/current.py", "files+=app/auth"
    )
    ledger_repo.commit_all("links")
    text = _excerpts(ledger_repo.ok("brief", "WO-3", *where))
    # a link's target is not its content, and a link out of the repository is no new file
    assert "`app/auth/evil` is a symbolic link to `/etc/passwd`: not followed." in text
    assert "`app/auth/current.py` is a symbolic link to `login.py`: not followed." in text
    assert "1  /etc/passwd" not in text and "1  login.py" not in text
    assert "`app/auth` is a folder: name its files (or a glob such as `app/auth/*`)" in text
    assert "does not exist yet" not in text


def test_base_is_named_the_same_in_a_clone_without_a_local_main(
    ledger_repo: Repo, tmp_path: Path
) -> None:
    ledger_repo.git("branch", "side")
    main = ledger_repo.git("rev-parse", "main").strip()
    here = ledger_repo.run("brief", "WO-3")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "side", str(ledger_repo.root), str(clone))
    there = ledger_repo.run("brief", "WO-3", "--rev", main, cwd=clone)
    assert here.returncode == there.returncode == 0, there.stderr
    assert f"- Base commit: `{main}` (main)" in there.stdout
    assert there.stdout == here.stdout


def test_review_finds_fetched_branches_and_the_remote_authority(
    ledger_repo: Repo, tmp_path: Path
) -> None:
    ledger_repo.git("checkout", "-q", "-b", "wo/WO-3-rate-limit")
    ledger_repo.write("app/auth/limits.py", "MAX_FAILURES = 5\n")
    ledger_repo.commit_all("Limit failed logins")
    ledger_repo.git("checkout", "-q", "main")
    main = ledger_repo.git("rev-parse", "main").strip()
    for name, branch, shown in (
        ("reviewer", "main", "origin/wo/WO-3-rate-limit"),
        ("ci", "wo/WO-3-rate-limit", "wo/WO-3-rate-limit"),
    ):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", "--branch", branch, str(ledger_repo.root), str(clone))
        proc = ledger_repo.run("brief", "--review", "WO-3", cwd=clone)
        assert proc.returncode == 0, proc.stderr
        assert f"\n`{shown}` at" in proc.stdout, (name, proc.stdout)
        assert "Older branches" not in proc.stdout  # its fetched copy is no other branch
        assert f"against base `{main}` (merge base with main)" in proc.stdout, name
        assert "+MAX_FAILURES = 5" in proc.stdout
        assert "shares no history" not in proc.stdout


def test_review_of_a_work_order_without_a_branch_says_so(ledger_repo: Repo) -> None:
    result = ledger_repo.cli("brief", "--review", "WO-2")
    assert result.exit_code == 0
    assert "no branch for WO-2 (local or remote-tracking" in result.stdout
    assert "WO-2 has no branch to review" in result.stderr


def test_a_decision_another_one_supersedes_is_never_current(ledger_repo: Repo) -> None:
    ledger_repo.ok(
        "decide",
        "Use Redis for counters",
        "--applies-to",
        "app/auth/**",
        "--rejected",
        "Flat files: slow",
    )  # D-6
    ledger_repo.ok("decide", "Counters stay in Postgres", "--applies-to", "app/auth/**")  # D-7
    path = ledger_repo.root / ".workledger/decisions/D-7.md"
    # a hand edit (or a merge) that wrote only one side of the link
    path.write_text(
        path.read_text(encoding="utf-8").replace("supersedes: []", "supersedes: [D-6]"),
        encoding="utf-8",
    )
    ledger_repo.ok("wo", "set", "WO-3", "decisions+=D-6")
    ledger_repo.commit_all("D-7 replaces D-6", "--no-verify")
    for args in (("WO-3",), ("--checkpoint", "CP-1")):
        result = ledger_repo.cli("brief", *args)
        assert result.exit_code == 0, result.output
        assert "### D-6" not in result.stdout and "Flat files" not in result.stdout
        assert "### D-7: Counters stay in Postgres" in result.stdout
        assert "D-6 (Use Redis for counters) is superseded; D-7 replaces it" in result.stdout
        assert "D-7 supersedes D-6, but D-6 does not say so" in result.stderr


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_briefing_a_closed_work_order_warns(ledger_repo: Repo, status: str) -> None:
    ledger_repo.ok("wo", "set", "WO-3", f"status={status}")
    ledger_repo.commit_all("closed")
    result = ledger_repo.cli("brief", "WO-3")
    assert result.exit_code == 0
    assert f"WO-3 is {status}: a run of this briefing would " in result.stderr
    data = json.loads(ledger_repo.ok("brief", "WO-3", "--json"))
    assert any(f"WO-3 is {status}" in warning for warning in data["warnings"])


def test_an_empty_out_is_a_usage_error(ledger_repo: Repo) -> None:
    empty = ledger_repo.cli("brief", "WO-3", "--out", "")
    assert empty.exit_code == 2 and "--out needs a file name" in empty.output
    assert list(ledger_repo.root.glob("*.tmp")) == []

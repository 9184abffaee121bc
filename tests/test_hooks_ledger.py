"""Real commits through the hooks: ledger checks, checkpoints, and unusual repository states."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import Repo, git
from tests.hooks_helpers import commit, install, message, stage, trailers, wo_branch

CHECKPOINT = """\
---
id: CP-1
summary: Parser plan settled
commit: {commit}
ledger: {ledger}
parent:
lineage:
created: 2026-05-01T10:00:00Z
---
## State of the work
"""


def _checkpoint(repo: Repo) -> str:
    """Write and commit CP-1 on the current branch (as `gitsplit checkpoint` would)."""
    head = repo.git("rev-parse", "HEAD").strip()
    tree = repo.git("rev-parse", "HEAD:.workledger").strip()
    repo.write(".workledger/checkpoints/CP-1.md", CHECKPOINT.format(commit=head, ledger=tree))
    repo.git("add", "-A")
    assert commit(repo, "checkpoint").returncode == 0
    return ".workledger/checkpoints/CP-1.md"


@pytest.mark.parametrize("on_wo_branch", [False, True])
def test_committed_checkpoint_edit_is_refused_everywhere(repo: Repo, on_wo_branch: bool) -> None:
    install(repo)
    path = _checkpoint(repo)
    if on_wo_branch:
        wo_branch(repo, "src/**", ".workledger/checkpoints/**")
    file = repo.root / path
    file.write_text(file.read_text().replace("settled", "changed"), encoding="utf-8")
    repo.git("add", "-A")
    result = commit(repo)
    assert result.returncode == 1
    assert f"{path}  committed checkpoint edited; checkpoints are immutable" in result.stderr
    assert "gitsplit checkpoint --parent" in result.stderr


def test_checkpoint_delete_and_rename_are_refused(repo: Repo) -> None:
    install(repo)
    path = _checkpoint(repo)
    repo.git("mv", path, ".workledger/checkpoints/CP-9.md")
    result = commit(repo)
    assert result.returncode == 1 and "renamed to .workledger/checkpoints/CP-9.md" in result.stderr
    repo.git("reset", "-q", "--hard")
    repo.git("rm", "-q", path)
    result = commit(repo)
    assert result.returncode == 1 and "committed checkpoint deleted" in result.stderr
    assert commit(repo, "I know", env={"GITSPLIT_SKIP": "checkpoint"}).returncode == 0
    assert trailers(repo) == ["Gitsplit-Skipped: checkpoint"]


def test_staged_ledger_file_that_check_rejects_is_refused(repo: Repo) -> None:
    install(repo)
    repo.ok("wo", "new", "Broken soon")
    path = repo.root / ".workledger/workorders/WO-1.md"
    text = path.read_text().replace("status: draft", "status: doing")
    path.write_text(text.replace("depends_on: []", "depends_on: [WO-7]"), encoding="utf-8")
    repo.git("add", "-A")
    result = commit(repo)
    assert result.returncode == 1
    assert "  .workledger/workorders/WO-1.md:4: 'status' 'doing' is not one of" in result.stderr
    assert "'depends_on' names WO-7, which does not exist" in result.stderr
    path.write_text("fixed in the tree, but not staged\n", encoding="utf-8")
    assert commit(repo).returncode == 1  # the staged version is what counts


def test_staged_config_with_an_unknown_key_is_refused(repo: Repo) -> None:
    install(repo)
    stage(repo, ".workledger/config.yaml", repo.read(".workledger/config.yaml") + "colour: red\n")
    result = commit(repo)
    assert result.returncode == 1 and ".workledger/config.yaml" in result.stderr
    assert "unknown key" in result.stderr


def test_branch_named_like_a_missing_work_order_is_refused(repo: Repo) -> None:
    install(repo)
    checkout = subprocess.run(
        ["git", "checkout", "-b", "wo/WO-42-ghost"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "WO-42, which does not exist" in checkout.stderr
    stage(repo, "src/a.py", "a\n")
    result = commit(repo)
    assert result.returncode == 1
    assert "named like a run of WO-42, which does not exist" in result.stderr
    assert commit(repo, "anyway", env={"GITSPLIT_SKIP": "scope"}).returncode == 0
    assert trailers(repo) == ["Gitsplit-Skipped: scope"]


def test_post_checkout_names_the_work_order(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    repo.git("checkout", "-q", "main")
    out = subprocess.run(
        ["git", "checkout", "wo/WO-1-parser"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert 'gitsplit: on WO-1 (C2) "Parser"; its briefing: `gitsplit brief WO-1`' in out.stderr
    out = subprocess.run(
        ["git", "checkout", "main"], cwd=repo.root, capture_output=True, text=True, check=True
    )
    assert "gitsplit:" not in out.stderr


def test_detached_head_gets_only_the_ledger_checks(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    repo.git("checkout", "-q", "--detach")
    stage(repo, "docs/x.md", "x\n")
    assert commit(repo).returncode == 0
    assert trailers(repo) == []


def test_merge_commit_checks_only_its_own_resolution(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    stage(repo, "src/a.py", "ours\n")
    assert commit(repo, "ours").returncode == 0
    repo.git("checkout", "-q", "main")
    stage(repo, "docs/main.md", "main moved on\n")
    stage(repo, "src/a.py", "theirs\n")
    assert commit(repo, "main work").returncode == 0
    repo.git("checkout", "-q", "wo/WO-1-parser")
    merge = subprocess.run(
        ["git", "merge", "main"], cwd=repo.root, capture_output=True, text=True, check=False
    )
    assert merge.returncode != 0  # conflict in src/a.py
    stage(repo, "src/a.py", "resolved\n")
    result = subprocess.run(
        ["git", "commit", "-q", "--no-edit"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # docs/main.md came from main: not refused
    assert trailers(repo) == []
    assert message(repo).startswith("Merge branch 'main'")


def test_rebase_replaying_reviewed_commits_is_not_blocked(repo: Repo) -> None:
    install(repo)
    path = _checkpoint(repo)
    stage(repo, "notes.txt", "base\n")
    assert commit(repo, "notes").returncode == 0
    repo.git("checkout", "-q", "-b", "feature")
    file = repo.root / path
    file.write_text(file.read_text() + "\nreviewed correction\n", encoding="utf-8")
    stage(repo, "notes.txt", "feature\n")
    repo.git("add", "-A")
    assert commit(repo, "accepted edit", env={"GITSPLIT_SKIP": "checkpoint"}).returncode == 0
    repo.git("checkout", "-q", "main")
    stage(repo, "notes.txt", "main\n")
    assert commit(repo, "main notes").returncode == 0
    repo.git("checkout", "-q", "feature")
    rebase = subprocess.run(
        ["git", "rebase", "main"], cwd=repo.root, capture_output=True, text=True, check=False
    )
    assert rebase.returncode != 0  # conflict in notes.txt while replaying "accepted edit"
    stage(repo, "notes.txt", "both\n")
    result = subprocess.run(
        ["git", "commit", "-q", "--no-edit"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # the checkpoint edit is replayed, not refused
    assert trailers(repo) == ["Gitsplit-Skipped: checkpoint"]
    done = subprocess.run(
        ["git", "-c", "core.editor=true", "rebase", "--continue"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_repository_with_no_commits_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    repo = Repo(root, monkeypatch)
    repo.ok("init")
    assert (root / ".git/hooks/pre-commit").is_file()
    repo.git("add", "-A")
    result = commit(repo, "first")
    assert result.returncode == 0, result.stderr
    assert trailers(repo) == []


def test_linked_worktree_shares_the_hooks(repo: Repo, tmp_path: Path) -> None:
    install(repo)
    wo_branch(repo, "src/**", run="r1")
    repo.git("checkout", "-q", "main")
    linked = tmp_path / "linked"
    added = subprocess.run(
        ["git", "worktree", "add", str(linked), "wo/WO-1-parser"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "gitsplit: on WO-1" in added.stderr
    stage(repo, "docs/out.md", "x\n", cwd=linked)
    result = commit(repo, cwd=linked)
    assert result.returncode == 1 and "docs/out.md" in result.stderr
    subprocess.run(["git", "rm", "-q", "--cached", "docs/out.md"], cwd=linked, check=True)
    stage(repo, "src/in.py", "x\n", cwd=linked)
    assert commit(repo, "in scope", cwd=linked).returncode == 0
    assert trailers(repo, cwd=linked) == ["Work-Order: WO-1", "Run: r1"]


def test_hooks_run_by_hand_checks_what_is_staged(repo: Repo) -> None:
    wo_branch(repo, "src/**")
    stage(repo, "docs/x.md", "x\n")
    result = repo.run("hooks", "run", "pre-commit")
    assert result.returncode == 1 and "docs/x.md" in result.stderr
    repo.git("reset", "-q")
    assert repo.run("hooks", "run", "pre-commit").returncode == 0


def test_unreadable_work_order_on_main_stops_the_commit_unless_skipped(repo: Repo) -> None:
    install(repo)
    wo_branch(repo, "src/**")
    repo.git("checkout", "-q", "main")
    repo.write(".workledger/workorders/WO-1.md", "no frontmatter here\n")
    repo.git("commit", "-q", "--no-verify", "-am", "broken on main")
    repo.git("checkout", "-q", "wo/WO-1-parser")
    stage(repo, "src/a.py", "a\n")
    result = commit(repo)
    assert result.returncode == 1
    assert (
        "WO-1 cannot be read (main): .workledger/workorders/WO-1.md:1: no YAML "
        "frontmatter" in result.stderr
    )
    assert commit(repo, env={"GITSPLIT_SKIP": "scope"}).returncode == 0

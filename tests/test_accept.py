"""``gitsplit accept`` and ``reject``: the verdict lands on main in one commit, checkouts kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitsplit.ledger.fileformat import Document
from tests.conftest import WO_BODY, Repo
from tests.test_runs import AGENT_OK, add_agent

BRANCH = "wo/WO-1-write-the-done-file"


@pytest.fixture
def ran(repo: Repo, tmp_path: Path) -> Repo:
    """WO-1 (scope src/**, one check) run to success by a stand-in agent, in this checkout."""
    repo.ok("hooks", "install")
    repo.ok(
        "wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
        "--scope", "src/**", "--check", "test -f src/done.txt",
    )  # fmt: skip
    repo.ok("wo", "new", *WO_BODY, "Use the done file", "--class", "C1", "--status", "ready",
            "--depends-on", "WO-1", "--scope", "lib/**")  # fmt: skip
    repo.commit_all("WO-1 and WO-2")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    result = repo.cli("start", "WO-1", "--agent", "ok")
    assert result.exit_code == 0, result.output
    return repo


def at_main(repo: Repo, rel: str) -> Document:
    """A record as committed on main."""
    return Document.parse(repo.git("show", f"main:{rel}"), path=rel)


def test_accept_merges_with_trailers_sets_done_and_records_the_verdict(ran: Repo) -> None:
    tip = ran.git("rev-parse", BRANCH).strip()
    out = ran.ok("accept", "WO-1")
    assert "WO-1: accepted run WO-1-r1, merged wo/WO-1-write-the-done-file into main" in out
    assert "undo: git branch -f main" in out
    parents = ran.git("log", "-1", "--format=%P", "main").split()
    assert parents[1] == tip and len(parents) == 2
    message = ran.git("log", "-1", "--format=%B", "main")
    assert message.startswith("Accept WO-1: Write the done file")
    assert "Work-Order: WO-1" in message and "Run: WO-1-r1" in message
    assert at_main(ran, ".workledger/workorders/WO-1.md").fields["status"] == "done"
    verdict = at_main(ran, ".workledger/runs/WO-1/WO-1-r1.md").fields["verdict"]
    assert verdict["result"] == "accepted" and verdict["branch_tip"] == tip
    assert verdict["strategy"] == "merge" and "forced" not in verdict
    assert ran.git("show", "main:src/done.txt") == "done\n"
    # the checkout (on the WO branch) was not touched; WO-2 is ready at once
    assert ran.git("branch", "--show-current").strip() == BRANCH
    assert ran.git("status", "--porcelain") == ""
    assert ran.git("rev-parse", "HEAD").strip() == tip
    ran.git("switch", "-q", "main")
    assert "WO-2" in ran.ok("ready", "--ids").split()
    assert ran.cli("check").exit_code == 0
    again = ran.cli("accept", "WO-1")
    assert again.exit_code == 1 and "already merged" in again.output


def test_accept_cleanup_leaves_no_worktree_and_no_branch(repo: Repo, tmp_path: Path) -> None:
    repo.ok("hooks", "install")
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    assert repo.cli("start", "WO-1", "--agent", "ok", "--worktree").exit_code == 0
    assert len(repo.git("worktree", "list").splitlines()) == 2
    out = repo.ok("accept", "WO-1", "--cleanup")
    assert "removed worktree" in out and f"deleted branch {BRANCH}" in out
    assert f"undo: git branch {BRANCH}" in out
    assert len(repo.git("worktree", "list").splitlines()) == 1
    assert repo.git("branch", "--format=%(refname:short)").split() == ["main"]
    # main was checked out here: it was fast-forwarded, and the files are here
    assert (repo.root / "src/done.txt").read_text() == "done\n"
    assert repo.git("status", "--porcelain") == ""


def test_accept_keeps_uncommitted_work_in_the_main_checkout(repo: Repo, tmp_path: Path) -> None:
    repo.ok("hooks", "install")
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    assert repo.cli("start", "WO-1", "--agent", "ok", "--worktree").exit_code == 0
    before = repo.git("rev-parse", "main").strip()
    repo.write(
        ".workledger/workorders/WO-1.md", repo.read(".workledger/workorders/WO-1.md") + "x\n"
    )
    refused = repo.cli("accept", "WO-1")
    assert refused.exit_code == 1, refused.output
    assert "main is checked out in" in refused.output and "was not changed" in refused.output
    assert repo.git("rev-parse", "main").strip() == before
    assert repo.read(".workledger/workorders/WO-1.md").endswith("x\n")
    repo.git("checkout", "--", ".workledger/workorders/WO-1.md")
    repo.write("notes.txt", "mine\n")
    repo.write("README.md", "# project, edited\n")
    repo.ok("accept", "WO-1")
    assert repo.git("rev-parse", "main").strip() != before
    assert repo.read("notes.txt") == "mine\n" and repo.read("README.md") == "# project, edited\n"
    assert (repo.root / "src/done.txt").is_file()


def test_accept_refuses_violations_and_force_records_them(ran: Repo) -> None:
    ran.write("README.md", "# out of scope\n")
    ran.commit_all("Edit the readme", "--no-verify")
    before = ran.git("rev-parse", "main").strip()
    refused = ran.cli("accept", "WO-1")
    assert refused.exit_code == 1
    assert "does not pass the review gate" in refused.output and "scope" in refused.output
    assert "--force" in refused.output
    assert ran.git("rev-parse", "main").strip() == before
    out = ran.ok("accept", "WO-1", "--force", "--no-checks")
    assert "forced over:" in out
    verdict = at_main(ran, ".workledger/runs/WO-1/WO-1-r1.md").fields["verdict"]
    assert "scope" in verdict["forced"]
    assert "Accepted with --force over" in ran.git("log", "-1", "--format=%B", "main")


@pytest.mark.parametrize("strategy", ["squash", "ff"])
def test_accept_strategies(ran: Repo, strategy: str) -> None:
    ran.git("switch", "-q", "main")
    config = ran.read(".workledger/config.yaml")
    config = config.replace("accept:\n  strategy: merge\n", f"accept:\n  strategy: {strategy}\n")
    ran.write(".workledger/config.yaml", config)
    ran.commit_all("accept by " + strategy)
    if strategy == "ff":
        ran.git("switch", "-q", BRANCH)
        ran.git("merge", "-q", "main", "-m", "Bring main in")
        ran.git("switch", "-q", "main")
    tip = ran.git("rev-parse", BRANCH).strip()
    data = json.loads(ran.ok("accept", "WO-1", "--json"))
    assert data["strategy"] == strategy and data["verdict"] == "accepted"
    parents = ran.git("log", "-1", "--format=%P", "main").split()
    assert parents == ([tip] if strategy == "ff" else [data["previous"]])
    assert ran.read(".workledger/workorders/WO-1.md").count("status: done") == 1
    assert (ran.root / "src/done.txt").is_file()  # main's checkout moved forward


def test_reject_reopens_the_work_order_and_keeps_the_run(ran: Repo) -> None:
    blocked = ran.cli("start", "WO-1", "--agent", "ok")
    assert blocked.exit_code == 1
    assert "waiting for review" in blocked.output and "--again" in blocked.output
    out = ran.ok("reject", "WO-1", "--reason", "The done file needs a date")
    assert "WO-1: rejected run WO-1-r1 on main" in out and "ready again" in out
    record = at_main(ran, ".workledger/runs/WO-1/WO-1-r1.md")
    assert record.fields["verdict"]["reason"] == "The done file needs a date"
    assert record.fields["outcome"] == "succeeded"
    assert ran.git("cat-file", "-t", "main:.workledger/runs/WO-1/WO-1-r1.briefing.md").strip()
    assert at_main(ran, ".workledger/workorders/WO-1.md").fields["status"] == "ready"
    ran.git("switch", "-q", "main")
    assert "WO-1" in ran.ok("ready", "--ids").split()
    second = ran.cli("start", "WO-1", "--agent", "ok")
    assert second.exit_code == 0, second.output
    assert ran.git("branch", "--show-current").strip() == f"{BRANCH}-r2"


def test_start_again_opens_a_second_run_on_purpose(ran: Repo) -> None:
    ran.git("switch", "-q", "main")
    result = ran.cli("start", "WO-1", "--agent", "ok", "--again")
    assert result.exit_code == 0, result.output
    assert ran.git("branch", "--show-current").strip() == f"{BRANCH}-r2"


def test_cleanup_refuses_a_worktree_with_uncommitted_work(repo: Repo, tmp_path: Path) -> None:
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    assert repo.cli("start", "WO-1", "--agent", "ok", "--worktree").exit_code == 0
    tree = repo.root.parent / "repo.worktrees" / "WO-1-r1"
    (tree / "scratch.txt").write_text("keep me\n")
    result = repo.cli("reject", "WO-1", "--reason", "not yet", "--cleanup")
    assert result.exit_code == 1 and "holds uncommitted work" in result.output
    assert (tree / "scratch.txt").read_text() == "keep me\n"
    assert BRANCH in repo.git("branch")
    assert at_main(repo, ".workledger/runs/WO-1/WO-1-r1.md").fields["verdict"]["result"]


def test_accept_needs_a_finished_run(repo: Repo) -> None:
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready")
    repo.commit_all("WO-1")
    repo.ok("start", "WO-1", "--agent", "manual")
    result = repo.cli("accept", "WO-1", "--no-checks")
    assert result.exit_code == 1 and "is still open" in result.output
    assert "Traceback" not in result.output
    empty = repo.cli("reject", "WO-1", "--reason", " ")
    assert empty.exit_code == 1 and "--reason is empty" in empty.output


def test_every_view_shows_the_live_status(repo: Repo, tmp_path: Path) -> None:
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    assert repo.cli("start", "WO-1", "--agent", "ok", "--worktree").exit_code == 0
    counts = json.loads(repo.ok("status", "--json"))["counts"]["status"]
    assert counts["review"] == 1 and counts["ready"] == 0
    listed = repo.ok("wo", "list")
    assert listed.splitlines()[1].split()[:2] == ["WO-1", "review*"]
    assert "WO-1" in repo.ok("wo", "list", "--status", "review")
    data = json.loads(repo.ok("wo", "list", "--status", "review", "--json"))
    assert [(d["id"], d["status"], d["ledger_status"]) for d in data] == [
        ("WO-1", "review", "ready")
    ]
    assert repo.ok("wo", "list", "--no-live").splitlines()[1].split()[1] == "ready"
    assert "WO-1" in repo.ok("queue")  # in flight
    repo.ok("reject", "WO-1", "--reason", "again, please")
    assert json.loads(repo.ok("status", "--json"))["counts"]["status"]["ready"] == 1
    assert repo.ok("wo", "list").splitlines()[1].split()[:2] == ["WO-1", "ready"]

"""``gitsplit status`` on main and on a WO branch, and ``gitsplit search`` ranking."""

from __future__ import annotations

import json

from tests.conftest import Repo
from tests.workgraph_helpers import add_wo, make_wo_branch


def test_status_on_main(repo: Repo) -> None:
    add_wo(repo, 1, status="done", klass="C1")
    add_wo(repo, 2, klass="C1")
    add_wo(repo, 3, klass="C3", deps=["WO-2"])
    repo.commit_all("plan")
    make_wo_branch(repo, "WO-2", "wo/WO-2-work-2")
    out = repo.ok("status")
    tree = repo.git("rev-parse", "main:.workledger").strip()
    head = repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert f"branch:      main @ {head}" in out
    assert f"authority:   main @ {head} · ledger tree {tree[:7]}" in out
    assert "work orders: 3: ready 1 · in_progress 1 · done 1" in out
    assert "by class:    C1 2 · C3 1" in out
    assert "live:        WO-2 in_progress on wo/WO-2-work-2" in out
    assert "work order:" not in out and "run:" not in out
    data = json.loads(repo.ok("status", "--json"))
    assert set(data) == {
        "repo",
        "branch",
        "head",
        "work_order",
        "run",
        "authority",
        "counts",
        "live",
        "ledger_changes",
        "problems",
    }
    assert data["work_order"] is None and data["run"] is None
    assert data["authority"]["ledger_tree"] == tree
    assert data["counts"]["total"] == 3
    assert data["counts"]["status"]["in_progress"] == 1
    assert list(data["counts"]["class"]) == ["C1", "C2", "C3", "C4"]
    assert data["live"][0]["wo"] == "WO-2"


def test_status_on_a_wo_branch_through_a_subprocess(repo: Repo) -> None:
    add_wo(repo, 4, title="Parse config")
    repo.commit_all("plan")
    make_wo_branch(repo, "WO-4", "wo/WO-4-parse-config")
    repo.git("checkout", "-q", "wo/WO-4-parse-config")
    repo.write(
        ".workledger/workorders/WO-4.md",
        repo.read(".workledger/workorders/WO-4.md").replace("Body.", "Edited."),
    )
    proc = repo.run("status")
    assert proc.returncode == 0, proc.stderr
    assert "branch:      wo/WO-4-parse-config @ " in proc.stdout
    assert "work order:  WO-4 · Parse config  [ready · C2 · P2]" in proc.stdout
    assert (
        "run:         r1 · started 2026-02-01T10:00:00Z · open · "
        ".workledger/runs/WO-4/r1.md" in proc.stdout
    )
    assert "uncommitted: 1 ledger file(s)" in proc.stdout
    data = json.loads(repo.run("status", "--json").stdout)
    assert data["work_order"] == {
        "id": "WO-4",
        "found": True,
        "title": "Parse config",
        "status": "ready",
        "class": "C2",
    }
    assert data["run"]["run"] == "r1" and data["run"]["outcome"] is None
    assert data["ledger_changes"] == [" M .workledger/workorders/WO-4.md"]


def test_status_on_a_branch_naming_an_unknown_work_order(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "wo/WO-42-ghost")
    out = repo.ok("status")
    assert "WO-42 (named by the branch, but not in the ledger)" in out
    assert "(no run record on this branch)" in out


def test_status_detached_and_outside_a_repo(repo: Repo, tmp_path: object) -> None:
    repo.git("checkout", "-q", "--detach")
    assert "(detached HEAD)" in repo.ok("status")
    proc = repo.run("status", cwd=repo.root.parent)
    assert proc.returncode == 1
    assert "not a git repository" in proc.stderr and "Traceback" not in proc.stderr


def searchable(repo: Repo) -> None:
    """A small ledger with overlapping words."""
    add_wo(repo, 1, title="Parse the config file", body="## Problem\nThe config is YAML.\n")
    add_wo(repo, 2, title="Write docs", body="Mention the config file twice: config.\n")
    add_wo(repo, 3, title="Branch names", body="Nothing relevant.\n")
    repo.ok("decide", "Keep config in YAML", "--rejected", "TOML: not in the stdlib of 3.10")
    repo.ok("invariant", "add", "Never write the config from a hook")


def test_search_ranks_title_over_body(repo: Repo) -> None:
    searchable(repo)
    data = json.loads(repo.ok("search", "config", "--json"))
    order = [hit["id"] for hit in data]
    assert order[:2] == ["WO-1", "D-1"]  # title word + body, ahead of body-only
    assert order.index("I-1") < order.index("WO-2")  # a title hit beats body counts
    assert "WO-3" not in order
    assert set(data[0]) == {"id", "kind", "title", "status", "path", "score", "line", "snippet"}
    assert data[0]["kind"] == "workorder"


def test_search_phrase_kind_and_id(repo: Repo) -> None:
    searchable(repo)
    out = repo.ok("search", "config", "file")
    assert out.splitlines()[0] == "WO-1  work order  Parse the config file  [ready]"
    assert ".workledger/workorders/WO-2.md:" in out  # every word, in the body
    assert "D-" not in out  # 'file' does not occur in the decision
    decisions = json.loads(repo.ok("search", "toml", "--kind", "decision", "--json"))
    assert [d["id"] for d in decisions] == ["D-1"]  # found in a rejected option
    assert "TOML" in decisions[0]["snippet"]
    assert json.loads(repo.ok("search", "toml", "--kind", "wo", "--json")) == []
    assert json.loads(repo.ok("search", "wo-3", "--json"))[0]["id"] == "WO-3"


def test_search_nothing_found_and_limits(repo: Repo) -> None:
    searchable(repo)
    result = repo.cli("search", "zebra")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no record contains all of: zebra" in result.stderr
    limited = repo.cli("search", "config", "--limit", "1")
    assert len([line for line in limited.stdout.splitlines() if not line.startswith(" ")]) == 1
    assert "more; --limit 0 shows all" in limited.stderr
    assert repo.cli("search").exit_code == 2
    proc = repo.run("search", "   ")
    assert proc.returncode == 1 and "nothing to search for" in proc.stderr

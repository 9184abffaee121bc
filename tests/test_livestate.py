"""Live state from real WO branches: overlaid read-only, labelled, gone once merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitsplit.ledger.config import Config
from gitsplit.work import live_state
from tests.conftest import Repo, git
from tests.workgraph_helpers import add_wo, bucket_ids, make_wo_branch, queue_json


@pytest.fixture
def planned(repo: Repo) -> Repo:
    """WO-1 done; WO-2 and WO-3 ready; WO-4 waits on WO-2; all committed on main."""
    add_wo(repo, 1, status="done")
    add_wo(repo, 2, deps=["WO-1"], title="Load records")
    add_wo(repo, 3, title="Render graph")
    add_wo(repo, 4, deps=["WO-2"])
    repo.commit_all("plan")
    return repo


def test_branch_ahead_of_main_shows_in_progress(planned: Repo) -> None:
    tip = make_wo_branch(planned, "WO-2", "wo/WO-2-load-records")
    data = queue_json(planned)
    assert bucket_ids(data) == {
        "now": ["WO-3"],
        "next": ["WO-4"],
        "later": [],
        "blocked": [],
        "in_flight": ["WO-2"],
    }
    item = data["buckets"]["in_flight"][0]
    assert item["status"] == "in_progress" and item["ledger_status"] == "ready"
    assert item["live"] == {
        "state": "in_progress",
        "branch": "wo/WO-2-load-records",
        "branches": [
            {
                "branch": "wo/WO-2-load-records",
                "ref": "refs/heads/wo/WO-2-load-records",
                "commit": tip,
                "state": "in_progress",
                "run": "r1",
                "started": "2026-02-01T10:00:00Z",
                "ended": None,
                "outcome": None,
            }
        ],
    }
    out = planned.ok("queue")
    assert "live: wo/WO-2-load-records (run r1); ledger says ready" in out
    assert "live: a status read from an unmerged WO branch" in out
    assert "--no-live" in planned.ok("queue", "--help")
    assert bucket_ids(queue_json(planned, "--no-live"))["now"] == ["WO-2", "WO-3"]


def test_finished_run_shows_review(planned: Repo) -> None:
    make_wo_branch(planned, "WO-2", "wo/WO-2-load-records", outcome="succeeded")
    data = queue_json(planned)
    item = data["buckets"]["in_flight"][0]
    assert (item["id"], item["status"]) == ("WO-2", "review")
    assert "run r1 succeeded" in item["reason"]
    assert bucket_ids(data)["next"] == ["WO-4"]


def test_failed_run_does_not_overlay(planned: Repo) -> None:
    make_wo_branch(planned, "WO-2", "wo/WO-2-load-records", outcome="abandoned")
    data = queue_json(planned)
    assert bucket_ids(data)["now"] == ["WO-2", "WO-3"]
    item = data["buckets"]["now"][0]
    assert "last run abandoned on wo/WO-2-load-records" in item["reason"]
    assert item["live"]["state"] is None


def test_second_run_wins_over_an_abandoned_first(planned: Repo) -> None:
    make_wo_branch(planned, "WO-2", "wo/WO-2-load-records", outcome="abandoned")
    make_wo_branch(
        planned, "WO-2", "wo/WO-2-load-records-r2", run="r2", started="2026-03-01T00:00:00Z"
    )
    item = queue_json(planned)["buckets"]["in_flight"][0]
    assert item["live"]["branch"] == "wo/WO-2-load-records-r2"
    assert [b["state"] for b in item["live"]["branches"]] == ["in_progress", "ended"]


def test_merged_branch_is_not_in_flight(planned: Repo) -> None:
    make_wo_branch(planned, "WO-2", "wo/WO-2-load-records", outcome="succeeded")
    planned.git("merge", "-q", "--no-ff", "-m", "merge WO-2", "wo/WO-2-load-records")
    planned.ok("wo", "set", "WO-2", "status=done")
    planned.commit_all("WO-2 done")
    data = queue_json(planned)
    assert bucket_ids(data)["in_flight"] == []
    assert bucket_ids(data)["now"] == ["WO-3", "WO-4"]
    assert all(i["live"] is None for b in data["buckets"].values() for i in b)


def test_done_work_order_is_not_reopened_by_a_stale_branch(planned: Repo) -> None:
    make_wo_branch(planned, "WO-1", "wo/WO-1-old")
    data = queue_json(planned)
    assert data["closed"]["done"] == 1
    assert bucket_ids(data)["in_flight"] == []


def test_branch_without_run_record_or_unrelated_name(planned: Repo) -> None:
    planned.git("checkout", "-q", "-b", "wo/WO-3-render")
    planned.write("src/a.txt", "a\n")
    planned.commit_all("no run record")
    planned.git("checkout", "-q", "-b", "feature/WO-4-not-a-wo-branch")
    planned.write("src/b.txt", "b\n")
    planned.commit_all("other")
    planned.git("checkout", "-q", "main")
    data = queue_json(planned)
    assert bucket_ids(data)["in_flight"] == ["WO-3"]
    assert "no run record" in data["buckets"]["in_flight"][0]["reason"]


def test_remote_tracking_branch_overlay(
    planned: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = make_clone(planned, tmp_path, monkeypatch)
    make_wo_branch(planned, "WO-3", "wo/WO-3-render-graph", outcome="succeeded")
    assert bucket_ids(queue_json(clone))["in_flight"] == []  # not fetched yet
    clone.git("fetch", "-q", "origin")
    item = queue_json(clone)["buckets"]["in_flight"][0]
    assert (item["id"], item["status"]) == ("WO-3", "review")
    assert item["live"]["branch"] == "origin/wo/WO-3-render-graph"
    assert item["live"]["branches"][0]["ref"] == "refs/remotes/origin/wo/WO-3-render-graph"
    # a local copy of the branch is preferred for the label
    clone.git("branch", "-q", "--track", "wo/WO-3-render-graph", "origin/wo/WO-3-render-graph")
    item = queue_json(clone)["buckets"]["in_flight"][0]
    assert item["live"]["branch"] == "wo/WO-3-render-graph"
    assert len(item["live"]["branches"]) == 2
    # once the authority upstream has merged it and the clone pulled, it is gone
    planned.git("merge", "-q", "--no-ff", "-m", "merge", "wo/WO-3-render-graph")
    clone.git("pull", "-q", "--no-rebase", "origin", "main")
    assert bucket_ids(queue_json(clone))["in_flight"] == []


def make_clone(origin: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A clone of ``origin`` (main checked out)."""
    target = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin.root), str(target))
    return Repo(target, monkeypatch)


def test_authority_falls_back_to_remote_tracking(
    planned: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = make_clone(planned, tmp_path, monkeypatch)
    clone.git("checkout", "-q", "-b", "topic")
    clone.git("branch", "-q", "-D", "main")
    auth = live_state.authority(clone.root, Config())
    assert auth.ref == "refs/remotes/origin/main"
    assert auth.ledger_tree == clone.git("rev-parse", "origin/main:.workledger").strip()


def test_listing_reads_branches_with_plumbing_only(planned: Repo) -> None:
    make_wo_branch(planned, "WO-2", "wo/WO-2-load-records")
    planned.write("notes.txt", "uncommitted\n")
    before = planned.git("status", "--porcelain")
    proc = planned.run("queue", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["buckets"]["in_flight"][0]["id"] == "WO-2"
    assert planned.git("status", "--porcelain") == before
    assert planned.git("branch", "--show-current").strip() == "main"


def test_other_repo_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q", "-b", "main")
    repo = Repo(fresh, monkeypatch)
    repo.ok("init")
    assert "now (0)" in repo.ok("queue")
    assert "no commits yet" in repo.ok("status")

"""``gitsplit queue``, ``ready`` and ``next`` on real ledgers: buckets, order, problems."""

from __future__ import annotations

import json

from tests.conftest import Repo
from tests.workgraph_helpers import add_wo, bucket_ids, queue_json

BUCKETS = ["now", "next", "later", "blocked", "in_flight"]


def test_empty_ledger_prints_every_bucket(repo: Repo) -> None:
    out = repo.ok("queue")
    for title in ("now (0)", "next (0)", "later (0)", "blocked (0)", "in flight (0)"):
        assert title in out
    data = queue_json(repo)
    assert list(data["buckets"]) == BUCKETS
    assert data["problems"] == []
    assert data["closed"] == {"done": 0, "cancelled": 0}


def test_chain(repo: Repo) -> None:
    add_wo(repo, 1, status="done")
    add_wo(repo, 2, deps=["WO-1"])
    add_wo(repo, 3, deps=["WO-2"])
    add_wo(repo, 4, deps=["WO-3"], status="draft")
    buckets = bucket_ids(queue_json(repo))
    assert buckets == {
        "now": ["WO-2"],
        "next": [],
        "later": ["WO-3", "WO-4"],
        "blocked": [],
        "in_flight": [],
    }


def test_chain_waiting_on_work_in_flight_is_next(repo: Repo) -> None:
    add_wo(repo, 1, status="in_progress")
    add_wo(repo, 2, status="review")
    add_wo(repo, 3, deps=["WO-1", "WO-2"])
    add_wo(repo, 4, deps=["WO-3"])
    data = queue_json(repo)
    assert bucket_ids(data)["next"] == ["WO-3"]
    assert bucket_ids(data)["later"] == ["WO-4"]
    assert bucket_ids(data)["in_flight"] == ["WO-1", "WO-2"]
    item = data["buckets"]["next"][0]
    assert item["waiting_on"] == ["WO-1", "WO-2"]
    assert "WO-1 (in_progress)" in item["reason"]


def test_diamond(repo: Repo) -> None:
    add_wo(repo, 1, status="done")
    add_wo(repo, 2, deps=["WO-1"])
    add_wo(repo, 3, deps=["WO-1"], status="in_progress")
    add_wo(repo, 4, deps=["WO-2", "WO-3"])
    buckets = bucket_ids(queue_json(repo))
    assert buckets["now"] == ["WO-2"]
    assert buckets["later"] == ["WO-4"]  # WO-2 has not started
    repo.ok("wo", "set", "WO-2", "status=review")
    assert bucket_ids(queue_json(repo))["next"] == ["WO-4"]
    repo.ok("wo", "set", "WO-2", "status=done")
    repo.ok("wo", "set", "WO-3", "status=done")
    assert bucket_ids(queue_json(repo))["now"] == ["WO-4"]


def test_cancelled_and_blocked_dependencies_block_downstream(repo: Repo) -> None:
    add_wo(repo, 1, status="cancelled")
    add_wo(repo, 2, deps=["WO-1"])
    add_wo(repo, 3, deps=["WO-2"], status="draft")
    add_wo(repo, 4, status="blocked")
    add_wo(repo, 5, deps=["WO-4"])
    data = queue_json(repo)
    assert bucket_ids(data)["blocked"] == ["WO-2", "WO-3", "WO-4", "WO-5"]
    reasons = {i["id"]: i["reason"] for i in data["buckets"]["blocked"]}
    assert reasons == {
        "WO-2": "WO-1 is cancelled",
        "WO-3": "waits on WO-2, which is blocked",
        "WO-4": "status is blocked",
        "WO-5": "WO-4 is blocked",
    }
    assert data["closed"]["cancelled"] == 1
    assert data["problems"] == []


def test_problems_do_not_stop_the_queue(repo: Repo) -> None:
    add_wo(repo, 1, deps=["WO-2"])
    add_wo(repo, 2, deps=["WO-1"])
    add_wo(repo, 3, deps=["WO-3"])
    add_wo(repo, 4, deps=["WO-99", "D-1"])
    add_wo(repo, 5, deps=["WO-1"])
    add_wo(repo, 6)
    repo.write(".workledger/workorders/WO-7.md", "---\nid: WO-7\ntitle: [unclosed\n---\n")
    add_wo(repo, 8, deps=["WO-7"])
    result = repo.cli("queue")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "problems (" in out
    assert "WO-1 is in a dependency cycle: WO-1 → WO-2 → WO-1" in out
    assert "WO-3 depends on itself" in out
    assert "WO-4 depends on WO-99, which does not exist" in out
    assert "WO-4 depends on D-1, which is not a work order" in out
    assert "WO-8 depends on WO-7, which could not be read" in out
    assert ".workledger/workorders/WO-3.md:" in out  # located by file:line
    data = queue_json(repo)
    codes = sorted(p["code"] for p in data["problems"])
    assert codes == [
        "cycle",
        "self-dependency",
        "unknown-dependency",
        "unknown-dependency",
        "unknown-dependency",
        "unreadable",
    ]
    assert all(set(p) == {"path", "line", "code", "message"} for p in data["problems"])
    buckets = bucket_ids(data)
    assert buckets["now"] == ["WO-6"]
    assert buckets["blocked"] == ["WO-1", "WO-2", "WO-3", "WO-4", "WO-5", "WO-8"]


def test_order_is_priority_then_age(repo: Repo) -> None:
    add_wo(repo, 1, priority="P3", created="2026-01-01T00:00:00Z")
    add_wo(repo, 2, priority="P1", created="2026-03-01T00:00:00Z")
    add_wo(repo, 3, priority="P1", created="2026-02-01T00:00:00Z")
    add_wo(repo, 4, priority="P0", created="2026-04-01T00:00:00Z")
    assert bucket_ids(queue_json(repo))["now"] == ["WO-4", "WO-3", "WO-2", "WO-1"]
    lines = repo.ok("ready", "--ids").split()
    assert lines == ["WO-4", "WO-3", "WO-2", "WO-1"]


def test_class_and_tier_filters(repo: Repo) -> None:
    add_wo(repo, 1, klass="C1")
    add_wo(repo, 2, klass="C3")
    add_wo(repo, 3, klass="C4")
    add_wo(repo, 4, klass="C2", deps=["WO-2"])  # waits on a C3 even when C3 is filtered out
    assert repo.ok("ready", "--ids", "--class", "C1").split() == ["WO-1"]
    assert repo.ok("ready", "--ids", "--tier", "cheap").split() == ["WO-1"]
    assert repo.ok("ready", "--ids", "--tier", "standard").split() == ["WO-2"]
    assert repo.ok("ready", "--ids", "--tier", "frontier").split() == []
    assert repo.ok("ready", "--ids", "--tier", "cheap", "--class", "C3").split() == []
    data = queue_json(repo, "--class", "C2")
    assert bucket_ids(data)["later"] == ["WO-4"]
    assert data["filters"] == {"class": ["C2"], "tier": None, "live": True}
    assert data["buckets"]["later"][0]["tier"] == "cheap"
    bad = repo.cli("queue", "--tier", "chaep")
    assert bad.exit_code == 2
    assert "did you mean 'cheap'" in bad.output
    assert repo.cli("queue", "--class", "C9").exit_code == 2


def test_ready_text_and_json(repo: Repo) -> None:
    empty = repo.cli("ready")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "nothing is ready" in empty.stderr
    add_wo(repo, 1, title='Quote "this"')
    out = repo.ok("ready")
    assert out.splitlines()[0].split() == ["ID", "PRI", "CLASS", "TITLE", "WHY"]
    assert 'Quote "this"' in out
    data = json.loads(repo.ok("ready", "--json"))
    assert [i["id"] for i in data] == ["WO-1"]
    assert set(data[0]) == {
        "id",
        "title",
        "status",
        "ledger_status",
        "class",
        "tier",
        "priority",
        "created",
        "depends_on",
        "waiting_on",
        "bucket",
        "reason",
        "path",
        "live",
    }


def test_next_prefers_priority_then_what_it_unblocks(repo: Repo) -> None:
    add_wo(repo, 1, priority="P2", created="2026-01-01T00:00:00Z")
    add_wo(repo, 2, priority="P2", created="2026-01-05T00:00:00Z")
    add_wo(repo, 3, deps=["WO-2"])
    add_wo(repo, 4, deps=["WO-3"], status="draft")
    out = repo.ok("next")
    assert out.startswith("WO-2  Work 2")
    assert "unblocks 2: WO-3, WO-4" in out
    assert repo.ok("next", "--id").strip() == "WO-2"
    add_wo(repo, 5, priority="P1", klass="C1")
    data = json.loads(repo.ok("next", "--json"))
    assert data["id"] == "WO-5"
    assert data["candidates"] == 3
    assert "priority P1, the highest of 3 ready" in data["why"]
    assert json.loads(repo.ok("next", "--json", "--class", "C2"))["id"] == "WO-2"


def test_next_on_ties_takes_the_oldest(repo: Repo) -> None:
    add_wo(repo, 1, created="2026-05-01T00:00:00Z")
    add_wo(repo, 2, created="2026-04-01T00:00:00Z")
    out = repo.ok("next")
    assert out.startswith("WO-2")
    assert "oldest of its priority" in out


def test_next_with_nothing_ready(repo: Repo) -> None:
    add_wo(repo, 1, status="in_progress")
    add_wo(repo, 2, deps=["WO-1"])
    result = repo.cli("next")
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 wait only on work in flight" in result.stderr
    assert json.loads(repo.ok("next", "--json")) is None


def test_queue_never_writes(repo: Repo) -> None:
    add_wo(repo, 1, deps=["WO-1"])
    repo.commit_all("ledger")
    for args in (
        ["queue"],
        ["queue", "--json"],
        ["ready"],
        ["next"],
        ["graph"],
        ["status"],
        ["search", "work"],
    ):
        repo.ok(*args)
    assert repo.git("status", "--porcelain", "--ignored") == ""


def test_help_lists_the_work_graph_commands(repo: Repo) -> None:
    proc = repo.run("--help")
    assert proc.returncode == 0
    section = proc.stdout.split("See the work:")[1].split("\n\n")[0]
    for name in ("queue", "ready", "next", "graph", "status", "search"):
        assert f"  {name} " in section


def test_unknown_status_and_duplicate_id_are_problems(repo: Repo) -> None:
    add_wo(repo, 1, status="doing")
    add_wo(repo, 2)
    repo.write(
        ".workledger/workorders/WO-3.md", repo.read(".workledger/workorders/WO-2.md")
    )  # a copy that still says WO-2
    data = queue_json(repo)
    assert bucket_ids(data)["later"] == ["WO-1"]
    assert "'doing' is not a work-order status" in data["buckets"]["later"][0]["reason"]
    assert bucket_ids(data)["now"] == ["WO-2"]
    codes = {p["code"] for p in data["problems"]}
    # the copy's file name is not its id: it is left out as misnamed, not offered twice
    assert codes == {"status", "misnamed"}

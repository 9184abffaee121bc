"""Money spent is spent: `cost runs` counts every run on every branch, once (issue 15, 6)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import WO_BODY, Repo
from tests.test_runs import add_agent

AGENT_PAID = """\
import json, pathlib, subprocess
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
print(json.dumps({"input_tokens": 1000, "output_tokens": 100, "cost_usd": 0.13}))
"""


def test_every_run_on_every_branch_is_counted_once(repo: Repo, tmp_path: Path) -> None:
    repo.ok("hooks", "install")
    for title in ("First", "Second", "Third"):
        repo.ok(
            "wo", "new", *WO_BODY, title, "--class", "C1", "--status", "ready", "--scope", "src/**"
        )
    repo.commit_all("three work orders")
    add_agent(repo, tmp_path, "paid", AGENT_PAID, report="json")
    for wo in ("WO-1", "WO-2", "WO-3"):
        assert repo.cli("start", wo, "--agent", "paid", "--worktree").exit_code == 0
    repo.ok("accept", "WO-1", "--no-checks", "--cleanup")
    repo.ok("reject", "WO-2", "--reason", "not like this")  # its branch is kept, unmerged
    # WO-3's run waits for review on its own branch: main has no record of it
    data = json.loads(repo.ok("cost", "runs", "--json"))
    assert sorted(r["run"] for r in data["runs"]) == ["WO-1-r1", "WO-2-r1", "WO-3-r1"]
    assert data["total"] == "0.39" and data["priced_runs"] == 3
    verdicts = {r["run"]: (r["outcome"], r["verdict"]) for r in data["runs"]}
    assert verdicts == {
        "WO-1-r1": ("succeeded", "accepted"),
        "WO-2-r1": ("succeeded", "rejected"),
        "WO-3-r1": ("succeeded", None),
    }
    assert "3 runs on every branch: 1 accepted, 1 rejected, 1 succeeded" in repo.ok("cost", "runs")
    ledger = json.loads(repo.ok("cost", "ledger", "--json"))
    assert [w["id"] for w in ledger["workorders"]] == ["WO-2"]  # WO-3's run did the work
    assert ledger["already_run"] == [{"id": "WO-3", "spent": "0.13"}]
    assert ledger["spent"] == "0.39" and ledger["workorders"][0]["spent"] == "0.13"
    text = repo.ok("cost", "ledger")
    assert "spent so far: $0.39 on 3 runs (gitsplit cost runs); remaining: $" in text
    assert "already run, not priced again (waiting for review): WO-3 ($0.13)" in text

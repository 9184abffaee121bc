"""Claims in the loop: start and dispatch claim before they branch, finish and accept let go."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gitsplit.claims import take
from gitsplit.claims.lease import Terms
from tests.claims_helpers import remote_tip
from tests.conftest import WO_BODY, Repo, git
from tests.test_runs import AGENT_OK, add_agent


def _orders(repo: Repo, count: int) -> None:
    """``count`` ready C1 work orders, committed."""
    for n in range(count):
        repo.ok(
            "wo",
            "new",
            *WO_BODY,
            f"Task {n}",
            "--class",
            "C1",
            "--status",
            "ready",
            "--scope",
            "src/**",
        )
    repo.commit_all("work orders")


@pytest.fixture
def team(repo: Repo, tmp_path: Path) -> tuple[Repo, Path, Path]:
    """The repo with a stand-in agent and claims required, pushed to origin; a second clone."""
    _orders(repo, 2)
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    config = repo.read(".workledger/config.yaml").replace('claims: "off"', "claims: required")
    repo.write(".workledger/config.yaml", config.replace("lease_skew: 1m", "lease_skew: 0"))
    repo.commit_all("claims required")
    remote = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    return repo, remote, other


def gitsplit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """gitsplit as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _trailer(remote: Path, wo: str, key: str) -> str:
    """One trailer of the claim the remote holds."""
    body = git(remote, "log", "-1", "--format=%B", remote_tip(remote, wo))
    found = re.search(rf"(?m)^{key}: (.*)$", body)
    return found.group(1) if found else ""


def test_start_claims_first_and_a_second_clone_is_refused(team: tuple[Repo, Path, Path]) -> None:
    repo, remote, other = team
    started = gitsplit(repo.root, "start", "WO-1", "--no-launch", "--worktree")
    assert started.returncode == 0, started.stderr
    assert "gitsplit: claimed WO-1 (lease until " in started.stderr
    assert _trailer(remote, "WO-1", "Run") == "WO-1-r1"
    refused = gitsplit(other, "start", "WO-1", "--no-launch", "--worktree")
    assert refused.returncode == 1
    assert (
        "WO-1 is claimed by Test Author on " in refused.stderr and "run WO-1-r1" in refused.stderr
    )
    assert "wo/" not in git(other, "branch", "--list")  # nothing was branched
    alone = gitsplit(other, "start", "WO-1", "--no-launch", "--worktree", "--no-claim")
    assert alone.returncode == 0, alone.stderr
    assert "claimed" not in alone.stderr


def test_a_finished_run_keeps_its_claim_for_review_and_accept_releases_it(
    team: tuple[Repo, Path, Path],
) -> None:
    repo, remote, other = team
    done = gitsplit(repo.root, "start", "WO-1", "--agent", "ok")
    assert done.returncode == 0, done.stderr
    assert "kept until the review of wo/WO-1-" in done.stderr
    assert _trailer(remote, "WO-1", "State") == "review"
    late = gitsplit(other, "start", "WO-1", "--no-launch", "--worktree")
    assert late.returncode == 1 and "waits for review on wo/WO-1-" in late.stderr
    accepted = gitsplit(repo.root, "accept", "WO-1", "--no-checks", "--force")
    assert accepted.returncode == 0, accepted.stderr + accepted.stdout
    assert remote_tip(remote, "WO-1") == ""


def test_a_failed_or_abandoned_run_releases_its_claim(team: tuple[Repo, Path, Path]) -> None:
    repo, remote, _ = team
    assert gitsplit(repo.root, "start", "WO-2", "--no-launch").returncode == 0
    assert remote_tip(remote, "WO-2")
    abandoned = gitsplit(repo.root, "abandon", "not now")
    assert abandoned.returncode == 0, abandoned.stderr
    assert "released the claim on WO-2" in abandoned.stderr
    assert remote_tip(remote, "WO-2") == ""


def test_an_unreachable_remote_stops_required_claims_and_not_optional_ones(
    team: tuple[Repo, Path, Path], tmp_path: Path
) -> None:
    repo, _, _ = team
    repo.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    refused = gitsplit(repo.root, "start", "WO-1", "--no-launch", "--worktree")
    assert refused.returncode == 1 and "claims need the remote 'origin'" in refused.stderr
    assert "--no-claim starts without a claim" in refused.stderr
    config = repo.read(".workledger/config.yaml").replace("claims: required", "claims: optional")
    repo.write(".workledger/config.yaml", config)
    repo.commit_all("claims optional")
    alone = gitsplit(repo.root, "start", "WO-1", "--no-launch", "--worktree")
    assert alone.returncode == 0, alone.stderr
    assert "warning: WO-1 is not claimed (claims need the remote" in alone.stderr


def test_claims_are_renewed_while_the_agent_runs(
    team: tuple[Repo, Path, Path], tmp_path: Path
) -> None:
    repo, remote, _ = team
    slow = AGENT_OK.replace("import pathlib,", "import time; time.sleep(2.6)\nimport pathlib,")
    add_agent(repo, tmp_path, "slow", slow)
    config = repo.read(".workledger/config.yaml").replace("lease: 30m", "lease: 3s")
    repo.write(".workledger/config.yaml", config)
    repo.commit_all("short leases")
    done = gitsplit(repo.root, "start", "WO-1", "--agent", "slow")
    assert done.returncode == 0, done.stderr
    history = git(remote, "log", "--format=%s%n%b", remote_tip(remote, "WO-1"))
    assert history.count("Lease: 3") >= 4  # claimed, renewed at least twice, handed in


def test_two_dispatchers_on_two_clones_start_each_of_ten_work_orders_once(
    repo: Repo, tmp_path: Path
) -> None:
    _orders(repo, 10)
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    remote = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    argv = [
        sys.executable,
        "-m",
        "gitsplit",
        "dispatch",
        "--remote",
        "origin",
        "--class",
        "C1",
        "--parallel",
        "2",
        "--agent",
        "ok",
    ]
    procs = [
        subprocess.Popen(argv, cwd=where, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for where in (repo.root, other)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    branches = [
        b.strip()
        for where in (repo.root, other)
        for b in git(where, "branch", "--list", "wo/*")
        .replace("*", "")
        .replace("+", "")
        .splitlines()
    ]
    started = sorted(re.match(r"wo/(WO-\d+)-", b).group(1) for b in branches)  # type: ignore[union-attr]
    assert started == sorted(f"WO-{n}" for n in range(1, 11)), (started, outs)
    for n in range(1, 11):
        assert _trailer(remote, f"WO-{n}", "State") == "review"
    said = "".join(err for _, err in outs)
    assert said.count(": started ") == 10 and said.count("is claimed by") >= 1, said


def test_dispatch_takes_over_an_expired_claim_and_says_so(
    team: tuple[Repo, Path, Path],
) -> None:
    repo, remote, other = team
    gone = take.holder(other, agent="codex", run="WO-1-r9")
    take.claim(other, "origin", "WO-1", gone, Terms(lease=1, skew=0))
    time.sleep(2.2)
    out = gitsplit(repo.root, "dispatch", "--class", "C1", "--agent", "ok", "--limit", "1")
    assert out.returncode == 0, out.stderr
    assert "stole WO-1 from Test Author on " in out.stderr and "run WO-1-r9" in out.stderr
    assert "lease expired" in out.stderr
    assert _trailer(remote, "WO-1", "Stolen-From").startswith("Test Author on ")


def test_listings_show_claims_with_their_age_and_offline_skips_the_fetch(
    team: tuple[Repo, Path, Path],
) -> None:
    repo, _, other = team
    assert gitsplit(repo.root, "start", "WO-1", "--no-launch", "--worktree").returncode == 0
    queue = gitsplit(other, "queue")
    assert queue.returncode == 0, queue.stderr
    line = next(ln for ln in queue.stdout.splitlines() if "WO-1" in ln)
    assert "claimed by Test Author on " in line and "(agent codex, run WO-1-r1), " in line
    assert " ago; lease ends in " in line
    assert "claimed by you, " in gitsplit(repo.root, "queue").stdout
    ready = json.loads(gitsplit(other, "ready", "--json").stdout)
    claim = {item["id"]: item["claim"] for item in ready}
    assert claim["WO-1"]["run"] == "WO-1-r1" and claim["WO-1"]["mine"] is False
    assert claim["WO-2"] is None
    assert "claim: claimed by Test Author" in gitsplit(other, "next").stdout
    status = gitsplit(other, "status").stdout
    assert "claims:      1 on origin" in status
    worktree = next(
        Path(p) for p in repo.git("worktree", "list", "--porcelain").split() if "WO-1-r1" in p
    )
    assert gitsplit(worktree, "abandon").returncode == 0
    assert "claimed by" in gitsplit(other, "ready", "--offline").stdout  # as last fetched
    assert "claimed by" not in gitsplit(other, "ready").stdout


def test_check_and_review_report_a_claim_someone_else_took(
    team: tuple[Repo, Path, Path],
) -> None:
    repo, _, other = team
    config = repo.read(".workledger/config.yaml").replace("lease: 30m", "lease: 1s")
    repo.write(".workledger/config.yaml", config)
    repo.commit_all("short leases")
    assert gitsplit(repo.root, "start", "WO-1", "--no-launch", "--worktree").returncode == 0
    assert "warning" not in gitsplit(repo.root, "check").stderr
    time.sleep(2.2)
    take.steal(other, "origin", "WO-1", take.holder(other, run="WO-1-r7"), Terms(600, 0))
    checked = gitsplit(repo.root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "WO-1: the claim this clone held on origin was taken: it is now claimed by " in (
        checked.stderr
    )
    reviewed = gitsplit(repo.root, "review", "WO-1")
    assert "claim-taken" in reviewed.stdout + reviewed.stderr
    assert "for run WO-1-r7, not this run (WO-1-r1)" in reviewed.stdout + reviewed.stderr


def test_the_runner_workflow_example_claims_through_dispatch_and_opens_prs() -> None:
    import yaml

    path = Path(__file__).resolve().parent.parent / "docs" / "github-actions-dispatch.yml"
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    job = flow["jobs"]["dispatch"]
    assert len(job["strategy"]["matrix"]["runner"]) > 1
    steps = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert "gitsplit dispatch --remote origin" in steps and 'gitsplit pr "$branch"' in steps
    assert flow["permissions"]["contents"] == "write"

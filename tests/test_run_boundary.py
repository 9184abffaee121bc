"""The step that closes a run says what the review will: a broken boundary is counted (15, 4)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import WO_BODY, Repo
from tests.test_runs import add_agent, run_record

AGENT_BREAKS_OUT = """\
import pathlib, subprocess
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
pathlib.Path("README.md").write_text("# rewritten by the agent\\n")
with open(".workledger/config.yaml", "a") as config:
    config.write("# the agent was here\\n")
subprocess.run(["git", "add", "README.md", ".workledger/config.yaml"], check=True)
subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "Tidy up"], check=True)
"""


def test_a_run_that_broke_its_boundary_closes_saying_so(repo: Repo, tmp_path: Path) -> None:
    repo.ok("hooks", "install")
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**", "--check", "test -f src/done.txt")  # fmt: skip
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "rogue", AGENT_BREAKS_OUT)
    result = repo.cli("start", "WO-1", "--agent", "rogue")
    assert "run WO-1-r1: succeeded, 3 violations: run gitsplit review" in result.output
    record = run_record(repo, "WO-1-r1").fields
    assert record["outcome"] == "succeeded" and record["violations"] == 3
    review = repo.cli("review", "WO-1")
    assert review.exit_code == 1 and "3 violations" in review.output, review.output


def test_finish_by_hand_lists_the_violations(repo: Repo) -> None:
    repo.ok("wo", "new", *WO_BODY, "Write the done file", "--class", "C1", "--status", "ready",
            "--scope", "src/**")  # fmt: skip
    repo.commit_all("WO-1")
    repo.ok("start", "WO-1", "--agent", "manual")
    repo.write("README.md", "# out of scope\n")
    repo.commit_all("Edit the readme", "--trailer", "Work-Order: WO-1")
    out = repo.ok("finish")
    assert "[violation] scope: README.md is outside the scope of WO-1 (src/**)" in out
    assert "run WO-1-r1 succeeded, 1 violation: run gitsplit review:" in out
    assert run_record(repo, "WO-1-r1").fields["violations"] == 1

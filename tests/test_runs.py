"""Execution runs end to end: start → a real stand-in agent commits → the run is closed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gitsplit.ledger.fileformat import Document
from tests.conftest import WO_BODY, Repo

AGENT_OK = """\
import pathlib, subprocess, sys
brief = sys.stdin.read()
assert "WO-" in brief, "no briefing on stdin"
path = pathlib.Path("src/done.txt")
path.parent.mkdir(exist_ok=True)
path.write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
print("agent: committed the work")
"""
AGENT_FAIL = "import sys\nprint('agent: giving up')\nsys.exit(3)\n"
AGENT_DIRTY = (
    "import pathlib\npathlib.Path('src').mkdir(exist_ok=True)\n"
    "pathlib.Path('src/half.txt').write_text('half done\\n')\n"
)
AGENT_SLEEP = "import pathlib, time\npathlib.Path('{marker}').write_text('up')\ntime.sleep(60)\n"
AGENT_FINISHES = """\
import pathlib, subprocess, sys
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
subprocess.run([sys.executable, "-m", "gitsplit", "note", "All done by the agent."], check=True)
subprocess.run([sys.executable, "-m", "gitsplit", "finish"], check=True)
"""


def add_agent(repo: Repo, tmp_path: Path, name: str, source: str, report: str = "") -> None:
    """Write a stand-in agent program and a profile for it in the config (committed)."""
    script = tmp_path / f"{name}.py"
    script.write_text(source, encoding="utf-8")
    config = repo.read(".workledger/config.yaml")
    extra = f"    report: {report}\n" if report else ""
    if "\nagents:\n" in config:
        config = config.replace(
            "\nagents:\n",
            f"\nagents:\n  {name}:\n    argv: "
            f"[{sys.executable}, {script}]\n    briefing: stdin\n{extra}",
            1,
        )
    repo.write(".workledger/config.yaml", config)
    repo.commit_all(f"agent {name}")


@pytest.fixture
def ready(repo: Repo) -> Repo:
    """A repository with WO-1 ready (scope src/**, one check) committed on main."""
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Write the done file",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
        "--check",
        "test -f src/done.txt",
    )
    repo.commit_all("WO-1")
    return repo


def run_record(repo: Repo, run: str, root: Path | None = None) -> Document:
    """Parse a run record from a checkout."""
    wo = run.rsplit("-r", 1)[0]
    path = (root or repo.root) / f".workledger/runs/{wo}/{run}.md"
    return Document.parse(path.read_bytes(), path=str(path))


def wo_status(root: Path, wo: str = "WO-1") -> str:
    """A work order's status in a checkout."""
    path = root / f".workledger/workorders/{wo}.md"
    return str(Document.parse(path.read_bytes(), path=str(path)).fields["status"])


def test_start_agent_commits_then_run_is_finished(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    base = ready.git("rev-parse", "main").strip()
    result = ready.cli("start", "WO-1", "--agent", "ok")
    assert result.exit_code == 0, result.output
    assert "agent: committed the work" in result.output
    branch = ready.git("branch", "--show-current").strip()
    assert branch == "wo/WO-1-write-the-done-file"
    record = run_record(ready, "WO-1-r1")
    fields = record.fields
    assert fields["outcome"] == "succeeded" and fields["base"] == base
    assert fields["branch"] == branch and fields["agent"][0] == sys.executable
    assert fields["ended"] and fields["checks"][0]["passed"] is True
    assert len(fields["commits"]) == 2  # the start commit and the agent's
    assert len(fields["briefing_sha256"]) == 64
    assert "exited with status 0" in record.body
    assert wo_status(ready.root) == "review"
    log = ready.git("log", "--format=%B%x00", "main..HEAD")
    starts = [m for m in log.split("\0") if m.strip().startswith(("Start", "Finish"))]
    assert len(starts) == 2 and all("Work-Order: WO-1" in m and "Run: WO-1-r1" in m for m in starts)
    assert ready.git("status", "--porcelain") == ""
    assert (ready.root / ".workledger/runs/WO-1/WO-1-r1.briefing.md").is_file()
    assert list((ready.root / ".git/gitsplit/logs").glob("WO-1-r1.log"))


def test_failing_agent_records_failure_and_wo_is_ready_again(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "fail", AGENT_FAIL)
    result = ready.cli("start", "WO-1", "--agent", "fail")
    assert result.exit_code == 1
    fields = run_record(ready, "WO-1-r1").fields
    assert fields["outcome"] == "failed"
    assert "exited with status 3" in run_record(ready, "WO-1-r1").body
    assert wo_status(ready.root) == "ready"
    # a second run of the same work order gets its own branch, never the old one
    ready.git("switch", "-q", "main")
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    assert ready.cli("start", "WO-1", "--agent", "ok").exit_code == 0
    assert ready.git("branch", "--show-current").strip() == "wo/WO-1-write-the-done-file-r2"
    assert run_record(ready, "WO-1-r2").fields["outcome"] == "succeeded"
    assert "wo/WO-1-write-the-done-file" in ready.git("branch", "--list", "wo/*")


def test_agent_that_finishes_itself_is_left_alone(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "self", AGENT_FINISHES)
    proc = ready.run("start", "WO-1", "--agent", "self")
    assert proc.returncode == 0, proc.stderr
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "succeeded"
    assert "All done by the agent." in record.body
    assert "exited with status" not in record.body
    assert (proc.stdout + proc.stderr).count("git push -u origin") == 1  # finish said it once


def test_agent_leaving_uncommitted_work_keeps_it_and_the_run_open(
    ready: Repo, tmp_path: Path
) -> None:
    add_agent(ready, tmp_path, "dirty", AGENT_DIRTY)
    result = ready.cli("start", "WO-1", "--agent", "dirty")
    assert result.exit_code == 1
    assert (ready.root / "src/half.txt").read_text() == "half done\n"
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] is None
    assert "left uncommitted changes" in record.body
    refused = ready.cli("finish")
    assert refused.exit_code == 1 and "src/half.txt" in refused.output
    ready.git("add", "src/half.txt")
    ready.git("commit", "-q", "-m", "half")
    finished = ready.cli("finish", "--outcome", "failed")
    assert finished.exit_code == 0, finished.output
    assert run_record(ready, "WO-1-r1").fields["outcome"] == "failed"


def test_interrupted_agent_is_recorded_abandoned(ready: Repo, tmp_path: Path) -> None:
    marker = tmp_path / "agent-up"
    add_agent(ready, tmp_path, "sleepy", AGENT_SLEEP.format(marker=marker))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gitsplit", "start", "WO-1", "--agent", "sleepy"],
        cwd=ready.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the agent never started"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert run_record(ready, "WO-1-r1").fields["outcome"] == "abandoned"
    assert wo_status(ready.root) == "ready"


def test_no_launch_prints_the_command_and_manual_prints_next_steps(
    ready: Repo, tmp_path: Path
) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    out = ready.ok("start", "WO-1", "--agent", "ok", "--no-launch")
    assert "to start the agent yourself" in out and "WO-1-r1.briefing.md" in out
    assert run_record(ready, "WO-1-r1").fields["outcome"] is None
    assert wo_status(ready.root) == "in_progress"
    ready.git("switch", "-q", "main")
    ready.ok("wo", "new", *WO_BODY, "Architecture", "--class", "C4", "--status", "ready")
    ready.commit_all("WO-2")
    out = ready.ok("start", "WO-2")  # C4 routes to the architect tier: a person
    assert "worked by a person" in out and "gitsplit finish" in out
    assert "\n  3. gitsplit note '" in out and out.endswith("\n  4. gitsplit finish\n")


def test_worktree_run_leaves_this_checkout_alone(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    ready.write("notes.txt", "my uncommitted notes\n")
    where = tmp_path / "run-here"
    result = ready.cli("start", "WO-1", "--agent", "ok", "--worktree", str(where), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(_first_json(result.stdout))
    assert data["checkout"] == str(where.resolve())
    assert ready.git("branch", "--show-current").strip() == "main"
    assert ready.read("notes.txt") == "my uncommitted notes\n"
    assert run_record(ready, "WO-1-r1", where).fields["outcome"] == "succeeded"


def _first_json(text: str) -> str:
    """The JSON object printed first on stdout (agent output may follow on stderr)."""
    start = text.index("{")
    depth = 0
    for index, char in enumerate(text[start:], start):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0:
            return text[start : index + 1]
    raise AssertionError("no JSON object")


@pytest.mark.parametrize(
    "setup, words",
    [
        ("dirty", "uncommitted changes"),
        ("detached", "HEAD is detached"),
        ("draft", "is draft, not ready"),
        ("dependency", "depends on work that is not done"),
        ("unknown", "no work order WO-9"),
    ],
)
def test_start_refusals(ready: Repo, tmp_path: Path, setup: str, words: str) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    target = "WO-1"
    if setup == "dirty":
        ready.write("README.md", "changed\n")
    elif setup == "detached":
        ready.git("checkout", "-q", "--detach", "HEAD")
    elif setup == "draft":
        ready.ok("wo", "new", *WO_BODY, "Not yet")
        ready.commit_all("WO-2")
        target = "WO-2"
    elif setup == "dependency":
        ready.ok("wo", "new", *WO_BODY, "After", "--status", "ready", "--depends-on", "WO-1")
        ready.commit_all("WO-2")
        target = "WO-2"
    else:
        target = "WO-9"
    before = ready.git("for-each-ref", "refs/heads")
    result = ready.cli("start", target, "--agent", "ok")
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert ready.git("for-each-ref", "refs/heads") == before
    if setup == "dirty":
        assert "README.md" in result.output and ready.read("README.md") == "changed\n"


def test_force_starts_despite_an_unfinished_dependency(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    ready.ok(
        "wo",
        "new",
        *WO_BODY,
        "After",
        "--status",
        "ready",
        "--depends-on",
        "WO-1",
        "--scope",
        "src/**",
    )
    ready.commit_all("WO-2")
    assert ready.cli("start", "WO-2", "--agent", "ok", "--no-launch", "--force").exit_code == 0


def test_missing_agent_program_names_profile_and_program(ready: Repo) -> None:
    before = ready.git("for-each-ref", "refs/heads")
    proc = ready.run("start", "WO-1")  # C1 → cheap tier → codex, not installed here
    assert proc.returncode == 1
    assert "'codex'" in proc.stderr and "not installed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ready.git("for-each-ref", "refs/heads") == before


def test_no_launch_opens_the_run_even_when_the_agent_is_not_installed_here(ready: Repo) -> None:
    proc = ready.run("start", "WO-1", "--no-launch")  # codex: set up now, started elsewhere
    assert proc.returncode == 0, proc.stderr
    assert "to start the agent yourself:" in proc.stdout and "codex" in proc.stdout
    assert "'codex', which is not installed" in proc.stderr
    assert "install it before you start the agent" in proc.stderr
    assert ready.git("branch", "--show-current").startswith("wo/WO-1-")


def test_note_and_finish_refuse_off_a_wo_branch(ready: Repo) -> None:
    for args in (["note", "hello"], ["finish"], ["abandon"]):
        result = ready.cli(*args)
        assert result.exit_code == 1
        assert "not a work-order branch" in result.output


def test_note_then_failing_check_then_abandon(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    ready.ok("start", "WO-1", "--agent", "ok", "--no-launch")
    ready.ok("note", "First finding.")
    assert ready.cli("note", "-", input="Second, from stdin.\n").exit_code == 0
    body = run_record(ready, "WO-1-r1").body
    assert body.index("First finding.") < body.index("Second, from stdin.")
    result = ready.cli("finish", "--json")  # the check fails: src/done.txt is missing
    assert result.exit_code == 1  # recorded, but `finish && git push` must not push it
    data = json.loads(result.stdout)
    assert data["outcome"] == "failed" and data["checks"][0]["passed"] is False
    assert wo_status(ready.root) == "ready"
    again = ready.cli("abandon")
    assert again.exit_code == 1 and "already finished" in again.output


def test_abandon_keeps_the_branch(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    ready.ok("start", "WO-1", "--agent", "ok", "--no-launch")
    out = ready.ok("abandon", "wrong approach")
    assert "abandoned" in out
    record = run_record(ready, "WO-1-r1")
    assert record.fields["outcome"] == "abandoned" and "wrong approach" in record.body
    assert ready.git("branch", "--list", "wo/WO-1-*").strip()


def test_runs_lists_provenance_from_branches(ready: Repo, tmp_path: Path) -> None:
    add_agent(ready, tmp_path, "ok", AGENT_OK)
    ready.ok("start", "WO-1", "--agent", "ok", "--worktree")
    out = ready.ok("runs")
    assert "WO-1-r1" in out and "succeeded" in out and "wo/WO-1-write-the-done-file" in out
    data = json.loads(ready.ok("runs", "WO-1", "--json"))
    assert data[0]["run"] == "WO-1-r1" and data[0]["outcome"] == "succeeded"
    ready.ok("wo", "new", *WO_BODY, "Never started")
    assert ready.ok("runs", "WO-2", "--json").strip() == "[]"


def test_dispatch_runs_several_c1_orders_in_parallel_worktrees(repo: Repo, tmp_path: Path) -> None:
    for n in range(3):
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
            "--check",
            "test -f src/done.txt",
        )
    repo.ok("wo", "new", *WO_BODY, "Bigger", "--class", "C3", "--status", "ready")
    repo.commit_all("work orders")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    proc = repo.run("dispatch", "--class", "C1", "--parallel", "2", "--agent", "ok")
    assert proc.returncode == 0, proc.stderr
    for wo in ("WO-1", "WO-2", "WO-3"):
        assert wo in proc.stdout
    assert proc.stdout.count("succeeded") == 3 and "WO-4" not in proc.stdout
    assert repo.git("branch", "--show-current").strip() == "main"
    worktrees = repo.git("worktree", "list").splitlines()
    assert len([line for line in worktrees if ".worktrees/WO-" in line]) == 3
    empty = repo.run("dispatch", "--class", "C2")
    assert empty.returncode == 0 and "nothing to dispatch" in empty.stderr


def test_env_tells_the_agent_its_run(ready: Repo, tmp_path: Path) -> None:
    agent = (
        "import os, pathlib\npathlib.Path(os.environ['OUT']).write_text("
        "os.environ['GITSPLIT_RUN'] + ' ' + os.environ['GITSPLIT_WO'])\n"
    )
    add_agent(ready, tmp_path, "env", agent)
    ready.monkeypatch.setenv("OUT", str(tmp_path / "env.txt"))
    ready.cli("start", "WO-1", "--agent", "env")
    assert (tmp_path / "env.txt").read_text() == "WO-1-r1 WO-1"


def test_agent_in_a_worktree_gets_the_worktree_as_pwd(ready: Repo, tmp_path: Path) -> None:
    # opencode works in $PWD, not in its cwd: an inherited PWD sent it to the wrong checkout
    agent = "import os, pathlib\npathlib.Path(os.environ['OUT']).write_text(os.environ['PWD'])\n"
    add_agent(ready, tmp_path, "pwd", agent)
    ready.monkeypatch.setenv("OUT", str(tmp_path / "pwd.txt"))
    ready.monkeypatch.setenv("PWD", str(ready.root))
    where = tmp_path / "run-here"
    ready.cli("start", "WO-1", "--agent", "pwd", "--worktree", str(where))
    assert (tmp_path / "pwd.txt").read_text() == str(where.resolve())


def test_hooks_dir_placeholder_names_the_hooks_folder_git_uses(ready: Repo, tmp_path: Path) -> None:
    # Gemini CLI clears core.hooksPath for its shell; its profile sets it back from this
    agent = "import os, pathlib\npathlib.Path(os.environ['OUT']).write_text(os.environ['HOOKS'])\n"
    add_agent(ready, tmp_path, "hooked", agent)
    config = ready.read(".workledger/config.yaml").replace(
        "    briefing: stdin\n", "    briefing: stdin\n    env: {HOOKS: '{hooks_dir}'}\n", 1
    )
    ready.write(".workledger/config.yaml", config)
    ready.commit_all("hooks_dir in env")
    ready.monkeypatch.setenv("OUT", str(tmp_path / "hooks.txt"))
    ready.cli("start", "WO-1", "--agent", "hooked", "--worktree", str(tmp_path / "wt"))
    assert (tmp_path / "hooks.txt").read_text() == str((ready.root / ".git/hooks").resolve())


def test_reported_usage_is_recorded(ready: Repo, tmp_path: Path) -> None:
    agent = AGENT_OK + (
        'print(\'{"input_tokens": 1200, "output_tokens": 300, "cost_usd": 0.0125}\')\n'
    )
    add_agent(ready, tmp_path, "metered", agent, report="json")
    assert ready.cli("start", "WO-1", "--agent", "metered").exit_code == 0
    fields = run_record(ready, "WO-1-r1").fields
    assert fields["tokens"] == {"input": 1200, "output": 300}
    assert fields["cost_usd"] == 0.0125


def test_runs_of_an_unknown_work_order_is_an_error_not_an_empty_history(ready: Repo) -> None:
    missing = ready.cli("runs", "WO-99")
    assert missing.exit_code == 1 and "no work order WO-99" in missing.stderr
    none_yet = ready.cli("runs", "1")
    assert none_yet.exit_code == 0 and "no runs of WO-1 yet" in none_yet.stderr


def test_a_branch_in_the_way_of_the_run_branch_is_named(ready: Repo) -> None:
    ready.git("branch", "wo/WO-1-write-the-done-file/old")
    result = ready.cli("start", "WO-1", "--no-launch", "--agent", "manual")
    assert result.exit_code == 1
    assert "wo/WO-1-write-the-done-file/old is in the way" in result.stderr
    assert "cannot lock ref" not in result.output
    assert not list((ready.root / ".workledger/runs").glob("WO-1/*"))

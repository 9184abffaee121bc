"""Execution runs under faults a demanding user meets: bad paths, --json, dispatch, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import WO_BODY, Repo
from tests.test_runs import AGENT_OK, add_agent, run_record

# Writes "up", waits (at most a minute) for the test's "go" file, then prints and commits;
# it writes what happened to "done", so a test never has to wait for a dead agent.
AGENT_WAITS = """\
import os, pathlib, subprocess, sys, time
sys.stdin.read()
flags = pathlib.Path({flags!r})
(flags / ("up-" + os.environ["GITSPLIT_WO"])).write_text("up")
deadline = time.monotonic() + 60
while not (flags / "go").exists() and time.monotonic() < deadline:
    time.sleep(0.05)
try:
    print("agent: still here after the interrupt", flush=True)
    pathlib.Path("src").mkdir(exist_ok=True)
    pathlib.Path("src/done.txt").write_text("done\\n")
    subprocess.run(["git", "add", "src/done.txt"], check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
    result = "ok"
except BaseException as exc:
    result = repr(exc)
(flags / ("done-" + os.environ["GITSPLIT_WO"])).write_text(result)
"""


@pytest.fixture
def orders(repo: Repo) -> Repo:
    """A repository with WO-1 and WO-2 (C1, ready, scope src/**, one check) on main."""
    for title in ("First task", "Second task"):
        repo.ok(
            "wo",
            "new",
            *WO_BODY,
            title,
            "--class",
            "C1",
            "--status",
            "ready",
            "--scope",
            "src/**",
            "--check",
            "test -f src/done.txt",
        )
    repo.commit_all("WO-1, WO-2")
    return repo


def wait_for(path: Path, seconds: float = 60) -> None:
    """Wait until ``path`` exists (a generous deadline; never a timing assertion)."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists(), f"{path} never appeared"


def interrupt_dispatch(
    repo: Repo, *when: Path, args: tuple[str, ...] = ("--agent", "ok")
) -> tuple[int, str, str]:
    """`gitsplit dispatch ARGS`, Ctrl-C'd once every ``when`` file exists: (status, out, err)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gitsplit", "dispatch", *args],
        cwd=repo.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        for path in when:
            wait_for(path)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return proc.returncode, out, err


def test_start_json_prints_only_json_on_stdout(orders: Repo, tmp_path: Path) -> None:
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    proc = orders.run("start", "WO-1", "--agent", "ok", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)  # the whole of stdout is one JSON document
    assert data["run"] == "WO-1-r1"
    assert "agent: committed the work" in proc.stderr and "next:" in proc.stderr


@pytest.mark.parametrize("where", ["file", "inside"])
def test_worktree_path_that_cannot_hold_a_worktree_is_refused(
    orders: Repo, tmp_path: Path, where: str
) -> None:
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    if where == "file":
        target = tmp_path / "a-file"
        target.write_text("mine\n")
    else:
        target = orders.root / "runs-here"
    before = orders.git("for-each-ref", "refs/heads")
    proc = orders.run("start", "WO-1", "--agent", "ok", "--no-launch", "--worktree", str(target))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and str(target) in proc.stderr
    assert "--worktree" in proc.stderr
    assert orders.git("for-each-ref", "refs/heads") == before
    assert orders.git("status", "--porcelain") == ""
    if where == "file":
        assert target.read_text() == "mine\n"


def test_agent_ok_but_check_fails_names_the_check(orders: Repo, tmp_path: Path) -> None:
    add_agent(orders, tmp_path, "idle", "print('agent: did nothing')\n")
    proc = orders.run("start", "WO-1", "--agent", "idle")
    assert proc.returncode == 1
    assert run_record(orders, "WO-1-r1").fields["outcome"] == "failed"
    assert "check failed: test -f src/done.txt (exit 1)" in proc.stderr


def test_dispatch_leaves_work_orders_in_flight_on_a_branch_alone(
    orders: Repo, tmp_path: Path
) -> None:
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    orders.ok("start", "WO-1", "--agent", "ok", "--no-launch", "--worktree")
    proc = orders.run("dispatch", "--class", "C1", "--agent", "ok")
    assert proc.returncode == 0, proc.stderr
    assert "WO-2" in proc.stdout and "WO-1" not in proc.stdout
    branches = orders.git("branch", "--list", "wo/*", "--format=%(refname:short)").split()
    assert sorted(branches) == ["wo/WO-1-first-task", "wo/WO-2-second-task"]


def test_ctrl_c_in_dispatch_leaves_running_agents_working_and_logged(
    orders: Repo, tmp_path: Path
) -> None:
    flags = tmp_path / "flags"
    flags.mkdir()
    add_agent(orders, tmp_path, "waits", AGENT_WAITS.format(flags=str(flags)))
    orders.ok(
        "wo",
        "new",
        *WO_BODY,
        "Third task",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
    )
    orders.commit_all("WO-3")
    try:
        code, out, err = interrupt_dispatch(
            orders,
            flags / "up-WO-1",
            flags / "up-WO-2",
            args=("--parallel", "2", "--agent", "waits"),
        )
    finally:
        (flags / "go").write_text("go")
    assert code == 130, err
    assert "Traceback" not in err
    assert "WO-3" not in out + err  # nothing new was launched after Ctrl-C
    assert "still-running" in out and "gitsplit finish" in err
    for wo in ("WO-1", "WO-2"):
        wait_for(flags / f"done-{wo}")
        assert (flags / f"done-{wo}").read_text() == "ok"  # its output had somewhere to go
        log = orders.root / f".git/gitsplit/logs/{wo}-r1.log"
        assert "still here after the interrupt" in log.read_text()
        checkout = orders.root.parent / f"{orders.root.name}.worktrees" / f"{wo}-r1"
        assert run_record(orders, f"{wo}-r1", checkout).fields["outcome"] is None


@pytest.mark.parametrize("command", ["start", "note", "finish", "abandon", "runs", "dispatch"])
def test_run_command_help_shows_an_example(repo: Repo, command: str) -> None:
    out = repo.ok(command, "--help")
    assert "Example" in out and f"gitsplit {command}" in out.split("Example", 1)[1]


@pytest.mark.parametrize("first_line", ["", "#!/no/such/interpreter\n"])
def test_agent_that_cannot_be_executed_fails_the_run_cleanly(
    orders: Repo, tmp_path: Path, first_line: str
) -> None:
    script = tmp_path / "agent-script"
    script.write_text(first_line + "echo hi\n", encoding="utf-8")
    script.chmod(0o755)
    config = orders.read(".workledger/config.yaml").replace(
        "\nagents:\n", f"\nagents:\n  broken:\n    argv: [{script}]\n    briefing: stdin\n", 1
    )
    orders.write(".workledger/config.yaml", config)
    orders.commit_all("agent broken")
    proc = orders.run("start", "WO-1", "--agent", "broken")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "'broken'" in proc.stderr and str(script) in proc.stderr
    record = run_record(orders, "WO-1-r1")
    assert record.fields["outcome"] == "failed" and "could not start" in record.body
    assert orders.git("status", "--porcelain") == ""


def test_agent_program_that_is_not_executable_is_named_so(orders: Repo, tmp_path: Path) -> None:
    script = tmp_path / "agent.py"
    script.write_text("print('hi')\n", encoding="utf-8")
    config = orders.read(".workledger/config.yaml").replace(
        "\nagents:\n", f"\nagents:\n  plain:\n    argv: [{script}]\n    briefing: stdin\n", 1
    )
    orders.write(".workledger/config.yaml", config)
    orders.commit_all("agent plain")
    before = orders.git("for-each-ref", "refs/heads")
    proc = orders.run("start", "WO-1", "--agent", "plain")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "'plain'" in proc.stderr and "not executable" in proc.stderr
    assert orders.git("for-each-ref", "refs/heads") == before


def test_dispatch_skips_work_a_person_does_instead_of_hanging(orders: Repo) -> None:
    orders.ok("wo", "new", *WO_BODY, "Architecture", "--class", "C4", "--status", "ready")
    orders.commit_all("WO-3")  # C4 routes to the architect tier, whose profile is manual
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "dispatch", "--class", "C4"],
        cwd=orders.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "worked by a person" in proc.stderr and "gitsplit start WO-3" in proc.stderr
    assert orders.git("branch", "--list", "wo/*") == ""


def test_dispatch_limit_counts_only_runs_it_can_launch(orders: Repo, tmp_path: Path) -> None:
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    config = orders.read(".workledger/config.yaml")
    orders.write(
        ".workledger/config.yaml",
        config.replace("{agent: codex,  model: gpt-5.4-mini}", "{agent: ok, model: gpt-5.4-mini}"),
    )
    orders.ok(
        "wo",
        "new",
        *WO_BODY,
        "Architecture",
        "--class",
        "C4",
        "--status",
        "ready",
        "--priority",
        "P0",
    )
    orders.commit_all("WO-3")  # first by priority, but its tier's profile is manual
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", "dispatch", "--limit", "1"],
        cwd=orders.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "skipping WO-3" in proc.stderr and "dispatching 1 run(s)" in proc.stderr
    assert orders.git("branch", "--list", "wo/WO-1-*").strip()


# Commits in scope, then leaves another branch checked out (finishing the run first when
# asked to), as an agent that tidies up after itself might.
AGENT_SWITCHES = """\
import os, pathlib, subprocess, sys
sys.stdin.read()
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
if {finish}:
    subprocess.run([sys.executable, "-m", "gitsplit", "finish"], check=True)
subprocess.run(["git", "switch", "-q", "main"], check=True)
"""


def test_agent_that_switches_branch_leaves_the_run_open_and_says_how_to_close_it(
    orders: Repo, tmp_path: Path
) -> None:
    add_agent(orders, tmp_path, "hop", AGENT_SWITCHES.format(finish=False))
    main_before = orders.git("rev-parse", "main")
    result = orders.cli("start", "WO-1", "--agent", "hop")
    assert result.exit_code == 1
    assert "left branch main checked out" in result.output
    assert "`git switch wo/WO-1-first-task`, then `gitsplit finish`" in result.output
    assert "Traceback" not in result.output and "cannot read" not in result.output
    # nothing was touched: the checkout stays where the agent left it, main did not move
    assert orders.git("branch", "--show-current").strip() == "main"
    assert orders.git("rev-parse", "main") == main_before
    assert orders.git("status", "--porcelain").strip() == ""
    # and the way out it names works
    orders.git("switch", "-q", "wo/WO-1-first-task")
    orders.ok("finish")
    assert run_record(orders, "WO-1-r1").fields["outcome"] == "succeeded"


def test_agent_that_finished_then_switched_branch_is_taken_at_its_word(
    orders: Repo, tmp_path: Path
) -> None:
    add_agent(orders, tmp_path, "hop", AGENT_SWITCHES.format(finish=True))
    result = orders.cli("start", "WO-1", "--agent", "hop")
    assert result.exit_code == 0, result.output
    assert "succeeded (the agent finished the run itself)" in result.output
    record = orders.git("show", "wo/WO-1-first-task:.workledger/runs/WO-1/WO-1-r1.md")
    assert "outcome: succeeded" in record


def test_finish_exits_1_when_a_check_fails_and_0_for_an_outcome_given(
    orders: Repo, tmp_path: Path
) -> None:
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    orders.ok("start", "WO-1", "--agent", "ok", "--no-launch")
    failed = orders.cli("finish")  # the check fails: src/done.txt is missing
    assert failed.exit_code == 1
    assert "[FAIL] test -f src/done.txt" in failed.output
    assert "run WO-1-r1 failed: WO-1 is now ready" in failed.output
    orders.git("switch", "-q", "main")
    orders.ok("start", "WO-1", "--agent", "ok", "--no-launch")
    given = orders.cli("finish", "--outcome", "failed")
    assert given.exit_code == 0, given.output
    assert run_record(orders, "WO-1-r2").fields["outcome"] == "failed"


def test_ctrl_c_in_dispatch_waits_for_a_run_being_closed(repo: Repo, tmp_path: Path) -> None:
    flags = tmp_path / "flags"
    flags.mkdir()
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Slow check",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
        "--check",
        f"touch {flags}/checking && sleep 2 && test -f src/done.txt",
    )
    repo.commit_all("WO-1")
    add_agent(repo, tmp_path, "ok", AGENT_OK)
    code, out, err = interrupt_dispatch(repo, flags / "checking")  # the run is being closed
    assert code == 130, err
    assert "Traceback" not in err
    checkout = repo.root.parent / f"{repo.root.name}.worktrees" / "WO-1-r1"
    assert run_record(repo, "WO-1-r1", checkout).fields["outcome"] == "succeeded"
    assert repo.git("-C", str(checkout), "status", "--porcelain").strip() == ""  # committed
    assert "succeeded" in out and "still-running" not in out


HOOK_THAT_WAITS = """\
#!/bin/sh
case $(git branch --show-current) in
wo/*) touch {flags}/in-hook; {verdict} ;;
esac
"""


def _hook(repo: Repo, flags: Path, verdict: str) -> None:
    """A plain pre-commit hook (not gitsplit's) that acts only on WO branches."""
    hook = repo.root / ".git/hooks/pre-commit"
    hook.write_text(HOOK_THAT_WAITS.format(flags=flags, verdict=verdict), encoding="utf-8")
    hook.chmod(0o755)


def test_ctrl_c_while_dispatch_makes_a_run_lists_what_it_left(orders: Repo, tmp_path: Path) -> None:
    flags = tmp_path / "flags"
    flags.mkdir()
    add_agent(orders, tmp_path, "ok", AGENT_OK)
    _hook(orders, flags, "sleep 60")
    code, out, err = interrupt_dispatch(orders, flags / "in-hook")  # start is committing
    assert code == 130, err
    assert "Traceback" not in err
    checkout = orders.root.parent / f"{orders.root.name}.worktrees" / "WO-1-r1"
    assert "cut-short" in out and "WO-2" not in out + err
    cleanup = f"git worktree remove --force {checkout} && git branch -D wo/WO-1-first-task"
    assert cleanup in out + err
    # the commands it names remove exactly what it left
    orders.git("worktree", "remove", "--force", str(checkout))
    orders.git("branch", "-D", "wo/WO-1-first-task")
    assert orders.git("branch", "--list", "wo/*").strip() == ""


@pytest.mark.parametrize("worktree", [True, False])
def test_a_hook_that_refuses_the_start_commit_leaves_a_way_back(
    orders: Repo, tmp_path: Path, worktree: bool
) -> None:
    flags = tmp_path / "flags"
    flags.mkdir()
    _hook(orders, flags, "echo 'company hook: no' >&2; exit 1")
    head = orders.git("rev-parse", "HEAD")
    args = ["start", "WO-1", "--no-launch", *(["--worktree"] if worktree else [])]
    proc = orders.run(*args)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "WO-1 was not started, but its branch wo/WO-1-first-task was partly made" in proc.stderr
    commands = proc.stderr.split("to remove it: ", 1)[1].split("\n", 1)[0]
    (orders.root / ".git/hooks/pre-commit").unlink()
    subprocess.run(commands, shell=True, cwd=orders.root, check=True)
    assert orders.git("branch", "--show-current").strip() == "main"
    assert orders.git("rev-parse", "HEAD") == head
    assert orders.git("status", "--porcelain", "--untracked-files=all").strip() == ""
    assert orders.git("branch", "--list", "wo/*").strip() == ""
    assert orders.ok("start", "WO-1", "--no-launch", *(["--worktree"] if worktree else []))

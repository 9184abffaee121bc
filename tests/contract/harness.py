"""A repository with a ready work order, and one real ``gitsplit start`` of it through an agent.

The repository has gitsplit's hooks installed and a tier ``contract`` (routing C1) that
runs the profile under test with the model its CLI takes. ``start_run`` starts the fake
API with a script, points the CLI at it, runs ``python -m gitsplit start WO-1`` as a
real subprocess and reads back the run record (``runs --json``) and its cost
(``cost runs --json``).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import WO_BODY, Repo, make_repo
from tests.contract import install
from tests.contract.agents import Agent
from tests.contract.fakeapi import FakeAPI, Script, Step, read, say, shell, write

WO = "WO-1"
RUN = "WO-1-r1"
BRIEFING = f".workledger/runs/{WO}/{RUN}.briefing.md"
NOTE = "Wrote src/hello.txt as the briefing asked."
COMMIT = "Add the hello file"
PRICE = {"input": 3, "output": 15}  # USD per million tokens, for the contract tier
START_TIMEOUT = 600  # a hung CLI fails the test instead of hanging the suite


def ready_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agent: Agent) -> Repo:
    """A repository with hooks, the contract tier and WO-1 (scope src/**) ready on main."""
    repo = make_repo(tmp_path / "repo", monkeypatch)
    repo.ok("hooks", "install")
    config = yaml.safe_load(repo.read(".workledger/config.yaml"))
    config["routing"]["C1"] = "contract"
    config["tiers"]["contract"] = {"agent": agent.profile, "model": agent.model}
    config["prices"]["models"][agent.model] = dict(PRICE)
    repo.write(".workledger/config.yaml", yaml.safe_dump(config, sort_keys=False))
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Write the hello file",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
        "--check",
        "test -f src/hello.txt",
    )
    repo.commit_all("WO-1 and the contract tier")
    return repo


def full_script(agent: Agent) -> list[Step]:
    """Read the briefing, write in scope, commit, note, finish (aider: the edit only)."""
    if not agent.runs_commands:
        return [write("src/hello.txt", "hello\n"), say("Done.")]
    return [
        read(BRIEFING),
        write("src/hello.txt", "hello\n"),
        shell("git add src/hello.txt"),
        shell(f"git commit -m {shlex.quote(COMMIT)}"),
        shell(f"gitsplit note {shlex.quote(NOTE)}"),
        shell("gitsplit finish"),
        say("The work is committed, noted and finished."),
    ]


def outside_script(agent: Agent) -> list[Step]:
    """Write outside the scope and try to commit it."""
    if not agent.runs_commands:
        return [write("docs/outside.txt", "out of scope\n"), say("Done.")]
    return [
        write("docs/outside.txt", "out of scope\n"),
        shell("git add docs/outside.txt"),
        shell("git commit -m 'Write outside the scope'"),
        say("I tried to commit outside the scope."),
    ]


@dataclass
class Outcome:
    """What one started run left: the process, the record, its cost, what the fake saw."""

    proc: subprocess.CompletedProcess[str]
    checkout: Path
    record: dict[str, Any]
    costs: dict[str, Any]
    fake: FakeAPI
    log: str

    def explain(self) -> str:
        """Everything a person needs to see why a contract test failed."""
        return (
            f"gitsplit start exited {self.proc.returncode}\n--- stdout\n{self.proc.stdout[-4000:]}"
            f"\n--- stderr\n{self.proc.stderr[-4000:]}\n--- agent log\n{self.log[-6000:]}"
            f"\n--- fake API\n{self.fake.log.read_text(encoding='utf-8')[-4000:]}"
            f"\nunscripted requests: {self.fake.unknown}"
        )


def start_run(
    repo: Repo,
    agent: Agent,
    cli: install.Installed,
    home: Path,
    steps: list[Step],
    *,
    worktree: Path | None = None,
) -> Outcome:
    """Run the real ``gitsplit start WO-1`` with the agent talking to the scripted fake API."""
    checkout = worktree or repo.root
    log = repo.root.parent / "fake-api.log"
    with FakeAPI(Script(steps, checkout), log) as fake:
        env = {**os.environ, **agent.setup(home, fake.url), "PATH": tool_path(cli)}
        env["PWD"] = str(repo.root)  # as a shell sets it: the person ran start from here
        login_profile(home, env["PATH"])
        argv = [sys.executable, "-m", "gitsplit", "start", WO]
        if worktree is not None:
            argv += ["--worktree", str(worktree)]
        proc = subprocess.run(
            argv,
            cwd=repo.root,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=START_TIMEOUT,
            check=False,
        )
    agent_log = repo.root / ".git" / "gitsplit" / "logs" / f"{RUN}.log"
    records = json.loads(repo.run("runs", "--json", cwd=checkout).stdout or "[]")
    costs = json.loads(repo.run("cost", "runs", "--json", cwd=checkout).stdout or "{}")
    return Outcome(
        proc,
        checkout,
        next((r for r in records if r.get("run") == RUN), {}),
        costs,
        fake,
        agent_log.read_text(encoding="utf-8", errors="replace") if agent_log.exists() else "",
    )


def tool_path(cli: install.Installed) -> str:
    """PATH for the agent: this gitsplit (the test's interpreter's bin folder), the CLI."""
    assert cli.bin_dir is not None
    return os.pathsep.join([str(Path(sys.executable).parent), str(cli.bin_dir), os.environ["PATH"]])


def login_profile(home: Path, path: str) -> None:
    """``~/.profile`` that puts gitsplit and git back on PATH in a login shell.

    Codex runs each command with ``bash -lc``; a login shell resets PATH from
    /etc/profile, so, as on a user's machine, the user's profile adds their tools again.
    """
    (home / ".profile").write_text(f"export PATH={shlex.quote(path)}\n", encoding="utf-8")


def commit_messages(repo: Repo, checkout: Path) -> list[str]:
    """The messages of the commits on the run's branch since main."""
    out = subprocess.run(
        ["git", "log", "--format=%B%x00", "main..HEAD"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [m.strip() for m in out.split("\0") if m.strip()]

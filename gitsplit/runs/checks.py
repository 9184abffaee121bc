"""Running a work order's checks: shell commands with a timeout that kills their children."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitError
from gitsplit.runs import isolation
from gitsplit.util import killpoint

TAIL_LINES = 20


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome."""

    command: str
    exit: int | None
    passed: bool
    timed_out: bool
    seconds: float
    tail: str
    warning: str = ""  # e.g. the check can import the package from another checkout

    def as_record(self) -> dict[str, Any]:
        """The mapping stored in a run record's ``checks`` list."""
        return {
            "command": self.command,
            "exit": self.exit,
            "passed": self.passed,
            "timed_out": self.timed_out,
            "seconds": round(self.seconds, 1),
            **({"warning": self.warning} if self.warning else {}),
        }

    def as_json(self) -> dict[str, Any]:
        """The check with the tail of its output."""
        return {**self.as_record(), "tail": self.tail}


def run_check(
    command: str, *, cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> CheckResult:
    """Run one check through ``sh -c`` in its own process group; kill the group on timeout."""
    started = time.monotonic()
    killpoint.reach("spawn.before", "check")
    proc = subprocess.Popen(
        ["sh", "-c", command],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    timed_out = False
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        output, _ = proc.communicate()
    except KeyboardInterrupt:  # the check runs in its own session: Ctrl-C must stop it too
        kill_group(proc)
        raise
    text = output.decode("utf-8", "replace")
    tail = "\n".join(text.rstrip("\n").splitlines()[-TAIL_LINES:])
    if timed_out:
        tail = (tail + "\n" if tail else "") + f"[killed after {timeout:g} s: check timed out]"
    code = None if timed_out else proc.returncode
    return CheckResult(command, code, code == 0, timed_out, time.monotonic() - started, tail)


def run_checks(commands: list[str], *, cwd: Path, timeout: float) -> list[CheckResult]:
    """Run every check in order (all of them, even after a failure), judging ``cwd``'s code.

    The tree's code goes first on the import path, and a check that can still import the
    package from another worktree of the repository carries a warning (see isolation).
    """
    env = isolation.check_env(cwd)
    try:
        others = [tree.path for tree in gitio.worktrees(cwd)]
    except GitError:
        others = []
    results = []
    for command in commands:
        result = run_check(command, cwd=cwd, timeout=timeout, env=env)
        found = isolation.imported_elsewhere(command, cwd, others)
        results.append(
            replace(result, warning=isolation.warning_for(command, found)) if found else result
        )
    return results


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """Terminate a process and its children, then kill what is left."""
    for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue

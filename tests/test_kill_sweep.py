"""The kill-point sweep: SIGKILL each writing command at every write and subprocess event.

For each command, a template repository is made once and the command is run on a copy
with ``GITSPLIT_KILL_LOG`` to list the events it reaches. Then a fresh copy is killed
(a real SIGKILL of a real process, by ``GITSPLIT_KILL_AT=*:<n>``) at every event that
can leave a state of its own: each write (temporary file written, file in place), after
each git command that changes something, and before each subprocess. Killing before a
git command, after a read-only one, or before the first write leaves the same state as
the event before it, so those are not repeated. Afterwards ``gitsplit check`` must be
clean or name, for each thing left, the one command that fixes it; running those must
leave ``check`` clean. ``check`` and the fixes run in process (CliRunner) to keep the
sweep to about a minute.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gitsplit.cli.commands import cli
from tests.conftest import WO_BODY, Repo


def gitsplit(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run gitsplit as a real process in ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


READ_ONLY = {
    "rev-parse",
    "cat-file",
    "status",
    "ls-tree",
    "for-each-ref",
    "rev-list",
    "log",
    "diff",
    "merge-base",
    "ls-files",
    "var",
    "config",
    "show",
    "symbolic-ref",
    "show-ref",
}


def events(root: Path, args: list[str], log: Path) -> list[tuple[str, str]]:
    """The events a command reaches (name, detail), run once to the end on a copy."""
    done = gitsplit(root, *args, env={"GITSPLIT_KILL_LOG": str(log)})
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    return [(row[1], row[2] if len(row) > 2 else "") for row in rows]


def distinct(name: str, detail: str) -> bool:
    """True for an event that can leave a state the event before it did not."""
    if name == "git.before":
        return False
    return not (name == "git.after" and detail in READ_ONLY)


def in_process(root: Path, *args: str) -> Result:
    """Run gitsplit in this process (CliRunner) from ``root``."""
    here = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(here)


def check(root: Path) -> dict[str, object]:
    """``gitsplit check --json`` of a working tree."""
    return json.loads(in_process(root, "check", "--json").stdout)


def converge(root: Path, where: str) -> list[str]:
    """Run what check names until it is clean; the commands run.

    A record may be inconsistent while something is left half done (a renumbering that
    moved the record but not yet the references to it); once nothing is left, it may not.
    """
    ran: list[str] = []
    for _round in range(3):
        report = check(root)
        if report["ok"]:
            return ran
        assert report["leftovers"], f"{where}: problems and no fix named: {report['problems']}"
        for item in report["leftovers"]:  # type: ignore[attr-defined]
            fix = shlex.split(item["fix"])
            assert fix[0] in ("gitsplit", "rm"), f"{where}: {item}"
            if fix[0] == "gitsplit":
                result = in_process(root, *fix[1:])
                assert result.exit_code == 0, f"{where}: {item['fix']}: {result.output}"
            else:
                subprocess.run(fix, cwd=root, check=True)
            ran.append(item["fix"])
    raise AssertionError(f"{where}: check still not clean after {ran}: {check(root)}")


def sweep(
    template: Path,
    tmp: Path,
    args: list[str],
    after: Callable[[Path, str], None] = lambda root, where: None,
) -> int:
    """Kill ``args`` at each event after its first write, in a fresh copy each time."""
    probe = tmp / "probe"
    shutil.copytree(template, probe, symlinks=True)
    names = events(probe, args, tmp / "events.log")
    first = next(i for i, (name, _detail) in enumerate(names) if name.startswith("write."))
    points = [n for n in range(first + 1, len(names) + 1) if distinct(*names[n - 1])]
    for number in points:
        copy = tmp / f"at-{number}"
        shutil.copytree(template, copy, symlinks=True)
        where = f"{' '.join(args)} killed at event {number} {names[number - 1]}"
        killed = gitsplit(copy, *args, env={"GITSPLIT_KILL_AT": f"*:{number}"})
        assert killed.returncode == -9, f"{where}: {killed.returncode} {killed.stderr}"
        converge(copy, where)
        after(copy, where)
        shutil.rmtree(copy)
    return len(points)


@pytest.fixture
def ready(repo: Repo) -> Repo:
    """A committed ready work order (with a passing check) and a decision it carries."""
    repo.ok("decide", "Use the parser")
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Parse",
        "--status",
        "ready",
        "--class",
        "C1",
        "--decision",
        "D-1",
        "--check",
        "true",
    )
    repo.ok("wo", "new", *WO_BODY, "After", "--depends-on", "WO-1")
    repo.commit_all("plan")
    return repo


def test_wo_new_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    assert sweep(ready.root, tmp_path, ["wo", "new", "Third", "--depends-on", "WO-2"]) > 0


def test_wo_set_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    assert sweep(ready.root, tmp_path, ["wo", "set", "WO-2", "priority=P0"]) > 0


def test_checkpoint_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    assert sweep(ready.root, tmp_path, ["checkpoint", "Planned"]) > 0


def test_start_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    def then_start_again(root: Path, where: str) -> None:
        again = in_process(root, "start", "WO-1", "--no-launch")
        assert again.exit_code == 0, f"{where}: {again.output}"
        assert check(root)["ok"], where

    assert sweep(ready.root, tmp_path, ["start", "WO-1", "--no-launch"], then_start_again) > 0


def test_finish_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    ready.ok("start", "WO-1", "--no-launch")
    ready.write("parser.py", "print('parsed')\n")
    ready.commit_all("the work", "--trailer", "Work-Order: WO-1")

    def finished(root: Path, where: str) -> None:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%s"], cwd=root, capture_output=True, text=True
        ).stdout
        redo = in_process(root, "finish") if not out.startswith("Finish WO-1") else None
        assert redo is None or redo.exit_code == 0, f"{where}: {redo.output}"
        assert check(root)["ok"], where

    assert sweep(ready.root, tmp_path, ["finish"], finished) > 0


def test_renumber_killed_anywhere_converges(ready: Repo, tmp_path: Path) -> None:
    ready.write(".workledger/runs/WO-1/WO-1-r1.md", "---\nwo: WO-1\nrun: WO-1-r1\n---\nA run.\n")
    ready.commit_all("a run of WO-1")

    def moved_once(root: Path, where: str) -> None:
        folder = root / ".workledger" / "workorders"
        claims = [p.name for p in folder.glob("*.md") if "title: Parse" in p.read_text()]
        assert claims in (["WO-1.md"], ["WO-3.md"]), f"{where}: {claims}"
        again = in_process(root, "renumber", "WO-1")  # unmoved (killed before it wrote): moves
        assert again.exit_code == (0 if claims == ["WO-1.md"] else 1), f"{where}: {again.output}"
        claims = [p.name for p in folder.glob("*.md") if "title: Parse" in p.read_text()]
        assert claims == ["WO-3.md"], f"{where}: {claims}"
        assert check(root)["ok"], where

    assert sweep(ready.root, tmp_path, ["renumber", "WO-1"], moved_once) > 0

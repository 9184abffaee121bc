"""Replay the console transcripts of README.md: find a block, run its commands, compare."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^(`{3,})(\w*)\s*$")
PROMPT = re.compile(r"^(\w*)\$ (.*)$")
HEX = re.compile(r"\b[0-9a-f]{7,64}\b")


@dataclass(frozen=True)
class Step:
    """One command of a transcript: the prompt's name (``desk`` in ``desk$``), the command
    line, and the output the README shows for it."""

    where: str
    command: str
    output: tuple[str, ...]


def blocks() -> list[list[str]]:
    """The lines of every fenced block of the README, in order."""
    found: list[list[str]] = []
    current: list[str] | None = None
    fence = ""
    for line in README.read_text(encoding="utf-8").splitlines():
        match = FENCE.match(line)
        if current is None and match:
            current, fence = [], match.group(1)
        elif current is not None and line == fence:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def transcript(first: str) -> list[Step]:
    """The steps of the console block whose first command is ``first``."""
    for lines in blocks():
        match = PROMPT.match(lines[0]) if lines else None
        if match and match.group(2) == first:
            return _steps(lines)
    raise AssertionError(f"README.md has no console block starting with `$ {first}`")


def output_of(command: str) -> list[str]:
    """What the README shows for ``$ command``, wherever it appears."""
    for lines in blocks():
        for step in _steps(lines):
            if step.command == command:
                return list(step.output)
    raise AssertionError(f"README.md never shows `$ {command}`")


def _steps(lines: list[str]) -> list[Step]:
    """Split a console block into commands (joining ``\\`` continuations) and outputs."""
    steps: list[Step] = []
    index = 0
    while index < len(lines):
        match = PROMPT.match(lines[index])
        if not match:
            index += 1
            continue
        where, command = match.group(1), match.group(2)
        while command.endswith("\\") and index + 1 < len(lines):
            index += 1
            command = command[:-1] + " " + lines[index].strip()
        index += 1
        output: list[str] = []
        while index < len(lines) and not PROMPT.match(lines[index]):
            output.append(lines[index])
            index += 1
        while output and not output[-1]:
            output.pop()
        steps.append(Step(where, command, tuple(output)))
    return steps


def shim(folder: Path) -> dict[str, str]:
    """An environment whose ``gitsplit`` on PATH is this checkout's, run by this Python."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "gitsplit"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gitsplit "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
    }


def run(command: str, cwd: Path, env: dict[str, str]) -> list[str]:
    """Run a command line as a terminal would show it: stdout and stderr interleaved."""
    proc = subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    lines = proc.stdout.splitlines()
    while lines and not lines[-1]:
        lines.pop()
    return lines


def replay(steps: list[Step], dirs: dict[str, Path], env: dict[str, str]) -> None:
    """Run every step in its prompt's folder; the output must be what the README shows
    (commit hashes aside: they depend on the clock)."""
    for step in steps:
        actual = run(step.command, dirs[step.where], env)
        assert normalize(actual) == normalize(list(step.output)), (
            f"README.md shows for `{step.where}$ {step.command}`:\n"
            + "\n".join(step.output)
            + "\n\nbut it prints:\n"
            + "\n".join(actual)
        )


def normalize(lines: list[str]) -> list[str]:
    """Lines with hexadecimal hashes blanked out."""
    return [HEX.sub("<hash>", line) for line in lines]

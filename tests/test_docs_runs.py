"""docs/runs.md stays true: the loop with the stand-in agent replays as the page shows it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.readme_helpers import all_blocks, normalize, replay, run, shim, transcript

RUN_LOOP = (
    "gitsplit wo new \"Add a farewell function\" --class C1 --status ready --scope 'src/**'  "
    "--file src/greet.py --check \"python3 -c \\\"import sys; sys.path.insert(0, 'src'); "
    "import greet; assert greet.farewell('Ada') == 'Goodbye, Ada!'\\\"\"  "
    '--body "Callers can greet but not say goodbye: add farewell(name) beside greet(name), '
    "returning 'Goodbye, NAME!'.\""
)
SHOWN_AT = "/tmp/demo-runs"  # the folder the page's output names
GREET = 'def greet(name):\n    return f"Hello, {name}!"\n'


def _profile() -> list[str]:
    """The stand-in profile as the page shows it, from its ``agents:`` line on."""
    block = next(
        block
        for block in all_blocks()
        if block.lang == "yaml"
        and block.lines[:2]
        and block.lines[0] == "agents:"
        and "stand-in" in block.lines[1]
    )
    return list(block.lines[1:])


def _demo_repo(where: Path, env: dict[str, str]) -> None:
    """A repository with src/greet.py, gitsplit initialised, the page's profile added."""
    where.mkdir()
    (where / "src").mkdir()
    (where / "src/greet.py").write_text(GREET, encoding="utf-8")
    run("git init -q -b main && gitsplit init >/dev/null", where, env)
    config = where / ".workledger/config.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    at = lines.index("agents:") + 1
    config.write_text("\n".join([*lines[:at], *_profile(), *lines[at:]]) + "\n", encoding="utf-8")
    assert run("git add -A && git commit -qm 'A greeting' && echo ok", where, env) == ["ok"]


def test_the_run_loop_with_the_stand_in_agent_replays(tmp_path: Path) -> None:
    env = shim(tmp_path / "bin")
    python3 = tmp_path / "bin/python3"  # the profile's python3: one that can import gitsplit
    python3.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python3.chmod(0o755)
    env = {**env, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com"}
    env = {**env, "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}
    demo = tmp_path / "demo-runs"
    _demo_repo(demo, env)
    steps = [
        step.__class__(
            step.where,
            step.command,
            tuple(line.replace(SHOWN_AT, str(demo)) for line in step.output),
            step.page,
        )
        for step in transcript(RUN_LOOP)
    ]
    replay(steps, {"": demo}, env)
    assert normalize(run("git status --porcelain", demo, env)) == []
    assert os.path.exists(demo / ".git/gitsplit/logs/WO-1-r1.log")

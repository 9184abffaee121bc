"""docs/accept.md stays true: accepting the run of docs/runs.md replays as the page shows it."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.readme_helpers import normalize, replay, run, shim, transcript
from tests.test_docs_runs import RUN_LOOP, SHOWN_AT, _demo_repo

ACCEPT = "gitsplit accept WO-1 --cleanup"


def _shown_here(steps: list, demo: Path) -> list:  # type: ignore[type-arg]
    """The steps with the page's folder replaced by this test's."""
    return [
        step.__class__(
            step.where,
            step.command,
            tuple(line.replace(SHOWN_AT, str(demo)) for line in step.output),
            step.page,
        )
        for step in steps
    ]


def test_accepting_the_run_replays(tmp_path: Path) -> None:
    env = shim(tmp_path / "bin")
    python3 = tmp_path / "bin/python3"
    python3.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python3.chmod(0o755)
    env = {**env, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com"}
    env = {**env, "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}
    demo = tmp_path / "demo-runs"
    _demo_repo(demo, env)
    replay(_shown_here(transcript(RUN_LOOP), demo), {"": demo}, env)
    replay(_shown_here(transcript(ACCEPT), demo), {"": demo}, env)
    assert normalize(run("git status --porcelain", demo, env)) == []
    assert run("git worktree list --porcelain", demo, env)[0] == f"worktree {demo}"

"""What ``start`` leaves behind when it is cut short, and the commands that remove it.

``start`` makes a branch (and a worktree), writes the run's files and commits them. If it
stops in between (Ctrl-C, a foreign hook refusing the commit), nothing is rolled back for
the user: these functions say what exists and how to remove it, or, when the run was
already committed, how to end it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from gitsplit import gitio


class StartInterrupted(KeyboardInterrupt):
    """Ctrl-C while ``start`` was making a run; ``advice`` says what it left and what to do."""

    def __init__(self, wo_id: str, advice: str) -> None:
        super().__init__(advice)
        self.wo_id = wo_id
        self.advice = advice


def advice(
    root: Path,
    *,
    wo_id: str,
    run: str,
    branch: str,
    checkout: Path,
    worktree: bool,
    original: str | None,
    files: list[str],
) -> str | None:
    """What a cut-short start left, with commands; None when it left nothing."""
    run_record = files[0]
    if gitio.read_blob(root, f"refs/heads/{branch}:{run_record}") is not None:
        where = f"cd {shlex.quote(str(checkout))} && " if worktree else ""
        return (
            f"run {run} of {wo_id} is recorded on branch {branch}, but no agent was "
            f"launched; launch it yourself, or end the run: {where}gitsplit abandon"
        )
    commands = cleanup_commands(
        root, branch=branch, checkout=checkout, worktree=worktree, original=original, files=files
    )
    if not commands:
        return None
    return (
        f"{wo_id} was not started, but its branch {branch} was partly made; "
        f"to remove it: {' && '.join(commands)}"
    )


def cleanup_commands(
    root: Path,
    *,
    branch: str,
    checkout: Path,
    worktree: bool,
    original: str | None,
    files: list[str],
) -> list[str]:
    """The commands that remove a half-made run: its worktree or files, then its branch."""
    commands = []
    if worktree:
        if checkout.exists():
            commands.append(f"git worktree remove --force {shlex.quote(str(checkout))}")
    elif gitio.current_branch(root) == branch and original:
        # the tree was clean when start began: only start's own files differ from the base
        commands.append(f"git switch -f {shlex.quote(original)}")
        commands.append("rm -f " + " ".join(shlex.quote(str(root / f)) for f in files))
    if gitio.resolve(root, f"refs/heads/{branch}") is not None:
        commands.append(f"git branch -D {shlex.quote(branch)}")
    return commands

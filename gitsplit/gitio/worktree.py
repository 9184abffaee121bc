"""The working tree and index: status, branches, worktrees and commits gitsplit makes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gitsplit.gitio.core import (
    run,
)


@dataclass(frozen=True)
class StatusEntry:
    """One line of ``git status --porcelain``: two status letters and a path."""

    code: str
    path: str

    def __str__(self) -> str:
        return f"{self.code} {self.path}"


def status(root: Path, *paths: str, untracked: bool = True) -> list[StatusEntry]:
    """Uncommitted changes (staged, unstaged and untracked) under the given paths."""
    args = ["status", "--porcelain=v1", "-z", f"--untracked-files={'all' if untracked else 'no'}"]
    out = run(root, *args, "--", *paths) if paths else run(root, *args)
    entries: list[StatusEntry] = []
    items = out.split("\0")
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if not item:
            continue
        code, path = item[:2], item[3:]
        if code[0] in "RC":
            index += 1  # the source path of a rename follows
        entries.append(StatusEntry(code, path))
    return entries


def ls_files(root: Path, *pathspecs: str) -> list[str]:
    """Tracked files matching the pathspecs."""
    out = run(root, "ls-files", "-z", "--", *pathspecs)
    return [name for name in out.split("\0") if name]


def unmerged(root: Path, *paths: str) -> dict[str, dict[int, str]]:
    """Paths in conflict: {path: {stage: blob id}} (stage 1 base, 2 ours, 3 theirs)."""
    out = run(root, "ls-files", "-u", "-z", "--", *paths)
    result: dict[str, dict[int, str]] = {}
    for item in filter(None, out.split("\0")):
        meta, path = item.split("\t", 1)
        _mode, sha, stage = meta.split()
        result.setdefault(path, {})[int(stage)] = sha
    return result


def create_branch_here(root: Path, branch: str, base: str) -> None:
    """Create ``branch`` at ``base`` and switch to it (git refuses to overwrite local changes)."""
    run(root, "switch", "--no-guess", "-c", branch, base)


def add_worktree(root: Path, path: Path, branch: str, base: str) -> None:
    """Create ``branch`` at ``base`` checked out in a new linked worktree at ``path``."""
    run(root, "worktree", "add", "-b", branch, str(path), base)


def commit_paths(
    root: Path, paths: Sequence[str], message: str, trailers: Sequence[str] = ()
) -> str:
    """Commit exactly these paths (nothing else that may be staged); return the new commit."""
    run(root, "add", "--", *paths)
    args = ["commit", "-q", "-m", message]
    for trailer in trailers:
        args += ["--trailer", trailer]
    run(root, *args, "--only", "--", *paths)
    return run(root, "rev-parse", "HEAD").strip()


def add_detached_worktree(root: Path, path: Path, rev: str) -> None:
    """Check ``rev`` out, detached, in a new linked worktree at ``path``."""
    run(root, "worktree", "add", "--detach", "-q", str(path), rev)


def remove_worktree(root: Path, path: Path) -> None:
    """Remove a linked worktree that gitsplit made (and prune its bookkeeping)."""
    run(root, "worktree", "remove", "--force", "--force", str(path), check=False)
    run(root, "worktree", "prune", check=False)

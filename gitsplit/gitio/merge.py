"""Merging without a checkout: merge trees, edited trees, commits and guarded ref updates.

Everything here works on objects and refs (``merge-tree``, a temporary index,
``commit-tree``, ``update-ref`` with the old value), so no working tree is touched; the
only step that moves a checkout is ``fast_forward``, which git refuses when it would
overwrite uncommitted changes.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gitsplit.errors import GitError
from gitsplit.gitio.core import git_dir, run


@dataclass(frozen=True)
class MergedTree:
    """The tree ``git merge-tree`` wrote, or the paths that conflict."""

    tree: str
    conflicts: tuple[str, ...] = ()


def merge_tree(root: Path, ours: str, theirs: str) -> MergedTree:
    """Merge two commits into a tree object (git ≥ 2.38), touching no index or checkout."""
    proc = subprocess.run(
        ["git", "merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = proc.stdout.splitlines()
    if proc.returncode not in (0, 1) or not lines:
        words = proc.stderr.strip() or f"exit status {proc.returncode}"
        raise GitError(f"git merge-tree failed: {words}", hint="gitsplit accept needs git 2.38+")
    return MergedTree(lines[0], tuple(dict.fromkeys(line for line in lines[1:] if line)))


def edit_tree(root: Path, tree: str, files: Mapping[str, bytes]) -> str:
    """A new tree: ``tree`` with these files written (as regular files), via a temporary index."""
    holder = git_dir(root, common=True) / "gitsplit"
    holder.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: with shutil, lzma and random it is a tenth of a briefing's imports

    handle, name = tempfile.mkstemp(prefix="index-", dir=holder)
    os.close(handle)
    env = {"GIT_INDEX_FILE": name}
    try:
        run(root, "read-tree", tree, env=env)
        for path, data in files.items():
            blob = run(root, "hash-object", "-w", "--stdin", input=data).strip()
            run(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        return run(root, "write-tree", env=env).strip()
    finally:
        Path(name).unlink(missing_ok=True)


def commit_tree(root: Path, tree: str, parents: Sequence[str], message: str) -> str:
    """A commit object of ``tree`` with these parents (no ref moves, no hooks run)."""
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return run(root, *args, input=message).strip()


def update_ref(root: Path, ref: str, new: str, old: str, *, reason: str) -> None:
    """Move ``ref`` to ``new`` only if it still points at ``old`` (another process may race)."""
    run(root, "update-ref", "-m", reason, ref, new, old)


def delete_ref(root: Path, ref: str, old: str) -> None:
    """Delete ``ref`` only if it still points at ``old``."""
    run(root, "update-ref", "-d", ref, old)


def fast_forward(checkout: Path, commit: str) -> None:
    """Move the branch checked out in ``checkout`` to ``commit``; git refuses to overwrite work."""
    run(checkout, "merge", "--ff-only", "-q", commit)


@dataclass(frozen=True)
class Worktree:
    """One entry of ``git worktree list``: its folder, HEAD and branch (None when detached)."""

    path: Path
    head: str
    branch: str | None
    main: bool


def worktrees(root: Path) -> list[Worktree]:
    """Every worktree of the repository, the main one first."""
    found: list[Worktree] = []
    for block in run(root, "worktree", "list", "--porcelain", "-z").split("\0\0"):
        fields = dict(
            [*item.split(" ", 1), ""][:2] for item in block.split("\0") if item and " " in item
        )
        if "worktree" not in fields or "bare" in block.split("\0"):
            continue
        branch = fields.get("branch", "").removeprefix("refs/heads/") or None
        found.append(Worktree(Path(fields["worktree"]), fields.get("HEAD", ""), branch, not found))
    return found


def remove_clean_worktree(root: Path, path: Path) -> None:
    """``git worktree remove`` without force: git refuses when it holds changes or new files."""
    run(root, "worktree", "remove", str(path))

"""History and diffs: ancestry, commits between two points, changes and stats."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gitsplit.gitio.core import (
    run,
    succeeds,
)


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    """True when ``ancestor`` is reachable from ``descendant``."""
    return succeeds(root, "merge-base", "--is-ancestor", ancestor, descendant)


def rev_list(root: Path, base: str, tip: str = "HEAD") -> list[str]:
    """Commits reachable from ``tip`` but not ``base``, oldest first."""
    out = run(root, "rev-list", "--reverse", f"{base}..{tip}")
    return out.split()


# Options that make diff output independent of the user's git config (for reproducible text).
STABLE_DIFF = (
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--find-renames",
    "--no-relative",
    "--diff-algorithm=myers",
)


STABLE_PATCH = (
    "--patch",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--unified=3",
    "--inter-hunk-context=0",
)


def diff_name_status(root: Path, old: str, new: str | None, *paths: str) -> list[tuple[str, str]]:
    """``(status letter, path)`` for each file changed from ``old`` to ``new`` (None: worktree)."""
    revs = [old] if new is None else [old, new]
    out = run(
        root, "diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", *revs, "--", *paths
    )
    items = [item for item in out.split("\0") if item]
    return [(items[i][:1], items[i + 1]) for i in range(0, len(items) - 1, 2)]


def diff_text(root: Path, old: str, new: str, *, stat: bool = False) -> str:
    """The diff (or its ``--stat`` summary) from ``old`` to ``new``, free of user config."""
    mode = ("--stat=100,70", "--stat-graph-width=20") if stat else STABLE_PATCH
    return run(root, "diff", *STABLE_DIFF, *mode, old, new, "--")


def commits_touching(root: Path, tip: str, path: str, *, added: bool = False) -> list[str]:
    """Commits in the history of ``tip`` that changed (``added``: added) ``path``, oldest first."""
    only = ("--diff-filter=A",) if added else ()
    out = run(
        root,
        "log",
        "--reverse",
        "--full-history",
        "--format=%H",
        "--no-renames",
        *only,
        tip,
        "--",
        path,
    )
    return out.split()


def merge_base(root: Path, one: str, two: str) -> str | None:
    """The best common ancestor of two commits, or None when they share no history."""
    proc = subprocess.run(
        ["git", "merge-base", one, two], cwd=root, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() or None if proc.returncode == 0 else None


@dataclass(frozen=True)
class CommitInfo:
    """One commit: id, parents, subject and its trailers as (key, value) pairs."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    trailers: tuple[tuple[str, str], ...]


def commits_between(root: Path, tip: str, exclude: Sequence[str]) -> list[CommitInfo]:
    """Commits reachable from ``tip`` and from none of ``exclude``, oldest first."""
    fmt = "%H%x00%P%x00%s%x00%(trailers:unfold,only)%x00"
    out = run(
        root, "log", "--reverse", "--topo-order", f"--format={fmt}", tip, "--not", *exclude, "--"
    )
    fields = out.split("\0")
    commits = []
    for index in range(0, len(fields) - 4, 4):
        sha, parents, subject, block = (f.strip("\n") for f in fields[index : index + 4])
        pairs = tuple(
            (key.strip(), value.strip())
            for key, sep, value in (line.partition(":") for line in block.splitlines())
            if sep
        )
        commits.append(CommitInfo(sha, tuple(parents.split()), subject, pairs))
    return commits


@dataclass(frozen=True)
class Change:
    """One changed path: status letter, path, and the old path of a rename."""

    status: str
    path: str
    old_path: str | None = None


def _changes(tokens: list[str], index: int) -> tuple[list[Change], int]:
    """Parse ``--name-status -z`` records from ``tokens[index:]`` up to the next commit id."""
    found = []
    while index < len(tokens) and 0 < len(tokens[index]) <= 4:
        status = tokens[index]
        if status[0] in "RC":
            found.append(Change(status[0], tokens[index + 2], tokens[index + 1]))
            index += 3
        else:
            found.append(Change(status[0], tokens[index + 1]))
            index += 2
    return found, index


def commit_changes(root: Path, shas: Sequence[str]) -> dict[str, list[Change]]:
    """What each (non-merge) commit changed against its parent, renames found, in one call."""
    if not shas:
        return {}
    out = run(
        root,
        "diff-tree",
        "--stdin",
        "-r",
        "-z",
        "--name-status",
        "-M",
        "--root",
        input="".join(f"{sha}\n" for sha in shas),
    )
    tokens = out.split("\0")
    result: dict[str, list[Change]] = {sha: [] for sha in shas}
    index = 0
    while index < len(tokens):
        sha = tokens[index]
        result[sha], index = _changes(tokens, index + 1)
        if not sha:
            break
    result.pop("", None)
    return result


def merge_changes(root: Path, sha: str) -> list[str]:
    """Paths a merge commit changed against every parent (its own edits, not the merged ones)."""
    out = run(root, "diff-tree", "-r", "-z", "-c", "--name-only", "--no-commit-id", sha)
    return [name for name in out.split("\0") if name]


@dataclass(frozen=True)
class FileStat:
    """One file of a diffstat; ``added``/``deleted`` are None for binary files."""

    change: Change
    added: int | None
    deleted: int | None


def diffstat(root: Path, old: str, new: str) -> list[FileStat]:
    """The changes between two commits with line counts, renames found."""
    names, _ = _changes(run(root, "diff", "-z", "--name-status", "-M", old, new).split("\0"), 0)
    counts: dict[str, tuple[int | None, int | None]] = {}
    tokens = run(root, "diff", "-z", "--numstat", "-M", old, new).split("\0")
    index = 0
    while index < len(tokens) and tokens[index]:
        added, deleted, path = tokens[index].split("\t", 2)
        index += 1
        if not path:  # a rename: the old and new paths follow
            path, index = tokens[index + 1], index + 2
        counts[path] = (None, None) if added == "-" else (int(added), int(deleted))
    return [FileStat(c, *counts.get(c.path, (0, 0))) for c in names]

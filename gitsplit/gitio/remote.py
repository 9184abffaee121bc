"""Talking to a remote about single refs: guarded pushes, ``ls-remote``, fetches of a glob.

A push here is a compare-and-swap on the remote: ``--force-with-lease=<ref>:<expect>``
names the value the ref must have (empty: it must not exist), and the remote's
``receive-pack`` checks it under the ref's lock, so of two pushes racing for one ref
exactly one succeeds. Rejections are results, not errors; an unreachable remote is a
``GitError`` with git's own words.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from gitsplit.errors import GitError


@dataclass(frozen=True)
class PushResult:
    """What git said of one pushed ref: its status flag and summary, or why nothing happened."""

    flag: str  # git's porcelain flag: * new, + forced, space fast-forward, - deleted, ! rejected
    summary: str  # e.g. "[rejected] (stale info)", "[remote rejected] (hook declined)"
    stderr: str

    @property
    def ok(self) -> bool:
        """True when the remote took the update."""
        return self.flag in ("*", "+", " ", "-")

    @property
    def remote_refused(self) -> bool:
        """True when the remote itself refused (a hook, a policy), not the lease check."""
        return "[remote rejected]" in self.summary or "[remote failure]" in self.summary


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git and return the finished process (never raises on its exit status)."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (no `git` on PATH)") from None


def _words(proc: subprocess.CompletedProcess[str]) -> str:
    """git's last error lines, short."""
    lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
    fatal = [ln.removeprefix("fatal: ") for ln in lines if ln.startswith("fatal:")]
    return "; ".join(fatal or lines[-2:]) or f"exit status {proc.returncode}"


def push_ref(root: Path, remote: str, source: str, ref: str, *, expect: str) -> PushResult:
    """Push ``source`` (a commit; empty deletes) to ``ref`` only if the remote has ``expect``.

    ``expect`` is the object id the remote's ref must hold, or empty for "must not exist".
    Local pre-push hooks are not run: a claim ref is not code.
    """
    proc = _git(
        root,
        "push",
        "--porcelain",
        "--no-verify",
        f"--force-with-lease={ref}:{expect}",
        remote,
        f"{source}:{ref}",
    )
    for line in proc.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].endswith(f":{ref}"):
            return PushResult(parts[0][:1] or " ", parts[2], proc.stderr)
    if proc.returncode == 0:
        return PushResult("=", "[up to date]", proc.stderr)
    raise GitError(f"cannot push to {remote}: {_words(proc)}")


def remote_tip(root: Path, remote: str, ref: str) -> str | None:
    """The object id ``ref`` has on the remote now, or None when it has no such ref."""
    proc = _git(root, "ls-remote", "--refs", remote, ref)
    if proc.returncode != 0:
        raise GitError(f"cannot reach {remote}: {_words(proc)}")
    for line in proc.stdout.splitlines():
        sha, _, name = line.partition("\t")
        if name == ref:
            return sha
    return None


def fetch_glob(root: Path, remote: str, source: str, destination: str) -> None:
    """Fetch refs matching ``source/*`` into ``destination/*``, pruning the ones gone there."""
    proc = _git(
        root,
        "fetch",
        "--quiet",
        "--no-tags",
        "--prune",
        "--no-write-fetch-head",
        remote,
        f"+{source}/*:{destination}/*",
    )
    if proc.returncode != 0:
        raise GitError(f"cannot fetch from {remote}: {_words(proc)}")


def fetch_ref(root: Path, remote: str, ref: str, destination: str) -> str | None:
    """Fetch one ref into ``destination``; its object id, or None when the remote lacks it.

    Raises GitError when the remote cannot be reached or the local ref cannot be written
    (another process holding its lock): the caller may fall back to ``remote_tip``.
    """
    proc = _git(
        root,
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        remote,
        f"+{ref}:{destination}",
    )
    if proc.returncode != 0:
        if f"couldn't find remote ref {ref}" in proc.stderr:
            return None
        raise GitError(f"cannot fetch from {remote}: {_words(proc)}")
    found = _git(root, "rev-parse", "-q", "--verify", f"{destination}^{{commit}}")
    return found.stdout.strip() or None


def has_object(root: Path, sha: str) -> bool:
    """True when the object is in the local repository."""
    return _git(root, "cat-file", "-e", f"{sha}^{{commit}}").returncode == 0


def commit_text(root: Path, sha: str) -> tuple[int, str]:
    """(committer time as epoch seconds, message) of a local commit."""
    proc = _git(root, "cat-file", "commit", sha)
    if proc.returncode != 0:
        raise GitError(f"cannot read commit {sha[:12]}: {_words(proc)}")
    head, _, message = proc.stdout.partition("\n\n")
    when = 0
    for line in head.splitlines():
        if line.startswith("committer "):
            fields = line.rsplit(" ", 2)
            when = int(fields[1]) if len(fields) == 3 and fields[1].isdigit() else 0
    return when, message


_EMPTY_TREES: dict[Path, str] = {}


def empty_tree(root: Path) -> str:
    """The empty tree, written into the object store (so a push carries it)."""
    if root in _EMPTY_TREES:
        return _EMPTY_TREES[root]
    proc = subprocess.run(
        ["git", "mktree"], cwd=root, input="", capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise GitError(f"git mktree failed: {_words(proc)}")
    _EMPTY_TREES[root] = proc.stdout.strip()
    return _EMPTY_TREES[root]

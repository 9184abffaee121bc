"""git bundles: write one of a branch (or of a range), read its heads, fetch from it."""

from __future__ import annotations

from pathlib import Path

from gitsplit.errors import GitError
from gitsplit.gitio.core import run, succeeds


def create(root: Path, target: Path, *revs: str) -> None:
    """Write a bundle of ``revs`` (a branch, or ``base..branch``) to ``target``."""
    run(root, "bundle", "create", "-q", str(target), *revs)


def heads(root: Path, bundle: Path) -> dict[str, str]:
    """The refs a bundle carries: {refname: sha}; refuses a file that is not a bundle."""
    if not succeeds(root, "bundle", "verify", "-q", str(bundle)):
        raise GitError(
            f"{bundle.name} is not a git bundle this repository can read "
            "(corrupt, truncated, or its prerequisite commits are missing here)"
        )
    found = {}
    for line in run(root, "bundle", "list-heads", str(bundle)).splitlines():
        sha, _, ref = line.partition(" ")
        if sha and ref:
            found[ref] = sha
    return found


def fetch(root: Path, bundle: Path, source_ref: str, target_ref: str) -> None:
    """Fetch ``source_ref`` of a bundle into ``target_ref`` (a fast-forward only)."""
    run(root, "fetch", "-q", "--no-tags", str(bundle), f"{source_ref}:{target_ref}")


def clone(bundle: Path, target: Path, branch: str) -> None:
    """Clone a bundle into a new folder with ``branch`` checked out."""
    run(target.parent, "clone", "-q", "--branch", branch, str(bundle), str(target))

"""Which lock guards which write: one per record, one per kind for new ids, one per run start.

Every lock lives under the common git dir (``.git/gitsplit/locks/``), so all worktrees of
a repository share them. A writer of a record takes the record's lock and reads the record
again under it, so two writers never both write a change made to what they read earlier.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from gitsplit import gitio
from gitsplit.util import lockfile


def lock_dir(root: Path) -> Path:
    """The folder of gitsplit's lock files."""
    return gitio.git_dir(root, common=True) / "gitsplit" / "locks"


def _name(rel: str) -> str:
    """A flat file name for a repository path (``.workledger/workorders/WO-1.md``)."""
    return rel.replace("/", "%")


@contextlib.contextmanager
def record(root: Path, rel: str) -> Iterator[None]:
    """Hold the lock of the record at ``rel`` (relative to the repository root)."""
    with lockfile.hold(lock_dir(root) / f"{_name(rel)}.lock", what=rel):
        yield


@contextlib.contextmanager
def new_id(root: Path, prefix: str) -> Iterator[None]:
    """Hold the lock that lets one writer at a time allocate a new ``prefix`` id."""
    with lockfile.hold(lock_dir(root) / f"new-{prefix}.lock", what=f"new {prefix} ids"):
        yield


@contextlib.contextmanager
def start(root: Path, wo_id: str) -> Iterator[None]:
    """Hold the lock that lets one ``start`` (or dispatch) at a time open a run of ``wo_id``."""
    with lockfile.hold(lock_dir(root) / f"start-{wo_id}.lock", what=f"starting {wo_id}"):
        yield

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


def record_lock(rel: str) -> str:
    """The lock file name of a record path (``.workledger/workorders/WO-1.md``)."""
    return rel.replace("/", "%") + ".lock"


def start_lock(wo_id: str) -> str:
    """The lock file name that guards starting a run of ``wo_id``."""
    return f"start-{wo_id}.lock"


RENUMBER_LOCK = "renumber.lock"  # one renumbering at a time in a repository


@contextlib.contextmanager
def held(root: Path, name: str, *, what: str) -> Iterator[None]:
    """Hold the lock file ``name`` while the block runs."""
    with lockfile.hold(lock_dir(root) / name, what=what):
        yield


def record(root: Path, rel: str) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of the record at ``rel`` (relative to the repository root)."""
    return held(root, record_lock(rel), what=rel)


def new_id(root: Path, prefix: str) -> contextlib.AbstractContextManager[None]:
    """Hold the lock that lets one writer at a time allocate a new ``prefix`` id."""
    return held(root, f"new-{prefix}.lock", what=f"new {prefix} ids")


def start(root: Path, wo_id: str) -> contextlib.AbstractContextManager[None]:
    """Hold the lock that lets one ``start`` (or dispatch) at a time open a run of ``wo_id``."""
    return held(root, start_lock(wo_id), what=f"starting {wo_id}")

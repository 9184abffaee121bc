"""Journals of multi-step commands, so one that was killed can be finished or undone.

A command that changes several things (``start``: a branch, files and a commit;
``renumber``: several files) writes a journal under the common git dir before its first
change and removes it after its last, holding its lock all the while. A journal whose
lock nobody holds was left by a command that died: ``gitsplit check`` reports it and
``gitsplit recover`` (or the same command run again) finishes or undoes the work.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.ledger import locks
from gitsplit.util import lockfile
from gitsplit.util.atomic import atomic_write


def _dir(root: Path) -> Path:
    """The folder of the journals."""
    return gitio.git_dir(root, common=True) / "gitsplit" / "journal"


def begin(root: Path, key: str, lock: str, data: dict[str, Any]) -> None:
    """Record that the command ``key`` (holding lock file ``lock``) is about to change things."""
    payload = {"key": key, "lock": lock, "pid": os.getpid(), **data}
    atomic_write(_dir(root) / f"{key}.json", json.dumps(payload, indent=1) + "\n")


def end(root: Path, key: str) -> None:
    """The command ``key`` is done (or undone): forget its journal."""
    with contextlib.suppress(FileNotFoundError):
        (_dir(root) / f"{key}.json").unlink()


def read(root: Path, key: str) -> dict[str, Any] | None:
    """The journal of ``key``, or None (also for an unreadable one)."""
    try:
        data = json.loads((_dir(root) / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def abandoned(root: Path) -> list[dict[str, Any]]:
    """Journals whose command died: their lock is free (a running command holds it)."""
    folder = _dir(root)
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = read(root, path.stem)
        if data is None:
            continue
        lock = locks.lock_dir(root) / str(data.get("lock", ""))
        if not lockfile.is_held(lock):
            found.append(data)
    return found

"""A working tree's git dir, found by reading ``.git`` (never by running git).

The caches under the git dir look it up before anything else is imported, so only the
standard library's ``os`` and ``stat`` are used.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # not typing's: the paths that use this import no typing
if TYPE_CHECKING:
    from pathlib import Path


def git_dir(root: str | Path) -> str | None:
    """The git dir of the working tree at ``root`` (``.git`` or a worktree's), never via git."""
    dot = os.path.join(root, ".git")
    try:
        if stat.S_ISDIR(os.lstat(dot).st_mode):
            return dot
        with open(dot, encoding="utf-8") as handle:
            line = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    found = os.path.join(root, line[len("gitdir:") :].strip())
    return found if os.path.isdir(found) else None


def cache_path(root: str | Path, name: str) -> str | None:
    """``<git dir>/gitsplit/<name>`` for the working tree at ``root``, or None (no git dir,
    or a ``gitsplit`` folder that is a symlink: nothing is written through one)."""
    found = git_dir(root)
    if found is None or os.path.islink(os.path.join(found, "gitsplit")):
        return None
    return os.path.join(found, "gitsplit", name)

"""What names a version of some Python code on disk: its source files' names, sizes and mtimes.

A kept answer made by one version of gitsplit (or of click) must not be served by another,
so the caches key their entries by this. Only the standard library's ``os`` is used: the
kept answers look it up before anything else is imported.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: the paths that use this import no typing
if TYPE_CHECKING:
    from typing import Any


def source_files(package: str) -> tuple[Any, ...]:
    """(path, size, mtime) of every ``.py`` file under a package folder, sorted."""
    parts: list[Any] = []
    stack = [package]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    parts.append((entry.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(parts))


GITSPLIT_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

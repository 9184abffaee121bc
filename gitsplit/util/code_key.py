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


def source_files(package: str, suffix: str = ".py") -> tuple[Any, ...]:
    """(path, size, mtime) of every ``suffix`` file under a folder (all: ""), sorted."""
    parts: list[Any] = []
    stack = [package]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith(suffix):
                    st = entry.stat()
                    parts.append((entry.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(parts))


def package_folder(name: str) -> str | None:
    """A package's folder, found on sys.path as the import system finds it, without
    importing it; None when something else of that name comes first (a module, an
    extension, a namespace folder) or there is none."""
    import sys

    for entry in sys.path:
        base = os.path.abspath(entry or os.getcwd())
        folder = os.path.join(base, name)
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return folder
        try:
            names = os.listdir(base) if os.path.isdir(base) else []
        except OSError:
            return None
        if any(found == name or found.startswith(name + ".") for found in names):
            return None
    return None


GITSPLIT_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def packaged_templates() -> str | None:
    """The folder of templates shipped with gitsplit (in the wheel, or the source tree)."""
    for candidate in (GITSPLIT_PACKAGE, os.path.dirname(GITSPLIT_PACKAGE)):
        if os.path.isdir(os.path.join(candidate, "templates")):
            return os.path.join(candidate, "templates")
    return None

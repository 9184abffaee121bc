"""Where ledger files may be: regular files, named after their ids, never through a symlink.

A symlink in ``.workledger/`` would make every clone read whatever it points at (a
template linked to ``/etc/passwd`` is rendered into briefings), so the ledger is read only
from regular files inside the repository and ``check`` and the hooks refuse symlinks. A
folder named like a record (``workorders/WO-7.md/``) hides files no command reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from gitsplit.ledger import ids
from gitsplit.ledger.schema import Problem

SYMLINK_MODE = "120000"
SYMLINK = (
    "a symbolic link: ledger files and templates must be regular files in the repository "
    "(gitsplit never follows a link out of it); replace the link with the file itself"
)
RECORD_FOLDER = "a folder named like a record; ledger records are files (move what is in it)"


def record_folder(rel: str) -> str | None:
    """The folder of ``rel`` that is named like a record (``…/workorders/WO-7.md``), if any."""
    parts = PurePosixPath(rel).parts
    if len(parts) < 4 or parts[0] != ids.LEDGER_DIR:
        return None
    if parts[1] in ids.BY_FOLDER and parts[2].endswith(".md"):
        return "/".join(parts[:3])
    if parts[1] == "runs" and len(parts) > 4 and parts[3].endswith(".md"):
        return "/".join(parts[:4])
    return None


def path_problems(paths: Iterable[str], symlinks: Iterable[str] = ()) -> list[Problem]:
    """Symlinks, and files inside folders named like records, among ledger paths."""
    problems = [Problem(rel, None, SYMLINK, "symlink") for rel in symlinks]
    folders = {folder for rel in paths if (folder := record_folder(rel)) is not None}
    problems += [Problem(folder, None, RECORD_FOLDER, "layout") for folder in sorted(folders)]
    return problems


def walk(root: Path) -> tuple[list[str], list[str]]:
    """(every regular file, every symlink) under ``.workledger/``, without following links."""
    files: list[str] = []
    links: list[str] = []
    for folder, dirs, names in os.walk(root / ids.LEDGER_DIR):
        here = Path(folder)
        for name in sorted([*dirs, *names]):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                links.append(rel)
            elif name in names:
                files.append(rel)
    return files, links


def linked(root: Path, rel: str) -> bool:
    """True when ``rel`` or a folder on its way from ``root`` is a symbolic link."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False

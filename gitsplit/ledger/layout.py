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
    parts = rel.split("/")  # not PurePosixPath: check calls this for every ledger file
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
    """(every regular file, every symlink) under ``.workledger/``, without following links.

    One ``scandir`` per folder: its entries know whether they are links without another
    system call (os.walk and Path.is_symlink cost a quadratic membership test and a stat
    per file, seconds at 10,000 records).
    """
    files: list[str] = []
    links: list[str] = []
    stack = [(os.path.join(root, ids.LEDGER_DIR), ids.LEDGER_DIR)]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            path = f"{rel}/{entry.name}"
            if entry.is_symlink():
                links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, path))
            else:
                files.append(path)
    return sorted(files), sorted(links)


def linked(root: Path, rel: str) -> bool:
    """True when ``rel`` or a folder on its way from ``root`` is a symbolic link."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False

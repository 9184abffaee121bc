"""A work order's briefing of a commit, kept against everything it is made from (D-78).

A briefing of a commit reads nothing but that commit (its ledger, tracked files, config
and template overrides), the refs (the authority branch's tip is the base) and
gitsplit's own code, templates and Jinja2. So its output is kept under a key of exactly
those: the request (work order, budget, character bound, format, base, branch), the
commit, the base's commit when one is named, every ref with HEAD (``git show-ref
--head``), and the source files of gitsplit, its packaged templates, Jinja2 and
MarkupSafe with Python's version. A hit prints the kept text, warnings and summary line;
the warning about uncommitted ledger files is made afresh every time, from the files
the briefing read. In ``<git dir>/gitsplit/answer-brief`` (the last briefing only),
deleted at any time, off with ``GITSPLIT_NO_INDEX=1`` or ``GITSPLIT_NO_KEPT_ANSWERS=1``.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from gitsplit.ledger.answer_cache import git_output
from gitsplit.util import cache_file
from gitsplit.util.code_key import (
    GITSPLIT_PACKAGE,
    package_folder,
    packaged_templates,
    source_files,
)
from gitsplit.util.git_dir import cache_path

FILE_NAME = "answer-brief"
MAX_BYTES = 64 * 1024 * 1024
_FORMAT = 1
_MAGIC = b"gitsplit-brief\x00" + bytes([_FORMAT])
# (the text printed, the warnings, the ledger paths read, the summary line)
Kept = tuple[str, list[str], list[str], str]


def key(root: Path, request: tuple[Any, ...], rev: str, base: str | None) -> bytes | None:
    """The key of a briefing of the commit ``rev`` names, with ``base`` as given, or None
    when none may be kept here (off, or a name that names no commit: the briefing made as
    usual says what is wrong)."""
    if cache_file.kept_answers_off():
        return None
    from gitsplit import gitio

    commit = gitio.resolve(root, f"{rev}^{{commit}}")
    base_commit = None if base is None else gitio.resolve(root, f"{base}^{{commit}}")
    refs = git_output(str(root), "show-ref", "--head")
    if commit is None or (base is not None and base_commit is None) or refs is None:
        return None
    templates = packaged_templates()
    folders = [package_folder("jinja2"), package_folder("markupsafe")]
    if templates is None or None in folders:
        return None
    try:
        code = (
            source_files(GITSPLIT_PACKAGE),
            source_files(templates, ""),
            *(source_files(folder) for folder in folders if folder is not None),
        )
    except OSError:
        return None
    parts = (_FORMAT, request, commit, base_commit, refs, tuple(sys.version_info[:3]), code)
    return marshal.dumps(parts, 0)


def lookup(root: Path, stored: bytes) -> Kept | None:
    """The briefing kept for exactly this key, or None."""
    path = cache_path(root, FILE_NAME)
    if path is None:
        return None
    try:
        kept = cache_file.read(path, _MAGIC, stored, MAX_BYTES)
        value = None if kept is None else marshal.loads(kept)
    except (ValueError, EOFError, TypeError):
        return None
    if not (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[3], str)
        and all(isinstance(items, list) for items in value[1:3])
        and all(isinstance(item, str) for items in value[1:3] for item in items)
    ):
        return None
    return value


def keep(root: Path, stored: bytes, value: Kept) -> None:
    """Keep a briefing for its key (best effort: it is a cache)."""
    path = cache_path(root, FILE_NAME)
    if path is not None:
        cache_file.write(path, _MAGIC, stored, marshal.dumps(value))

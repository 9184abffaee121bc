"""Atomic writes: whole files or nothing, with the modes a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gitsplit.errors import GitsplitError
from gitsplit.util.atomic import atomic_write


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a" / "new.md", "text\n")
    finally:
        os.umask(old)
    assert (tmp_path / "a" / "new.md").read_text(encoding="utf-8") == "text\n"
    assert mode(tmp_path / "a" / "new.md") == 0o644


def test_rewrite_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "kept.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o664)
    atomic_write(path, "new\n")
    assert mode(path) == 0o664
    assert path.read_text(encoding="utf-8") == "new\n"


def test_exclusive_never_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "WO-1.md"
    path.write_text("mine\n", encoding="utf-8")
    with pytest.raises(GitsplitError, match="already exists; not overwriting it"):
        atomic_write(path, "theirs\n", exclusive=True)
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WO-1.md"]


def test_line_endings_are_written_as_given(tmp_path: Path) -> None:
    atomic_write(tmp_path / "crlf.md", "a\r\nb\r\n")
    assert (tmp_path / "crlf.md").read_bytes() == b"a\r\nb\r\n"

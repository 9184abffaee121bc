"""Atomic file writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gitsplit.errors import GitsplitError
from gitsplit.util import killpoint

TEMP_SUFFIX = ".tmp"


class AlreadyExistsError(GitsplitError):
    """An exclusive write found a file already there (nothing was written)."""


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` all at once; with ``exclusive``, never replace a file.

    Failures of the file system (a file where a folder should be, no permission, a full
    disk) become a GitsplitError naming the path; nothing is left half-written.
    """
    try:
        _write(path, text, exclusive=exclusive)
    except OSError as exc:
        raise GitsplitError(f"cannot write {exc.filename or path}: {exc.strerror or exc}") from None


def _write(path: Path, text: str, *, exclusive: bool) -> None:
    """Write a temporary file next to ``path``, then link or rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: with shutil and lzma, a tenth of a read-only command's imports

    # the pid in the name tells `gitsplit check` whether the writer of a leftover is alive
    fd, temp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        killpoint.reach("write.temp", path.name)
        if exclusive:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise AlreadyExistsError(f"{path} already exists; not overwriting it") from None
        else:
            os.replace(temp, path)
        killpoint.reach("write.placed", path.name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _mode_for(path: Path) -> int:
    """The mode the file should have: its current one, or what the umask gives a new file.

    mkstemp creates 0600 files; without this every record gitsplit wrote (or rewrote)
    became unreadable to the group and others.
    """
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def is_temp_name(name: str) -> bool:
    """True for the name of a temporary file ``atomic_write`` makes (``.WO-1.md.123.x7.tmp``)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


def temp_writer(name: str) -> int | None:
    """The pid of the process that made a temporary file, when its name says so."""
    parts = name[: -len(TEMP_SUFFIX)].split(".")
    return int(parts[-2]) if len(parts) >= 4 and parts[-2].isdigit() else None


def process_alive(pid: int) -> bool:
    """True when a process with this pid exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` all at once (a temporary file in the same folder, then rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, temp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), _mode_for(path))
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    except OSError as exc:
        raise GitsplitError(f"cannot write {exc.filename or path}: {exc.strerror or exc}") from None

"""Lock files under the git dir: one writer at a time, released by the kernel when it dies.

A lock is a file ``<name>.lock`` held with ``flock``: a writer killed with SIGKILL releases
it with its process, so a lock is never stale and never needs removing by hand. The file
keeps the holder's pid and command for the message a waiting writer gives up with. The
files are never deleted (deleting a flock file lets two writers hold "the same" lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from gitsplit.errors import GitsplitError

WAIT_SECONDS = 30.0
_POLL = 0.02


class LockBusyError(GitsplitError):
    """Another process held a lock for longer than we were willing to wait."""


@contextlib.contextmanager
def hold(path: Path, *, what: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock at ``path`` while the block runs; wait up to ``wait`` seconds for it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise GitsplitError(f"cannot lock {what}: {path}: {exc.strerror or exc}") from None
    try:
        _acquire(fd, path, what=what, wait=wait)
        _say_who(fd)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _acquire(fd: int, path: Path, *, what: str, wait: float) -> None:
    """Take the flock, polling until ``wait`` runs out (then name the holder)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockBusyError(
                    f"{what} is locked by another gitsplit ({holder(path) or 'unknown'})",
                    hint="wait for it to end and run this again",
                ) from None
            time.sleep(_POLL)


def _say_who(fd: int) -> None:
    """Write our pid and command into the lock file, for a waiting writer's message."""
    words = f"pid {os.getpid()}: {' '.join(sys.argv[1:3])}\n".encode()
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, words, 0)


def holder(path: Path) -> str:
    """What the lock file says about its last holder ('' when unreadable)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def is_held(path: Path) -> bool:
    """True while some live process holds the lock at ``path``."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False

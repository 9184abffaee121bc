"""The hooks' lean line to git: ``git`` processes started with ``os.posix_spawnp``.

Every other module talks to git through ``gitsplit.gitio``. The hooks run on every commit,
and importing ``gitio`` brings in ``subprocess``, ``dataclasses`` and ``pathlib``: on a slow
machine that alone is 30 ms, most of the budget (decision "Git hooks under 50 ms"). This
module is the hot-path half of the git layer: the same rules (plain ``git``, failures
become ``GitError``), with nothing imported beyond ``os``.
"""

from __future__ import annotations

import os

from gitsplit.errors import GitError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs the hooks ~10 ms
if TYPE_CHECKING:
    from types import TracebackType

_SPAWN = hasattr(os, "posix_spawnp")


def run(*args: str, check: bool = True) -> tuple[int, bytes]:
    """Run ``git args``; returns (exit status, stdout). Raises GitError when ``check`` fails."""
    return Started(*args).result(check=check)


class Started:
    """A git process started now and read later, so that independent git calls overlap."""

    def __init__(self, *args: str) -> None:
        self.args = args
        argv = ["git", *args]
        if not _SPAWN:  # pragma: no cover - Windows
            import subprocess

            self._proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            return
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            self._pid = _spawn(
                argv, [(os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
            )
        except BaseException:
            os.close(out_r)
            os.close(err_r)
            raise
        finally:
            os.close(out_w)
            os.close(err_w)
        self._out, self._err = out_r, err_r

    def result(self, *, check: bool = True) -> tuple[int, bytes]:
        """Wait for the process: (exit status, stdout); GitError when ``check`` fails."""
        if not _SPAWN:  # pragma: no cover - Windows
            out, err = self._proc.communicate()
            code = self._proc.returncode
        else:
            out = _drain(self._out)
            err = _drain(self._err)
            code = _wait(self._pid)
        if check and code != 0:
            words = err.decode("utf-8", "replace").strip() or f"exit status {code}"
            raise GitError(f"git {' '.join(self.args[:2])} failed: {words}")
        return code, out


def _spawn(argv: list[str], actions: list[tuple[int, int, int]]) -> int:
    """posix_spawnp with our environment, or GitError when git is not installed."""
    try:
        return os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    except FileNotFoundError:
        raise GitError("git is not installed (no `git` on PATH)") from None


def _drain(fd: int) -> bytes:
    """Read a pipe to its end and close it."""
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _wait(pid: int) -> int:
    """Wait for a child and return its exit status."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


class Objects:
    """One ``git cat-file --batch`` process, asked one object at a time.

    With ``contents=False`` it runs ``--batch-check``: ids and types only, content empty.
    """

    def __init__(self, *, contents: bool = True) -> None:
        self._buffer = b""
        self._contents = contents
        argv = ["git", "cat-file", "--batch" if contents else "--batch-check"]
        if not _SPAWN:  # pragma: no cover - Windows
            import subprocess

            self._proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._in, self._out = self._proc.stdin.fileno(), self._proc.stdout.fileno()
            self._pid = 0
            return
        in_r, self._in = os.pipe()
        self._out, out_w = os.pipe()
        try:
            self._pid = _spawn(
                argv, [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1)]
            )
        finally:
            os.close(in_r)
            os.close(out_w)

    def __enter__(self) -> Objects:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, name: str) -> tuple[str, str, bytes] | None:
        """(object id, type, content) of ``rev:path``, ``:path`` or an id; None if absent."""
        if "\n" in name:
            return None
        os.write(self._in, name.encode("utf-8", "surrogateescape") + b"\n")
        header = self._take_line().split()
        if len(header) != 3:  # "<name> missing" / "<name> ambiguous"
            return None
        data = self._take(int(header[2]) + 1)[:-1] if self._contents else b""
        return header[0].decode(), header[1].decode(), data

    def blob(self, name: str) -> bytes | None:
        """The content of a blob, or None when it is absent or not a blob."""
        found = self.read(name)
        return found[2] if found and found[1] == "blob" else None

    def close(self) -> None:
        """End the process."""
        if self._in < 0:
            return
        if not _SPAWN:  # pragma: no cover - Windows
            self._proc.communicate()
            self._in = -1
            return
        os.close(self._in)
        self._in = -1
        _drain(self._out)
        _wait(self._pid)

    def _take_line(self) -> bytes:
        """Read up to and including the next newline; returns the line without it."""
        while b"\n" not in self._buffer:
            self._fill()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _take(self, size: int) -> bytes:
        """Read exactly ``size`` bytes."""
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _fill(self) -> None:
        """Read more output, or fail when git stopped answering."""
        chunk = os.read(self._out, 1 << 16)
        if not chunk:
            raise GitError("git cat-file stopped answering")
        self._buffer += chunk


def tree_entries(data: bytes, *, id_size: int = 20) -> list[tuple[str, str, str]]:
    """(mode, name, object id) of each entry of a raw tree (ids of ``id_size`` bytes)."""
    entries = []
    pos = 0
    while pos < len(data):
        space = data.index(b" ", pos)
        nul = data.index(b"\0", space)
        mode = data[pos:space].decode()
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries.append((mode, name, data[nul + 1 : nul + 1 + id_size].hex()))
        pos = nul + 1 + id_size
    return entries

"""The last answer of a command that reads the ledger, kept against all it was made from.

A warm ``queue --json`` or ``check`` at 10,000 work orders spends most of its time making
again the answer it gave last time. This keeps that answer with a key of all it depends
on: the request (command and filters), gitsplit's code and Python's version, the config
file's bytes, the stat data of the ledger's files (of ``workorders/`` for the queue, of
all of ``.workledger/`` for check), as git's index and the record index use it, and every
ref with HEAD and the branch it names (the live overlay, the authority branch and the
checkpoints' history are read from those). A key that differs in anything makes the
answer again, kept in turn. The file holds the key's bytes ahead of the answer, so a look
compares bytes and reads back only the answer (D-75).

A file changed within two seconds of the look is never trusted (its mtime could hide a
second write in the same clock tick), so nothing is kept or served then. The answer is kept
under the key taken before it was made (D-79): whatever changes while it is made shows in
the next key (a file's ctime only moves forward, refs and bytes differ), so an answer made
of changed input is kept under a key that no longer matches anything. A cache:
``.git/gitsplit/answer-<command>``, deleted at any time, off with ``GITSPLIT_NO_INDEX=1``
(with the index) or ``GITSPLIT_NO_KEPT_ANSWERS=1`` (alone).
Only the standard library is imported here, so a hit loads neither PyYAML nor the ledger.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import time

from gitsplit.util import cache_file
from gitsplit.util.code_key import GITSPLIT_PACKAGE, source_files

FILE_PREFIX = "answer-"
RACY_NS = 2_000_000_000
MAX_BYTES = 256 * 1024 * 1024
_FORMAT = 3
# The file: this magic, the length of the key's bytes (8 bytes), the key's bytes, then the
# answer. A lookup compares bytes and unmarshals only the answer, never a 10,000-file key.
_MAGIC = b"gitsplit-answer\x00" + bytes([_FORMAT])

TYPE_CHECKING = False  # not typing's: a bare poll imports no typing (cli/poll.py)
if TYPE_CHECKING:
    from typing import Any

    Key = tuple[Any, ...]


# Claims on (docs/claims.md): the listings fetch the remote's claims and show their age,
# which the clock changes; such an answer is never kept.
_CLAIMS_ON = re.compile(rb"(?m)^claims:[ \t]*[\"']?(optional|required)\b")


def lookup(
    request: tuple[str, ...],
    *,
    whole: bool = False,
    tracked: bool = False,
    claims_shown: bool = False,
) -> tuple[str, Key, Any] | None:
    """(cache file, key, the kept answer or None), or None when no cache may be used here.

    ``request[0]`` names the command (and the file); ``whole``: the key holds every file
    of ``.workledger/``, not only the work orders; ``tracked``: also the list of tracked
    files (git's index), which check's scope warnings read; ``claims_shown``: the answer
    shows the remote's claims, so with claims on nothing is kept.
    """
    if cache_file.kept_answers_off():
        return None
    found = _repository()
    if found is None:
        return None
    root, git_dir, head = found
    key = make_key(root, (*request, head), whole=whole, tracked=tracked)
    if key is None or (claims_shown and _CLAIMS_ON.search(key[3] or b"")):
        return None
    path = os.path.join(git_dir, "gitsplit", FILE_PREFIX + request[0])
    return path, key, _read(path, key)


def keep(path: str, key: Key, answer: Any) -> None:
    """Keep ``answer`` (plain data) under ``key``, the key ``lookup`` took before it was made."""
    try:
        stored = _key_bytes(key)
        data = marshal.dumps(answer)
    except ValueError:  # not plain data: nothing is kept
        return
    cache_file.write(path, _MAGIC, stored, data)


def make_key(
    root: str, request: tuple[str, ...], *, whole: bool = False, tracked: bool = False
) -> Key | None:
    """Everything an answer depends on, or None when some of it cannot be trusted."""
    now = time.time_ns()
    ledger = os.path.join(root, ".workledger")
    folder = os.path.join(ledger, "workorders")
    files: list[tuple[Any, ...]] = []
    try:
        for where in (ledger, folder):
            if os.path.islink(where) or not os.path.isdir(where):
                return None
        stack = [(ledger if whole else folder, "")]
        while stack:
            here, prefix = stack.pop()
            with os.scandir(here) as entries:
                for entry in entries:
                    st = entry.stat(follow_symlinks=False)
                    if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
                        return None
                    name = prefix + entry.name
                    files.append(
                        (name, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                    )
                    if whole and entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, name + "/"))
        config = _config(os.path.join(ledger, "config.yaml"))
        code = _code()
    except OSError:
        return None
    refs = git_output(root, "show-ref", "--head")
    if refs is None:
        return None
    listed: bytes | None = b""
    if tracked:
        listed = git_output(root, "ls-files", "-z")
        if listed is None:
            return None
        import hashlib  # only here: it loads OpenSSL, 3-5 ms a bare poll need not pay

        listed = hashlib.sha1(listed).digest()
    # unsorted: a folder nothing changed in lists in the same order, and any other order
    # only makes a key that matches nothing (a miss, never a wrong answer)
    return (_FORMAT, request, code, config, refs, tuple(files), listed)


def _config(path: str) -> bytes | None:
    """The config file's bytes (None when there is none); a link is refused by the caller."""
    if os.path.islink(path):
        raise OSError("a link")
    try:
        with open(path, "rb") as handle:
            return handle.read(1024 * 1024)
    except FileNotFoundError:
        return None


def _code() -> tuple[Any, ...]:
    """gitsplit's source files (name, size, mtime) and Python's version."""
    return (*source_files(GITSPLIT_PACKAGE), tuple(sys.version_info[:3]))


def _repository() -> tuple[str, str, str] | None:
    """(work tree root, git dir, the branch HEAD names or ``HEAD``) here, or None."""
    out = git_output(
        None, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--symbolic-full-name", "HEAD"
    )
    lines = out.decode("utf-8", "surrogateescape").splitlines() if out else []
    return (lines[0], lines[1], lines[2]) if len(lines) == 3 else None


def git_output(root: str | None, *args: str) -> bytes | None:
    """A git command's output, or None when it fails (``show-ref`` of no refs is empty)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError:
        return None
    if proc.returncode != 0 and not (args[0] == "show-ref" and not proc.stdout):
        return None
    return proc.stdout


def _key_bytes(key: Key) -> bytes:
    """The key as bytes: marshal's version 0 writes no references and no interning marks,
    so equal keys give equal bytes (and bytes decode to one key: equal bytes, equal keys)."""
    return marshal.dumps(key, 0)


def _read(path: str, key: Key) -> Any:
    """The kept answer when the file holds one for exactly this key, else None."""
    try:
        kept = cache_file.read(path, _MAGIC, _key_bytes(key), MAX_BYTES)
        return None if kept is None else marshal.loads(kept)
    except (ValueError, EOFError, TypeError):
        return None

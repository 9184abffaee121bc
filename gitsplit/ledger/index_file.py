"""The index file on disk: two pickled tables behind a header and checksums (D-46).

Layout: ``MAGIC``; the length of part one (8 bytes); part one, the tuple
``(fingerprint, folders, blobs, memo)``; part two, ``{blob id: text}``, unpickled only
when a record's body is asked for. Each part is a CRC-32, then a protocol-5 pickle; both
checksums are verified when the file is read. Unpickling goes through a loader that
refuses every class and function, so the file can only ever give back plain data, never
run code. A file that is missing, a symlink, torn, of another format, from another
gitsplit or another parser, or whose checksum fails reads as empty: the index is a cache,
and a cache that cannot be trusted is rebuilt. Writes go to a temporary file beside it and
are renamed over it, so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from typing import Any

from gitsplit import __version__
from gitsplit.util.bounded_read import read_at_most

MAGIC = b"gitsplit-index\x00\x05"
FILE_NAME = "index"
MAX_BYTES = 512 * 1024 * 1024

Folders = dict[str, dict[str, tuple[Any, ...]]]
Blobs = dict[str, tuple[Any, ...]]
Texts = dict[str, str]
Memo = dict[str, Any]
Tables = tuple[Folders, Blobs, Memo, Callable[[], Texts]]


class _PlainUnpickler(pickle.Unpickler):
    """An unpickler that can build plain data only: every global is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the index holds only plain data, not {module}.{name}")


def fingerprint() -> tuple[Any, ...]:
    """What cached parses depend on: this format, gitsplit, Python, the ledger's source files."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts: list[Any] = [MAGIC.decode("latin-1"), __version__, tuple(sys.version_info[:2])]
    try:
        with os.scandir(here) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    parts.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        parts.append(None)
    return tuple(parts)


def read(path: str, expected: tuple[Any, ...]) -> Tables:
    """The tables stored at ``path`` and a loader of its texts; empty when not trustworthy."""
    data = read_at_most(path, MAX_BYTES)
    if data is None:
        return {}, {}, {}, dict
    return decode(data, expected)


def decode(data: bytes, expected: tuple[Any, ...]) -> Tables:
    """Parse the bytes of an index file (empty tables for anything untrustworthy)."""
    start = len(MAGIC) + 8
    if len(data) > MAX_BYTES or len(data) < start or not data.startswith(MAGIC):
        return {}, {}, {}, dict
    size = int.from_bytes(data[len(MAGIC) : start], "big")
    view = memoryview(data)
    second = view[start + size :]
    if not _intact(second):
        return {}, {}, {}, dict
    first = _unpickle(view[start : start + size])
    if not (
        isinstance(first, tuple)
        and len(first) == 4
        and first[0] == expected
        and all(isinstance(table, dict) for table in first[1:])
    ):
        return {}, {}, {}, dict

    def texts() -> Texts:
        found = _unpickle(second)
        return found if isinstance(found, dict) else {}

    return first[1], first[2], first[3], texts


def encode(
    expected: tuple[Any, ...], folders: Folders, blobs: Blobs, memo: Memo, texts: Texts
) -> bytes:
    """The bytes of an index file holding these tables."""
    first = _pickled((expected, folders, blobs, memo))
    return MAGIC + len(first).to_bytes(8, "big") + first + _pickled(texts)


def write(path: str, data: bytes) -> bool:
    """Replace the file atomically; False (and nothing left behind) when that fails."""
    folder = os.path.dirname(path)
    temp = os.path.join(folder, f".{FILE_NAME}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        if os.path.islink(folder):
            return False
        os.makedirs(folder, exist_ok=True)
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def _pickled(value: Any) -> bytes:
    """A CRC-32 of the pickle, then the pickle."""
    payload = pickle.dumps(value, protocol=5)
    return zlib.crc32(payload).to_bytes(4, "big") + payload


def _intact(part: memoryview) -> bool:
    """True when a part's checksum matches its pickle."""
    return len(part) >= 4 and zlib.crc32(part[4:]) == int.from_bytes(part[:4], "big")


def _unpickle(part: memoryview) -> Any:
    """The plain data of one part, or None when its checksum or its pickle is bad."""
    if not _intact(part):
        return None
    try:
        return _PlainUnpickler(io.BytesIO(part[4:])).load()
    except Exception:  # a damaged pickle can raise almost anything; the file is then ignored
        return None

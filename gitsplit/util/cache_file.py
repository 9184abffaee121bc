"""One kept answer in a file: a magic, the key's length and bytes, then the kept data.

The caches under the git dir (kept listings, the kept config parse, the kept help, the
kept briefing) share this layout. A look compares the key's bytes and hands back only the
data after them, so nothing is decoded for a key that does not match. A file is written
to a temporary name and renamed, so a reader never sees half of one; a write that fails
costs time only. Only the standard library's ``os`` is used (the kept answers are looked
up before anything else is imported).
"""

from __future__ import annotations

import os

from gitsplit.util.bounded_read import read_at_most

_LENGTH = 8  # bytes of the key's length, little-endian
ALL_OFF = "GITSPLIT_NO_INDEX"  # every cache off: the index, the kept answers, the templates
ANSWERS_OFF = "GITSPLIT_NO_KEPT_ANSWERS"  # the kept answers only; the index stays on


def kept_answers_off() -> bool:
    """True when no kept answer may be served or kept (either switch is set)."""
    return bool(os.environ.get(ALL_OFF) or os.environ.get(ANSWERS_OFF))


def read(path: str, magic: bytes, key: bytes, limit: int) -> memoryview | None:
    """The data kept in ``path`` for exactly ``key``, or None (absent, damaged, another key)."""
    data = read_at_most(path, limit)
    start = len(magic) + _LENGTH
    if data is None or len(data) > limit or not data.startswith(magic):
        return None
    size = int.from_bytes(data[len(magic) : start], "little")
    if data[start : start + size] != key:
        return None
    return memoryview(data)[start + size :]


def write(path: str, magic: bytes, key: bytes, data: bytes) -> None:
    """Keep ``data`` for ``key`` in ``path``, whole or not at all (best effort)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(magic + len(key).to_bytes(_LENGTH, "little") + key + data)
        os.replace(temporary, path)
    except OSError:
        try:  # noqa: SIM105 (contextlib is one more import on the paths that use this)
            os.unlink(temporary)
        except OSError:
            pass

"""Compiled templates kept under the git dir, so a briefing does not compile its templates anew.

Jinja2 turns each template into Python code before it renders it; a work order's briefing
renders eleven, and compiling them cost ~60 ms of every ``brief``, ``start`` and
``dispatch``. Jinja's own ``FileSystemBytecodeCache`` keeps that code by template name,
file name and the SHA-1 of the source, and writes it to a temporary name it renames. It
lives in ``<git dir>/gitsplit/templates-<digest>/``, where the digest names the gitsplit
code that decides what the compiled code looks like (the sandbox, the bounds, the
environment's options): another gitsplit uses a folder of its own. Anything unreadable
there is a miss, and it is read without pickle (Jinja's own reader unpickles its header);
a cache that cannot be written costs time only. It holds code, as ``__pycache__`` does:
whoever can write the git dir can run code through its hooks already. A folder that is a
symlink is not used. ``GITSPLIT_NO_INDEX=1`` turns it off with the other caches (D-73).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import Any

from gitsplit.util.bounded_read import read_at_most

PREFIX = "templates-"
MAX_BYTES = 4 * 1024 * 1024  # a compiled template is a few KB; anything larger is not ours
# The modules whose code shapes the compiled templates: a change to any makes a new folder.
SHAPERS = ("templates.py", "template_render.py", "template_limits.py", "template_cache.py")


def bytecode_cache(root: Path | None) -> Any:
    """A Jinja bytecode cache for the repository at ``root``, or None (no repository, off)."""
    from gitsplit.util.cache_file import ALL_OFF
    from gitsplit.util.git_dir import cache_path

    if root is None or os.environ.get(ALL_OFF):
        return None
    # never made or written through a link out of the git dir (cache_path refuses one)
    folder = cache_path(root, PREFIX + _digest())
    if folder is None:
        return None
    parent = os.path.dirname(folder)
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
            _drop_others(parent, folder)
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            return None
    except OSError:
        return None
    return _cache_class()(folder)


@functools.cache
def _digest() -> str:
    """A short hash of the shaping modules' bytes and the package's version."""
    from gitsplit import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha1(__version__.encode())
    for name in SHAPERS:
        with contextlib.suppress(OSError), open(os.path.join(here, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def _drop_others(parent: str, keep: str) -> None:
    """Remove the folders an earlier gitsplit kept (best effort: it is a cache)."""
    with contextlib.suppress(OSError), os.scandir(parent) as entries:
        for entry in entries:
            if (
                entry.name.startswith(PREFIX)
                and entry.path != keep
                and entry.is_dir(follow_symlinks=False)
            ):
                shutil.rmtree(entry.path, ignore_errors=True)


def _cache_class() -> type[Any]:
    """Jinja's file cache, read without pickle: a damaged entry is a miss, a failed write
    nothing."""
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            data = read_at_most(self._get_cache_filename(bucket), MAX_BYTES)
            if data is None:
                return
            bucket.code = _code_of(data, bucket.checksum)

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(Exception):
                super().dump_bytecode(bucket)

    return QuietCache


def _code_of(data: bytes, checksum: str) -> Any:
    """The compiled code in a cache file Jinja wrote, or None when it is not for ``checksum``.

    Jinja's header is its magic and the source's checksum as a pickled string; the string
    is read by an unpickler that refuses every class, so the file can hold no object but
    the code it was written for.
    """
    import io
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    class PlainUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            raise pickle.UnpicklingError(f"refused: {module}.{name}")

    if len(data) > MAX_BYTES or not data.startswith(bc_magic):
        return None
    stream = io.BytesIO(data)
    stream.seek(len(bc_magic))
    try:
        if PlainUnpickler(stream).load() != checksum:
            return None
        code = marshal.load(stream)
    except Exception:  # torn, damaged or foreign: compile again
        return None
    return code if type(code).__name__ == "code" else None

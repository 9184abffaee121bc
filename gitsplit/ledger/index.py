"""The index of parsed records, keyed by git blob id, under the git dir (disposable).

A record's git blob id (``sha1("blob <size>\\0" + bytes)``) names its content exactly, so
what parsing that content gave is stored against it: a warm listing reads one file
instead of parsing thousands of YAML frontmatters. A working-tree file is matched to its
blob id by its stat data (size, mtime, ctime, inode), as git's own index does, and read
and hashed again whenever any of those changed; stat data younger than ``RACY_NS`` is not
kept, so an edit within the same clock tick is never missed (D-47). Only regular files
are served from the index: symlinks and anything else go through the ordinary reader,
which refuses them. ``GITSPLIT_NO_INDEX=1`` turns the index off.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gitsplit.errors import RecordError
from gitsplit.ledger import ids, plain_data
from gitsplit.ledger.fileformat import MAX_RECORD_BYTES, Document, decode
from gitsplit.ledger.record_lines import split_lines
from gitsplit.util.bounded_read import read_at_most
from gitsplit.util.cache_file import ALL_OFF
from gitsplit.util.git_dir import git_dir as git_dir

ENV_OFF = ALL_OFF  # every cache off (util/cache_file.py)
RACY_NS = 2_000_000_000
WRITE_AFTER = 32  # fewer misses than this cost less to redo than to rewrite the index
Result = Document | RecordError
Scan = list[tuple[str, Result | None]]  # what ``RecordIndex.scan`` gives: (path, record or None)


class IndexedDocument(Document):
    """A Document whose frontmatter lines and body are split from its text on first use."""

    def __init__(
        self,
        path: str,
        fields: dict[str, Any],
        cached: tuple[Any, ...],
        source: tuple[RecordIndex, str, str | None],
    ) -> None:
        self.path, self.fields, self.head, self.close = path, fields, cached[1], cached[2]
        self._count: int = cached[3]
        self._source = source

    @property
    def sha(self) -> str:
        """The git blob id of the record's content."""
        return self._source[1]

    def __getattr__(self, name: str) -> Any:
        if name not in ("body", "frontmatter") or "_source" not in self.__dict__:
            raise AttributeError(name)
        index, sha, full = self._source
        lines = split_lines(index.text_of(sha, full))
        self.frontmatter = lines[1 : 1 + self._count]
        self.body = "".join(lines[2 + self._count :])
        return self.__dict__[name]


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these bytes (SHA-1 object format)."""
    import hashlib  # here: OpenSSL's load is paid only by a command that hashes an edit

    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class RecordIndex:
    """Parsed records by blob id, and the stat data of the working-tree files they came from."""

    def __init__(self, path: str) -> None:
        from gitsplit.ledger import index_file  # here: pickle, for a command that reads it

        self.path = path
        self._print = index_file.fingerprint()
        self._folders, self._blobs, self._memo, self._load_texts = index_file.read(
            path, self._print
        )
        self._used_memo: set[str] = set()
        self._texts: dict[str, str] | None = None
        self._new_texts: dict[str, str] = {}
        self._used: set[str] = set()
        self._handed: set[str] = set()
        self._misses = 0
        self._held = 0

    @classmethod
    def open(cls, root: Path) -> RecordIndex | None:
        """The index of the working tree at ``root``; None when off or there is no git dir."""
        if os.environ.get(ENV_OFF) or (found := git_dir(root)) is None:
            return None
        from gitsplit.ledger.index_file import FILE_NAME

        return cls(os.path.join(found, "gitsplit", FILE_NAME))

    def scan(self, root: Path, folder: str, *, skip: str = "\0") -> Scan:
        """Every ``*.md`` file of a folder (but ``*skip``) in id order; None: not served here."""
        base = os.path.join(root, folder)
        try:
            with os.scandir(base) as entries:
                names = [
                    e.name
                    for e in entries
                    if e.name.endswith(".md") and e.name[0] != "." and not e.name.endswith(skip)
                ]
        except OSError:
            return []
        names.sort(key=lambda name: ids.sort_key(name[:-3]))
        known = self._folders.get(folder, {})
        table: dict[str, tuple[Any, ...]] = {}
        now = time.time_ns()
        results = [(f"{folder}/{n}", self._one(base, folder, n, known, table, now)) for n in names]
        if table != known:
            self._folders[folder] = table
            self._misses += 1 + sum(1 for n in table if known.get(n) != table[n])
        return results

    def _one(
        self,
        base: str,
        folder: str,
        name: str,
        known: dict[str, tuple[Any, ...]],
        table: dict[str, tuple[Any, ...]],
        now: int,
    ) -> Result | None:
        """One file: from its stat data when it matches, else read, hashed and parsed."""
        full = os.path.join(base, name)
        rel = f"{folder}/{name}"
        try:
            st = os.lstat(full)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_RECORD_BYTES:
            return None
        key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        entry = known.get(name)
        if entry is not None and entry[0] == key and entry[1] in self._blobs:
            table[name] = entry
            return self._build(entry[1], rel, None, full)
        data = read_at_most(full, MAX_RECORD_BYTES, size=st.st_size)  # lstat-ed just now
        if data is None:
            return None
        sha = blob_id(data)
        if now - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            table[name] = (key, sha)
        return self._build(sha, rel, data, full)

    def document(self, sha: str, rel: str, data: bytes) -> Document:
        """The record of a blob read from git (its id is known): parsed once, then remembered."""
        result = self._build(sha, rel, data, None)
        if isinstance(result, RecordError):
            raise result
        assert result is not None  # the bytes were given, so there is always an answer
        return result

    def cached(self, sha: str, rel: str) -> Result | None:
        """The record of a blob the index already holds, or None when it must be read."""
        return self._build(sha, rel, None, None) if sha in self._blobs else None

    def memo(self, key: str) -> Any:
        """A value remembered for ``key`` (derived from a blob, named by its id), or None."""
        found = self._memo.get(key)
        if found is not None:
            self._used_memo.add(key)
        return found

    def remember(self, key: str, value: Any) -> None:
        """Remember a plain value derived from a blob (``key`` holds the blob id)."""
        if plain_data.is_plain(value):
            self._memo[key] = value
            self._used_memo.add(key)
            self._misses += 1

    def _build(self, sha: str, rel: str, data: bytes | None, full: str | None) -> Result | None:
        """The document (or the error) of a blob; parses and remembers it when unknown."""
        cached = self._blobs.get(sha)
        if cached is None:
            if data is None:
                data = _read(full) if full else None
                if data is None:
                    return None
            cached = self._parse(sha, rel, data)
        self._used.add(sha)
        if cached[0] == "E":
            return RecordError(cached[1], path=rel, line=cached[2], hint=cached[3])
        fields = plain_data.copy(cached[0]) if sha in self._handed else cached[0]
        self._handed.add(sha)
        return IndexedDocument(rel, fields, cached, (self, sha, full))

    def _parse(self, sha: str, rel: str, data: bytes) -> tuple[Any, ...]:
        """Parse one blob and remember the outcome (not when it holds non-plain values)."""
        self._misses += 1
        try:
            text = decode(data, rel)
            doc = Document.parse(text, path=rel)
        except RecordError as exc:
            entry: tuple[Any, ...] = ("E", exc.detail, exc.line, exc.hint)
            self._blobs[sha] = entry
            return entry
        # fields flat_yaml read are plain and interned already: stored as they are
        stored = doc.fields if doc.simple else plain_data.stored(doc.fields)
        plain = stored is not plain_data.NOT_PLAIN
        entry = (stored if plain else doc.fields, doc.head, doc.close, len(doc.frontmatter))
        self._new_texts[sha] = text  # the text a parsed document gives back, byte for byte
        if plain:
            self._blobs[sha] = entry
        return entry

    def text_of(self, sha: str, full: str | None) -> str:
        """The text of a blob: from this run's reads, the stored texts, or its file again."""
        if sha in self._new_texts:
            return self._new_texts[sha]
        if self._texts is None:
            self._texts = self._load_texts()
        if sha in self._texts:
            return self._texts[sha]
        data = _read(full) if full else None
        if data is None or blob_id(data) != sha:
            raise RecordError(
                "changed while it was being read; run the command again", path=full or sha
            )
        self._new_texts[sha] = data.decode("utf-8")
        return self._new_texts[sha]

    @contextlib.contextmanager
    def writes_held(self) -> Iterator[None]:
        """Within this, ``flush`` writes nothing; leaving it, one flush writes it all (check
        reads every folder, then remembers what each body holds: one write, not two)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
        self.flush()

    def flush(self, *, force: bool = False) -> bool:
        """Write the index when this run parsed or re-hashed enough to be worth it."""
        from gitsplit.ledger import index_file

        if self._held or (self._misses < WRITE_AFTER and not (force and self._misses)):
            return False
        if self._texts is None and any(sha not in self._new_texts for sha in self._blobs):
            self._texts = self._load_texts()
        keep = self._used | {
            entry[1] for table in self._folders.values() for entry in table.values()
        }
        old = (self._texts or {}) | self._new_texts
        blobs = {
            sha: e for sha, e in self._blobs.items() if sha in keep and (e[0] == "E" or sha in old)
        }
        texts = {sha: old[sha] for sha, e in blobs.items() if e[0] != "E"}
        folders = {
            folder: {name: e for name, e in table.items() if e[1] in blobs}
            for folder, table in self._folders.items()
        }
        memo = {
            k: v
            for k, v in self._memo.items()
            if k in self._used_memo or k.rsplit(":", 1)[-1] in blobs
        }
        data = index_file.encode(self._print, folders, blobs, memo, texts)
        written = index_file.write(self.path, data)
        self._misses = 0
        return written


def _read(full: str) -> bytes | None:
    """A regular file's bytes, without following a symlink; None when it cannot be read."""
    return read_at_most(full, MAX_RECORD_BYTES)

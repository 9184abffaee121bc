"""What a briefing reads: the ledger, tracked files and templates, at a commit or in the worktree.

Reading at a commit (the default) makes a briefing a pure function of that commit: two clones
at the same commit render the same bytes whatever their working trees hold.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from gitsplit import gitio
from gitsplit.errors import RecordError, UnknownIdError, ValidationError
from gitsplit.ledger import config, ids
from gitsplit.ledger import index as record_index
from gitsplit.ledger.fileformat import MAX_RECORD_BYTES, Document
from gitsplit.ledger.records import Record, Run, record_type
from gitsplit.ledger.store import Ledger
from gitsplit.ledger.templates import OVERRIDE_DIR

R = TypeVar("R", bound=Record)
SNIFF_BYTES = 8000


@dataclass(frozen=True)
class FileHead:
    """A file read for an excerpt: ``state`` is ok, missing, outside, binary, huge, symlink
    (``target`` says where it points; never followed) or folder."""

    path: str
    state: str
    size: int = 0
    text: str = ""
    target: str = ""


class Source:
    """The working tree's ledger and files (see CommitSource for a commit's)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.root = ledger.root
        self.commit = self._commit()
        self.at: str | None = None  # the commit read, or None for the working tree
        self.label = "the working tree" + (f" (HEAD {self.commit})" if self.commit else "")
        self.warnings: list[str] = []
        # the ledger files and folders read, as pathspecs: where an uncommitted change
        # would make a briefing of the working tree differ from this one
        self.consulted: set[str] = set()
        self._tracked: list[str] | None = None

    def _commit(self) -> str | None:
        """The commit this source stands on: HEAD's (None before the first commit)."""
        return gitio.head(self.root)

    @property
    def config(self) -> config.Config:
        """The config the briefing follows."""
        return self.ledger.config

    def records(self, kind: ids.Kind) -> list[Record]:
        """Readable records of a kind, in id order; unreadable ones become warnings."""
        loaded = self.ledger.load(kind)
        self._warn(loaded.errors)
        return list(loaded.records)

    def get(self, kind: ids.Kind, raw_id: str, cls: type[R]) -> R:
        """One record by id (UnknownIdError when there is none)."""
        return self.ledger.get(kind, raw_id, cls)

    def runs(self, wo_id: str) -> list[Run]:
        """Run records of one work order, oldest first."""
        runs, errors = self.ledger.runs(wo_id)
        self._warn(errors)
        return runs

    def tracked(self) -> list[str]:
        """Every tracked file, sorted."""
        if self._tracked is None:
            self._tracked = sorted(gitio.ls_files(self.root))
        return self._tracked

    def read(self, path: str, limit: int) -> FileHead:
        """A file's text for an excerpt, or why there is none."""
        if not _inside(path):
            return FileHead(path, "outside")
        full = self.root / path
        if full.is_symlink():
            return FileHead(path, "symlink", target=os.readlink(full))
        if not full.parent.resolve().is_relative_to(self.root.resolve()):
            return FileHead(path, "outside")  # reached through a linked folder
        if full.is_dir():
            return FileHead(path, "folder")
        if not full.is_file():
            return FileHead(path, "missing")
        size = full.stat().st_size
        if size > limit:
            return FileHead(path, "huge", size)
        return _decoded(path, full.read_bytes())

    def overrides(self) -> dict[str, str] | None:
        """Template overrides to use (None: read them from ``.workledger/templates/``)."""
        return None

    def show(self, path: str) -> str:
        """A shell command that prints a file as this source reads it."""
        return f"cat {shlex.quote(path)}"

    def _warn(self, errors: list[RecordError]) -> None:
        """Keep one warning per unreadable record."""
        for error in errors:
            if f"skipped {error}" not in self.warnings:
                self.warnings.append(f"skipped {error}")


class CommitSource(Source):
    """The ledger, tracked files and template overrides as committed at one commit."""

    def __init__(self, ledger: Ledger, rev: str) -> None:
        self._rev = rev
        super().__init__(ledger)
        assert self.commit is not None  # _commit refuses a rev that names none
        self.at = self.commit
        self.label = f"commit {self.commit}"
        self._blobs, self._links = gitio.tree_blobs(self.root, self.commit)
        self._config: config.Config | None = None
        self._parsed: dict[str, Document | RecordError] = {}
        self._by_folder: dict[str, list[str]] | None = None

    def _commit(self) -> str:
        """The commit ``rev`` names (ValidationError when it names none)."""
        commit = gitio.resolve(self.root, f"{self._rev}^{{commit}}")
        if commit is None:
            raise ValidationError(
                f"{self._rev!r} names no commit in this repository",
                hint="pass a branch, tag or commit; or --worktree to read the working tree",
            )
        return commit

    @property
    def config(self) -> config.Config:
        """The config committed at this commit (defaults when there is none)."""
        if self._config is None:
            self.consulted.add(config.CONFIG_PATH)
            data = self._blob(config.CONFIG_PATH)
            self._config = (
                config.Config()
                if data is None
                else config.parse(
                    data.decode("utf-8", "replace"), path=config.CONFIG_PATH, root=self.root
                )
            )
        return self._config

    def records(self, kind: ids.Kind) -> list[Record]:
        """Readable records of a kind at this commit, in id order."""
        self.consulted.add(kind.dir)
        paths = sorted(self._folder(kind.dir), key=lambda p: ids.sort_key(PurePosixPath(p).stem))
        return [record_type(kind)(doc) for doc in self._documents(paths)]

    def get(self, kind: ids.Kind, raw_id: str, cls: type[R]) -> R:
        """One record by id at this commit."""
        record_id = ids.normalize_id(raw_id, kind)
        path = kind.path(record_id)
        self.consulted.add(path)
        if path not in self._blobs:
            on_disk = (self.root / path).is_file()
            raise UnknownIdError(
                f"no {kind.label} {record_id} at {self.label}",
                hint="it exists in the working tree but is not committed: commit it, or pass "
                "--worktree"
                if on_disk
                else f"`{_listing(kind)}` shows the {kind.label}s there are",
            )
        self._documents([path])
        found = self._parsed[path]
        if isinstance(found, RecordError):
            raise found
        record = record_type(kind)(found)
        assert isinstance(record, cls)
        return record

    def runs(self, wo_id: str) -> list[Run]:
        """Run records of one work order at this commit, oldest first."""
        self.consulted.add(f"{ids.RUNS_DIR}/{wo_id}")
        docs = self._documents(sorted(self._folder(f"{ids.RUNS_DIR}/{wo_id}")))
        return sorted((Run(doc) for doc in docs), key=lambda run: (run.text("started"), run.id))

    def tracked(self) -> list[str]:
        """Every file in the commit's tree, sorted."""
        return sorted(self._blobs)

    def read(self, path: str, limit: int) -> FileHead:
        """A committed file's text for an excerpt, or why there is none."""
        if not _inside(path):
            return FileHead(path, "outside")
        if path.startswith(ids.LEDGER_DIR + "/"):
            self.consulted.add(path)
        sha = self._blobs.get(path)
        if sha is None:
            folder = path.rstrip("/") + "/"
            found = any(blob.startswith(folder) for blob in self._blobs)
            return FileHead(path, "folder" if found else "missing")
        if path in self._links:
            target = gitio.read_blobs(self.root, [sha]).get(sha, b"")
            return FileHead(path, "symlink", target=target.decode("utf-8", "replace"))
        size = gitio.object_sizes(self.root, [sha]).get(sha, 0)
        if size > limit:
            return FileHead(path, "huge", size)
        return _decoded(path, gitio.read_blobs(self.root, [sha]).get(sha, b""))

    def show(self, path: str) -> str:
        """A shell command that prints a file as committed here."""
        return f"git show {(self.at or '')[:12]}:{shlex.quote(path)}"

    def overrides(self) -> dict[str, str]:
        """Template overrides committed under ``.workledger/templates/``."""
        self.consulted.add(OVERRIDE_DIR)
        prefix = OVERRIDE_DIR + "/"
        names = [p for p in self._blobs if p.startswith(prefix) and p not in self._links]
        blobs = gitio.read_blobs(self.root, [self._blobs[p] for p in names])
        return {
            p.removeprefix(prefix): blobs.get(self._blobs[p], b"").decode("utf-8", "replace")
            for p in names
        }

    def _folder(self, folder: str) -> list[str]:
        """Committed ``.md`` files directly inside a folder."""
        if self._by_folder is None:  # one pass over the tree, in plain text (10k+ paths)
            self._by_folder = {}
            for p in self._blobs:
                if p.endswith(".md"):
                    self._by_folder.setdefault(p.rpartition("/")[0] or ".", []).append(p)
        return self._by_folder.get(folder, [])

    def _blob(self, path: str) -> bytes | None:
        """The committed bytes of a path, or None."""
        sha = self._blobs.get(path)
        return None if sha is None else gitio.read_blobs(self.root, [sha]).get(sha)

    def _documents(self, paths: list[str]) -> list[Document]:
        """Parse committed ledger files with two git calls; unreadable ones become warnings."""
        todo = [p for p in paths if p not in self._parsed]
        # Loading the index costs more than parsing a handful of records (a briefing of one
        # work order); it pays for itself on many (a review batch, a big checkpoint).
        index = self.ledger.index if len(todo) >= record_index.WRITE_AFTER else None
        if index is not None:  # what the index holds needs no git call and no parse
            for path in todo:
                known = index.cached(self._blobs[path], path)
                if known is not None:
                    self._parsed[path] = known
            todo = [p for p in todo if p not in self._parsed]
        shas = [self._blobs[p] for p in todo]
        sizes = gitio.object_sizes(self.root, shas)
        small = [sha for sha in shas if sizes.get(sha, 0) <= MAX_RECORD_BYTES]
        blobs = gitio.read_blobs(self.root, small)
        for path, sha in zip(todo, shas, strict=True):
            try:
                if sha not in blobs:
                    raise RecordError(f"larger than {MAX_RECORD_BYTES // 1024} KiB", path=path)
                self._parsed[path] = (
                    Document.parse(blobs[sha], path=path)
                    if index is None
                    else index.document(sha, path, blobs[sha])
                )
            except RecordError as exc:
                self._parsed[path] = exc
        if index is not None:
            index.flush()
        found = [self._parsed[p] for p in paths]
        self._warn([item for item in found if isinstance(item, RecordError)])
        return [item for item in found if isinstance(item, Document)]


def open_source(ledger: Ledger, rev: str | None) -> Source:
    """The source for a revision (None: the working tree)."""
    return Source(ledger) if rev is None else CommitSource(ledger, rev)


def _inside(path: str) -> bool:
    """True for a relative path that stays inside the repository."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts


def _decoded(path: str, data: bytes) -> FileHead:
    """UTF-8 text of a file, or a FileHead that says it is binary."""
    if b"\0" in data[:SNIFF_BYTES]:
        return FileHead(path, "binary", len(data))
    try:
        return FileHead(path, "ok", len(data), data.decode("utf-8"))
    except UnicodeDecodeError:
        return FileHead(path, "binary", len(data))


__all__ = ["CommitSource", "FileHead", "Path", "Source", "open_source"]


def _listing(kind: ids.Kind) -> str:
    """The command that lists records of a kind."""
    return "gitsplit checkpoint" if kind is ids.CHECKPOINT else f"gitsplit {kind.command} list"

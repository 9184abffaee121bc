"""The ``.workledger/`` folder of a working tree: find, read and write its records."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from gitsplit import gitio
from gitsplit.errors import NoLedgerError, RecordError, UnknownIdError, ValidationError
from gitsplit.ledger import allocate, config, ids, layout, locks
from gitsplit.ledger.fileformat import MAX_RECORD_BYTES, Document
from gitsplit.ledger.index import RecordIndex, Scan
from gitsplit.ledger.records import Record, Run, WorkOrder, record_type
from gitsplit.util.atomic import AlreadyExistsError, atomic_write

R = TypeVar("R", bound=Record)
_CREATE_ATTEMPTS = 50


@dataclass
class Loaded:
    """The records of one kind that could be read, and the files that could not."""

    records: list[Record] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


class Ledger:
    """One repository's ledger, read from its working tree."""

    def __init__(self, root: Path, cfg: config.Config | None = None) -> None:
        self.root = root
        self.dir = root / ids.LEDGER_DIR
        self._config = cfg
        self._loaded: dict[str, Loaded] = {}
        self._index: RecordIndex | bool | None = False

    @classmethod
    def open(cls, start: Path | str | None = None) -> Ledger:
        """The ledger of the repository around ``start``; it must have been initialised."""
        return cls.at(gitio.discover(start))

    @classmethod
    def at(cls, root: Path) -> Ledger:
        """The ledger of the working tree whose top is ``root`` (found already)."""
        ledger = cls(root)
        if not ledger.dir.is_dir():
            raise NoLedgerError(
                f"no {ids.LEDGER_DIR}/ in {root}", hint="run `gitsplit init` to create the ledger"
            )
        return ledger

    @property
    def config(self) -> config.Config:
        """The repository's config (read once)."""
        if self._config is None:
            self._config = config.load(self.root)
        return self._config

    def rel(self, path: Path) -> str:
        """A path relative to the repository root, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def files(self, kind: ids.Kind) -> list[Path]:
        """The record files of a kind, in id order."""
        return self._md_files(self.root / kind.dir)

    @property
    def index(self) -> RecordIndex | None:
        """The index of parsed records (None when it is turned off or cannot be used)."""
        if self._index is False:
            self._index = RecordIndex.open(self.root)
        assert self._index is not True
        return self._index

    def load(self, kind: ids.Kind) -> Loaded:
        """Every record of a kind that parses, plus an error for every file that does not."""
        if kind.name not in self._loaded:
            self._loaded[kind.name] = self._read_folder(kind.dir, record_type(kind))
        return self._loaded[kind.name]

    def adopt(self, scans: Mapping[str, Scan]) -> None:
        """Take this run's scans of kinds' folders through ``self.index`` ({folder: scan},
        check's, made a moment ago) instead of scanning them again. Their documents are
        shared with whoever scanned: for reading only."""
        for kind in ids.KINDS:
            found = scans.get(kind.dir)
            if found is not None and kind.name not in self._loaded and self.index is not None:
                self._loaded[kind.name] = self._read_folder(kind.dir, record_type(kind), found)

    def _read_folder(
        self,
        folder: str,
        cls: type[Record],
        found: Scan | None = None,
    ) -> Loaded:
        """The records of one folder, through the index when there is one (``found``: its
        scan, already made)."""
        loaded = Loaded()
        index = self.index
        if found is None:
            found = (
                index.scan(self.root, folder)
                if index is not None
                else [(self.rel(path), None) for path in self._md_files(self.root / folder)]
            )
        # the index lstat()s each file and serves regular files only: the folders on the way
        # are the same for every record, so they are looked at once
        folder_linked = layout.linked(self.root, folder)
        for rel, result in found:
            if result is None or folder_linked:
                try:
                    result = read_document(self.root / rel, rel)
                except RecordError as exc:
                    result = exc
            if isinstance(result, RecordError):
                loaded.errors.append(result)
            else:
                loaded.records.append(cls(result))
        if index is not None:
            index.flush()
        return loaded

    @staticmethod
    def _md_files(folder: Path) -> list[Path]:
        """The ``*.md`` files of a folder, in id order."""
        if not folder.is_dir():
            return []
        found = [p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".")]
        return sorted(found, key=lambda p: ids.sort_key(p.stem))

    def records(self, kind: ids.Kind) -> list[Record]:
        """The readable records of a kind."""
        return self.load(kind).records

    def get(self, kind: ids.Kind, raw_id: str, cls: type[R] = Record) -> R:  # type: ignore[assignment]
        """The record with this id; refuses unknown ids and ids of another kind."""
        try:
            record_id = ids.normalize_id(raw_id, kind)
        except UnknownIdError as exc:
            other = ids.split_id(raw_id.strip().upper())
            if other and not (self.root / other[0].path(ids.format_id(*other))).is_file():
                exc.hint = (
                    f"there is no {ids.format_id(*other)} either; "
                    f"`{kind.list_command}` shows the {kind.label}s there are"
                )
            raise
        path = self.root / kind.path(record_id)
        if not path.is_file():
            # The id is already well formed, so a "close" id is another record, not a typo.
            raise UnknownIdError(
                f"no {kind.label} {record_id} in {kind.dir}/",
                hint=f"`{kind.list_command}` shows the {kind.label}s there are",
            )
        record = record_type(kind)(read_document(path, self.rel(path)))
        assert isinstance(record, cls)
        return record

    def write(self, record: Record) -> None:
        """Write a record back to its file, atomically."""
        atomic_write(self.root / record.path, _fits(record.doc.render(), record.path))
        self._loaded.clear()

    def create(
        self,
        kind: ids.Kind,
        fields: dict[str, Any],
        body: str | Callable[[str], str],
        vet: Callable[[str], None] | None = None,
    ) -> Record:
        """Allocate the next free id, let ``vet`` refuse it, then write the record (never over).

        ``body`` may be a function of the new id, so the record is written once, whole.
        Writers in this repository allocate one at a time (a lock); a file that appears
        under the chosen id anyway (another clone's worktree, a copy) moves on to the next.
        """
        with locks.new_id(self.root, kind.prefix):
            for _attempt in range(_CREATE_ATTEMPTS):
                record_id = allocate.next_id(self.root, kind)
                if vet is not None:
                    vet(record_id)
                path = kind.path(record_id)
                text = body(record_id) if callable(body) else body
                doc = Document.new({"id": record_id, **fields}, text, path=path)
                try:
                    atomic_write(self.root / path, _fits(doc.render(), path), exclusive=True)
                except AlreadyExistsError:
                    continue
                self._loaded.clear()
                return record_type(kind)(doc)
        raise ValidationError(f"could not find a free {kind.label} id; try again")

    def update(self, kind: ids.Kind, raw_id: str, change: Callable[[R], R], cls: type[R]) -> R:
        """Re-read a record under its lock, apply ``change`` and write the result.

        Two writers of one record (``wo set`` twice at once) then apply their changes one
        after the other, each to the record as the other left it: no change is lost.
        """
        record_id = ids.normalize_id(raw_id, kind)
        with locks.record(self.root, kind.path(record_id)):
            changed = change(self.get(kind, record_id, cls))
            self.write(changed)
        return changed

    def runs(self, wo_id: str | None = None) -> tuple[list[Run], list[RecordError]]:
        """Run records (of one work order, or all), oldest first by start time."""
        base = self.root / ids.RUNS_DIR
        folders = [base / wo_id] if wo_id else sorted(p for p in base.glob("*") if p.is_dir())
        runs: list[Run] = []
        errors: list[RecordError] = []
        for folder in folders:
            for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
                if path.name.endswith(ids.BRIEFING_SUFFIX):
                    continue
                try:
                    runs.append(Run(read_document(path, self.rel(path))))
                except RecordError as exc:
                    errors.append(exc)
        runs.sort(key=lambda run: (run.text("started"), run.id))
        return runs, errors


def _fits(text: str, rel: str) -> str:
    """``text``, unless it is too big to be read back as a record."""
    size = len(text.encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        raise ValidationError(
            f"{rel} would be {size // 1024} KiB; a ledger record may be at "
            f"most {MAX_RECORD_BYTES // 1024} KiB, so nothing was written",
            hint="keep large material outside .workledger/ and link to it",
        )
    return text


def read_document(path: Path, rel: str) -> Document:
    """Read and parse one ledger file, refusing symlinks and huge files before reading them."""
    depth = len(Path(rel).parts)
    if layout.linked(path.parents[depth - 1], rel):
        raise RecordError(layout.SYMLINK, path=rel)
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise RecordError(
                f"file is {size // 1024} KiB; a ledger record may be at most "
                f"{MAX_RECORD_BYTES // 1024} KiB",
                path=rel,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"cannot read: {exc.strerror}", path=rel) from None
    return Document.parse(data, path=rel)


def committed_workorder(root: Path, rev: str, wo_id: str) -> WorkOrder | None:
    """A work order as committed at ``rev``; None when it is not there (RecordError if bad)."""
    rel = ids.WORKORDER.path(wo_id)
    data = gitio.read_blob(root, f"{rev}:{rel}")
    return None if data is None else WorkOrder(Document.parse(data, path=rel))

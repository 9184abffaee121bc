"""``gitsplit check`` on the working tree, through the index of parsed records.

Each record file is parsed once per content (the index, keyed by blob id); its schema
problems are remembered against the same blob id, so a warm check re-validates only the
records that changed. The cross-record rules (duplicate ids, references, cycles,
supersession) always run, on the records in memory (D-49).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gitsplit.errors import RecordError
from gitsplit.ledger import ids, layout, schema, validate
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.index import IndexedDocument, RecordIndex, Scan
from gitsplit.ledger.schema import Problem
from gitsplit.ledger.validate import Parsed


def check_worktree(
    root: Path, index: RecordIndex | None, scans: dict[str, Scan] | None = None
) -> list[Problem]:
    """Every check on the working tree's ledger (``validate.check_worktree`` without an index).

    The caller flushes the index when it is done with it: check reads the same records for
    its warnings next, and writing a 10,000-record index once is a twentieth of a cold run.
    ``scans``: filled with the index's scan of each kind's folder, the one ``Ledger`` makes
    (``Ledger.adopt``: check's warnings read the same records).
    """
    if index is None:
        return validate.check_worktree(root)
    problems = validate._config_problems(root)
    parsed: list[Parsed] = []
    for folder, kind in _record_folders(root):
        problems += _check_folder(root, folder, kind, index, parsed, scans)
    found, links = layout.walk(root)  # symlinks and folders named like records, as without it
    problems += layout.path_problems(found, links)
    problems += validate.check_records(parsed)
    problems += validate.checkpoint_edits(root)
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def _record_folders(root: Path) -> list[tuple[str, str]]:
    """The folders that hold records: one per kind, one per work order under runs/.

    Like the walk of ``validate.check_worktree``, a folder that is a symlink is not entered.
    """
    folders = [(k.dir, k.name) for k in ids.KINDS if not os.path.islink(root / k.dir)]
    with contextlib.suppress(OSError), os.scandir(root / ids.RUNS_DIR) as entries:
        folders += sorted(
            (f"{ids.RUNS_DIR}/{e.name}", validate.RECORD_KIND_OF_RUN)
            for e in entries
            if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
        )
    return folders


def _check_folder(
    root: Path,
    folder: str,
    kind: str,
    index: RecordIndex,
    parsed: list[Parsed],
    scans: dict[str, Scan] | None,
) -> list[Problem]:
    """Problems of the files directly in one folder; what parsed goes into ``parsed``."""
    problems: list[Problem] = []
    try:
        with os.scandir(root / folder) as entries:
            stray = sorted(
                e.name
                for e in entries
                if not e.name.startswith(".") and not e.name.endswith(".md") and e.is_file()
            )
    except OSError:
        return problems
    for name in stray:
        problems += _read_and_check(root, f"{folder}/{name}", parsed)
    if kind == validate.RECORD_KIND_OF_RUN:  # a run's briefing is not a record (classify)
        scan = index.scan(root, folder, skip=ids.BRIEFING_SUFFIX)
    else:
        scan = index.scan(root, folder)  # the Ledger's scan, which its warnings then read
        if scans is not None:
            scans[folder] = scan
    for rel, result in scan:
        if result is None:
            problems += _read_and_check(root, rel, parsed)
        elif isinstance(result, RecordError):
            code = "conflict" if "conflict" in result.detail else "parse"
            problems.append(Problem(rel, result.line, result.detail, code))
        else:
            item, found = validate.check_document(rel, kind, result, _schema(index, kind, result))
            problems += found
            parsed.append(item)
    return problems


def _read_and_check(root: Path, rel: str, parsed: list[Parsed]) -> list[Problem]:
    """A file the index does not serve, read and checked as ``validate.check_worktree`` does."""
    path = root / rel
    if not path.is_file():
        return []
    files: dict[str, bytes] = {}
    problems = validate._read_limited(path, rel, files)
    if rel in files:
        item, found = validate.check_file(rel, files[rel])
        problems += found
        if item is not None:
            parsed.append(item)
    return problems


def _schema(index: RecordIndex, kind: str, doc: Document) -> list[tuple[str, str]]:
    """The schema problems of a record's fields, remembered by blob id."""
    if not isinstance(doc, IndexedDocument):
        return schema.validate(kind, doc.fields)
    key = f"schema:{kind}:{doc.sha}"
    known = index.memo(key)
    if known is not None:
        return [(str(field), str(message)) for field, message in known]
    found = schema.validate(kind, doc.fields)
    index.remember(key, [list(problem) for problem in found])
    return found

"""The file work of a renumbering: move a record and its runs, rewrite references, find mentions.

Every step can be repeated: a renumbering killed half way and run again (with the id its
journal kept) finds what it already did and does the rest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError
from gitsplit.ledger import ids, schema, validate
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.store import Ledger, read_document
from gitsplit.util.atomic import atomic_write


def move_file(root: Path, rel_old: str, rel_new: str, new_id: str) -> None:
    """Write the record under its new name with its new id, then remove the old file."""
    if not (root / rel_old).is_file():
        if (root / rel_new).is_file():
            return  # done before the kill
        raise GitsplitError(f"no such file: {rel_old}")
    doc = read_document(root / rel_old, rel_old)
    if not (root / rel_new).is_file() or _is_copy_of(root / rel_new, doc, new_id):
        atomic_write(root / rel_new, doc.changed({"id": new_id}).render())
    else:
        raise GitsplitError(f"{rel_new} already exists; not overwriting it")
    (root / rel_old).unlink()


def _is_copy_of(path: Path, doc: Document, new_id: str) -> bool:
    """True when ``path`` is what moving ``doc`` to ``new_id`` writes (a killed earlier move)."""
    try:
        return path.read_text(encoding="utf-8") == doc.changed({"id": new_id}).render()
    except OSError:
        return False


def move_runs(
    root: Path, old: str, new: str, only: set[str] | None = None
) -> tuple[list[str], list[str]]:
    """Move a work order's run records to its new id's folder: (written, removed)."""
    written: list[str] = []
    removed: list[str] = []
    folder = root / ids.RUNS_DIR / old
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if only is not None and rel not in only:
            continue
        target = f"{ids.RUNS_DIR}/{new}/{path.name}"
        if path.name.endswith(ids.BRIEFING_SUFFIX):  # a run's briefing: moved as it is
            text = path.read_text(encoding="utf-8")
        else:
            doc = read_document(path, rel)
            text = doc.changed({"wo": new} if doc.fields.get("wo") == old else {}).render()
        atomic_write(root / target, text)
        path.unlink()
        written.append(target)
        removed.append(rel)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return written, removed


def apply_earlier(
    doc: Document, kind: str, earlier: list[tuple[str, str, str]], side: str
) -> Document:
    """A record from one side of the merge, with that side's earlier renumberings applied."""
    for old, new, moved_side in earlier:
        if moved_side == side:
            doc = doc.changed(replaced_fields(kind, doc.fields, old, new))
    return doc


def rewrite_references(
    ledger: Ledger,
    old: str,
    new: str,
    *,
    only: set[str] | None,
    unreadable: list[str] | None = None,
) -> list[str]:
    """Replace ``old`` with ``new`` in every reference field of every record (or of ``only``)."""
    rewritten = []
    for path in sorted((ledger.root / ids.LEDGER_DIR).rglob("*.md")):
        rel = ledger.rel(path)
        kind = validate.classify(rel)
        if kind is None or (only is not None and rel not in only):
            continue
        try:
            doc = read_document(path, rel)
        except GitsplitError:
            if unreadable is not None:
                unreadable.append(rel)
            continue
        updates = replaced_fields(kind, doc.fields, old, new)
        if updates:
            atomic_write(path, doc.changed(updates).render())
            rewritten.append(rel)
    return rewritten


def replaced_fields(kind: str, fields: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The reference fields of a record that mention ``old``, with ``new`` in its place."""
    updates: dict[str, Any] = {}
    for spec in schema.FIELDS_BY_KIND[kind]:
        value = fields.get(spec.name)
        if spec.name == "id":
            continue
        if spec.type == "id" and value == old:
            updates[spec.name] = new
        elif spec.type == "ids" and isinstance(value, list) and old in value:
            updates[spec.name] = [new if item == old else item for item in value]
    return updates


def mentions(ledger: Ledger, old: str, *, skip: str = "") -> list[str]:
    """``path:line`` of prose that still mentions ``old`` (left as written)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    found = []
    for path in sorted((ledger.root / ids.LEDGER_DIR).rglob("*.md")):
        rel = ledger.rel(path)
        if rel == skip:
            continue
        try:
            doc = read_document(path, rel)
        except GitsplitError:
            continue
        for offset, line in enumerate(doc.body.splitlines()):
            if pattern.search(line):
                found.append(f"{rel}:{doc.body_line + offset}")
    return found

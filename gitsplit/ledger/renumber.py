"""``gitsplit renumber``: move a record to a free id and rewrite every reference to it.

A renumbering holds the renumber lock and keeps a journal (old id, new id, side) from
before its first write to after its last; one killed half way is finished by running it
again (or ``gitsplit recover``) with the id the journal kept, never by moving the record
a second time. The file work is in ``renumber_files``, the merge rules in
``renumber_merge``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import allocate, ids, journal, locks, renumber_log, validate
from gitsplit.ledger import renumber_files as files
from gitsplit.ledger import renumber_merge as merging
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.store import Ledger, read_document
from gitsplit.util.atomic import atomic_write

OP = "renumber"


@dataclass
class Renumbered:
    """What a renumbering did."""

    old: str
    new: str
    moved: str
    rewritten: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    to_stage: list[str] = field(default_factory=list)
    kept: str = ""
    removed: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def renumber(
    ledger: Ledger, target: str, new: str | None, *, move: str | None = None
) -> Renumbered:
    """Renumber an id (or the record at a path), also in the middle of a conflicted merge."""
    with locks.held(ledger.root, locks.RENUMBER_LOCK, what="renumbering"):
        if target.endswith(".md") or "/" in target:
            return _renumber_path(ledger, target, new)
        parts = ids.split_id(target.upper()) or ids.split_id(target)
        if parts is None:
            raise ValidationError(f"{target!r} is neither an id (like WO-3) nor a ledger file path")
        old = ids.format_id(parts[0], parts[1])
        left = journal.read(ledger.root, _key(old))
        if left is not None:
            return _resume(ledger, left)
        return _renumber_id(ledger, parts[0], old, new, move)


def resume(ledger: Ledger, data: dict[str, Any]) -> Renumbered:
    """Finish a renumbering that was killed, with the id and side its journal kept."""
    with locks.held(ledger.root, locks.RENUMBER_LOCK, what="renumbering"):
        left = journal.read(ledger.root, str(data["key"]))
        return _resume(ledger, left or data)


def _resume(ledger: Ledger, data: dict[str, Any]) -> Renumbered:
    """Run the journalled renumbering again; every step skips what it already did."""
    old, new = str(data["old"]), str(data["new"])
    kind = ids.BY_PREFIX[old.split("-")[0]]
    side = data.get("side")
    return _renumber_id(ledger, kind, old, new, str(side) if side else None, resuming=True)


def _key(old: str) -> str:
    """The journal key of a renumbering of ``old``."""
    return f"renumber-{old}"


def _begin(root: Path, old: str, new: str, side: str | None) -> None:
    """Journal a renumbering about to write."""
    journal.begin(
        root,
        _key(old),
        locks.RENUMBER_LOCK,
        {
            "op": OP,
            "old": old,
            "new": new,
            "side": side,
            "where": ids.BY_PREFIX[old.split("-")[0]].path(old),
            "what": f"`gitsplit renumber {old}` was killed half way (moving it to {new})",
        },
    )


def _renumber_id(
    ledger: Ledger,
    kind: ids.Kind,
    old: str,
    new: str | None,
    move: str | None,
    *,
    resuming: bool = False,
) -> Renumbered:
    """Renumber the record ``old``: in a conflict, or the one record that claims it."""
    root = ledger.root
    rel = kind.path(old)
    conflict = gitio.unmerged(root, rel).get(rel)
    if conflict:
        result = _renumber_conflict(ledger, kind, old, conflict, new, move, resuming=resuming)
        journal.end(root, _key(old))
        return result
    if not resuming:
        claimants = [p for p in ledger.files(kind) if _claims(p, root, old)]
        if len(claimants) > 1:
            listing = ", ".join(ledger.rel(p) for p in claimants)
            raise ValidationError(
                f"{len(claimants)} records claim {old} ({listing})",
                hint="say which one moves: `gitsplit renumber PATH`",
            )
        if not (root / rel).is_file():
            raise GitsplitError(f"no {kind.label} {old} in {kind.dir}/")
    new_id = new if resuming and new else _free_id(root, kind, new)
    _begin(root, old, new_id, None)
    result = Renumbered(old, new_id, moved=kind.path(new_id), removed=[rel])
    files.move_file(root, rel, kind.path(new_id), new_id)
    written, removed = files.move_runs(root, old, new_id)
    result.rewritten += written
    result.removed += removed
    result.rewritten += files.rewrite_references(ledger, old, new_id, only=None)
    result.mentions = files.mentions(ledger, old)
    journal.end(root, _key(old))
    return result


def _renumber_path(ledger: Ledger, target: str, new: str | None) -> Renumbered:
    """Move the record in one file (a duplicate, or a file whose name is not its id)."""
    root = ledger.root
    path = (root / target) if not Path(target).is_absolute() else Path(target)
    if not path.is_file():
        path = Path.cwd() / target
    if not path.is_file():
        raise GitsplitError(f"no such file: {target}")
    rel = ledger.rel(path.resolve())
    kind_name = validate.classify(rel)
    if kind_name is None or kind_name == validate.RECORD_KIND_OF_RUN:
        raise ValidationError(f"{rel} is not a work order, decision, invariant or checkpoint")
    kind = ids.BY_FOLDER[PurePosixPath(rel).parts[1]]
    doc = read_document(path, rel)
    old = str(doc.fields.get("id", PurePosixPath(rel).stem))
    new_id = _free_id(root, kind, new)
    files.move_file(root, rel, kind.path(new_id), new_id)
    removed = [rel] if rel != kind.path(new_id) else []
    return Renumbered(
        old,
        new_id,
        moved=kind.path(new_id),
        removed=removed,
        kept=f"other records of {old} keep it, and references to it still point at them",
    )


def _renumber_conflict(
    ledger: Ledger,
    kind: ids.Kind,
    old: str,
    stages: dict[int, str],
    new: str | None,
    move: str | None,
    *,
    resuming: bool,
) -> Renumbered:
    """Both sides of a merge added ``old``: keep one side's record, move the other's."""
    root = ledger.root
    if 2 not in stages or 3 not in stages:
        raise GitsplitError(
            f"{kind.path(old)} is in conflict but not added on both sides; resolve it by hand"
        )
    theirs_ref = merging.merge_head(root)
    side = move or merging.side_to_move(ledger, theirs_ref)
    if side not in merging.SIDES:
        raise ValidationError("--move must be 'ours' or 'theirs'")
    moving, staying = (3, 2) if side == "theirs" else (2, 3)
    other = "ours" if side == "theirs" else "theirs"
    merge_sha = gitio.resolve(root, theirs_ref) or theirs_ref
    done = [moved for was, moved, _side in renumber_log.load(root, merge_sha) if was == old]
    if done and not resuming:
        raise GitsplitError(
            f"{old} was already renumbered to {done[-1]} in this merge",
            hint=f"`git add {kind.path(old)} {kind.path(done[-1])}` (and the files it listed) "
            "marks the conflict resolved",
        )
    earlier = merging.earlier_moves(root, merge_sha, old)
    blobs = gitio.read_blobs(root, [stages[moving], stages[staying]])
    new_id = new if resuming and new else _free_id(root, kind, new)
    _begin(root, old, new_id, side)
    rel_old, rel_new = kind.path(old), kind.path(new_id)
    moved_doc = files.apply_earlier(
        Document.parse(blobs[stages[moving]], path=rel_new), kind.name, earlier, side
    ).changed({"id": new_id})
    kept_doc = Document.parse(blobs[stages[staying]], path=rel_old)
    atomic_write(root / rel_old, files.apply_earlier(kept_doc, kind.name, earlier, other).render())
    atomic_write(root / rel_new, moved_doc.render(), exclusive=not resuming)
    if (old, new_id, side) not in renumber_log.load(root, merge_sha):
        renumber_log.remember(root, merge_sha, old, new_id, side)
    result = Renumbered(
        old,
        new_id,
        moved=rel_new,
        to_stage=[rel_old, rel_new],
        kept=f"{(side == 'theirs' and 'our') or 'their'} {old} keeps its id",
    )
    changed = merging.moving_side_paths(root, theirs_ref, side, earlier)
    changed.discard(rel_old)
    runs_old = f"{ids.RUNS_DIR}/{old}/"
    if any(p.startswith(runs_old) for p in changed):
        written, removed = files.move_runs(
            root, old, new_id, only={p for p in changed if p.startswith(runs_old)}
        )
        result.rewritten += written
        result.removed += removed
    result.rewritten += files.rewrite_references(
        ledger, old, new_id, only=changed, unreadable=result.unresolved
    )
    result.to_stage += result.rewritten + result.removed  # `git add` stages a removal too
    result.mentions = files.mentions(ledger, old, skip=rel_old)  # that record is still ``old``
    return result


def _claims(path: Path, root: Path, record_id: str) -> bool:
    """True when a file's name or its frontmatter id is ``record_id``."""
    if path.stem == record_id:
        return True
    try:
        return read_document(path, path.relative_to(root).as_posix()).fields.get("id") == record_id
    except GitsplitError:
        return False


def _free_id(root: Path, kind: ids.Kind, new: str | None) -> str:
    """The requested id if it is free everywhere, else the next free one."""
    if new is None:
        return allocate.next_id(root, kind)
    new_id = ids.normalize_id(new, kind)
    if (root / kind.path(new_id)).exists() or (
        ids.number_of(new_id) <= allocate.highest_number(root, kind)
        and _taken_on_a_branch(root, kind, new_id)
    ):
        raise ValidationError(
            f"{new_id} is already taken (here or on a branch)",
            hint=f"leave NEW out to get the next free id, {allocate.next_id(root, kind)}",
        )
    return new_id


def _taken_on_a_branch(root: Path, kind: ids.Kind, record_id: str) -> bool:
    """True when some branch tip has a file for ``record_id``."""
    names = gitio.object_ids(
        root, (f"{sha}:{kind.path(record_id)}" for sha in set(gitio.ref_tips(root).values()))
    )
    return any(names.values())

"""``gitsplit renumber``: move a record to a free id and rewrite every reference to it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import allocate, ids, renumber_log, schema, validate
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.store import Ledger, read_document
from gitsplit.util.atomic import atomic_write


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
    root = ledger.root
    if target.endswith(".md") or "/" in target:
        return _renumber_path(ledger, target, new)
    parts = ids.split_id(target.upper()) or ids.split_id(target)
    if parts is None:
        raise ValidationError(f"{target!r} is neither an id (like WO-3) nor a ledger file path")
    kind = parts[0]
    old = ids.format_id(kind, parts[1])
    rel = kind.path(old)
    conflict = gitio.unmerged(root, rel).get(rel)
    if conflict:
        return _renumber_conflict(ledger, kind, old, conflict, new, move)
    claimants = [p for p in ledger.files(kind) if _claims(p, root, old)]
    if len(claimants) > 1:
        listing = ", ".join(ledger.rel(p) for p in claimants)
        raise ValidationError(
            f"{len(claimants)} records claim {old} ({listing})",
            hint="say which one moves: `gitsplit renumber PATH`",
        )
    if not (root / rel).is_file():
        raise GitsplitError(f"no {kind.label} {old} in {kind.dir}/")
    new_id = _free_id(root, kind, new)
    result = Renumbered(old, new_id, moved=kind.path(new_id), removed=[rel])
    _move_file(root, rel, kind.path(new_id), new_id)
    _move_runs(root, old, new_id, result)
    result.rewritten += _rewrite_references(ledger, old, new_id, only=None)
    result.mentions = _mentions(ledger, old)
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
    _move_file(root, rel, kind.path(new_id), new_id)
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
) -> Renumbered:
    """Both sides of a merge added ``old``: keep one side's record, move the other's."""
    root = ledger.root
    if 2 not in stages or 3 not in stages:
        raise GitsplitError(
            f"{kind.path(old)} is in conflict but not added on both sides; resolve it by hand"
        )
    theirs_ref = _merge_head(root)
    side = move or _side_to_move(ledger, theirs_ref)
    if side not in ("ours", "theirs"):
        raise ValidationError("--move must be 'ours' or 'theirs'")
    moving, staying = (3, 2) if side == "theirs" else (2, 3)
    other = "ours" if side == "theirs" else "theirs"
    merge_sha = gitio.resolve(root, theirs_ref) or theirs_ref
    earlier = renumber_log.load(root, merge_sha)
    blobs = gitio.read_blobs(root, [stages[moving], stages[staying]])
    new_id = _free_id(root, kind, new)
    rel_old, rel_new = kind.path(old), kind.path(new_id)
    moved_doc = _apply_earlier(
        Document.parse(blobs[stages[moving]], path=rel_new), kind.name, earlier, side
    ).changed({"id": new_id})
    kept_doc = Document.parse(blobs[stages[staying]], path=rel_old)
    kept_text = _apply_earlier(kept_doc, kind.name, earlier, other).render()
    atomic_write(root / rel_old, kept_text)
    atomic_write(root / rel_new, moved_doc.render(), exclusive=True)
    renumber_log.remember(root, merge_sha, old, new_id, side)
    result = Renumbered(
        old,
        new_id,
        moved=rel_new,
        to_stage=[rel_old, rel_new],
        kept=f"{(side == 'theirs' and 'our') or 'their'} {old} keeps its id",
    )
    moving_commit = theirs_ref if side == "theirs" else "HEAD"
    base = gitio.run(root, "merge-base", "HEAD", theirs_ref).strip()
    changed = set(
        gitio.run(root, "diff", "--name-only", base, moving_commit, "--", ids.LEDGER_DIR).split()
    )
    changed.discard(rel_old)
    runs_old = f"{ids.RUNS_DIR}/{old}/"
    if any(p.startswith(runs_old) for p in changed):
        _move_runs(root, old, new_id, result, only={p for p in changed if p.startswith(runs_old)})
    result.rewritten += _rewrite_references(
        ledger, old, new_id, only=changed, unreadable=result.unresolved
    )
    result.to_stage += result.rewritten + result.removed  # `git add` stages a removal too
    result.mentions = _mentions(ledger, old, skip=rel_old)  # that record is still ``old``
    return result


def _side_to_move(ledger: Ledger, theirs_ref: str) -> str:
    """The side that is not the authority branch moves; ours moves if theirs is the authority.

    The authority is the default branch, local or remote-tracking (``git pull origin main``
    on a feature branch merges origin/main, which the local main may not have caught up to).
    """
    root = ledger.root
    authority = ledger.config.default_branch
    theirs = gitio.resolve(root, theirs_ref)
    if theirs is None or gitio.current_branch(root) == authority:
        return "theirs"
    tips = [
        sha
        for name, sha in gitio.ref_tips(root).items()
        if name == f"refs/heads/{authority}"
        or (name.startswith("refs/remotes/") and name.endswith(f"/{authority}"))
    ]
    if any(gitio.is_ancestor(root, theirs, tip) for tip in tips):
        return "ours"
    return "theirs"


def _merge_head(root: Path) -> str:
    """The commit being merged in (MERGE_HEAD, or the commit being picked/rebased)."""
    for name in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD", "REVERT_HEAD"):
        if gitio.resolve(root, name):
            return name
    raise GitsplitError("the file is in conflict, but no merge is in progress")


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


def _move_file(root: Path, rel_old: str, rel_new: str, new_id: str) -> None:
    """Write the record under its new name with its new id, then remove the old file."""
    doc = read_document(root / rel_old, rel_old)
    atomic_write(root / rel_new, doc.changed({"id": new_id}).render(), exclusive=True)
    (root / rel_old).unlink()


def _move_runs(
    root: Path, old: str, new: str, result: Renumbered, only: set[str] | None = None
) -> None:
    """Move a work order's run records to its new id's folder, rewriting their ``wo``."""
    folder = root / ids.RUNS_DIR / old
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if only is not None and rel not in only:
            continue
        target = f"{ids.RUNS_DIR}/{new}/{path.name}"
        if path.name.endswith(ids.BRIEFING_SUFFIX):  # a run's briefing: moved as it is
            atomic_write(root / target, path.read_text(encoding="utf-8"), exclusive=True)
        else:
            doc = read_document(path, rel)
            atomic_write(
                root / target,
                doc.changed({"wo": new} if doc.fields.get("wo") == old else {}).render(),
                exclusive=True,
            )
        path.unlink()
        result.rewritten.append(target)
        result.removed.append(rel)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _apply_earlier(
    doc: Document, kind: str, earlier: list[tuple[str, str, str]], side: str
) -> Document:
    """A record from one side of the merge, with that side's earlier renumberings applied."""
    for old, new, moved_side in earlier:
        if moved_side == side:
            doc = doc.changed(_replaced_fields(kind, doc.fields, old, new))
    return doc


def _rewrite_references(
    ledger: Ledger,
    old: str,
    new: str,
    *,
    only: set[str] | None,
    unreadable: list[str] | None = None,
) -> list[str]:
    """Replace ``old`` with ``new`` in every reference field of every record."""
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
        updates = _replaced_fields(kind, doc.fields, old, new)
        if updates:
            atomic_write(path, doc.changed(updates).render())
            rewritten.append(rel)
    return rewritten


def _replaced_fields(kind: str, fields: dict[str, Any], old: str, new: str) -> dict[str, Any]:
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


def _mentions(ledger: Ledger, old: str, *, skip: str = "") -> list[str]:
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

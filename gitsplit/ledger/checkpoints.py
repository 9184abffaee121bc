"""Checkpoints: freeze the architect's reasoning at a commit, with the ledger's tree hash."""

from __future__ import annotations

from gitsplit import gitio
from gitsplit.errors import DirtyTreeError, ValidationError
from gitsplit.ledger import ids, leftovers, templates
from gitsplit.ledger.authoring import clean_title
from gitsplit.ledger.records import Checkpoint
from gitsplit.ledger.schema import LINEAGES
from gitsplit.ledger.store import Ledger
from gitsplit.util import clock


def create(
    ledger: Ledger,
    *,
    summary: str,
    body: str | None,
    parent: str | None,
    lineage: str | None,
    allow_dirty: bool,
) -> Checkpoint:
    """Record a checkpoint of HEAD and the ledger tree committed there."""
    root = ledger.root
    summary = clean_title(summary, what="summary")
    commit = gitio.head(root)
    if commit is None:
        raise ValidationError(
            "this repository has no commits yet; a checkpoint records a commit",
            hint="commit the ledger first (git add .workledger && git commit)",
        )
    if lineage and not parent:
        raise ValidationError(
            "--lineage needs --parent (the checkpoint it branched from or rewound to)"
        )
    if lineage and lineage not in LINEAGES:
        raise ValidationError(f"--lineage must be one of {', '.join(LINEAGES)}")
    parent_id = ledger.get(ids.CHECKPOINT, parent, Checkpoint).id if parent else None
    dirty = leftovers.without_temp_files(gitio.status(root, ids.LEDGER_DIR))
    if dirty and not allow_dirty:
        listing = "\n".join(f"    {entry}" for entry in dirty)
        raise DirtyTreeError(
            f"the ledger has uncommitted changes, so HEAD's ledger is not what you see:\n{listing}",
            hint="commit them first, or pass --allow-dirty to record HEAD's ledger anyway",
        )
    tree = gitio.tree_of(root, "HEAD", ids.LEDGER_DIR)
    if tree is None:
        raise ValidationError(
            f"{ids.LEDGER_DIR}/ is not committed at HEAD yet",
            hint="git add .workledger && git commit, then checkpoint",
        )
    fields = {
        "summary": summary,
        "commit": commit,
        "ledger": tree,
        "parent": parent_id,
        "lineage": lineage,
        "created": clock.timestamp(),
    }
    text = body if body is not None else templates.render(root, "checkpoint.md.j2", {})
    record = ledger.create(ids.CHECKPOINT, fields, text)
    assert isinstance(record, Checkpoint)
    return record

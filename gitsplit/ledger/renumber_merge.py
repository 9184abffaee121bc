"""Renumbering in a conflicted merge or rebase: which side moves, and which records are its.

Both sides added the same id. The side that is not the authority branch moves; in a
rebase "ours" is the branch being rebased onto and "theirs" the commit being replayed,
and the branch being rebased is not the authority while it is rewritten (its ref still
points at the old, unpublished commits). References are rewritten only in records that
came from the moving side, as they stand now: after an earlier renumbering in the same
merge, the record that moved lives at its new path, and its old path holds the other
side's record.
"""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.ledger import ids, renumber_log
from gitsplit.ledger.store import Ledger

SIDES = ("ours", "theirs")


def merge_head(root: Path) -> str:
    """The commit being merged in (MERGE_HEAD, or the commit being picked/rebased)."""
    for name in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD", "REVERT_HEAD"):
        if gitio.resolve(root, name):
            return name
    raise GitsplitError("the file is in conflict, but no merge is in progress")


def side_to_move(ledger: Ledger, theirs_ref: str) -> str:
    """The side that is not the authority branch moves; ours moves if theirs is the authority.

    The authority is the default branch, local or remote-tracking (``git pull origin main``
    on a feature branch merges origin/main, which the local main may not have caught up
    to); a branch being rebased does not count, since its ref is the side being replayed.
    """
    root = ledger.root
    authority = ledger.config.default_branch
    theirs = gitio.resolve(root, theirs_ref)
    if theirs is None or gitio.current_branch(root) == authority:
        return "theirs"
    rebased = rebasing_branch(root)
    tips = [
        sha
        for name, sha in gitio.ref_tips(root).items()
        if name != rebased
        and (
            name == f"refs/heads/{authority}"
            or (name.startswith("refs/remotes/") and name.endswith(f"/{authority}"))
        )
    ]
    if any(gitio.is_ancestor(root, theirs, tip) for tip in tips):
        return "ours"
    return "theirs"


def rebasing_branch(root: Path) -> str | None:
    """The ref of the branch a rebase in progress is rewriting (``refs/heads/main``), or None."""
    git_dir = gitio.git_dir(root)
    for folder in ("rebase-merge", "rebase-apply"):
        try:
            name = (git_dir / folder / "head-name").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        return name or None
    return None


def moving_side_paths(
    root: Path, theirs_ref: str, side: str, earlier: list[tuple[str, str, str]]
) -> set[str]:
    """Ledger paths whose record, as it stands now, came from the moving ``side``."""
    moving_commit = theirs_ref if side == "theirs" else "HEAD"
    base = gitio.run(root, "merge-base", "HEAD", theirs_ref).strip()
    changed = set(
        gitio.run(root, "diff", "--name-only", base, moving_commit, "--", ids.LEDGER_DIR).split()
    )
    for old, new, moved in earlier:
        parts = ids.split_id(old)
        if parts is None or moved != side:
            continue
        kind = parts[0]
        if kind.path(old) in changed:  # that record moved on: its old path is the other's now
            changed.discard(kind.path(old))
            changed.add(kind.path(new))
        runs_old = f"{ids.RUNS_DIR}/{old}/"
        for path in [p for p in changed if p.startswith(runs_old)]:
            changed.discard(path)
            changed.add(f"{ids.RUNS_DIR}/{new}/{path[len(runs_old) :]}")
    return changed


def earlier_moves(root: Path, merge_sha: str, old: str) -> list[tuple[str, str, str]]:
    """The renumberings already done in this merge, but for (a killed earlier try of) ``old``."""
    return [item for item in renumber_log.load(root, merge_sha) if item[0] != old]

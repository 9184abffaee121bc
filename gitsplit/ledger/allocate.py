"""Allocation of new ids past the highest one seen anywhere: tree, local and remote branches."""

from __future__ import annotations

import os
from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger import ids


def highest_number(root: Path, kind: ids.Kind) -> int:
    """The highest id number of a kind on the working tree and on every branch tip."""
    names = _working_tree_names(root, kind)
    names |= _branch_names(root, kind)
    return _highest(names, kind)


def _highest(names: set[str], kind: ids.Kind) -> int:
    """The highest id number among file names ``<id>.md`` (0 when none is an id).

    An id's number has no leading zero, so of the names with the kind's own prefix the
    longest is the highest, and among equally long ones the greatest: the longest are
    tried first, greatest first, and the first that is an id wins, without sorting or
    parsing 10,000 names (the rest only when none of the longest is an id). The few others
    (another prefix, no ``.md``) are parsed one by one, as before.
    """
    prefix = kind.prefix + "-"
    own = [name for name in names if name.startswith(prefix) and name.endswith(".md")]
    longest = max(map(len, own), default=0)
    tops = sorted((name for name in own if len(name) == longest), reverse=True)
    best = next((n for n in map(_number, tops) if n), 0)
    if not best:
        best = next(
            (n for n in map(_number, sorted(own, key=lambda s: (len(s), s), reverse=True)) if n),
            0,
        )
    others = (
        _number(name) for name in names if not (name.startswith(prefix) and name.endswith(".md"))
    )
    return max(best, max(others, default=0))


def next_id(root: Path, kind: ids.Kind) -> str:
    """A new id one past the highest seen; read with git plumbing, nothing checked out."""
    return ids.format_id(kind, highest_number(root, kind) + 1)


def _working_tree_names(root: Path, kind: ids.Kind) -> set[str]:
    """File names in the kind's folder of the working tree."""
    try:
        return set(os.listdir(root / kind.dir))
    except OSError:  # no folder yet (or not a folder)
        return set()


def _branch_names(root: Path, kind: ids.Kind) -> set[str]:
    """File names in the kind's folder at the tip of every local and remote-tracking branch."""
    tips = set(gitio.ref_tips(root).values())
    if not tips:  # no branch at all (a detached HEAD's tree is the working tree's names)
        return set()
    trees = gitio.object_ids(root, (f"{sha}:{kind.dir}" for sha in sorted(tips)))
    names: set[str] = set()
    for tree in sorted({t for t in trees.values() if t}):
        names.update(gitio.run(root, "ls-tree", "-z", "--name-only", tree).split("\0"))
    names.discard("")
    return names


def _number(file_name: str) -> int:
    """The number in ``WO-12.md`` (0 when the name is not an id)."""
    stem = file_name[:-3] if file_name.endswith(".md") else file_name
    return ids.number_of(stem)

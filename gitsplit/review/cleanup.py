"""After a verdict: remove the run's worktree and branch, never when they hold uncommitted work."""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import DirtyTreeError


def remove_run(root: Path, branch: str, tip: str, into: str) -> list[str]:
    """Remove every linked worktree of ``branch``, then the branch (if it is still at ``tip``).

    A checkout that holds uncommitted or untracked files stops it before anything is
    removed. The main worktree is never removed: when it has the branch checked out (and
    is clean) it is switched to ``into``.
    """
    holders = [w for w in gitio.worktrees(root) if w.branch == branch]
    for holder in holders:
        dirty = gitio.status(holder.path)
        if dirty:
            listing = "\n".join(f"    {entry}" for entry in dirty[:10])
            raise DirtyTreeError(
                f"not cleaning up: {holder.path} holds uncommitted work on {branch}:\n{listing}",
                hint=f"the verdict is recorded; commit or remove that work, then "
                f"`git worktree remove {holder.path}` and `git branch -D {branch}`",
            )
    main = gitio.worktrees(root)[0].path
    done = []
    for holder in holders:
        if holder.main:
            gitio.run(holder.path, "switch", "-q", into)
            done.append(f"switched {holder.path} to {into}")
        else:
            gitio.remove_clean_worktree(main, holder.path)
            done.append(f"removed worktree {holder.path}")
    if gitio.resolve(main, f"refs/heads/{branch}") == tip:
        gitio.delete_ref(main, f"refs/heads/{branch}", tip)
        done.append(f"deleted branch {branch} (was {tip[:12]})")
    return done

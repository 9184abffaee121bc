"""What ``start`` refuses in the checkout it switches: uncommitted changes, a detached HEAD."""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import DirtyTreeError, GitsplitError
from gitsplit.ledger import leftovers


def refuse_dirty_or_detached(root: Path) -> None:
    """Switching branches here needs a clean tree and a named branch to come back to."""
    dirty = leftovers.without_temp_files(gitio.status(root))
    if dirty:
        listing = "\n".join(f"    {entry}" for entry in dirty[:20])
        more = f"\n    … and {len(dirty) - 20} more" if len(dirty) > 20 else ""
        raise DirtyTreeError(
            f"the working tree has uncommitted changes:\n{listing}{more}",
            hint="commit them first, or use --worktree to run in a separate "
            "checkout (nothing here is touched)",
        )
    if gitio.current_branch(root) is None and gitio.head(root) is not None:
        raise GitsplitError(
            "HEAD is detached; switching away could strand its commits",
            hint="create a branch for it (git switch -c NAME), or use --worktree",
        )

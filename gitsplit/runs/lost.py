"""Runs whose agent took the ground away: deleted its worktree or branch, or reset the branch.

Closing such a run the usual way fails (there is no checkout to run git in, or no run
record at the tip). Instead the run is put back where it can be recorded (the branch at
the start commit, the worktree at its path, the run record from the start commit) and
closed as failed, with the reason in its note, so ``runs`` and ``review`` see it.
"""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import DirtyTreeError
from gitsplit.ledger import leftovers
from gitsplit.ledger.store import Ledger
from gitsplit.runs.finish import Finished, finish
from gitsplit.runs.start import Started
from gitsplit.util.atomic import atomic_write


def reason(started: Started) -> str | None:
    """Why the run's ground is gone, or None when its checkout and branch are as expected."""
    root = started.root or started.checkout
    if not started.checkout.is_dir():
        return f"the agent deleted the run's checkout {started.checkout}"
    tip = gitio.resolve(root, f"refs/heads/{started.branch}")
    if tip is None:
        return f"the agent deleted the run's branch {started.branch}"
    if started.commit and not gitio.is_ancestor(root, started.commit, tip):
        return (
            f"the agent moved branch {started.branch} to {tip[:10]}, which does not contain "
            f"the run's start commit {started.commit[:10]} (git reset?)"
        )
    return None


def record(started: Started, why: str, words: str) -> Finished | str:
    """Restore what the run needs and close it as failed; or say why it is left open."""
    root = started.root or started.checkout
    if gitio.resolve(root, f"refs/heads/{started.branch}") is None and started.commit:
        gitio.run(root, "branch", started.branch, started.commit)
    if not started.checkout.is_dir():
        gitio.run(root, "worktree", "prune")
        gitio.run(root, "worktree", "add", "-q", str(started.checkout), started.branch)
    if gitio.current_branch(started.checkout) != started.branch:
        if leftovers.without_temp_files(gitio.status(started.checkout)):
            return (
                f"{why}; its checkout {started.checkout} has uncommitted changes on another "
                f"branch: commit or remove them, `git switch {started.branch}`, then "
                "`gitsplit finish --outcome failed`"
            )
        gitio.run(started.checkout, "switch", "-q", started.branch)  # clean: nothing to lose
    _restore_record(started)
    note = f"The agent ({started.launch.profile}) {words}; {why}."
    try:
        return finish(Ledger(started.checkout), outcome="failed", run_checks=False, extra_note=note)
    except DirtyTreeError:
        return (
            f"{why}; it also left uncommitted changes in {started.checkout}: commit or "
            "remove them, then `gitsplit finish --outcome failed`"
        )


def _restore_record(started: Started) -> None:
    """Put the run record back from the start commit when the branch no longer has it."""
    path: Path = started.checkout / started.record
    if path.is_file() or not started.commit:
        return
    data = gitio.read_blob(started.checkout, f"{started.commit}:{started.record}")
    if data is not None:
        atomic_write(path, data.decode("utf-8"))

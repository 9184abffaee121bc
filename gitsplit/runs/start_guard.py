"""One ``start`` of a work order at a time on this machine, and undoing one that was killed.

``start`` holds the work order's start lock from its first look at the branches to its
commit, and keeps a journal of what it is making. A second ``start`` (or ``dispatch``)
of the same work order waits, then sees the first one's run. A journal found with the
lock free was left by a ``start`` that died before it committed: what it made (its
branch, worktree and files, checked to be only that) is removed, and the work order can
simply be started again.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import ids, journal, leftovers, locks
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger, committed_workorder
from gitsplit.util.atomic import atomic_write, is_temp_name, temp_writer

OP = "start"


def key(wo_id: str) -> str:
    """The journal key of a start of ``wo_id``."""
    return f"start-{wo_id}"


@contextlib.contextmanager
def guard(ledger: Ledger, wo_id: str) -> Iterator[None]:
    """Hold ``wo_id``'s start lock; first undo what a killed start of it left."""
    with locks.start(ledger.root, wo_id):
        left = journal.read(ledger.root, key(wo_id))
        if left is not None:
            recover(ledger.root, left)
        yield


def refuse_in_flight(ledger: Ledger, wo_id: str) -> None:
    """Refuse (for dispatch) a work order whose run another gitsplit opened meanwhile."""
    from gitsplit.work import live_state

    live = live_state.scan(ledger.root, ledger.config).get(wo_id)
    if live is not None and live.state in (live_state.IN_PROGRESS, live_state.REVIEW):
        branch = live.primary
        raise GitsplitError(
            f"{wo_id} was started meanwhile (run {branch.run or '?'} on {branch.branch})"
        )


def begin(root: Path, wo: WorkOrder, *, checkout: Path, **data: Any) -> None:
    """Journal a start that is about to make its branch (run, branch, base, files, …)."""
    where = str(checkout) if data["worktree"] else str(root)
    journal.begin(
        root,
        key(wo.id),
        locks.start_lock(wo.id),
        {
            **data,
            "wo": wo.id,
            "wo_path": wo.path,
            "checkout": str(checkout),
            "op": OP,
            "where": where,
            "what": f"`gitsplit start {wo.id}` was killed before it recorded run {data['run']}",
        },
    )


def end(root: Path, wo_id: str) -> None:
    """The start is committed (or cleaned up after its error): forget its journal."""
    journal.end(root, key(wo_id))


def recover(root: Path, data: dict[str, Any]) -> str:
    """Undo a killed start, or keep the run it did record; say what was done."""
    wo_id, run, branch = str(data["wo"]), str(data["run"]), str(data["branch"])
    record = str(data["files"][0])
    if gitio.read_blob(root, f"refs/heads/{branch}:{record}") is not None:
        end(root, wo_id)
        return (
            f"run {run} of {wo_id} was recorded on {branch} before start was killed; "
            "no agent was launched: launch it yourself, or end the run with `gitsplit abandon`"
        )
    if data["worktree"]:
        _remove_worktree(root, Path(str(data["checkout"])), branch, data)
    else:
        _undo_in_place(root, branch, data)
    tip = gitio.resolve(root, f"refs/heads/{branch}")
    if tip is not None:
        if tip != data["base"]:
            raise GitsplitError(
                f"branch {branch} has commits that a killed start did not make; not deleting it",
                hint=f"look at it (git log {data['base'][:10]}..{branch}), then remove it "
                f"yourself (git branch -D {shlex.quote(branch)}) and run this again",
            )
        gitio.run(root, "branch", "-D", branch)
    end(root, wo_id)
    return f"undid the killed start of {wo_id} (run {run}): nothing of it is left"


def _own_changes(checkout: Path, data: dict[str, Any]) -> list[str]:
    """Uncommitted changes in the checkout that the killed start did not make."""
    mine = set(data["files"]) | {data["wo_path"]}
    return [
        str(entry)
        for entry in leftovers.without_temp_files(gitio.status(checkout))
        if entry.path not in mine and not entry.path.startswith(f"{ids.RUNS_DIR}/{data['wo']}/")
    ]


def _refuse_foreign(checkout: Path, data: dict[str, Any]) -> None:
    """Stop when anything but the start's own files changed: that is someone's work."""
    foreign = _own_changes(checkout, data)
    if foreign:
        listing = "\n".join(f"    {line}" for line in foreign)
        raise GitsplitError(
            f"a killed start of {data['wo']} left {checkout} with changes it did not make:\n"
            f"{listing}",
            hint="commit or move them away, then run this again",
        )


def _remove_worktree(root: Path, checkout: Path, branch: str, data: dict[str, Any]) -> None:
    """Remove the run's worktree when it holds only what the killed start wrote."""
    if checkout.is_dir() and any(checkout.iterdir()):
        on = gitio.run(checkout, "rev-parse", "--abbrev-ref", "HEAD", check=False).strip()
        if on != branch:
            raise GitsplitError(
                f"{checkout} is not the worktree of {branch}; not removing it",
                hint="remove it yourself if nothing in it is needed, then run this again",
            )
        _refuse_foreign(checkout, data)
        gitio.remove_worktree(root, checkout)
    gitio.run(root, "worktree", "prune", check=False)


def _undo_in_place(root: Path, branch: str, data: dict[str, Any]) -> None:
    """Remove the start's files from this checkout and switch back to where it began."""
    if gitio.current_branch(root) != branch:
        return
    _refuse_foreign(root, data)
    own = [*data["files"], str(data["wo_path"])]
    staged = gitio.ls_files(root, *own)
    if staged:  # start had added them: back to HEAD's index entries (its files are start's own)
        gitio.run(root, "restore", "--staged", "--", *staged)
    for rel in data["files"]:
        (root / rel).unlink(missing_ok=True)
    _remove_own_temps(root / ids.RUNS_DIR / str(data["wo"]), int(data["pid"]))
    _remove_own_temps(root / ids.WORKORDER.dir, int(data["pid"]))
    committed = gitio.read_blob(root, f"HEAD:{data['wo_path']}")
    if committed is not None:
        atomic_write(root / str(data["wo_path"]), committed.decode("utf-8"))
    original = data.get("original")
    if original:
        gitio.run(root, "switch", "--no-guess", str(original))
    else:
        gitio.run(root, "switch", "--detach", str(data["base"]))


def _remove_own_temps(folder: Path, pid: int) -> None:
    """Remove the temporary files that the killed process ``pid`` left in ``folder``."""
    for path in folder.iterdir() if folder.is_dir() else []:
        if is_temp_name(path.name) and temp_writer(path.name) == pid:
            path.unlink(missing_ok=True)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def refuse_unready(root: Path, base: str, wo: WorkOrder, *, force: bool) -> None:
    """A run starts only from a ready work order whose dependencies are done, at the base."""
    if wo.status != "ready" and not force:
        raise ValidationError(
            f"{wo.id} is {wo.status}, not ready (at the base)",
            hint=f"`gitsplit wo set {wo.id} status=ready` and commit it, or pass --force",
        )
    waiting = []
    for dep_id in wo.depends_on:
        dep = committed_workorder(root, base, dep_id)
        status = dep.status if dep else "missing"
        if status != "done":
            waiting.append(f"{dep_id} ({status})")
    if waiting and not force:
        raise ValidationError(
            f"{wo.id} depends on work that is not done: {', '.join(waiting)}",
            hint="finish those first, or pass --force",
        )


def refuse_empty_body(wo: WorkOrder, *, allow: bool) -> None:
    """Refuse a work order whose Problem or Acceptance is empty or the template's guidance."""
    from gitsplit.ledger import guidance

    missing = guidance.empty_sections("workorder", wo.body)
    if missing and not allow:
        raise ValidationError(
            f"{wo.id}'s {guidance.describe('workorder', missing)} empty or still the "
            "template's guidance: a run would start from no task",
            hint=f"write {'them' if len(missing) > 1 else 'it'} (`gitsplit wo edit {wo.id}`) "
            "and commit, or pass --allow-empty-body",
        )

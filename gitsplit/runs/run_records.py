"""Run records: ids, paths, the run in hand on a WO branch, and runs found on every branch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.ledger import branch_names, ids
from gitsplit.ledger.config import Config
from gitsplit.ledger.reachable_runs import is_run_record as is_run_record
from gitsplit.ledger.reachable_runs import reachable_runs
from gitsplit.ledger.records import Run, WorkOrder
from gitsplit.ledger.store import Ledger, read_document

BRIEFING_SUFFIX = ids.BRIEFING_SUFFIX


def run_id(wo_id: str, number: int) -> str:
    """``WO-12-r1``: the run id used in file names and ``Run:`` trailers."""
    return f"{wo_id}-r{number}"


def record_path(wo_id: str, run: str) -> str:
    """Repository path of a run record."""
    return f"{ids.RUNS_DIR}/{wo_id}/{run}.md"


def briefing_path(wo_id: str, run: str) -> str:
    """Repository path of the briefing a run started from."""
    return f"{ids.RUNS_DIR}/{wo_id}/{run}{BRIEFING_SUFFIX}"


def next_run_number(root: Path, config: Config, wo: WorkOrder) -> int:
    """One past every run of this work order seen on the tree, on branch tips, or as a branch."""
    numbers = {0}
    folder = f"{ids.RUNS_DIR}/{wo.id}"
    local = root / folder
    names = {p.name for p in local.glob("*.md")} if local.is_dir() else set()
    tips = gitio.ref_tips(root)
    trees = gitio.object_ids(root, (f"{sha}:{folder}" for sha in sorted(set(tips.values()))))
    for tree in sorted({t for t in trees.values() if t}):
        names.update(entry.path for entry in gitio.ls_tree(root, tree))
    prefix = f"{wo.id}-r"
    for name in names:
        stem = name.removesuffix(BRIEFING_SUFFIX).removesuffix(".md")
        if stem.startswith(prefix) and stem[len(prefix) :].isdigit():
            numbers.add(int(stem[len(prefix) :]))
    for ref in tips:
        name = branch_names.short_ref(ref)[1]
        if branch_names.parse_wo_branch(config, name) == wo.id:
            numbers.add(branch_names.attempt_of(name))
    return max(numbers) + 1


@dataclass(frozen=True)
class InHand:
    """The work order and run of the WO branch checked out here."""

    branch: str
    wo_id: str
    run: Run


def in_hand(ledger: Ledger) -> InHand:
    """The run of the current WO branch; refuses off a WO branch or without a run record."""
    branch = gitio.current_branch(ledger.root)
    if branch is None:
        raise GitsplitError(
            "HEAD is detached: not on a work-order branch",
            hint="git switch to the run's wo/… branch first",
        )
    wo_id = branch_names.parse_wo_branch(ledger.config, branch)
    if wo_id is None:
        raise GitsplitError(
            f"{branch!r} is not a work-order branch (pattern {ledger.config.branch_pattern!r})",
            hint="`gitsplit start WO-ID` opens one; `gitsplit runs` lists runs",
        )
    runs, errors = ledger.runs(wo_id)
    if errors:
        raise errors[0]
    mine = [r for r in runs if r.text("branch") == branch] or runs
    if not mine:
        raise GitsplitError(
            f"no run record for {wo_id} on {branch}",
            hint=f"this branch was not opened by `gitsplit start {wo_id}`",
        )
    return InHand(branch, wo_id, mine[-1])


def runs_everywhere(ledger: Ledger) -> list[tuple[Run, str]]:
    """Every run record on the working tree and on every branch tip: (run, where it was read)."""
    return reachable_runs(ledger)[0]


def read_run(root: Path, rel: str) -> Run:
    """Read one run record from the working tree."""
    return Run(read_document(root / rel, rel))

"""Closing a run: ``note``, ``finish`` and ``abandon`` on a WO branch, always ending clean."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from gitsplit import gitio
from gitsplit.errors import DirtyTreeError, GitsplitError, ValidationError
from gitsplit.ledger import config as ledger_config
from gitsplit.ledger import ids, leftovers
from gitsplit.ledger.records import Run, WorkOrder
from gitsplit.ledger.run_note import append_log, append_note
from gitsplit.ledger.schema import OUTCOMES
from gitsplit.ledger.store import Ledger, committed_workorder
from gitsplit.runs import check_record, checks, claiming, run_records
from gitsplit.runs.checks import CheckResult
from gitsplit.util import clock
from gitsplit.work import boundary


@dataclass
class Finished:
    """What ``finish`` recorded."""

    wo_id: str
    run: str
    branch: str
    outcome: str
    status: str
    commits: list[str]
    checks: list[CheckResult] = field(default_factory=list)
    commit: str = ""
    violations: list[str] = field(default_factory=list)  # what the review will also find
    claim: list[str] = field(default_factory=list)  # what became of the run's claim on the remote

    @property
    def words(self) -> str:
        """``succeeded`` or ``succeeded, 3 violations: run gitsplit review``."""
        return outcome_words(self.outcome, len(self.violations))


def outcome_words(outcome: str, violations: int) -> str:
    """The outcome, and the count of boundary violations when there are any."""
    if not violations:
        return outcome
    return f"{outcome}, {violations} violation{'s' if violations > 1 else ''}: run gitsplit review"


def note(ledger: Ledger, text: str) -> Run:
    """Append a paragraph to the result note of the run in hand (written, not committed)."""
    if not text.strip():
        raise ValidationError("the note is empty")
    hand = run_records.in_hand(ledger)
    if hand.run.outcome:
        raise GitsplitError(f"run {hand.run.id} is already closed ({hand.run.outcome})")
    changed = hand.run.changed(body=append_note(hand.run.body, text))
    ledger.write(changed)
    return changed


def finish(
    ledger: Ledger,
    *,
    outcome: str | None,
    run_checks: bool = True,
    extra_note: str | None = None,
    extra_log: str | None = None,
    extra_fields: dict[str, Any] | None = None,
) -> Finished:
    """Run the checks, record commits, end time and outcome, set the WO's status, commit."""
    hand = run_records.in_hand(ledger)
    if hand.run.outcome and not leftovers.committed_outcome(ledger.root, hand.run.path):
        return _resume(ledger, hand)
    if hand.run.outcome:
        raise GitsplitError(
            f"run {hand.run.id} is already finished ({hand.run.outcome})",
            hint=f"`gitsplit start {hand.wo_id}` opens a new run",
        )
    if outcome is not None and outcome not in OUTCOMES:
        raise ValidationError(f"--outcome must be one of {', '.join(OUTCOMES)}")
    _refuse_dirty(ledger, hand.run)
    order = ledger.get(ids.WORKORDER, hand.wo_id, WorkOrder)
    ran_at = gitio.head(ledger.root) or ""
    results = (
        checks.run_checks(order.checks, cwd=ledger.root, timeout=ledger.config.check_timeout)
        if run_checks
        else []
    )
    if outcome is None:
        outcome = "succeeded" if all(r.passed for r in results) else "failed"
    base = hand.run.text("base")
    commits = gitio.rev_list(ledger.root, base) if base else []
    status = _status_after(outcome)
    broken = _boundary(ledger, order, base) if base else []
    updates: dict[str, Any] = {
        **(extra_fields or {}),
        "ended": clock.timestamp(),
        "outcome": outcome,
        "commits": commits,
        "violations": len(broken),
    }
    if results:
        updates.update(check_record.fields(hand.run.id, ran_at, results))
    body = hand.run.body if not extra_note else append_note(hand.run.body, extra_note)
    body = body if not extra_log else append_log(body, extra_log)
    ledger.write(hand.run.changed(updates, body=body))
    ledger.write(order.changed({"status": status, "updated": clock.timestamp()}))
    commit = _commit(ledger, hand, order, outcome)
    claim = claiming.after_finish(ledger.root, hand.wo_id, outcome, hand.branch)
    return Finished(
        hand.wo_id,
        hand.run.id,
        hand.branch,
        outcome,
        status,
        commits,
        results,
        commit,
        broken,
        claim,
    )


def _boundary(ledger: Ledger, order: WorkOrder, base: str) -> list[str]:
    """The review's scope, protected-path and trailer rules over the run's commits.

    The work order and the protected paths are read as committed at the base, as the
    review reads them from the authority: a branch cannot widen its own bounds.
    """
    try:
        at_base = committed_workorder(ledger.root, base, order.id) or order
    except GitsplitError:
        at_base = order
    protected = ledger.config.protected_paths
    text = gitio.read_blob(ledger.root, f"{base}:{ledger_config.CONFIG_PATH}")
    if text is not None:
        with contextlib.suppress(GitsplitError):  # else the branch's own config is all there is
            protected = ledger_config.parse(text.decode("utf-8", "replace")).protected_paths
    return boundary.run_violations(ledger.root, base, order.id, at_base.scope, protected)


def _status_after(outcome: str) -> str:
    """The work order's status once its run ended with ``outcome``."""
    return "review" if outcome == "succeeded" else "ready"


def _commit(ledger: Ledger, hand: run_records.InHand, order: WorkOrder, outcome: str) -> str:
    """Commit the closed run record and the work order's new status."""
    return gitio.commit_paths(
        ledger.root,
        [hand.run.path, order.path],
        f"Finish {hand.wo_id} run {hand.run.id}: {outcome}",
        [f"Work-Order: {hand.wo_id}", f"Run: {hand.run.id}"],
    )


def _resume(ledger: Ledger, hand: run_records.InHand) -> Finished:
    """Complete a finish that was killed after it wrote the run record, before it committed.

    The outcome, checks and commits are the ones it recorded; what is left is the work
    order's status and the commit. Anything else uncommitted still stops it.
    """
    order = ledger.get(ids.WORKORDER, hand.wo_id, WorkOrder)
    outcome = hand.run.outcome or "failed"
    _refuse_dirty(ledger, hand.run, also=order.path)
    status = _status_after(outcome)
    if order.status != status:
        ledger.write(order.changed({"status": status, "updated": clock.timestamp()}))
    commit = _commit(ledger, hand, order, outcome)
    commits = hand.run.texts("commits")
    claim = claiming.after_finish(ledger.root, hand.wo_id, outcome, hand.branch)
    return Finished(
        hand.wo_id, hand.run.id, hand.branch, outcome, status, commits, [], commit, [], claim
    )


def dirty_beyond(ledger: Ledger, run: Run) -> list[gitio.StatusEntry]:
    """Uncommitted changes other than the run's own record (which finish commits)."""
    own = {run.path}
    return [e for e in leftovers.without_temp_files(gitio.status(ledger.root)) if e.path not in own]


def _refuse_dirty(ledger: Ledger, run: Run, *, also: str = "") -> None:
    """finish ends clean: it refuses while anything but the run record is uncommitted."""
    dirty = [e for e in dirty_beyond(ledger, run) if e.path != also]
    if dirty:
        listing = "\n".join(f"    {entry}" for entry in dirty)
        raise DirtyTreeError(
            f"uncommitted changes on {run.text('branch') or 'this branch'}:\n{listing}",
            hint="commit what belongs to the work order (git add PATH && git "
            "commit), remove what does not, then finish again",
        )

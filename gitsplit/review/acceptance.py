"""Acceptance: dependencies merged into the base, checks in a clean worktree, ledger validate."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger import validate
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import committed_workorder
from gitsplit.review.findings import CheckOutcome, Dependency, Finding, violation, warning
from gitsplit.runs import checks, isolation


def workorder_at(root: Path, rev: str | None, wo_id: str) -> WorkOrder | None:
    """A work order as committed at ``rev``, or None when it is not there (or unreadable)."""
    if rev is None:
        return None
    try:
        return committed_workorder(root, rev, wo_id)
    except RecordError:
        return None


def acceptance_text(order: WorkOrder) -> str:
    """The body's Acceptance section (any heading that starts with 'Acceptance')."""
    for heading, text in order.sections().items():
        if heading.lower().startswith("acceptance"):
            return text
    return ""


def dependencies(
    root: Path, order: WorkOrder, base: str, authority_tip: str | None
) -> tuple[list[Dependency], list[Finding]]:
    """Each dependency's status in the base and on the authority branch, and what is wrong."""
    deps, found = [], []
    for dep_id in order.depends_on:
        at_base = _status(root, base, dep_id)
        at_authority = _status(root, authority_tip, dep_id) if authority_tip else "missing"
        deps.append(Dependency(dep_id, at_base, at_authority))
        if at_base == "done":
            continue
        if at_authority == "done":
            found.append(
                warning(
                    "dependency",
                    f"{dep_id} is done on the authority branch but "
                    f"not in the branch's base ({at_base}); merge the authority "
                    "branch in (or rebase) to build on it",
                )
            )
        else:
            found.append(
                violation(
                    "dependency",
                    f"{order.id} depends on {dep_id}, which is "
                    f"not merged into the base (status there: {at_base})",
                )
            )
    return deps, found


def _status(root: Path, rev: str | None, wo_id: str) -> str:
    """A work order's status at a commit ('missing' when it is not there)."""
    order = workorder_at(root, rev, wo_id)
    return "missing" if order is None else order.status or "unknown"


def run_checks(
    root: Path, tip: str, commands: list[str], timeout: float, setup: Sequence[str] = ()
) -> tuple[list[CheckOutcome], list[Finding]]:
    """Run every check in a clean, detached, temporary worktree of ``tip`` (set up first with
    ``worktree.setup``), then remove it: never in whatever the current checkout holds."""
    if not commands:
        return [], []
    holder = Path(tempfile.mkdtemp(prefix="gitsplit-review-"))
    tree = holder / "tree"
    try:
        gitio.add_detached_worktree(root, tree, tip)
        failed = isolation.set_up(tree, setup, timeout)
        if failed is not None:
            words = f"worktree.setup `{failed.command}` failed (exit {failed.exit})"
            return [CheckOutcome(c) for c in commands], [violation("setup-failed", words)]
        results = checks.run_checks(commands, cwd=tree, timeout=timeout)
    finally:
        if tree.exists():
            gitio.remove_worktree(root, tree)
        shutil.rmtree(holder, ignore_errors=True)
    found = []
    for result in results:
        if result.warning:
            found.append(warning("check-imports-elsewhere", result.warning))
        if result.timed_out:
            found.append(
                violation(
                    "check-timeout",
                    f"check `{result.command}` timed out after {timeout:g} s and was killed",
                )
            )
        elif not result.passed:
            found.append(
                violation("check-failed", f"check `{result.command}` failed (exit {result.exit})")
            )
    return [CheckOutcome(r.command, r) for r in results], found


def ledger_findings(root: Path, tip: str) -> list[Finding]:
    """The ledger as committed at the tip must pass `gitsplit check`."""
    return [
        violation("ledger", f"{p.path}{f':{p.line}' if p.line else ''}: {p.message}", path=p.path)
        for p in validate.check_commit(root, tip)
    ]

"""``accept`` and ``reject``: the verdict on a run, landed on the authority branch in one commit.

Both build their commit from objects (``gitio.merge``): nobody's checkout is switched,
and the authority branch's own checkout, if any, is only fast-forwarded by git, which
refuses rather than overwrite uncommitted changes. See D-34.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitError, GitsplitError, ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run, WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.review import cleanup as run_cleanup
from gitsplit.review.core import review
from gitsplit.review.findings import Review
from gitsplit.runs import claiming, run_records
from gitsplit.util import clock


@dataclass(frozen=True)
class Verdict:
    """What ``accept`` or ``reject`` did, and how to undo it."""

    verdict: str
    wo_id: str
    run: str
    branch: str
    tip: str
    into: str
    old: str
    commit: str
    strategy: str = ""
    forced: tuple[str, ...] = ()
    warnings: int = 0
    cleaned: list[str] = field(default_factory=list)
    undo: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {
            "verdict": self.verdict,
            "wo": self.wo_id,
            "run": self.run,
            "branch": self.branch,
            "branch_tip": self.tip,
            "into": self.into,
            "previous": self.old,
            "commit": self.commit,
            "strategy": self.strategy or None,
            "forced": list(self.forced),
            "warnings": self.warnings,
            "cleaned": self.cleaned,
            "undo": self.undo,
        }


def accept(
    ledger: Ledger,
    target: str,
    *,
    force: bool = False,
    run_checks: bool = True,
    cleanup: bool = False,
) -> Verdict:
    """Run the review gate, merge the branch into the authority branch with the WO done."""
    result = review(ledger, target, run_checks=run_checks)
    where = result.target
    forced = tuple(dict.fromkeys(f.code for f in result.violations))
    if forced and not force:
        listing = "\n".join(f"    {f.code}: {f.message}" for f in result.violations)
        raise GitsplitError(
            f"{where.branch} does not pass the review gate:\n{listing}",
            hint=f"fix the branch and accept again, `gitsplit reject {where.wo_id} --reason "
            "TEXT` to send it back, or --force to merge it anyway (recorded in the run)",
        )
    run, into, old = _verdict_inputs(ledger, result)
    strategy = ledger.config.accept_strategy
    if where.merged:
        raise GitsplitError(
            f"{where.branch} is already merged into {into}",
            hint=f"`gitsplit wo set {where.wo_id} status=done` and commit, if it is not",
        )
    tree, parents = _merged(ledger.root, strategy, old, where.tip, where.branch, where.wo_id, run)
    verdict: dict[str, Any] = {"result": "accepted", "at": clock.timestamp(), "into": into}
    verdict["strategy"] = strategy
    verdict |= {"branch_tip": where.tip, **({"forced": list(forced)} if forced else {})}
    files = {
        run.path: _with_verdict(run, verdict),
        **_workorder_file(ledger.root, old, where.tip, where.wo_id, "done"),
    }
    title = f"Accept {where.wo_id}: {result.title}"
    detail = (
        f"Squash {len(result.commits)} commit(s) of {where.branch} (run {run.id})."
        if strategy == "squash"
        else f"Merge {where.branch} (run {run.id}) into {into}."
    )
    if forced:
        detail += f"\n\nAccepted with --force over: {', '.join(forced)}."
    message = _message(title, detail, where.wo_id, run.id)
    commit, moved = land(ledger.root, into, old, tree, parents, files, message)
    done = Verdict(
        "accepted", where.wo_id, run.id, where.branch, where.tip, into, old, commit, strategy
    )
    cleaned = run_cleanup.remove_run(ledger.root, where.branch, where.tip, into) if cleanup else []
    cleaned += claiming.after_verdict(ledger, where.wo_id, run.id)
    return _finish(done, forced, len(result.warnings), cleaned, moved)


def reject(ledger: Ledger, target: str, *, reason: str, cleanup: bool = False) -> Verdict:
    """Record the run as rejected (with the reason) on the authority branch; reopen the WO."""
    if not reason.strip():
        raise ValidationError("--reason is empty: say why the run is sent back")
    result = review(ledger, target, run_checks=False)
    where = result.target
    run, into, old = _verdict_inputs(ledger, result)
    verdict = {"result": "rejected", "at": clock.timestamp(), "reason": reason.strip()}
    verdict |= {"branch_tip": where.tip}
    files = {
        run.path: _with_verdict(run, verdict),
        **_workorder_file(ledger.root, old, where.tip, where.wo_id, "ready"),
    }
    briefing = run_records.briefing_path(where.wo_id, run.id)
    data = gitio.read_blob(ledger.root, f"{where.tip}:{briefing}")
    if data is not None:
        files[briefing] = data
    title = f"Reject {where.wo_id} run {run.id}: {reason.strip().splitlines()[0][:60]}"
    detail = f"{where.wo_id} is ready again; {where.branch} is kept unmerged.\n\n{reason.strip()}"
    tree = gitio.run(ledger.root, "rev-parse", f"{old}^{{tree}}").strip()
    message = _message(title, detail, where.wo_id, run.id)
    commit, moved = land(ledger.root, into, old, tree, [old], files, message)
    done = Verdict("rejected", where.wo_id, run.id, where.branch, where.tip, into, old, commit)
    cleaned = run_cleanup.remove_run(ledger.root, where.branch, where.tip, into) if cleanup else []
    cleaned += claiming.after_verdict(ledger, where.wo_id, run.id)
    return _finish(done, (), 0, cleaned, moved)


def land(
    root: Path,
    into: str,
    old: str,
    tree: str,
    parents: list[str],
    files: Mapping[str, bytes],
    message: str,
) -> tuple[str, Path | None]:
    """The one place a verdict lands on the authority branch: ``tree`` plus ``files``, committed.

    Anything else a verdict must change on the authority branch joins ``files`` here.
    Returns the commit and the checkout of the authority branch it moved, if any.
    """
    commit = gitio.commit_tree(root, gitio.edit_tree(root, tree, files), parents, message)
    holder = next((w for w in gitio.worktrees(root) if w.branch == into), None)
    if holder is None:
        gitio.update_ref(root, f"refs/heads/{into}", commit, old, reason=message.splitlines()[0])
        return commit, None
    try:
        gitio.fast_forward(holder.path, commit)
    except GitError as exc:
        raise GitsplitError(
            f"{into} is checked out in {holder.path} and git would not move it forward: "
            f"{exc.message}",
            hint=f"commit (or move aside) the changes there, then run this again; {into} "
            "was not changed",
        ) from None
    return commit, holder.path


def _verdict_inputs(ledger: Ledger, result: Review) -> tuple[Run, str, str]:
    """The run record at the branch tip, the authority branch's name and its local tip."""
    where = result.target
    if result.run is None:
        raise GitsplitError(
            f"{where.branch} has no run record, so there is no run to give a verdict on",
            hint="merge it by hand (git merge), or open a run with `gitsplit start`",
        )
    if not result.run.outcome:
        raise GitsplitError(
            f"run {result.run.id} is still open",
            hint="`gitsplit finish` (or `gitsplit abandon`) on its branch first",
        )
    verdict = result.run.fields.get("verdict")
    if isinstance(verdict, Mapping) and verdict.get("result"):
        raise GitsplitError(f"run {result.run.id} was already {verdict['result']}")
    into = ledger.config.default_branch
    old = gitio.resolve(ledger.root, f"refs/heads/{into}^{{commit}}")
    if old is None:
        raise GitsplitError(
            f"there is no local branch {into} (the authority branch) to merge into",
            hint=f"create it from its remote copy: git branch {into} origin/{into}",
        )
    data = gitio.read_blob(ledger.root, f"{where.tip}:{result.run.path}") or b""
    return Run(Document.parse(data, path=result.run.path)), into, old


def _merged(
    root: Path, strategy: str, old: str, tip: str, branch: str, wo_id: str, run: Run
) -> tuple[str, list[str]]:
    """The tree to commit and its parents, by strategy; refuses real conflicts."""
    if strategy == "ff":
        if not gitio.is_ancestor(root, old, tip):
            raise GitsplitError(
                f"{branch} cannot be fast-forwarded: the authority branch moved on since it left",
                hint="merge the authority branch into it (or rebase it), or set "
                "accept.strategy: merge",
            )
        return gitio.run(root, "rev-parse", f"{tip}^{{tree}}").strip(), [tip]
    merged = gitio.merge_tree(root, old, tip)
    ours = {ids.WORKORDER.path(wo_id), run.path}
    clash = [path for path in merged.conflicts if path not in ours]
    if clash:
        raise GitsplitError(
            f"{branch} conflicts with the authority branch in: {', '.join(clash)}",
            hint="merge the authority branch into the WO branch, resolve, commit, "
            "then accept again",
        )
    return merged.tree, [old, tip] if strategy == "merge" else [old]


def _workorder_file(root: Path, old: str, tip: str, wo_id: str, status: str) -> dict[str, bytes]:
    """The work order as the authority has it (else as the branch has it), with a new status."""
    rel = ids.WORKORDER.path(wo_id)
    data = gitio.read_blob(root, f"{old}:{rel}") or gitio.read_blob(root, f"{tip}:{rel}")
    if data is None:
        return {}
    order = WorkOrder(Document.parse(data, path=rel))
    if status == "ready" and order.status in ("done", "cancelled"):
        raise GitsplitError(f"{wo_id} is {order.status} on the authority branch; not reopening it")
    changed = order.changed({"status": status, "updated": clock.timestamp()})
    return {rel: changed.doc.render().encode("utf-8")}


def _with_verdict(run: Run, verdict: Mapping[str, Any]) -> bytes:
    """The run record with its ``verdict`` field set."""
    return run.changed({"verdict": dict(verdict)}).doc.render().encode("utf-8")


def _message(title: str, detail: str, wo_id: str, run: str) -> str:
    """A commit message with the trailers every gitsplit commit carries."""
    return f"{title}\n\n{detail}\n\nWork-Order: {wo_id}\nRun: {run}\n"


def _finish(
    done: Verdict,
    forced: tuple[str, ...],
    warnings: int,
    cleaned: list[str],
    moved: Path | None,
) -> Verdict:
    """The verdict with what cleanup did and the commands that undo it all."""
    undo = [
        f"git branch -f {done.into} {done.old[:12]}"
        if moved is None
        else f"git -C {shlex.quote(str(moved))} reset --keep {done.old[:12]}"
    ]
    if any(line.startswith("deleted branch") for line in cleaned):
        undo.append(f"git branch {done.branch} {done.tip}")
    return Verdict(
        done.verdict,
        done.wo_id,
        done.run,
        done.branch,
        done.tip,
        done.into,
        done.old,
        done.commit,
        done.strategy,
        forced,
        warnings,
        cleaned,
        undo,
    )

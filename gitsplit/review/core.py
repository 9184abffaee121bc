"""``review()``: judge one WO branch against its work order, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import ConfigError, GitsplitError
from gitsplit.gitio import CommitInfo
from gitsplit.ledger import config
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.review import (
    acceptance,
    check_record,
    claimed,
    links,
    origin,
    provenance,
    scope,
    symlinks,
    target,
)
from gitsplit.review.findings import CheckOutcome, Finding, Review, Target, warning
from gitsplit.work import branches


def review(
    ledger: Ledger,
    branch_or_wo: str | None = None,
    *,
    base: str | None = None,
    run_checks: bool = False,
) -> Review:
    """Review a WO branch (by name, by WO id, or the one checked out) against its work order."""
    root = ledger.root
    auth_ref, auth_tip = branches.authority(root, ledger.config)
    cfg = authority_config(root, auth_tip, ledger.config, auth_ref)
    branch = branches.find_branch(root, cfg, branch_or_wo)
    run = provenance.run_at(root, branch.tip, branch.wo_id, branch.name)
    began = origin.of_run(root, branch.tip, run)
    run_base = began.base if began else str(run.fields.get("base") or "") if run else ""
    where, findings = target.bounds(root, branch, cfg, base_option=base, run_base=run_base)
    findings += origin.findings(root, branch.tip, began, run)
    order, order_findings = ordered(root, where)
    commits = gitio.commits_between(root, where.tip, where.exclude())
    own, synced = split_sync_merges(root, where, commits)
    per_commit = paths_per_commit(root, commits)
    diff = gitio.diffstat(root, where.diff_from, where.tip)
    final = [p for stat in diff for p in (stat.change.path, stat.change.old_path) if p]
    findings += order_findings
    findings += scope.judge(where.wo_id, order.scope, cfg.protected_paths, per_commit, final)
    added = [s.change.path for s in diff if s.change.status != "D"]
    findings += symlinks.findings(root, where.tip, order.scope, added)
    findings += provenance.run_findings(run, where.wo_id)
    findings += provenance.trailer_findings(own, where.wo_id, run)
    deps, dep_findings = acceptance.dependencies(root, order, where.base, where.authority_tip)
    findings += dep_findings
    outcomes = [CheckOutcome(command) for command in order.checks]
    if run_checks:
        outcomes, check_findings = acceptance.run_checks(
            root, where.tip, order.checks, cfg.check_timeout, cfg.worktree_setup
        )
        findings += check_findings
    findings += check_record.findings(
        root, where, run, order.checks, own, per_commit, checks_run=run_checks
    )
    findings += acceptance.ledger_findings(root, where.tip)
    findings += claimed.findings(root, cfg, where.wo_id, run)
    if not commits:
        findings.append(
            warning(
                "no-commits",
                f"{where.branch} has no commits of its own beyond its base {where.base[:10]}",
            )
        )
    decision_ids = links.decisions_for(root, where.authority_tip or where.base, order, final)
    return Review(
        target=where,
        title=order.title,
        scope=order.scope,
        run=run,
        commits=commits,
        sync_merges=[c.sha for c in synced],
        judged_paths=per_commit,
        acceptance=acceptance.acceptance_text(order),
        checks=outcomes,
        checks_run=run_checks,
        dependencies=deps,
        diffstat=diff,
        links=links.links(root, where.tip, order, decision_ids),
        findings=findings,
    )


def findings_by_wo(ledger: Ledger, wo_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """What ``review`` finds on each work order's branch, as plain data (for the review
    briefing); a branch that cannot be judged gets one finding that says why."""
    from gitsplit.ledger import ids

    found: dict[str, list[dict[str, Any]]] = {}
    for raw in wo_ids:
        wo_id = ids.normalize_id(raw, ids.WORKORDER)
        try:
            result = review(ledger, wo_id)
        except GitsplitError as exc:
            found[wo_id] = [warning("not-judged", f"review cannot judge it: {exc}").as_json()]
        else:
            found[wo_id] = [finding.as_json() for finding in result.findings]
    return found


def authority_config(
    root: Path, auth_tip: str | None, fallback: config.Config, auth_ref: str | None = None
) -> config.Config:
    """The config as the authority branch has it: a branch cannot loosen its own review."""
    if auth_tip is None:
        return fallback
    text = gitio.read_blob(root, f"{auth_tip}:{config.CONFIG_PATH}")
    if text is None:
        return fallback
    name = (auth_ref or auth_tip).removeprefix("refs/heads/").removeprefix("refs/remotes/")
    try:
        return config.parse(text.decode("utf-8", "replace"))
    except ConfigError as exc:  # name the branch: the checkout's own config may be fine
        raise ConfigError(
            exc.detail,
            path=f"{name}:{config.CONFIG_PATH}",
            line=exc.line,
            hint=f"review reads the config as committed on {name}; fix it "
            "there (`gitsplit check` on it lists every problem)",
        ) from None


def ordered(root: Path, where: Target) -> tuple[WorkOrder, list[Finding]]:
    """The work order as the authority has it (else at the base, else at the tip)."""
    at_tip = acceptance.workorder_at(root, where.tip, where.wo_id)
    for rev in (where.authority_tip, where.base):
        order = acceptance.workorder_at(root, rev, where.wo_id)
        if order is not None:
            return order, scope.own_record_edits(order, at_tip)
    if at_tip is None:
        raise GitsplitError(
            f"{where.wo_id} does not exist on {where.authority}, at the base, or on {where.branch}",
            hint="`gitsplit wo list` shows the work orders there are",
        )
    return at_tip, [
        warning(
            "workorder-unmerged",
            f"{where.wo_id} exists only on the branch, so "
            "the branch is judged against its own copy",
            path=at_tip.path,
        )
    ]


def split_sync_merges(
    root: Path, where: Target, commits: list[CommitInfo]
) -> tuple[list[CommitInfo], list[CommitInfo]]:
    """(the branch's own commits, merges that only bring the authority or base in)."""
    upstream = [rev for rev in (where.authority_tip, where.base) if rev]
    own, synced = [], []
    for commit in commits:
        if len(commit.parents) > 1 and all(
            any(gitio.is_ancestor(root, parent, rev) for rev in upstream)
            for parent in commit.parents[1:]
        ):
            synced.append(commit)
        else:
            own.append(commit)
    return own, synced


def paths_per_commit(root: Path, commits: list[CommitInfo]) -> dict[str, list[str]]:
    """{sha: every path it changed}: both sides of renames, deletions; a merge's own edits."""
    plain = [c.sha for c in commits if len(c.parents) <= 1]
    changes = gitio.commit_changes(root, plain)
    result: dict[str, list[str]] = {}
    for commit in commits:
        if len(commit.parents) > 1:
            result[commit.sha] = gitio.merge_changes(root, commit.sha)
        else:
            result[commit.sha] = [
                p for c in changes.get(commit.sha, []) for p in (c.old_path, c.path) if p
            ]
    return result

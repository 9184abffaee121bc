"""The pre-commit hook: a work order's authority boundary, sound ledger files, fixed checkpoints.

On a work-order branch every staged path (both sides of a rename) must be in the work
order's scope, or be its own record or its own run records; protected paths and other work
orders' records are refused. On every branch, staged ledger files must pass the per-file
checks of ``gitsplit check``, and a committed checkpoint may not be edited, renamed or
deleted. Only staged content (the index) is read.
"""

from __future__ import annotations

import os
import sys

from gitsplit.errors import GitsplitError
from gitsplit.hooks import commitmsg
from gitsplit.hooks.context import HookRepo
from gitsplit.hooks.model import (
    CHECKPOINTS,
    LEDGER,
    RUNS,
    SKIP_TRAILER,
    SKIP_VARIABLE,
    WORKORDERS,
    Change,
    Settings,
    WorkOrderInfo,
    parse_skip,
    skipped,
    wo_path,
)
from gitsplit.ledger import branch_names
from gitsplit.util import globs
from gitsplit.util.text import escape, one_line

Finding = tuple[str, str]  # (path, why)


def run(args: list[str]) -> int:
    """Check the staged changes; 0 lets the commit through, 1 refuses it."""
    skip = parse_skip(os.environ.get(SKIP_VARIABLE, ""))
    with HookRepo(staged=True) as repo:
        changes = repo.staged_changes()
        if repo.merging:
            changes = own_changes_in_merge(repo, changes)
        settings = repo.settings()
        wo_id = (
            None
            if repo.rebasing or not repo.branch
            else branch_names.parse_wo_branch(settings, repo.branch)
        )
        wo = _work_order(repo, wo_id, settings, skip) if wo_id else None
        sections = []
        if wo_id:
            sections.append(
                ("scope", _authority_section(repo.branch or "", wo_id, wo, changes, settings))
            )
        if any(change.path.startswith(LEDGER + "/") for change in changes):
            from gitsplit.hooks import staged

            sections.append(("ledger", staged.ledger_section(repo, changes)))
        if not repo.rebasing:
            sections.append(("checkpoint", checkpoint_section(changes)))
        for warning in repo.warnings:
            _say(f"warning: {warning}")
        refused = _report(sections, skip)
        if refused:
            return 1
        trailers = commitmsg.trailers(repo, wo, changes, skip)
    commitmsg.write_handoff(trailers)
    return 0


def _work_order(
    repo: HookRepo, wo_id: str, settings: Settings, skip: tuple[str, ...]
) -> WorkOrderInfo | None:
    """The branch's work order; an unreadable one stops the commit unless scope is skipped."""
    try:
        return repo.work_order(wo_id, settings)
    except GitsplitError as exc:
        if not skipped(skip, "scope"):
            raise
        repo.warnings.append(str(exc))
        return None


def own_changes_in_merge(repo: HookRepo, changes: list[Change]) -> list[Change]:
    """The changes a merge commit makes itself: not taken as they are from a merged commit."""
    from gitsplit.hooks.gitpipe import Objects

    heads = repo.merge_heads()
    with Objects(contents=False) as ids:

        def theirs(path: str) -> list[str | None]:
            found = [ids.read(f"{head}:{path}") for head in heads]
            return [item[0] if item else None for item in found]

        kept = []
        for change in changes:
            new = theirs(change.path)
            taken = None in new if change.status == "D" else change.new_id in new
            if taken and change.status == "R" and change.old_path:
                taken = None in theirs(change.old_path)
            if not taken:
                kept.append(change)
    return kept


def authority_findings(
    wo: WorkOrderInfo, changes: list[Change], settings: Settings
) -> list[Finding]:
    """Every staged path a work order may not change, with the reason."""
    findings = []
    for change in changes:
        for path in change.paths:
            why = _why_not(path, wo, settings)
            if why:
                findings.append((path, why))
    return findings


def _why_not(path: str, wo: WorkOrderInfo, settings: Settings) -> str | None:
    """Why ``wo`` may not change ``path``, or None when it may."""
    protected = globs.first_match(settings.protected_paths, path)
    if protected:
        return f"protected path (protected_paths: {protected})"
    if path == wo_path(wo.id) or path.startswith(f"{RUNS}/{wo.id}/"):
        return None
    if path.startswith(WORKORDERS + "/"):
        return f"another work order's record (only {wo.id}'s own record may change)"
    if path.startswith(RUNS + "/"):
        return f"another work order's run records (only {RUNS}/{wo.id}/ may change)"
    if globs.first_match(wo.scope, path):
        return None
    scope = ", ".join(wo.scope) if wo.scope else "empty: nothing may change"
    return f"outside the scope of {wo.id} (scope: {scope})"


def checkpoint_section(changes: list[Change]) -> tuple[str, list[Finding], str]:
    """Committed checkpoints that the staged changes edit, rename or delete."""
    findings = []
    for change in changes:
        old = change.old_path if change.status == "R" and change.old_path else change.path
        if change.status in "MDRT" and _is_checkpoint(old):
            verb = {
                "M": "edited",
                "D": "deleted",
                "T": "changed to another file type",
                "R": f"renamed to {change.path}",
            }[change.status]
            findings.append((old, f"committed checkpoint {verb}; checkpoints are immutable"))
    hint = (
        "record a new checkpoint instead (`gitsplit checkpoint --parent CP-n`); put the "
        "committed one back with `git restore --staged --worktree <path>`"
    )
    return ("commit refused: a committed checkpoint changes", findings, hint)


def _is_checkpoint(path: str) -> bool:
    """True for a checkpoint record's path."""
    name = path[len(CHECKPOINTS) + 1 :]
    return (
        path.startswith(CHECKPOINTS + "/")
        and "/" not in name
        and name.endswith(".md")
        and not name.startswith(".")
    )


def _authority_section(
    branch: str, wo_id: str, wo: WorkOrderInfo | None, changes: list[Change], settings: Settings
) -> tuple[str, list[Finding], str]:
    """The scope findings of a work-order branch, as a report section."""
    if wo is None:
        title = (
            f"commit refused on {branch}: the branch is named like a run of {wo_id}, "
            f"which does not exist (not on {settings.default_branch}, HEAD or staged)"
        )
        hint = (
            f"rename the branch (`git branch -m NEW-NAME`), or create {wo_id} on "
            f"{settings.default_branch} first"
        )
        return (title, [(branch, f"no work order {wo_id}")], hint)
    title = f'commit refused on {branch}: {wo_id} "{wo.title}" may not change these paths'
    findings = authority_findings(wo, changes, settings)
    hint = "leave a path out of this commit with `git restore --staged <path>`"
    if any(why.startswith("outside the scope") for _, why in findings):
        hint += (
            f"; if {wo_id} needs it, widen its scope on {settings.default_branch} "
            f"(`gitsplit wo edit {wo_id}`)"
        )
    if any(not why.startswith("outside the scope") for _, why in findings):
        hint += (
            f"; protected paths and other work orders' records are not {wo_id}'s to "
            f"change: they change on {settings.default_branch}, not on a run's branch"
        )
    return (title, findings, hint)


def _report(
    sections: list[tuple[str, tuple[str, list[Finding], str]]], skip: tuple[str, ...]
) -> bool:
    """Print every non-empty section; True when one of them refuses the commit."""
    refused = False
    for check, (title, findings, hint) in sections:
        if not findings:
            continue
        if skipped(skip, check):
            _say(
                f"{SKIP_VARIABLE}={','.join(skip)}: let through {len(findings)} "
                f"path(s) the {check} check refuses; the commit records it as "
                f"`{SKIP_TRAILER}: {', '.join(skip)}` for review"
            )
            continue
        refused = True
        width = min(max(len(path) for path, _ in findings), 48)
        lines = [
            title,
            *(f"  {one_line(path).ljust(width)}  {why}".rstrip() for path, why in findings),
            f"  what to do: {hint}; to commit anyway and have `gitsplit review` report "
            f"it: {SKIP_VARIABLE}={check} git commit ...",
        ]
        _say("\n".join(lines))
    return refused


def _say(text: str) -> None:
    """Print a message on stderr, prefixed with ``gitsplit:`` (control characters escaped)."""
    sys.stderr.write(escape(f"gitsplit: {text}") + "\n")

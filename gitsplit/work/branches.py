"""A work order's branches, found by name or by id, and the authority branch they merge into.

Read by review (which branch to judge) and by briefing (the review batch, the authority's tip),
so it lives here and neither reaches into the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.ledger import branch_names, ids
from gitsplit.ledger.config import Config

_WO_ID = re.compile(r"(?i)^wo-([1-9][0-9]*)$")


class BranchUsageError(GitsplitError):
    """The branch, work order or --base given names nothing reviewable (a usage error, exit 2)."""

    def __init__(self, message: str, *, param: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.param = param


@dataclass(frozen=True)
class Branch:
    """A WO branch found by name or by work order id."""

    wo_id: str
    name: str
    ref: str
    tip: str


def find_branch(root: Path, config: Config, target: str | None) -> Branch:
    """The WO branch named by ``target`` (a branch or a WO id), or the one checked out."""
    tips = gitio.ref_tips(root)
    if target is None:
        current = gitio.current_branch(root)
        if current is None:
            raise BranchUsageError(
                "HEAD is detached and no branch or work order was given",
                param="target",
                hint="gitsplit review BRANCH (or WO-ID)",
            )
        return _as_wo_branch(root, config, f"refs/heads/{current}", tips, given=None)
    match = _WO_ID.match(target)
    if match:
        wo_id = f"WO-{match.group(1)}"
        recorded = (root / ids.WORKORDER.path(wo_id)).is_file()
        if not recorded and not ranked_refs(config, tips, wo_id):
            raise BranchUsageError(
                f"no work order {wo_id} and no branch for it",
                param="target",
                hint="`gitsplit wo list` shows the work "
                "orders; `git fetch` brings branches pushed elsewhere",
            )
        return newest_branch(config, tips, wo_id)
    ref = branch_ref(tips, target)
    if ref is None:
        raise BranchUsageError(
            f"no branch {target!r} (local or remote-tracking)",
            param="target",
            hint="`git branch -a` lists the branches; `git fetch` brings remote ones",
        )
    return _as_wo_branch(root, config, ref, tips, given=target)


def newest_branch(config: Config, tips: dict[str, str], wo_id: str) -> Branch:
    """The branch of the newest run of a work order: highest run number, local before remote."""
    found = ranked_refs(config, tips, wo_id)
    if not found:
        raise BranchUsageError(
            no_branch_message(config, wo_id),
            param="target",
            hint=f"`gitsplit start {wo_id}` opens one; `git fetch` brings "
            "branches pushed elsewhere",
        )
    ref = found[0]
    return Branch(wo_id, short_name(ref), ref, tips[ref])


def ranked_refs(config: Config, tips: dict[str, str], wo_id: str) -> list[str]:
    """A work order's branch refs, newest run first (highest attempt, local before remote)."""
    found = [ref for ref in tips if branch_names.parse_wo_branch(config, short_name(ref)) == wo_id]
    return sorted(
        found,
        key=lambda ref: (-branch_names.attempt_of(ref), not ref.startswith("refs/heads/"), ref),
    )


def no_branch_message(config: Config, wo_id: str) -> str:
    """What to say when a work order has no branch to review."""
    return f"no branch for {wo_id} (local or remote-tracking, pattern {config.branch_pattern!r})"


def branch_ref(tips: dict[str, str], name: str) -> str | None:
    """The full ref a branch name means: itself, a local branch, or a remote-tracking one."""
    for ref in (name, f"refs/heads/{name}", f"refs/remotes/{name}"):
        if ref in tips:
            return ref
    remote = re.compile(r"refs/remotes/[^/]+/" + re.escape(name))
    return next((ref for ref in sorted(tips) if remote.fullmatch(ref)), None)


def _as_wo_branch(
    root: Path, config: Config, ref: str, tips: dict[str, str], given: str | None
) -> Branch:
    """The branch as a WO branch; refuses a branch whose name carries no work order."""
    name = short_name(ref)
    wo_id = branch_names.parse_wo_branch(config, name)
    if wo_id is None:
        raise BranchUsageError(
            f"{given or name!r} is not a work-order branch (pattern {config.branch_pattern!r})",
            param="target",
            hint="name the branch or the work order: gitsplit review WO-ID",
        )
    tip = tips.get(ref) or gitio.resolve(root, ref)
    if tip is None:
        raise BranchUsageError(f"branch {name} has no commits", param="target")
    return Branch(wo_id, name, ref, tip)


def short_name(ref: str) -> str:
    """``refs/heads/x`` and ``refs/remotes/origin/x`` → ``x``."""
    return branch_names.short_ref(ref)[1]


def authority(root: Path, config: Config) -> tuple[str | None, str | None]:
    """The authority branch's ref and tip: local, else remote-tracking (as in CI checkouts)."""
    tips = gitio.ref_tips(root)
    ref = branch_ref(tips, config.default_branch)
    return (ref, tips[ref]) if ref else (None, None)

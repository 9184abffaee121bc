"""Which branch a review judges, its work order, the authority branch and the base."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gitsplit import branches, gitio, ids
from gitsplit.config import Config
from gitsplit.errors import GitsplitError
from gitsplit.review.findings import Finding, Target, warning

_WO_ID = re.compile(r"(?i)^wo-([1-9][0-9]*)$")


class ReviewUsageError(GitsplitError):
    """The branch, work order or --base given to review names nothing reviewable (exit 2)."""

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
            raise ReviewUsageError("HEAD is detached and no branch or work order was given",
                                   param="target", hint="gitsplit review BRANCH (or WO-ID)")
        return _as_wo_branch(root, config, f"refs/heads/{current}", tips, given=None)
    match = _WO_ID.match(target)
    if match:
        wo_id = f"WO-{match.group(1)}"
        recorded = (root / ids.WORKORDER.path(wo_id)).is_file()
        if not recorded and not ranked_refs(config, tips, wo_id):
            raise ReviewUsageError(f"no work order {wo_id} and no branch for it",
                                   param="target", hint="`gitsplit wo list` shows the work "
                                   "orders; `git fetch` brings branches pushed elsewhere")
        return newest_branch(config, tips, wo_id)
    ref = _branch_ref(tips, target)
    if ref is None:
        raise ReviewUsageError(f"no branch {target!r} (local or remote-tracking)",
                               param="target", hint="`git branch -a` lists the branches; "
                               "`git fetch` brings remote ones")
    return _as_wo_branch(root, config, ref, tips, given=target)


def newest_branch(config: Config, tips: dict[str, str], wo_id: str) -> Branch:
    """The branch of the newest run of a work order: highest run number, local before remote."""
    found = ranked_refs(config, tips, wo_id)
    if not found:
        raise ReviewUsageError(no_branch_message(config, wo_id), param="target",
                               hint=f"`gitsplit start {wo_id}` opens one; `git fetch` brings "
                                    "branches pushed elsewhere")
    ref = found[0]
    return Branch(wo_id, short_name(ref), ref, tips[ref])


def ranked_refs(config: Config, tips: dict[str, str], wo_id: str) -> list[str]:
    """A work order's branch refs, newest run first (highest attempt, local before remote)."""
    found = [ref for ref in tips if branches.parse_wo_branch(config, short_name(ref)) == wo_id]
    return sorted(found, key=lambda ref: (-branches.attempt_of(ref),
                                          not ref.startswith("refs/heads/"), ref))


def no_branch_message(config: Config, wo_id: str) -> str:
    """What to say when a work order has no branch to review."""
    return f"no branch for {wo_id} (local or remote-tracking, pattern {config.branch_pattern!r})"


def _branch_ref(tips: dict[str, str], name: str) -> str | None:
    """The full ref a branch name means: itself, a local branch, or a remote-tracking one."""
    for ref in (name, f"refs/heads/{name}", f"refs/remotes/{name}"):
        if ref in tips:
            return ref
    remote = re.compile(r"refs/remotes/[^/]+/" + re.escape(name))
    return next((ref for ref in sorted(tips) if remote.fullmatch(ref)), None)


def _as_wo_branch(root: Path, config: Config, ref: str, tips: dict[str, str],
                  given: str | None) -> Branch:
    """The branch as a WO branch; refuses a branch whose name carries no work order."""
    name = short_name(ref)
    wo_id = branches.parse_wo_branch(config, name)
    if wo_id is None:
        raise ReviewUsageError(
            f"{given or name!r} is not a work-order branch (pattern {config.branch_pattern!r})",
            param="target", hint="name the branch or the work order: gitsplit review WO-ID")
    tip = tips.get(ref) or gitio.resolve(root, ref)
    if tip is None:
        raise ReviewUsageError(f"branch {name} has no commits", param="target")
    return Branch(wo_id, name, ref, tip)


def short_name(ref: str) -> str:
    """``refs/heads/x`` and ``refs/remotes/origin/x`` → ``x``."""
    return branches.short_ref(ref)[1]


def authority(root: Path, config: Config) -> tuple[str | None, str | None]:
    """The authority branch's ref and tip: local, else remote-tracking (as in CI checkouts)."""
    tips = gitio.ref_tips(root)
    ref = _branch_ref(tips, config.default_branch)
    return (ref, tips[ref]) if ref else (None, None)


def bounds(root: Path, branch: Branch, config: Config, *, base_option: str | None,
           run_base: str | None) -> tuple[Target, list[Finding]]:
    """The base (--base, else the run's base, else the merge base) and where the diff starts."""
    auth_ref, auth_tip = authority(root, config)
    findings: list[Finding] = []
    from_run = gitio.resolve(root, f"{run_base}^{{commit}}") if run_base else None
    if base_option is not None:
        base = gitio.resolve(root, f"{base_option}^{{commit}}")
        if base is None:
            raise ReviewUsageError(f"{base_option!r} names no commit", param="--base",
                                   hint="give a branch, tag or commit that exists here")
        if not gitio.is_ancestor(root, base, branch.tip):
            # REF moved on after the branch left it (`--base main`): judge from where the
            # branch left it, as a pull request does, not REF's own later changes
            base = gitio.merge_base(root, base, branch.tip) or ""
            if not base:
                raise ReviewUsageError(f"{base_option!r} shares no history with "
                                       f"{branch.name}", param="--base",
                                       hint="give a commit the branch grew from")
        source = "option"
    elif from_run is not None:
        base, source = from_run, "run"
    else:
        if run_base:
            findings.append(warning("base-missing", f"the run's base {run_base[:12]} is not "
                                    "in this repository; using the merge base instead"))
        base, source = _merge_base(root, branch, config, auth_tip), "merge-base"
    merged = auth_tip is not None and gitio.is_ancestor(root, branch.tip, auth_tip)
    diff_from = base
    if auth_tip is not None and not merged:
        newer = gitio.merge_base(root, auth_tip, branch.tip)
        if newer and newer != base and gitio.is_ancestor(root, base, newer):
            diff_from = newer  # the authority was merged into the branch since its base
    target = Target(branch.wo_id, branch.name, branch.ref, branch.tip, base, source,
                    config.default_branch, auth_ref, auth_tip, merged, diff_from,
                    stacked_on(root, config, branch, base, auth_tip))
    return target, findings


def stacked_on(root: Path, config: Config, branch: Branch, base: str,
               auth_tip: str | None) -> tuple[str, ...]:
    """Other work orders' branches that hold the base when the authority does not (stacking)."""
    if auth_tip is None or gitio.is_ancestor(root, base, auth_tip):
        return ()
    refs = gitio.run(root, "for-each-ref", "--contains", base, "--format=%(refname)",
                     "refs/heads", "refs/remotes").split()
    names = {short_name(ref) for ref in refs
             if branches.parse_wo_branch(config, short_name(ref)) not in (None, branch.wo_id)}
    return tuple(sorted(names))


def _merge_base(root: Path, branch: Branch, config: Config, auth_tip: str | None) -> str:
    """The merge base of the branch and the authority branch (when nothing better is known)."""
    if auth_tip is None:
        raise ReviewUsageError(f"cannot tell the base of {branch.name}: it has no run record "
                               f"and there is no {config.default_branch} branch",
                               param="--base", hint="pass --base REF")
    base = gitio.merge_base(root, auth_tip, branch.tip)
    if base is None:
        raise ReviewUsageError(f"{branch.name} shares no history with {config.default_branch}",
                               param="--base", hint="pass --base REF")
    return base

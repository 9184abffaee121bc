"""Where a review's diff starts: the base of the branch under review, and what it stacks on."""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger import branch_names
from gitsplit.ledger.config import Config
from gitsplit.review.findings import Finding, Target, violation, warning
from gitsplit.work.branches import Branch, BranchUsageError, authority, short_name


def bounds(
    root: Path, branch: Branch, config: Config, *, base_option: str | None, run_base: str | None
) -> tuple[Target, list[Finding]]:
    """The base (--base, else the run's base, else the merge base) and where the diff starts.

    The run's base is taken only when the authority branch holds it, or another work
    order's branch does (stacking): a base on the branch itself would hide its own commits.
    """
    auth_ref, auth_tip = authority(root, config)
    findings: list[Finding] = []
    from_run = gitio.resolve(root, f"{run_base}^{{commit}}") if run_base else None
    if from_run is not None and base_option is None:
        from_run, findings = _verified(root, config, branch, from_run, auth_tip)
    if base_option is not None:
        base = gitio.resolve(root, f"{base_option}^{{commit}}")
        if base is None:
            raise BranchUsageError(
                f"{base_option!r} names no commit",
                param="--base",
                hint="give a branch, tag or commit that exists here",
            )
        if not gitio.is_ancestor(root, base, branch.tip):
            # REF moved on after the branch left it (`--base main`): judge from where the
            # branch left it, as a pull request does, not REF's own later changes
            base = gitio.merge_base(root, base, branch.tip) or ""
            if not base:
                raise BranchUsageError(
                    f"{base_option!r} shares no history with {branch.name}",
                    param="--base",
                    hint="give a commit the branch grew from",
                )
        source = "option"
    elif from_run is not None:
        base, source = from_run, "run"
    else:
        if run_base and not findings:
            findings.append(
                warning(
                    "base-missing",
                    f"the run's base {run_base[:12]} is not "
                    "in this repository; using the merge base instead",
                )
            )
        base, source = _merge_base(root, branch, config, auth_tip), "merge-base"
    merged = auth_tip is not None and gitio.is_ancestor(root, branch.tip, auth_tip)
    diff_from = base
    if auth_tip is not None and not merged:
        newer = gitio.merge_base(root, auth_tip, branch.tip)
        if newer and newer != base and gitio.is_ancestor(root, base, newer):
            diff_from = newer  # the authority was merged into the branch since its base
    target = Target(
        branch.wo_id,
        branch.name,
        branch.ref,
        branch.tip,
        base,
        source,
        config.default_branch,
        auth_ref,
        auth_tip,
        merged,
        diff_from,
        stacked_on(root, config, branch, base, auth_tip),
    )
    return target, findings


def _verified(
    root: Path, config: Config, branch: Branch, run_base: str, auth_tip: str | None
) -> tuple[str | None, list[Finding]]:
    """The run's base when the authority branch or another WO branch holds it, else None."""
    if auth_tip is None or gitio.is_ancestor(root, run_base, auth_tip):
        return run_base, []
    stack = stacked_on(root, config, branch, run_base, auth_tip)
    if stack:
        return run_base, [
            warning(
                "stacked",
                f"the base {run_base[:10]} is on {', '.join(stack)}, not on "
                f"{config.default_branch}: the commits below it are judged when that is "
                "reviewed; merge it first",
            )
        ]
    return None, [
        violation(
            "base-unverified",
            f"the run's base {run_base[:10]} is on neither {config.default_branch} nor "
            "another work order's branch (a base inside the branch would hide its own "
            "commits); judged from the merge base instead",
        )
    ]


def stacked_on(
    root: Path, config: Config, branch: Branch, base: str, auth_tip: str | None
) -> tuple[str, ...]:
    """Other work orders' branches that hold the base when the authority does not (stacking)."""
    if auth_tip is None or gitio.is_ancestor(root, base, auth_tip):
        return ()
    refs = gitio.run(
        root,
        "for-each-ref",
        "--contains",
        base,
        "--format=%(refname)",
        "refs/heads",
        "refs/remotes",
    ).split()
    names = {
        short_name(ref)
        for ref in refs
        if branch_names.parse_wo_branch(config, short_name(ref)) not in (None, branch.wo_id)
    }
    return tuple(sorted(names))


def _merge_base(root: Path, branch: Branch, config: Config, auth_tip: str | None) -> str:
    """The merge base of the branch and the authority branch (when nothing better is known)."""
    if auth_tip is None:
        raise BranchUsageError(
            f"cannot tell the base of {branch.name}: it has no run record "
            f"and there is no {config.default_branch} branch",
            param="--base",
            hint="pass --base REF",
        )
    base = gitio.merge_base(root, auth_tip, branch.tip)
    if base is None:
        raise BranchUsageError(
            f"{branch.name} shares no history with {config.default_branch}",
            param="--base",
            hint="pass --base REF",
        )
    return base

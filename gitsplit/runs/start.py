"""``gitsplit start``: open a fresh branch for one run of a work order, with its briefing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import branch_names, ids
from gitsplit.ledger.config import Tier
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger, committed_workorder
from gitsplit.runs import claiming, interrupted, run_records, start_checks, start_guard
from gitsplit.runs import launch as agent_launch
from gitsplit.util import clock
from gitsplit.util.atomic import atomic_write


@dataclass(frozen=True)
class StartOptions:
    """What the person asked ``start`` for."""

    wo_id: str
    worktree: Path | None = None
    use_worktree: bool = False
    agent: str | None = None
    base: str | None = None
    force: bool = False
    allow_empty_body: bool = False  # start a work order whose Problem or Acceptance is empty
    launching: bool = True  # False for --no-launch: the agent's program need not be here yet
    unless_started: bool = False  # dispatch: skip a work order another gitsplit just started
    claim: bool = True  # False for --no-claim: no claim on the remote, whatever the config says
    remote: str | None = None  # dispatch --remote: claim there (claims required)
    via: str = "branch"  # "bundle" when the run is carried out elsewhere (gitsplit bundle)


@dataclass(frozen=True)
class Started:
    """A run that has been opened: where it lives and how to launch its agent."""

    wo_id: str
    run: str
    branch: str
    base: str
    checkout: Path
    briefing_file: Path
    briefing_sha256: str
    record: str
    launch: agent_launch.Launch
    tier: str
    commit: str = ""  # the start commit, which records the run on its branch
    root: Path | None = None  # the repository start ran in (the checkout may be a worktree)
    claimed: str = ""  # what the claim on the remote did, in words ("" when none was made)


class AlreadyStartedError(GitsplitError):
    """Dispatch's work order was started by another gitsplit meanwhile."""


def start(ledger: Ledger, options: StartOptions) -> Started:
    """Check, create the branch (here or in a worktree), write and commit the run's records.

    One start of a work order at a time on this machine (a lock held until the commit);
    what a killed start of it left is undone first.
    """
    wo_id = ids.normalize_id(options.wo_id, ids.WORKORDER)
    with start_guard.guard(ledger, wo_id):
        if options.unless_started:
            try:
                start_guard.refuse_in_flight(ledger, wo_id)
            except GitsplitError as exc:
                raise AlreadyStartedError(exc.message) from None
        return _start(ledger, options)


def _start(ledger: Ledger, options: StartOptions) -> Started:
    """``start`` under the work order's start lock."""
    root = ledger.root
    config = ledger.config
    ledger.get(ids.WORKORDER, options.wo_id, WorkOrder)  # unknown ids fail here, clearly
    base_ref = options.base or config.default_branch
    base = gitio.resolve(root, f"{base_ref}^{{commit}}")
    if base is None:
        raise GitsplitError(
            f"base {base_ref!r} names no commit",
            hint="pass --base REF, or set default_branch in the config",
        )
    wo = _workorder_at(root, base, ids.normalize_id(options.wo_id, ids.WORKORDER), base_ref)
    start_guard.refuse_unready(root, base, wo, force=options.force)
    start_guard.refuse_empty_body(wo, allow=options.allow_empty_body)
    if not options.use_worktree:
        start_checks.refuse_dirty_or_detached(root)
    tier = config.tier_for(wo.klass)
    profile_name = options.agent or tier.agent
    if profile_name not in config.agents:
        raise ValidationError(
            f"no agent profile {profile_name!r}; profiles: {', '.join(sorted(config.agents))}"
        )
    number = run_records.next_run_number(root, config, wo)
    branch = branch_names.branch_name(config, wo, attempt=number)
    _refuse_taken_branch(root, branch)
    run = run_records.run_id(wo.id, number)
    checkout = _checkout_path(root, options, run) if options.use_worktree else root
    rel_brief = run_records.briefing_path(wo.id, run)
    git_dir = gitio.git_dir(root, common=True).resolve()
    launch = agent_launch.prepare(
        config.agents[profile_name],
        model=tier.model,
        briefing_file=checkout / rel_brief,
        cwd=checkout,
        values={"run": run, "wo": wo.id, "branch": branch, "git_dir": str(git_dir)},
        check_program=options.launching,
    )
    launch = replace(
        launch,
        timeout=tier.timeout,
        env={
            **launch.env,
            "GITSPLIT_WO": wo.id,
            "GITSPLIT_RUN": run,
            "GITSPLIT_BRIEFING": str(checkout / rel_brief),
        },
    )
    text, sha = _briefing(ledger, wo, base=(base, base_ref), branch=branch)
    original = None if options.use_worktree else gitio.current_branch(root)
    rel_run = run_records.record_path(wo.id, run)
    claimed = claiming.for_start(
        ledger, wo.id, run=run, agent=profile_name, wanted=options.claim, remote=options.remote
    )
    start_guard.begin(
        root,
        wo,
        run=run,
        branch=branch,
        base=base,
        checkout=checkout,
        worktree=options.use_worktree,
        original=original,
        files=[rel_run, rel_brief],
    )
    try:
        if options.use_worktree:
            gitio.add_worktree(root, checkout, branch, base)
        else:
            gitio.create_branch_here(root, branch, base)
        _write_records(
            checkout,
            wo,
            tier,
            launch,
            run=run,
            branch=branch,
            base=base,
            briefing=(rel_brief, text, sha),
            via=options.via,
        )
        commit = gitio.commit_paths(
            checkout,
            [rel_run, rel_brief, wo.path],
            f"Start {wo.id} run {run}: {wo.title}",
            [f"Work-Order: {wo.id}", f"Run: {run}"],
        )
    except (GitsplitError, OSError, KeyboardInterrupt) as exc:
        start_guard.end(root, wo.id)  # the advice below says what is left and what to do
        if claimed:
            claiming.after_finish(root, wo.id, "failed", branch)
        left = interrupted.advice(
            root,
            wo_id=wo.id,
            run=run,
            branch=branch,
            checkout=checkout,
            worktree=options.use_worktree,
            original=original,
            files=[rel_run, rel_brief],
        )
        if left is None:
            raise
        if isinstance(exc, KeyboardInterrupt):
            raise interrupted.StartInterrupted(wo.id, left) from None
        if isinstance(exc, GitsplitError):
            raise GitsplitError(f"{exc.message}\n{left}", hint=exc.hint) from None
        raise GitsplitError(f"cannot write the run's files: {exc}\n{left}") from None
    start_guard.end(root, wo.id)
    agent_launch.exclude_droppings(git_dir, config.agents[profile_name].exclude)
    started = Started(
        wo.id, run, branch, base, checkout, checkout / rel_brief, sha, rel_run, launch, tier.name
    )
    return replace(started, commit=commit, root=root, claimed=claimed)


def _refuse_taken_branch(root: Path, branch: str) -> None:
    """Refuse a branch name that exists, or that a branch's folder-like name blocks."""
    full = f"refs/heads/{branch}"
    for ref in gitio.ref_tips(root, ("refs/heads",)):
        if ref == full:
            raise GitsplitError(f"branch {branch} already exists; not reusing it")
        if ref.startswith(full + "/") or full.startswith(ref + "/"):
            raise GitsplitError(
                f"branch {branch} cannot be created: git keeps branch names "
                f"as paths and {ref.removeprefix('refs/heads/')} is in the way",
                hint="rename that branch (`git branch -m OLD NEW`)",
            )


def _workorder_at(root: Path, base: str, wo_id: str, base_ref: str) -> WorkOrder:
    """The work order as committed at the base: that is what the run starts from."""
    order = committed_workorder(root, base, wo_id)
    if order is None:
        rel = ids.WORKORDER.path(wo_id)
        raise GitsplitError(
            f"{wo_id} is not committed on {base_ref} (the base)",
            hint=f"commit it first: git add {rel} && git commit",
        )
    return order


def _checkout_path(root: Path, options: StartOptions, run: str) -> Path:
    """Where the run's worktree goes: the path given, or ``<repo>.worktrees/<run>`` beside it."""
    path = options.worktree or root.parent / f"{root.name}.worktrees" / run
    hint = "choose another --worktree PATH, outside the repository (or leave PATH out)"
    if path.exists() and not path.is_dir():
        raise GitsplitError(f"{path} is a file, not a folder for the run's worktree", hint=hint)
    if path.exists() and any(path.iterdir()):
        raise GitsplitError(f"{path} exists and is not empty", hint=hint)
    resolved = path.resolve()
    if resolved.is_relative_to(root.resolve()):
        raise GitsplitError(
            f"{path} is inside this repository's working tree, where the "
            "run's checkout would show up as untracked files",
            hint=hint,
        )
    return resolved


def _briefing(
    ledger: Ledger, wo: WorkOrder, *, base: tuple[str, str], branch: str
) -> tuple[str, str]:
    """The briefing the run starts from (the ledger at the base commit), and its sha256.

    The base is named as ``gitsplit brief`` names it (``main``), so both render the same.
    """
    from gitsplit.briefing import render_work_order_briefing

    sha, name = base
    briefing = render_work_order_briefing(
        ledger, wo.id, base=name, branch=branch, budget=None, rev=sha
    )
    return briefing.text, briefing.sha256


def _write_records(
    checkout: Path,
    wo: WorkOrder,
    tier: Tier,
    launch: agent_launch.Launch,
    *,
    run: str,
    branch: str,
    base: str,
    briefing: tuple[str, str, str],
    via: str = "branch",
) -> str:
    """Write the briefing, the run record and the work order's new status in the checkout."""
    rel_brief, text, sha = briefing
    atomic_write(checkout / rel_brief, text)
    fields: dict[str, Any] = {
        "wo": wo.id,
        "run": run,
        "branch": branch,
        "base": base,
        "briefing_sha256": sha,
        "class": wo.klass,
        "tier": tier.name,
        "model": tier.model,
        "price": tier.price_key,
        "agent_profile": launch.profile,
        "agent": list(launch.argv),
        "started": clock.timestamp(),
        "ended": None,
        "outcome": None,
        "commits": [],
        "tokens": None,
        "cost_usd": None,
        "via": via,
    }
    rel_run = run_records.record_path(wo.id, run)
    body = "## Result note\n\n"
    atomic_write(
        checkout / rel_run, Document.new(fields, body, path=rel_run).render(), exclusive=True
    )
    current = checkout / wo.path
    order = WorkOrder(Document.parse(current.read_bytes(), path=wo.path))
    atomic_write(
        current, order.changed({"status": "in_progress", "updated": clock.timestamp()}).doc.render()
    )
    return rel_run

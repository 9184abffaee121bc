"""The mission briefing of one work order: the bounded context a fresh execution run starts from.

Sections, highest priority first: the work order, the invariants, the decisions in force and
their rejected options (with the latest checkpoint's rejected paths), the latest checkpoint
(summary, next steps, the open questions that touch the work order), the finished
dependencies' result notes, the files in scope, excerpts of the likely files, the checks
and the return protocol. Cuts go
the other way: excerpts, then the file list, dependency notes, the checkpoint and decision
texts; the work order, invariants, rejected options, checks and protocol are never cut.
"""

from __future__ import annotations

import shlex
from typing import Any

from gitsplit import gitio
from gitsplit.briefing import excerpts, gather, questions
from gitsplit.briefing.budget import Cut, Step, decision_text_cuts, resolve_budget
from gitsplit.briefing.model import Briefing, Part, Plan, assemble
from gitsplit.briefing.paths import matching
from gitsplit.briefing.source import Source, open_source
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.branch_names import branch_name
from gitsplit.ledger.records import Run, WorkOrder
from gitsplit.ledger.run_note import note_of
from gitsplit.ledger.store import Ledger
from gitsplit.ledger.templates import Renderer

SECTIONS = (
    "workorder",
    "invariants",
    "decisions",
    "rejected",
    "checkpoint",
    "dependencies",
    "files",
    "excerpts",
    "checks",
    "protocol",
)
CLOSED = ("done", "cancelled")
MANDATORY = "the work order, invariants, rejected options, checks and return protocol"


def render_work_order_briefing(
    ledger: Ledger,
    wo_id: str,
    *,
    base: str | None = None,
    branch: str | None = None,
    budget: int | None = None,
    rev: str | None = "HEAD",
    max_chars: int | None = None,
) -> Briefing:
    """Render the mission briefing of a work order as the ledger stands at ``rev``.

    ``rev=None`` reads the working tree instead. ``base`` defaults to the tip of the
    authority branch, ``branch`` to the config's branch pattern, ``budget`` to the config's.
    """
    source = open_source(ledger, rev)
    wo = source.get(ids.WORKORDER, wo_id, WorkOrder)
    if wo.status in CLOSED:
        source.warnings.append(
            f"{wo.id} is {wo.status}: a run of this briefing would redo "
            "closed work (`gitsplit start` refuses it without --force)"
        )
    plan = work_order_plan(source, wo, base=base, branch=branch)
    renderer = Renderer(ledger.root, source.overrides())
    limit = resolve_budget(budget, source.config.briefing_budget)
    return assemble(
        plan,
        renderer,
        budget=limit,
        warnings=source.warnings,
        max_chars=max_chars,
        read=source.consulted,
    )


def work_order_plan(source: Source, wo: WorkOrder, *, base: str | None, branch: str | None) -> Plan:
    """The context, sections and cutting order of a work order's briefing."""
    cfg = source.config
    tracked = source.tracked()
    picked = gather.select_decisions(source, named=wo.decisions, scope=wo.scope, tracked=tracked)
    source.warnings.extend(picked.warnings)
    base_sha, base_ref = resolve_base(source, base)
    run_branch = branch or branch_name(cfg, wo)
    in_scope = matching(wo.scope, tracked) if wo.scope else []
    words = excerpts.keywords(wo.title, wo.body)
    checkpoint = questions.latest_checkpoint(source, wo, in_scope)
    context: dict[str, Any] = {
        "kind": "workorder",
        "wo": work_order_view(source, wo),
        "branch": run_branch,
        "base": {"sha": base_sha, "ref": base_ref},
        "source": {"label": source.label, "commit": source.commit},
        "invariants": gather.invariants(source),
        "decisions": picked.views(),
        "retired": picked.retired,
        "rejected": picked.rejected(),
        "checkpoint": checkpoint or None,
        "checkpoint_rejected": checkpoint.get("rejected", []),
        "dependencies": [dependency(source, dep) for dep in wo.depends_on],
        "files": {
            "globs": wo.scope,
            "paths": in_scope,
            "count": len(in_scope),
            "command": ls_files_command(wo.scope),
        },
        "excerpts": [
            excerpts.excerpt(source, path, entries, words, head=cfg.excerpt_lines)
            for path, entries in excerpts.likely_files(wo.files, tracked)
        ],
        "excerpt_lines": cfg.excerpt_lines,
        "checks": wo.checks,
        "protocol": {
            "branch": run_branch,
            "trailer": f"Work-Order: {wo.id}",
            "runs_dir": f"{ids.RUNS_DIR}/{wo.id}/",
        },
    }
    parts = [Part(name, f"brief/{name}.md.j2") for name in SECTIONS]
    return Plan(
        "workorder",
        (wo.id,),
        "brief.md.j2",
        parts,
        context,
        cutting_order(source, context),
        MANDATORY,
        source.commit,
        run_branch,
        base_sha,
    )


def work_order_view(source: Source, wo: WorkOrder) -> dict[str, Any]:
    """What the templates see of the work order itself."""
    cfg = source.config
    tier = cfg.tiers.get(cfg.routing.get(wo.klass, ""))
    return {
        "id": wo.id,
        "title": wo.title,
        "status": wo.status,
        "class": wo.klass,
        "priority": wo.priority,
        "tier": tier.name if tier else "",
        "model": tier.model if tier else "",
        "scope": wo.scope,
        "files": wo.files,
        "checks": wo.checks,
        "depends_on": wo.depends_on,
        "path": wo.path,
        "body": gather.demote(wo.body),
    }


def cutting_order(source: Source, context: dict[str, Any]) -> list[Step]:
    """What to cut, first to last: excerpts (least useful chunk first), file list, dependency
    notes, checkpoint, decision texts (each list from its end)."""
    steps = excerpts.steps(context["excerpts"], source.show)
    if context["files"]["paths"]:
        steps.append(
            Step(
                Cut(
                    "files",
                    f"list of the {context['files']['count']} tracked files in scope",
                    context["files"]["command"],
                ),
                _clear_files,
            )
        )
    for index in reversed(range(len(context["dependencies"]))):
        dep = context["dependencies"][index]
        if dep["note"]:
            steps.append(
                Step(
                    Cut(
                        "dependencies", f"result note of {dep['id']}", source.show(dep["run_path"])
                    ),
                    _drop_note(index),
                )
            )
    if context["checkpoint"]:
        cp = context["checkpoint"]
        steps.append(
            Step(
                Cut(
                    "checkpoint", f"checkpoint {cp['id']}", f"gitsplit checkpoint --show {cp['id']}"
                ),
                _drop_checkpoint,
            )
        )
    return steps + decision_text_cuts(context)


def _clear_files(context: dict[str, Any]) -> None:
    """Cut the file list (the count and the command stay)."""
    context["files"]["paths"] = []


def _drop_note(index: int) -> Any:
    """A cut that removes one dependency's result note."""
    return lambda context: context["dependencies"][index].update(note="")


def _drop_checkpoint(context: dict[str, Any]) -> None:
    """Cut the checkpoint."""
    context["checkpoint"] = None


def resolve_base(source: Source, base: str | None) -> tuple[str, str]:
    """(commit, name) of the base: the given ref, else the authority branch's tip.

    The authority is named by its branch name whether this clone has it as a local or only
    as a remote-tracking branch, so two clones at the same commits render the same bytes.
    """
    from gitsplit.work.branches import authority

    root = source.root
    if base is not None:
        sha = gitio.resolve(root, f"{base}^{{commit}}")
        if sha is None:
            raise ValidationError(f"base {base!r} names no commit in this repository")
        return sha, base
    branch = source.config.default_branch
    _ref, tip = authority(root, source.config)
    if tip is not None:
        return tip, branch
    if source.commit is None:
        raise ValidationError(
            "this repository has no commits yet; a briefing needs a base commit",
            hint="commit the ledger first",
        )
    source.warnings.append(f"no branch {branch!r} here: the base shown is {source.label}")
    return source.commit, "HEAD"


def dependency(source: Source, dep_id: str) -> dict[str, Any]:
    """A dependency's status and, when it finished, its latest successful result note."""
    try:
        dep = source.get(ids.WORKORDER, dep_id, WorkOrder)
    except GitsplitError:  # an unknown or unreadable id: say so, keep going
        source.warnings.append(f"dependency {dep_id} cannot be read")
        return {
            "id": dep_id,
            "title": "",
            "status": "unknown",
            "done": False,
            "note": "",
            "run": "",
            "run_path": "",
        }
    runs = [run for run in source.runs(dep.id) if run.outcome == "succeeded"]
    latest: Run | None = runs[-1] if runs else None
    note = note_of(latest.body) if latest else ""
    return {
        "id": dep.id,
        "title": dep.title,
        "status": dep.status,
        "done": dep.status == "done" or latest is not None,
        "note": gather.demote(note),
        "run": latest.id if latest else "",
        "run_path": latest.path if latest and note else "",
    }


def ls_files_command(globs: list[str]) -> str:
    """A git command that lists the tracked files the scope globs match."""
    return "git ls-files -- " + " ".join(shlex.quote(f":(glob){g}") for g in globs)

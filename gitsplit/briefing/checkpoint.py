"""The rehydration briefing for a fresh architect session, started from a checkpoint.

It carries the checkpoint itself, the invariants and decisions as they stand now, the queue
of open work orders, and what changed in the ledger since the checkpoint's commit. Cuts:
the change list, then the queue, then decision texts; the checkpoint, invariants, decision
titles and rejected options are never cut.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from gitsplit import gitio
from gitsplit.briefing import gather
from gitsplit.briefing.budget import Cut, Step, decision_text_cuts, resolve_budget
from gitsplit.briefing.lineage import Lineage
from gitsplit.briefing.model import Briefing, Part, Plan, assemble
from gitsplit.briefing.source import Source, open_source
from gitsplit.ledger import ids
from gitsplit.ledger.records import Checkpoint, Decision, WorkOrder
from gitsplit.ledger.schema import PRIORITIES
from gitsplit.ledger.store import Ledger

SECTIONS = ("checkpoint", "invariants", "decisions", "rejected", "queue", "changes")
SHARED = ("invariants", "decisions", "rejected")  # rendered by the work order's templates
MANDATORY = "the checkpoint, invariants, decision titles and rejected options"
QUEUE_ORDER = ("in_progress", "review", "ready", "blocked", "draft")
CHANGE_WORDS = {"A": "added", "M": "modified", "D": "deleted", "T": "changed type"}


def render_checkpoint_briefing(
    ledger: Ledger,
    cp_id: str,
    *,
    budget: int | None = None,
    rev: str | None = "HEAD",
    max_chars: int | None = None,
) -> Briefing:
    """Render the briefing that rehydrates an architect from checkpoint ``cp_id``."""
    from gitsplit.ledger.templates import Renderer

    source = open_source(ledger, rev)
    cp = source.get(ids.CHECKPOINT, cp_id, Checkpoint)
    plan = checkpoint_plan(source, cp)
    return assemble(
        plan,
        Renderer(ledger.root, source.overrides()),
        budget=resolve_budget(budget, source.config.briefing_budget),
        warnings=source.warnings,
        max_chars=max_chars,
        read=source.consulted,
    )


def checkpoint_plan(source: Source, cp: Checkpoint) -> Plan:
    """The context, sections and cutting order of a checkpoint briefing."""
    decisions = [d for d in source.records(ids.DECISION) if isinstance(d, Decision)]
    lineage = Lineage(decisions)
    source.warnings.extend(w for w in lineage.warnings if w not in source.warnings)
    current = [d for d in decisions if not lineage.retired(d)]
    picked = gather.Selection(current=current)
    context: dict[str, Any] = {
        "kind": "checkpoint",
        "checkpoint": {
            "id": cp.id,
            "summary": cp.title,
            "commit": cp.commit,
            "ledger": cp.text("ledger"),
            "parent": cp.parent,
            "lineage": cp.text("lineage"),
            "created": cp.text("created"),
            "body": gather.demote(cp.body),
            "path": cp.path,
        },
        "source": {"label": source.label, "commit": source.commit},
        "invariants": gather.invariants(source),
        "decisions": picked.views(),
        "retired": [
            {"id": d.id, "title": d.title, "status": lineage.status(d), "by": lineage.by(d.id)}
            for d in decisions
            if lineage.retired(d)
        ],
        "rejected": picked.rejected(),
        "checkpoint_rejected": [],  # the checkpoint's body is shown whole above
        "queue": queue(source),
        "changes": changes(source, cp),
    }
    parts = [
        Part(name, f"brief/{name}.md.j2" if name in SHARED else f"brief-checkpoint/{name}.md.j2")
        for name in SECTIONS
    ]
    return Plan(
        "checkpoint",
        (cp.id,),
        "brief-checkpoint.md.j2",
        parts,
        context,
        cutting_order(context, cp),
        MANDATORY,
        source.commit,
    )


def cutting_order(context: dict[str, Any], cp: Checkpoint) -> list[Step]:
    """Cut the change list, then the queue, then decision texts from the last."""
    steps: list[Step] = []
    if context["changes"]["items"]:
        steps.append(
            Step(
                Cut(
                    "changes",
                    f"ledger changes since {cp.id}",
                    f"git diff --name-status {gather.short(cp.commit)} -- {ids.LEDGER_DIR}",
                ),
                _clear("changes"),
            )
        )
    if any(group["items"] for group in context["queue"]["groups"]):
        steps.append(
            Step(Cut("queue", "the queue of open work orders", "gitsplit wo list"), _clear("queue"))
        )
    return steps + decision_text_cuts(context)


def _clear(key: str) -> Any:
    """A cut that empties the item list of section ``key`` (its counts stay)."""

    def apply(context: dict[str, Any]) -> None:
        context[key]["cut"] = True

    return apply


def queue(source: Source) -> dict[str, Any]:
    """Open work orders grouped by status, by priority then id; counts of closed ones."""
    orders = [wo for wo in source.records(ids.WORKORDER) if isinstance(wo, WorkOrder)]
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    groups = []
    for status in QUEUE_ORDER:
        items = sorted(
            (wo for wo in orders if wo.status == status),
            key=lambda wo: (rank.get(wo.priority, len(rank)), ids.sort_key(wo.id)),
        )
        groups.append(
            {
                "status": status,
                "items": [
                    {
                        "id": wo.id,
                        "title": wo.title,
                        "class": wo.klass,
                        "priority": wo.priority,
                        "depends_on": wo.depends_on,
                    }
                    for wo in items
                ],
            }
        )
    closed = {status: sum(wo.status == status for wo in orders) for status in ("done", "cancelled")}
    return {"groups": groups, "closed": closed, "cut": False}


def changes(source: Source, cp: Checkpoint) -> dict[str, Any]:
    """What changed under ``.workledger/`` from the checkpoint's commit to the source."""
    result: dict[str, Any] = {
        "items": [],
        "note": "",
        "cut": False,
        "since": gather.short(cp.commit),
    }
    if not cp.commit or gitio.resolve(source.root, f"{cp.commit}^{{commit}}") is None:
        result["note"] = f"commit {cp.commit or '(none)'} is not in this repository"
        return result
    titles = {r.path: r.title for kind in ids.KINDS for r in source.records(kind)}
    for letter, path in gitio.diff_name_status(source.root, cp.commit, source.at, ids.LEDGER_DIR):
        if path == cp.path:  # the checkpoint's own file is always committed after it
            continue
        result["items"].append(
            {
                "change": CHANGE_WORDS.get(letter, letter),
                "path": path,
                "id": PurePosixPath(path).stem,
                "title": titles.get(path, ""),
            }
        )
    return result

"""``status``: where am I — branch, the work order and run in hand, authority, counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.ledger import branch_names, ids, schema
from gitsplit.ledger.records import Run, WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.work import graph as work_graph
from gitsplit.work.live_state import Authority, LiveWorkOrder


@dataclass
class Status:
    """Everything ``gitsplit status`` reports."""

    repo: Path
    branch: str | None
    head: str | None
    authority: Authority
    wo_id: str | None = None
    work_order: WorkOrder | None = None
    run: Run | None = None
    by_status: dict[str, int] = field(default_factory=dict)
    by_class: dict[str, int] = field(default_factory=dict)
    live: list[LiveWorkOrder] = field(default_factory=list)
    ledger_changes: list[str] = field(default_factory=list)
    problems: int = 0

    @property
    def total(self) -> int:
        """How many work orders were counted."""
        return sum(self.by_status.values())

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        order = self.work_order
        return {
            "repo": str(self.repo),
            "branch": self.branch,
            "head": self.head,
            "work_order": None
            if self.wo_id is None
            else {
                "id": self.wo_id,
                "found": order is not None,
                "title": order.title if order else None,
                "status": order.status if order else None,
                "class": order.klass if order else None,
            },
            "run": None
            if self.run is None
            else {
                "run": self.run.id,
                "path": self.run.path,
                "started": self.run.text("started") or None,
                "ended": self.run.text("ended") or None,
                "outcome": self.run.outcome or None,
            },
            "authority": self.authority.as_json(),
            "counts": {"total": self.total, "status": self.by_status, "class": self.by_class},
            "live": [{"wo": item.wo, **item.as_json()} for item in self.live],
            "ledger_changes": self.ledger_changes,
            "problems": self.problems,
        }


def gather(ledger: Ledger) -> Status:
    """Read the repository, its branches and its ledger (nothing is written)."""
    root = ledger.root
    graph, auth = work_graph.from_ledger(ledger)
    head = gitio.head(root)
    status = Status(repo=root, branch=gitio.current_branch(root), head=head, authority=auth)
    status.by_status = {s: 0 for s in schema.WO_STATUSES}
    status.by_class = {c: 0 for c in schema.CLASSES}
    for node in graph.nodes.values():
        status.by_status[node.status] = status.by_status.get(node.status, 0) + 1
        status.by_class[node.order.klass] = status.by_class.get(node.order.klass, 0) + 1
    status.live = [n.live for n in graph.nodes.values() if n.live is not None]
    status.problems = len(graph.problems)
    if head is not None:
        status.ledger_changes = [str(e) for e in gitio.status(root, ids.LEDGER_DIR)]
    if status.branch is not None:
        _in_hand(ledger, status, graph)
    return status


def _in_hand(ledger: Ledger, status: Status, graph: work_graph.Graph) -> None:
    """The work order and run of the WO branch checked out, if it is one."""
    assert status.branch is not None
    wo_id = branch_names.parse_wo_branch(ledger.config, status.branch)
    if wo_id is None:
        return
    status.wo_id = wo_id
    node = graph.nodes.get(wo_id)
    status.work_order = node.order if node else None
    try:
        runs, _errors = ledger.runs(wo_id)
    except GitsplitError:
        runs = []
    own = [r for r in runs if r.text("branch") == status.branch] or runs
    status.run = own[-1] if own else None

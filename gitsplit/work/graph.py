"""The work graph: work orders with their dependencies, sorted into queue buckets."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from gitsplit.errors import RecordError
from gitsplit.ledger import dependencies, ids, schema
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.schema import Problem
from gitsplit.ledger.store import Ledger
from gitsplit.work import live_state
from gitsplit.work.live_state import LiveWorkOrder

BUCKETS = ("now", "next", "later", "blocked", "in_flight")
BUCKET_TITLES = {
    "now": "now",
    "next": "next",
    "later": "later",
    "blocked": "blocked",
    "in_flight": "in flight",
}
CLOSED = ("done", "cancelled")
IN_FLIGHT = ("in_progress", "review")


class Node:
    """One work order in the graph, with its effective status (live overlay applied).

    ``id`` and ``depends_on`` are read from the work order once: the queue asks for them
    many times per work order, on ledgers of tens of thousands.
    """

    __slots__ = ("depends_on", "id", "live", "order", "status")

    def __init__(self, order: WorkOrder, status: str, live: LiveWorkOrder | None = None) -> None:
        self.order = order
        self.status = status
        self.live = live
        self.id: str = order.id
        self.depends_on: list[str] = order.depends_on

    def __repr__(self) -> str:
        return f"Node({self.id}, {self.status!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and (self.order, self.status, self.live) == (
            other.order,
            other.status,
            other.live,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def overlaid(self) -> bool:
        """True when the status comes from a live branch, not from the ledger."""
        return self.status != self.order.status


@dataclass
class Graph:
    """Every readable work order, the live overlay, and what is wrong with the graph."""

    nodes: dict[str, Node]
    problems: list[Problem] = field(default_factory=list)
    cycles: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)

    @functools.cached_property
    def dependents(self) -> dict[str, list[str]]:
        """{id: the work orders that depend on it directly}."""
        result: dict[str, list[str]] = {wo_id: [] for wo_id in self.nodes}
        for node in self.nodes.values():
            for dep in dict.fromkeys(node.depends_on):
                if dep in result and dep != node.id:
                    result[dep].append(node.id)
        return result

    def reach(self, start: str, *, upward: bool) -> set[str]:
        """Ids ``start`` depends on (upward) or that depend on it, transitively, without it."""
        step = {k: n.depends_on for k, n in self.nodes.items()} if upward else self.dependents
        seen: set[str] = set()
        todo = list(step.get(start, ()))
        while todo:
            current = todo.pop()
            if current not in seen and current in self.nodes:
                seen.add(current)
                todo.extend(step.get(current, ()))
        seen.discard(start)
        return seen


def effective_status(order: WorkOrder, live: LiveWorkOrder | None) -> str:
    """The ledger's status, or the live branch's state unless the ledger says done/cancelled."""
    if live is None or live.state is None or order.status in CLOSED:
        return order.status
    return live.state


def build(
    orders: Iterable[WorkOrder],
    live: Mapping[str, LiveWorkOrder] | None = None,
    errors: Sequence[RecordError] = (),
) -> Graph:
    """The graph of the work orders, with unknown, cyclic and self dependencies as problems."""
    live = live or {}
    graph = Graph(nodes={})
    graph.problems += [Problem(e.path, e.line, e.detail, "unreadable") for e in errors]
    nodes = graph.nodes
    for order in orders:
        wo_id, status = order.id, order.status
        name = order.path.rpartition("/")[2]
        stem = name[:-3] if name.endswith(".md") else name  # no PurePosixPath: 10k of them
        if wo_id != stem:  # listing it would offer a work order no file of that name holds
            graph.problems.append(
                Problem(
                    order.path,
                    order.doc.line_of("id"),
                    f"file name {stem}.md does not match id {wo_id!r}; left out until it is "
                    f"renamed (or `gitsplit renumber {order.path}`)",
                    "misnamed",
                )
            )
            continue
        if wo_id in nodes:
            graph.problems.append(
                Problem(
                    order.path,
                    order.doc.line_of("id"),
                    f"duplicate id {wo_id} (also in {nodes[wo_id].order.path})",
                    "duplicate",
                )
            )
            continue
        if status not in schema.WO_STATUSES:
            graph.problems.append(
                Problem(
                    order.path,
                    order.doc.line_of("status"),
                    f"{wo_id} has status {status or '(none)'!r}"
                    f"; one of {', '.join(schema.WO_STATUSES)}",
                    "status",
                )
            )
        found = live.get(wo_id)
        nodes[wo_id] = Node(
            order, status if found is None else effective_status(order, found), found
        )
    unreadable = {PurePosixPath(e.path).stem for e in errors}
    edges: dict[str, list[str]] = {}
    for wo_id, node in nodes.items():
        deps = node.depends_on
        if deps and any(d not in nodes for d in deps):
            _unknown_deps(graph, node, unreadable)
        edges[wo_id] = [d for d in deps if d in nodes] if deps else deps
    for cycle in dependencies.find_cycles(edges):
        _cycle_problem(graph, cycle)
    graph.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    return graph


def from_ledger(ledger: Ledger, *, overlay: bool = True) -> tuple[Graph, live_state.Authority]:
    """The working tree's work orders, overlaid with live branch state (read-only)."""
    auth = live_state.authority(ledger.root, ledger.config)
    live = live_state.scan(ledger.root, ledger.config, auth) if overlay else {}
    loaded = ledger.load(ids.WORKORDER)
    orders = [r for r in loaded.records if isinstance(r, WorkOrder)]
    return build(orders, live, loaded.errors), auth


def _unknown_deps(graph: Graph, node: Node, unreadable: set[str]) -> None:
    """Record every dependency of ``node`` that names no readable work order."""
    for dep in dict.fromkeys(node.depends_on):
        if dep in graph.nodes:
            continue
        parts = ids.split_id(dep)
        if dep in unreadable:
            why = "which could not be read"
        elif parts is not None and parts[0] is not ids.WORKORDER:
            why = "which is not a work order"
        else:
            why = "which does not exist"
        graph.unknown.setdefault(node.id, []).append(dep)
        graph.problems.append(
            Problem(
                node.order.path,
                node.order.doc.line_of("depends_on"),
                f"{node.id} depends on {dep}, {why}",
                "unknown-dependency",
            )
        )


def _cycle_problem(graph: Graph, cycle: list[str]) -> None:
    """Record one dependency cycle (a self-dependency is the shortest cycle)."""
    first = graph.nodes[cycle[0]].order
    if len(cycle) == 2:
        message, code = f"{cycle[0]} depends on itself", "self-dependency"
    else:
        message, code = f"{cycle[0]} is in a dependency cycle: {' → '.join(cycle)}", "cycle"
    graph.problems.append(Problem(first.path, first.doc.line_of("depends_on"), message, code))
    for member in cycle[:-1]:
        graph.cycles.setdefault(member, cycle)


@dataclass(frozen=True)
class Item:
    """A work order placed in a bucket, with the reason it is there."""

    node: Node
    bucket: str
    reason: str
    waiting_on: tuple[str, ...] = ()
    tier: str | None = None

    @property
    def id(self) -> str:
        """The work order id."""
        return self.node.id

    def sort_key(self) -> tuple[int, str, tuple[str, int, str]]:
        """Priority first (P0 before P3), then age (oldest first), then id."""
        order = self.node.order
        return (
            _priority_rank(order.priority),
            order.created or "\uffff",
            ids.sort_key(self.node.id),
        )

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape of a queue entry."""
        node = self.node
        order = node.order
        return {
            "id": node.id,
            "title": order.title,
            "status": node.status,
            "ledger_status": order.status,
            "class": order.klass,
            "tier": self.tier,
            "priority": order.priority,
            "created": order.created or None,
            "depends_on": list(node.depends_on),
            "waiting_on": list(self.waiting_on),
            "bucket": self.bucket,
            "reason": self.reason,
            "path": order.doc.path,
            "live": node.live.as_json() if node.live else None,
        }


def _priority_rank(priority: str) -> int:
    """0 for P0 … 3 for P3; unknown priorities sort last."""
    return _RANKS.get(priority, 9)


_RANKS = {priority: rank for rank, priority in enumerate(schema.PRIORITIES)}

"""Sort the work graph into now · next · later · blocked · in flight, and pick the best next."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from gitsplit.ledger import ids
from gitsplit.ledger.schema import Problem
from gitsplit.work.graph import BUCKETS, CLOSED, IN_FLIGHT, Graph, Item, Node

Placement = tuple[str, str, tuple[str, ...]]


@dataclass
class Queue:
    """Work orders by bucket (each sorted by priority, then age), and the graph's problems."""

    buckets: dict[str, list[Item]]
    problems: list[Problem]
    closed: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape (every bucket present, possibly empty)."""
        return {
            "buckets": {b: [i.as_json() for i in self.buckets[b]] for b in BUCKETS},
            "problems": [p.as_json() for p in self.problems],
            "closed": {status: self.closed.get(status, 0) for status in CLOSED},
        }


def sort_queue(
    graph: Graph,
    *,
    routing: Mapping[str, str] | None = None,
    classes: Collection[str] | None = None,
) -> Queue:
    """Place every open work order in a bucket; ``classes`` (unless None) keeps only those."""
    routing = routing or {}
    placed: dict[str, Placement] = {}
    for wo_id in _dependencies_first(graph):
        placed[wo_id] = _place(graph.nodes[wo_id], graph, placed)
    queue = Queue({bucket: [] for bucket in BUCKETS}, list(graph.problems))
    for wo_id, (bucket, reason, waiting) in placed.items():
        node = graph.nodes[wo_id]
        if classes is not None and node.order.klass not in classes:
            continue
        if node.status in CLOSED:
            queue.closed[node.status] = queue.closed.get(node.status, 0) + 1
            continue
        queue.buckets[bucket].append(
            Item(node, bucket, _with_history(node, reason), waiting, routing.get(node.order.klass))
        )
    for items in queue.buckets.values():
        items.sort(key=Item.sort_key)
    return queue


def _dependencies_first(graph: Graph) -> list[str]:
    """Every id, each after the ids it depends on (members of a cycle cut it anywhere)."""
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(graph.nodes, key=ids.sort_key):
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(graph.nodes[start].depends_on))]
        while stack:
            current, deps = stack[-1]
            dep = next(deps, None)
            if dep is None:
                stack.pop()
                order.append(current)
            elif dep in graph.nodes and dep not in seen:
                seen.add(dep)
                stack.append((dep, iter(graph.nodes[dep].depends_on)))
    return order


def _place(node: Node, graph: Graph, placed: Mapping[str, Placement]) -> Placement:
    """The bucket of one work order, given the placements of its dependencies."""
    if node.status in CLOSED:
        return node.status, node.status, ()
    if node.status in IN_FLIGHT:
        return "in_flight", _flight_reason(node), ()
    if node.status == "blocked":
        return "blocked", "status is blocked", ()
    if node.id in graph.cycles:
        cycle = graph.cycles[node.id]
        words = "depends on itself" if len(cycle) == 2 else "in a cycle: " + " → ".join(cycle)
        return "blocked", words, ()
    if node.id in graph.unknown:
        missing = graph.unknown[node.id]
        return "blocked", f"depends on {', '.join(missing)}, not in the ledger", tuple(missing)
    deps = list(dict.fromkeys(node.depends_on))
    for dep in deps:
        blocker = _blocking(dep, graph, placed)
        if blocker:
            return "blocked", blocker, (dep,)
    if node.status == "draft":
        return "later", "draft", ()
    if node.status != "ready":
        return "later", f"status {node.status or '(none)'!r} is not a work-order status", ()
    pending = [d for d in deps if graph.nodes[d].status != "done"]
    if not pending:
        return "now", f"dependencies done: {', '.join(deps)}" if deps else "no dependencies", ()
    described = ", ".join(f"{d} ({graph.nodes[d].status})" for d in pending)
    if all(graph.nodes[d].status in IN_FLIGHT for d in pending):
        return "next", f"waits on work in flight: {described}", tuple(pending)
    return "later", f"waits on work not started: {described}", tuple(pending)


def _blocking(dep: str, graph: Graph, placed: Mapping[str, Placement]) -> str | None:
    """Why dependency ``dep`` blocks its dependent, or None when it does not."""
    status = graph.nodes[dep].status
    if status == "done" or status in IN_FLIGHT:
        return None
    if status in ("cancelled", "blocked"):
        return f"{dep} is {status}"
    placement = placed.get(dep)
    if placement is None:
        return f"in a dependency cycle through {dep}"
    return f"waits on {dep}, which is blocked" if placement[0] == "blocked" else None


def _flight_reason(node: Node) -> str:
    """Where an in-flight status comes from: the ledger, or a live branch (labelled)."""
    live = node.live
    if live is None or live.state is None:
        return f"{node.status} in the ledger"
    branch = live.primary
    run = f"run {branch.run}" if branch.run else "no run record"
    if branch.outcome:
        run += f" {branch.outcome}"
    if node.overlaid:
        return f"live: {branch.branch} ({run}); ledger says {node.order.status}"
    return f"{node.status}, live: {branch.branch} ({run})"


def _with_history(node: Node, reason: str) -> str:
    """Mention a failed or abandoned run still on an unmerged branch."""
    live = node.live
    if live is None or live.state is not None:
        return reason
    return f"{reason}; last run {live.primary.outcome} on {live.primary.branch}"


@dataclass(frozen=True)
class Choice:
    """The best next work order, and why."""

    item: Item
    reasons: tuple[str, ...]
    candidates: int

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {**self.item.as_json(), "why": list(self.reasons), "candidates": self.candidates}


def best_next(queue: Queue, graph: Graph) -> Choice | None:
    """The ready work order to start next: priority, then what it unblocks, then age."""
    ready = queue.buckets["now"]
    if not ready:
        return None
    unblocks = {
        i.id: sorted(
            (d for d in graph.reach(i.id, upward=False) if graph.nodes[d].status not in CLOSED),
            key=ids.sort_key,
        )
        for i in ready
    }

    def key(item: Item) -> tuple[int, int, str, tuple[str, int, str]]:
        rank, created, id_key = item.sort_key()
        return rank, -len(unblocks[item.id]), created, id_key

    ordered = sorted(ready, key=key)
    best = ordered[0]
    peers = [i for i in ordered[1:] if i.sort_key()[0] == best.sort_key()[0]]
    reasons = [
        f"ready: {best.reason}",
        f"priority {best.node.order.priority}"
        + (f", the highest of {len(ready)} ready" if len(ready) > 1 else ""),
    ]
    opened = unblocks[best.id]
    if opened:
        reasons.append(f"unblocks {len(opened)}: {', '.join(opened)}")
    if peers and len(unblocks[peers[0].id]) == len(opened):
        reasons.append(f"oldest of its priority (created {best.node.order.created or '?'})")
    return Choice(best, tuple(reasons), len(ready))

"""The board: the queue as columns of cards, each with its runs, and the cost of runs so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from gitsplit.cost.actuals import run_costs
from gitsplit.cost.money import dollars
from gitsplit.ledger.store import Ledger
from gitsplit.work import graph as work_graph
from gitsplit.work import queue as work_queue

COLUMNS = ("now", "next", "later", "blocked", "in_progress", "review", "done")
TITLES = {
    "now": "Now",
    "next": "Next",
    "later": "Later",
    "blocked": "Blocked",
    "in_progress": "In flight",
    "review": "Review",
    "done": "Done",
}
MAX_CARDS = 300  # per column; the rest are counted, so a page of 10,000 stays light
MAX_SCOPE = 4  # globs shown on a card


@dataclass
class RunLine:
    """One run of a work order as a card shows it."""

    run: str
    outcome: str
    cost: str


@dataclass
class Card:
    """One work order on the board."""

    id: str
    title: str
    klass: str
    tier: str
    priority: str
    status: str
    reason: str
    scope: list[str]
    depends_on: list[str]
    runs: list[RunLine] = field(default_factory=list)


@dataclass
class Board:
    """Everything the page shows."""

    title: str
    generated: str
    columns: dict[str, list[Card]]
    hidden: dict[str, int]  # cards left out of a column past MAX_CARDS
    edges: list[tuple[str, str]]  # (dependency, dependent) among open work
    runs: int  # run records merged here, and runs found on unmerged branches
    spent: str
    unpriced: int


def build(ledger: Ledger, *, title: str = "") -> Board:
    """Read the ledger, its live branches and its runs into a board."""
    config = ledger.config
    graph, _ = work_graph.from_ledger(ledger)
    queue = work_queue.sort_queue(graph, routing=config.routing)
    costs = run_costs(ledger)
    runs_of: dict[str, list[RunLine]] = {}
    outcomes = {run.id: run.outcome for run in ledger.runs()[0]}
    for cost in costs.runs:
        shown = dollars(cost.cost) if cost.cost is not None else "?"
        runs_of.setdefault(cost.wo, []).append(
            RunLine(cost.run, outcomes.get(cost.run) or "running", shown)
        )
    unmerged = 0
    for node in graph.nodes.values():
        known = {line.run for line in runs_of.get(node.id, [])}
        for branch in node.live.branches if node.live else ():
            if branch.run and branch.run not in known:
                known.add(branch.run)
                unmerged += 1
                line = RunLine(branch.run, branch.outcome or "running", f"on {branch.branch}")
                runs_of.setdefault(node.id, []).append(line)
    columns: dict[str, list[Card]] = {name: [] for name in COLUMNS}
    for bucket, items in queue.buckets.items():
        for item in items:
            column = item.node.status if bucket == "in_flight" else bucket
            columns.setdefault(column, []).append(
                _card(item.node, item.reason, item.tier or "", runs_of)
            )
    for node in graph.nodes.values():
        if node.status == "done":
            columns["done"].append(
                _card(node, "", config.routing.get(node.order.klass, ""), runs_of)
            )
    hidden = {name: max(0, len(cards) - MAX_CARDS) for name, cards in columns.items()}
    columns = {name: cards[:MAX_CARDS] for name, cards in columns.items()}
    open_ids = {card.id for name, cards in columns.items() if name != "done" for card in cards}
    edges = [
        (dep, node.id)
        for node in graph.nodes.values()
        if node.id in open_ids
        for dep in node.order.depends_on
        if dep in open_ids
    ]
    return Board(
        title=title or ledger.root.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        columns=columns,
        hidden=hidden,
        edges=edges,
        runs=len(costs.runs) + unmerged,
        spent=dollars(costs.total),
        unpriced=len(costs.without_figures),
    )


def _card(node: work_graph.Node, reason: str, tier: str, runs_of: dict[str, list[RunLine]]) -> Card:
    """A work order as a card."""
    order = node.order
    return Card(
        id=order.id,
        title=order.title,
        klass=order.klass,
        tier=tier,
        priority=order.priority,
        status=node.status,
        reason=reason,
        scope=order.scope[:MAX_SCOPE]
        + ([f"+{len(order.scope) - MAX_SCOPE} more"] if len(order.scope) > MAX_SCOPE else []),
        depends_on=order.depends_on,
        runs=runs_of.get(order.id, []),
    )

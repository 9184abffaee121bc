"""``cost ledger``: what the open work orders should cost on their tiers, and on the architect's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gitsplit.cost import actuals
from gitsplit.cost.money import money, parse_turns, percent, price_of, turn_cost
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.config import Config, Estimate, Tier
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.schema import CLASSES, suggest
from gitsplit.ledger.store import Ledger
from gitsplit.util.tokens import parse_tokens

OPEN_STATUSES = ("draft", "ready", "in_progress", "review", "blocked")
ESTIMATE_KEYS = ("turns", "input", "output")


@dataclass(frozen=True)
class Row:
    """One open work order, estimated."""

    id: str
    title: str
    status: str
    klass: str
    tier: Tier
    estimate: Estimate
    source: str  # "class" (config.estimates) or "workorder" (its estimate: field)
    cost: Decimal
    architect_cost: Decimal


@dataclass(frozen=True)
class TierTotal:
    """The open work routed to one tier."""

    tier: Tier
    orders: int
    turns: int
    cost: Decimal


@dataclass
class LedgerEstimate:
    """Every open work order estimated, totals per tier, and the all-architect comparison."""

    rows: list[Row]
    architect: Tier
    problems: list[GitsplitError] = field(default_factory=list)
    tier_order: Sequence[str] = ()
    spent: dict[str, Decimal] = field(default_factory=dict)  # per work order, every run
    runs: int = 0  # how many runs the spending comes from
    already_run: list[str] = field(default_factory=list)  # open, but a run already did the work

    @property
    def total(self) -> Decimal:
        """The estimate of the work still to do on its tiers (what remains)."""
        return sum((row.cost for row in self.rows), Decimal(0))

    @property
    def spent_total(self) -> Decimal:
        """What every recorded run has cost so far."""
        return sum(self.spent.values(), Decimal(0))

    @property
    def architect_total(self) -> Decimal:
        """The same work all on the architect tier."""
        return sum((row.architect_cost for row in self.rows), Decimal(0))

    @property
    def saving(self) -> Decimal:
        """What routing saves against doing everything on the architect tier."""
        return self.architect_total - self.total

    def tiers(self) -> list[TierTotal]:
        """Totals per tier, in the config's order of tiers."""
        totals: dict[str, TierTotal] = {}
        for row in self.rows:
            old = totals.get(row.tier.name, TierTotal(row.tier, 0, 0, Decimal(0)))
            totals[row.tier.name] = TierTotal(
                row.tier, old.orders + 1, old.turns + row.estimate.turns, old.cost + row.cost
            )
        order = list(self.tier_order)
        return sorted(
            totals.values(),
            key=lambda total: (
                order.index(total.tier.name) if total.tier.name in order else len(order)
            ),
        )


def estimate_ledger(ledger: Ledger, *, statuses: Sequence[str] = OPEN_STATUSES) -> LedgerEstimate:
    """Estimate the work orders in these statuses; unreadable ones become problems."""
    config = ledger.config
    architect = config.tiers[config.architect_tier]
    loaded = ledger.load(ids.WORKORDER)
    result = LedgerEstimate(
        rows=[], architect=architect, problems=list(loaded.errors), tier_order=tuple(config.tiers)
    )
    done_by_a_run = _spending(ledger, result)
    for record in loaded.records:
        if not isinstance(record, WorkOrder) or record.status not in statuses:
            continue
        if record.id in done_by_a_run and record.status in OPEN_STATUSES:
            result.already_run.append(record.id)
            continue
        try:
            result.rows.append(estimate_row(config, record))
        except ValidationError as exc:
            result.problems.append(exc)
    return result


def _spending(ledger: Ledger, result: LedgerEstimate) -> set[str]:
    """Record what the runs reachable from any branch cost, per work order (as ``cost runs``
    counts them); return the work orders a run already did (succeeded, not rejected)."""
    costs = actuals.run_costs(ledger)
    result.runs = len(costs.runs)
    for run in costs.priced:
        result.spent[run.wo] = result.spent.get(run.wo, Decimal(0)) + (run.cost or Decimal(0))
    result.problems += costs.problems
    return {r.wo for r in costs.runs if r.outcome == "succeeded" and r.verdict != "rejected"}


def estimate_row(config: Config, order: WorkOrder) -> Row:
    """One work order priced on its class's tier and on the architect tier."""
    if order.klass not in CLASSES:
        raise _located(
            order,
            "class",
            f"class {order.klass!r} is not one of {', '.join(CLASSES)}; it cannot be routed",
        )
    estimate, source = estimate_of(config, order)
    tier = config.tier_for(order.klass)
    architect = config.tiers[config.architect_tier]
    return Row(
        order.id,
        order.title,
        order.status,
        order.klass,
        tier,
        estimate,
        source,
        cost_on(config, tier, estimate),
        cost_on(config, architect, estimate),
    )


def cost_on(config: Config, tier: Tier, estimate: Estimate) -> Decimal:
    """The exact cost of an estimate on a tier's model."""
    price = price_of(config, tier.price_key)
    return turn_cost(price, estimate.input, estimate.output) * estimate.turns


def estimate_of(config: Config, order: WorkOrder) -> tuple[Estimate, str]:
    """The class default, overridden key by key by the work order's ``estimate:`` mapping."""
    base = config.estimates[order.klass]
    raw = order.fields.get("estimate")
    if raw is None:
        return base, "class"
    if not isinstance(raw, Mapping):
        raise _located(
            order, "estimate", "estimate must be a mapping like {turns: 4, input: 60k, output: 8k}"
        )
    values = parse_estimate(raw, base)
    if isinstance(values, str):
        raise _located(order, "estimate", values)
    return values, "workorder"


def parse_estimate(raw: Mapping[str, Any], base: Estimate) -> Estimate | str:
    """An estimate from a mapping over a base, or the reason it is not one."""
    for key in raw:
        if key not in ESTIMATE_KEYS:
            return (
                f"estimate has an unknown key {key!r}{suggest(str(key), ESTIMATE_KEYS)}; "
                f"keys: {', '.join(ESTIMATE_KEYS)}"
            )
    try:
        turns = parse_turns(raw.get("turns", base.turns), what="estimate.turns")
        if turns == 0:
            return "estimate.turns must be at least 1"
        return Estimate(
            turns=turns,
            input=parse_tokens(raw.get("input", base.input), what="estimate.input"),
            output=parse_tokens(raw.get("output", base.output), what="estimate.output"),
        )
    except ValidationError as exc:
        return exc.message


def ledger_json(result: LedgerEstimate) -> dict[str, object]:
    """The stable JSON shape of a ledger estimate (money as strings)."""
    return {
        "workorders": [
            {
                "id": row.id,
                "title": row.title,
                "status": row.status,
                "class": row.klass,
                "tier": row.tier.name,
                "model": row.tier.price_key,
                "turns": row.estimate.turns,
                "input_per_turn": row.estimate.input,
                "output_per_turn": row.estimate.output,
                "estimate_source": row.source,
                "cost": money(row.cost),
                "architect_cost": money(row.architect_cost),
                "spent": money(result.spent.get(row.id, Decimal(0))),
            }
            for row in result.rows
        ],
        "already_run": [
            {"id": wo, "spent": money(result.spent.get(wo, Decimal(0)))}
            for wo in result.already_run
        ],
        "spent": money(result.spent_total),
        "remaining": money(result.total),
        "tiers": [
            {
                "tier": t.tier.name,
                "model": t.tier.price_key,
                "workorders": t.orders,
                "turns": t.turns,
                "cost": money(t.cost),
            }
            for t in result.tiers()
        ],
        "total": money(result.total),
        "architect": {
            "tier": result.architect.name,
            "model": result.architect.price_key,
            "cost": money(result.architect_total),
        },
        "saving": money(result.saving),
        "saving_percent": _text(percent(result.saving, result.architect_total)),
        "problems": [str(problem) for problem in result.problems],
    }


def _located(order: WorkOrder, key: str, message: str) -> ValidationError:
    """An error naming the work order's file and the line of a field."""
    line = order.doc.line_of(key)
    where = f"{order.path}:{line}" if line else order.path
    return ValidationError(f"{where}: {message}")


def _text(value: Decimal | None) -> str | None:
    """A Decimal as a string, keeping None."""
    return None if value is None else str(value)

"""``cost runs``: what recorded runs actually cost, per work order and per tier."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from gitsplit.cost.money import money, turn_cost
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger.config import Config
from gitsplit.ledger.reachable_runs import reachable_runs
from gitsplit.ledger.records import Run
from gitsplit.ledger.store import Ledger
from gitsplit.util.tokens import parse_tokens

NO_TIER = "(no tier)"


@dataclass(frozen=True)
class RunCost:
    """One run's figures: tokens and cost where known, and where the cost came from."""

    wo: str
    run: str
    path: str
    tier: str
    input_tokens: int | None
    output_tokens: int | None
    cost: Decimal | None
    source: str  # "reported" (cost_usd), "priced" (tokens × the tier's price) or "none"
    why_none: str = ""
    outcome: str = ""  # succeeded, failed, abandoned; "" while open
    verdict: str = ""  # accepted or rejected once judged


@dataclass(frozen=True)
class Group:
    """The priced runs of one work order or one tier."""

    name: str
    runs: int
    input_tokens: int
    output_tokens: int
    cost: Decimal


@dataclass
class RunCosts:
    """Every run's figures and the problems met reading them."""

    runs: list[RunCost]
    problems: list[GitsplitError] = field(default_factory=list)
    tier_order: Sequence[str] = ()

    @property
    def priced(self) -> list[RunCost]:
        """Runs with a cost."""
        return [run for run in self.runs if run.cost is not None]

    @property
    def without_figures(self) -> list[RunCost]:
        """Runs whose cost is unknown."""
        return [run for run in self.runs if run.cost is None]

    @property
    def total(self) -> Decimal:
        """The cost of every priced run."""
        return sum((run.cost for run in self.runs if run.cost is not None), Decimal(0))

    def outcomes(self) -> dict[str, int]:
        """How many runs ended each way (``open`` for runs without an outcome)."""
        counts: dict[str, int] = {}
        for run in self.runs:
            key = run.verdict or run.outcome or "open"
            counts[key] = counts.get(key, 0) + 1
        return counts

    def by_workorder(self) -> list[Group]:
        """Priced runs grouped by work order."""
        return _group(self.priced, lambda run: run.wo)

    def by_tier(self) -> list[Group]:
        """Priced runs grouped by tier, in the config's order of tiers."""
        order = list(self.tier_order)
        return sorted(
            _group(self.priced, lambda run: run.tier),
            key=lambda group: order.index(group.name) if group.name in order else len(order),
        )


def run_costs(ledger: Ledger, wo_id: str | None = None) -> RunCosts:
    """The figures of every run (of one work order, or all) reachable from any branch, once.

    Money spent is spent: rejected, failed and unmerged runs count as much as merged ones.
    """
    found, errors = reachable_runs(ledger, wo_id)
    result = RunCosts(runs=[], problems=list(errors), tier_order=tuple(ledger.config.tiers))
    for run, _where in found:
        try:
            result.runs.append(cost_of_run(ledger.config, run))
        except ValidationError as exc:
            result.problems.append(exc)
    return result


def cost_of_run(config: Config, run: Run) -> RunCost:
    """A run's reported cost, or its tokens priced at its tier's model, or neither."""
    tier = run.text("tier") or NO_TIER
    tokens_in, tokens_out = _tokens(run)
    reported = _cost(run)
    verdict = run.fields.get("verdict")
    judged = str(verdict.get("result") or "") if isinstance(verdict, Mapping) else ""
    base = RunCost(
        run.wo, run.id, run.path, tier, tokens_in, tokens_out, None, "none", "", run.outcome, judged
    )
    if reported is not None:
        return replace(base, cost=reported, source="reported")
    if tokens_in is None and tokens_out is None:
        return replace(base, why_none="no tokens or cost_usd recorded")
    if tokens_in is None or tokens_out is None:
        return replace(base, why_none="tokens recorded without both input and output")
    # what ran is priced: the run records its price key; older records name only a tier
    tier_spec = config.tiers.get(tier)
    key = run.text("price") or (tier_spec.price_key if tier_spec else "")
    if not key:
        return replace(
            base, why_none=f"tier {tier!r} is not in the config, so its tokens cannot be priced"
        )
    if key not in config.prices:
        return replace(base, why_none=f"model {key!r} is not in the price table (prices.models)")
    cost = turn_cost(config.prices[key], tokens_in, tokens_out)
    return replace(base, cost=cost, source="priced")


def runs_json(result: RunCosts) -> dict[str, object]:
    """The stable JSON shape of run costs (money as strings)."""
    return {
        "runs": [
            {
                "wo": r.wo,
                "run": r.run,
                "path": r.path,
                "tier": r.tier,
                "input_tokens": r.input_tokens,
                "output_tokens": r.output_tokens,
                "cost": None if r.cost is None else money(r.cost),
                "source": r.source,
                "why_no_cost": r.why_none or None,
                "outcome": r.outcome or None,
                "verdict": r.verdict or None,
            }
            for r in result.runs
        ],
        "workorders": [_group_json("wo", g) for g in result.by_workorder()],
        "tiers": [_group_json("tier", g) for g in result.by_tier()],
        "total": money(result.total),
        "priced_runs": len(result.priced),
        "runs_without_figures": len(result.without_figures),
        "problems": [str(problem) for problem in result.problems],
    }


def _group_json(key: str, group: Group) -> dict[str, object]:
    """One group as JSON."""
    return {
        key: group.name,
        "runs": group.runs,
        "input_tokens": group.input_tokens,
        "output_tokens": group.output_tokens,
        "cost": money(group.cost),
    }


def _group(runs: Iterable[RunCost], key: Any) -> list[Group]:
    """Sum runs by a key, in first-seen order."""
    groups: dict[str, Group] = {}
    for run in runs:
        name = key(run)
        old = groups.get(name, Group(name, 0, 0, 0, Decimal(0)))
        groups[name] = Group(
            name,
            old.runs + 1,
            old.input_tokens + (run.input_tokens or 0),
            old.output_tokens + (run.output_tokens or 0),
            old.cost + (run.cost or Decimal(0)),
        )
    return list(groups.values())


def _tokens(run: Run) -> tuple[int | None, int | None]:
    """The run's reported input and output tokens."""
    raw = run.fields.get("tokens")
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        raise _located(run, "tokens", "tokens must be a mapping like {input: 1200, output: 300}")
    try:
        counts = [
            None if raw.get(key) is None else parse_tokens(raw[key], what=f"tokens.{key}")
            for key in ("input", "output")
        ]
    except ValidationError as exc:
        raise _located(run, "tokens", exc.message) from None
    return counts[0], counts[1]


def _cost(run: Run) -> Decimal | None:
    """The run's reported cost_usd, exact (a YAML float is read through its text)."""
    raw = run.fields.get("cost_usd")
    if raw is None:
        return None
    try:
        amount = Decimal(str(raw)) if not isinstance(raw, bool) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise _located(run, "cost_usd", f"cost_usd must be an amount in USD, not {raw!r}")
    return amount


def _located(run: Run, key: str, message: str) -> ValidationError:
    """An error naming the run record's file and the line of a field."""
    line = run.doc.line_of(key)
    return ValidationError(f"{run.path}:{line}: {message}" if line else f"{run.path}: {message}")

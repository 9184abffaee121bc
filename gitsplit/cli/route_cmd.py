"""``gitsplit route``: which tier and agent a work order goes to, why, and any better class."""

from __future__ import annotations

import shlex
from typing import Any

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger
from gitsplit.cost import routing
from gitsplit.cost.money import dollars, money
from gitsplit.errors import ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger


@click.command("route")
@click.argument("wo_id", metavar="WO-ID")
@json_option
def route(wo_id: str, as_json: bool) -> None:
    """Show the tier, agent and model WO-ID is routed to, and why.

    When the work order's own fields suggest a higher class (an unbounded scope, a
    scope across many top-level directories, a decision still proposed, many
    dependencies) the suggestion is shown with its reasons. It is never applied:
    change the class with `gitsplit wo set WO-ID class=C3`.

    \b
    Examples:
      gitsplit route WO-12
      gitsplit route WO-12 --json
    """
    ledger = open_ledger()
    order = ledger.get(ids.WORKORDER, wo_id, WorkOrder)
    result = routing.route(ledger, order)
    estimate = _estimate(ledger, order)
    if as_json:
        emit_json(_as_json(ledger, result, estimate))
        return
    tier, agent = result.tier, result.agent
    click.echo(f'{order.id} "{order.title}" → tier {tier.name}')
    command = shlex.join(result.argv) if result.argv else "no command: a person does it"
    click.echo(f"  agent:  {agent.name} ({command})")
    priced = f" (priced as {tier.price_key})" if tier.price_key != tier.model else ""
    click.echo(f"  model:  {tier.model}{priced}")
    click.echo("why:")
    for line in result.why:
        click.echo(f"  - {line}")
    click.echo(f"estimate: {estimate['text']}")
    suggestion = result.suggestion
    if suggestion is None:
        click.echo("suggestion: none; nothing in its fields says the class is too low")
        return
    target = ledger.config.tier_for(suggestion.klass)
    click.echo(
        f"suggestion (not applied): class {suggestion.klass} instead of {order.klass}, because"
    )
    for reason in suggestion.reasons:
        click.echo(f"  - {reason.message}")
    click.echo(
        f"  {suggestion.klass} routes to tier {target.name} ({target.agent}, "
        f"{target.model}); to apply: gitsplit wo set {order.id} class={suggestion.klass}"
    )


def _estimate(ledger: Ledger, order: WorkOrder) -> dict[str, Any]:
    """The work order's estimate on its tier and the architect's, as text and JSON."""
    from gitsplit.cost import estimates

    try:
        row = estimates.estimate_row(ledger.config, order)
    except ValidationError as exc:
        return {"text": f"none ({exc.message})", "json": None}
    est = row.estimate
    source = "its estimate: field" if row.source == "workorder" else f"class {row.klass} default"
    text = (
        f"{est.turns} turns × {est.input:,} in / {est.output:,} out ({source}): "
        f"{dollars(row.cost)} on {row.tier.name}"
    )
    if row.tier.name != ledger.config.architect_tier:
        text += f", {dollars(row.architect_cost)} on {ledger.config.architect_tier}"
    return {
        "text": text,
        "json": {
            "turns": est.turns,
            "input_per_turn": est.input,
            "output_per_turn": est.output,
            "source": row.source,
            "cost": money(row.cost),
            "architect_cost": money(row.architect_cost),
        },
    }


def _as_json(ledger: Ledger, result: routing.Route, estimate: dict[str, Any]) -> dict[str, Any]:
    """The stable JSON shape of a route."""
    suggestion = result.suggestion
    return {
        "id": result.order.id,
        "title": result.order.title,
        "class": result.order.klass,
        "tier": result.tier.name,
        "agent": result.agent.name,
        "model": result.tier.model,
        "price": result.tier.price_key,
        "argv": list(result.argv),
        "why": list(result.why),
        "estimate": estimate["json"],
        "suggestion": None
        if suggestion is None
        else {
            "class": suggestion.klass,
            "tier": ledger.config.tier_for(suggestion.klass).name,
            "reasons": [
                {"code": r.code, "class": r.klass, "message": r.message} for r in suggestion.reasons
            ],
            "command": f"gitsplit wo set {result.order.id} class={suggestion.klass}",
        },
    }

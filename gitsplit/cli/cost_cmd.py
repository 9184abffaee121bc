"""``gitsplit cost``: price a plan, estimate the open ledger, add up what runs cost."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger, warn_unreadable
from gitsplit.cost.money import dollars, percent
from gitsplit.errors import GitsplitError
from gitsplit.ledger import schema
from gitsplit.ledger.config import Config
from gitsplit.ledger.config import load as load_config


@click.group("cost")
def cost() -> None:
    """What work costs on each tier, from the price table in .workledger/config.yaml.

    Amounts are exact decimals, shown rounded to the cent (half up), in USD at the
    list prices of the date the table gives (prices.as_of).
    """


@cost.command("plan", short_help="Price turns on one model, or split across models.")
@click.option("--model", metavar="MODEL", help="Run every turn on MODEL (with --turns).")
@click.option("--turns", metavar="N", help="How many turns (with --model).")
@click.option(
    "--split",
    "split",
    metavar="MODEL:TURNS,...",
    help="Spread turns across models, e.g. opus-4.1:2,sonnet-4:8.",
)
@click.option(
    "--input",
    "input_tokens",
    required=True,
    metavar="TOKENS",
    help="Input tokens per turn: 200000, 200k or 1.5M.",
)
@click.option(
    "--output",
    "output_tokens",
    required=True,
    metavar="TOKENS",
    help="Output tokens per turn: 30000 or 30k.",
)
@click.option(
    "--against",
    metavar="MODEL",
    help="Compare with every turn on MODEL (default: the most expensive model named).",
)
@json_option
def plan(
    model: str | None,
    turns: str | None,
    split: str | None,
    input_tokens: str,
    output_tokens: str,
    against: str | None,
    as_json: bool,
) -> None:
    """Price turns of so many tokens on one model, or split across models.

    \b
    Examples:
      gitsplit cost plan --turns 10 --input 200k --output 30k --model opus-4.1
      gitsplit cost plan --split opus-4.1:2,sonnet-4:8 --input 200k --output 30k
    """
    from gitsplit.cost import money as costing

    if split is not None and model is not None:
        raise click.UsageError("give either --model with --turns, or --split, not both")
    if split is not None and turns is not None:
        raise click.UsageError(
            "--split says how many turns each model gets "
            "(opus-4.1:2,sonnet-4:8 is 10 turns): leave out --turns"
        )
    if split is None and (model is None or turns is None):
        raise click.UsageError("give --model and --turns, or --split MODEL:TURNS,...")
    parts = costing.parse_split(split) if split is not None else costing.single(str(model), turns)
    result = costing.plan(
        _config(), parts, input_tokens=input_tokens, output_tokens=output_tokens, against=against
    )
    if as_json:
        emit_json(costing.plan_json(result))
        return
    rows = [
        [
            p.model,
            str(p.turns),
            f"{p.price.input:,.2f}",
            f"{p.price.output:,.2f}",
            dollars(p.per_turn),
            dollars(p.cost),
        ]
        for p in result.parts
    ]
    rows.append(["total", str(result.turns), "", "", "", dollars(result.total)])
    click.echo(
        grid(
            ["MODEL", "TURNS", "$/M IN", "$/M OUT", "PER TURN", "COST"], rows, right=(1, 2, 3, 4, 5)
        )
    )
    click.echo("")
    base = result.baseline
    if against is not None or len({p.model for p in result.parts}) > 1:
        click.echo(f"all {base.turns} turns on {base.model}: {dollars(base.cost)}")
        click.echo(f"saving: {saving_text(result.saving, base.cost)}")
    click.echo(
        f"each turn: {result.input_tokens:,} input + {result.output_tokens:,} output "
        f"tokens; list prices as of {result.prices_as_of}"
    )


@cost.command("ledger", short_help="Estimate open work orders per tier and on the architect.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(schema.WO_STATUSES),
    help="Estimate these statuses instead of the open ones (repeatable).",
)
@json_option
def ledger_(statuses: tuple[str, ...], as_json: bool) -> None:
    """Estimate the open work orders on their tiers, and all on the architect tier.

    Open means draft, ready, in_progress, review or blocked, and not already done by a
    run that succeeded (and was not rejected): that money is spent, and shown as spent
    beside what remains. Each class's turns and
    tokens per turn come from `estimates` in the config; a work order overrides them
    with an `estimate: {turns: 4, input: 60k, output: 8k}` field (any of the keys).
    """
    from gitsplit.cost import estimates

    result = estimates.estimate_ledger(open_ledger(), statuses=statuses or estimates.OPEN_STATUSES)
    if as_json:
        emit_json(estimates.ledger_json(result))
    elif not result.rows:
        wanted = statuses or estimates.OPEN_STATUSES
        click.echo(f"no work orders to estimate (statuses: {', '.join(wanted)})", err=True)
    else:
        rows = [
            [
                r.id + ("*" if r.source == "workorder" else ""),
                r.status,
                r.klass,
                r.tier.name,
                r.tier.price_key,
                str(r.estimate.turns),
                f"{r.estimate.input:,}",
                f"{r.estimate.output:,}",
                dollars(r.cost),
                dollars(r.architect_cost),
            ]
            for r in result.rows
        ]
        click.echo(
            grid(
                [
                    "WO",
                    "STATUS",
                    "CLASS",
                    "TIER",
                    "MODEL",
                    "TURNS",
                    "IN/TURN",
                    "OUT/TURN",
                    "COST",
                    f"ON {result.architect.name.upper()}",
                ],
                rows,
                right=(5, 6, 7, 8, 9),
            )
        )
        if any(r.source == "workorder" for r in result.rows):
            click.echo("* estimate from the work order's `estimate:` field")
        click.echo("")
        tiers = [
            [t.tier.name, t.tier.price_key, str(t.orders), str(t.turns), dollars(t.cost)]
            for t in result.tiers()
        ]
        tiers.append(
            [
                "total",
                "",
                str(len(result.rows)),
                str(sum(r.estimate.turns for r in result.rows)),
                dollars(result.total),
            ]
        )
        click.echo(grid(["TIER", "MODEL", "WOS", "TURNS", "COST"], tiers, right=(2, 3, 4)))
        click.echo("")
        click.echo(
            f"all on {result.architect.name} ({result.architect.price_key}): "
            f"{dollars(result.architect_total)}"
        )
        click.echo(f"saving: {saving_text(result.saving, result.architect_total)}")
    if not as_json and (result.runs or result.already_run):
        click.echo(
            f"spent so far: {dollars(result.spent_total)} on {_runs(result.runs)} "
            f"(gitsplit cost runs); remaining: {dollars(result.total)}"
        )
    if not as_json and result.already_run:
        words = ", ".join(
            f"{w} ({dollars(result.spent.get(w, Decimal(0)))})" for w in result.already_run
        )
        click.echo(f"already run, not priced again (waiting for review): {words}")
    _problems(result.problems)


@cost.command("runs", short_help="Add up what recorded runs cost, per work order and tier.")
@click.option("--wo", "wo_id", metavar="ID", help="Only the runs of this work order.")
@json_option
def runs(wo_id: str | None, as_json: bool) -> None:
    """Add up what recorded runs cost, per work order and per tier.

    Every run record reachable from the working tree or any branch, local or
    remote-tracking, counts once: money spent is spent, so rejected, failed and
    unmerged runs count too. A run's cost is its `cost_usd` when the agent reported
    one; otherwise its `tokens` priced at its tier's model; runs with neither are
    listed as without figures.
    """
    from gitsplit.cost import actuals
    from gitsplit.ledger import ids

    ledger = open_ledger()
    wo = ids.normalize_id(wo_id, ids.WORKORDER) if wo_id else None
    result = actuals.run_costs(ledger, wo)
    if as_json:
        emit_json(actuals.runs_json(result))
        _problems(result.problems)
        return
    if not result.runs:
        click.echo("no run records" + (f" for {wo}" if wo else ""), err=True)
    for title, groups in (("WO", result.by_workorder()), ("TIER", result.by_tier())):
        if groups:
            rows = [
                [
                    g.name,
                    str(g.runs),
                    f"{g.input_tokens:,}",
                    f"{g.output_tokens:,}",
                    dollars(g.cost),
                ]
                for g in groups
            ]
            rows.append(["total", str(len(result.priced)), "", "", dollars(result.total)])
            click.echo(grid([title, "RUNS", "INPUT", "OUTPUT", "COST"], rows, right=(1, 2, 3, 4)))
            click.echo("")
    if result.runs:
        counts = ", ".join(f"{n} {what}" for what, n in result.outcomes().items())
        click.echo(f"{_runs(len(result.runs))} on every branch: {counts}")
    priced = [r for r in result.runs if r.source == "priced"]
    if priced:
        click.echo(
            f"{_runs(len(priced))} priced from tokens at the tier's list price "
            "(no cost_usd reported): " + ", ".join(f"{r.wo}/{r.run}" for r in priced)
        )
    missing = result.without_figures
    if missing:
        click.echo(f"{_runs(len(missing))} without figures, not counted:")
        for run in missing:
            click.echo(f"  {run.wo}/{run.run}: {run.why_none}")
    _problems(result.problems)


def grid(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """Aligned columns, numbers (the ``right`` columns) flush right."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def saving_text(saving: Decimal, whole: Decimal) -> str:
    """``$33.60 (64.0%)``."""
    share = percent(saving, whole)
    return dollars(saving) + ("" if share is None else f" ({share}%)")


def _config() -> Config:
    """The config of the repository around here, or the defaults outside one."""
    from gitsplit import gitio
    from gitsplit.errors import NotARepositoryError

    try:
        root = gitio.discover()
    except NotARepositoryError:
        return Config()
    return load_config(root)


def _problems(problems: Sequence[GitsplitError]) -> None:
    """Name what could not be read on stderr, then exit 1."""
    if problems:
        warn_unreadable(problems)
        raise click.exceptions.Exit(1)


def _runs(count: int) -> str:
    """``1 run`` / ``3 runs``."""
    return f"{count} run" if count == 1 else f"{count} runs"

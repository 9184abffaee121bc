"""``gitsplit dispatch``: start every ready work order of a class, N agents at a time."""

from __future__ import annotations

import click

from gitsplit.cli.common import open_ledger, table
from gitsplit.ledger import schema
from gitsplit.ledger.records import WorkOrder
from gitsplit.runs import dispatch as dispatching
from gitsplit.runs import execute
from gitsplit.runs.dispatch import Event


@click.command("dispatch")
@click.option(
    "--class", "klass", type=click.Choice(schema.CLASSES), help="Only work orders of this class."
)
@click.option(
    "--parallel",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Agents running at once.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Start at most this many runs.")
@click.option("--agent", metavar="NAME", help="Agent profile for every run.")
@click.option(
    "--allow-empty-body",
    is_flag=True,
    help="Start work orders whose Problem or Acceptance is empty or the template's guidance.",
)
@click.option(
    "--remote",
    metavar="NAME",
    help="Claim each work order on this remote first (claims required): any number of "
    "dispatchers on any machines then never start the same work order twice.",
)
@click.option("--no-claim", is_flag=True, help="Claim nothing, whatever the config says.")
def dispatch_cmd(
    klass: str | None,
    parallel: int,
    limit: int | None,
    agent: str | None,
    allow_empty_body: bool,
    remote: str | None,
    no_claim: bool,
) -> None:
    """Start every ready work order (of a class), each in its own worktree, N at a time.

    A work order whose run is in progress or in review on a WO branch is skipped;
    one whose Problem or Acceptance is empty or still the template's guidance fails
    to start (--allow-empty-body starts it anyway).
    Ctrl-C stops launching new runs; agents already running keep going in their
    worktrees (still writing to their logs) and their runs stay open, as the
    summary says: `gitsplit finish` in the worktree once the agent has ended.
    A run already being closed is waited for; one still being made is listed
    (cut-short) with the commands that remove it.

    With claims on (`claims:` in the config, or --remote), each work order is
    claimed on the remote before its run starts; one claimed by someone else is
    skipped, and one whose claim's lease has expired is taken over (and said so).
    Its claim is renewed while its agent runs (docs/claims.md).

    \b
    Examples:
      gitsplit dispatch --class C1 --parallel 3 --limit 6
      gitsplit dispatch --remote origin --class C1 --parallel 2   # on many machines
    """
    if remote and no_claim:
        raise click.UsageError("--remote claims on that remote; --no-claim claims nothing")
    ledger = open_ledger()
    orders: list[WorkOrder] = []
    for order in dispatching.candidates(ledger, klass, None):
        profile = dispatching.worked_by_a_person(ledger, order, agent)
        if profile:  # said, and not counted against --limit: dispatch cannot run it
            click.echo(
                f"skipping {order.id}: its agent profile {profile!r} is worked by a "
                f"person; `gitsplit start {order.id}` sets it up",
                err=True,
            )
        elif limit is None or len(orders) < limit:
            orders.append(order)
    if not orders:
        click.echo(
            "nothing to dispatch: no ready work order with every dependency done"
            + (f" in class {klass}" if klass else ""),
            err=True,
        )
        return
    click.echo(f"dispatching {len(orders)} run(s), {parallel} at a time", err=True)
    dispatched = dispatching.dispatch(
        ledger,
        orders,
        parallel=parallel,
        agent=agent,
        report=_progress,
        allow_empty_body=allow_empty_body,
        claim=not no_claim,
        remote=remote,
    )
    events = dispatched.events
    _print_summary(events)
    if dispatched.interrupted:
        click.echo("gitsplit: interrupted; no new runs were launched", err=True)
        raise click.exceptions.Exit(130)
    if any(
        e.kind != "skipped" and (e.kind != "ended" or not e.ended or e.ended.outcome != "succeeded")
        for e in events
    ):
        raise click.exceptions.Exit(1)


def _progress(event: Event) -> None:
    """One progress line per event."""
    if event.kind == "ended" and event.ended:
        words = event.ended.words if event.ended.outcome else "open"
        click.echo(f"  {event.wo_id}: {words} ({event.detail})", err=True)
    else:
        click.echo(f"  {event.wo_id}: {event.kind} {event.detail}", err=True)


def _print_summary(events: list[Event]) -> None:
    """The table at the end of a dispatch."""
    rows = []
    for event in events:
        started = event.started
        outcome = event.kind
        if event.ended:
            outcome = event.ended.words if event.ended.outcome else "open"
        rows.append(
            [
                event.wo_id,
                started.run if started else "-",
                outcome,
                str(event.ended.log)
                if event.ended
                else (
                    str(execute.log_path(started.checkout, started.run))
                    if started
                    else event.detail
                ),
            ]
        )
    click.echo(table(rows, ["WO", "RUN", "OUTCOME", "LOG"]))

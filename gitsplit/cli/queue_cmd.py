"""``gitsplit queue``, ``ready`` and ``next``: what can run now, from the current tip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from gitsplit.cli.common import (
    emit_json,
    json_option,
    listing_compact,
    open_ledger,
    pretty_option,
    table,
)
from gitsplit.ledger import schema
from gitsplit.ledger.store import Ledger
from gitsplit.work import graph as work_graph
from gitsplit.work import queue as work_queue
from gitsplit.work.graph import BUCKET_TITLES, BUCKETS, Graph, Item
from gitsplit.work.live_state import Authority
from gitsplit.work.queue import Queue

F = TypeVar("F", bound=Callable[..., Any])
TITLE_WIDTH = 44
LIVE_NOTE = (
    "live: a status read from an unmerged WO branch (read-only overlay; the "
    "ledger on the authority branch says otherwise until it is merged)"
)


def filter_options(func: F) -> F:
    """``--class``, ``--tier`` and ``--no-live``, shared by queue, ready and next."""
    func = click.option(
        "--no-live", is_flag=True, help="Ignore WO branches: show the ledger's statuses only."
    )(func)
    func = click.option(
        "--tier", metavar="TIER", help="Only classes routed to this tier (config.yaml routing)."
    )(func)
    return click.option(
        "--class",
        "classes",
        multiple=True,
        type=click.Choice(schema.CLASSES),
        help="Only this class (repeatable).",
    )(func)


def load_queue(
    classes: tuple[str, ...], tier: str | None, no_live: bool
) -> tuple[Ledger, Graph, Queue, Authority]:
    """Read the ledger and branches, and sort the queue with the filters applied."""
    ledger = open_ledger()
    config = ledger.config
    wanted: set[str] | None = set(classes) or None
    if tier is not None:
        if tier not in config.tiers:
            from gitsplit.ledger.schema import suggest

            raise click.BadParameter(
                f"unknown tier {tier!r}{suggest(tier, list(config.tiers))}; "
                f"tiers: {', '.join(config.tiers)}",
                param_hint="'--tier'",
            )
        routed = {k for k, t in config.routing.items() if t == tier}
        wanted = routed if wanted is None else wanted & routed
    graph, auth = work_graph.from_ledger(ledger, overlay=not no_live)
    queue = work_queue.sort_queue(graph, routing=config.routing, classes=wanted)
    return ledger, graph, queue, auth


def item_rows(items: list[Item]) -> list[list[str]]:
    """Table rows: id, priority, class → tier, title, why."""
    return [
        [
            i.id,
            i.node.order.priority,
            f"{i.node.order.klass} {i.tier or '?'}",
            _short(i.node.order.title),
            i.reason,
        ]
        for i in items
    ]


@click.command("queue")
@filter_options
@json_option
@pretty_option
def queue(
    classes: tuple[str, ...], tier: str | None, no_live: bool, as_json: bool, pretty: bool
) -> None:
    """Work orders in buckets: now, next, later, blocked, in flight.

    \b
    now        ready, and every dependency is done
    next       ready, waiting only on work in progress or in review
    later      draft, or waiting on work not started yet
    blocked    status blocked, or a dependency is cancelled, blocked, unknown or cyclic
    in flight  in progress or in review (in the ledger, or live on an unmerged WO branch)

    Within a bucket: priority (P0 first), then age (oldest first). Dependency
    problems are listed under "problems" instead of stopping the listing.

    \b
    Examples:
      gitsplit queue
      gitsplit queue --tier cheap --no-live
      gitsplit queue --json | jq '.buckets.now[].id'
    """
    _ledger, _graph, result, auth = load_queue(classes, tier, no_live)
    if as_json:
        emit_json(
            {
                **result.as_json(),
                "authority": auth.as_json(),
                "filters": {"class": sorted(classes), "tier": tier, "live": not no_live},
            },
            compact=listing_compact(pretty),
        )
        return
    every = [i for b in BUCKETS for i in result.buckets[b]]
    lines = iter(table(item_rows(every), ["", "", "", "", ""]).splitlines()[1:])
    for bucket in BUCKETS:
        click.echo(f"{BUCKET_TITLES[bucket]} ({len(result.buckets[bucket])})")
        for _item in result.buckets[bucket]:
            click.echo(f"  {next(lines)}")
    if result.problems:
        click.echo(f"\nproblems ({len(result.problems)})")
        for problem in result.problems:
            click.echo(f"  {problem}")
    click.echo("\n" + " · ".join(f"{k} {v}" for k, v in result.as_json()["closed"].items()))
    if any(i.node.overlaid for i in every):
        click.echo(LIVE_NOTE)


@click.command("ready")
@filter_options
@click.option("--ids", "only_ids", is_flag=True, help="Print only the ids, one per line.")
@json_option
@pretty_option
def ready(
    classes: tuple[str, ...],
    tier: str | None,
    no_live: bool,
    only_ids: bool,
    as_json: bool,
    pretty: bool,
) -> None:
    """Work orders that can start now: status ready and every dependency done."""
    _ledger, _graph, result, _auth = load_queue(classes, tier, no_live)
    items = result.buckets["now"]
    if as_json:
        emit_json([i.as_json() for i in items], compact=listing_compact(pretty))
    elif only_ids:
        for item in items:
            click.echo(item.id)
    elif items:
        click.echo(table(item_rows(items), ["ID", "PRI", "CLASS", "TITLE", "WHY"]))
    if not items and not as_json:
        click.echo(
            "nothing is ready to start (`gitsplit queue` shows what waits on what)", err=True
        )


@click.command("next")
@filter_options
@click.option("--id", "only_id", is_flag=True, help="Print only the id (nothing when none).")
@json_option
def next_(
    classes: tuple[str, ...], tier: str | None, no_live: bool, only_id: bool, as_json: bool
) -> None:
    """The single best work order to start next, and why.

    Among the ready ones (see `gitsplit ready`): highest priority first, then the
    one that unblocks the most other work, then the oldest.
    """
    _ledger, graph, result, _auth = load_queue(classes, tier, no_live)
    choice = work_queue.best_next(result, graph)
    if as_json:
        emit_json(choice.as_json() if choice else None)
        return
    if choice is None:
        waiting = len(result.buckets["next"])
        click.echo(
            "nothing is ready to start"
            + (f"; {waiting} wait only on work in flight" if waiting else ""),
            err=True,
        )
        return
    if only_id:
        click.echo(choice.item.id)
        return
    order = choice.item.node.order
    click.echo(
        f"{order.id}  {order.title}  [{order.priority} · {order.klass} → {choice.item.tier or '?'}]"
    )
    click.echo("why:")
    for reason in choice.reasons:
        click.echo(f"  - {reason}")
    click.echo(f"next: gitsplit brief {order.id}   then   gitsplit start {order.id}")


def _short(title: str) -> str:
    """A title cut to the table's width."""
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"

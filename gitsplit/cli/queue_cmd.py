"""``gitsplit queue``, ``ready`` and ``next``: what can run now, from the current tip."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from gitsplit.cli.options import json_option, pretty_option
from gitsplit.ledger.vocabulary import CLASSES

if TYPE_CHECKING:
    from gitsplit.ledger.store import Ledger
    from gitsplit.work.graph import Graph, Item
    from gitsplit.work.live_state import Authority
    from gitsplit.work.queue import Queue

F = TypeVar("F", bound=Callable[..., Any])
TITLE_WIDTH = 44
LIVE_NOTE = (
    "live: a status read from an unmerged WO branch (read-only overlay; the "
    "ledger on the authority branch says otherwise until it is merged)"
)


def filter_options(func: F) -> F:
    """``--class``, ``--tier``, ``--no-live`` and ``--offline``, shared by queue, ready, next."""
    func = click.option(
        "--offline",
        is_flag=True,
        help="With claims on: show the claims last fetched, without asking the remote.",
    )(func)
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
        type=click.Choice(CLASSES),
        help="Only this class (repeatable).",
    )(func)


def load_queue(
    classes: tuple[str, ...], tier: str | None, no_live: bool
) -> tuple[Ledger, Graph, Queue, Authority]:
    """Read the ledger and branches, and sort the queue with the filters applied."""
    from gitsplit.cli.common import open_ledger
    from gitsplit.work import graph as work_graph
    from gitsplit.work import queue as work_queue

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


def item_rows(items: list[Item], claims: dict[str, str] | None = None) -> list[list[str]]:
    """Table rows: id, priority, class → tier, title, why (and its claim, if any)."""
    claims = claims or {}
    return [
        [
            i.id,
            i.node.order.priority,
            f"{i.node.order.klass} {i.tier or '?'}",
            _short(i.node.order.title),
            i.reason + (f" · {claims[i.id]}" if i.id in claims else ""),
        ]
        for i in items
    ]


def claim_notes(ledger: Ledger, offline: bool, *, as_json: bool = False) -> dict[str, Any] | None:
    """The remote's claims by work order: words, or JSON with ``as_json``; None: claims off."""
    from gitsplit.claims import lease, view

    if ledger.config.claims == "off":
        return None
    found, warning = view.visible(ledger.root, ledger.config, offline=offline)
    if warning:
        click.echo(f"gitsplit: warning: {warning}", err=True)
    at = lease.now()
    if as_json:
        return {wo: view.as_json(ledger.root, ledger.config, c, at) for wo, c in found.items()}
    return {wo: view.note(ledger.root, ledger.config, c, at) for wo, c in found.items()}


@click.command("queue")
@filter_options
@json_option
@pretty_option
def queue(
    classes: tuple[str, ...],
    tier: str | None,
    no_live: bool,
    offline: bool,
    as_json: bool,
    pretty: bool,
) -> None:
    """Work orders in buckets: now, next, later, blocked, in flight.

    \b
    now        ready, and every dependency is done
    next       ready, waiting only on work in progress or in review
    later      draft, or waiting on work not started yet
    blocked    status blocked, or a dependency is cancelled, blocked, unknown or cyclic
    in flight  in progress or in review (in the ledger, or live on an unmerged WO branch)

    Within a bucket: priority (P0 first), then age (oldest first). Dependency
    problems are listed under "problems" instead of stopping the listing. With
    `claims` on in the config, each work order's claim on the remote is shown
    (fetched first; --offline shows the ones last fetched).

    \b
    Examples:
      gitsplit queue
      gitsplit queue --tier cheap --no-live
      gitsplit queue --json | jq '.buckets.now[].id'
    """
    if as_json and not pretty and not sys.stdout.isatty():
        _compact_json(classes, tier, no_live, offline)
        return
    from gitsplit.cli.common import emit_json, table
    from gitsplit.work.graph import BUCKET_TITLES, BUCKETS

    ledger, _graph, result, auth = load_queue(classes, tier, no_live)
    claims = claim_notes(ledger, offline, as_json=as_json)
    if as_json:
        emit_json(_queue_json(result, auth, classes, tier, no_live, claims))
        return
    every = [i for b in BUCKETS for i in result.buckets[b]]
    lines = iter(table(item_rows(every, claims), ["", "", "", "", ""]).splitlines()[1:])
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


def _queue_json(
    result: Queue,
    auth: Authority,
    classes: tuple[str, ...],
    tier: str | None,
    no_live: bool,
    claims: dict[str, Any] | None,
) -> dict[str, Any]:
    """The JSON of ``queue --json`` (``claims``: None when claims are off)."""
    return {
        **result.as_json(),
        **({} if claims is None else {"claims": claims}),
        "authority": auth.as_json(),
        "filters": {"class": sorted(classes), "tier": tier, "live": not no_live},
    }


def _compact_json(classes: tuple[str, ...], tier: str | None, no_live: bool, offline: bool) -> None:
    """``queue --json`` to a pipe: the kept answer when nothing it depends on changed.

    With claims on nothing is kept (answer_cache): the claims are fetched and aged anew.
    """
    from gitsplit.cli.kept_answer import echo_kept
    from gitsplit.cli.poll import listing_request

    def make() -> tuple[str, bool]:
        from gitsplit.cli.common import compact_json

        ledger, _graph, result, auth = load_queue(classes, tier, no_live)
        claims = claim_notes(ledger, offline, as_json=True)
        return compact_json(_queue_json(result, auth, classes, tier, no_live, claims)), True

    echo_kept(listing_request("queue", classes, tier, no_live), make, claims=True)


@click.command("ready")
@filter_options
@click.option("--ids", "only_ids", is_flag=True, help="Print only the ids, one per line.")
@json_option
@pretty_option
def ready(
    classes: tuple[str, ...],
    tier: str | None,
    no_live: bool,
    offline: bool,
    only_ids: bool,
    as_json: bool,
    pretty: bool,
) -> None:
    """Work orders that can start now: status ready and every dependency done."""
    from gitsplit.cli.common import compact_json, emit_json, listing_compact, table

    if as_json and listing_compact(pretty):
        from gitsplit.cli.kept_answer import echo_kept
        from gitsplit.cli.poll import listing_request

        def make() -> tuple[str, bool]:
            ledger, _graph, result, _auth = load_queue(classes, tier, no_live)
            return compact_json(_ready_json(ledger, result, offline)), True

        echo_kept(listing_request("ready", classes, tier, no_live), make, claims=True)
        return
    ledger, _graph, result, _auth = load_queue(classes, tier, no_live)
    if as_json:
        emit_json(_ready_json(ledger, result, offline))
        return
    items = result.buckets["now"]
    claims = None if only_ids else claim_notes(ledger, offline)
    if only_ids:
        for item in items:
            click.echo(item.id)
    elif items:
        click.echo(table(item_rows(items, claims), ["ID", "PRI", "CLASS", "TITLE", "WHY"]))
    if not items:
        click.echo(
            "nothing is ready to start (`gitsplit queue` shows what waits on what)", err=True
        )


def _ready_json(ledger: Ledger, result: Queue, offline: bool) -> list[dict[str, Any]]:
    """The JSON of ``ready --json``: the "now" bucket, each with its claim when claims are on."""
    claims = claim_notes(ledger, offline, as_json=True)
    return [
        i.as_json() | ({} if claims is None else {"claim": claims.get(i.id)})
        for i in result.buckets["now"]
    ]


@click.command("next")
@filter_options
@click.option("--id", "only_id", is_flag=True, help="Print only the id (nothing when none).")
@json_option
def next_(
    classes: tuple[str, ...],
    tier: str | None,
    no_live: bool,
    offline: bool,
    only_id: bool,
    as_json: bool,
) -> None:
    """The single best work order to start next, and why.

    Among the ready ones (see `gitsplit ready`): highest priority first, then the
    one that unblocks the most other work, then the oldest.
    """
    from gitsplit.cli.common import emit_json
    from gitsplit.work import queue as work_queue

    ledger, graph, result, _auth = load_queue(classes, tier, no_live)
    choice = work_queue.best_next(result, graph)
    claims = None if only_id else claim_notes(ledger, offline, as_json=as_json)
    if as_json:
        found = {} if claims is None or not choice else {"claim": claims.get(choice.item.id)}
        emit_json({**choice.as_json(), **found} if choice else None)
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
    if claims and order.id in claims:
        click.echo(f"claim: {claims[order.id]}")
    click.echo(f"next: gitsplit brief {order.id}   then   gitsplit start {order.id}")


def _short(title: str) -> str:
    """A title cut to the table's width."""
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"

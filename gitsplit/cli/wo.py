"""``gitsplit wo``: show, list, set and edit work orders (``wo new`` is in ``wo_new``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import click

from gitsplit.cli.common import (
    compact_json,
    emit_json,
    field_lines,
    json_option,
    listing_compact,
    open_ledger,
    pretty_option,
    table,
    warn_unreadable,
)
from gitsplit.cli.lazy_group import load_command
from gitsplit.ledger import ids, schema

if TYPE_CHECKING:
    from gitsplit.errors import RecordError
    from gitsplit.work.graph import Node


class WorkOrderGroup(click.Group):
    """``wo``'s subcommands; ``new`` is imported only when asked for (it imports the authoring,
    routing and config modules, which a kept ``wo list --json`` answer does not need)."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {"new": ("gitsplit.cli.wo_new", "new")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every subcommand name, sorted as click sorts them."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """One subcommand, importing ``new`` on first use."""
        if cmd_name in self.lazy:
            return load_command(*self.lazy[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group("wo", cls=WorkOrderGroup)
def wo() -> None:
    """Author and change work orders (.workledger/workorders/WO-<n>.md).

    A work order is one bounded unit of work: what to do, the paths it may change
    (scope), how to prove it is done (checks), and its class C1–C4, which decides
    the tier of agent it is routed to.
    """


@wo.command("show")
@click.argument("wo_id", metavar="ID")
@json_option
def show(wo_id: str, as_json: bool) -> None:
    """Show one work order: its fields and body."""
    from gitsplit.ledger.records import WorkOrder

    record = open_ledger().get(ids.WORKORDER, wo_id, WorkOrder)
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(
        f"{record.id}  {record.title}  [{record.status} · {record.klass} · {record.priority}]"
    )
    for line in field_lines(
        [
            ("depends on", record.depends_on),
            ("scope", record.scope),
            ("files", record.files),
            ("decisions", record.decisions),
            ("invariants", record.invariants),
            ("checks", record.checks),
            ("created", record.created),
            ("updated", record.text("updated")),
            ("path", record.path),
        ]
    ):
        click.echo(line)
    if record.body.strip():
        click.echo("")
        click.echo(record.body.rstrip("\n"))


@wo.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(schema.WO_STATUSES),
    help="Only these statuses (repeatable).",
)
@click.option(
    "--class",
    "classes",
    multiple=True,
    type=click.Choice(schema.CLASSES),
    help="Only these classes (repeatable).",
)
@click.option(
    "--priority",
    "priorities",
    multiple=True,
    type=click.Choice(schema.PRIORITIES),
    help="Only these priorities (repeatable).",
)
@click.option(
    "--no-live", is_flag=True, help="Ignore WO branches: show the ledger's statuses only."
)
@json_option
@pretty_option
def list_(
    statuses: tuple[str, ...],
    classes: tuple[str, ...],
    priorities: tuple[str, ...],
    no_live: bool,
    as_json: bool,
    pretty: bool,
) -> None:
    """List work orders in id order, with the status every view shows.

    The status is the ledger's, overlaid (as in `queue` and `status`) with the live
    state of unmerged WO branches: a run in progress or waiting for review. Such a
    status is marked `*`; --no-live shows the ledger's own.
    """
    if as_json and listing_compact(pretty):
        from gitsplit.cli.kept_answer import echo_kept
        from gitsplit.cli.poll import wo_list_request

        failed = False

        def make() -> tuple[str, bool]:
            nonlocal failed
            orders, errors, left_out = _listing(statuses, classes, priorities, no_live)
            warn_unreadable(errors)  # before the listing here: it is printed once made
            failed = bool(errors)
            return compact_json([_summary(n) for n in orders]), not errors and not left_out

        request = wo_list_request(statuses, classes, priorities, no_live)
        echo_kept(request, make, claims=False)
        if failed:
            raise click.exceptions.Exit(1)
        return
    orders, errors, _left_out = _listing(statuses, classes, priorities, no_live)
    if as_json:
        emit_json([_summary(n) for n in orders])
    elif orders:
        rows = [
            [n.id, n.status + ("*" if n.overlaid else ""), n.order.klass, n.order.priority]
            for n in orders
        ]
        click.echo(
            table(
                [[*row, n.order.title] for row, n in zip(rows, orders, strict=True)],
                ["ID", "STATUS", "CLASS", "PRI", "TITLE"],
            )
        )
        if any(n.overlaid for n in orders):
            click.echo("* live: read from an unmerged WO branch; --no-live shows the ledger's")
    else:
        click.echo(
            "no work orders" + (" match" if statuses or classes or priorities else ""), err=True
        )
    warn_unreadable(errors)
    if errors:
        raise click.exceptions.Exit(1)


def _listing(
    statuses: tuple[str, ...], classes: tuple[str, ...], priorities: tuple[str, ...], no_live: bool
) -> tuple[list[Node], list[RecordError], bool]:
    """The work orders ``wo list`` shows, the files that could not be read, and whether some
    were left out (misnamed: said on stderr here)."""
    from gitsplit.ledger.records import WorkOrder
    from gitsplit.work import graph as work_graph
    from gitsplit.work import live_state

    ledger = open_ledger()
    loaded = ledger.load(ids.WORKORDER)
    live = {} if no_live else live_state.scan(ledger.root, ledger.config)
    records = [r for r in loaded.records if isinstance(r, WorkOrder)]
    graph = work_graph.build(records, live)
    left_out = {p.path for p in graph.problems if p.code == "misnamed"}
    shown = [
        graph.nodes.get(r.id) or work_graph.Node(r, r.status)
        for r in records
        if r.path not in left_out
    ]
    for path in sorted(left_out):
        click.echo(f"left out: {path}: its id is not its file name (gitsplit check)", err=True)
    orders = [
        n
        for n in shown
        if (not statuses or n.status in statuses)
        and (not classes or n.order.klass in classes)
        and (not priorities or n.order.priority in priorities)
    ]
    return orders, loaded.errors, bool(left_out)


@wo.command("set")
@click.argument("wo_id", metavar="ID")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@json_option
def set_(wo_id: str, assignments: tuple[str, ...], as_json: bool) -> None:
    """Change fields of a work order, validated before anything is written.

    \b
    FIELD=VALUE sets a field; for list fields FIELD+=VALUE adds an item and
    FIELD-=VALUE removes one; FIELD= empties an optional field. A scope glob
    that matches no tracked file is kept, with a warning naming the closest path.
    Examples:
      gitsplit wo set WO-3 status=ready priority=P1
      gitsplit wo set WO-3 depends_on+=WO-1 scope+='docs/**'
    """
    from gitsplit.ledger import authoring, scope_advice

    ledger = open_ledger()
    changed = authoring.update_fields(ledger, wo_id, assignments)
    if as_json:
        emit_json(changed.as_json())
    else:
        names = ", ".join(dict.fromkeys(a.split("=")[0].rstrip("+-") for a in assignments))
        click.echo(f"{changed.id}: set {names}")
    if any(a.split("=")[0].rstrip("+-").strip() == "scope" for a in assignments):
        for note in scope_advice.notes_for(ledger.root, changed.id, changed.scope):
            click.echo(note, err=True)


@wo.command("edit")
@click.argument("wo_id", metavar="ID")
def edit_(wo_id: str) -> None:
    """Edit a work order in your editor; the result is validated before it is saved.

    An edit that does not validate is not lost: it is kept under .git/gitsplit/drafts/
    and reopened the next time you run this command.
    """
    from gitsplit.cli.wo_new import accept_edit
    from gitsplit.ledger import editor
    from gitsplit.ledger.records import WorkOrder

    ledger = open_ledger()
    record = ledger.get(ids.WORKORDER, wo_id, WorkOrder)

    def accept(text: str) -> None:
        accept_edit(ledger, record.path, record.id, text, exclusive=False, draft=f"{record.id}.md")

    result = editor.edit_text(ledger.root, f"{record.id}.md", record.doc.render(), accept)
    click.echo(f"{record.id}: saved" if result is not None else f"{record.id}: no changes")


def _summary(node: Node) -> dict[str, Any]:
    """The JSON of a work order in a listing (no body), with its live status."""
    record = node.order
    data = {**{k: v for k, v in record.fields.items() if k != "body"}, "path": record.path}
    live = node.live.as_json() if node.live is not None else None
    return {**data, "status": node.status, "ledger_status": record.status, "live": live}

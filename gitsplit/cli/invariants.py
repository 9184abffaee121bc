"""``gitsplit invariant``: rules every execution run must keep."""

from __future__ import annotations

import click

from gitsplit.cli.common import (
    body_options,
    body_text,
    emit_json,
    field_lines,
    json_option,
    open_ledger,
    table,
    warn_unreadable,
)
from gitsplit.ledger import authoring, ids
from gitsplit.ledger.records import Invariant


@click.group("invariant")
def invariant() -> None:
    """Invariants (.workledger/invariants/I-<n>.md): every briefing carries the active ones."""


@invariant.command("add")
@click.argument("title")
@body_options("The rule in full (default: a placeholder to edit)")
@click.option(
    "--applies-to",
    "applies_to",
    multiple=True,
    metavar="GLOB",
    help="Paths the rule is about (repeatable; default: everywhere).",
)
@json_option
def add(
    title: str,
    body: str | None,
    body_file: str | None,
    applies_to: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add an active invariant titled TITLE and print its id.

    \b
    Example:
      gitsplit invariant add "Never lose uncommitted work" \\
          --body "No command resets, stashes or checks out over uncommitted changes."
    """
    record = authoring.add_invariant(
        open_ledger(), title=title, body=body_text(body, body_file), applies_to=applies_to
    )
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(record.id)
    click.echo(f"created {record.path}", err=True)


@invariant.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include retired invariants.")
@json_option
def list_(show_all: bool, as_json: bool) -> None:
    """List active invariants (with --all, retired ones too)."""
    loaded = open_ledger().load(ids.INVARIANT)
    records = [r for r in loaded.records if show_all or r.status == "active"]
    if as_json:
        emit_json([{k: v for k, v in r.as_json().items() if k != "body"} for r in records])
    elif records:
        click.echo(table([[r.id, r.status, r.title] for r in records], ["ID", "STATUS", "TITLE"]))
    else:
        hidden = len(loaded.records) - len(records)
        click.echo(
            f"no active invariants ({hidden} retired: `gitsplit invariant list --all`)"
            if hidden
            else "no invariants",
            err=True,
        )
    warn_unreadable(loaded.errors)
    if loaded.errors:
        raise click.exceptions.Exit(1)


@invariant.command("show")
@click.argument("invariant_id", metavar="ID")
@json_option
def show(invariant_id: str, as_json: bool) -> None:
    """Show one invariant."""
    record = open_ledger().get(ids.INVARIANT, invariant_id, Invariant)
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(f"{record.id}  {record.title}  [{record.status}]")
    for line in field_lines([("applies to", record.applies_to), ("path", record.path)]):
        click.echo(line)
    if record.body.strip():
        click.echo("")
        click.echo(record.body.rstrip("\n"))


@invariant.command("retire")
@click.argument("invariant_id", metavar="ID")
def retire(invariant_id: str) -> None:
    """Retire an invariant: it stays on record but briefings stop carrying it."""
    record = authoring.retire_invariant(open_ledger(), invariant_id)
    click.echo(f"{record.id} retired")

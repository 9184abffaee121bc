"""``gitsplit decide`` and ``gitsplit decision``: decisions with their rejected options."""

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
from gitsplit.ledger import authoring, ids, schema
from gitsplit.ledger.records import Decision


@click.command("decide")
@click.argument("title")
@click.option(
    "--rejected",
    multiple=True,
    metavar="'OPTION: REASON'",
    help="An option that was rejected, and why (repeatable). Briefings show these "
    "as 'do not retry'.",
)
@click.option(
    "--supersedes",
    multiple=True,
    metavar="D-n",
    help="A decision this one replaces; both records are updated (repeatable).",
)
@click.option(
    "--applies-to",
    "applies_to",
    multiple=True,
    metavar="GLOB",
    help="Paths this decision governs; briefings of work orders whose scope "
    "overlaps carry it (repeatable).",
)
@click.option(
    "--status", type=click.Choice(schema.DECISION_STATUSES), default="accepted", show_default=True
)
@body_options("Markdown body (Context, Decision, Consequences)")
@json_option
def decide(
    title: str,
    rejected: tuple[str, ...],
    supersedes: tuple[str, ...],
    applies_to: tuple[str, ...],
    status: str,
    body: str | None,
    body_file: str | None,
    as_json: bool,
) -> None:
    """Record a decision titled TITLE and print its id.

    \b
    Example:
      gitsplit decide "Store ids as file names" \\
          --rejected "UUIDs: unreadable in branch names and commit trailers" \\
          --applies-to '.workledger/**'
    """
    ledger = open_ledger()
    record = authoring.decide(
        ledger,
        title=title,
        rejected=rejected,
        supersedes=supersedes,
        applies_to=applies_to,
        status=status,
        body=body_text(body, body_file),
    )
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(record.id)
    click.echo(f"created {record.path}", err=True)
    for old_id in record.supersedes:
        newer = ledger.get(ids.DECISION, old_id, Decision).superseded_by
        click.echo(f"{old_id} is now superseded by {' and '.join(newer)}", err=True)
        if len(newer) > 1:
            earlier = ", ".join(newer[:-1])
            click.echo(
                f"  note: {old_id} was already superseded by {earlier}, which stays "
                f"accepted; to replace the decision that stands now, supersede "
                f"{earlier} instead",
                err=True,
            )


@click.group("decision")
def decision() -> None:
    """List and show decisions (.workledger/decisions/D-<n>.md); record them with `decide`."""


@decision.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(schema.DECISION_STATUSES),
    help="Only these statuses (repeatable).",
)
@json_option
def list_(statuses: tuple[str, ...], as_json: bool) -> None:
    """List decisions in id order."""
    loaded = open_ledger().load(ids.DECISION)
    records = [r for r in loaded.records if not statuses or r.status in statuses]
    if as_json:
        emit_json([{k: v for k, v in r.as_json().items() if k != "body"} for r in records])
    elif records:
        click.echo(
            table(
                [[r.id, r.status, r.text("date"), r.title] for r in records],
                ["ID", "STATUS", "DATE", "TITLE"],
            )
        )
    else:
        click.echo("no decisions", err=True)
    warn_unreadable(loaded.errors)
    if loaded.errors:
        raise click.exceptions.Exit(1)


@decision.command("show")
@click.argument("decision_id", metavar="ID")
@json_option
def show(decision_id: str, as_json: bool) -> None:
    """Show one decision with its rejected options."""
    record = open_ledger().get(ids.DECISION, decision_id, Decision)
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(f"{record.id}  {record.title}  [{record.status}]")
    for line in field_lines(
        [
            ("date", record.text("date")),
            ("supersedes", record.supersedes),
            ("superseded by", record.superseded_by),
            ("applies to", record.applies_to),
            ("path", record.path),
        ]
    ):
        click.echo(line)
    if record.rejected:
        click.echo("rejected:")
        for item in record.rejected:
            click.echo(f"  - {item.option}: {item.reason}")
    if record.body.strip():
        click.echo("")
        click.echo(record.body.rstrip("\n"))

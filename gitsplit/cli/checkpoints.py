"""``gitsplit checkpoint``: freeze the architect's reasoning at a commit."""

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
from gitsplit.ledger import checkpoints, ids, schema
from gitsplit.ledger.records import Checkpoint


@click.command("checkpoint")
@click.argument("summary", required=False)
@body_options("Body (state of the work, open questions, next steps)")
@click.option("--parent", metavar="CP-n", help="The checkpoint this one continues.")
@click.option(
    "--lineage",
    type=click.Choice(schema.LINEAGES),
    help="How it relates to --parent: branched_from or rewound_to.",
)
@click.option(
    "--allow-dirty", is_flag=True, help="Record even though the ledger has uncommitted changes."
)
@click.option("--show", "show_id", metavar="CP-n", help="Show one checkpoint instead.")
@json_option
def checkpoint(
    summary: str | None,
    body: str | None,
    body_file: str | None,
    parent: str | None,
    lineage: str | None,
    allow_dirty: bool,
    show_id: str | None,
    as_json: bool,
) -> None:
    """Record a checkpoint with SUMMARY; with no SUMMARY, list the checkpoints.

    A checkpoint records HEAD's commit and the tree hash of .workledger/ at HEAD,
    so a fresh architect session can be rehydrated from it. It is immutable once
    committed: `gitsplit check` and the hooks refuse edits to it.

    \b
    Examples:
      gitsplit checkpoint "Parser split into three work orders" --body-file notes.md
      gitsplit checkpoint "Retry with a streaming parser" --parent CP-2 --lineage rewound_to
      gitsplit checkpoint            # list
      gitsplit checkpoint --show CP-2
    """
    recording = [
        name
        for name, given in (
            ("--body", body),
            ("--body-file", body_file),
            ("--parent", parent),
            ("--lineage", lineage),
            ("--allow-dirty", allow_dirty),
        )
        if given
    ]
    if show_id and (summary is not None or recording):
        extra = (["SUMMARY"] if summary is not None else []) + recording
        raise click.UsageError(f"--show CP-n only shows a checkpoint; drop {', '.join(extra)}")
    if summary is None and recording:
        raise click.UsageError(
            f"{', '.join(recording)} records a checkpoint: give its "
            'SUMMARY too (gitsplit checkpoint "SUMMARY" ...)'
        )
    ledger = open_ledger()
    if show_id:
        _show(ledger.get(ids.CHECKPOINT, show_id, Checkpoint), as_json)
        return
    if summary is None:
        loaded = ledger.load(ids.CHECKPOINT)
        if as_json:
            emit_json(
                [{k: v for k, v in r.as_json().items() if k != "body"} for r in loaded.records]
            )
        elif loaded.records:
            click.echo(
                table(
                    [
                        [r.id, r.text("created"), r.text("commit")[:10], r.title]
                        for r in loaded.records
                    ],
                    ["ID", "CREATED", "COMMIT", "SUMMARY"],
                )
            )
        else:
            click.echo("no checkpoints", err=True)
        warn_unreadable(loaded.errors)
        if loaded.errors:
            raise click.exceptions.Exit(1)
        return
    record = checkpoints.create(
        ledger,
        summary=summary,
        body=body_text(body, body_file),
        parent=parent,
        lineage=lineage,
        allow_dirty=allow_dirty,
    )
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(record.id)
    click.echo(f"created {record.path} at {record.commit[:10]}; commit it to freeze it", err=True)


def _show(record: Checkpoint, as_json: bool) -> None:
    """Print one checkpoint."""
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(f"{record.id}  {record.title}")
    for line in field_lines(
        [
            ("commit", record.commit),
            ("ledger", record.text("ledger")),
            ("parent", record.parent),
            ("lineage", record.text("lineage")),
            ("created", record.text("created")),
            ("path", record.path),
        ]
    ):
        click.echo(line)
    if record.body.strip():
        click.echo("")
        click.echo(record.body.rstrip("\n"))

"""``gitsplit export``: the ledger as JSON or CSV, for scripts and spreadsheets."""

from __future__ import annotations

import click

from gitsplit.cli.common import open_ledger, warn_unreadable


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: every record; csv: one row per work order.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["workorders", "decisions", "invariants", "checkpoints"]),
    help="Only these kinds of record in the JSON (repeatable; default all).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (atomically) instead of standard output.",
)
def export_cmd(fmt: str, kinds: tuple[str, ...], output: str | None) -> None:
    """Export the ledger as JSON (every record, fields and body) or CSV (work orders).

    The JSON has one list per kind of record, each record with all its fields,
    its body and its path. The CSV has one row per work order; list fields are
    joined with `;`, and a cell that a spreadsheet would take for a formula is
    prefixed with `'`.

    \b
    Examples:
      gitsplit export > ledger.json
      gitsplit export --format csv -o workorders.csv
      gitsplit export --kind decisions | jq '.decisions[].title'
    """
    from pathlib import Path

    from gitsplit.errors import GitsplitError
    from gitsplit.exchange import export
    from gitsplit.ledger import ids
    from gitsplit.util.atomic import atomic_write

    ledger = open_ledger()
    if fmt == "csv" and kinds:
        raise GitsplitError("--kind is for the JSON export; the CSV holds work orders only")
    chosen = tuple(export.KIND_NAMES[name] for name in kinds) or ids.KINDS
    text = export.csv_text(ledger) if fmt == "csv" else export.json_text(ledger, chosen)
    if output:
        atomic_write(Path(output), text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    warn_unreadable([error for kind in chosen for error in ledger.load(kind).errors])

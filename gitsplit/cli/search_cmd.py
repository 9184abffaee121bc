"""``gitsplit search``: ranked search over work orders, decisions, invariants, checkpoints."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger, warn_unreadable
from gitsplit.work import search as searching


@click.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(list(searching.KINDS)),
    help="Only this kind of record (repeatable).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Show at most this many results (0: all).",
)
@json_option
def search(text: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find records whose id, title or body contain every word of TEXT, best first.

    Case does not matter. A match in the title counts more than one in the body,
    the whole phrase more than its words apart; decisions are also searched in
    their rejected options.

    \b
    Examples:
      gitsplit search branch name
      gitsplit search --kind decision sqlite
    """
    hits, errors = searching.search(open_ledger(), " ".join(text), kinds=kinds)
    shown = hits[:limit] if limit else hits
    if as_json:
        emit_json([hit.as_json() for hit in shown])
    else:
        for hit in shown:
            record = hit.record
            status = f"  [{record.status}]" if record.status else ""
            click.echo(f"{record.id}  {hit.kind.label}  {record.title}{status}")
            if hit.snippet:
                click.echo(f"    {record.path}:{hit.line}: {hit.snippet}")
        if not hits:
            click.echo(f"no record contains all of: {' '.join(text)}", err=True)
        elif len(shown) < len(hits):
            click.echo(f"({len(hits) - len(shown)} more; --limit 0 shows all)", err=True)
    warn_unreadable(errors)

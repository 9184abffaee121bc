"""``gitsplit renumber``: give a record a free id, rewriting references to it."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger
from gitsplit.ledger import renumber as renumbering


@click.command("renumber")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@click.option(
    "--move",
    type=click.Choice(["ours", "theirs"]),
    help="In a conflicted merge: which side's record gets the new id (default: the "
    "side that is not the authority branch).",
)
@json_option
def renumber(old: str, new: str | None, move: str | None, as_json: bool) -> None:
    """Move record OLD to NEW (default: the next free id) and rewrite references.

    OLD is an id (WO-3) or, for a duplicate, the path of the file to move. Every
    reference field in the ledger (depends_on, decisions, invariants, supersedes,
    superseded_by, parent, a run's wo) is rewritten; mentions in prose are listed,
    not changed.

    In the middle of a merge where both sides added OLD, one side's record keeps
    OLD and the other's moves to NEW, with the references that came from that side.
    Nothing is staged: `git add` the files listed to mark the conflict resolved.

    \b
    Examples:
      gitsplit renumber WO-3                  # in an add/add conflict on WO-3
      gitsplit renumber WO-2 WO-10            # to a chosen free id
      gitsplit renumber .workledger/workorders/WO-4.md
    """
    result = renumbering.renumber(open_ledger(), old, new, move=move)
    if as_json:
        emit_json(result.__dict__)
        return
    click.echo(f"{result.old} → {result.new} ({result.moved})")
    for path in result.rewritten:
        click.echo(f"  rewrote references in {path}")
    if result.kept:
        click.echo(f"  {result.kept}")
    for path in result.unresolved:
        click.echo(
            f"  {path} is still in conflict: references to {result.old} in it were "
            "not rewritten (renumbering that record applies this move to it)"
        )
    for where in result.mentions:
        click.echo(f"  prose still mentions {result.old} at {where} (left as written)")
    # Outside a merge nothing is in conflict, but the move is still a removal and an addition
    # to commit; listing them beats leaving the user to find them in `git status`.
    to_stage = result.to_stage or [*result.removed, result.moved, *result.rewritten]
    click.echo(f"next: git add {' '.join(dict.fromkeys(to_stage))}")

"""``gitsplit recover``: finish or undo what a killed gitsplit left half done."""

from __future__ import annotations

import click

from gitsplit.cli.common import open_ledger


@click.command("recover")
def recover() -> None:
    """Finish or undo what a killed gitsplit command left half done.

    A `start` killed before it committed its run is undone (its branch, worktree and
    files, after checking they hold nothing else); a killed `renumber` is finished
    with the id it chose; temporary files of killed writes are removed. A finish that
    was killed before its commit is completed by `gitsplit finish` on its branch.
    `gitsplit check` lists what is left, with the command for each.

    \b
    Example:
      gitsplit check       # … `gitsplit start WO-3` was killed …; run: gitsplit recover
      gitsplit recover
    """
    from gitsplit.runs import recover as recovering

    done = recovering.recover(open_ledger())
    for line in done:
        click.echo(line)
    if not done:
        click.echo("nothing to recover")

"""``gitsplit init``: set up the ledger in the current repository."""

from __future__ import annotations

import click

from gitsplit import initialize


@click.command("init")
def init() -> None:
    """Create .workledger/ (config with comments, record folders); safe to run twice.

    Refuses outside a git working tree. Never overwrites a file that exists.
    """
    root, created = initialize.init()
    if created:
        for path in created:
            click.echo(f"created {path}")
        click.echo("next: gitsplit wo new \"TITLE\" --scope 'GLOB' --check 'CMD'; then commit "
                   ".workledger/")
    else:
        click.echo(f"{root}: .workledger/ is already set up; nothing to do")

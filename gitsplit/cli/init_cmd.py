"""``gitsplit init``: set up the ledger in the current repository."""

from __future__ import annotations

import click

from gitsplit import initialize
from gitsplit.errors import GitsplitError


@click.command("init")
@click.option("--no-hooks", "no_hooks", is_flag=True,
              help="Do not install the git hooks (`gitsplit hooks install` does it later).")
def init(no_hooks: bool) -> None:
    """Create .workledger/ (config with comments, record folders) and install the git hooks.

    Safe to run twice. Refuses outside a git working tree. Never overwrites a file that
    exists. When the hooks cannot be installed (see `gitsplit hooks status`), the ledger is
    still created and the reason is printed.
    """
    root, created = initialize.init()
    if created:
        for path in created:
            click.echo(f"created {path}")
    else:
        click.echo(f"{root}: .workledger/ is already set up; nothing to do")
    if not no_hooks:
        from gitsplit.hooks import install

        try:
            for line in install.install(root):
                click.echo(f"hooks: {line}")
        except GitsplitError as exc:
            click.echo(f"gitsplit: warning: hooks not installed: {exc}", err=True)
    if created:
        click.echo("next: gitsplit wo new \"TITLE\" --scope 'GLOB' --check 'CMD'; then commit "
                   ".workledger/")

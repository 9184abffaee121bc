"""``gitsplit init``: set up the ledger in the current repository."""

from __future__ import annotations

import click

from gitsplit import agents_md, initialize


@click.command("init")
@click.option("--no-agents-md", "no_agents_md", is_flag=True,
              help="Do not add gitsplit's section for execution agents to AGENTS.md.")
def init(no_agents_md: bool) -> None:
    """Create .workledger/ (config with comments, record folders); safe to run twice.

    Also adds a short marked section to AGENTS.md (creating the file if needed) that
    tells an execution agent how to use its briefing and report back; running init
    again refreshes that section and leaves the rest of the file alone. Refuses outside
    a git working tree. Never overwrites a file that exists.
    """
    root, created = initialize.init()
    agents = None if no_agents_md else agents_md.ensure(root)
    for path in created:
        click.echo(f"created {path}")
    if agents:
        click.echo(agents)
    if created:
        click.echo("next: gitsplit wo new \"TITLE\" --scope 'GLOB' --check 'CMD'; then commit "
                   ".workledger/")
    elif not agents:
        click.echo(f"{root}: .workledger/ is already set up; nothing to do")

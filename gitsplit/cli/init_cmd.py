"""``gitsplit init``: set up the ledger, the git hooks and AGENTS.md in this repository."""

from __future__ import annotations

import click

from gitsplit.errors import GitsplitError
from gitsplit.ledger import agents_md, initialize


@click.command("init")
@click.option(
    "--no-hooks",
    "no_hooks",
    is_flag=True,
    help="Do not install the git hooks (`gitsplit hooks install` does it later).",
)
@click.option(
    "--no-agents-md",
    "no_agents_md",
    is_flag=True,
    help="Do not add gitsplit's section for execution agents to AGENTS.md.",
)
@click.option(
    "--agent",
    "agent",
    metavar="NAME",
    help="Also print the snippet that registers `gitsplit mcp` with this agent "
    "(claude, codex, gemini, opencode).",
)
@click.option(
    "--write",
    "write",
    is_flag=True,
    help="With --agent: write that snippet into the agent's project file (kept otherwise).",
)
def init(no_hooks: bool, no_agents_md: bool, agent: str | None, write: bool) -> None:
    """Create .workledger/ (config with comments, record folders) and install the git hooks.

    Also adds a short marked section to AGENTS.md (creating the file if needed) that
    tells an execution agent how to use its briefing and report back; running init
    again refreshes that section and leaves the rest of the file alone. Safe to run
    twice. Refuses outside a git working tree. Never overwrites a file that exists.
    When the hooks cannot be installed (see `gitsplit hooks status`), the ledger is
    still created and the reason is printed.

    \b
    Examples:
      gitsplit init && git add .workledger AGENTS.md && git commit -m "gitsplit init"
      gitsplit init --agent claude            # print the .mcp.json entry for gitsplit mcp
      gitsplit init --agent claude --write    # write it (merged into an existing file)
    """
    if write and not agent:
        raise click.UsageError("--write goes with --agent NAME")
    if agent:
        from gitsplit.mcp_server import client_config

        chosen = client_config.client(agent)  # an unknown agent fails before anything is made
        if write:  # so does a broken agent file: init makes nothing it cannot finish
            from gitsplit import gitio

            registration = client_config.prepare(gitio.discover(), chosen)
    root, created = initialize.init()
    agents = None if no_agents_md else agents_md.ensure(root)
    for path in created:
        click.echo(f"created {path}")
    if agents:
        click.echo(agents)
    if not created and not agents:
        click.echo(f"{root}: .workledger/ is already set up; nothing to do")
    if not no_hooks:
        from gitsplit.hooks import install

        try:
            for line in install.install(root):
                click.echo(f"hooks: {line}")
        except GitsplitError as exc:
            click.echo(f"gitsplit: warning: hooks not installed: {exc}", err=True)
    if created:
        to_commit = ".workledger/" + (" AGENTS.md" if agents else "")
        click.echo(
            "next: gitsplit wo new \"TITLE\" --scope 'GLOB' --check 'CMD'; then "
            f"git add {to_commit} && git commit"
        )
    if agent:
        if write:
            click.echo(client_config.write(registration))
        else:
            click.echo(
                f"to register gitsplit mcp with {agent}, put this in {chosen.path} "
                f"(or run: {chosen.command}; --write does it for you):"
            )
            click.echo(chosen.snippet(), nl=False)

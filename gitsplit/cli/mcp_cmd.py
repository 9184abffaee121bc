"""``gitsplit mcp``: serve the ledger and the return protocol to an agent over MCP (stdio)."""

from __future__ import annotations

import click

from gitsplit.errors import GitsplitError

INSTALL_HINT = "pip install 'gitsplit[mcp]'   (the official MCP SDK, an optional extra)"


@click.command("mcp")
def mcp() -> None:
    """Run an MCP server on stdin/stdout, rooted in the current directory.

    Eight tools: gitsplit_queue, gitsplit_show, gitsplit_brief, gitsplit_search,
    gitsplit_status (read-only); gitsplit_note and gitsplit_finish (the return
    protocol, on a run's own branch); gitsplit_new_work_order (architects, on the
    authority branch). Each call re-reads the repository it was started in, so a
    linked worktree is its own root. An agent starts it; you rarely run it by hand.

    \b
    Register it with an agent (prints the snippet; --write writes it):
      gitsplit init --agent claude
      gitsplit init --agent codex --write
    """
    try:
        from gitsplit.mcp_server.tools import build_server
    except ImportError as exc:
        if "mcp" not in str(exc):
            raise
        raise GitsplitError(
            "gitsplit mcp needs the MCP SDK, which is not installed", hint=INSTALL_HINT
        ) from None
    build_server().run("stdio")

"""``gitsplit mcp``: the ledger and the return protocol as a few compact MCP tools (stdio).

Owns ``calls`` (each tool runs the gitsplit CLI as a subprocess in the server's working
directory and returns its ``--json`` answer, so the CLI's rules and messages hold over MCP),
``tools`` (the tool set, built on the official ``mcp`` SDK, an optional extra) and
``client_config`` (the snippet that registers the server with an agent). A top layer like
``cli``: it may import every package below it; nothing but ``cli`` imports it, and nothing of
it is imported unless ``gitsplit mcp`` or ``gitsplit init --agent`` runs.
"""

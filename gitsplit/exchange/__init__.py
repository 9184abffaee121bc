"""Work moving between gitsplit and other tools: importers, export and the board page.

May import errors, util, gitio, ledger, work and cost; nothing imports it but the CLI.
"""

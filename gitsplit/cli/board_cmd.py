"""``gitsplit board``: a picture of the work as one self-contained HTML page."""

from __future__ import annotations

import click


@click.command("board")
@click.option(
    "--html",
    "target",
    required=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write (atomically).",
)
@click.option("--title", default="", help="The page's title (default: the repository's name).")
def board_cmd(target: str, title: str) -> None:
    """Write the queue as a board: columns of cards, the dependency graph, the cost so far.

    Columns: now, next, later, blocked, in flight, review, done. Each card shows
    the work order's class, tier, priority, scope, why it is where it is, and its
    runs with their outcome and cost. The page is one file with no script and
    nothing fetched from the network: open it, attach it, publish it from CI.

    \b
    Examples:
      gitsplit board --html board.html
      gitsplit board --html site/board.html --title "Parser rewrite"
    """
    from pathlib import Path

    from gitsplit.cli.common import open_ledger
    from gitsplit.exchange import board, board_html
    from gitsplit.util.atomic import atomic_write

    page = board_html.render(board.build(open_ledger(), title=title))
    atomic_write(Path(target), page)
    click.echo(f"wrote {target}", err=True)

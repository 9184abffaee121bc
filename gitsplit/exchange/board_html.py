"""The board as one self-contained HTML page: no script, no network, every value escaped."""

from __future__ import annotations

from markupsafe import Markup

from gitsplit.exchange.board import COLUMNS, TITLES, Board
from gitsplit.exchange.board_svg import svg


def render(board: Board) -> str:
    """The page's HTML (Jinja2 with autoescaping; the packaged template, not a repository's)."""
    import jinja2

    from gitsplit.ledger.templates import packaged_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(packaged_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    open_ids = [card.id for name in COLUMNS if name != "done" for card in board.columns[name]]
    return env.get_template("board.html.j2").render(
        board=board,
        columns=[(name, TITLES[name]) for name in COLUMNS],
        open_count=len(open_ids) + sum(n for name, n in board.hidden.items() if name != "done"),
        graph=Markup(svg(open_ids, board.edges)),  # svg() escapes every value it writes
    )

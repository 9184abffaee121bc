"""A listing's JSON to a pipe, served from its last answer while nothing it read changed.

Scripts and agents poll ``queue --json``, ``ready --json`` and ``wo list --json``; between
two polls the ledger rarely changes. The answer is kept by ``ledger.answer_cache`` against
a key of everything it was made from (D-57); ``common.compact_json`` makes the text.
"""

from __future__ import annotations

from collections.abc import Callable

import click

# What a command makes: its text, and whether it may be kept (False when it also warned
# on stderr or fails: those are said again by making it again).
Made = tuple[str, bool]


def echo_kept(request: tuple[str, ...], make: Callable[[], Made], *, claims: bool) -> None:
    """Print the kept answer of ``request``, or make it, print it and keep it.

    ``claims``: the answer shows the remote's claims, which age with the clock: with claims
    on in the config it is never kept. ``make`` says whether its answer may be kept.
    """
    from gitsplit.cli import poll
    from gitsplit.ledger import answer_cache
    from gitsplit.util.text import escape

    cached = poll.take(request)  # what the entry point looked up for a bare poll, if it did
    if cached is poll.NOT_LOOKED_UP:
        cached = answer_cache.lookup(request, claims_shown=claims)
    if cached is not None and isinstance(cached[2], bytes):
        # kept escaped (escaping escaped text changes nothing); JSON escapes control
        # characters, so there is no ANSI code to strip
        click.echo(cached[2].decode("utf-8"), color=True)
        return
    text, keepable = make()
    click.echo(text, color=True)
    if cached is None or not keepable:
        return
    try:
        kept = escape(text).encode("utf-8")  # as the poll prints it
    except UnicodeEncodeError:  # a lone surrogate: made again next time
        return
    answer_cache.keep(cached[0], cached[1], kept)

"""``gitsplit tour``: a guided run of the whole loop in a throwaway repository."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gitsplit import tour as touring


@click.command("tour")
@click.option(
    "--dir",
    "where",
    type=click.Path(file_okay=False, path_type=Path),
    help="Run it in this new (or empty) folder instead of a temporary one.",
)
def tour(where: Path | None) -> None:
    """Run the whole loop for real in a new repository under a temporary folder.

    \b
    init, an invariant, a decision with a rejected option, three work orders with a
    dependency, the queue, a briefing, a run by a stand-in agent that commits in
    scope, finish, a passing review; then a second branch with an out-of-scope
    commit made with --no-verify, and the review that fails and says why.
    Every command is printed before it runs. Nothing outside the temporary folder
    is touched; the folder is kept so you can look around.
    """
    touring.run_tour(out=sys.stdout, where=where)

"""``gitsplit graph``: the dependency graph of the work orders as Mermaid or Graphviz dot."""

from __future__ import annotations

import click

from gitsplit.cli.common import open_ledger
from gitsplit.ledger import ids, schema
from gitsplit.work import graph as work_graph
from gitsplit.work import graph_render


@click.command("graph")
@click.argument("root", required=False, metavar="[ROOT]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(graph_render.FORMATS),
    default="mermaid",
    show_default=True,
    help="mermaid renders in GitHub Markdown; dot is for Graphviz.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(schema.WO_STATUSES),
    help="Only work orders with this status (repeatable; live state counts).",
)
@click.option("--no-live", is_flag=True, help="Ignore WO branches: the ledger's statuses only.")
def graph(root: str | None, fmt: str, statuses: tuple[str, ...], no_live: bool) -> None:
    """Print the dependency graph, nodes labelled with id, title and status.

    Arrows point from a dependency to the work order that waits on it. With
    ROOT (a work order id), only what ROOT depends on and what depends on it.

    \b
    Examples:
      gitsplit graph > docs/plan.mmd
      gitsplit graph WO-12 --format dot | dot -Tsvg > wo-12.svg
    """
    ledger = open_ledger()
    work, _authority = work_graph.from_ledger(ledger, overlay=not no_live)
    keep = graph_render.select(work, root=root, statuses=statuses)
    render = graph_render.mermaid if fmt == "mermaid" else graph_render.dot
    click.echo(render(work, keep), nl=False)
    drawn = {f"{ids.WORKORDER.dir}/{wo_id}.md" for wo_id in keep}
    for problem in work.problems:
        # A subgraph warns only about what it draws; a whole graph warns about everything.
        if root is None or problem.path in drawn:
            click.echo(f"gitsplit: warning: {problem}", err=True)

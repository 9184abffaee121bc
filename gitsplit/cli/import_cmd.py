"""``gitsplit import``: take work in from Backlog.md, Beads, GitHub issues or spec-kit."""

from __future__ import annotations

from typing import Any

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger, table


@click.command("import")
@click.argument("source", type=click.Choice(["backlog", "beads", "github", "spec-kit"]))
@click.argument("path", metavar="PATH")
@click.option("--write", is_flag=True, help="Write the records (without it: a dry run).")
@json_option
def import_cmd(source: str, path: str, write: bool, as_json: bool) -> None:
    """Import the tasks of another tool as work orders (and its decisions as decisions).

    SOURCE is one of: backlog (a Backlog.md backlog/ folder), beads (a Beads JSONL
    export), github (the JSON of `gh issue list`, a file or - for stdin), spec-kit
    (a tasks.md). Nothing is written without --write: the default is a dry run
    that prints what maps to what and what could not be mapped.

    New records take the next free ids; each keeps its source id in
    `imported_from`, so importing again updates what changed at the source and
    skips the rest, never duplicates. Status, priority and dependencies are
    mapped; the class is what `wo new` would suggest. gitsplit commits nothing:
    review the files, then commit them.

    \b
    Examples:
      gitsplit import backlog backlog/
      gitsplit import beads .beads/issues.jsonl --write
      gh issue list --state all --json number,title,body,labels,state,milestone \\
        | gitsplit import github - --write
      gitsplit import spec-kit specs/001-login/tasks.md --write
    """
    from gitsplit.exchange import import_plan, import_write, sources

    ledger = open_ledger()
    plan = import_plan.build(ledger, sources.read(source, path))
    if write:
        import_write.write(ledger, plan)
    if as_json:
        emit_json(_as_json(plan, write))
        return
    _print(plan, write)


def _print(plan: Any, written: bool) -> None:
    """The summary table, what could not be mapped, and the counts."""
    names = {"backlog": "Backlog.md", "beads": "Beads", "github": "GitHub", "spec-kit": "spec-kit"}
    mode = "" if written else " (dry run: nothing written; --write writes)"
    click.echo(f"Import from {names[plan.source.tool]} {plan.source.origin}{mode}")
    rows = [
        (
            a.item.source_id,
            a.verb if a.verb != "update" else f"update ({', '.join(a.changes) or 'digest'})",
            a.record_id,
            a.item.status,
            a.item.priority if a.item.kind == "workorder" else "-",
            a.klass or "-",
            ",".join(a.depends_on) or "-",
            a.item.title,
        )
        for a in plan.actions
    ]
    if rows:
        click.echo("")
        click.echo(
            table(rows, ["source", "action", "record", "status", "prio", "class", "after", "title"])
        )
    problems = plan.problems + plan.source.skipped
    if problems:
        click.echo("\nCould not map:")
        for line in problems:
            click.echo(f"  {line}")
    verb = "Wrote" if written else "Would write"
    click.echo(
        f"\n{verb} {plan.count('new')} new and {plan.count('update')} updated records; "
        f"{plan.count('unchanged')} unchanged, {len(plan.source.skipped)} left out."
    )
    if written and (plan.count("new") or plan.count("update")):
        click.echo("Review them, then: git add .workledger && git commit -m 'Import work'")


def _as_json(plan: Any, written: bool) -> dict[str, Any]:
    """The plan as stable JSON."""
    return {
        "source": plan.source.tool,
        "origin": plan.source.origin,
        "written": written,
        "actions": [
            {
                "source_id": a.item.source_id,
                "action": a.verb,
                "id": a.record_id,
                "kind": a.item.kind,
                "status": a.item.status,
                "priority": a.item.priority if a.item.kind == "workorder" else None,
                "class": a.klass or None,
                "depends_on": a.depends_on,
                "changes": a.changes,
                "title": a.item.title,
            }
            for a in plan.actions
        ],
        "could_not_map": plan.problems,
        "left_out": plan.source.skipped,
        "counts": {v: plan.count(v) for v in ("new", "update", "unchanged")},
    }

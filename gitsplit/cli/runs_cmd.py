"""``gitsplit runs``: the provenance of every run, on this tree and on every branch."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger, table
from gitsplit.errors import UnknownIdError
from gitsplit.runs import run_records


@click.command("runs")
@click.argument("wo_id", metavar="[WO-ID]", required=False)
@json_option
def runs_cmd(wo_id: str | None, as_json: bool) -> None:
    """The provenance of every run (on this tree and on every branch), oldest first.

    \b
    Examples:
      gitsplit runs
      gitsplit runs WO-12 --json
    """
    ledger = open_ledger()
    found = run_records.runs_everywhere(ledger)
    wanted = ""
    if wo_id:
        from gitsplit.ledger import ids

        wanted = ids.normalize_id(wo_id, ids.WORKORDER)
        found = [(run, where) for run, where in found if run.wo == wanted]
        if not found and not (ledger.root / ids.WORKORDER.path(wanted)).is_file():
            raise UnknownIdError(
                f"no work order {wanted} (and no runs of one on any branch)",
                hint="`gitsplit wo list` shows the work orders there are",
            )
    if as_json:
        emit_json(
            [
                {**{k: v for k, v in run.fields.items()}, "note": run.body, "read_from": where}
                for run, where in found
            ]
        )
        return
    if not found:
        click.echo(f"no runs of {wanted} yet" if wanted else "no runs yet", err=True)
        return
    click.echo(
        table(
            [
                [
                    run.id,
                    run.text("branch"),
                    run.text("base")[:8],
                    run.outcome or "open",
                    run.text("agent_profile") or run.text("tier"),
                    str(len(run.texts("commits"))),
                    _cost(run),
                    run.text("briefing_sha256")[:12],
                ]
                for run, _ in found
            ],
            ["RUN", "BRANCH", "BASE", "OUTCOME", "AGENT", "COMMITS", "COST", "BRIEFING"],
        )
    )
    for run, _ in found:
        if run.text("via") == "bundle":
            click.echo(_bundle_line(run))


def _bundle_line(run: object) -> str:
    """Where a bundle run went and what came back."""
    from gitsplit.ledger.records import Run

    assert isinstance(run, Run)
    back = run.fields.get("bundle")
    if not isinstance(back, dict):
        return f"{run.id}: went out as a bundle; no reply applied yet"
    return (
        f"{run.id}: went out as a bundle; came back from {back.get('replied_by')} "
        f"({back.get('commits')} commits, reply sha256 {str(back.get('reply_sha256'))[:12]}), "
        f"applied by {back.get('applied_by')} at {back.get('applied_at')}"
    )


def _cost(run: object) -> str:
    """The run's reported cost, or '-'."""
    from gitsplit.ledger.records import Run

    assert isinstance(run, Run)
    value = run.fields.get("cost_usd")
    return f"${value}" if value not in (None, "") else "-"

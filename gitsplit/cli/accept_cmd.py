"""``gitsplit accept`` and ``gitsplit reject``: the verdict on a run, the loop's last step."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger
from gitsplit.work.branches import BranchUsageError

CLEANUP_HELP = (
    "Then remove the run's worktree and branch (refused while they hold uncommitted work)."
)


@click.command("accept")
@click.argument("target", metavar="WO-ID | BRANCH")
@click.option(
    "--force",
    is_flag=True,
    help="Merge even though the review found violations (they are recorded in the run).",
)
@click.option(
    "--no-checks",
    "no_checks",
    is_flag=True,
    help="Do not run the work order's checks as part of the gate.",
)
@click.option("--cleanup", is_flag=True, help=CLEANUP_HELP)
@json_option
def accept_cmd(target: str, force: bool, no_checks: bool, cleanup: bool, as_json: bool) -> None:
    """Accept a run: the review gate, then one commit on the authority branch.

    \b
    The commit merges the branch (accept.strategy in the config: merge, the default,
    makes a merge commit; squash one commit; ff fast-forwards and adds one), sets
    the work order done and records the verdict in the run record, with the
    Work-Order and Run trailers. It is made without switching any checkout: if the
    authority branch is checked out somewhere, that checkout is fast-forwarded, and
    git refuses rather than overwrite uncommitted changes there. Dependents become
    ready at once. It prints the commit and the commands that undo it.

    \b
    Examples:
      gitsplit accept WO-12                 # gate (with checks), merge, WO-12 done
      gitsplit accept WO-12 --cleanup       # ... and remove its worktree and branch
      gitsplit accept wo/WO-12-parse-config --force   # over violations, recorded
    """
    from gitsplit.review.accept import accept

    ledger = open_ledger()
    try:
        done = accept(ledger, target, force=force, run_checks=not no_checks, cleanup=cleanup)
    except BranchUsageError as exc:
        raise click.UsageError(str(exc)) from None
    _report(done.as_json(), as_json)


@click.command("reject")
@click.argument("target", metavar="WO-ID | BRANCH")
@click.option("--reason", required=True, metavar="TEXT", help="Why the run is sent back.")
@click.option("--cleanup", is_flag=True, help=CLEANUP_HELP)
@json_option
def reject_cmd(target: str, reason: str, cleanup: bool, as_json: bool) -> None:
    """Reject a run: record why on the authority branch and reopen its work order.

    One commit on the authority branch adds the run record (with a rejected verdict
    and the reason) and its briefing, and sets the work order back to ready, so the
    money the run spent stays counted and the next `gitsplit start` opens a fresh
    run. The branch is kept unless --cleanup.

    \b
    Example:
      gitsplit reject WO-12 --reason "edits the parser's public API; keep it"
    """
    from gitsplit.review.accept import reject

    try:
        done = reject(open_ledger(), target, reason=reason, cleanup=cleanup)
    except BranchUsageError as exc:
        raise click.UsageError(str(exc)) from None
    _report(done.as_json(), as_json)


def _report(data: dict[str, object], as_json: bool) -> None:
    """Print what was done and how to undo it."""
    if as_json:
        emit_json(data)
        return
    commit = str(data["commit"])[:12]
    if data["verdict"] == "accepted":
        how = {"merge": "merged", "squash": "squashed", "ff": "fast-forwarded"}
        click.echo(
            f"{data['wo']}: accepted run {data['run']}, {how[str(data['strategy'])]} "
            f"{data['branch']} into {data['into']} ({commit}); {data['wo']} is done"
        )
        forced = data["forced"]
        if isinstance(forced, list) and forced:
            click.echo(f"  forced over: {', '.join(map(str, forced))} (recorded in the run)")
    else:
        click.echo(
            f"{data['wo']}: rejected run {data['run']} on {data['into']} ({commit}); "
            f"{data['wo']} is ready again"
        )
    cleaned = data["cleaned"]
    for line in cleaned if isinstance(cleaned, list) else []:
        click.echo(f"  {line}")
    undo = data["undo"]
    for line in undo if isinstance(undo, list) else []:
        click.echo(f"  undo: {line}")

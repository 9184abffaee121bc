"""Execution runs on a WO branch: ``start``, ``note``, ``finish`` and ``abandon``."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger
from gitsplit.errors import GitsplitError
from gitsplit.ledger import schema
from gitsplit.ledger.store import Ledger
from gitsplit.runs import execute
from gitsplit.runs import finish as finishing
from gitsplit.runs import launch as agent_launch
from gitsplit.runs.finish import Finished
from gitsplit.runs.start import Started, StartOptions, start
from gitsplit.runs.waiting import refuse_waiting_review
from gitsplit.util.text import unwrapped


@click.command("start")
@click.argument("wo_id", metavar="WO-ID")
@click.option(
    "--worktree",
    "worktree",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[PATH]",
    help="Run in a new linked worktree (default: "
    "../<repo>.worktrees/<run>); this checkout is untouched.",
)
@click.option("--agent", metavar="NAME", help="Agent profile to use instead of the tier's.")
@click.option(
    "--no-launch",
    is_flag=True,
    help="Set the run up, then print how to start the "
    "agent instead of starting it (its program "
    "need not be installed here yet).",
)
@click.option("--base", metavar="REF", help="Start from REF instead of the authority branch.")
@click.option(
    "--force",
    is_flag=True,
    help="Start even if the work order is not ready or a dependency is not done.",
)
@click.option(
    "--allow-empty-body",
    is_flag=True,
    help="Start even if the work order's Problem or Acceptance is empty or the template's "
    "guidance.",
)
@click.option(
    "--again",
    is_flag=True,
    help="Open another run even though one has succeeded and waits for review.",
)
@click.option(
    "--no-claim",
    is_flag=True,
    help="Do not claim the work order on the remote, whatever `claims` in the config says.",
)
@json_option
def start_cmd(
    wo_id: str,
    worktree: str | None,
    agent: str | None,
    no_launch: bool,
    base: str | None,
    force: bool,
    allow_empty_body: bool,
    again: bool,
    no_claim: bool,
    as_json: bool,
) -> None:
    """Open a fresh run of WO-ID on its own branch and launch its tier's agent.

    \b
    Refuses when the work order is not ready at the base, a dependency is not done,
    its Problem or Acceptance is empty or still the template's guidance
    (--allow-empty-body), a run of it waits for review (--again), (without
    --worktree) the working tree has uncommitted changes, or (with `claims` on in
    the config) another clone holds its claim on the remote (docs/claims.md). Then
    it claims it, and:
      1. creates branch wo/<id>-<slug> at the base (a second run gets -r2, …);
      2. writes the briefing and the run record under .workledger/runs/<WO>/,
         sets the work order to in_progress, and commits that with trailers;
      3. launches the agent in that checkout (output to the terminal and to
         .git/gitsplit/logs/<run>.log). If the agent does not `gitsplit finish`
         the run itself, its exit status becomes the run's outcome.
    Examples:
      gitsplit start WO-12                  # the tier's agent, on a new branch here
      gitsplit start WO-12 --worktree --agent claude
      gitsplit start WO-12 --no-launch      # print how to start the agent yourself
    """
    ledger = open_ledger()
    options = StartOptions(
        wo_id,
        worktree=Path(worktree) if worktree else None,
        use_worktree=worktree is not None,
        agent=agent,
        base=base,
        force=force,
        allow_empty_body=allow_empty_body,
        launching=not no_launch,
        claim=not no_claim,
    )
    refuse_waiting_review(ledger, options.wo_id, again=again)
    started = start(ledger, options)
    if started.claimed:
        click.echo(f"gitsplit: {started.claimed}", err=True)
    if as_json:
        emit_json(_started_json(started))
    else:
        _print_started(ledger, started)
    if no_launch or started.launch.manual:
        if not as_json:
            _print_how_to_continue(started, manual=started.launch.manual)
        _warn_if_not_installed(started.launch)
        return
    click.echo(f"launching {started.launch.profile}: {shlex.join(started.launch.argv)}", err=True)
    # the agent's own output passes unchanged, as it would if it had the terminal itself
    echo = unwrapped(sys.stderr if as_json else sys.stdout)
    ended = execute.launch(started, echo=echo)
    click.echo(
        f"run {started.run}: {ended.words} ({ended.detail}); log: {ended.log}",
        err=True,
    )
    if ended.outcome == "succeeded" and not ended.closed_by_agent:
        _print_next_after_finish(started.branch, err=as_json)  # --json: stdout is JSON only
    if ended.outcome != "succeeded":
        raise click.exceptions.Exit(1)


@click.command("note")
@click.argument("text")
def note_cmd(text: str) -> None:
    """Append TEXT ('-' reads stdin) to the result note of the run on this WO branch.

    \b
    Examples:
      gitsplit note "Parser done; the old loader is still used by the CLI."
      git log --oneline main.. | gitsplit note -
    """
    body = sys.stdin.read() if text == "-" else text
    run = finishing.note(open_ledger(), body)
    click.echo(f"noted in {run.path}")


@click.command("finish")
@click.option(
    "--outcome",
    type=click.Choice(schema.OUTCOMES),
    help="Default: succeeded when every check passes, else failed.",
)
@click.option("--no-checks", is_flag=True, help="Do not run the work order's checks.")
@json_option
def finish_cmd(outcome: str | None, no_checks: bool, as_json: bool) -> None:
    """Close the run on this WO branch: run checks, record the result, commit, end clean.

    Refuses while anything but the run record is uncommitted (nothing is ever
    committed or discarded for you). Records the checks' results, the commits since
    the base, the end time and the outcome; sets the work order to review
    (succeeded) or back to ready (failed, abandoned); commits those two files.

    Exits 1 when a check fails (the run is then recorded as failed), so
    `gitsplit finish && git push` pushes only a run that passed; with --outcome it
    exits 0 once the outcome you gave is recorded.

    \b
    Examples:
      gitsplit finish                       # succeeded if every check passes
      gitsplit finish --outcome failed --no-checks
    """
    result = finishing.finish(open_ledger(), outcome=outcome, run_checks=not no_checks)
    for line in result.claim:
        click.echo(f"gitsplit: {line}", err=True)
    _print_finished(result, as_json)
    if outcome is None and result.outcome != "succeeded":
        raise click.exceptions.Exit(1)


@click.command("abandon")
@click.argument("reason", required=False)
def abandon_cmd(reason: str | None) -> None:
    """End the run on this WO branch on purpose (outcome abandoned); the branch is kept.

    \b
    Example:
      gitsplit abandon "the work order needs splitting first"
    """
    result = finishing.finish(
        open_ledger(),
        outcome="abandoned",
        run_checks=False,
        extra_note=f"Abandoned: {reason}" if reason else "Abandoned.",
    )
    for line in result.claim:
        click.echo(f"gitsplit: {line}", err=True)
    click.echo(
        f"run {result.run} abandoned; {result.wo_id} is ready again; branch {result.branch} kept"
    )


def _started_json(started: Started) -> dict[str, object]:
    """Stable JSON of a started run."""
    return {
        "wo": started.wo_id,
        "run": started.run,
        "branch": started.branch,
        "base": started.base,
        "checkout": str(started.checkout),
        "briefing": str(started.briefing_file),
        "briefing_sha256": started.briefing_sha256,
        "record": started.record,
        "tier": started.tier,
        "agent": started.launch.profile,
        "argv": list(started.launch.argv),
        "command": started.launch.command_line(),
        "claim": started.claimed or None,
    }


def _print_started(ledger: Ledger, started: Started) -> None:
    """What start set up."""
    where = "" if started.checkout == ledger.root else f" in worktree {started.checkout}"
    click.echo(f"started run {started.run} of {started.wo_id} on branch {started.branch}{where}")
    click.echo(f"  base {started.base[:10]}, tier {started.tier}, agent {started.launch.profile}")
    click.echo(f"  briefing {started.briefing_file} (sha256 {started.briefing_sha256[:12]}…)")


def _warn_if_not_installed(launch: agent_launch.Launch) -> None:
    """With --no-launch a missing agent program is for later, so say so without refusing."""
    try:
        agent_launch.check_launch(launch)
    except GitsplitError as exc:
        click.echo(
            f"gitsplit: note: {exc.message}; install it before you start the agent", err=True
        )


def _print_how_to_continue(started: Started, *, manual: bool) -> None:
    """Next steps for a person, or the exact command that starts the agent."""
    if manual:
        click.echo("this tier is worked by a person. Next:")
        click.echo(f"  1. read the briefing: {started.briefing_file}")
        click.echo(
            f"  2. work in {started.checkout} on {started.branch}; commit as you go "
            f"(keep the 'Work-Order: {started.wo_id}' trailer)"
        )
    else:
        click.echo("to start the agent yourself:")
        click.echo(f"  {started.launch.command_line()}")
        click.echo("then, in that checkout:")
    number = iter(("3. ", "4. ") if manual else ("", ""))
    click.echo(f"  {next(number)}gitsplit note 'what you did and what you found'")
    click.echo(f"  {next(number)}gitsplit finish")


def _print_finished(result: Finished, as_json: bool) -> None:
    """The outcome of finish and what to do next."""
    if as_json:
        emit_json(
            {
                "wo": result.wo_id,
                "run": result.run,
                "branch": result.branch,
                "outcome": result.outcome,
                "status": result.status,
                "commits": result.commits,
                "commit": result.commit,
                "checks": [c.as_json() for c in result.checks],
                "violations": result.violations,
                "claim": result.claim,
            }
        )
        return
    for check in result.checks:
        mark = "pass" if check.passed else ("timeout" if check.timed_out else "FAIL")
        click.echo(f"  [{mark}] {check.command}")
        if not check.passed and check.tail:
            click.echo("\n".join(f"      {line}" for line in check.tail.splitlines()))
        if check.warning:
            click.echo(f"gitsplit: warning: {check.warning}", err=True)
    for line in result.violations:
        click.echo(f"  [violation] {line}")
    click.echo(
        f"run {result.run} {result.words}: {result.wo_id} is now {result.status} "
        f"({len(result.commits)} commit(s) since the base)"
    )
    if result.outcome == "succeeded":
        _print_next_after_finish(result.branch)


def _print_next_after_finish(branch: str, *, err: bool = False) -> None:
    """What a person does with a finished branch."""
    click.echo("next:", err=err)
    click.echo(f"  git push -u origin {branch}", err=err)
    click.echo(
        f"  gitsplit review {branch}      # or open a pull request: gh pr create "
        f"--head {branch} --fill",
        err=err,
    )
    click.echo(
        f"  gitsplit accept {branch}      # the gate, then merge it: the loop's end", err=err
    )

"""Execution runs: ``start``, ``note``, ``finish``, ``abandon``, ``runs`` and ``dispatch``."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from gitsplit import agents, dispatching, execution, finishing, runrecords, schema
from gitsplit.cli.common import emit_json, json_option, open_ledger, table
from gitsplit.dispatching import Event
from gitsplit.errors import GitsplitError, UnknownIdError
from gitsplit.finishing import Finished
from gitsplit.ledger import Ledger
from gitsplit.records import WorkOrder
from gitsplit.starting import Started, StartOptions, start


@click.command("start")
@click.argument("wo_id", metavar="WO-ID")
@click.option("--worktree", "worktree", is_flag=False, flag_value="", default=None,
              metavar="[PATH]", help="Run in a new linked worktree (default: "
                                     "../<repo>.worktrees/<run>); this checkout is untouched.")
@click.option("--agent", metavar="NAME", help="Agent profile to use instead of the tier's.")
@click.option("--no-launch", is_flag=True, help="Set the run up, then print how to start the "
                                                "agent instead of starting it (its program "
                                                "need not be installed here yet).")
@click.option("--base", metavar="REF", help="Start from REF instead of the authority branch.")
@click.option("--force", is_flag=True, help="Start even if the work order is not ready or a "
                                            "dependency is not done.")
@json_option
def start_cmd(wo_id: str, worktree: str | None, agent: str | None, no_launch: bool,
              base: str | None, force: bool, as_json: bool) -> None:
    """Open a fresh run of WO-ID on its own branch and launch its tier's agent.

    \b
    Refuses when the work order is not ready at the base, a dependency is not done,
    or (without --worktree) the working tree has uncommitted changes. Then it:
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
    options = StartOptions(wo_id, worktree=Path(worktree) if worktree else None,
                           use_worktree=worktree is not None, agent=agent, base=base,
                           force=force, launching=not no_launch)
    started = start(ledger, options)
    if as_json:
        emit_json(_started_json(started))
    else:
        _print_started(ledger, started)
    if no_launch or started.launch.manual:
        if not as_json:
            _print_how_to_continue(started, manual=started.launch.manual)
        _warn_if_not_installed(started.launch)
        return
    click.echo(f"launching {started.launch.profile}: {shlex.join(started.launch.argv)}",
               err=True)
    ended = execution.launch(started, echo=sys.stderr if as_json else sys.stdout)
    click.echo(f"run {started.run}: {ended.outcome or 'still open'} ({ended.detail}); "
               f"log: {ended.log}", err=True)
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
@click.option("--outcome", type=click.Choice(schema.OUTCOMES),
              help="Default: succeeded when every check passes, else failed.")
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
    result = finishing.finish(open_ledger(), outcome="abandoned", run_checks=False,
                              extra_note=f"Abandoned: {reason}" if reason else "Abandoned.")
    click.echo(f"run {result.run} abandoned; {result.wo_id} is ready again; branch "
               f"{result.branch} kept")


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
    found = runrecords.runs_everywhere(ledger)
    wanted = ""
    if wo_id:
        from gitsplit import ids

        wanted = ids.normalize_id(wo_id, ids.WORKORDER)
        found = [(run, where) for run, where in found if run.wo == wanted]
        if not found and not (ledger.root / ids.WORKORDER.path(wanted)).is_file():
            raise UnknownIdError(f"no work order {wanted} (and no runs of one on any branch)",
                                 hint="`gitsplit wo list` shows the work orders there are")
    if as_json:
        emit_json([{**{k: v for k, v in run.fields.items()}, "note": run.body,
                    "read_from": where} for run, where in found])
        return
    if not found:
        click.echo(f"no runs of {wanted} yet" if wanted else "no runs yet", err=True)
        return
    click.echo(table([[run.id, run.text("branch"), run.text("base")[:8],
                       run.outcome or "open", run.text("agent_profile") or run.text("tier"),
                       str(len(run.texts("commits"))), _cost(run),
                       run.text("briefing_sha256")[:12]] for run, _ in found],
                     ["RUN", "BRANCH", "BASE", "OUTCOME", "AGENT", "COMMITS", "COST",
                      "BRIEFING"]))


@click.command("dispatch")
@click.option("--class", "klass", type=click.Choice(schema.CLASSES),
              help="Only work orders of this class.")
@click.option("--parallel", default=2, show_default=True, type=click.IntRange(min=1),
              help="Agents running at once.")
@click.option("--limit", type=click.IntRange(min=1), help="Start at most this many runs.")
@click.option("--agent", metavar="NAME", help="Agent profile for every run.")
def dispatch_cmd(klass: str | None, parallel: int, limit: int | None,
                 agent: str | None) -> None:
    """Start every ready work order (of a class), each in its own worktree, N at a time.

    A work order whose run is in progress or in review on a WO branch is skipped.
    Ctrl-C stops launching new runs; agents already running keep going in their
    worktrees (still writing to their logs) and their runs stay open, as the
    summary says: `gitsplit finish` in the worktree once the agent has ended.
    A run already being closed is waited for; one still being made is listed
    (cut-short) with the commands that remove it.

    \b
    Example:
      gitsplit dispatch --class C1 --parallel 3 --limit 6
    """
    ledger = open_ledger()
    orders: list[WorkOrder] = []
    for order in dispatching.candidates(ledger, klass, None):
        profile = dispatching.worked_by_a_person(ledger, order, agent)
        if profile:  # said, and not counted against --limit: dispatch cannot run it
            click.echo(f"skipping {order.id}: its agent profile {profile!r} is worked by a "
                       f"person; `gitsplit start {order.id}` sets it up", err=True)
        elif limit is None or len(orders) < limit:
            orders.append(order)
    if not orders:
        click.echo("nothing to dispatch: no ready work order with every dependency done"
                   + (f" in class {klass}" if klass else ""), err=True)
        return
    click.echo(f"dispatching {len(orders)} run(s), {parallel} at a time", err=True)
    dispatched = dispatching.dispatch(ledger, orders, parallel=parallel, agent=agent,
                                      report=_progress)
    events = dispatched.events
    _print_summary(events)
    if dispatched.interrupted:
        click.echo("gitsplit: interrupted; no new runs were launched", err=True)
        raise click.exceptions.Exit(130)
    if any(e.kind != "ended" or not e.ended or e.ended.outcome != "succeeded" for e in events):
        raise click.exceptions.Exit(1)


def _progress(event: Event) -> None:
    """One progress line per event."""
    if event.kind == "ended" and event.ended:
        click.echo(f"  {event.wo_id}: {event.ended.outcome or 'open'} ({event.detail})", err=True)
    else:
        click.echo(f"  {event.wo_id}: {event.kind} {event.detail}", err=True)


def _print_summary(events: list[Event]) -> None:
    """The table at the end of a dispatch."""
    rows = []
    for event in events:
        started = event.started
        outcome = (event.ended.outcome or "open") if event.ended else event.kind
        rows.append([event.wo_id, started.run if started else "-", outcome,
                     str(event.ended.log) if event.ended else
                     (str(execution.log_path(started.checkout, started.run)) if started else
                      event.detail)])
    click.echo(table(rows, ["WO", "RUN", "OUTCOME", "LOG"]))


def _started_json(started: Started) -> dict[str, object]:
    """Stable JSON of a started run."""
    return {"wo": started.wo_id, "run": started.run, "branch": started.branch,
            "base": started.base, "checkout": str(started.checkout),
            "briefing": str(started.briefing_file), "briefing_sha256": started.briefing_sha256,
            "record": started.record, "tier": started.tier, "agent": started.launch.profile,
            "argv": list(started.launch.argv), "command": started.launch.command_line()}


def _print_started(ledger: Ledger, started: Started) -> None:
    """What start set up."""
    where = "" if started.checkout == ledger.root else f" in worktree {started.checkout}"
    click.echo(f"started run {started.run} of {started.wo_id} on branch {started.branch}"
               f"{where}")
    click.echo(f"  base {started.base[:10]}, tier {started.tier}, agent "
               f"{started.launch.profile}")
    click.echo(f"  briefing {started.briefing_file} (sha256 {started.briefing_sha256[:12]}…)")


def _warn_if_not_installed(launch: agents.Launch) -> None:
    """With --no-launch a missing agent program is for later, so say so without refusing."""
    try:
        agents.check_launch(launch)
    except GitsplitError as exc:
        click.echo(f"gitsplit: note: {exc.message}; install it before you start the agent",
                   err=True)


def _print_how_to_continue(started: Started, *, manual: bool) -> None:
    """Next steps for a person, or the exact command that starts the agent."""
    if manual:
        click.echo("this tier is worked by a person. Next:")
        click.echo(f"  1. read the briefing: {started.briefing_file}")
        click.echo(f"  2. work in {started.checkout} on {started.branch}; commit as you go "
                   f"(keep the 'Work-Order: {started.wo_id}' trailer)")
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
        emit_json({"wo": result.wo_id, "run": result.run, "branch": result.branch,
                   "outcome": result.outcome, "status": result.status,
                   "commits": result.commits, "commit": result.commit,
                   "checks": [c.as_json() for c in result.checks]})
        return
    for check in result.checks:
        mark = "pass" if check.passed else ("timeout" if check.timed_out else "FAIL")
        click.echo(f"  [{mark}] {check.command}")
        if not check.passed and check.tail:
            click.echo("\n".join(f"      {line}" for line in check.tail.splitlines()))
    click.echo(f"run {result.run} {result.outcome}: {result.wo_id} is now {result.status} "
               f"({len(result.commits)} commit(s) since the base)")
    if result.outcome == "succeeded":
        _print_next_after_finish(result.branch)


def _print_next_after_finish(branch: str, *, err: bool = False) -> None:
    """What a person does with a finished branch."""
    click.echo("next:", err=err)
    click.echo(f"  git push -u origin {branch}", err=err)
    click.echo(f"  gitsplit review {branch}      # or open a pull request: gh pr create "
               f"--head {branch} --fill", err=err)


def _cost(run: object) -> str:
    """The run's reported cost, or '-'."""
    from gitsplit.records import Run

    assert isinstance(run, Run)
    value = run.fields.get("cost_usd")
    return f"${value}" if value not in (None, "") else "-"

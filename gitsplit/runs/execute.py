"""One execution run end to end: launch the agent, then close the run if it did not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from gitsplit import gitio
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run
from gitsplit.ledger.store import Ledger
from gitsplit.runs import claiming, isolation, lost, run_records, usage
from gitsplit.runs import launch as agent_launch
from gitsplit.runs.finish import Finished, dirty_beyond, finish, outcome_words
from gitsplit.runs.start import Started


@dataclass(frozen=True)
class Ended:
    """How a launched run ended: the agent's status, and the run's state afterwards."""

    started: Started
    exit_status: int | None
    outcome: str | None
    log: Path
    detail: str
    closed_by_agent: bool = False  # the agent ran `gitsplit finish` (and printed its next steps)
    violations: int = 0  # boundary violations the closing step found (the review will too)

    @property
    def words(self) -> str:
        """The outcome (``still open`` when none), with the violations when there are any."""
        return outcome_words(self.outcome, self.violations) if self.outcome else "still open"


def log_path(root: Path, run: str) -> Path:
    """Where an agent's output is logged: under .git/, disposable."""
    return gitio.git_dir(root, common=True) / "gitsplit" / "logs" / f"{run}.log"


def launch(
    started: Started,
    *,
    echo: IO[str] | None,
    new_session: bool = False,
    may_close: Callable[[], bool] = lambda: True,
) -> Ended:
    """Run the agent in the run's checkout; close the run from its exit status if it did not.

    ``may_close`` is asked once the agent has ended: False (dispatch is stopping and will
    not wait for a close to finish) leaves the run open rather than half closed.
    """
    log = log_path(started.checkout, started.run)
    offset = log.stat().st_size if log.exists() else 0
    unready = _set_up(started, log, echo)
    if unready is not None:
        return unready
    try:
        with claiming.kept_while_running(started.checkout, started.wo_id):
            code = agent_launch.run(
                started.launch, log_path=log, echo=echo, new_session=new_session
            )
    except KeyboardInterrupt:
        close_after(started, None, log, interrupted=True)
        raise
    except agent_launch.AgentStartError as exc:
        return close_after(started, None, log, not_started=f"{exc.message} ({exc.hint})")
    except agent_launch.AgentTimedOut as exc:
        found = _report(started, log, offset)
        return close_after(started, None, log, timed_out=exc.seconds, report=found)
    if not may_close():
        return Ended(
            started,
            code,
            None,
            log,
            f"agent {_exit_words(code)} after dispatch was "
            f"interrupted; to close the run: cd {started.checkout} && gitsplit finish",
        )
    return close_after(started, code, log, report=_report(started, log, offset))


def _set_up(started: Started, log: Path, echo: IO[str] | None) -> Ended | None:
    """``worktree.setup`` in a new linked worktree, before the agent; a failure ends the run."""
    root = started.checkout
    ledger = Ledger(root)
    commands = ledger.config.worktree_setup
    if not commands or gitio.git_dir(root) == gitio.git_dir(root, common=True):
        return None  # nothing to set up, or the main checkout (set up by its owner)
    failed = isolation.set_up(root, commands, ledger.config.check_timeout)
    left = [e.path for e in gitio.status(root) if e.code == "??"]
    if failed is None:
        if left and echo is not None:
            echo.write(
                f"gitsplit: warning: worktree.setup left untracked files ({', '.join(left[:3])}"
                f"{', …' if len(left) > 3 else ''}): add them to .gitignore, or finish will "
                "refuse to end the run\n"
            )
        return None
    words = f"worktree.setup `{failed.command}` failed (exit {failed.exit})"
    if left:
        return Ended(started, None, None, log, f"{words}; the run is open in {root}")
    finish(ledger, outcome="failed", run_checks=False, extra_log=f"{words}:\n\n{failed.tail}")
    return Ended(started, None, "failed", log, f"{words}; the agent was not started")


def _report(started: Started, log: Path, offset: int) -> usage.Report:
    """What the agent reported, parsed with its profile's ``report`` parser.

    A profile naming ``{report_file}`` is read from that file; any other from its output
    in the log (this run's part of it).
    """
    if not started.launch.report:
        return usage.Report()
    report_file = started.launch.report_file
    if report_file is not None:
        text = report_file.read_text("utf-8", "replace") if report_file.is_file() else ""
        return usage.read_report(started.launch.report, text)
    with log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode("utf-8", "replace").splitlines()
    output = "\n".join(lines[1:-1])  # without gitsplit's "$ argv" and "[exit status]" lines
    return usage.read_report(started.launch.report, output)


def _record_fields(report: usage.Report) -> dict[str, Any]:
    """The run record's fields from a report: tokens, cost, refused tool calls."""
    fields = report.usage.record_fields() if report.usage else {}
    if report.denied:
        fields["denied"] = list(report.denied)
    return fields


def close_after(
    started: Started,
    code: int | None,
    log: Path,
    *,
    interrupted: bool = False,
    report: usage.Report | None = None,
    not_started: str = "",
    timed_out: int | None = None,
) -> Ended:
    """Record the run's end from the agent's exit and report, unless it finished it itself.

    An error the agent reported fails the run, whatever its exit status; so does an exit 0
    with no commit of the agent's and no note saying why nothing was needed. A run past
    its tier's timeout is ``timed-out``, with what the agent committed kept.
    """
    report = report or usage.Report()
    reported = _record_fields(report)
    said = (
        "was interrupted (Ctrl-C)"
        if interrupted
        else not_started
        if not_started
        else f"ran past the tier's timeout ({timed_out} s); its process group was ended"
        if timed_out is not None
        else _exit_words(code)
    )
    if report.error:
        said += f" and reported an error: {report.error}"
    gone = lost.reason(started)
    if gone is not None:
        return _lost(started, code, log, gone, said)
    elsewhere = _left_elsewhere(started, code, log, said)
    if elsewhere is not None:
        return elsewhere
    ledger = Ledger(started.checkout)
    run = run_records.read_run(started.checkout, started.record)
    if run.outcome:
        if reported:
            ledger.write(run.changed(reported))
            gitio.commit_paths(
                started.checkout,
                [run.path],
                f"Record usage of run {run.id}",
                [f"Work-Order: {run.wo}", f"Run: {run.id}"],
            )
        return Ended(
            started,
            code,
            run.outcome,
            log,
            "the agent finished the run itself",
            closed_by_agent=True,
            violations=_count(run.fields.get("violations")),
        )
    if dirty_beyond(ledger, run):
        from gitsplit.ledger.run_note import append_log

        words = (
            f"The agent ({started.launch.profile}) {said} and left uncommitted changes; "
            "the run is still open."
        )
        ledger.write(run.changed(reported, body=append_log(run.body, words)))
        return Ended(
            started,
            code,
            None,
            log,
            f"agent {said}; uncommitted changes left in "
            f"{started.checkout}: commit them, then `gitsplit finish`",
        )
    outcome = (
        "abandoned"
        if interrupted
        else "timed-out"
        if timed_out is not None
        else None
        if code == 0 and not not_started and not report.error
        else "failed"
    )
    idle = outcome is None and not _did_something(started, run)
    if idle:  # failed whatever the checks say, which are still run and named
        outcome = "failed"
        said += "; it made no commit, and its note does not say why nothing was needed"
    if report.denied:
        said += f"; {len(report.denied)} tool call(s) were refused (denied: in the run record)"
    result: Finished = finish(
        ledger,
        outcome=outcome,
        run_checks=outcome is None or idle,
        extra_log=f"The agent ({started.launch.profile}) {said}.",
        extra_fields=reported,
    )
    who = f"agent profile {started.launch.profile!r}" if not_started else "agent"
    detail = f"{who} {said}{_failed_checks(result)}" + "".join(f"; {w}" for w in result.claim)
    return Ended(started, code, result.outcome, log, detail, violations=len(result.violations))


def _lost(started: Started, code: int | None, log: Path, why: str, said: str) -> Ended:
    """Close a run whose agent removed its checkout or branch, or reset the branch."""
    result = lost.record(started, why, said)
    if isinstance(result, str):
        return Ended(started, code, None, log, f"agent {said}; {result}")
    return Ended(started, code, result.outcome, log, f"agent {said}; {why}; recorded as failed")


def _did_something(started: Started, run: Run) -> bool:
    """True when the agent committed, or wrote a result note (saying why nothing was needed)."""
    from gitsplit.ledger.run_note import note_of

    if len(gitio.rev_list(started.checkout, started.base)) > 1:  # beyond the start commit
        return True
    return bool(note_of(run.body))


def _left_elsewhere(started: Started, code: int | None, log: Path, said: str) -> Ended | None:
    """The run as the agent left it when its checkout is no longer on the run's branch.

    Closing the run would mean switching the checkout back, which could carry or clash
    with whatever the agent left there; so nothing is touched and the run is named as
    open (or as finished, when the agent finished it before it switched).
    """
    now_on = gitio.current_branch(started.checkout)
    if now_on == started.branch:
        return None
    recorded = gitio.read_blob(started.checkout, f"refs/heads/{started.branch}:{started.record}")
    if recorded is not None:
        outcome = Run(Document.parse(recorded, path=started.record)).outcome
        if outcome:
            return Ended(
                started,
                code,
                outcome,
                log,
                "the agent finished the run itself",
                closed_by_agent=True,
            )
    where = f"branch {now_on}" if now_on else "a detached HEAD"
    return Ended(
        started,
        code,
        None,
        log,
        f"agent {said} and left {where} checked out in {started.checkout}; to close "
        f"the run: `git switch {started.branch}`, then `gitsplit finish`",
    )


def _count(value: object) -> int:
    """A recorded count, 0 when missing or not a whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _failed_checks(result: Finished) -> str:
    """``; check failed: CMD (exit 1)`` for each check that did not pass, else nothing."""
    words = [
        f"check timed out: {c.command}"
        if c.timed_out
        else f"check failed: {c.command} (exit {c.exit})"
        for c in result.checks
        if not c.passed
    ]
    words += [f"warning: {c.warning}" for c in result.checks if c.warning]
    return "".join(f"; {w}" for w in words)


def _exit_words(code: int | None) -> str:
    """``exited with status 3`` / ``was killed by signal 9``."""
    if code is not None and code < 0:
        return f"was killed by signal {-code}"
    return f"exited with status {code}"

"""Launching an agent profile: argv without a shell, the briefing on stdin or as a file, a log."""

from __future__ import annotations

import fnmatch
import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.ledger.config import AgentProfile
from gitsplit.runs.checks import kill_group
from gitsplit.util import killpoint
from gitsplit.util.atomic import atomic_write


class AgentNotFoundError(GitsplitError):
    """The program an agent profile runs is not installed."""


class AgentStartError(GitsplitError):
    """The operating system would not start the agent's program (bad #! line, format…)."""


class AgentTimedOut(GitsplitError):
    """The agent ran past its tier's timeout; its process group has been ended."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"the agent ran past its timeout ({seconds} s)")
        self.seconds = seconds


@dataclass(frozen=True)
class Launch:
    """Everything needed to start one agent, ready to run or to print."""

    profile: str
    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str] = field(default_factory=dict)
    stdin_file: Path | None = None
    report: str | None = None
    report_file: Path | None = None  # where the agent writes its report, when not to stdout
    timeout: int | None = None  # seconds before the agent's process group is ended

    @property
    def manual(self) -> bool:
        """True for a profile with no program: a person does the work."""
        return not self.argv

    def command_line(self) -> str:
        """The exact shell line a person could type to start the agent themselves."""
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(self.env.items()))
        line = shlex.join(self.argv)
        if self.stdin_file is not None:
            line += f" < {shlex.quote(str(self.stdin_file))}"
        return f"cd {shlex.quote(str(self.cwd))} && " + (f"env {env} " if env else "") + line


def prepare(
    profile: AgentProfile,
    *,
    model: str,
    briefing_file: Path,
    cwd: Path,
    values: Mapping[str, str],
    check_program: bool = True,
    report_file: Path | None = None,
) -> Launch:
    """Fill a profile's argv placeholders and (unless told not to) check its program exists.

    ``{report_file}`` is ``report_file`` (by default the run's, beside its log under
    ``git_dir``): a profile naming it is read from that file instead of its output. A
    model the profile's ``models`` globs do not take is refused.
    """
    refuse_unknown_model(profile, model)
    if report_file is None and "git_dir" in values and "run" in values:
        report_file = report_path(Path(values["git_dir"]), values["run"])
    if profile.briefing in ("file", "both") and not any(
        "{briefing_file}" in a for a in profile.argv
    ):
        raise GitsplitError(
            f"agent profile {profile.name!r} passes the briefing as a file, "
            "but its argv has no {briefing_file} placeholder",
            hint=f"edit agents.{profile.name}.argv in .workledger/config.yaml",
        )
    fill = {"model": model, "briefing_file": str(briefing_file), **values}
    if report_file is not None:
        fill["report_file"] = str(report_file)
    if "git_dir" in values and any("{hooks_dir}" in v for v in profile.env.values()):
        fill["hooks_dir"] = str(gitio.hooks_dir(Path(values["git_dir"])))
    argv = tuple(_substitute(arg, fill) for arg in profile.argv)
    env = {k: _substitute(v, fill) for k, v in profile.env.items()}
    stdin = briefing_file if profile.briefing in ("stdin", "both") and argv else None
    if argv and check_program:
        _check_program(profile.name, argv[0], {**os.environ, **env}.get("PATH", os.defpath))
    names_file = any("{report_file}" in a for a in (*profile.argv, *profile.env.values()))
    return Launch(
        profile.name,
        argv,
        cwd,
        env,
        stdin,
        profile.report,
        report_file if names_file else None,
    )


def refuse_unknown_model(profile: AgentProfile, model: str) -> None:
    """Refuse a model id that the profile's CLI does not take (its ``models`` globs)."""
    if not profile.argv or not profile.models:
        return
    if any(fnmatch.fnmatchcase(model, glob) for glob in profile.models):
        return
    raise GitsplitError(
        f"agent profile {profile.name!r} does not take the model {model!r}: its CLI "
        f"takes {', '.join(profile.models)}",
        hint="set the tier's model to the id the CLI takes and its price to the price "
        f"table's name (tiers.NAME.model / .price), or add a glob to "
        f"agents.{profile.name}.models in .workledger/config.yaml",
    )


def report_path(git_dir: Path, run: str) -> Path:
    """Where a run's agent writes a report file (``{report_file}``): beside its log."""
    return git_dir / "gitsplit" / "logs" / f"{run}.report"


def exclude_droppings(git_dir: Path, patterns: tuple[str, ...]) -> list[str]:
    """Add the patterns missing from ``.git/info/exclude`` (never the project's .gitignore).

    The file is local to this clone and shared by its worktrees; what the agent leaves
    there (caches, chat histories) stays out of ``git status`` and out of every commit.
    Returns the patterns added.
    """
    if not patterns:
        return []
    path = git_dir / "info" / "exclude"
    text = path.read_text("utf-8", "replace") if path.is_file() else ""
    have = {line.strip() for line in text.splitlines()}
    missing = [p for p in dict.fromkeys(patterns) if p not in have]
    if missing:
        lead = "" if not text or text.endswith("\n") else "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text + lead + "".join(f"{p}\n" for p in missing))
    return missing


def check_launch(launch: Launch) -> None:
    """Refuse a launch whose program is not installed or not executable (a manual one passes)."""
    if launch.argv:
        _check_program(
            launch.profile, launch.argv[0], {**os.environ, **launch.env}.get("PATH", os.defpath)
        )


def _check_program(profile: str, program: str, path: str) -> None:
    """Refuse a program that is not on PATH, or a file named by path that is not executable."""
    if shutil.which(program, path=path) is not None:
        return
    hint = (
        "install it, choose another profile with --agent NAME, or change the tier's "
        "agent in .workledger/config.yaml"
    )
    if os.sep in program and Path(program).is_file():
        raise AgentNotFoundError(
            f"agent profile {profile!r} runs {program!r}, which is not executable",
            hint=f"chmod +x {shlex.quote(program)}, or put its "
            "interpreter first in the profile's argv",
        )
    raise AgentNotFoundError(
        f"agent profile {profile!r} runs {program!r}, which is not installed (not found on PATH)",
        hint=hint,
    )


def run(launch: Launch, *, log_path: Path, echo: IO[str] | None, new_session: bool = False) -> int:
    """Run the agent, copying its output to the log (and to ``echo``); return its exit status.

    A negative status is the signal that killed it. Ctrl-C stops the agent and is re-raised.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stdin: IO[bytes] | int = (
        launch.stdin_file.open("rb") if launch.stdin_file else subprocess.DEVNULL
    )
    with log_path.open("ab") as log:
        log.write(f"$ {shlex.join(launch.argv)}\n".encode())
        log.flush()
        # Without an echo the agent writes to the log itself, not through a pipe: an agent
        # left running when gitsplit exits (Ctrl-C in dispatch) keeps a place to write to.
        try:
            proc = _spawn(launch, stdin, log, piped=echo is not None, new_session=new_session)
        except AgentStartError as exc:
            if not isinstance(stdin, int):
                stdin.close()
            log.write(f"[{exc.message}]\n".encode())
            raise
        pump = (
            threading.Thread(target=_tee, args=(proc, log, echo), daemon=True)
            if echo is not None
            else None
        )
        if pump is not None:
            pump.start()
        try:
            code = proc.wait(timeout=launch.timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            if pump is not None:
                pump.join(timeout=5)
            log.write(f"[timed out after {launch.timeout} s: process group ended]\n".encode())
            raise AgentTimedOut(launch.timeout or 0) from None
        except KeyboardInterrupt:
            if new_session or launch.timeout is not None:
                kill_group(proc)
            else:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
            if pump is not None:
                pump.join(timeout=5)
            raise
        finally:
            if not isinstance(stdin, int):
                stdin.close()
        if pump is not None:
            pump.join(timeout=5)
        log.write(f"[exit status {code}]\n".encode())
    return code


def _spawn(
    launch: Launch, stdin: IO[bytes] | int, log: IO[bytes], *, piped: bool, new_session: bool
) -> subprocess.Popen[bytes]:
    """Start the agent's program (never through a shell), its output piped or to the log."""
    killpoint.reach("spawn.before", "agent")
    try:
        return subprocess.Popen(
            list(launch.argv),
            cwd=launch.cwd,
            stdin=stdin,
            stdout=subprocess.PIPE if piped else log,
            stderr=subprocess.STDOUT,
            # PWD is the checkout: some agents (opencode) work in $PWD, not in their cwd
            env={**os.environ, **launch.env, "PWD": str(launch.cwd)},
            start_new_session=new_session,
            # a group of its own, so a timeout ends the agent and everything it started;
            # in the same session, so an agent that opens the terminal still has one
            process_group=0 if launch.timeout is not None and not new_session else None,
        )
    except OSError as exc:
        raise AgentStartError(
            f"could not start {launch.argv[0]!r}: {exc.strerror or exc}",
            hint="if it is a script, check that its #! line names an interpreter that is installed",
        ) from None


def _tee(proc: subprocess.Popen[bytes], log: IO[bytes], echo: IO[str]) -> None:
    """Copy the agent's output to the log and to the terminal, as it comes."""
    assert proc.stdout is not None
    for chunk in iter(proc.stdout.readline, b""):
        log.write(chunk)
        log.flush()
        echo.write(chunk.decode("utf-8", "replace"))
        echo.flush()


def _substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders; unknown ones stay as written."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def default_echo() -> IO[str]:
    """Where agent output is mirrored by default: the terminal's stdout."""
    return sys.stdout

"""The commit-msg hook: ``Work-Order:`` and ``Run:`` trailers on work-order branch_names.

Trailers are added with ``git interpret-trailers --if-exists doNothing``, so a trailer that
is already there (any value) is never added twice; another work order's ``Work-Order:``
is kept as written, with a warning (review reports it too). Merge commits, commits made while a
rebase replays history, fixup!/squash!/amend! commits and empty messages are left alone.

To keep a commit to one Python process, the pre-commit hook (which has already read the
branch, the work order and the staged run records) leaves the trailers in a hand-off file
named after the ``git commit`` process; the commit-msg script applies them with one
``git interpret-trailers`` and no Python. Without a hand-off (pre-commit did not run, or
ran elsewhere) this module works them out itself.
"""

from __future__ import annotations

import os
import sys

from gitsplit.errors import GitsplitError
from gitsplit.hooks import gitpipe
from gitsplit.hooks.context import HookRepo
from gitsplit.hooks.model import (
    SKIP_TRAILER,
    SKIP_VARIABLE,
    Change,
    WorkOrderInfo,
    parse_skip,
)
from gitsplit.ledger import branch_names

HOOK_DIR_VARIABLE = "GITSPLIT_HOOK_DIR"
HANDOFF_PREFIX = ".gitsplit-commit-msg."
LEAVE_ALONE = ("fixup! ", "squash! ", "amend! ")
WORK_ORDER_KEY = "Work-Order: "
SCISSORS = "------------------------ >8 ------------------------"


def run(args: list[str]) -> int:
    """Add the missing trailers to the message file ``args[0]``."""
    if not args:
        raise GitsplitError("commit-msg needs the commit message file as its argument")
    skip = parse_skip(os.environ.get(SKIP_VARIABLE, ""))
    with HookRepo() as repo:
        if repo.merging or repo.rebasing or not wants_trailers(_read(args[0])):
            return 0
        settings = repo.settings()
        wo_id = branch_names.parse_wo_branch(settings, repo.branch) if repo.branch else None
        wo = repo.work_order(wo_id, settings) if wo_id else None
        changes = repo.staged_changes() if wo else []
        lines = trailers(repo, wo, changes, skip)
    apply(args[0], lines)
    return 0


def trailers(
    repo: HookRepo, wo: WorkOrderInfo | None, changes: list[Change], skip: tuple[str, ...]
) -> list[str]:
    """The trailers this commit should carry (before looking at its message)."""
    if repo.merging or repo.rebasing:
        return []
    lines = []
    if wo is not None:
        lines.append(f"Work-Order: {wo.id}")
        run_id = repo.newest_run(wo.id, changes)
        if run_id:
            lines.append(f"Run: {run_id}")
    if skip:
        lines.append(f"{SKIP_TRAILER}: {', '.join(skip)}")
    return lines


def wants_trailers(message: str) -> bool:
    """False for an empty message and for fixup!/squash!/amend! commits."""
    for line in message.splitlines():
        if line.startswith("#"):
            if line[1:].strip() == SCISSORS:
                break
            continue
        if line.strip():
            return not line.startswith(LEAVE_ALONE)
    return False


def apply(message_file: str, lines: list[str]) -> None:
    """Add each trailer unless one with the same key is already there."""
    if not lines:
        return
    args = ["interpret-trailers", "--in-place", "--if-exists", "doNothing"]
    for line in lines:
        args += ["--trailer", line]
    gitpipe.run(*args, message_file)
    ours = [line[len(WORK_ORDER_KEY) :] for line in lines if line.startswith(WORK_ORDER_KEY)]
    if ours:
        warn_foreign_work_order(message_file, ours[0])


def warn_foreign_work_order(message_file: str, ours: str) -> None:
    """Warn when the message keeps another work order's ``Work-Order:`` trailer."""
    if not any(
        line.lower().startswith("work-order:") and line != f"{WORK_ORDER_KEY}{ours}"
        for line in _read(message_file).split(f"# {SCISSORS}")[0].splitlines()
    ):
        return  # the usual message: no second git call
    _, out = gitpipe.run("interpret-trailers", "--parse", message_file)
    for line in out.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if key.strip().lower() == "work-order" and value != ours:
            sys.stderr.write(
                f"gitsplit: commit-msg: warning: this commit names Work-Order: "
                f"{value}, but its branch is {ours}'s; kept as written "
                "(gitsplit review will report it)\n"
            )


def write_handoff(lines: list[str]) -> None:
    """Leave the trailers for the commit-msg script of this same ``git commit``."""
    folder = os.environ.get(HOOK_DIR_VARIABLE)
    if not folder:
        return
    parent = os.getppid()
    path = os.path.join(folder, f"{HANDOFF_PREFIX}{parent}")
    temp = f"{path}.tmp"
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
        os.replace(temp, path)
        _forget_stale(folder, parent)
    except OSError:
        pass  # without a hand-off the commit-msg hook works the trailers out itself


def _forget_stale(folder: str, current: int) -> None:
    """Remove hand-offs left by ``git commit`` processes that are gone (aborted commits)."""
    for name in os.listdir(folder):
        suffix = name[len(HANDOFF_PREFIX) :]
        if (
            name.startswith(HANDOFF_PREFIX)
            and suffix.isdigit()
            and int(suffix) != current
            and not _alive(int(suffix))
        ):
            os.unlink(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    """True while a process exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read(path: str) -> str:
    """The message file's text."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError as exc:
        raise GitsplitError(f"cannot read the commit message file {path}: {exc.strerror}") from None

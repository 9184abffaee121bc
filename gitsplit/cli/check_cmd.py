"""``gitsplit check``: validate the ledger, ``path:line: message``, exit 1 on problems."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gitsplit import gitio
from gitsplit.cli.common import emit_json, json_option
from gitsplit.errors import GitsplitError, NoLedgerError
from gitsplit.ledger import ids
from gitsplit.ledger.schema import Problem

if TYPE_CHECKING:
    from gitsplit.ledger.index import Scan
    from gitsplit.ledger.store import Ledger


@click.command("check")
@click.option(
    "--rev", metavar="REV", help="Check the ledger as committed at REV instead of the working tree."
)
@json_option
def check(rev: str | None, as_json: bool) -> None:
    """Validate every record of the ledger.

    Checks the schema of each record (required fields, types, allowed values),
    that each file is named after its id, duplicate ids, references to ids that do
    not exist, dependency cycles (printed as a path), decisions that supersede
    each other consistently, conflict markers, and that no committed checkpoint
    was edited. Prints one `path:line: message` per problem; exit status 1 when
    there is any. Warns (without failing) about a claim on the remote this clone
    took for a run and someone else has since taken or removed.

    Warns, without failing (`path:line: warning: message`): about a work order (not a
    draft), decision or invariant whose required section (Problem, Acceptance;
    Decision; the rule) is empty or still the template's guidance, and about a scope
    glob of such a work order that matches no tracked file (with the closest path).

    \b
    Examples:
      gitsplit check
      gitsplit check --rev origin/main      # the ledger as committed there
      gitsplit check --json
    """
    from gitsplit.ledger import leftovers

    root = gitio.discover()
    if not (root / ids.LEDGER_DIR).is_dir() and rev is None:
        raise NoLedgerError(f"no {ids.LEDGER_DIR}/ in {root}", hint="run `gitsplit init`")
    if rev is not None:
        commit = gitio.resolve(root, f"{rev}^{{commit}}")
        if commit is None:
            raise click.BadParameter(f"{rev!r} names no commit", param_hint="--rev")
        from gitsplit.ledger import validate

        problems = validate.check_commit(root, commit)
        warnings = _warnings(root, rev)
    else:
        problems, warnings = _worktree_answer(root)
    left = leftovers.find(root) if rev is None else []
    broken = {p.path for p in problems}
    warned = [w for w in warnings if w.path not in broken]
    lost = _lost_claims(root) if rev is None else []
    if as_json:
        emit_json(
            {
                "ok": not problems and not left,
                "problems": [p.as_json() for p in problems],
                "leftovers": [item.as_json() for item in left],
                "warnings": [w.as_json() for w in warned],
                **({"lost_claims": lost} if lost else {}),
            }
        )
    else:
        for line in lost:
            click.echo(f"gitsplit: warning: {line}", err=True)
        lines = [str(found) for group in (problems, warned, left) for found in group]
        if lines:  # one write: ten thousand echo calls cost more than the check's kept answer
            click.echo("\n".join(lines))
        if left:
            click.echo(
                f"{len(left)} thing{'s' * (len(left) != 1)} left half done by a killed gitsplit",
                err=True,
            )
        files = len({p.path for p in problems})
        click.echo(
            f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
            f"file{'s' * (files != 1)}"
            if problems
            else ("ledger OK" if not left else "records OK") + _counted(warned),
            err=bool(problems or left),
        )
    if problems or left:
        raise click.exceptions.Exit(1)


def _warnings(root: Path, rev: str | None, ledger: Ledger | None = None) -> list[Problem]:
    """What check warns about (exit status unchanged): records still holding guidance, scopes
    that match nothing. ``ledger``: one already open, whose index check has just read."""
    from gitsplit.briefing.source import open_source
    from gitsplit.ledger import advice, scope_advice
    from gitsplit.ledger.store import Ledger

    ledger = ledger or Ledger(root)
    try:
        source = open_source(ledger, rev)
        records = [r for kind in advice.KINDS for r in source.records(kind)]
        tracked = scope_advice.Tracked(source.tracked())
    except GitsplitError:  # an unreadable config or ledger: the problems above say so
        return []
    index = ledger.index if rev is None else None
    found = advice.guidance_warnings(records, index)
    found += scope_advice.scope_warnings(records, tracked)
    return sorted(found, key=lambda w: (w.path, w.line or 0, w.message))


def _counted(warned: list[Problem]) -> str:
    """``, 2 warnings`` after "ledger OK" (nothing when there are none)."""
    return f", {len(warned)} warning{'s' * (len(warned) != 1)}" if warned else ""


def _lost_claims(root: Path) -> list[str]:
    """Claims this clone took that someone else took over (only asks when it holds some)."""
    from gitsplit.claims import refs

    return refs.lost(root)


def _worktree_answer(root: Path) -> tuple[list[Problem], list[Problem]]:
    """The working tree's problems and warnings: the kept answer while nothing they are made
    of changed (every file under .workledger/, the refs, the tracked files)."""
    from gitsplit.ledger import answer_cache

    request = ("check",)
    cached = answer_cache.lookup(request, whole=True, tracked=True)
    if cached is not None and _is_answer(cached[2]):
        kept_problems, kept_warnings = cached[2]
        return [Problem(*f) for f in kept_problems], [Problem(*f) for f in kept_warnings]
    from gitsplit.ledger.store import Ledger
    from gitsplit.ledger.validate_worktree import check_worktree

    ledger = Ledger(root)  # one index for both: the records are read from it once
    index = ledger.index
    scans: dict[str, Scan] = {}
    with index.writes_held() if index is not None else contextlib.nullcontext():
        problems = check_worktree(root, index, scans)
        ledger.adopt(scans)  # the warnings read the records check has just scanned
        warnings = _warnings(root, None, ledger)  # written once, with what both remembered
    if cached is not None:
        plain = tuple(
            [(p.path, p.line, p.message, p.code) for p in found] for found in (problems, warnings)
        )
        answer_cache.keep(cached[0], cached[1], plain)
    return problems, warnings


def _is_answer(kept: object) -> bool:
    """True for what ``_worktree_answer`` keeps: two lists of problems' fields."""
    return (
        isinstance(kept, tuple) and len(kept) == 2 and all(isinstance(part, list) for part in kept)
    )

"""``gitsplit brief``: render a mission briefing, a checkpoint briefing or a review briefing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gitsplit.cli.common import json_option, open_ledger
from gitsplit.util.tokens import parse_tokens

if TYPE_CHECKING:
    from gitsplit.briefing.model import Briefing
    from gitsplit.ledger.store import Ledger


def _tokens(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """Parse ``--budget`` (8000, 8k, 1.5M)."""
    if value is None:
        return None
    from gitsplit.errors import ValidationError

    try:
        return parse_tokens(value, what="--budget")
    except ValidationError as exc:
        raise click.BadParameter(exc.message) from None


def _out_file(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Refuse an empty ``--out`` (it named the current folder)."""
    if value is not None and not value.strip():
        raise click.BadParameter("--out needs a file name")
    return value


@click.command("brief")
@click.argument("ids", nargs=-1, metavar="[WO-ID]...")
@click.option(
    "--checkpoint",
    "checkpoint_id",
    metavar="CP-ID",
    help="Brief a fresh architect session from this checkpoint instead.",
)
@click.option(
    "--review",
    is_flag=True,
    help="Brief a review of the WO-IDs' branches: acceptance, checks, what `gitsplit review` "
    "finds, and the code's diffs.",
)
@click.option(
    "--budget",
    callback=_tokens,
    metavar="TOKENS",
    help="Token budget (8000, 8k); default: briefing.budget in the config.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    metavar="N",
    help="Also cut the briefing to at most N characters, in the same order as the budget "
    "(Claude Code shows a hook's context over 10,000 characters only as a preview).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    callback=_out_file,
    metavar="FILE",
    help="Write the briefing to FILE instead of standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown, or JSON with sections, token counts and cuts.",
)
@json_option
@click.option(
    "--rev", metavar="REV", help="Read the ledger and files as committed at REV (default: HEAD)."
)
@click.option(
    "--worktree", is_flag=True, help="Read the working tree instead, uncommitted edits included."
)
@click.option(
    "--base", metavar="REF", help="Base commit to name (default: the authority branch's tip)."
)
@click.option("--branch", metavar="NAME", help="Branch to name (default: from branch_pattern).")
@click.option(
    "--run",
    "run_id",
    metavar="RUN",
    help="Print exactly the briefing run RUN was given (as committed), its sha256 checked "
    "against the run record.",
)
def brief(
    ids: tuple[str, ...],
    checkpoint_id: str | None,
    review: bool,
    budget: int | None,
    max_chars: int | None,
    out: str | None,
    fmt: str,
    as_json: bool,
    rev: str | None,
    worktree: bool,
    base: str | None,
    branch: str | None,
    run_id: str | None,
) -> None:
    """Render the mission briefing of work order WO-ID within a token budget.

    The briefing is everything a fresh execution run gets: the work order, the invariants,
    the decisions in force with the approaches they rejected, the latest checkpoint, what
    finished dependencies left, the files in scope with excerpts, the checks and how to
    report back. Over budget, the lowest-priority parts are cut and the briefing lists
    them. The same work order at the same commit renders the same bytes; the sha256 is
    printed on standard error.

    \b
    Examples:
      gitsplit brief WO-12 --out briefing.md
      gitsplit brief WO-12 --budget 6k --format json
      gitsplit brief WO-12 --max-chars 10000  # what a hook may inject whole
      gitsplit brief --checkpoint CP-4        # resume an architect session
      gitsplit brief --review WO-12 WO-13     # review finished branches
      gitsplit brief --run WO-12-r1           # what that run was given, byte for byte
    """
    _check_usage(ids, checkpoint_id, review, rev, worktree, base, branch, run_id)
    if run_id is not None:
        _refuse_with_run(ids, checkpoint_id, review, budget, max_chars, rev, worktree, base, branch)
        _print_run_briefing(open_ledger(), run_id, out, as_json or fmt == "json")
        return
    from gitsplit import gitio
    from gitsplit.cli import kept_briefing

    root = gitio.discover()
    at = None if worktree else (rev or "HEAD")
    as_data = as_json or fmt == "json"
    kept_key = None
    if at is not None and not checkpoint_id and not review and (root / ".workledger").is_dir():
        request = (ids[0], budget, max_chars, at, base, branch, as_data)  # the base's name
        kept_key = kept_briefing.key(root, request, at, base)  # is printed; its commit too
    found = None if kept_key is None else kept_briefing.lookup(root, kept_key)
    if found is None:  # made as usual (the ledger, its records, Jinja2), then kept
        from gitsplit.ledger.store import Ledger

        made, made_warnings, made_read, made_summary = _made(
            Ledger.at(root), ids, checkpoint_id, review, budget, max_chars, at, base, branch
        )
        found = (_text(made, as_data), made_warnings, made_read, made_summary)
        if kept_key is not None:
            kept_briefing.keep(root, kept_key, found)
    text, warnings, read, summary = found
    if at == "HEAD" and (dirty := _uncommitted(root, read)):
        warnings.append(
            f"{len(dirty)} ledger file(s) this briefing reads have uncommitted changes that "
            "this briefing of HEAD leaves out (commit them, or pass --worktree)"
        )
    _emit(text, out)
    for warning in warnings:
        click.echo(f"gitsplit: warning: {warning}", err=True)
    click.echo(summary, err=True)


def _made(
    ledger: Ledger,
    ids: tuple[str, ...],
    checkpoint_id: str | None,
    review: bool,
    budget: int | None,
    max_chars: int | None,
    at: str | None,
    base: str | None,
    branch: str | None,
) -> tuple[Briefing, list[str], list[str], str]:
    """Render the briefing asked for: (it, its warnings, the ledger paths read, summary)."""
    from gitsplit.briefing import checkpoint as cp_briefing
    from gitsplit.briefing import review as review_briefing
    from gitsplit.briefing import workorder

    if checkpoint_id:
        result = cp_briefing.render_checkpoint_briefing(
            ledger, checkpoint_id, budget=budget, rev=at, max_chars=max_chars
        )
    elif review:
        from gitsplit.review.core import findings_by_wo

        result = review_briefing.render_review_briefing(
            ledger,
            ids,
            budget=budget,
            rev=at,
            max_chars=max_chars,
            findings=findings_by_wo(ledger, ids),
        )
    else:
        result = workorder.render_work_order_briefing(
            ledger, ids[0], base=base, branch=branch, budget=budget, rev=at, max_chars=max_chars
        )
    cut = f"; cut {len(result.cut)} part(s), listed at the top" if result.cut else ""
    chars = f", {len(result.text)} of {max_chars} characters" if max_chars else ""
    summary = f"sha256 {result.sha256}  {result.tokens} of {result.budget} tokens{chars}{cut}"
    return result, list(result.warnings), list(result.read), summary


def _text(result: Briefing, as_data: bool) -> str:
    """What is printed: the briefing's text, or its JSON."""
    if as_data:
        return json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n"
    return result.text


def _uncommitted(root: Path, read: list[str]) -> list[str]:
    """Ledger paths among those a briefing read (files and folders) with uncommitted changes.

    A briefing of HEAD leaves those changes out. Asking git only about what was read keeps
    this from stat-ing every work order of a large ledger (half of `git status`'s time).
    """
    from gitsplit import gitio

    pathspecs = [f":(literal){path}" for path in sorted(read)]
    return [entry.path for entry in gitio.status(root, *pathspecs)] if pathspecs else []


def _print_run_briefing(ledger: Ledger, run_id: str, out: str | None, as_json: bool) -> None:
    """``--run``: the committed briefing of a run, checked against its record."""
    from gitsplit.briefing.committed import run_briefing

    found = run_briefing(ledger, run_id)
    text = found.text
    if as_json:
        text = json.dumps(found.as_json(), indent=2, ensure_ascii=False) + "\n"
    _emit(text, out)
    click.echo(
        f"sha256 {found.sha256}  matches run {found.run}'s record ({found.path} on {found.where})",
        err=True,
    )


def _refuse_with_run(*given: object) -> None:
    """``--run`` prints what was committed: nothing else can shape it."""
    if any(given):
        raise click.UsageError(
            "--run prints the committed briefing as it is; it takes no work order ids, "
            "--checkpoint, --review, --budget, --max-chars, --rev, --worktree, --base or --branch"
        )


def _check_usage(
    ids: tuple[str, ...],
    checkpoint_id: str | None,
    review: bool,
    rev: str | None,
    worktree: bool,
    base: str | None,
    branch: str | None,
    run_id: str | None = None,
) -> None:
    """Refuse option combinations that make no sense (usage errors, exit status 2)."""
    if checkpoint_id and review:
        raise click.UsageError("--checkpoint and --review are different briefings; pick one")
    if checkpoint_id and ids:
        raise click.UsageError("--checkpoint CP-ID takes no work order ids")
    if review and not ids:
        raise click.UsageError("--review needs one or more work order ids")
    if not checkpoint_id and not review and len(ids) != 1 and run_id is None:
        raise click.UsageError("name one work order (or use --review for several)")
    if worktree and rev:
        raise click.UsageError("--worktree and --rev both say where to read; pick one")
    if (base or branch) and (checkpoint_id or review):
        raise click.UsageError("--base and --branch apply to a work order's briefing only")


def _emit(text: str, out: str | None) -> None:
    """Print the briefing, or write it atomically to ``out``."""
    if out is None:
        click.echo(text, nl=False)
        return
    from gitsplit.errors import GitsplitError
    from gitsplit.util.atomic import atomic_write

    try:
        atomic_write(Path(out), text)
    except OSError as exc:
        raise GitsplitError(f"cannot write --out {out}: {exc.strerror}") from None
    click.echo(f"wrote {out}", err=True)

"""``gitsplit review`` and ``gitsplit pr``: judge a WO branch against its work order."""

from __future__ import annotations

import click

from gitsplit.cli.common import emit_json, open_ledger
from gitsplit.review.findings import Review
from gitsplit.work.branches import BranchUsageError

TARGET_HELP = "WO-ID (its newest branch, local or remote-tracking) or BRANCH; default: HEAD's."


def _review(target: str | None, base: str | None, run_checks: bool) -> Review:
    """Run the review, turning a target or base that names nothing into a usage error."""
    from gitsplit.review import review

    try:
        return review(open_ledger(), target, base=base, run_checks=run_checks)
    except BranchUsageError as exc:
        if exc.param == "--base":
            raise click.BadParameter(str(exc), param_hint="--base") from None
        raise click.UsageError(str(exc)) from None


@click.command("review")
@click.argument("target", metavar="[WO-ID | BRANCH]", required=False)
@click.option(
    "--base",
    metavar="REF",
    help="Judge the commits after REF, or after where the "
    "branch left REF if REF moved on (default: the run record's base, else the "
    "merge base with the authority branch).",
)
@click.option(
    "--run-checks",
    is_flag=True,
    help="Run the work order's checks in a clean temporary worktree of the branch tip.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="md prints a pull-request body.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
def review_cmd(
    target: str | None, base: str | None, run_checks: bool, fmt: str, strict: bool
) -> None:
    """Judge a WO branch against its work order: scope, provenance, dependencies, checks.

    \b
    Reads everything from git (the branch tip, its base, the authority branch), so
    it works on any branch, local or remote-tracking, without checking it out:
      scope        every changed path (per commit, renames and deletions too) outside
                   the work order's scope, and edits of protected ledger paths;
      provenance   commits without this work order's Work-Order trailer or with
                   another's, skipped hooks, the run's outcome and result note;
      dependencies any dependency not done in the base;
      acceptance   the acceptance text; --run-checks runs the checks;
      ledger       `gitsplit check` at the branch tip; and a diffstat.
    Exit status: 0 everything holds, 1 a violation (or a warning with --strict),
    2 usage error. `--format md | gh pr create --body-file -` opens a pull request.

    \b
    Examples:
      gitsplit review                         # the WO branch checked out
      gitsplit review WO-12 --run-checks
      gitsplit review origin/wo/WO-12-parse-config --strict --format md
    """
    from gitsplit.review import markdown, render

    result = _review(target, base, run_checks)
    if fmt == "json":
        emit_json(render.as_json(result, strict=strict))
    elif fmt == "md":
        click.echo(markdown.body(result, strict=strict), nl=False)
    else:
        click.echo(render.text(result, strict=strict), nl=False)
    code = result.exit_code(strict=strict)
    if code:
        raise click.exceptions.Exit(code)


@click.command("pr")
@click.argument("target", metavar="[WO-ID | BRANCH]", required=False)
@click.option("--base", metavar="REF", help="As for `gitsplit review`.")
@click.option("--run-checks", is_flag=True, help="Run the checks first (results go in the body).")
@click.option("--draft", is_flag=True, help="Open the pull request as a draft.")
@click.option("--dry-run", is_flag=True, help="Print the gh command and the body; open nothing.")
def pr_cmd(
    target: str | None, base: str | None, run_checks: bool, draft: bool, dry_run: bool
) -> None:
    """Open a pull request for a WO branch with its review as the body (needs `gh`).

    Runs `gh pr create --head BRANCH --base MAIN --title 'WO-n: title' --body-file -`
    with the body of `gitsplit review --format md`. Without gh it says how to do it
    by hand. A review with violations still opens (the body lists them; CI fails).
    """
    import shlex

    from gitsplit.review import pr

    result = _review(target, base, run_checks)
    request = pr.prepare(result, draft=draft)
    if dry_run:
        click.echo(shlex.join(request.argv))
        click.echo(request.body, nl=False)
        return
    opened = pr.open_pr(open_ledger().root, result, request)
    click.echo(opened.stdout, nl=False)
    click.echo(opened.stderr, nl=False, err=True)
    if result.violations and not opened.exit:
        click.echo(
            f"gitsplit: warning: the review found {len(result.violations)} "
            "violation(s); the pull request body lists them",
            err=True,
        )
    if opened.exit:
        raise click.exceptions.Exit(opened.exit)

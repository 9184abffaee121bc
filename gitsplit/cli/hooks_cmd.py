"""``gitsplit hooks``: install, remove and inspect the git hooks; run one by hand."""

from __future__ import annotations

import click

from gitsplit import gitio
from gitsplit.cli.common import emit_json, json_option, table
from gitsplit.hooks import HOOK_TYPES


@click.group("hooks")
def hooks() -> None:
    """Git hooks that hold each run to its work order's authority.

    \b
    pre-commit     on a WO branch: staged paths must be in the WO's scope (both sides of
                   renames), protected paths and other WOs' records are refused; on every
                   branch: staged ledger files must pass `gitsplit check`, and committed
                   checkpoints may not change
    commit-msg     on a WO branch: add `Work-Order:` and `Run:` trailers when missing
    post-checkout  on switching to a WO branch: name the WO and how to read its briefing

    A hook that was already there is kept as <hook>.legacy and runs first. To let one
    commit through anyway: GITSPLIT_SKIP=scope git commit ... (or ledger, checkpoint,
    all; comma-separated); the commit records it in a `Gitsplit-Skipped:` trailer.
    """


@hooks.command("install")
@click.option(
    "--force",
    is_flag=True,
    help="Chain the hook that is there even when <hook>.legacy exists too (the "
    "older .legacy is renamed to .legacy.<n>, not deleted).",
)
def install_(force: bool) -> None:
    """Install the hooks (installing twice changes nothing)."""
    from gitsplit.hooks import install

    root = gitio.discover()
    for line in install.install(root, force=force):
        click.echo(line)


@hooks.command("uninstall")
def uninstall_() -> None:
    """Remove gitsplit's hooks and put back the hooks they chained."""
    from gitsplit.hooks import install

    for line in install.uninstall(gitio.discover()):
        click.echo(line)


@hooks.command("status")
@json_option
def status_(as_json: bool) -> None:
    """Show the hooks folder and the state of each hook."""
    from gitsplit.hooks import install

    data = install.status(gitio.discover())
    if as_json:
        emit_json(data)
        return
    click.echo(f"hooks folder: {data['hooks_dir']}")
    if data["core_hooks_path"]:
        click.echo(
            f"core.hooksPath: {data['core_hooks_path']} (set in {data['core_hooks_path_origin']})"
        )
    rows = []
    for hook in data["hooks"]:
        notes = []
        if hook["python"]:
            gone = "" if hook["python_exists"] else " (gone: falls back to gitsplit on PATH)"
            notes.append(f"python {hook['python']}{gone}")
        if hook["legacy"]:
            runs = "runs first" if hook["legacy"]["runs"] else "not executable: skipped"
            notes.append(f"chains {hook['legacy']['path']} ({runs})")
        rows.append((hook["name"], hook["state"], "; ".join(notes)))
    click.echo(table(rows, ("hook", "state", "notes")))
    for path in data["inactive"]:
        click.echo(
            f"note: {path} is gitsplit's, but git does not look there "
            "(core.hooksPath points elsewhere)"
        )
    if data["problem"]:
        click.echo(f"cannot install here: {data['problem']}")
    elif any(hook["state"] in ("missing", "outdated", "foreign") for hook in data["hooks"]):
        click.echo(
            "next: `gitsplit hooks install` installs the missing hooks and updates "
            "outdated ones (a foreign hook is kept and runs first)"
        )


@hooks.command("run", context_settings={"ignore_unknown_options": True})
@click.argument("hook", type=click.Choice(HOOK_TYPES))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def run_(hook: str, args: tuple[str, ...]) -> None:
    """Run one hook now, as git would.

    For shared hook folders, Husky, or by hand: `gitsplit hooks run pre-commit`
    checks what is staged right now.
    """
    from gitsplit.hooks import run

    if hook == "commit-msg" and not args:
        raise click.UsageError(
            "commit-msg needs the commit message file: "
            "gitsplit hooks run commit-msg FILE (git passes it as $1)"
        )
    click.get_current_context().exit(run.main([hook, *args]))

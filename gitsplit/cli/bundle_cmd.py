"""``gitsplit bundle``: hand a run to a place that cannot see the repository, and take it back."""

from __future__ import annotations

from pathlib import Path

import click

from gitsplit.cli.common import emit_json, json_option, open_ledger


@click.group("bundle")
def bundle() -> None:
    """Portable bundles: export a run, work it elsewhere, reply, apply the reply here.

    \b
    The round trip:
      here$   gitsplit bundle export WO-3 -o WO-3.gitsplit-bundle
      there$  gitsplit bundle import WO-3.gitsplit-bundle work && cd work
      there$  … commit on the run's branch, gitsplit note "…", gitsplit finish …
      there$  gitsplit bundle reply -o WO-3.gitsplit-reply
      here$   gitsplit bundle apply WO-3.gitsplit-reply     # then review it
    Every bundle is checked (checksums, member names, sizes) before anything is written.
    """


@bundle.command("export")
@click.argument("wo_id", metavar="WO-ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bundle file (default: <run>.gitsplit-bundle at the repository root).",
)
@click.option(
    "--scope-only",
    is_flag=True,
    help="Only the scope's files, the briefing and the work order, for no git at all.",
)
@click.option("--force", is_flag=True, help="Start even if the work order is not ready.")
@click.option(
    "--allow-empty-body",
    is_flag=True,
    help="Export even if the work order's Problem or Acceptance is empty or the template's "
    "guidance.",
)
def export_cmd(
    wo_id: str, output: Path | None, scope_only: bool, force: bool, allow_empty_body: bool
) -> None:
    """Start a run of WO-ID to be carried out elsewhere, and write its bundle."""
    from gitsplit.exchange import bundle_out

    ledger = open_ledger()
    if scope_only:
        written = bundle_out.export_scope_only(ledger, wo_id, output, allow=allow_empty_body)
    else:
        written = bundle_out.export(ledger, wo_id, output, force=force, allow=allow_empty_body)
    click.echo(str(written))
    click.echo("hand it over; `gitsplit bundle inspect FILE` shows what it holds", err=True)


@bundle.command("inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def inspect_cmd(file: Path, as_json: bool) -> None:
    """Verify a bundle's checksums and show its manifest, briefing and members."""
    from gitsplit.exchange import bundle_in

    summary = bundle_in.inspect(file)
    if as_json:
        emit_json(summary)
        return
    manifest = summary["manifest"]
    click.echo(
        f"{file.name}: checksums OK, {manifest['mode']} bundle of {manifest['wo']} "
        f'"{manifest["title"]}"'
    )
    for key in (
        "run",
        "branch",
        "base",
        "tip",
        "briefing_sha256",
        "created_by",
        "created_at",
        "gitsplit_version",
    ):
        if manifest.get(key):
            click.echo(f"  {key}: {manifest[key]}")
    click.echo(f"  scope: {', '.join(manifest.get('scope') or []) or '(none)'}")
    for name, size in summary["members"].items():
        click.echo(f"  member {name}: {size} bytes")
    click.echo("\n" + summary["briefing"].rstrip())


@bundle.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def import_cmd(file: Path, directory: Path | None) -> None:
    """Set up DIRECTORY (new, or a clean clone with the base) with the run's branch."""
    from gitsplit.exchange import bundle_in

    target = directory or Path(file.name.split(".")[0])
    manifest = bundle_in.receive(file, target)
    click.echo(
        f"{target}: on {manifest['branch']}, the briefing is "
        f".workledger/runs/{manifest['wo']}/{manifest['run']}.briefing.md"
    )
    click.echo(
        "work there, commit, `gitsplit note` and `gitsplit finish`, then `gitsplit bundle reply`",
        err=True,
    )


@bundle.command("reply")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The reply file (default: <run>.gitsplit-reply next to the repository).",
)
def reply_cmd(output: Path | None) -> None:
    """Pack this run's new commits and its run record into a reply for the origin."""
    from gitsplit.exchange import bundle_reply

    click.echo(str(bundle_reply.reply(Path.cwd(), output)))


@bundle.command("apply")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def apply_cmd(file: Path, as_json: bool) -> None:
    """Verify a reply, put its commits on the run's branch, record it, and review it."""
    from gitsplit.exchange import bundle_apply
    from gitsplit.review import render, review

    ledger = open_ledger()
    moved = bundle_apply.apply(ledger, file)
    result = review(ledger, moved["branch"])
    if as_json:
        emit_json({**moved, "review": render.as_json(result, strict=False)})
    else:
        click.echo(
            f"{moved['branch']}: {moved['from'][:12]} → {moved['to'][:12]} "
            f"({moved['commits']} commits from the reply, then the provenance commit)"
        )
        click.echo(render.text(result, strict=False), nl=False)
    code = result.exit_code(strict=False)
    if code:
        raise click.exceptions.Exit(code)

"""The ``gitsplit`` entry point: a bare poll answered at once, else the CLI and its errors."""

from __future__ import annotations

import gc
import sys

from gitsplit.cli import kept_help, poll


def main(argv: list[str] | None = None) -> None:
    """Console entry point: exit 0 ok, 1 on errors, 2 on usage errors, 130 on Ctrl-C."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if poll.answered(args):  # a bare `queue --json` and the like, its answer kept
            sys.exit(0)
        if kept_help.answered(args):  # `gitsplit --help`, as click printed it last time
            sys.exit(0)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    # A listing of 10,000 records allocates a few hundred thousand objects that live until
    # the process ends; at the default threshold the cycle collector walks them again and
    # again (a third of `queue --json`'s time). One run is short: collect rarely (as mypy does).
    gc.set_threshold(200_000, 30, 30)
    import click

    from gitsplit.cli.commands import cli

    try:
        if kept_help.wanted(args):  # what click's --help prints, then kept for next time
            ctx = click.Context(cli, info_name="gitsplit", **cli.context_settings)
            text = cli.get_help(ctx)
            click.echo(text)
            kept_help.keep(text, click.__file__)
            sys.exit(0)
        result = cli.main(args=args, prog_name="gitsplit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort) as exc:
        advice = getattr(exc, "advice", None)  # runs.interrupted.StartInterrupted
        click.echo("gitsplit: interrupted" + (f"; {advice}" if advice else ""), err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception:
        import traceback  # only on the way out: it costs `--help` a tenth of its time

        traceback.print_exc()
        click.echo(
            "gitsplit: this is a bug in gitsplit; please report it with the traceback above",
            err=True,
        )
        sys.exit(3)
    finally:
        poll.forget()
    sys.exit(result if isinstance(result, int) else 0)

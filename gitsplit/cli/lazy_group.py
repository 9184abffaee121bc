"""The command group gitsplit's CLI is built on: lazy imports, sections, clean errors."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import click

from gitsplit.errors import GitsplitError
from gitsplit.util.text import EscapedOutput, escape


class ReportedError(click.ClickException):
    """A GitsplitError on its way to stderr with exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        """Print ``gitsplit: error: ...`` (control characters in it escaped)."""
        click.echo(escape(f"gitsplit: error: {self.message}"), err=True)


def load_command(module: str, attribute: str) -> click.Command:
    """The click command ``attribute`` of ``module``, imported now."""
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use and listed by section.

    ``table`` maps a name to (module, attribute, section, one-line help).
    """

    table: ClassVar[dict[str, tuple[str, str, str, str]]] = {}
    sections: ClassVar[tuple[str, ...]] = ()

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, in table order."""
        return list(self.table)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return one command."""
        entry = self.table.get(cmd_name)
        return None if entry is None else load_command(entry[0], entry[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands by section with their one-line help, without importing them."""
        for section in self.sections:
            rows = [(name, entry[3]) for name, entry in self.table.items() if entry[2] == section]
            if rows:
                with formatter.section(section):
                    formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Resolve a command, suggesting the closest name for a typo."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            close = difflib.get_close_matches(args[0], list(self.table), n=1) if args else []
            if close:
                raise click.UsageError(f"{exc.message} Did you mean {close[0]!r}?", ctx) from None
            raise

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command with its output escaped, turning gitsplit's errors into messages."""
        try:
            with EscapedOutput():
                return super().invoke(ctx)
        except GitsplitError as exc:
            raise ReportedError(str(exc)) from None

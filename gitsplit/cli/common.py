"""Helpers shared by the commands: opening the ledger, JSON output, tables, body input."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from gitsplit.cli.options import json_option as json_option
from gitsplit.cli.options import pretty_option as pretty_option
from gitsplit.errors import GitsplitError

if TYPE_CHECKING:  # imported when a ledger is opened: it brings PyYAML, which a kept answer spares
    from gitsplit.ledger.store import Ledger

F = TypeVar("F", bound=Callable[..., Any])


def open_ledger() -> Ledger:
    """The ledger of the repository around the current folder."""
    from gitsplit.ledger.store import Ledger

    return Ledger.open()


def emit_json(data: Any, *, compact: bool = False) -> None:
    """Print data as JSON: indented, or on one line when ``compact`` (for listings at scale)."""
    if compact:
        text = compact_json(data)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    # JSON escapes every control character, so there is no ANSI code to strip: color=True
    # spares click a regex pass over megabytes of output.
    click.echo(text, color=True)


def compact_json(data: Any) -> str:
    """JSON on one line, as listings print it to a pipe (and keep it: cli/kept_answer)."""
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))


def listing_compact(pretty: bool) -> bool:
    """True when a listing's JSON goes out compact: not asked ``--pretty``, not a terminal."""
    return not pretty and not sys.stdout.isatty()


def read_body(source: str | None) -> str | None:
    """The text of ``--body-file`` (``-`` reads standard input)."""
    if source is None:
        return None
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise GitsplitError(
                f"cannot read --body-file {source}: {(exc.strerror or str(exc)).lower()}"
            ) from None
        except UnicodeDecodeError:
            raise GitsplitError(
                f"cannot read --body-file {source}: it is not UTF-8 text",
                hint="a body is Markdown text",
            ) from None
    return text if text.endswith("\n") or not text else text + "\n"


def body_options(what: str) -> Callable[[F], F]:
    """``--body TEXT`` and ``--body-file FILE`` alike, for every command that authors a record."""

    def decorate(func: F) -> F:
        func = click.option(
            "--body-file",
            metavar="FILE",
            help=f"{what} from FILE ('-' for stdin).",
        )(func)
        return click.option("--body", metavar="TEXT", help=f"{what} as text.")(func)

    return decorate


def body_text(body: str | None, body_file: str | None) -> str | None:
    """The body given as ``--body`` or ``--body-file`` (not both), or None."""
    if body is not None and body_file is not None:
        raise click.UsageError("give --body or --body-file, not both")
    if body is not None:
        return body if body.endswith("\n") or not body else body + "\n"
    return read_body(body_file)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Plain aligned columns; the last column is not padded."""
    if not rows:
        return ""
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=False)]
        cells.append(str(row[-1]))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK, emoji) characters take two, combining none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def field_lines(pairs: Sequence[tuple[str, Any]]) -> list[str]:
    """``name:   value`` lines for the non-empty values."""
    shown = [
        (name, ", ".join(map(str, v)) if isinstance(v, list) else str(v))
        for name, v in pairs
        if v not in (None, "", [])
    ]
    width = max((len(name) for name, _ in shown), default=0) + 1
    return [f"{(name + ':').ljust(width)} {value}" for name, value in shown]


def warn_unreadable(errors: Sequence[GitsplitError]) -> None:
    """Name every file a listing could not read, on stderr."""
    for error in errors:
        click.echo(f"gitsplit: warning: skipped {error}", err=True)
    if errors:
        click.echo("gitsplit: `gitsplit check` lists every problem in the ledger", err=True)

"""The ``--json`` and ``--pretty`` options, in a module light enough for a command's fast path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def json_option(func: F) -> F:
    """The ``--json`` flag every data command has."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON with stable keys instead of text."
    )(func)


def pretty_option(func: F) -> F:
    """``--pretty``: indent the JSON of a listing even when it goes to a pipe."""
    return click.option(
        "--pretty",
        is_flag=True,
        help="Indent the --json output (it is compact unless printed on a terminal).",
    )(func)

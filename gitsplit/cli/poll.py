"""A bare listing poll to a pipe, answered from its kept answer before click is imported.

Scripts and agents poll ``queue --json``, ``ready --json`` and ``wo list --json``, and
between two polls the ledger rarely changes, so the answer is usually kept (D-57). Then
importing click and the command table is a third of the run. When the arguments are
exactly one of those three, standard output is no terminal and the answer is kept, it is
printed here (D-75). Anything else goes through the CLI as before; a miss hands the CLI
what was looked up here, so the key is not made twice.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: this path imports no typing
if TYPE_CHECKING:
    from typing import Any

NOT_LOOKED_UP = object()
_looked_up: list[Any] = []  # [(request, what answer_cache.lookup gave)] for this run's CLI


def listing_request(
    command: str, classes: tuple[str, ...], tier: str | None, no_live: bool
) -> tuple[str, ...]:
    """The request a kept answer of ``queue`` or ``ready`` is filed under."""
    return (command, *sorted(set(classes)), f"tier={tier or ''}", f"live={not no_live}")


def wo_list_request(
    statuses: tuple[str, ...], classes: tuple[str, ...], priorities: tuple[str, ...], no_live: bool
) -> tuple[str, ...]:
    """The request a kept answer of ``wo list --json`` is filed under."""
    chosen = (("status", statuses), ("class", classes), ("priority", priorities))
    return (
        "wo-list",
        *(f"{name}={','.join(sorted(set(values)))}" for name, values in chosen),
        f"live={not no_live}",
    )


def _bare(args: list[str]) -> tuple[tuple[str, ...], bool] | None:
    """(request, whether it shows claims) of an argument list served here, else None."""
    if args == ["queue", "--json"]:
        return listing_request("queue", (), None, False), True
    if args == ["ready", "--json"]:
        return listing_request("ready", (), None, False), True
    if args == ["wo", "list", "--json"]:
        return wo_list_request((), (), (), False), False
    return None


def answered(args: list[str]) -> bool:
    """Print the kept answer of a bare poll and say True; False: run the CLI."""
    import sys

    bare = _bare(args)
    if bare is None or sys.stdout is None or sys.stdout.isatty():
        return False
    from gitsplit.ledger import answer_cache

    request, claims = bare
    found = answer_cache.lookup(request, claims_shown=claims)
    if found is None or not isinstance(found[2], bytes):
        _looked_up[:] = [(request, found)]
        return False
    # kept as the CLI prints it: escaped (cli/kept_answer.py), in UTF-8
    out = getattr(sys.stdout, "buffer", None)
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if out is None or encoding != "utf8":  # the text stream encodes it as the CLI's would
        try:
            sys.stdout.write(found[2].decode("utf-8") + "\n")  # encoded whole, then written
        except UnicodeError:  # not in the stream's encoding: the CLI says so as it always has
            _looked_up[:] = [(request, found)]
            return False
    else:
        sys.stdout.flush()
        out.write(found[2])
        out.write(b"\n")
    sys.stdout.flush()
    return True


def take(request: tuple[str, ...]) -> Any:
    """What this run looked up for ``request`` before the CLI started, or NOT_LOOKED_UP."""
    if _looked_up and _looked_up[0][0] == request:
        return _looked_up.pop()[1]
    return NOT_LOOKED_UP


def forget() -> None:
    """Drop what was looked up (the CLI has run; an in-process caller may run it again)."""
    _looked_up.clear()

"""``gitsplit --help`` printed from its kept text, before click is imported (D-77).

The top-level help is a function of gitsplit's code, click's code and the terminal: it
lists the command table without importing a command. Importing click is most of its
cost, so the text click made last time is kept in ``<git dir>/gitsplit/help`` under a key
of all of that: gitsplit's and click's source files (name, size, mtime), Python's
version, the terminal's width, whether output is a terminal, and the environment click's
formatter or its translations read. A key that differs in anything (or a file that is
damaged, foreign or absent) goes to click, which makes the text, prints it as its own
``--help`` does and keeps it. Outside a repository nothing is kept. A cache, deleted at
any time, off with ``GITSPLIT_NO_INDEX=1`` or ``GITSPLIT_NO_KEPT_ANSWERS=1``.
"""

from __future__ import annotations

import marshal
import os
import sys

from gitsplit.util.bounded_read import read_at_most
from gitsplit.util.code_key import GITSPLIT_PACKAGE, source_files

TYPE_CHECKING = False  # not typing's: this path imports no typing
if TYPE_CHECKING:
    from typing import Any

HELP_ARGS = (["--help"], ["-h"])
FILE_NAME = "help"
MAX_BYTES = 1024 * 1024
_FORMAT = 1
_MAGIC = b"gitsplit-help\x00" + bytes([_FORMAT])
# what click's formatter (terminal size), echo (colour) and gettext (language) may read
_ENVIRONMENT = (
    "COLUMNS",
    "LINES",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
)
_OFF = ("GITSPLIT_NO_INDEX", "GITSPLIT_NO_KEPT_ANSWERS")


def wanted(args: list[str]) -> bool:
    """True for a bare ``--help`` (or ``-h``) with the kept answers on."""
    return args in HELP_ARGS and not any(os.environ.get(name) for name in _OFF)


def answered(args: list[str]) -> bool:
    """Print the kept top-level help and say True; False: let click make it."""
    if not wanted(args) or sys.stdout is None:
        return False
    path = _path()
    key = _key(None)
    if path is None or key is None:
        return False
    data = read_at_most(path, MAX_BYTES)
    start = len(_MAGIC) + 8
    if data is None or len(data) > MAX_BYTES or not data.startswith(_MAGIC):
        return False
    size = int.from_bytes(data[len(_MAGIC) : start], "little")
    if data[start : start + size] != key:
        return False
    try:
        text = data[start + size :].decode("utf-8")
        sys.stdout.write(text + "\n")  # as click.echo writes it
        sys.stdout.flush()
    except UnicodeError:  # not in this stream's encoding: click says so as it always has
        return False
    return True


def keep(text: str, click_file: str) -> None:
    """Keep the help click made (best effort: it is a cache)."""
    path = _path()
    key = _key(os.path.dirname(os.path.abspath(click_file)))
    if path is None or key is None:
        return
    data = _MAGIC + len(key).to_bytes(8, "little") + key + text.encode("utf-8")
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        try:  # noqa: SIM105 (contextlib is one more import on the path that serves --help)
            os.unlink(temporary)
        except OSError:
            pass


def _key(imported_from: str | None) -> bytes | None:
    """The key's bytes, or None when click cannot be found as Python would import it.

    ``imported_from``: the folder click was imported from, when it was (it must be the
    one the search finds, or nothing is kept).
    """
    click = _click_folder()
    if click is None or (imported_from is not None and imported_from != click):
        return None
    try:
        stdout = sys.stdout
        tty = bool(stdout is not None and stdout.isatty())
        parts: tuple[Any, ...] = (
            _FORMAT,
            tuple(sys.version_info[:3]),
            source_files(GITSPLIT_PACKAGE),
            source_files(click),
            tuple(os.environ.get(name) for name in _ENVIRONMENT),
            tty,
            _terminal_columns(),
        )
    except (OSError, ValueError):
        return None
    return marshal.dumps(parts, 0)


def _terminal_columns() -> int | None:
    """The width the terminal reports (what shutil.get_terminal_size asks), or None."""
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return None


def _click_folder() -> str | None:
    """click's package folder, found on sys.path as the import system finds it, or None
    when something else named click comes first (a module, an extension, a namespace)."""
    for entry in sys.path:
        base = os.path.abspath(entry or os.getcwd())
        folder = os.path.join(base, "click")
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return folder
        try:
            names = os.listdir(base) if os.path.isdir(base) else []
        except OSError:
            return None
        if any(name == "click" or name.startswith("click.") for name in names):
            return None  # a module, an extension or a folder without __init__.py: not ours
    return None


def _path() -> str | None:
    """``<git dir>/gitsplit/help`` of the repository around the current folder, or None."""
    try:
        here = os.getcwd()
    except OSError:
        return None
    while True:
        dot = os.path.join(here, ".git")
        git_dir = None
        if os.path.isdir(dot) and not os.path.islink(dot):
            git_dir = dot
        elif os.path.isfile(dot):
            try:
                with open(dot, encoding="utf-8") as handle:
                    line = handle.readline().strip()
            except (OSError, UnicodeError):
                return None
            if line.startswith("gitdir:"):
                found = os.path.join(here, line[len("gitdir:") :].strip())
                git_dir = found if os.path.isdir(found) else None
            if git_dir is None:
                return None
        if git_dir is not None:
            holder = os.path.join(git_dir, "gitsplit")
            return None if os.path.islink(holder) else os.path.join(holder, FILE_NAME)
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent

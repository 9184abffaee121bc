"""``gitsplit --help`` printed from its kept text, before click is imported (D-77).

The top-level help is a function of gitsplit's code, click's code and the terminal: it
lists the command table without importing a command. Importing click is most of its
cost, so the text click made last time is kept in ``<git dir>/gitsplit/help`` under a key
of all of that: gitsplit's and click's source files (name, size, mtime), Python's
version, the terminal's width, whether output is a terminal, and the environment click's
formatter or its translations read. A key that differs in anything (or a file that is
damaged, foreign or absent) goes to click, which makes the text, prints it as its own
``--help`` does and keeps it. Outside a repository with a ledger nothing is kept. A
cache, deleted at any time, off with ``GITSPLIT_NO_INDEX=1`` or
``GITSPLIT_NO_KEPT_ANSWERS=1``.
"""

from __future__ import annotations

import marshal
import os
import sys

from gitsplit.util import cache_file
from gitsplit.util.code_key import GITSPLIT_PACKAGE, package_folder, source_files
from gitsplit.util.git_dir import cache_path

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


def wanted(args: list[str]) -> bool:
    """True for a bare ``--help`` (or ``-h``) with the kept answers on."""
    return args in HELP_ARGS and not cache_file.kept_answers_off()


def answered(args: list[str]) -> bool:
    """Print the kept top-level help and say True; False: let click make it."""
    if not wanted(args) or sys.stdout is None:
        return False
    path = _path()
    key = _key(None)
    if path is None or key is None:
        return False
    kept = cache_file.read(path, _MAGIC, key, MAX_BYTES)
    if kept is None:
        return False
    try:
        text = str(kept, "utf-8")
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
    cache_file.write(path, _MAGIC, key, text.encode("utf-8"))


def _key(imported_from: str | None) -> bytes | None:
    """The key's bytes, or None when click cannot be found as Python would import it.

    ``imported_from``: the folder click was imported from, when it was (it must be the
    one the search finds, or nothing is kept).
    """
    click = package_folder("click")
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


def _path() -> str | None:
    """``<git dir>/gitsplit/help`` of the gitsplit repository around the current folder."""
    try:
        here = os.getcwd()
    except OSError:
        return None
    while not os.path.lexists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
    if not os.path.isdir(os.path.join(here, ".workledger")):
        return None  # not a gitsplit repository: its git dir is not ours to write in
    return cache_path(here, FILE_NAME)

"""The syntax of a work order's ``files`` entries: a path, a line range or a symbol in a file.

``src/x.py`` (a path or a glob), ``src/x.py#L72-158`` or ``src/x.py#L72`` (lines of a file),
``src/x.py::TimestampSigner.unsign`` (a definition in a file, found when the briefing is
rendered). Parsing lives here so the schema can refuse a malformed entry; finding a range or
a symbol in a file's text is the briefing's job (``briefing/locate.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An entry that holds ``#L`` or ``::`` must end in a well-formed range or symbol: the same
# pattern serves the schema check and the JSON Schema (``json_schema.py``).
PART_MARKS = "#L|::"
WELL_FORMED_PART = r"^(?:(?!::)(?!#L).)+(?:#L[1-9][0-9]*(?:-L?[1-9][0-9]*)?|::[^\s:#]+)$"
_PART = re.compile(WELL_FORMED_PART, re.S)
_RANGE = re.compile(r"^(?P<path>.+?)#L(?P<start>[0-9]+)(?:-L?(?P<end>[0-9]+))?$", re.S)


@dataclass(frozen=True)
class FileEntry:
    """One ``files`` entry: its path (or glob) and what it names inside the file, if anything."""

    text: str
    path: str
    start: int = 0  # first line of a range (0: no range)
    end: int = 0  # last line of a range, inclusive
    symbol: str = ""

    @property
    def plain(self) -> bool:
        """True when the entry names a whole file (or a glob), not a part of one."""
        return not self.start and not self.symbol


def parse_entry(text: str) -> FileEntry:
    """A ``files`` entry as a FileEntry; ValueError says what is wrong with a malformed one."""
    problem = entry_problem(text)
    if problem:
        raise ValueError(problem)
    if "::" in text:
        path, _, symbol = text.partition("::")
        return FileEntry(text, path, symbol=symbol)
    match = _RANGE.match(text) if "#L" in text else None
    if match is None:
        return FileEntry(text, text)
    first = int(match.group("start"))
    last = int(match.group("end") or first)
    return FileEntry(text, match.group("path"), first, last)


def entry_problem(text: str) -> str | None:
    """Why a ``files`` entry is malformed, or None (a range that ends before it starts is
    well-formed: the briefing says it names no lines)."""
    if not re.search(PART_MARKS, text) or _PART.match(text):
        return None
    if "::" in text:
        return f"{text!r} that names no symbol: write PATH::NAME, e.g. src/x.py::Class.method"
    return f"{text!r} that names no lines: write PATH#L72-158 or PATH#L72 (lines from 1)"

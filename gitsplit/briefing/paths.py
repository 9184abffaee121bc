"""Path globs as work orders and decisions write them, and when two of them overlap.

Globs are anchored at the repository root: ``*`` and ``?`` stay inside one folder, ``**``
spans folders, ``[...]`` is a character class. A glob that matches a folder matches everything
under it (as in .gitignore and git pathspecs), so ``docs``, ``docs/`` and ``docs/**`` agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

WILDCARDS = "*?["


def is_literal(glob: str) -> bool:
    """True when the glob has no wildcard: it names one file or folder."""
    return not any(char in glob for char in WILDCARDS)


def literal_prefix(glob: str) -> str:
    """The part of a glob before its first wildcard (the whole glob when it has none)."""
    cut = min((glob.index(char) for char in WILDCARDS if char in glob), default=len(glob))
    return _clean(glob)[:cut] if cut == len(glob) else glob[:cut].lstrip("/")


@lru_cache(maxsize=1024)
def _regex(glob: str) -> re.Pattern[str]:
    """A compiled regex for one glob."""
    text = _clean(glob)
    if is_literal(text):
        return re.compile(re.escape(text) + r"(/.*)?" if text else r".*", re.DOTALL)
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if text.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
            continue
        if text.startswith("**", i):
            out.append(r".*")
            i += 2
            continue
        if char == "*":
            out.append(r"[^/]*")
        elif char == "?":
            out.append(r"[^/]")
        elif char == "[" and "]" in text[i + 2:] + text[i + 1:i + 2]:
            end = text.index("]", i + 2 if text[i + 1:i + 2] == "]" else i + 1)
            body = text[i + 1:end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"(/.*)?", re.DOTALL)


def _clean(glob: str) -> str:
    """A glob without leading ``./`` or ``/``; a trailing ``/`` becomes ``/**``."""
    text = glob.strip()
    while text.startswith("./"):
        text = text[2:]
    text = text.lstrip("/")
    return text + "**" if text.endswith("/") else text


def matches(glob: str, path: str) -> bool:
    """True when ``path`` (repository-relative) is matched by ``glob``."""
    return _regex(glob).fullmatch(path) is not None


def matching(globs: Sequence[str], paths: Iterable[str]) -> list[str]:
    """The paths any of the globs match, in the order given."""
    return [path for path in paths if any(matches(glob, path) for glob in globs)]


def overlaps(one: str, two: str, tracked: Sequence[str]) -> bool:
    """True when two globs may name the same path.

    They overlap when one's literal prefix starts the other's (for two plain paths: the same
    path, or one a folder holding the other), or when some tracked file matches both.
    """
    a, b = literal_prefix(one), literal_prefix(two)
    if is_literal(one) and is_literal(two):
        a, b = a.rstrip("/"), b.rstrip("/")
        if a == b or not a or not b or a.startswith(b + "/") or b.startswith(a + "/"):
            return True
    elif a.startswith(b) or b.startswith(a):
        return True
    return any(matches(one, path) and matches(two, path) for path in tracked)


def any_overlap(ones: Sequence[str], twos: Sequence[str], tracked: Sequence[str]) -> str | None:
    """The first ``"A overlaps B"`` pair between two glob lists, or None."""
    for one in ones:
        for two in twos:
            if overlaps(one, two, tracked):
                return f"{one} ~ {two}"
    return None

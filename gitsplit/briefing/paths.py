"""Which tracked files a scope names, and when two globs overlap (matching: ``util.globs``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from gitsplit.util import globs as globs_

WILDCARDS = "*?["


def is_literal(glob: str) -> bool:
    """True when the glob has no wildcard: it names one file or folder."""
    return not any(char in glob for char in WILDCARDS)


def literal_prefix(glob: str) -> str:
    """The part of a glob before its first wildcard (the whole glob when it has none)."""
    cut = min((glob.index(char) for char in WILDCARDS if char in glob), default=len(glob))
    return _clean(glob)[:cut] if cut == len(glob) else glob[:cut].lstrip("/")


def _clean(glob: str) -> str:
    """A glob without leading ``./`` or ``/``; a trailing ``/`` becomes ``/**``."""
    text = glob.strip()
    while text.startswith("./"):
        text = text[2:]
    text = text.lstrip("/")
    return text + "**" if text.endswith("/") else text


def matching(globs: Sequence[str], paths: Iterable[str]) -> list[str]:
    """The paths any of the globs match, in the order given.

    A path that does not start with a glob's leading plain folders is not matched against
    it: at 10,000 tracked files the full match of every path cost a briefing ~100 ms.
    """
    heads = [(glob, _fixed_head(glob)) for glob in globs]
    return [
        path
        for path in paths
        if any(
            (not head or path == head or path.startswith(head + "/")) and globs_.match(glob, path)
            for glob, head in heads
        )
    ]


def _fixed_head(glob: str) -> str:
    """The glob's leading segments without a wildcard, as a path (``src/a`` of ``src/a/*.py``).

    Every path the glob covers starts with them: they are matched one for one from the root.
    """
    segments = globs_.pattern_segments(glob)
    fixed: list[str] = []
    for part in segments:
        if part == "**" or any(char in part for char in WILDCARDS):
            break
        fixed.append(part)
    return "/".join(fixed)


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
    return not _matches(one, tuple(tracked)).isdisjoint(_matches(two, tuple(tracked)))


@functools.lru_cache(maxsize=1024)
def _matches(glob: str, tracked: tuple[str, ...]) -> frozenset[str]:
    """The tracked paths one glob matches (remembered: a briefing asks for each glob often)."""
    prefix = literal_prefix(glob).strip()
    while prefix.startswith(("./", "/")):
        prefix = prefix.removeprefix(".").removeprefix("/")
    return frozenset(p for p in tracked if p.startswith(prefix) and globs_.match(glob, p))


def any_overlap(ones: Sequence[str], twos: Sequence[str], tracked: Sequence[str]) -> str | None:
    """The first ``"A overlaps B"`` pair between two glob lists, or None."""
    for one in ones:
        for two in twos:
            if overlaps(one, two, tracked):
                return f"{one} ~ {two}"
    return None

"""Scope globs that match no tracked file, and the closest path that exists (issue 17).

A mistyped scope (``src/itsdangerus/**``) used to be accepted silently: the run was then
told that no file matched and refused every commit. ``check``, ``wo new`` and ``wo set``
warn about such a glob and suggest the nearest tracked folder or file (``difflib``).
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger.records import Record, WorkOrder
from gitsplit.ledger.schema import Problem
from gitsplit.util import globs

WILDCARDS = "*?["
SETTLED = ("draft", "done", "cancelled")  # a draft is unfinished on purpose (D-66)


class Tracked:
    """The tracked paths of a tree, sorted, with their folders, for prefix look-ups."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = sorted(paths)
        folders: set[str] = set()
        for path in self.paths:
            parts = path.split("/")[:-1]
            folders.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
        self.folders = sorted(folders)
        self._folder_set = folders
        self._known: dict[str, bool] = {}
        self._near: dict[str, str | None] = {}

    def any_match(self, glob: str) -> bool:
        """True when the glob matches at least one tracked path (remembered per glob)."""
        if glob not in self._known:
            start = _prefix(glob)
            hit = False
            for path in self.paths[bisect.bisect_left(self.paths, start) :]:
                if not path.startswith(start):
                    break  # sorted: every path under ``start`` came before this one
                if globs.match(glob, path):
                    hit = True
                    break
            self._known[glob] = hit
        return self._known[glob]

    def closest(self, glob: str) -> str | None:
        """The existing path or folder nearest to a glob that matches nothing, as a glob.

        Remembered per glob. A glob's folder that does not exist is compared with the
        tracked folders; a glob under an existing folder with that folder's paths, and
        one without a folder with the top level's: never with every tracked path.
        """
        if glob not in self._near:
            self._near[glob] = self._closest(glob)
        return self._near[glob]

    def _closest(self, glob: str) -> str | None:
        """``closest`` made anew."""
        cleaned = glob.strip().removeprefix("./").lstrip("/")
        folder = _prefix(cleaned)
        rest = cleaned[len(folder) :]
        if folder and folder not in self._folder_set:
            near = difflib.get_close_matches(folder, self.folders, n=1, cutoff=0.6)
            return near[0] + rest if near else None
        if folder:
            pool = [*_under(self.paths, folder), *_under(self.folders, folder)]
        else:
            pool = [p for p in [*self.paths, *self.folders] if "/" not in p.rstrip("/")]
        near = difflib.get_close_matches(cleaned, pool, n=1, cutoff=0.6)
        return near[0] if near else None


def _under(paths: list[str], folder: str) -> list[str]:
    """The sorted ``paths`` that start with ``folder``."""
    start = bisect.bisect_left(paths, folder)
    end = bisect.bisect_left(paths, folder[:-1] + chr(ord(folder[-1]) + 1), lo=start)
    return paths[start:end]


def _prefix(glob: str) -> str:
    """The folder part of a glob before its first wildcard: ``src/a/`` of ``src/a/*.py``."""
    text = glob.strip().removeprefix("./").lstrip("/")
    cut = min((text.index(c) for c in WILDCARDS if c in text), default=len(text))
    head = text[:cut]
    return head[: head.rindex("/") + 1] if "/" in head else ""


def unmatched(scope: Sequence[str], tracked: Tracked) -> list[str]:
    """The globs of a scope that match no tracked file, in the order given."""
    return [glob for glob in scope if not tracked.any_match(glob)]


def describe(glob: str, tracked: Tracked) -> str:
    """``scope 'X' matches no tracked file (did you mean 'Y'?)``."""
    near = tracked.closest(glob)
    hint = f" (did you mean {near!r}?)" if near else ""
    return f"scope {glob!r} matches no tracked file{hint}"


def scope_warnings(records: Iterable[Record], tracked: Tracked) -> list[Problem]:
    """One warning per scope glob of a work order (not a draft, not closed) that matches no
    tracked file."""
    found: list[Problem] = []
    for record in records:
        if not isinstance(record, WorkOrder) or record.status in SETTLED:
            continue
        for glob in unmatched(record.scope, tracked):
            found.append(
                Problem(
                    record.path,
                    record.doc.line_of("scope"),
                    f"warning: {describe(glob, tracked)}",
                    "scope",
                )
            )
    return found


def notes_for(root: Path, wo_id: str, scope: Sequence[str]) -> list[str]:
    """What ``wo new`` and ``wo set`` say on stderr about a scope that matches nothing."""
    if not scope:
        return []
    tracked = Tracked(gitio.ls_files(root))
    return [
        f"gitsplit: warning: {wo_id}: {describe(glob, tracked)}"
        for glob in unmatched(scope, tracked)
    ]

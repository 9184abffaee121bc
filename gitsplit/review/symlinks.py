"""Symlinks a branch adds: a link inside its scope may still point outside it.

A committed link is data to git but a path to every program that follows it: a link in
``src/`` to ``../.workledger/config.yaml`` or to ``/etc/passwd`` lets whatever reads
``src/`` read something the scope never granted. Review warns about each such link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger import ids
from gitsplit.ledger.layout import SYMLINK_MODE
from gitsplit.review.findings import Finding, warning
from gitsplit.util import globs
from gitsplit.util.text import one_line


def findings(root: Path, tip: str, scope: Sequence[str], paths: Sequence[str]) -> list[Finding]:
    """A warning for each symlink among ``paths`` at ``tip`` that points where it should not."""
    if not paths:
        return []
    out = gitio.run(root, "ls-tree", "-z", tip, "--", *paths)
    links = []
    for item in filter(None, out.split("\0")):
        meta, name = item.split("\t", 1)
        mode, _kind, sha = meta.split()
        if mode == SYMLINK_MODE:
            links.append((name, sha))
    targets = gitio.read_blobs(root, (sha for _name, sha in links))
    found = []
    for name, sha in links:
        target = targets.get(sha, b"").decode("utf-8", "replace")
        why = _where_it_points(name, target, scope)
        if why:
            found.append(
                warning(
                    "symlink",
                    f"{one_line(name)} is a symlink to {one_line(target)}, {why}",
                    path=name,
                )
            )
    return found


def _where_it_points(link: str, target: str, scope: Sequence[str]) -> str | None:
    """Why a link's target is out of bounds, or None when it stays inside the scope."""
    if posixpath.isabs(target):
        return "outside the repository"
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(link), target))
    if resolved == ".." or resolved.startswith("../"):
        return "outside the repository"
    if resolved == ids.LEDGER_DIR or resolved.startswith(ids.LEDGER_DIR + "/"):
        return "inside the ledger"
    if scope and globs.first_match(scope, resolved) is None:
        return "outside the scope"
    return None

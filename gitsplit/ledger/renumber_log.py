"""Renumberings done during one conflicted merge, kept under .git/ so later ones apply them.

When both sides of a merge added WO-2 and WO-3, and their WO-3 depends on their WO-2,
renumbering WO-2 cannot rewrite their WO-3 (it is still in conflict). Renumbering WO-3
later takes their WO-3 from the merge's index stage, so it must apply the earlier
WO-2 → WO-4 itself. The file is disposable: it only matters while that merge is going on.
"""

from __future__ import annotations

import json
from pathlib import Path

from gitsplit import gitio
from gitsplit.util.atomic import atomic_write


def _path(root: Path, merge_sha: str) -> Path:
    """Where the renumberings of the merge of ``merge_sha`` are kept."""
    return gitio.git_dir(root) / "gitsplit" / f"renumbered-{merge_sha}.json"


def load(root: Path, merge_sha: str) -> list[tuple[str, str, str]]:
    """The (old id, new id, side moved) renumberings already done in this merge."""
    try:
        data = json.loads(_path(root, merge_sha).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [
        (str(a), str(b), str(c))
        for a, b, c in (item for item in data if isinstance(item, list) and len(item) == 3)
    ]


def remember(root: Path, merge_sha: str, old: str, new: str, side: str) -> None:
    """Add one renumbering to the merge's list."""
    items = [*load(root, merge_sha), (old, new, side)]
    atomic_write(_path(root, merge_sha), json.dumps([list(item) for item in items]) + "\n")

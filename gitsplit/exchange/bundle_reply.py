"""``bundle reply``: on the receiving side, pack the run's new commits and its result note."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gitsplit import __version__, gitio
from gitsplit.errors import GitsplitError
from gitsplit.exchange import archive
from gitsplit.exchange.bundle_in import RECEIVED
from gitsplit.exchange.bundle_out import author
from gitsplit.gitio import bundles
from gitsplit.ledger import ids
from gitsplit.util import clock

REPLY_MEMBERS = frozenset({"reply.bundle", "run.md"})


def reply(start: Path, target: Path | None) -> Path:
    """Write the reply of the bundle imported here; the path written."""
    root = gitio.discover(start)
    marker = gitio.git_dir(root, common=True) / RECEIVED
    if not marker.is_file():
        raise GitsplitError(
            f"{root} was not made by `gitsplit bundle import`, so there is nothing to reply to"
        )
    sent: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
    branch, tip = str(sent["branch"]), str(sent["tip"])
    if gitio.current_branch(root) != branch:
        raise GitsplitError(f"the bundle's run is on {branch}", hint=f"git switch {branch}")
    if gitio.status(root, untracked=False):
        raise GitsplitError("there are uncommitted changes; commit them (or drop them) first")
    head = gitio.resolve(root, "HEAD")
    assert head is not None
    if head == tip:
        raise GitsplitError("no commits since the bundle was made: nothing to reply with")
    if not gitio.is_ancestor(root, tip, head):
        raise GitsplitError(f"{branch} no longer descends from the bundle's tip {tip[:12]}")
    record = ids.RUNS_DIR + f"/{sent['wo']}/{sent['run']}.md"
    run_text = gitio.read_blob(root, f"{head}:{record}") or b""
    scratch = Path(tempfile.mkdtemp(prefix="gitsplit-reply-"))
    try:
        bundles.create(root, scratch / "reply.bundle", branch, f"^{tip}")
        out = target or root.parent / f"{sent['run']}.gitsplit-reply"
        manifest = {
            "kind": "reply",
            "answers": {
                key: sent[key] for key in ("wo", "run", "branch", "base", "tip", "briefing_sha256")
            },
            "head": head,
            "commits": len(gitio.rev_list(root, tip, head)),
            "gitsplit_version": __version__,
            "created_at": clock.timestamp(),
            "created_by": author(root),
        }
        archive.write(
            out,
            manifest,
            {"reply.bundle": (scratch / "reply.bundle").read_bytes(), "run.md": run_text},
        )
        return out
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

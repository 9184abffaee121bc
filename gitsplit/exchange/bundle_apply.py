"""``bundle apply``: take a reply's commits onto the run's branch, record where they came from.

A reply is hostile input. It must answer a bundle exported here (its run's branch exists,
ends where the bundle left it, and its run record has the same base and briefing sha256),
its commits must descend from that tip, and it only ever moves the run's own branch, by
compare-and-swap, never the authority branch and never a branch checked out anywhere.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.exchange import archive
from gitsplit.exchange.bundle_out import author
from gitsplit.exchange.bundle_reply import REPLY_MEMBERS
from gitsplit.gitio import bundles
from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.store import Ledger
from gitsplit.util import clock
from gitsplit.util.atomic import atomic_write

_SHA = re.compile(r"^[0-9a-f]{40}$")


def apply(ledger: Ledger, path: Path) -> dict[str, Any]:
    """Apply a reply; what moved (branch, old tip, new tip, commits)."""
    root = ledger.root
    found = archive.read(path, "reply", REPLY_MEMBERS)
    answers = _answers(found.manifest, path.name)
    branch, tip, head = answers["branch"], answers["tip"], str(found.manifest.get("head"))
    if not _SHA.match(head):
        raise archive.BundleError(f"{path.name}: its head {head!r} is not a commit id")
    if branch == ledger.config.default_branch:
        raise archive.BundleError(f"{path.name} would move the authority branch {branch}")
    here = gitio.resolve(root, f"refs/heads/{branch}")
    if here is None:
        raise archive.BundleError(
            f"{path.name} answers a bundle of {answers['run']}, but there is no branch {branch} "
            "here: it answers no bundle this repository exported"
        )
    if here == head:
        raise GitsplitError(f"{path.name} is already applied: {branch} is at {head[:12]}")
    if here != tip:
        raise GitsplitError(
            f"{branch} has moved since the bundle was exported ({tip[:12]} → {here[:12]}); "
            "a reply only lands on the branch as it was sent",
        )
    _refuse_unknown_run(root, answers, tip, path.name)
    _refuse_checked_out(root, branch)
    incoming = f"refs/gitsplit/incoming/{answers['run']}"
    scratch = Path(tempfile.mkdtemp(prefix="gitsplit-apply-"))
    try:
        bundle = scratch / "reply.bundle"
        bundle.write_bytes(found.members["reply.bundle"])
        carried = bundles.heads(root, bundle)
        if carried.get(f"refs/heads/{branch}") != head:
            raise archive.BundleError(
                f"{path.name}: its git bundle does not carry {branch} at {head[:12]}"
            )
        bundles.fetch(root, bundle, f"refs/heads/{branch}", incoming)
        if not gitio.is_ancestor(root, tip, head):
            raise archive.BundleError(f"{path.name}: its commits do not descend from {tip[:12]}")
        commits = gitio.rev_list(root, tip, head)
        gitio.run(root, "update-ref", f"refs/heads/{branch}", head, tip)
        recorded = _record(
            root, answers, found.manifest, archive.sha256(path.read_bytes()), scratch / "worktree"
        )
    finally:
        gitio.run(root, "update-ref", "-d", incoming, check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "branch": branch,
        "from": tip,
        "to": recorded,
        "commits": len(commits),
        "wo": answers["wo"],
        "run": answers["run"],
    }


def _answers(manifest: dict[str, Any], where: str) -> dict[str, str]:
    """What the reply says it answers, every value checked for shape."""
    raw = manifest.get("answers")
    if not isinstance(raw, dict):
        raise archive.BundleError(f"{where}: its manifest does not say what it answers")
    answers = {
        key: str(raw.get(key) or "")
        for key in ("wo", "run", "branch", "base", "tip", "briefing_sha256")
    }
    if not (_SHA.match(answers["tip"]) and _SHA.match(answers["base"])):
        raise archive.BundleError(f"{where}: its base and tip are not commit ids")
    if not ids.RUN_ID.match(answers["run"]) or ids.split_id(answers["wo"]) is None:
        raise archive.BundleError(f"{where}: {answers['wo']!r} {answers['run']!r} is not a run")
    if not gitio.succeeds(Path("."), "check-ref-format", f"refs/heads/{answers['branch']}"):
        raise archive.BundleError(f"{where}: {answers['branch']!r} is not a branch name")
    return answers


def _refuse_unknown_run(root: Path, answers: dict[str, str], tip: str, where: str) -> None:
    """The run record at the branch tip must be the bundle run that was exported."""
    rel = f"{ids.RUNS_DIR}/{answers['wo']}/{answers['run']}.md"
    data = gitio.read_blob(root, f"{tip}:{rel}")
    if data is None:
        raise archive.BundleError(f"{where}: no run record {rel} on {answers['branch']}")
    fields = Document.parse(data, path=rel).fields
    for key in ("base", "briefing_sha256"):
        if str(fields.get(key)) != answers[key]:
            raise archive.BundleError(
                f"{where}: its {key} does not match run {answers['run']}'s: it answers no "
                "bundle this repository exported"
            )
    if fields.get("via") != "bundle":
        raise archive.BundleError(f"{where}: run {answers['run']} was not exported as a bundle")


def _refuse_checked_out(root: Path, branch: str) -> None:
    """Never move a branch under a worktree that has it checked out."""
    listing = gitio.run(root, "worktree", "list", "--porcelain")
    if f"branch refs/heads/{branch}\n" in listing + "\n":
        raise GitsplitError(
            f"{branch} is checked out in a worktree; switch that worktree away first",
            hint="git worktree list",
        )


def _record(
    root: Path, answers: dict[str, str], manifest: dict[str, Any], sha: str, worktree: Path
) -> str:
    """Commit the bundle's provenance into the run record on the branch; the new tip."""
    branch = answers["branch"]
    rel = f"{ids.RUNS_DIR}/{answers['wo']}/{answers['run']}.md"
    gitio.run(root, "worktree", "add", "-q", str(worktree), branch)
    try:
        path = worktree / rel
        doc = Document.parse(path.read_bytes(), path=rel)
        replied_by = str(manifest.get("created_by") or "unknown")
        came_back: dict[str, object] = {
            "reply_sha256": sha,
            "replied_by": replied_by,
            "replied_at": str(manifest.get("created_at") or ""),
            "commits": int(manifest.get("commits") or 0),
            "applied_by": author(root),
            "applied_at": clock.timestamp(),
        }
        atomic_write(path, doc.changed({"bundle": came_back}).render())
        return gitio.commit_paths(
            worktree,
            [rel],
            f"Apply the reply of {answers['run']} from {replied_by.split(' <')[0]}",
            [f"Work-Order: {answers['wo']}", f"Run: {answers['run']}"],
        )
    finally:
        gitio.remove_worktree(root, worktree)

"""``bundle export``: open a run whose work happens elsewhere, and pack what it needs.

The run is started as ``start`` starts one (branch, briefing, run record with ``via:
bundle``), in a temporary worktree so this checkout is not touched; the bundle holds a git
bundle of the run's branch, the briefing, the work order and a manifest.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from gitsplit import __version__, gitio
from gitsplit.errors import GitsplitError
from gitsplit.exchange import archive
from gitsplit.gitio import bundles
from gitsplit.ledger import ids
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.runs.start import StartOptions, start
from gitsplit.util import clock, globs

BUNDLE_MEMBERS = frozenset({"repo.bundle", "briefing.md", "workorder.md", "files.tar"})


def export(
    ledger: Ledger, wo_id: str, target: Path | None, *, force: bool = False, allow: bool = False
) -> Path:
    """Start a bundle run of a work order and write its bundle; the path written.

    ``allow`` starts it even when its Problem or Acceptance is empty (--allow-empty-body).
    """
    root = ledger.root
    scratch = Path(tempfile.mkdtemp(prefix="gitsplit-bundle-"))
    try:
        started = start(
            ledger,
            StartOptions(
                wo_id,
                worktree=scratch / "run",
                use_worktree=True,
                launching=False,
                force=force,
                allow_empty_body=allow,
                via="bundle",
            ),
        )
        briefing = started.briefing_file.read_bytes()
        order = (started.checkout / ids.WORKORDER.path(started.wo_id)).read_bytes()
        gitio.remove_worktree(root, started.checkout)
        tip = gitio.resolve(root, f"refs/heads/{started.branch}")
        assert tip is not None
        bundles.create(root, scratch / "repo.bundle", started.branch)
        manifest = _manifest(root, started.wo_id, ledger.get(ids.WORKORDER, wo_id, WorkOrder))
        manifest.update(
            mode="repository",
            run=started.run,
            branch=started.branch,
            base=started.base,
            tip=tip,
            briefing_sha256=started.briefing_sha256,
        )
        out = target or root / f"{started.run}.gitsplit-bundle"
        archive.write(
            out,
            manifest,
            {
                "repo.bundle": (scratch / "repo.bundle").read_bytes(),
                "briefing.md": briefing,
                "workorder.md": order,
            },
        )
        return out
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def export_scope_only(
    ledger: Ledger, wo_id: str, target: Path | None, *, allow: bool = False
) -> Path:
    """Pack the scope's files at the authority tip, the briefing and the work order (no run)."""
    from gitsplit.briefing import render_work_order_briefing
    from gitsplit.runs.start_guard import refuse_empty_body

    root = ledger.root
    order = ledger.get(ids.WORKORDER, wo_id, WorkOrder)
    refuse_empty_body(order, allow=allow)
    base = gitio.resolve(root, f"{ledger.config.default_branch}^{{commit}}")
    if base is None:
        raise GitsplitError(f"the authority branch {ledger.config.default_branch!r} has no commit")
    files = [
        path
        for path in gitio.ls_files(root)
        if any(globs.match(glob, path) for glob in order.scope)
    ]
    if not files:
        raise GitsplitError(
            f"{order.id}'s scope matches no file at {ledger.config.default_branch}",
            hint=f"set a scope first: gitsplit wo set {order.id} scope+='src/**'",
        )
    tree = gitio.run_bytes(root, "archive", "--format=tar", base, "--", *files)
    briefing = render_work_order_briefing(ledger, order.id, base=base, branch="", budget=None)
    manifest = _manifest(root, order.id, order)
    manifest.update(mode="scope-only", base=base, briefing_sha256=briefing.sha256, files=files)
    out = target or root / f"{order.id}.scope.gitsplit-bundle"
    archive.write(
        out,
        manifest,
        {
            "files.tar": tree,
            "briefing.md": briefing.text.encode("utf-8"),
            "workorder.md": (root / order.path).read_bytes(),
        },
    )
    return out


def _manifest(root: Path, wo_id: str, order: WorkOrder) -> dict[str, Any]:
    """The fields every bundle's manifest has."""
    return {
        "kind": "bundle",
        "wo": wo_id,
        "title": order.title,
        "scope": order.scope,
        "checks": order.checks,
        "gitsplit_version": __version__,
        "created_at": clock.timestamp(),
        "created_by": author(root),
    }


def author(root: Path) -> str:
    """``Name <email>`` from git's config, or what is known of it."""
    name = gitio.config_get(root, "user.name") or "unknown"
    email = gitio.config_get(root, "user.email")
    return f"{name} <{email}>" if email else name

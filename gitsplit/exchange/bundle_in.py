"""``bundle inspect`` and ``bundle import``: read a bundle, and set up the run where it lands."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.exchange import archive
from gitsplit.exchange.bundle_out import BUNDLE_MEMBERS
from gitsplit.gitio import bundles

RECEIVED = "gitsplit/bundle.json"  # under the git dir of the receiving repository


REQUIRED = {
    "repository": {"repo.bundle", "briefing.md", "workorder.md"},
    "scope-only": {"files.tar", "briefing.md", "workorder.md"},
}


def verified(path: Path) -> archive.Archive:
    """A bundle whose checksums match and which has every member its mode needs."""
    found = archive.read(path, "bundle", BUNDLE_MEMBERS)
    mode = found.manifest.get("mode")
    if mode not in REQUIRED:
        raise archive.BundleError(f"{path.name}: unknown bundle mode {mode!r}")
    missing = sorted(REQUIRED[str(mode)] - set(found.members))
    if missing:
        raise archive.BundleError(
            f"{path.name}: members do not match its mode (missing {', '.join(missing)})"
        )
    return found


def inspect(path: Path) -> dict[str, Any]:
    """The verified manifest, the briefing and the members of a bundle (nothing is written)."""
    found = verified(path)
    summary: dict[str, Any] = {
        "manifest": found.manifest,
        "briefing": found.members["briefing.md"].decode("utf-8", "replace"),
        "members": {name: len(data) for name, data in sorted(found.members.items())},
    }
    if "files.tar" in found.members:
        summary["files"] = _tar_names(found.members["files.tar"])
    return summary


def receive(path: Path, target: Path) -> dict[str, Any]:
    """Make ``target`` a repository with the run's branch checked out (or fetch it there)."""
    found = verified(path)
    manifest = found.manifest
    if manifest.get("mode") != "repository":
        raise GitsplitError(
            f"{path.name} holds the scope's files only (--scope-only): there is no repository "
            "to import; unpack files.tar where you work",
        )
    branch = str(manifest["branch"])
    scratch = Path(tempfile.mkdtemp(prefix="gitsplit-receive-"))
    try:
        bundle = scratch / "repo.bundle"
        bundle.write_bytes(found.members["repo.bundle"])
        if target.exists() and any(target.iterdir()):
            _into_existing(target, bundle, branch, str(manifest["tip"]))
        else:
            bundles.clone(bundle, target, branch)
            gitio.run(target, "remote", "remove", "origin", check=False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if gitio.resolve(target, "HEAD") != manifest["tip"]:
        raise GitsplitError(f"the imported branch {branch} is not at the bundle's tip")
    marker = gitio.git_dir(target, common=True) / RECEIVED
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    from gitsplit.hooks.install import install

    install(target)
    return manifest


def _into_existing(target: Path, bundle: Path, branch: str, tip: str) -> None:
    """Fetch the branch into a clean repository that has the base, then switch to it."""
    try:
        root = gitio.discover(target)
    except GitsplitError:
        raise GitsplitError(
            f"{target} is not empty and not a git repository",
            hint="import into a new folder: gitsplit bundle import FILE NEW-DIR",
        ) from None
    if gitio.status(root):
        raise GitsplitError(f"{root} has uncommitted changes; commit or move them first")
    if gitio.resolve(root, f"refs/heads/{branch}") is not None:
        raise GitsplitError(f"{root} already has a branch {branch}; nothing was changed")
    bundles.heads(root, bundle)  # the base's history must be here
    bundles.fetch(root, bundle, f"refs/heads/{branch}", f"refs/heads/{branch}")
    gitio.run(root, "switch", "-q", branch)


def _tar_names(data: bytes) -> list[str]:
    """The file names in the inner tar of a scope-only bundle (bounded)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            infos = (info for _, info in zip(range(10_000), tar, strict=False))
            return [info.name for info in infos if info.isfile()]
    except tarfile.TarError as exc:
        raise archive.BundleError(f"files.tar is not a tar archive ({exc})") from None

"""Two repositories that cannot see each other, and hand-made hostile bundle files."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path


def gitsplit(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run gitsplit as a real subprocess in ``cwd``."""
    proc = subprocess.run(
        [sys.executable, "-m", "gitsplit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert proc.returncode == 0, f"gitsplit {' '.join(args)}: {proc.stdout}\n{proc.stderr}"
    return proc


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; return stdout."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def work_there(there: Path, rel: str, text: str, *, note: str = "Done there.") -> None:
    """What a stand-in agent does on the receiving side: commit, note, finish."""
    path = there / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    branch = git(there, "branch", "--show-current").strip()
    wo = branch.split("/")[1].split("-")[0] + "-" + branch.split("/")[1].split("-")[1]
    git(there, "add", rel)
    git(
        there,
        "commit",
        "-q",
        "--no-verify" if rel.startswith(".workledger") else "-q",
        "-m",
        f"Change {rel}",
        "--trailer",
        f"Work-Order: {wo}",
        "--trailer",
        f"Run: {wo}-r1",
    )
    gitsplit(there, "note", note)
    gitsplit(there, "finish", check=False)


def rewrite(path: Path, target: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Copy a bundle archive, letting ``change(members, manifest)`` alter it, checksums fixed
    unless ``change`` returns False."""
    members: dict[str, bytes] = {}
    with tarfile.open(path) as tar:
        for info in tar:
            handle = tar.extractfile(info)
            assert handle is not None
            members[info.name] = handle.read()
    manifest = json.loads(members.pop("manifest.json"))
    fix = change(members, manifest)
    if fix is not False:
        manifest["members"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}
    pack(target, {"manifest.json": json.dumps(manifest).encode(), **members})


def pack(target: Path, members: dict[str, bytes], *, links: dict[str, str] | None = None) -> None:
    """Write a gzip tar of these members (and symlinks), exactly as given."""
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, to in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = to
            tar.addfile(info)

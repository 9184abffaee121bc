"""The file a bundle travels in: a tar of flat, named members with a manifest of sha256s.

It is hostile input on the way back: members are only regular files with plain names from a
known set, the sizes and count are bounded before anything is read, and every member's
sha256 must match the manifest. Nothing is extracted to disk by name; members are read into
memory and written where the caller decides.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gitsplit.errors import GitsplitError

FORMAT = "gitsplit-bundle"
VERSION = 1
MANIFEST = "manifest.json"
MAX_FILE_BYTES = 512 * 1024 * 1024  # the whole archive
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1024 * 1024


class BundleError(GitsplitError):
    """A bundle file that cannot be trusted: nothing was written."""


@dataclass
class Archive:
    """A verified archive: its manifest and its members' bytes."""

    manifest: dict[str, Any]
    members: dict[str, bytes]


def sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def write(target: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    """Write the archive atomically: the members, then the manifest naming each one's sha256."""
    from gitsplit.util.atomic import atomic_write_bytes

    manifest = {**manifest, "format": FORMAT, "version": VERSION}
    manifest["members"] = {name: sha256(data) for name, data in sorted(members.items())}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in [(MANIFEST, _json(manifest)), *sorted(members.items())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    atomic_write_bytes(target, buffer.getvalue())


def read(path: Path, kind: str, allowed: frozenset[str]) -> Archive:
    """Read and verify an archive of ``kind`` (bundle or reply) whose members are ``allowed``."""
    where = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise BundleError(
            f"{where} is {size >> 20} MiB, more than the {MAX_FILE_BYTES >> 20} MiB a bundle may be"
        )
    members: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for count, info in enumerate(tar, 1):
                if count > MAX_MEMBERS:
                    raise BundleError(f"{where} has more than {MAX_MEMBERS} members")
                _refuse_member(info, where, allowed)
                total += info.size
                if info.size > MAX_MEMBER_BYTES or total > MAX_FILE_BYTES * 2:
                    raise BundleError(f"{where}: {info.name} is too large to be a bundle member")
                handle = tar.extractfile(info)
                assert handle is not None
                data = handle.read(info.size + 1)
                if len(data) != info.size:
                    raise BundleError(f"{where}: {info.name} is truncated")
                if info.name in members:
                    raise BundleError(f"{where}: {info.name} appears twice")
                members[info.name] = data
    except (tarfile.TarError, EOFError, OSError, zlib_error()) as exc:
        raise BundleError(f"{where} is not a readable gitsplit bundle ({exc})") from None
    manifest = _manifest(members.pop(MANIFEST, None), where, kind)
    listed = manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(members):
        missing = sorted(set(listed or {}) - set(members)) if isinstance(listed, dict) else []
        extra = sorted(set(members) - set(listed or {})) if isinstance(listed, dict) else []
        raise BundleError(
            f"{where}: members do not match its manifest"
            + (f" (missing {', '.join(missing)})" if missing else "")
            + (f" (not listed {', '.join(extra)})" if extra else "")
        )
    for name, data in members.items():
        if sha256(data) != listed[name]:
            raise BundleError(f"{where}: {name} does not match its sha256 in the manifest")
    return Archive(manifest, members)


def zlib_error() -> type[Exception]:
    """zlib's error type (a gzip stream cut short raises it)."""
    import zlib

    return zlib.error


def _refuse_member(info: tarfile.TarInfo, where: str, allowed: frozenset[str]) -> None:
    """Only regular files with a plain, known name."""
    name = info.name
    if not info.isfile():
        raise BundleError(
            f"{where}: member {name!r} is not a regular file (links and folders are refused)"
        )
    if "/" in name or "\\" in name or name.startswith(".") or name not in allowed | {MANIFEST}:
        raise BundleError(f"{where}: member {name!r} is not one a bundle may hold")


def _manifest(data: bytes | None, where: str, kind: str) -> dict[str, Any]:
    """The parsed manifest, of a known format, version and kind."""
    if data is None:
        raise BundleError(f"{where} has no {MANIFEST}")
    if len(data) > MAX_MANIFEST_BYTES:
        raise BundleError(f"{where}: {MANIFEST} is too large")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"{where}: {MANIFEST} is not JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{where} is not a gitsplit bundle")
    if manifest.get("version") != VERSION:
        raise BundleError(
            f"{where} is a version {manifest.get('version')!r} bundle; this gitsplit reads "
            f"version {VERSION}",
            hint="use the gitsplit version that made it, or upgrade",
        )
    if manifest.get("kind") != kind:
        raise BundleError(f"{where} is a {manifest.get('kind')!r}, not a {kind}")
    return manifest


def _json(data: dict[str, Any]) -> bytes:
    """Stable JSON bytes."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()

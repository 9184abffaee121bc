"""``gitsplit hooks install/uninstall/status``: write, chain, remove and inspect hook scripts.

The hooks folder is ``<git-common-dir>/hooks``, shared by every linked worktree. When
``core.hooksPath`` is set, gitsplit installs there only if the folder belongs to this
repository (inside its git folder, or an untracked folder of its worktree that Husky does
not manage); anywhere else it refuses and says what to do instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import GitsplitError
from gitsplit.hooks import HOOK_TYPES
from gitsplit.hooks.cache import FILE_NAME as CACHE_FILE
from gitsplit.hooks.commitmsg import HANDOFF_PREFIX
from gitsplit.hooks.script import (
    LEGACY_SUFFIX,
    is_ours,
    is_pre_commit_framework,
    recorded_python,
    render,
)
from gitsplit.util.atomic import atomic_write

CALLS = {
    "pre-commit": "gitsplit hooks run pre-commit || exit 1",
    "commit-msg": 'gitsplit hooks run commit-msg "$1" || exit 1',
    "post-checkout": 'gitsplit hooks run post-checkout "$@"',
}


@dataclass(frozen=True)
class Location:
    """Where git looks for hooks in this repository."""

    folder: Path
    default: Path
    hooks_path: str | None = None
    origin: str | None = None
    problem: str | None = None
    hint: str | None = None


def locate(root: Path) -> Location:
    """The hooks folder git uses, and why gitsplit may not write there (``problem``)."""
    common = gitio.git_dir(root, common=True)
    default = common / "hooks"
    found = gitio.config_origin(root, "core.hooksPath", path=True)
    if found is None or not found[0]:
        return Location(default, default)
    value, origin = found
    folder = Path(os.path.abspath(root / value))
    where = Location(folder, default, value, origin)
    real = folder.resolve()
    if real == default.resolve() or real.is_relative_to(common.resolve()):
        return where
    if real.is_relative_to(root.resolve()):
        return _inside_worktree(root, where)
    return _refuse(
        where,
        f"core.hooksPath is {value} (set in {origin}), a folder outside this "
        "repository: git runs the hooks there for every repository with that "
        "setting, so gitsplit will not write into it",
        own=True,
    )


def _inside_worktree(root: Path, where: Location) -> Location:
    """A hooks folder inside the worktree: fine unless Husky manages it or git tracks it."""
    folder = where.folder
    if (folder / "h").is_file() or (folder / "husky.sh").is_file():
        return _refuse(
            where,
            f"core.hooksPath is {where.hooks_path}, managed by Husky: Husky "
            "rewrites that folder and its hooks find their script by their "
            "own file name, so gitsplit will not chain them there",
            husky=True,
        )
    tracked = gitio.ls_files(root, os.path.relpath(folder, root))  # any file git tracks there
    if tracked:
        return _refuse(
            where,
            f"core.hooksPath is {where.hooks_path}, a folder tracked in this "
            f"repository: installing would change tracked files "
            f"({', '.join(tracked)})",
        )
    probe = folder if folder.exists() else folder.parent
    if not os.access(probe, os.W_OK):
        return _refuse(where, f"core.hooksPath is {where.hooks_path}, which is not writable")
    return where


def _refuse(where: Location, problem: str, *, own: bool = False, husky: bool = False) -> Location:
    """A location gitsplit will not install into, with exactly what to do instead."""
    folder = Path(where.hooks_path or "").parent if husky else where.folder
    width = max(len(str(folder / hook)) for hook in HOOK_TYPES) + 1
    lines = [f"{(str(folder / hook) + ':').ljust(width)} {CALLS[hook]}" for hook in HOOK_TYPES]
    options = [
        "call gitsplit from those hooks, a line in each:"
        + "".join(f"\n        {line}" for line in lines)
    ]
    if own:
        options.append(
            f"or give this repository hooks of its own: `git config --local "
            f"core.hooksPath {where.default}`, then `gitsplit hooks install` (the "
            "shared hooks then no longer run here)"
        )
    options.append(
        "or run gitsplit's checks through the pre-commit framework (ids "
        "gitsplit-scope and gitsplit-trailers in gitsplit's .pre-commit-hooks.yaml)"
    )
    return Location(
        where.folder,
        where.default,
        where.hooks_path,
        where.origin,
        problem,
        "\n    - ".join(["pick one:", *options]),
    )


def install(root: Path, *, force: bool = False) -> list[str]:
    """Install the three hooks (a no-op when they are in place); returns what was done."""
    where = locate(root)
    if where.problem:
        raise GitsplitError(where.problem, hint=where.hint)
    done = []
    if not where.folder.is_dir():
        where.folder.mkdir(parents=True)
        done.append(f"created {where.folder}")
    for hook in HOOK_TYPES:
        done.append(_install_one(where.folder / hook, render(hook), force=force))
    return done


def _install_one(path: Path, text: str, *, force: bool) -> str:
    """Install one hook script, keeping a foreign hook as ``<hook>.legacy``."""
    legacy = path.with_name(path.name + LEGACY_SUFFIX)
    if path.is_dir() and not path.is_symlink():
        raise GitsplitError(
            f"{path} is a folder, not a hook script; move it away and run "
            "`gitsplit hooks install` again"
        )
    if is_ours(path):
        if path.read_text(encoding="utf-8", errors="replace") == text:
            return f"{path.name}: already installed"
        _write(path, text)
        return f"{path.name}: updated"
    if not os.path.lexists(path):
        _write(path, text)
        return f"{path.name}: installed"
    if is_ours(legacy):
        _write(legacy, text)
        return (
            f"{path.name}: gitsplit runs as {legacy.name}, called by the {path.name} hook "
            "another tool installed after it (left as it is)"
        )
    if is_pre_commit_framework(path) and not os.path.lexists(legacy):
        _write(legacy, text)
        return (
            f"{path.name}: the pre-commit framework's hook is there and runs "
            f"{legacy.name} before its own hooks, so gitsplit is installed as {legacy.name}"
        )
    note = ""
    if os.path.lexists(legacy):
        if not force:
            raise GitsplitError(
                f"{path} is another tool's hook and {legacy.name} exists too, so gitsplit "
                "cannot keep the hook as its legacy hook",
                hint=f"`gitsplit hooks install --force` renames {legacy.name} to a free "
                f"{legacy.name}.<n> (kept, no longer run) and chains {path.name}",
            )
        spare = _free_name(legacy)
        os.rename(legacy, spare)
        note = f"; the older {legacy.name} is kept as {spare.name} and no longer runs"
    os.rename(path, legacy)
    _write(path, text)
    return (
        f"{path.name}: installed; the hook that was there is kept as {legacy.name} "
        f"{_legacy_note(legacy)}{note}"
    )


def _legacy_note(legacy: Path) -> str:
    """How a kept hook will behave in the chain."""
    if legacy.is_symlink() and not legacy.exists():
        return f"(a dead symlink to {os.readlink(legacy)}: git skipped it, and so does gitsplit)"
    if not os.access(legacy, os.X_OK):
        return "(not executable: git skipped it, and so does gitsplit)"
    return "and runs first; if it fails, the commit stops"


def _write(path: Path, text: str) -> None:
    """Write an executable script atomically."""
    atomic_write(path, text)
    path.chmod(0o755)


def _free_name(path: Path) -> Path:
    """``path.1``, ``path.2``... the first that does not exist."""
    number = 1
    while os.path.lexists(f"{path}.{number}"):
        number += 1
    return Path(f"{path}.{number}")


def _last_spare(legacy: Path) -> Path | None:
    """The newest ``<hook>.legacy.<n>`` that ``install --force`` set aside, if any."""
    numbers = [0]
    while os.path.lexists(f"{legacy}.{numbers[-1] + 1}"):
        numbers.append(numbers[-1] + 1)
    return Path(f"{legacy}.{numbers[-1]}") if numbers[-1] else None


def uninstall(root: Path) -> list[str]:
    """Remove gitsplit's hooks and put back the hooks they chained; returns what was done."""
    where = locate(root)
    folders = dict.fromkeys([where.default, *([] if where.problem else [where.folder])])
    done = []
    for folder in folders:
        for hook in HOOK_TYPES:
            done += _uninstall_one(folder / hook)
        for name in os.listdir(folder) if folder.is_dir() else []:
            if name.startswith(HANDOFF_PREFIX):
                (folder / name).unlink(missing_ok=True)
    (gitio.git_dir(root, common=True) / "gitsplit" / CACHE_FILE).unlink(missing_ok=True)
    return done or ["gitsplit's hooks are not installed; nothing to do"]


def _uninstall_one(path: Path) -> list[str]:
    """Remove one gitsplit hook, restoring the legacy hook it chained."""
    legacy = path.with_name(path.name + LEGACY_SUFFIX)
    if is_ours(path):
        path.unlink()
        if os.path.lexists(legacy):
            os.rename(legacy, path)
            done = [f"{path.name}: removed; the hook kept as {legacy.name} is back in place"]
            spare = _last_spare(legacy)
            if spare is not None:  # what `install --force` set aside runs again, as before
                os.rename(spare, legacy)
                done.append(f"{path.name}: {spare.name} is back as {legacy.name}")
            return done
        return [f"{path.name}: removed"]
    if os.path.lexists(path) and is_ours(legacy):
        legacy.unlink()
        return [f"{path.name}: removed gitsplit ({legacy.name}) from under the other tool's hook"]
    return []


def status(root: Path) -> dict[str, Any]:
    """Where the hooks are and the state of each one, as JSON-ready data."""
    where = locate(root)
    hooks = [_status_one(where.folder / hook) for hook in HOOK_TYPES]
    stray = [
        str(where.default / hook)
        for hook in HOOK_TYPES
        if where.folder != where.default and is_ours(where.default / hook)
    ]
    return {
        "hooks_dir": str(where.folder),
        "core_hooks_path": where.hooks_path,
        "core_hooks_path_origin": where.origin,
        "installable": where.problem is None,
        "problem": where.problem,
        "inactive": stray,
        "hooks": hooks,
    }


def _status_one(path: Path) -> dict[str, Any]:
    """The state of one hook: installed, outdated, chained, foreign or missing."""
    legacy = path.with_name(path.name + LEGACY_SUFFIX)
    ours = path if is_ours(path) else legacy if is_ours(legacy) else None
    if ours is path:
        state = "installed" if path.read_text(encoding="utf-8") == render(path.name) else "outdated"
    elif ours is legacy:
        state = "chained"
    else:
        state = "foreign" if os.path.lexists(path) else "missing"
    python = recorded_python(ours) if ours else None
    kept = None
    if ours is path and os.path.lexists(legacy):
        kept = {"path": str(legacy), "runs": os.access(legacy, os.X_OK)}
    return {
        "name": path.name,
        "path": str(path),
        "state": state,
        "python": python,
        "python_exists": bool(python and os.access(python, os.X_OK)),
        "legacy": kept,
    }

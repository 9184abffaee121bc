"""Running git, and the basic questions: where is the repository, what is HEAD."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from gitsplit.errors import GitError, NotARepositoryError
from gitsplit.util import killpoint

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def run(
    root: Path | str,
    *args: str,
    input: bytes | str | None = None,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> str:
    """Run ``git args`` in ``root`` and return its stdout as text."""
    return run_bytes(root, *args, input=input, check=check, env=env).decode("utf-8", "replace")


def run_bytes(
    root: Path | str,
    *args: str,
    input: bytes | str | None = None,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Run ``git args`` in ``root`` and return its raw stdout (``env`` adds variables)."""
    data = input.encode() if isinstance(input, str) else input
    killpoint.reach("git.before", args[0] if args else "")
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, **env} if env else None,
        )
    except FileNotFoundError:
        if not Path(root).is_dir():
            raise GitError(f"{root} does not exist (it was removed)") from None
        raise GitError("git is not installed (no `git` on PATH)") from None
    killpoint.reach("git.after", args[0] if args else "")
    if check and proc.returncode != 0:
        words = proc.stderr.decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
        raise GitError(f"git {' '.join(args[:2])} failed: {words}")
    return proc.stdout


def succeeds(root: Path | str, *args: str) -> bool:
    """True when ``git args`` exits 0."""
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    return proc.returncode == 0


def discover(start: Path | str | None = None) -> Path:
    """The top of the working tree containing ``start``; refuses bare repos and non-repos."""
    where = Path(start or os.getcwd())
    proc = subprocess.run(
        ["git", "rev-parse", "--is-bare-repository", "--is-inside-git-dir", "--show-toplevel"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
    )
    answers = proc.stdout.split("\n", 2)
    if len(answers) < 3:  # git stopped before its first answers: no repository it will read
        if "not a git repository" in proc.stderr:
            raise NotARepositoryError(
                f"not a git repository: {where}",
                hint="cd into a git working tree, or run `git init` first",
            )
        raise NotARepositoryError(proc.stderr.strip() or f"cannot read the repository at {where}")
    bare, inside_git_dir, top = answers
    if bare == "true" or inside_git_dir == "true":  # then --show-toplevel failed: say why
        what = "a bare repository" if bare == "true" else "inside the .git folder"
        raise NotARepositoryError(
            f"{where} is {what}: gitsplit needs a working tree",
            hint="clone it (`git clone <repo>`) or add a worktree, then run gitsplit there"
            if bare == "true"
            else "cd to the top of the working tree",
        )
    if proc.returncode != 0 or not top.strip():
        raise NotARepositoryError(proc.stderr.strip() or f"no working tree at {where}")
    return Path(top.strip())


def current_branch(root: Path) -> str | None:
    """The checked-out branch name, or None on a detached HEAD."""
    proc = subprocess.run(
        ["git", "symbolic-ref", "-q", "--short", "HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def resolve(root: Path, rev: str) -> str | None:
    """The full object id a revision (or ``rev:path``) names, or None when it names nothing."""
    # ``^{object}`` makes git insist the object exists, but after ``rev:path`` git would
    # read it as part of the path, so it is only added to plain revisions.
    name = rev if ":" in rev else f"{rev}^{{object}}"
    proc = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "--end-of-options", name],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def head(root: Path) -> str | None:
    """The commit HEAD points at, or None in a repository with no commits yet."""
    return resolve(root, "HEAD")


def git_dir(root: Path, *, common: bool = False) -> Path:
    """The .git folder of this worktree (or the one shared by all worktrees)."""
    flag = "--git-common-dir" if common else "--git-dir"
    out = run(root, "rev-parse", flag).strip()
    path = Path(out)
    return path if path.is_absolute() else (root / path).resolve()


def hooks_dir(git_folder: Path) -> Path:
    """The folder git runs the hooks from (core.hooksPath honoured), from a .git folder."""
    out = run(git_folder, "rev-parse", "--path-format=absolute", "--git-path", "hooks")
    return Path(out.strip())


def config_get(root: Path, key: str) -> str | None:
    """A git config value, or None when unset."""
    proc = subprocess.run(
        ["git", "config", "--get", key], cwd=root, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def config_origin(root: Path, key: str, *, path: bool = False) -> tuple[str, str] | None:
    """(value, the file that sets it) of a git config key, or None; ``path`` expands ``~``."""
    args = ["git", "config", "--show-origin", *(["--type=path"] if path else []), "--get", key]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return None
    origin, _, value = proc.stdout.rstrip("\n").partition("\t")
    return value, origin.removeprefix("file:")

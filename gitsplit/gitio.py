"""The one module that talks to git: plain ``git`` subprocesses, errors turned into GitError."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gitsplit.errors import GitError, NotARepositoryError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def run(root: Path | str, *args: str, input: bytes | str | None = None,
        check: bool = True) -> str:
    """Run ``git args`` in ``root`` and return its stdout as text."""
    return run_bytes(root, *args, input=input, check=check).decode("utf-8", "replace")


def run_bytes(root: Path | str, *args: str, input: bytes | str | None = None,
              check: bool = True) -> bytes:
    """Run ``git args`` in ``root`` and return its raw stdout."""
    data = input.encode() if isinstance(input, str) else input
    try:
        proc = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, input=data,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (no `git` on PATH)") from None
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
    proc = subprocess.run(["git", "rev-parse", "--is-bare-repository", "--show-toplevel"],
                          cwd=where, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        if "not a git repository" in proc.stderr:
            raise NotARepositoryError(
                f"not a git repository: {where}",
                hint="cd into a git working tree, or run `git init` first")
        raise NotARepositoryError(proc.stderr.strip() or f"cannot read the repository at {where}")
    lines = proc.stdout.splitlines()
    if (lines and lines[0] == "true") or len(lines) < 2:
        raise NotARepositoryError(
            f"{where} is a bare repository (or inside .git): gitsplit needs a working tree",
            hint="clone it (`git clone <repo>`) or add a worktree, then run gitsplit there")
    return Path(lines[1])


def current_branch(root: Path) -> str | None:
    """The checked-out branch name, or None on a detached HEAD."""
    proc = subprocess.run(["git", "symbolic-ref", "-q", "--short", "HEAD"], cwd=root,
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def resolve(root: Path, rev: str) -> str | None:
    """The full object id a revision names, or None when it names nothing."""
    proc = subprocess.run(["git", "rev-parse", "-q", "--verify", "--end-of-options",
                           f"{rev}^{{object}}"], cwd=root, capture_output=True, text=True,
                          check=False)
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


def ref_tips(root: Path,
             patterns: Sequence[str] = ("refs/heads", "refs/remotes")) -> dict[str, str]:
    """{ref name: object id} for every ref under the patterns (symbolic refs skipped)."""
    out = run(root, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(symref)", *patterns)
    tips: dict[str, str] = {}
    for line in out.splitlines():
        name, sha, symref = line.split("\0")
        if not symref:
            tips[name] = sha
    return tips


def object_ids(root: Path, names: Iterable[str]) -> dict[str, str | None]:
    """Resolve many ``rev:path`` names in one call: {name: sha or None}."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    out = run(root, "cat-file", "--batch-check=%(objectname) %(objecttype)",
              input="".join(f"{name}\n" for name in wanted))
    result: dict[str, str | None] = {}
    for name, line in zip(wanted, out.splitlines(), strict=True):
        result[name] = None if line.endswith("missing") or " " not in line else line.split()[0]
    return result


@dataclass(frozen=True)
class TreeEntry:
    """One entry of ``git ls-tree``."""

    mode: str
    type: str
    sha: str
    path: str


def ls_tree(root: Path, treeish: str, path: str = "", *,
            recursive: bool = False) -> list[TreeEntry]:
    """Entries of a tree (or of the folder ``path`` inside it)."""
    args = ["ls-tree", "-z", *(["-r"] if recursive else []), treeish]
    if path:
        args += ["--", path.rstrip("/") + "/"]
    out = run(root, *args)
    entries = []
    for item in filter(None, out.split("\0")):
        meta, name = item.split("\t", 1)
        mode, kind, sha = meta.split()
        entries.append(TreeEntry(mode, kind, sha, name))
    return entries


def read_blob(root: Path, rev_path: str) -> bytes | None:
    """The content of ``rev:path`` (``:path`` for the index), or None if absent."""
    proc = subprocess.run(["git", "cat-file", "blob", rev_path], cwd=root, capture_output=True,
                          check=False)
    return proc.stdout if proc.returncode == 0 else None


def tree_of(root: Path, rev: str, path: str) -> str | None:
    """The tree id of folder ``path`` at ``rev``, or None."""
    return resolve(root, f"{rev}:{path}")


@dataclass(frozen=True)
class StatusEntry:
    """One line of ``git status --porcelain``: two status letters and a path."""

    code: str
    path: str

    def __str__(self) -> str:
        return f"{self.code} {self.path}"


def status(root: Path, *paths: str, untracked: bool = True) -> list[StatusEntry]:
    """Uncommitted changes (staged, unstaged and untracked) under the given paths."""
    args = ["status", "--porcelain=v1", "-z",
            f"--untracked-files={'all' if untracked else 'no'}"]
    out = run(root, *args, "--", *paths) if paths else run(root, *args)
    entries: list[StatusEntry] = []
    items = out.split("\0")
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if not item:
            continue
        code, path = item[:2], item[3:]
        if code[0] in "RC":
            index += 1  # the source path of a rename follows
        entries.append(StatusEntry(code, path))
    return entries


def ls_files(root: Path, *pathspecs: str) -> list[str]:
    """Tracked files matching the pathspecs."""
    out = run(root, "ls-files", "-z", "--", *pathspecs)
    return [name for name in out.split("\0") if name]


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    """True when ``ancestor`` is reachable from ``descendant``."""
    return succeeds(root, "merge-base", "--is-ancestor", ancestor, descendant)


def unmerged(root: Path, *paths: str) -> dict[str, dict[int, str]]:
    """Paths in conflict: {path: {stage: blob id}} (stage 1 base, 2 ours, 3 theirs)."""
    out = run(root, "ls-files", "-u", "-z", "--", *paths)
    result: dict[str, dict[int, str]] = {}
    for item in filter(None, out.split("\0")):
        meta, path = item.split("\t", 1)
        _mode, sha, stage = meta.split()
        result.setdefault(path, {})[int(stage)] = sha
    return result


def config_get(root: Path, key: str) -> str | None:
    """A git config value, or None when unset."""
    proc = subprocess.run(["git", "config", "--get", key], cwd=root, capture_output=True,
                          text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """Contents of many blobs in one ``git cat-file --batch`` call."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = run_bytes(root, "cat-file", "--batch", input="".join(f"{s}\n" for s in wanted))
    result: dict[str, bytes] = {}
    pos = 0
    for sha in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        pos = header_end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        result[sha] = out[pos:pos + size]
        pos += size + 1
    return result


def config_origin(root: Path, key: str, *, path: bool = False) -> tuple[str, str] | None:
    """(value, the file that sets it) of a git config key, or None; ``path`` expands ``~``."""
    args = ["git", "config", "--show-origin", *(["--type=path"] if path else []), "--get", key]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return None
    origin, _, value = proc.stdout.rstrip("\n").partition("\t")
    return value, origin.removeprefix("file:")

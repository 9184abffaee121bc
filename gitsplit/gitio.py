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
    proc = subprocess.run(["git", "rev-parse", "--is-bare-repository", "--is-inside-git-dir"],
                          cwd=where, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        if "not a git repository" in proc.stderr:
            raise NotARepositoryError(
                f"not a git repository: {where}",
                hint="cd into a git working tree, or run `git init` first")
        raise NotARepositoryError(proc.stderr.strip() or f"cannot read the repository at {where}")
    bare, inside_git_dir = [*proc.stdout.split(), "", ""][:2]
    if bare == "true" or inside_git_dir == "true":
        what = "a bare repository" if bare == "true" else "inside the .git folder"
        raise NotARepositoryError(
            f"{where} is {what}: gitsplit needs a working tree",
            hint="clone it (`git clone <repo>`) or add a worktree, then run gitsplit there"
            if bare == "true" else "cd to the top of the working tree")
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=where,
                         capture_output=True, text=True, check=False)
    if top.returncode != 0 or not top.stdout.strip():
        raise NotARepositoryError(top.stderr.strip() or f"no working tree at {where}")
    return Path(top.stdout.strip())


def current_branch(root: Path) -> str | None:
    """The checked-out branch name, or None on a detached HEAD."""
    proc = subprocess.run(["git", "symbolic-ref", "-q", "--short", "HEAD"], cwd=root,
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def resolve(root: Path, rev: str) -> str | None:
    """The full object id a revision (or ``rev:path``) names, or None when it names nothing."""
    # ``^{object}`` makes git insist the object exists, but after ``rev:path`` git would
    # read it as part of the path, so it is only added to plain revisions.
    name = rev if ":" in rev else f"{rev}^{{object}}"
    proc = subprocess.run(["git", "rev-parse", "-q", "--verify", "--end-of-options", name],
                          cwd=root, capture_output=True, text=True, check=False)
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


def ref_tips(root: Path, patterns: Sequence[str] = ("refs/heads", "refs/remotes"), *,
             not_merged_into: str | None = None) -> dict[str, str]:
    """{ref name: object id} for the refs under the patterns (symbolic refs skipped).

    With ``not_merged_into``, only refs whose tip that revision does not contain.
    """
    merged = [f"--no-merged={not_merged_into}"] if not_merged_into else []
    out = run(root, "for-each-ref", *merged, "--format=%(refname)%00%(objectname)%00%(symref)",
              *patterns)
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
    return resolve(root, f"{rev}:{path.rstrip('/')}")


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


def create_branch_here(root: Path, branch: str, base: str) -> None:
    """Create ``branch`` at ``base`` and switch to it (git refuses to overwrite local changes)."""
    run(root, "switch", "--no-guess", "-c", branch, base)


def add_worktree(root: Path, path: Path, branch: str, base: str) -> None:
    """Create ``branch`` at ``base`` checked out in a new linked worktree at ``path``."""
    run(root, "worktree", "add", "-b", branch, str(path), base)


def commit_paths(root: Path, paths: Sequence[str], message: str,
                 trailers: Sequence[str] = ()) -> str:
    """Commit exactly these paths (nothing else that may be staged); return the new commit."""
    run(root, "add", "--", *paths)
    args = ["commit", "-q", "-m", message]
    for trailer in trailers:
        args += ["--trailer", trailer]
    run(root, *args, "--only", "--", *paths)
    return run(root, "rev-parse", "HEAD").strip()


def rev_list(root: Path, base: str, tip: str = "HEAD") -> list[str]:
    """Commits reachable from ``tip`` but not ``base``, oldest first."""
    out = run(root, "rev-list", "--reverse", f"{base}..{tip}")
    return out.split()


def object_sizes(root: Path, shas: Iterable[str]) -> dict[str, int]:
    """Sizes in bytes of many objects in one ``git cat-file --batch-check`` call."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = run(root, "cat-file", "--batch-check=%(objectname) %(objectsize)",
              input="".join(f"{sha}\n" for sha in wanted))
    sizes: dict[str, int] = {}
    for sha, line in zip(wanted, out.splitlines(), strict=True):
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            sizes[sha] = int(parts[1])
    return sizes


# Options that make diff output independent of the user's git config (for reproducible text).
STABLE_DIFF = ("--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "--no-relative",
               "--diff-algorithm=myers")
STABLE_PATCH = ("--patch", "--src-prefix=a/", "--dst-prefix=b/", "--unified=3",
                "--inter-hunk-context=0")


def diff_name_status(root: Path, old: str, new: str | None, *paths: str) -> list[tuple[str, str]]:
    """``(status letter, path)`` for each file changed from ``old`` to ``new`` (None: worktree)."""
    revs = [old] if new is None else [old, new]
    out = run(root, "diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", *revs,
              "--", *paths)
    items = [item for item in out.split("\0") if item]
    return [(items[i][:1], items[i + 1]) for i in range(0, len(items) - 1, 2)]


def diff_text(root: Path, old: str, new: str, *, stat: bool = False) -> str:
    """The diff (or its ``--stat`` summary) from ``old`` to ``new``, free of user config."""
    mode = ("--stat=100,70", "--stat-graph-width=20") if stat else STABLE_PATCH
    return run(root, "diff", *STABLE_DIFF, *mode, old, new, "--")


def merge_base(root: Path, one: str, two: str) -> str | None:
    """The best common ancestor of two commits, or None when they share no history."""
    proc = subprocess.run(["git", "merge-base", one, two], cwd=root, capture_output=True,
                          text=True, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


@dataclass(frozen=True)
class CommitInfo:
    """One commit: id, parents, subject and its trailers as (key, value) pairs."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    trailers: tuple[tuple[str, str], ...]


def commits_between(root: Path, tip: str, exclude: Sequence[str]) -> list[CommitInfo]:
    """Commits reachable from ``tip`` and from none of ``exclude``, oldest first."""
    fmt = "%H%x00%P%x00%s%x00%(trailers:unfold,only)%x00"
    out = run(root, "log", "--reverse", "--topo-order", f"--format={fmt}", tip, "--not",
              *exclude, "--")
    fields = out.split("\0")
    commits = []
    for index in range(0, len(fields) - 4, 4):
        sha, parents, subject, block = (f.strip("\n") for f in fields[index:index + 4])
        pairs = tuple((key.strip(), value.strip()) for key, sep, value in
                      (line.partition(":") for line in block.splitlines()) if sep)
        commits.append(CommitInfo(sha, tuple(parents.split()), subject, pairs))
    return commits


@dataclass(frozen=True)
class Change:
    """One changed path: status letter, path, and the old path of a rename."""

    status: str
    path: str
    old_path: str | None = None


def _changes(tokens: list[str], index: int) -> tuple[list[Change], int]:
    """Parse ``--name-status -z`` records from ``tokens[index:]`` up to the next commit id."""
    found = []
    while index < len(tokens) and 0 < len(tokens[index]) <= 4:
        status = tokens[index]
        if status[0] in "RC":
            found.append(Change(status[0], tokens[index + 2], tokens[index + 1]))
            index += 3
        else:
            found.append(Change(status[0], tokens[index + 1]))
            index += 2
    return found, index


def commit_changes(root: Path, shas: Sequence[str]) -> dict[str, list[Change]]:
    """What each (non-merge) commit changed against its parent, renames found, in one call."""
    if not shas:
        return {}
    out = run(root, "diff-tree", "--stdin", "-r", "-z", "--name-status", "-M", "--root",
              input="".join(f"{sha}\n" for sha in shas))
    tokens = out.split("\0")
    result: dict[str, list[Change]] = {sha: [] for sha in shas}
    index = 0
    while index < len(tokens):
        sha = tokens[index]
        result[sha], index = _changes(tokens, index + 1)
        if not sha:
            break
    result.pop("", None)
    return result


def merge_changes(root: Path, sha: str) -> list[str]:
    """Paths a merge commit changed against every parent (its own edits, not the merged ones)."""
    out = run(root, "diff-tree", "-r", "-z", "-c", "--name-only", "--no-commit-id", sha)
    return [name for name in out.split("\0") if name]


@dataclass(frozen=True)
class FileStat:
    """One file of a diffstat; ``added``/``deleted`` are None for binary files."""

    change: Change
    added: int | None
    deleted: int | None


def diffstat(root: Path, old: str, new: str) -> list[FileStat]:
    """The changes between two commits with line counts, renames found."""
    names, _ = _changes(run(root, "diff", "-z", "--name-status", "-M", old, new).split("\0"), 0)
    counts: dict[str, tuple[int | None, int | None]] = {}
    tokens = run(root, "diff", "-z", "--numstat", "-M", old, new).split("\0")
    index = 0
    while index < len(tokens) and tokens[index]:
        added, deleted, path = tokens[index].split("\t", 2)
        index += 1
        if not path:  # a rename: the old and new paths follow
            path, index = tokens[index + 1], index + 2
        counts[path] = (None, None) if added == "-" else (int(added), int(deleted))
    return [FileStat(c, *counts.get(c.path, (0, 0))) for c in names]


def add_detached_worktree(root: Path, path: Path, rev: str) -> None:
    """Check ``rev`` out, detached, in a new linked worktree at ``path``."""
    run(root, "worktree", "add", "--detach", "-q", str(path), rev)


def remove_worktree(root: Path, path: Path) -> None:
    """Remove a linked worktree that gitsplit made (and prune its bookkeeping)."""
    run(root, "worktree", "remove", "--force", "--force", str(path), check=False)
    run(root, "worktree", "prune", check=False)
def local_branches(root: Path, prefix: str) -> list[tuple[str, str, int]]:
    """``(name, tip, committer time)`` of local branches whose name starts with ``prefix``."""
    out = run(root, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(committerdate:unix)",
              f"refs/heads/{prefix.rsplit('/', 1)[0]}" if "/" in prefix else "refs/heads")
    found = []
    for line in out.splitlines():
        ref, sha, when = line.split("\0")
        name = ref.removeprefix("refs/heads/")
        if name.startswith(prefix):
            found.append((name, sha, int(when or 0)))
    return found
def config_origin(root: Path, key: str, *, path: bool = False) -> tuple[str, str] | None:
    """(value, the file that sets it) of a git config key, or None; ``path`` expands ``~``."""
    args = ["git", "config", "--show-origin", *(["--type=path"] if path else []), "--get", key]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return None
    origin, _, value = proc.stdout.rstrip("\n").partition("\t")
    return value, origin.removeprefix("file:")


def origin_head(root: Path) -> str | None:
    """The branch ``refs/remotes/origin/HEAD`` points at (``main``), or None."""
    proc = subprocess.run(["git", "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"],
                          cwd=root, capture_output=True, text=True, check=False)
    name = proc.stdout.strip() if proc.returncode == 0 else ""
    return name.split("/", 1)[1] if "/" in name else None

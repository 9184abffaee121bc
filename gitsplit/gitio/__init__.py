"""The one place gitsplit talks to git: plain ``git`` subprocesses, errors as GitError.

Callers use ``gitio.<name>``; the functions live in four small modules by topic:
``core`` (running git, the repository, HEAD), ``objects`` (refs, trees, blobs),
``worktree`` (status, branches, worktrees, commits) and ``history`` (ancestry, diffs).

May import only ``errors`` and ``util`` (the kill-point seam); every layer above may import
it (the hooks use their own ``hooks.gitpipe`` on the hot path).
"""

from __future__ import annotations

from gitsplit.gitio.core import (
    EMPTY_TREE,
    config_get,
    config_origin,
    current_branch,
    discover,
    git_dir,
    head,
    resolve,
    run,
    run_bytes,
    succeeds,
)
from gitsplit.gitio.history import (
    STABLE_DIFF,
    STABLE_PATCH,
    Change,
    CommitInfo,
    FileStat,
    commit_changes,
    commits_between,
    commits_touching,
    diff_name_status,
    diff_text,
    diffstat,
    is_ancestor,
    merge_base,
    merge_changes,
    rev_list,
)
from gitsplit.gitio.objects import (
    TreeEntry,
    local_branches,
    ls_tree,
    object_ids,
    object_sizes,
    origin_head,
    read_blob,
    read_blobs,
    ref_tips,
    tree_of,
)
from gitsplit.gitio.worktree import (
    StatusEntry,
    add_detached_worktree,
    add_worktree,
    commit_paths,
    create_branch_here,
    ls_files,
    remove_worktree,
    status,
    unmerged,
)

__all__ = [
    "EMPTY_TREE",
    "STABLE_DIFF",
    "STABLE_PATCH",
    "Change",
    "CommitInfo",
    "FileStat",
    "StatusEntry",
    "TreeEntry",
    "add_detached_worktree",
    "add_worktree",
    "commit_changes",
    "commit_paths",
    "commits_between",
    "commits_touching",
    "config_get",
    "config_origin",
    "create_branch_here",
    "current_branch",
    "diff_name_status",
    "diff_text",
    "diffstat",
    "discover",
    "git_dir",
    "head",
    "is_ancestor",
    "local_branches",
    "ls_files",
    "ls_tree",
    "merge_base",
    "merge_changes",
    "object_ids",
    "object_sizes",
    "origin_head",
    "read_blob",
    "read_blobs",
    "ref_tips",
    "remove_worktree",
    "resolve",
    "rev_list",
    "run",
    "run_bytes",
    "status",
    "succeeds",
    "tree_of",
    "unmerged",
]

"""The one place gitsplit talks to git: plain ``git`` subprocesses, errors as GitError.

Callers use ``gitio.<name>``; the functions live in four small modules by topic.
"""

from __future__ import annotations

from gitsplit.gitio.core import (
    EMPTY_TREE as EMPTY_TREE,
)
from gitsplit.gitio.core import (
    config_get as config_get,
)
from gitsplit.gitio.core import (
    config_origin as config_origin,
)
from gitsplit.gitio.core import (
    current_branch as current_branch,
)
from gitsplit.gitio.core import (
    discover as discover,
)
from gitsplit.gitio.core import (
    git_dir as git_dir,
)
from gitsplit.gitio.core import (
    head as head,
)
from gitsplit.gitio.core import (
    resolve as resolve,
)
from gitsplit.gitio.core import (
    run as run,
)
from gitsplit.gitio.core import (
    run_bytes as run_bytes,
)
from gitsplit.gitio.core import (
    succeeds as succeeds,
)
from gitsplit.gitio.history import (
    STABLE_DIFF as STABLE_DIFF,
)
from gitsplit.gitio.history import (
    STABLE_PATCH as STABLE_PATCH,
)
from gitsplit.gitio.history import (
    Change as Change,
)
from gitsplit.gitio.history import (
    CommitInfo as CommitInfo,
)
from gitsplit.gitio.history import (
    FileStat as FileStat,
)
from gitsplit.gitio.history import (
    commit_changes as commit_changes,
)
from gitsplit.gitio.history import (
    commits_between as commits_between,
)
from gitsplit.gitio.history import (
    diff_name_status as diff_name_status,
)
from gitsplit.gitio.history import (
    diff_text as diff_text,
)
from gitsplit.gitio.history import (
    diffstat as diffstat,
)
from gitsplit.gitio.history import (
    is_ancestor as is_ancestor,
)
from gitsplit.gitio.history import (
    merge_base as merge_base,
)
from gitsplit.gitio.history import (
    merge_changes as merge_changes,
)
from gitsplit.gitio.history import (
    rev_list as rev_list,
)
from gitsplit.gitio.objects import (
    TreeEntry as TreeEntry,
)
from gitsplit.gitio.objects import (
    local_branches as local_branches,
)
from gitsplit.gitio.objects import (
    ls_tree as ls_tree,
)
from gitsplit.gitio.objects import (
    object_ids as object_ids,
)
from gitsplit.gitio.objects import (
    object_sizes as object_sizes,
)
from gitsplit.gitio.objects import (
    read_blob as read_blob,
)
from gitsplit.gitio.objects import (
    read_blobs as read_blobs,
)
from gitsplit.gitio.objects import (
    ref_tips as ref_tips,
)
from gitsplit.gitio.objects import (
    tree_of as tree_of,
)
from gitsplit.gitio.worktree import (
    StatusEntry as StatusEntry,
)
from gitsplit.gitio.worktree import (
    add_detached_worktree as add_detached_worktree,
)
from gitsplit.gitio.worktree import (
    add_worktree as add_worktree,
)
from gitsplit.gitio.worktree import (
    commit_paths as commit_paths,
)
from gitsplit.gitio.worktree import (
    create_branch_here as create_branch_here,
)
from gitsplit.gitio.worktree import (
    ls_files as ls_files,
)
from gitsplit.gitio.worktree import (
    remove_worktree as remove_worktree,
)
from gitsplit.gitio.worktree import (
    status as status,
)
from gitsplit.gitio.worktree import (
    unmerged as unmerged,
)

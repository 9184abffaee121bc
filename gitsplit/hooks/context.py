"""What a hook knows about the repository: branch, state, staged changes, config, work order.

Everything is read from git objects (the index and commits), never from the working tree,
through one ``git rev-parse``, one ``git diff --cached`` and one ``git cat-file --batch``.
"""

from __future__ import annotations

import os

from gitsplit.errors import GitError, GitsplitError, RecordError
from gitsplit.hooks import gitpipe, parsing
from gitsplit.hooks.cache import Cache, Entry
from gitsplit.hooks.model import (
    BRIEFING_SUFFIX,
    CONFIG,
    RUNS,
    Change,
    Settings,
    WorkOrderInfo,
    parse_raw_diff,
    wo_path,
)

DIFF_ARGS = ("diff", "--cached", "--raw", "-z", "-M", "--no-abbrev", "--no-color", "--no-ext-diff")
TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs the hooks ~10 ms
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType


class HookRepo:
    """The repository a hook runs in (its working directory is the top of the worktree)."""

    def __init__(self, *, staged: bool = False) -> None:
        """Start the git processes at once (they overlap); ``staged`` prefetches the diff."""
        asked = gitpipe.Started(
            "rev-parse",
            "--git-common-dir",
            "--git-path",
            "MERGE_HEAD",
            "--git-path",
            "rebase-merge",
            "--git-path",
            "rebase-apply",
            "--symbolic-full-name",
            "HEAD",
        )
        self._diff = gitpipe.Started(*DIFF_ARGS) if staged else None
        self._objects: gitpipe.Objects | None = gitpipe.Objects() if staged else None
        self._cache: Cache | None = None
        self.warnings: list[str] = []
        try:
            code, out = asked.result(check=False)
            self._read_state(code, out.decode("utf-8", "surrogateescape").splitlines())
        except BaseException:
            self.close()
            raise

    def _read_state(self, code: int, lines: list[str]) -> None:
        """Folders, merge and rebase state, and the branch, from ``git rev-parse``."""
        if len(lines) < 5:
            gitpipe.run("rev-parse", "--git-dir")  # raises GitError with git's own words
            raise GitError("git rev-parse gave no answer")
        common, merge_head, rebase_merge, rebase_apply, head = lines[:5]
        self.common_dir = os.path.abspath(common)
        self.merge_head_file = os.path.abspath(merge_head)
        self.rebasing = os.path.isdir(rebase_merge) or os.path.isdir(rebase_apply)
        self.unborn = code != 0 and head == "HEAD"
        self.branch: str | None = (
            head[len("refs/heads/") :] if head.startswith("refs/heads/") else None
        )
        if self.unborn:
            ref = gitpipe.run("symbolic-ref", "-q", "HEAD", check=False)[1].decode().strip()
            self.branch = ref[len("refs/heads/") :] if ref.startswith("refs/heads/") else None

    def close(self) -> None:
        """End the git processes still running."""
        if self._diff is not None:
            self._diff.result(check=False)
            self._diff = None
        if self._objects is not None:
            self._objects.close()
            self._objects = None

    def __enter__(self) -> HookRepo:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def objects(self) -> gitpipe.Objects:
        """The one ``git cat-file --batch`` process, started on first use."""
        if self._objects is None:
            self._objects = gitpipe.Objects()
        return self._objects

    @property
    def cache(self) -> Cache:
        """Parsed fields by blob id, kept in ``.git/gitsplit/``."""
        if self._cache is None:
            self._cache = Cache(os.path.join(self.common_dir, "gitsplit"))
        return self._cache

    @property
    def merging(self) -> bool:
        """True while a merge is being concluded (MERGE_HEAD exists)."""
        return os.path.exists(self.merge_head_file)

    def merge_heads(self) -> list[str]:
        """The commits being merged in."""
        with open(self.merge_head_file, encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip()]

    def committed(self, path: str) -> str:
        """The ``rev:path`` name of a path in the last commit (the index before the first)."""
        return f":{path}" if self.unborn else f"HEAD:{path}"

    def staged_changes(self) -> list[Change]:
        """Every staged change against HEAD, renames detected (from the index, not the tree)."""
        started, self._diff = self._diff or gitpipe.Started(*DIFF_ARGS), None
        return parse_raw_diff(started.result()[1])

    def settings(self) -> Settings:
        """Branch pattern, default branch and protected paths from the committed config."""
        found = self.objects.read(self.committed(CONFIG))
        if found is None or found[1] != "blob":
            return Settings()
        try:
            entry = self._parsed(found[0], found[2], CONFIG, parsing.settings_entry)
        except GitsplitError as exc:
            self.warnings.append(
                f"the committed {CONFIG} cannot be read ({exc}); using the "
                "default branch pattern and protected paths"
            )
            return Settings()
        return Settings(
            entry["default_branch"][0], entry["branch_pattern"][0], tuple(entry["protected_paths"])
        )

    def work_order(self, wo_id: str, settings: Settings) -> WorkOrderInfo | None:
        """The work order as on the default branch, else at HEAD, else staged; None if absent.

        The default branch is the authority: a run cannot widen its own scope by editing its
        work order on its branch.
        """
        path = wo_path(wo_id)
        places = [
            (f"refs/heads/{settings.default_branch}:{path}", settings.default_branch),
            (self.committed(path), "HEAD"),
            (f":{path}", "the index"),
        ]
        for name, where in places:
            found = self.objects.read(name)
            if found is not None and found[1] == "blob":
                try:
                    entry = self._parsed(found[0], found[2], path, parsing.work_order_entry)
                except RecordError as exc:
                    raise GitsplitError(
                        f"{wo_id} cannot be read ({where}): {exc.message}",
                        hint="`gitsplit check` lists every problem",
                    ) from None
                return WorkOrderInfo(
                    wo_id,
                    _first(entry, "title"),
                    _first(entry, "class"),
                    entry.get("scope", []),
                    where,
                )
        return None

    def newest_run(self, wo_id: str, changes: list[Change]) -> str | None:
        """The id of the newest run record of a work order in the index, if any."""
        folder = f"{RUNS}/{wo_id}"
        files: dict[str, str] = {}
        tree = None if self.unborn else self.objects.read(f"HEAD:{folder}")
        if tree is not None and tree[1] == "tree":
            for _mode, name, blob_id in gitpipe.tree_entries(tree[2], id_size=len(tree[0]) // 2):
                files[f"{folder}/{name}"] = blob_id
        for change in changes:
            if change.status == "R" and change.old_path:
                files.pop(change.old_path, None)
            if change.status == "D":
                files.pop(change.path, None)
            elif change.path.startswith(folder + "/"):
                files[change.path] = change.new_id
        runs = []
        for path, blob_id in files.items():
            name = path.rsplit("/", 1)[1]
            if "/" in path[len(folder) + 1 :] or not name.endswith(".md") or name[0] == ".":
                continue
            if name.endswith(BRIEFING_SUFFIX):  # the briefing a run was given, not a record
                continue
            runs.append(self._run_key(path, blob_id, name[:-3]))
        return max(runs)[1] if runs else None

    def _run_key(self, path: str, blob_id: str, stem: str) -> tuple[str, str]:
        """(started, run id) of one run record; the file name stands in for what is missing."""
        key = f"{blob_id} run"
        entry = self.cache.get(key)
        if entry is None:
            data = self.objects.blob(blob_id)
            try:
                entry = parsing.run_entry(data or b"", path)
            except RecordError:
                entry = {}  # remembered too: an unreadable blob is not parsed again
            self.cache.put(key, entry)
        return (_first(entry, "started"), _first(entry, "run") or stem)

    def _parsed(
        self, blob_id: str, data: bytes, path: str, parse: Callable[[bytes, str], Entry]
    ) -> Entry:
        """A blob's fields from the cache, or parsed now and remembered."""
        key = f"{blob_id} {parse.__name__}"
        entry = self.cache.get(key)
        if entry is None:
            entry = parse(data, path)
            self.cache.put(key, entry)
        return entry


def _first(entry: Entry, key: str) -> str:
    """The first value of a key, or ''."""
    values = entry.get(key) or [""]
    return values[0]

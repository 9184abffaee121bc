"""Plain values the hooks pass around: settings, staged changes, work orders, skip switches.

The ledger paths and config defaults are repeated here rather than imported: ``ids`` and
``config`` pull ``re``, ``dataclasses`` and PyYAML into every commit. A test keeps the
copies equal to the originals.
"""

from __future__ import annotations

from gitsplit.errors import GitsplitError

LEDGER = ".workledger"
CONFIG = f"{LEDGER}/config.yaml"
WORKORDERS = f"{LEDGER}/workorders"
CHECKPOINTS = f"{LEDGER}/checkpoints"
RUNS = f"{LEDGER}/runs"
BRIEFING_SUFFIX = ".briefing.md"  # as ledger.ids has it (a test keeps the two equal)
DEFAULT_BRANCH = "main"
BRANCH_PATTERN = "wo/{id}-{slug}"
PROTECTED = (
    f"{LEDGER}/config.yaml",
    f"{LEDGER}/decisions/**",
    f"{LEDGER}/invariants/**",
    f"{LEDGER}/checkpoints/**",
    f"{LEDGER}/templates/**",
)
SKIP_VARIABLE = "GITSPLIT_SKIP"
SKIP_VALUES = ("scope", "ledger", "checkpoint", "all")
SKIP_TRAILER = "Gitsplit-Skipped"


class Settings:
    """The part of ``.workledger/config.yaml`` the hooks need."""

    __slots__ = ("branch_pattern", "default_branch", "protected_paths")

    def __init__(
        self,
        default_branch: str = DEFAULT_BRANCH,
        branch_pattern: str = BRANCH_PATTERN,
        protected_paths: tuple[str, ...] = PROTECTED,
    ) -> None:
        self.default_branch = default_branch
        self.branch_pattern = branch_pattern
        self.protected_paths = protected_paths


class Change:
    """One staged change: status letter, path, and for renames and copies the old path."""

    __slots__ = ("new_id", "new_mode", "old_id", "old_path", "path", "status")

    def __init__(
        self,
        status: str,
        path: str,
        old_path: str | None,
        old_id: str,
        new_id: str,
        new_mode: str = "",
    ) -> None:
        self.new_mode = new_mode
        self.status = status
        self.path = path
        self.old_path = old_path
        self.old_id = old_id
        self.new_id = new_id

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path the change touches: both sides of a rename."""
        if self.old_path and self.status == "R":
            return (self.old_path, self.path)
        return (self.path,)

    @property
    def has_content(self) -> bool:
        """True when the change leaves a file at ``path`` (not a deletion)."""
        return self.status != "D"


class WorkOrderInfo:
    """What the hooks need of a work order, and where it was read."""

    __slots__ = ("id", "klass", "scope", "title", "where")

    def __init__(self, wo_id: str, title: str, klass: str, scope: list[str], where: str) -> None:
        self.id = wo_id
        self.title = title
        self.klass = klass
        self.scope = scope
        self.where = where


def parse_raw_diff(out: bytes) -> list[Change]:
    """Changes from ``git diff --raw -z --no-abbrev`` output."""
    items = out.split(b"\0")
    changes = []
    index = 0
    while index < len(items) - 1:
        meta = items[index].decode()
        if not meta.startswith(":"):
            index += 1
            continue
        _old_mode, new_mode, old_id, new_id, status = meta[1:].split()
        if status[0] in "RC":
            old = items[index + 1].decode("utf-8", "surrogateescape")
            path = items[index + 2].decode("utf-8", "surrogateescape")
            index += 3
        else:
            old, path = None, items[index + 1].decode("utf-8", "surrogateescape")
            index += 2
        changes.append(Change(status[0], path, old, old_id, new_id, new_mode))
    return changes


def parse_skip(value: str) -> tuple[str, ...]:
    """The checks ``GITSPLIT_SKIP`` turns off (comma-separated); refuses unknown names."""
    names = [part.strip().lower() for part in value.replace(",", " ").split()]
    unknown = [name for name in names if name not in SKIP_VALUES]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], SKIP_VALUES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise GitsplitError(
            f"{SKIP_VARIABLE}={value}: unknown check {unknown[0]!r}{hint}; the checks that can "
            f"be skipped are {', '.join(SKIP_VALUES)}"
        )
    if "all" in names:
        return ("all",)
    return tuple(name for name in SKIP_VALUES if name in names)


def skipped(skip: tuple[str, ...], check: str) -> bool:
    """True when ``check`` is turned off by the skip switch."""
    return check in skip or "all" in skip


def wo_path(wo_id: str) -> str:
    """The repository path of a work order's record."""
    return f"{WORKORDERS}/{wo_id}.md"

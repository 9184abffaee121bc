"""What a review found: findings with a severity, and the whole review as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gitsplit.gitio import CommitInfo, FileStat
from gitsplit.runs.checks import CheckResult

VIOLATION = "violation"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold: a code, a severity, a message, and where."""

    code: str
    severity: str
    message: str
    path: str | None = None
    commits: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Stable keys: code, severity, message, path, commits."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "commits": list(self.commits),
        }


def violation(
    code: str, message: str, *, path: str | None = None, commits: tuple[str, ...] = ()
) -> Finding:
    """A finding that fails the review."""
    return Finding(code, VIOLATION, message, path, commits)


def warning(
    code: str, message: str, *, path: str | None = None, commits: tuple[str, ...] = ()
) -> Finding:
    """A finding that fails the review only with --strict."""
    return Finding(code, WARNING, message, path, commits)


@dataclass(frozen=True)
class Target:
    """The branch under review, its work order and the commits that bound it."""

    wo_id: str
    branch: str
    ref: str
    tip: str
    base: str
    base_source: str
    authority: str
    authority_ref: str | None
    authority_tip: str | None
    merged: bool
    diff_from: str
    stacked_on: tuple[str, ...] = ()  # other WO branches holding the base, not yet merged

    def exclude(self) -> list[str]:
        """Commits whose history is not the branch's own: the base, and the authority tip."""
        own_history = self.authority_tip is not None and not self.merged
        return [self.base, *([self.authority_tip] if own_history and self.authority_tip else [])]


@dataclass(frozen=True)
class RunInfo:
    """The run record found at the branch tip."""

    id: str
    path: str
    outcome: str
    started: str
    ended: str
    note: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Dependency:
    """One dependency of the work order and whether the base has it done."""

    id: str
    at_base: str
    at_authority: str

    @property
    def merged(self) -> bool:
        """Done in the base's ledger."""
        return self.at_base == "done"


@dataclass(frozen=True)
class CheckOutcome:
    """One of the work order's checks: its result when it was run, else None."""

    command: str
    result: CheckResult | None = None


@dataclass
class Review:
    """Everything ``gitsplit review`` found about one WO branch."""

    target: Target
    title: str
    scope: list[str]
    run: RunInfo | None
    commits: list[CommitInfo]
    sync_merges: list[str]
    judged_paths: dict[str, list[str]]
    acceptance: str
    checks: list[CheckOutcome]
    checks_run: bool
    dependencies: list[Dependency]
    diffstat: list[FileStat]
    links: dict[str, str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        """Findings that fail the review."""
        return [f for f in self.findings if f.severity == VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that fail it only with --strict."""
        return [f for f in self.findings if f.severity == WARNING]

    def exit_code(self, *, strict: bool = False) -> int:
        """0 when everything holds, 1 on a violation (or, with strict, on a warning)."""
        return 1 if self.violations or (strict and self.warnings) else 0

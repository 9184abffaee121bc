"""Live state of work orders, read (never written) from their unmerged ``wo/…`` branch_names."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger import branch_names, ids
from gitsplit.ledger.config import Config
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run

IN_PROGRESS = "in_progress"
REVIEW = "review"
ENDED = "ended"  # the run on the branch failed or was abandoned: no overlay
_RANK = {IN_PROGRESS: 0, REVIEW: 1, ENDED: 2}


@dataclass(frozen=True)
class Authority:
    """The branch whose ledger is accepted truth, and where it points."""

    branch: str
    ref: str | None
    commit: str | None
    ledger_tree: str | None

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {
            "branch": self.branch,
            "ref": self.ref,
            "commit": self.commit,
            "ledger_tree": self.ledger_tree,
        }


@dataclass(frozen=True)
class LiveBranch:
    """One unmerged branch of a work order, and the run record found at its tip."""

    wo: str
    ref: str
    branch: str
    commit: str
    run: str | None = None
    started: str = ""
    ended: str = ""
    outcome: str = ""
    judged: bool = False  # the authority branch records a verdict (accept/reject) on the run

    @property
    def remote(self) -> str | None:
        """The remote of a remote-tracking branch, None for a local one."""
        return branch_names.short_ref(self.ref)[0]

    @property
    def state(self) -> str:
        """in_progress while the run is open, review once it succeeded, ended otherwise
        (and once the authority branch records a verdict on it)."""
        if self.judged or self.outcome in ("failed", "abandoned", "timed-out"):
            return ENDED
        return REVIEW if self.outcome or self.ended else IN_PROGRESS

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {
            "branch": self.branch,
            "ref": self.ref,
            "commit": self.commit,
            "state": self.state,
            "run": self.run,
            "started": self.started or None,
            "ended": self.ended or None,
            "outcome": self.outcome or None,
        }


@dataclass(frozen=True)
class LiveWorkOrder:
    """Every unmerged branch of one work order; ``state`` is what the listings overlay."""

    wo: str
    branches: tuple[LiveBranch, ...]

    @property
    def primary(self) -> LiveBranch:
        """The branch the listings name: the most active one, local before remote."""
        return self.branches[0]

    @property
    def state(self) -> str | None:
        """in_progress or review, or None when every run on these branches ended badly."""
        state = self.primary.state
        return None if state == ENDED else state

    def as_json(self) -> dict[str, Any]:
        """Stable JSON shape."""
        return {
            "state": self.state,
            "branch": self.primary.branch,
            "branches": [b.as_json() for b in self.branches],
        }


def authority(root: Path, config: Config) -> Authority:
    """The authority branch: local if present, else a remote-tracking copy of it."""
    name = config.default_branch
    tips = gitio.ref_tips(root, (f"refs/heads/{name}", "refs/remotes"))
    remote = sorted(
        (r for r in tips if r.startswith("refs/remotes/") and branch_names.short_ref(r)[1] == name),
        key=lambda r: (branch_names.short_ref(r)[0] != "origin", r),
    )
    candidates = [f"refs/heads/{name}", *remote]
    ref = next((r for r in candidates if r in tips), None)
    commit = tips.get(ref) if ref else None
    tree = gitio.tree_of(root, commit, ids.LEDGER_DIR) if commit else None
    return Authority(name, ref, commit, tree)


def scan(root: Path, config: Config, auth: Authority | None = None) -> dict[str, LiveWorkOrder]:
    """{work order id: its live branches} for every WO branch the authority has not merged."""
    auth = auth or authority(root, config)
    base = auth.commit or gitio.head(root)
    if base is None:
        return {}
    found: dict[str, list[LiveBranch]] = {}
    judged: dict[str, set[str]] = {}
    for ref, commit in sorted(gitio.ref_tips(root, not_merged_into=base).items()):
        remote, name = branch_names.short_ref(ref)
        wo_id = branch_names.parse_wo_branch(config, name)
        if wo_id is not None:
            label = f"{remote}/{name}" if remote else name
            if wo_id not in judged:
                judged[wo_id] = {r.id for r in _runs_at(root, auth.commit, wo_id) if _verdict(r)}
            branch = _read_run(root, wo_id, ref, label, name, commit)
            if branch.run in judged[wo_id]:  # accepted (squash) or rejected on the authority
                branch = replace(branch, judged=True)
            found.setdefault(wo_id, []).append(branch)
    return {
        wo_id: LiveWorkOrder(wo_id, _ordered(items))
        for wo_id, items in sorted(found.items(), key=lambda kv: ids.sort_key(kv[0]))
    }


def _ordered(items: list[LiveBranch]) -> tuple[LiveBranch, ...]:
    """Most active first, then local before remote, then newest run, then by name."""
    by_name = sorted(items, key=lambda b: b.branch)
    newest_first = sorted(by_name, key=lambda b: b.started, reverse=True)
    return tuple(sorted(newest_first, key=lambda b: (_RANK[b.state], b.remote is not None)))


def _verdict(run: Run) -> str:
    """``accepted`` or ``rejected`` once ``gitsplit accept``/``reject`` judged the run, else ''."""
    verdict = run.fields.get("verdict")
    return str(verdict.get("result") or "") if isinstance(verdict, dict) else ""


def _runs_at(root: Path, commit: str | None, wo_id: str) -> list[Run]:
    """The readable run records of a work order committed at ``commit`` (by plumbing only)."""
    if commit is None:
        return []
    folder = f"{ids.RUNS_DIR}/{wo_id}"
    entries = [
        e
        for e in gitio.ls_tree(root, commit, folder)
        if e.type == "blob" and e.path.endswith(".md") and not e.path.endswith(ids.BRIEFING_SUFFIX)
    ]
    blobs = gitio.read_blobs(root, (e.sha for e in entries))
    runs: list[Run] = []
    for entry in entries:
        try:
            runs.append(Run(Document.parse(blobs.get(entry.sha, b""), path=entry.path)))
        except RecordError:
            continue
    return runs


def _read_run(root: Path, wo_id: str, ref: str, label: str, name: str, commit: str) -> LiveBranch:
    """The branch, with the run record at its tip that belongs to it (by plumbing only)."""
    runs = _runs_at(root, commit, wo_id)
    own = [r for r in runs if r.text("branch") == name] or runs
    if not own:
        return LiveBranch(wo_id, ref, label, commit)
    run = max(own, key=lambda r: (r.text("started"), r.id))
    return LiveBranch(
        wo_id,
        ref,
        label,
        commit,
        run=run.id or None,
        started=run.text("started"),
        ended=run.text("ended"),
        outcome=run.outcome,
    )

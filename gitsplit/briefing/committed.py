"""The briefing a run was given: read back as committed, and checked against its run record.

``gitsplit start`` commits the briefing beside the run record
(``.workledger/runs/<WO>/<run>.briefing.md``) and records its sha256 in the record.
``gitsplit brief --run RUN`` prints exactly those bytes, after checking that they still
hash to what the record says: a fresh render could differ (the ledger moved on since).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gitsplit import gitio
from gitsplit.errors import GitsplitError, RecordError, ValidationError
from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run
from gitsplit.ledger.store import Ledger


@dataclass(frozen=True)
class CommittedBriefing:
    """A run's briefing as committed: its text, where it was read and its checked sha256."""

    run: str
    wo: str
    path: str
    where: str
    text: str
    sha256: str

    def as_json(self) -> dict[str, str]:
        """Stable JSON shape."""
        return {
            "run": self.run,
            "wo": self.wo,
            "path": self.path,
            "where": self.where,
            "sha256": self.sha256,
            "text": self.text,
        }


def run_briefing(ledger: Ledger, run_id: str) -> CommittedBriefing:
    """The committed briefing of ``run_id`` (``WO-12-r1``), its sha256 checked against the run."""
    wo_id = _wo_of(run_id)
    folder = f"{ids.RUNS_DIR}/{wo_id}"
    record_path = f"{folder}/{run_id}.md"
    briefing_path = f"{folder}/{run_id}{ids.BRIEFING_SUFFIX}"
    for where in _places(ledger):
        record = gitio.read_blob(ledger.root, f"{where}:{record_path}")
        data = gitio.read_blob(ledger.root, f"{where}:{briefing_path}")
        if record is None or data is None:
            continue
        try:
            run = Run(Document.parse(record, path=record_path))
        except RecordError as exc:
            raise GitsplitError(
                f"cannot read the run record {record_path} on {where}: {exc}"
            ) from None
        return _checked(run, briefing_path, _name(where), data)
    raise ValidationError(
        f"no committed briefing of run {run_id} on any branch",
        hint=f"`gitsplit runs {wo_id}` lists the runs of {wo_id}",
    )


def _wo_of(run_id: str) -> str:
    """The work order of a run id, refusing what is not one."""
    head, sep, number = run_id.strip().rpartition("-r")
    if not sep or not number.isdigit() or ids.split_id(head) is None:
        raise ValidationError(
            f"{run_id!r} is not a run id", hint="a run id looks like WO-12-r1 (`gitsplit runs`)"
        )
    return ids.normalize_id(head, ids.WORKORDER)


def _places(ledger: Ledger) -> list[str]:
    """HEAD first, then every branch tip, local before remote-tracking."""
    tips = gitio.ref_tips(ledger.root)
    heads = sorted(ref for ref in tips if ref.startswith("refs/heads/"))
    return ["HEAD", *heads, *sorted(ref for ref in tips if ref not in heads)]


def _name(where: str) -> str:
    """A place as people name it: ``HEAD``, ``wo/WO-1-x``, ``origin/wo/WO-1-x``."""
    return where.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def _checked(run: Run, path: str, where: str, data: bytes) -> CommittedBriefing:
    """The briefing when its bytes hash to the run record's ``briefing_sha256``."""
    recorded = run.text("briefing_sha256")
    actual = hashlib.sha256(data).hexdigest()
    if not recorded:
        raise ValidationError(
            f"run {run.id}'s record ({run.path} on {where}) has no briefing_sha256: "
            f"{path} cannot be checked",
        )
    if actual != recorded:
        raise ValidationError(
            f"{path} on {where} is not the briefing run {run.id} was given: its sha256 is "
            f"{actual[:12]}…, the run record says {recorded[:12]}…",
            hint=f"`git log -p -- {path}` shows who changed it",
        )
    return CommittedBriefing(
        run.id, run.text("wo"), path, where, data.decode("utf-8", "replace"), actual
    )

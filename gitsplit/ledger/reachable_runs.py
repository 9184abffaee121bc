"""Every run record reachable from the working tree or any branch tip, local or remote, once.

Money spent is spent: ``gitsplit runs`` and ``gitsplit cost runs`` count the same runs,
rejected and unmerged ones too. When several copies of one run exist (the branch's, and
main's after accept or reject), the most complete is kept: one with a verdict, else one
with an outcome, else the first found.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import Run
from gitsplit.ledger.store import Ledger


def is_run_record(rel: str) -> bool:
    """True for ``.workledger/runs/<WO>/<run>.md`` (not its briefing)."""
    parts = PurePosixPath(rel).parts
    return (
        len(parts) == 4
        and parts[:2] == (ids.LEDGER_DIR, "runs")
        and rel.endswith(".md")
        and not rel.endswith(ids.BRIEFING_SUFFIX)
    )


def _rank(run: Run) -> int:
    """How complete a copy of a run record is: verdict 2, outcome 1, open 0."""
    verdict = run.fields.get("verdict")
    if isinstance(verdict, dict) and verdict.get("result"):
        return 2
    return 1 if run.outcome else 0


def reachable_runs(
    ledger: Ledger, wo_id: str | None = None
) -> tuple[list[tuple[Run, str]], list[RecordError]]:
    """(run, where it was read) for every run, oldest first; and the records that failed."""
    found: dict[str, tuple[Run, str]] = {}
    runs, errors = ledger.runs(wo_id)
    for run in runs:
        found[run.id] = (run, "working tree")
    folder = f"{ids.RUNS_DIR}/{wo_id}" if wo_id else ids.RUNS_DIR
    for ref, sha in sorted(gitio.ref_tips(ledger.root).items()):
        tree = gitio.tree_of(ledger.root, sha, folder)
        if tree is None:
            continue
        entries = [
            (f"{folder}/{e.path}", e.sha)
            for e in gitio.ls_tree(ledger.root, tree, recursive=True)
            if is_run_record(f"{folder}/{e.path}")
        ]
        blobs = gitio.read_blobs(ledger.root, (blob for _path, blob in entries))
        for path, blob in entries:
            try:
                run = Run(Document.parse(blobs[blob], path=path))
            except (RecordError, KeyError):
                continue
            known = found.get(run.id)
            if known is None or _rank(run) > _rank(known[0]):
                found[run.id] = (run, ref.removeprefix("refs/heads/"))
    ordered = sorted(found.values(), key=lambda item: (item[0].text("started"), item[0].id))
    return ordered, errors

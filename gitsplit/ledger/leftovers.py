"""What a killed gitsplit left behind in a working tree, each with the one command that fixes it.

Three kinds: temporary files of an atomic write whose writer is gone (``rm`` them), the
journal of a multi-step command that died (``gitsplit recover``), and a run record that
``finish`` wrote but did not commit (``gitsplit finish`` again commits it).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gitsplit import gitio
from gitsplit.errors import RecordError
from gitsplit.ledger import ids, journal
from gitsplit.util.atomic import is_temp_name, process_alive, temp_writer

if TYPE_CHECKING:
    from gitsplit.ledger.records import Run

RECOVER = "gitsplit recover"


@dataclass(frozen=True)
class Leftover:
    """One thing left half done: where, what, and the command that fixes it."""

    path: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}; run: {self.fix}"

    def as_json(self) -> dict[str, str]:
        """Stable JSON shape."""
        return {"path": self.path, "what": self.what, "fix": self.fix}


def find(root: Path) -> list[Leftover]:
    """Every leftover of a killed gitsplit in this working tree and its repository."""
    return temp_files(root) + journals(root) + unfinished_finishes(root)


def temp_files(root: Path) -> list[Leftover]:
    """Temporary files under ``.workledger/`` whose writer is no longer running."""
    folder = root / ids.LEDGER_DIR
    candidates = sorted(folder.rglob(".*")) if folder.is_dir() else []
    stale = [
        path
        for path in candidates
        if path.is_file() and is_temp_name(path.name) and not _writer_alive(path.name)
    ]
    return [
        Leftover(
            path.relative_to(root).as_posix(),
            "a temporary file left by a gitsplit write that was killed (the record itself is "
            "whole: writes are a rename)",
            f"rm -f {shlex.quote(str(path))}",
        )
        for path in stale
    ]


def _writer_alive(name: str) -> bool:
    """True when the process that is writing this temporary file still runs."""
    pid = temp_writer(name)
    return pid is not None and process_alive(pid)


def journals(root: Path) -> list[Leftover]:
    """Multi-step commands that died half way."""
    return [
        Leftover(
            str(data.get("where", "")),
            str(data.get("what", "a gitsplit command was killed half way")),
            RECOVER,
        )
        for data in journal.abandoned(root)
    ]


def unfinished_finishes(root: Path) -> list[Leftover]:
    """Run records with an outcome in the working tree that HEAD has without one."""
    branch = gitio.current_branch(root)
    if branch is None:
        return []
    found = []
    for rel in _changed_run_records(root):
        try:
            run = _run(rel, (root / rel).read_bytes())
        except (OSError, RecordError):
            continue
        if run.outcome and run.text("branch") == branch and not committed_outcome(root, rel):
            found.append(
                Leftover(
                    rel,
                    f"run {run.id} was finished ({run.outcome}) but `gitsplit finish` was "
                    "killed before it committed that",
                    "gitsplit finish",
                )
            )
    return found


def _changed_run_records(root: Path) -> list[str]:
    """Run records (``runs/WO-n/*.md``, briefings aside) that differ from HEAD or are new.

    Only those can hold an outcome HEAD lacks: a record as committed has HEAD's outcome.
    git's own index answers that from stat data, so a ledger of thousands of runs is not
    parsed on every ``check``.
    """
    changed = []
    for entry in gitio.status(root, ids.RUNS_DIR):
        rel = entry.path
        parts = rel.split("/")
        if len(parts) == 4 and rel.endswith(".md") and not rel.endswith(ids.BRIEFING_SUFFIX):
            changed.append(rel)
    return sorted(set(changed))


def committed_outcome(root: Path, rel: str) -> bool:
    """True when HEAD's copy of a run record has an outcome."""
    data = gitio.read_blob(root, f"HEAD:{rel}")
    if data is None:
        return False
    try:
        return bool(_run(rel, data).outcome)
    except RecordError:
        return False


def _run(rel: str, data: bytes) -> Run:
    """A run record parsed (PyYAML is imported only when there is one to parse)."""
    from gitsplit.ledger.fileformat import Document
    from gitsplit.ledger.records import Run

    return Run(Document.parse(data, path=rel))


def without_temp_files(entries: list[gitio.StatusEntry]) -> list[gitio.StatusEntry]:
    """Uncommitted changes, less the untracked temporary files of gitsplit's own writes.

    They are not anyone's work: commands that need a clean tree do not refuse for them
    (``gitsplit check`` reports the stale ones, the pre-commit hook refuses to commit them).
    """
    return [
        entry
        for entry in entries
        if not (
            entry.code == "??"
            and entry.path.startswith(ids.LEDGER_DIR + "/")
            and is_temp_name(entry.path.rsplit("/", 1)[-1])
        )
    ]

"""``gitsplit recover``: finish or undo what killed gitsplit commands left half done."""

from __future__ import annotations

from pathlib import Path

from gitsplit.ledger import journal, leftovers, locks
from gitsplit.ledger.store import Ledger
from gitsplit.runs import start_guard


def recover(ledger: Ledger) -> list[str]:
    """Handle every abandoned journal and stale temporary file; one line per thing done."""
    root = ledger.root
    done: list[str] = []
    for data in journal.abandoned(root):
        op = data.get("op")
        if op == start_guard.OP:
            done.append(_recover_start(root, str(data["wo"])))
        elif op == "renumber":
            from gitsplit.ledger import renumber

            result = renumber.resume(ledger, data)
            done.append(f"finished renumbering {result.old} → {result.new}")
        else:
            journal.end(root, str(data.get("key", "")))
            done.append(f"forgot a journal of an unknown command ({op!r})")
    for item in leftovers.temp_files(root):
        (root / item.path).unlink(missing_ok=True)
        done.append(f"removed {item.path}")
    return done


def _recover_start(root: Path, wo_id: str) -> str:
    """Undo (or keep the recorded run of) a killed start, under its lock."""
    with locks.start(root, wo_id):
        data = journal.read(root, start_guard.key(wo_id))
        return start_guard.recover(root, data) if data else f"{wo_id}: nothing left to do"

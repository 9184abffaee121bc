"""Which decisions replace which, read from both sides of the link.

``superseded_by`` on the old decision and ``supersedes`` on the new one should agree
(`gitsplit check` insists), but a hand edit or a merge can leave only one side written.
A briefing must never show a replaced decision as current, so either side is enough here;
a one-sided link becomes a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from gitsplit.ledger import ids
from gitsplit.ledger.records import Decision

RETIRED = ("superseded", "deprecated")


class Lineage:
    """The supersede links among a set of decisions."""

    def __init__(self, decisions: Sequence[Decision]) -> None:
        self.by_id = {d.id: d for d in decisions}
        self.replaced_by: dict[str, list[str]] = {d.id: list(d.superseded_by) for d in decisions}
        self.warnings: list[str] = []
        for new in decisions:
            for old in new.supersedes:
                later = self.replaced_by.setdefault(old, [])
                if new.id not in later:
                    later.append(new.id)
                    if old in self.by_id:
                        self.warnings.append(
                            f"{new.id} supersedes {old}, but {old} does not "
                            "say so: it is treated as superseded (`gitsplit "
                            "check` names the file to fix)"
                        )

    def retired(self, decision: Decision) -> bool:
        """True for a decision no longer in force (superseded, by either side, or deprecated)."""
        return decision.status in RETIRED or bool(self.replaced_by.get(decision.id))

    def status(self, decision: Decision) -> str:
        """The decision's status, ``superseded`` when another decision replaces it."""
        return "superseded" if self.replaced_by.get(decision.id) else decision.status

    def by(self, decision_id: str) -> list[str]:
        """The decisions that directly replace one, in id order."""
        return sorted(self.replaced_by.get(decision_id, []), key=ids.sort_key)

    def successors(self, decision: Decision) -> list[str]:
        """The decisions in force that (transitively) replace a retired one."""
        result: list[str] = []
        seen = {decision.id}
        queue = self.by(decision.id)
        while queue:
            name = queue.pop(0)
            if name in seen or name not in self.by_id:
                continue
            seen.add(name)
            if self.retired(self.by_id[name]):
                queue.extend(self.by(name))
            else:
                result.append(name)
        return sorted(result, key=ids.sort_key)

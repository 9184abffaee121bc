"""The pieces briefings share: invariants, decisions in force, rejected options, excerpts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gitsplit.briefing.lineage import Lineage
from gitsplit.briefing.paths import any_overlap
from gitsplit.briefing.source import Source
from gitsplit.ledger import guidance, ids
from gitsplit.ledger.records import Decision, Invariant

_HEADING = re.compile(r"^(#{1,5})(\s)")


def short(sha: str | None) -> str:
    """The first 12 hex digits of a commit (fixed length: the same in every clone)."""
    return (sha or "")[:12]


def demote(body: str) -> str:
    """Markdown with every heading one level deeper, guidance and empty sections dropped."""
    lines, levels, in_fence = guidance.strip(body).strip().splitlines(), [], False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        levels.append(len(match.group(1)) if match else 0)
    kept = []
    for index, line in enumerate(lines):
        if levels[index]:
            after = next((i for i in range(index + 1, len(lines)) if levels[i]), len(lines))
            empty = not any(text.strip() for text in lines[index + 1 : after])
            if empty and (after == len(lines) or levels[after] <= levels[index]):
                continue
            line = "#" + line
        kept.append(line)
    return "\n".join(kept).strip()


def invariants(source: Source) -> list[dict[str, Any]]:
    """Every active invariant, in id order."""
    return [
        {
            "id": inv.id,
            "title": inv.title,
            "rule": guidance.strip(inv.body).strip(),
            "applies_to": inv.applies_to,
        }
        for inv in source.records(ids.INVARIANT)
        if isinstance(inv, Invariant) and inv.status == "active"
    ]


def decision_view(decision: Decision, why: str) -> dict[str, Any]:
    """What a briefing shows of a decision in force."""
    sections = decision.sections()
    text = sections.get("Decision") or guidance.strip(decision.body).strip()
    text = text if demote(text) else ""  # headings with nothing under them say nothing
    return {
        "id": decision.id,
        "title": decision.title,
        "status": decision.status,
        "why": why,
        "text": text,
        "path": decision.path,
        "rejected": [{"option": r.option, "reason": r.reason} for r in decision.rejected],
    }


@dataclass
class Selection:
    """Decisions in force for a briefing, those named but retired, and problems found."""

    current: list[Decision] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)
    retired: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def views(self) -> list[dict[str, Any]]:
        """The decisions in force, as a briefing shows them."""
        return [decision_view(d, self.why.get(d.id, "")) for d in self.current]

    def rejected(self) -> list[dict[str, str]]:
        """Every rejected option of the decisions in force: never to be retried."""
        return [
            {"decision": d.id, "option": r.option, "reason": r.reason}
            for d in self.current
            for r in d.rejected
        ]


def select_decisions(
    source: Source, *, named: Sequence[str], scope: Sequence[str], tracked: Sequence[str]
) -> Selection:
    """The named decisions (a retired one replaced by its successors) plus every accepted
    decision whose ``applies_to`` overlaps ``scope``."""
    found = [d for d in source.records(ids.DECISION) if isinstance(d, Decision)]
    by_id = {d.id: d for d in found}
    lineage = Lineage(found)
    picked = Selection(warnings=list(lineage.warnings))
    for raw in named:
        decision = by_id.get(raw)
        if decision is None:
            picked.warnings.append(f"the work order names {raw}, which is not a decision here")
        elif lineage.retired(decision):
            successors = lineage.successors(decision)
            picked.retired.append(
                {
                    "id": decision.id,
                    "title": decision.title,
                    "status": lineage.status(decision),
                    "by": successors,
                }
            )
            for successor in successors:
                picked.why.setdefault(
                    successor, f"replaces {decision.id}, which the work order names"
                )
        else:
            picked.why.setdefault(decision.id, "named by the work order")
    for decision in found:
        if decision.id in picked.why or decision.status != "accepted" or lineage.retired(decision):
            continue
        pair = any_overlap(decision.applies_to, scope, tracked)
        if pair:
            picked.why[decision.id] = f"applies to {pair.replace(' ~ ', ', which overlaps ')}"
    picked.current = [by_id[i] for i in sorted(picked.why, key=ids.sort_key)]
    return picked

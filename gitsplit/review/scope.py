"""Scope and protected paths: every path a branch changed, judged against its work order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from gitsplit.ledger.records import WorkOrder
from gitsplit.review.findings import Finding, violation, warning
from gitsplit.util.text import one_line
from gitsplit.work.boundary import judge_path

# Fields of its own work order a run changes on its branch as a matter of course.
RUN_FIELDS = frozenset({"status", "updated"})


def judge(
    wo_id: str,
    scope: Sequence[str],
    protected: Sequence[str],
    per_commit: Mapping[str, Iterable[str]],
    final: Iterable[str],
) -> list[Finding]:
    """One violation per path the branch may not change, naming every commit that changed it."""
    touched: dict[str, list[str]] = {}
    for sha, paths in per_commit.items():
        for path in paths:
            shas = touched.setdefault(path, [])
            if sha not in shas:
                shas.append(sha)
    final_paths = set(final)
    for path in sorted(final_paths - set(touched)):
        touched[path] = []
    findings = []
    for path, shas in touched.items():
        verdict = judge_path(path, wo_id, scope, protected)
        if verdict is None:
            continue
        code, reason = verdict
        undone = "" if path in final_paths else " (changed, then undone: not in the final diff)"
        shown = one_line(path)
        findings.append(
            violation(code, f"{shown} {reason}{undone}", path=path, commits=tuple(shas))
        )
    if not scope:
        findings.append(
            warning(
                "scope-undeclared",
                f"{wo_id} declares no scope, so no path "
                "was judged against it (protected paths still were)",
            )
        )
    return findings


def own_record_edits(ordered: WorkOrder, at_tip: WorkOrder | None) -> list[Finding]:
    """A warning when the branch changed its own work order beyond status and updated."""
    if at_tip is None:
        return []
    changed = sorted(
        key
        for key in set(ordered.fields) | set(at_tip.fields)
        if key not in RUN_FIELDS and ordered.fields.get(key) != at_tip.fields.get(key)
    )
    if ordered.body.strip() != at_tip.body.strip():
        changed.append("body")
    if not changed:
        return []
    return [
        warning(
            "workorder-edited",
            f"the branch edits its own work order "
            f"({', '.join(changed)}); the review judges the authority's version",
            path=ordered.path,
        )
    ]

"""A review as JSON (stable keys) and as text for a terminal; ``markdown`` has the PR body."""

from __future__ import annotations

from typing import Any

from gitsplit.gitio import FileStat
from gitsplit.review import provenance
from gitsplit.review.findings import CheckOutcome, Finding, Review, Target
from gitsplit.util.text import one_line

BASE_SOURCES = {
    "run": "from the run record",
    "option": "from --base",
    "merge-base": "merge base with the authority branch",
}


def as_json(review: Review, *, strict: bool = False) -> dict[str, Any]:
    """The review as plain data with stable keys."""
    t = review.target
    run = review.run
    code = review.exit_code(strict=strict)
    return {
        "wo": t.wo_id,
        "title": review.title,
        "branch": t.branch,
        "ref": t.ref,
        "tip": t.tip,
        "base": t.base,
        "base_source": t.base_source,
        "diff_from": t.diff_from,
        "authority": t.authority,
        "authority_ref": t.authority_ref,
        "merged": t.merged,
        "stacked_on": list(t.stacked_on),
        "scope": review.scope,
        "run": None
        if run is None
        else {
            "id": run.id,
            "path": run.path,
            "outcome": run.outcome or None,
            "started": run.started or None,
            "ended": run.ended or None,
            "note": run.note,
        },
        "commits": [
            {
                "sha": c.sha,
                "subject": c.subject,
                "parents": list(c.parents),
                "work_order": provenance.values(c, provenance.WORK_ORDER),
                "run": provenance.values(c, provenance.RUN),
                "skipped": provenance.values(c, provenance.SKIPPED),
                "sync_merge": c.sha in review.sync_merges,
                "paths": review.judged_paths.get(c.sha, []),
            }
            for c in review.commits
        ],
        "findings": [f.as_json() for f in review.findings],
        "violations": len(review.violations),
        "warnings": len(review.warnings),
        "acceptance": review.acceptance,
        "checks_run": review.checks_run,
        "checks": [check_json(o) for o in review.checks],
        "dependencies": [
            {
                "id": d.id,
                "status_at_base": d.at_base,
                "status_at_authority": d.at_authority,
                "merged": d.merged,
            }
            for d in review.dependencies
        ],
        "diffstat": diffstat_json(review.diffstat),
        "links": review.links,
        "strict": strict,
        "passed": code == 0,
        "exit": code,
    }


def check_json(outcome: CheckOutcome) -> dict[str, Any]:
    """One check: its result when it was run (``run`` false otherwise)."""
    if outcome.result is None:
        return {
            "command": outcome.command,
            "run": False,
            "exit": None,
            "passed": None,
            "timed_out": None,
            "seconds": None,
            "tail": None,
        }
    return {**outcome.result.as_json(), "run": True}


def diffstat_json(stats: list[FileStat]) -> dict[str, Any]:
    """Files with their counts (None for binary files) and totals."""
    files = [
        {
            "path": s.change.path,
            "old_path": s.change.old_path,
            "status": s.change.status,
            "added": s.added,
            "deleted": s.deleted,
            "binary": s.added is None,
        }
        for s in stats
    ]
    return {
        "files": files,
        "files_changed": len(stats),
        "insertions": sum(s.added or 0 for s in stats),
        "deletions": sum(s.deleted or 0 for s in stats),
    }


def verdict(review: Review, *, strict: bool = False) -> str:
    """``PASS``, ``PASS with 2 warnings`` or ``FAIL: 1 violation, 2 warnings``."""
    counts = [_plural(len(review.violations), "violation")] if review.violations else []
    if review.warnings:
        counts.append(_plural(len(review.warnings), "warning"))
    if review.exit_code(strict=strict):
        return "FAIL: " + ", ".join(counts) + (" (--strict)" if not review.violations else "")
    return "PASS" + (f" with {counts[0]}" if counts else "")


def stacked_words(t: Target) -> str:
    """What stacking means for whoever merges the branch."""
    return (
        f"its base is not in {t.authority} yet; merge that first, or this branch "
        "brings its commits along"
    )


def text(review: Review, *, strict: bool = False) -> str:
    """The review for a terminal: what was judged, what does not hold, and the verdict."""
    t = review.target
    lines = [
        f"review {t.branch} against {t.wo_id}: {review.title}",
        f"  scope:  {', '.join(review.scope) or '(none declared)'}",
        f"  base:   {t.base[:10]} ({BASE_SOURCES[t.base_source]})"
        + (f", diff from {t.diff_from[:10]}" if t.diff_from != t.base else ""),
        *([f"  stacked on {', '.join(t.stacked_on)}: {stacked_words(t)}"] if t.stacked_on else []),
        f"  tip:    {t.tip[:10]} ({t.ref})",
        f"  run:    {_run_line(review)}",
        "",
    ]
    lines += _commit_lines(review)
    for title, found in (("violations", review.violations), ("warnings", review.warnings)):
        if found:
            lines.append(f"{title} ({len(found)}):")
            for finding in found:
                lines += _finding_lines(finding)
            lines.append("")
    if review.acceptance:
        lines += ["acceptance:", *(f"  {line}" for line in review.acceptance.splitlines()), ""]
    lines += _check_lines(review)
    if review.dependencies:
        lines += [
            "dependencies:",
            *(
                f"  {d.id}  {d.at_base} in the base"
                + ("" if d.merged else f", {d.at_authority} on {t.authority}")
                for d in review.dependencies
            ),
            "",
        ]
    problems = [f for f in review.findings if f.code == "ledger"]
    lines.append(
        f"ledger: {len(problems)} problem(s) at the tip (above)"
        if problems
        else "ledger: `gitsplit check` passes at the tip"
    )
    lines += ["", "diffstat:", *diffstat_lines(review.diffstat), ""]
    lines.append(verdict(review, strict=strict))
    return "\n".join(lines) + "\n"


def _run_line(review: Review) -> str:
    """``WO-1-r1 succeeded`` / ``none recorded``."""
    run = review.run
    return "none recorded" if run is None else f"{run.id} {run.outcome or 'still open'}"


def _commit_lines(review: Review) -> list[str]:
    """One line per commit with the work order it claims."""
    lines = [f"commits ({len(review.commits)}):"]
    width = min(56, max((len(c.subject) for c in review.commits), default=0))
    for commit in review.commits:
        subject = (
            commit.subject if len(commit.subject) <= width else commit.subject[: width - 1] + "…"
        )
        if commit.sha in review.sync_merges:
            claim = "(brings the authority branch in: its own edits only are judged)"
        else:
            claim = ", ".join(provenance.values(commit, provenance.WORK_ORDER)) or "no trailer"
        lines.append(f"  {commit.sha[:10]}  {subject:<{width}}  {claim}")
    return [*lines, ""]


def _finding_lines(finding: Finding) -> list[str]:
    """A finding, and the commits it names on the next line."""
    lines = [f"  {finding.code:<16} {finding.message}"]
    if finding.commits and finding.path:
        lines.append(f"  {'':<16} in {', '.join(sha[:10] for sha in finding.commits)}")
    return lines


def _check_lines(review: Review) -> list[str]:
    """The checks, with results when they were run (and the tail of failing ones)."""
    if not review.checks:
        return ["checks: none declared", ""]
    if not review.checks_run:
        recorded = recorded_checks(review)
        lines = ["checks (not run here; --run-checks runs them in a clean worktree):"]
        for outcome in review.checks:
            seen = recorded.get(outcome.command)
            note = (
                ""
                if seen is None
                else f"  (finish recorded: {'passed' if seen.get('passed') else 'failed'})"
            )
            lines.append(f"  - {outcome.command}{note}")
        return [*lines, ""]
    lines = ["checks:"]
    for outcome in review.checks:
        result = outcome.result
        assert result is not None
        state = "TIMEOUT" if result.timed_out else "PASS" if result.passed else "FAIL"
        lines.append(f"  {state:<7} {outcome.command}  ({result.seconds:.1f} s)")
        if not result.passed and result.tail:
            lines += [f"          | {line}" for line in result.tail.splitlines()]
    return [*lines, ""]


def recorded_checks(review: Review) -> dict[str, dict[str, Any]]:
    """The checks ``gitsplit finish`` recorded in the run record, by command."""
    items = review.run.fields.get("checks") if review.run else None
    return {str(i.get("command")): i for i in items or [] if isinstance(i, dict)}


def diffstat_lines(stats: list[FileStat]) -> list[str]:
    """``path | 3 ++-`` lines (``Bin`` for binary files) and a totals line."""
    if not stats:
        return ["  (no changes)"]
    names = [_stat_name(s) for s in stats]
    width = max(len(n) for n in names)
    most = max((s.added or 0) + (s.deleted or 0) for s in stats) or 1
    lines = []
    for name, stat in zip(names, stats, strict=True):
        if stat.added is None:
            lines.append(f"  {name:<{width}} | Bin")
            continue
        total = stat.added + (stat.deleted or 0)
        scale = min(1.0, 40 / most)
        bar = "+" * _bar(stat.added, scale) + "-" * _bar(stat.deleted or 0, scale)
        lines.append(f"  {name:<{width}} | {total} {bar}".rstrip())
    totals = diffstat_json(stats)
    lines.append(
        f"  {_plural(len(stats), 'file')} changed, "
        f"{_plural(totals['insertions'], 'insertion')}(+), "
        f"{_plural(totals['deletions'], 'deletion')}(-)"
    )
    return lines


def _bar(count: int, scale: float) -> int:
    """Marks for ``count`` changed lines: scaled down, but at least one, as git shows them."""
    return max(1, round(count * scale)) if count else 0


def _stat_name(stat: FileStat) -> str:
    """A path, ``old → new`` for a rename, with (new)/(gone) for additions and deletions."""
    change = stat.change
    if change.old_path:
        return f"{one_line(change.old_path)} → {one_line(change.path)}"
    return one_line(change.path) + {"A": " (new)", "D": " (gone)"}.get(change.status, "")


def _plural(count: int, noun: str) -> str:
    """``1 file`` / ``2 files``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
